#!/bin/sh
# define.sh - what define, search and list --prefix do with the names people
# type (issue 12): a clear match is shown, anything else is a short ranked
# list and exit 1; search is ranked and rendered; completion lists
# headwords by prefix.
. "$srcdir/tests/cli/lib.sh"
export HOME="$tmp/home" XDG_STATE_HOME="$tmp/state" XDG_CACHE_HOME="$tmp/cache"

# define QUERY: shows HEADWORD (first line of stdout starts with it)
shows() {
	"$LORE" define "$1" > "$tmp/out" 2> "$tmp/err"; rc=$?
	first=$(head -n 1 "$tmp/out")
	case $first in "$2"*) got=$2 ;; *) got="$first$(head -c 200 "$tmp/err")" ;; esac
	is "$rc:$got" "0:$2" "define '$1' shows $2"
}
# define QUERY: lists candidates on stderr, exit 1, and WRONG is not shown
lists() {
	"$LORE" define "$1" > "$tmp/out" 2> "$tmp/err"; rc=$?
	ok "define '$1' lists candidates and exits 1 (not $2)" \
	    sh -c "[ $rc = 1 ] && [ ! -s '$tmp/out' ] && grep -q \"no .*term '$1'\" '$tmp/err'"
}

shows ppo "Proximal policy optimization"
shows rlhf "Reinforcement learning from human feedback"
shows 'kl div' "KL divergence"
shows bellman "Bellman equation"
shows sofmax "Softmax"
shows 'layer normal' "Layer normalization"
shows 'actor critic' "Actor–critic"

# ReAct and Regression are entries of their own now (the corpus grew): the
# name itself wins; a prefix of another entry's alias still never does.
shows ReAct "ReAct"
lists 'reactive ion' Etching
ok "reactive ion: Etching is named as a candidate by its alias" \
    grep -q 'Etching (reactive ion etching)' "$tmp/err"
shows Regression "Regression analysis"
lists Die Yield
lists Bandwidth "Ring all-reduce"
ok "Bandwidth: High-bandwidth memory is a candidate" grep -q 'High-bandwidth memory' "$tmp/err"
lists Fairness "Equalized odds"
lists attn Attention
ok "attn suggests Attention" grep -qx '  Attention' "$tmp/err"

"$LORE" define normalizaton > /dev/null 2> "$tmp/err"; rc=$?
is "$rc" 1 "a near miss of several names exits 1"
ok "did-you-mean lists at most five" sh -c "[ \$(sed 's/.*did you mean: //' '$tmp/err' | tr ',' '\n' | wc -l) -le 5 ]"
"$LORE" define qzxvjk > /dev/null 2> "$tmp/err"; rc=$?
is "$rc:$(cat "$tmp/err")" "1:lore: no term 'qzxvjk'" "nothing near: a plain 'no term'"

# search: ranked (the headword first), rendered, wrapped, plain in a pipe
"$LORE" search dropout > "$tmp/s"; rc=$?
is "$rc:$(head -n 1 "$tmp/s")" "0:Dropout" "search dropout: the term Dropout comes first"
"$LORE" search bias > "$tmp/s"
ok "search bias: headwords with bias before bodies" sh -c "head -n 1 '$tmp/s' | grep -qi bias"
"$LORE" --width 60 search 'KL div' > "$tmp/s"
ok "search prints rendered text, not Markdown or LaTeX source" \
    sh -c "! grep -qE '\\[\\[|\\*\\*|\\\\hat|\\\$' '$tmp/s'"
ok "search wraps at --width" python3 -c "
import sys
assert all(len(l.rstrip('\\n')) <= 60 for l in open('$tmp/s', encoding='utf-8'))"
ok "search snippets are indented under their headword" grep -q '^  .*KL divergence' "$tmp/s"
ok "no escape codes in a pipe" sh -c "! grep -q \"$(printf '\033')\" '$tmp/s'"
"$LORE" --color always search 'KL div' > "$tmp/c"
ok "the match is marked on a terminal" grep -q "$(printf '\033')\\[7mKL div" "$tmp/c"
"$LORE" --json search 'KL div' > "$tmp/j"
ok "search --json: source is the corpus file and line" python3 -c "
import json, re
hits = json.load(open('$tmp/j'))
assert hits and all(re.fullmatch(r'data/[a-z]\.lore:\d+', h['source']) for h in hits), hits[:2]
assert hits[0]['headword'] == 'KL divergence' and hits[0]['where'] == 'headword'
"
"$LORE" --json define softmax > "$tmp/j"
ok "define --json: source is corpus-relative" python3 -c "
import json; assert json.load(open('$tmp/j'))[0]['source'] == 'data/s.lore'"

# list --prefix: shell completion of define
"$LORE" list --prefix 'bellman e' > "$tmp/p"; rc=$?
is "$rc:$(cat "$tmp/p")" "0:Bellman equation" "list --prefix gives whole headwords"
"$LORE" list --prefix LAYER-NORM > "$tmp/p"
is "$(cat "$tmp/p")" "Layer normalization" "case and punctuation are ignored"
"$LORE" list --prefix s -n 2 > "$tmp/p"
is "$(wc -l < "$tmp/p" | tr -d ' ')" 2 "-n limits the listing"
"$LORE" list --prefix qzxvj > "$tmp/p"; rc=$?
is "$rc:$(cat "$tmp/p")" "1:" "nothing to complete exits 1"
"$LORE" list --prefix a B > /dev/null 2>&1; rc=$?
is "$rc" 2 "--prefix with a letter is a usage error"

# A headword of your own beats the bundled one of the same name, and
# completes once.
printf '@term Softmax\n@category mine\n\nMy own note.\n' > "$tmp/mine.lore"
"$LORE" import "$tmp/mine.lore" > /dev/null
"$LORE" define softmax > "$tmp/out"
is "$(head -n 1 "$tmp/out")" "Softmax  [mine]" "your own Softmax is shown, not the bundled one"
is "$("$LORE" list --prefix softma)" "Softmax" "and completes once"

# search --json names each hit's file and line, yours and the bundled
# ones alike: the line there is the term's @term line.
printf '@term Zeta softmax\n@category mine\n\nline one\n\n@term Softmax temperature\n@category mine\n\nA softmax, warmer.\n' > "$tmp/more.lore"
"$LORE" import "$tmp/more.lore" > /dev/null
"$LORE" --json search softmax > "$tmp/j"
ok "search --json: each source is the file and line of its @term" python3 -c "
import json, os
hits = json.load(open('$tmp/j'))
seen = set()
for h in hits:
    path, n = h['source'].rsplit(':', 1)
    f = path if os.path.isabs(path) else os.path.join('$srcdir', path)
    line = open(f, encoding='utf-8').read().split('\n')[int(n) - 1]
    assert line == '@term ' + h['headword'], (h, line)
    seen.add(os.path.basename(path))
assert {'mine.lore', 'more.lore', 's.lore'} <= seen, seen
assert len(hits) > 10, len(hits)
"

# define starts without the browser's library: curses is linked into
# lore-browser only, which lore runs when it has no command. (glibc's
# loader lists the files it loads under LD_DEBUG=files.)
LD_DEBUG=files "$LORE" define softmax > /dev/null 2> "$tmp/ld"
if grep -q 'file=.*libc\.so' "$tmp/ld"; then
	ok "define loads no curses library" \
	    sh -c "! grep -Eq 'file=[^ ]*(curses|tinfo)' '$tmp/ld'"
else
	skip "the loader does not list the files it loads (LD_DEBUG=files)"
fi

done_testing
