# fish completion for lore(1): subcommands, options, categories, and the
# headwords `define` takes. Installed as
# $(datadir)/fish/vendor_completions.d/lore.fish. Headwords come from
# `lore list --prefix`, an indexed prefix query, fast at a million terms.

function __lore_commands
    lore --help 2>/dev/null | string replace -rf '^ *lore ([a-z]+) +\S*.*?  +([a-z].*)$' '$1\t$2'
end

function __lore_headwords
    lore list --prefix (commandline -ct | string unescape) -n 200 2>/dev/null
end

function __lore_categories
    lore categories 2>/dev/null | string replace -r '^ *[0-9]+ +' ''
end

set -l cmds define list categories search import render check build quiz stats export
complete -c lore -f
complete -c lore -n "not __fish_seen_subcommand_from $cmds" -a '(__lore_commands)'
complete -c lore -n '__fish_seen_subcommand_from define' -a '(__lore_headwords)'
complete -c lore -n '__fish_seen_subcommand_from import check build' -F

complete -c lore -s h -l help -d 'show the help'
complete -c lore -s V -l version -d 'show the version'
complete -c lore -l json -d 'machine-readable output'
complete -c lore -l width -x -d 'render at N columns'
complete -c lore -l raw -d 'define: print the Markdown source'
complete -c lore -s c -l category -x -a '(__lore_categories)' -d 'only this category'
complete -c lore -s l -l letter -x -d 'only terms under this letter'
complete -c lore -s H -l headwords -d 'search: headwords and aliases only'
complete -c lore -l prefix -x -d 'list: headwords starting with P'
complete -c lore -l format -x -a 'lore a b c stardict dictd csv notes anki apkg' -d 'import: the format'
complete -c lore -l columns -x -d 'import: CSV columns'
complete -c lore -l list -d 'import: the dictionaries installed'
complete -c lore -s n -x -d 'quiz: cards'
complete -c lore -l mode -x -a 'define reverse typed choice cloze recent' -d 'quiz: card kinds'
complete -c lore -l retention -x -d 'quiz: desired retention'
complete -c lore -l order -x -a 'links random alphabetical' -d 'quiz: new cards order'
complete -c lore -l new -x -d 'quiz: new cards a day'
complete -c lore -l reviews -x -d 'quiz: reviews a day'
complete -c lore -l learn-ahead -x -d 'quiz: minutes'
complete -c lore -l anki -r -F -d 'export: an Anki deck'
complete -c lore -l color -x -a 'auto always never' -d 'colour'
complete -c lore -l db -r -F -d 'your database'
complete -c lore -l corpus -r -F -d 'the bundled corpus'
