#!/bin/sh
# lookup.sh - define, list, categories, search from the bundled corpus.
. "$srcdir/tests/cli/lib.sh"

"$LORE" list > "$tmp/list"; rc=$?
is "$rc" 0 "list exits 0"
count=$(wc -l < "$tmp/list")
ok "list prints the whole corpus ($count headwords)" test "$count" -ge 100
LC_ALL=C sort -f "$tmp/list" > "$tmp/sorted"
ok "list is one plain headword per line (no escapes in a pipe)" \
    sh -c "! grep -q \"$(printf '\033')\" '$tmp/list'"
"$LORE" list S > "$tmp/s"
ok "list S holds only S headwords" sh -c "! grep -vi '^s' '$tmp/s'"
ok "list S is not empty" test -s "$tmp/s"
"$LORE" list --category optimization > "$tmp/opt"
ok "list --category filters" contains "$tmp/opt" "Adam"
ok "... and leaves out other categories" sh -c "! grep -qx 'Softmax' '$tmp/opt'"

"$LORE" define softmax > "$tmp/d"; rc=$?
is "$rc" 0 "define softmax exits 0"
is "$(head -n 1 "$tmp/d" | cut -d' ' -f1)" "Softmax" "define prints the headword first"
"$LORE" define SOFT-MAX > /dev/null 2>&1
is "$?" 0 "define is case- and punctuation-insensitive"
"$LORE" define MoE > "$tmp/moe"
ok "define finds a term by alias" contains "$tmp/moe" "Mixture of experts"
"$LORE" define z1score > "$tmp/out" 2> "$tmp/err"; rc=$?
is "$rc" 1 "an unknown term exits 1"
ok "with 'did you mean' suggestions" sh -c "grep -q 'did you mean: ' '$tmp/err' && grep -q 'Z-score' '$tmp/err' && grep -q 'F1 score' '$tmp/err'"
"$LORE" define ' -- ' > /dev/null 2> "$tmp/empty"; rc=$?
is "$rc" 2 "a term with no letters is a usage error"
ok "and says so" grep -q 'no letters or digits' "$tmp/empty"
"$LORE" define --json softmax > "$tmp/j"
ok "define --json is valid JSON" python3 -c "import json,sys; d=json.load(open('$tmp/j')); assert d[0]['headword']=='Softmax' and d[0]['category']"
"$LORE" define --raw attention > "$tmp/raw"
ok "define --raw prints the Markdown source" grep -q '\$' "$tmp/raw"
NO_COLOR=1 "$LORE" define --color=always softmax > "$tmp/nc"
ok "NO_COLOR wins over --color=always" sh -c "! grep -q \"$(printf '\033')\" '$tmp/nc'"
"$LORE" define --color=always softmax > "$tmp/c"
ok "--color=always styles the output" grep -q "$(printf '\033')\[1m" "$tmp/c"
"$LORE" define --width 40 attention > "$tmp/w40"
ok "--width 40 keeps lines within 40 columns" python3 -c "
import sys
for l in open('$tmp/w40', encoding='utf-8'):
    assert len(l.rstrip('\n')) <= 40, l"

"$LORE" define --width 80 'Hypothesis testing' > "$tmp/also"
ok "the Also: line wraps like the body" python3 -c "
import unicodedata
ls = open('$tmp/also', encoding='utf-8').read().split('\n')
w = lambda l: sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in l)
assert all(w(l) <= 80 for l in ls), ls
assert ls[1].startswith('Also: ') and ls[2].endswith('NHST'), ls[:3]"
"$LORE" define --width 40 'Abstraction and Reasoning Corpus' > "$tmp/head"
is "$(sed -n 2p "$tmp/head")" "[evaluation]" \
    "a category that does not fit after the headword goes under it"
"$LORE" define --width 40 'Reinforcement learning from human feedback' > "$tmp/long"
is "$(head -n 3 "$tmp/long" | tr '\n' '|')" \
    "Reinforcement learning from human|feedback|[language-models]|" \
    "a headword longer than the line wraps, its category under it"
"$LORE" define 'Threshold voltage' > "$tmp/vt"
is "$(sed -n 2p "$tmp/vt")" "Also: Vth, V_T" "names are not read as Markdown"

"$LORE" categories > "$tmp/cats"
ok "categories lists counts" grep -Eq '^ +[0-9]+  optimization$' "$tmp/cats"

"$LORE" search 'scaled dot' > "$tmp/sr"; rc=$?
is "$rc" 0 "search finds a phrase"
ok "search prints the term, then the line under it" sh -c "grep -qx 'Attention' '$tmp/sr' && grep -qi '^  .*scaled dot' '$tmp/sr'"
"$LORE" search 'zzqqxx' > /dev/null; rc=$?
is "$rc" 1 "search with no hit exits 1"
"$LORE" search 'a(b' 2> "$tmp/bad"; rc=$?
is "$rc" 2 "a bad regex exits 2"
ok "with the offset in a one-line message" sh -c "grep -q 'offset 3' '$tmp/bad' && test \$(wc -l < '$tmp/bad') -eq 1"
"$LORE" search --json 'KL divergence' > "$tmp/sj"
ok "search --json is valid JSON" python3 -c "import json; assert json.load(open('$tmp/sj'))"
"$LORE" search -H '^Soft' > "$tmp/hw"
ok "search --headwords" grep -qx 'Softmax' "$tmp/hw"

"$LORE" nosuchcommand 2> /dev/null; rc=$?
is "$rc" 2 "an unknown command exits 2"
"$LORE" --help > "$tmp/help"
ok "--help lists the commands" sh -c "grep -q 'define' '$tmp/help' && grep -q 'search' '$tmp/help'"
ok "--version" sh -c "'$LORE' --version | grep -q '^lore '"
"$LORE" < /dev/null > /dev/null 2> "$tmp/notty"; rc=$?
is "$rc" 2 "no terminal: the browser refuses with a hint"
# An unknown command is shown as written and named with its place.
printf 'Text $\\unknowncmd{x}$ here.\n\nAnd $$a \\foo b$$\n' |
    "$LORE" render --width 60 > "$tmp/unk" 2> "$tmp/unk.err"; rc=$?
is "$rc" 0 "render with an unknown command still renders"
ok "the command is shown with its backslash" contains "$tmp/unk" '\unknowncmd x'
ok "render warns, naming the command and the line" \
    contains "$tmp/unk.err" 'stdin:1: warning: unknown command \unknowncmd'
ok "... each one, at its own line" contains "$tmp/unk.err" \
    'stdin:3: warning: unknown command \foo'
printf '@term Zed\n@category mathematics\n\nZed is a letter, $\\unknowncmd{x}$.\n' \
    > "$tmp/zed.lore"
"$LORE" check --categories "$srcdir/data/categories" "$tmp/zed.lore" \
    > /dev/null 2> "$tmp/check.err"
ok "check names the unknown command and the entry's place" \
    contains "$tmp/check.err" 'zed.lore:1: Zed: unknown command \unknowncmd'
done_testing
