#!/bin/sh
# completion.sh - the shell completions: bash's function driven as bash
# drives it (COMP_WORDS, COMP_CWORD), zsh's and fish's checked for syntax
# and, with fish, run. Headwords come from `lore list --prefix`.
. "$srcdir/tests/cli/lib.sh"
comp=$srcdir/completions

if ! command -v bash >/dev/null 2>&1; then
	skip "bash is not installed"
	done_testing
	exit
fi
# bash_complete WORD...: COMPREPLY, one a line, for the command line
# WORD... with the cursor at the end of its last word
bash_complete() {
	bash -c '
		. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_lore "$LORE" "${COMP_WORDS[COMP_CWORD]}" \
		    "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}"' sh "$comp/bash/lore" "$@"
}

bash -n "$comp/bash/lore"
is "$?" 0 "bash: the completion parses"
"$LORE" --help | sed -n 's/^ *lore \([a-z][a-z]*\) .*/\1/p' >"$tmp/cmds"
is "$(bash_complete lore '' | tr '\n' ' ')" "$(tr '\n' ' ' <"$tmp/cmds")" \
    "bash: every command of lore --help, none else"
is "$(bash_complete lore de)" "define" "bash: 'de' completes to define"
is "$(bash_complete lore define Softma)" "Softmax" \
    "bash: define completes a headword"
is "$(bash_complete lore --width 60 define Softma)" "Softmax" \
    "bash: ... after an option with a value"
is "$(bash_complete lore define 'Neural ne')" 'Neural\ network' \
    "bash: a multi-word headword comes back escaped"
is "$(bash_complete lore define '"Neural ne')" '"Neural network"' \
    "bash: ... or in the double quotes it was begun in"
is "$(bash_complete lore define "'Neural ne")" "'Neural network'" \
    "bash: ... or in single quotes"
is "$(bash_complete lore define 'neural ne')" 'Neural\ network' \
    "bash: case does not matter"
is "$(bash_complete lore define zzqqxx)" "" "bash: no headword, no completion"
is "$(bash_complete lore --category optimi)" "optimization" \
    "bash: --category completes a category"
ok "bash: every --option of lore --help is offered" sh -c '
	for o in $("$LORE" --help | grep -o -- "--[a-z][a-z-]*" | sort -u); do
		printf "%s\n" "$0" | grep -qx -- "$o" || exit 1
	done' "$(bash_complete lore --)"
is "$(bash_complete lore --color a | tr '\n' ' ')" "auto always " \
    "bash: --color's values"
is "$(bash_complete lore quiz --mode typed,c | tr '\n' ' ')" \
    "typed,choice typed,cloze " "bash: --mode completes after a comma"
if command -v zsh >/dev/null 2>&1; then
	zsh -n "$comp/zsh/_lore"
	is "$?" 0 "zsh: the completion parses"
else
	skip "zsh is not installed (setup.sh installs it)"
fi
if command -v fish >/dev/null 2>&1; then
	fish --no-execute "$comp/fish/lore.fish"
	is "$?" 0 "fish: the completion parses"
	mkdir -p "$tmp/bin" && ln -s "$LORE" "$tmp/bin/lore"
	is "$(PATH="$tmp/bin:$PATH" fish -c "source '$comp/fish/lore.fish'
	    complete -C 'lore define Neural\\ ne'")" "Neural network" \
	    "fish: define completes a multi-word headword"
	is "$(PATH="$tmp/bin:$PATH" fish -c "source '$comp/fish/lore.fish'
	    complete -C 'lore --category optimi'" | cut -f1)" "optimization" \
	    "fish: --category completes a category"
else
	skip "fish is not installed (setup.sh installs it)"
fi

done_testing
