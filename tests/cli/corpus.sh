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

tool="$abs_srcdir/../shared/tools/originality"
if [ -x "$tool" ]; then
	"$tool" "$abs_srcdir" > "$tmp/orig" 2>&1; rc=$?
	is "$rc" 0 "no seed prose in data/, man/, src/ or README.md"
	[ "$rc" -eq 0 ] || sed 's/^/# /' "$tmp/orig" | head -20
else
	skip "../shared/tools/originality is not present"
fi
done_testing
