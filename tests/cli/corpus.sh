#!/bin/sh
# corpus.sh - the bundled corpus passes its audit, is large enough, and its
# prose is our own.
. "$srcdir/tests/cli/lib.sh"

"$LORE" check "$srcdir/data" > "$tmp/out" 2> "$tmp/err"; rc=$?
is "$rc" 0 "lore check data/ finds no problem"
[ "$rc" -eq 0 ] || sed 's/^/# /' "$tmp/err" | head -20
sed 's/^/# /' "$tmp/out"
entries=$(sed -n 's/^entries: //p' "$tmp/out")
ok "at least 600 entries ($entries)" test "${entries:-0}" -ge 600
ok "every letter has entries" sh -c "! grep -q 'no entries under' '$tmp/err'"
with=$(sed -n 's/^with a formula: \([0-9]*\).*/\1/p' "$tmp/out")
ok "at least 150 entries carry a formula ($with)" test "${with:-0}" -ge 150
tall=$(sed -n 's/.*laid out in 2-D: \([0-9]*\)/\1/p' "$tmp/out")
ok "at least 40 display formulas need 2-D layout ($tall)" test "${tall:-0}" -ge 40
listed=$("$LORE" list | wc -l)
is "$listed" "$entries" "the built corpus.db holds every source entry"

orph=$(sed -n 's/.*; orphans: \([0-9]*\)$/\1/p' "$tmp/out")
is "$orph" 0 "no entry of the corpus is an orphan (every one has an inbound link)"

# An orphan is a problem of a corpus folder; a file checked alone is not.
mkdir -p "$tmp/orph"
cp "$srcdir/data/categories" "$tmp/orph/"
printf '@term Alpha thing\n@category fundamentals\n@related Beta thing\n\nAlpha thing is the first example of a linked pair here.\n\n' >"$tmp/orph/a.lore"
printf '@term Beta thing\n@category fundamentals\n\nBeta thing is the second example, and it links to nothing at all.\n\n@term Gamma thing\n@category fundamentals\n\nGamma thing names [[Beta thing]] but nothing names Gamma thing.\n' >"$tmp/orph/b.lore"
"$LORE" check "$tmp/orph" >"$tmp/out" 2>"$tmp/err"
ok "check reports an entry nothing links to" grep -q 'Alpha thing: orphan: no other entry links here' "$tmp/err"
ok "... and each one" grep -q 'Gamma thing: orphan' "$tmp/err"
ok "... but not one a body or a related list links to" sh -c "! grep -q 'Beta thing: orphan' '$tmp/err'"
ok "... and counts them" grep -q '; orphans: 2$' "$tmp/out"
"$LORE" check "$tmp/orph/b.lore" >"$tmp/out" 2>"$tmp/err"
ok "a file checked alone, away from data/, is checked without a category list or orphans" \
    sh -c "! grep -q 'orphan\|category' '$tmp/err'"
ok "... nor a letter coverage report" sh -c "! grep -q 'no entries under' '$tmp/err'"
printf 'kettle, kitchen\n**Kettle** boils water.\nteapot, kitchen\n**Teapot** steeps tea.\n' >"$tmp/mine.txt"
"$LORE" check "$tmp/mine.txt" >"$tmp/out" 2>"$tmp/err"; rc=$?
is "$rc" 1 "check of a glossary in another format exits 1"
ok "... and says which format it is and that import reads it" \
    grep -q "mine.txt: .*format a.*lore import" "$tmp/err"

tool="$abs_srcdir/../shared/tools/originality"
if [ -x "$tool" ]; then
	"$tool" "$abs_srcdir" > "$tmp/orig" 2>&1; rc=$?
	is "$rc" 0 "no seed prose in data/, man/, src/ or README.md"
	[ "$rc" -eq 0 ] || sed 's/^/# /' "$tmp/orig" | head -20
else
	skip "../shared/tools/originality is not present"
fi
done_testing
