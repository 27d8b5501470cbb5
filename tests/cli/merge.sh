#!/bin/sh
# merge.sh - lore import-progress (lore merge): two machines' logs of one
# history merge to the state of the whole, in either order, and twice;
# bad files are refused with a clear message, merging nothing.
. "$srcdir/tests/cli/lib.sh"

"$LORE" build "$tmp/q.db" "$srcdir/tests/data/quiz.lore" 2> "$tmp/build" || {
	echo "Bail out! cannot build tests/data/quiz.lore: $(cat "$tmp/build")"
	exit 1
}
if ! command -v python3 > /dev/null 2>&1; then
	echo "1..0 # SKIP no python3 to split an export"
	exit 0
fi
export LORE_CORPUS="$tmp/q.db" TZ=UTC
NOW=1710072000
DAY=86400
cards() {	# the cards of an export, without the export's time
	"$LORE" export --json | python3 -c "
import json, sys
print(json.dumps(json.load(sys.stdin)['cards'], sort_keys=True))"
}

# One history on one machine: three days of sessions. The clock is pinned
# and a review is one (term, kind, time, grade), so no learning card may
# come back within the same second: --learn-ahead 0.
export LORE_PROGRESS="$tmp/whole.db"
i=0
for g in "3 1 3 4 2" "3 3 3 1 3 3 2" "4 3 1 3 3"; do
	for x in $g; do printf '\n%s\n' "$x"; done |
	    LORE_NOW=$((NOW + i * DAY)) "$LORE" quiz --category activations \
	    --learn-ahead 0 -n 4 > /dev/null 2>&1
	i=$((i + 1))
done
"$LORE" export --json > "$tmp/whole.json"
whole=$(cards)
total=$(python3 -c "import json; print(len(json.load(open('$tmp/whole.json'))['reviews']))")
ok "a history of more than 10 reviews ($total)" test "$total" -gt 10

# Split it as two machines would have it: every other review.
python3 - "$tmp/whole.json" "$tmp/h1.json" "$tmp/h2.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for k, out in ((0, sys.argv[2]), (1, sys.argv[3])):
    e = dict(d, reviews=d['reviews'][k::2], cards=[])
    json.dump(e, open(out, 'w'))
PY
export LORE_PROGRESS="$tmp/a.db"
"$LORE" import-progress "$tmp/h1.json" > "$tmp/m1" 2>&1
is "$?" 0 "import-progress exits 0"
ok "and says what it merged" grep -q "h1.json: [0-9]* reviews, [0-9]* new here; [0-9]* cards replayed." "$tmp/m1"
ok "half a history is not the whole" test "$(cards)" != "$whole"
"$LORE" merge "$tmp/h2.json" > /dev/null 2>&1
is "$(cards)" "$whole" "the two halves merge to the state of the whole"
export LORE_PROGRESS="$tmp/b.db"
"$LORE" merge "$tmp/h2.json" > /dev/null 2>&1
"$LORE" merge "$tmp/h1.json" > /dev/null 2>&1
is "$(cards)" "$whole" "in the other order too"
"$LORE" merge "$tmp/whole.json" > "$tmp/m3" 2>&1
ok "merging the whole again adds nothing" grep -q " 0 new here" "$tmp/m3"
is "$(cards)" "$whole" "and changes nothing"
"$LORE" export --json | "$LORE" merge - > /dev/null 2>&1
is "$?" 0 "- reads the export from stdin"

# Bad input: a clear message, exit 2, nothing merged.
before=$(cards)
printf '{"format":"lore-progress","reviews":[{"slug":"elu","kind":"define","ts":1,"grade":3},' > "$tmp/cut.json"
"$LORE" merge "$tmp/cut.json" > /dev/null 2> "$tmp/cut.err"
is "$?" 2 "a cut file is refused"
ok "saying where and that nothing was merged" \
    grep -q "cut.json:1: .*nothing was merged" "$tmp/cut.err"
echo '{"reviews":[]}' > "$tmp/other.json"
"$LORE" merge "$tmp/other.json" > /dev/null 2> "$tmp/other.err"
is "$?" 2 "JSON that is not a lore export is refused"
ok "and told how to make one" grep -q "lore export --json" "$tmp/other.err"
printf '{"format":"lore-progress","reviews":[{"slug":"elu","kind":"define","ts":5,"grade":7}]}' > "$tmp/g7.json"
"$LORE" merge "$tmp/g7.json" > /dev/null 2> "$tmp/g7.err"
is "$?" 2 "a grade 7 is refused"
ok "naming the review" grep -q "review 1: " "$tmp/g7.err"
"$LORE" merge "$tmp/missing.json" > /dev/null 2>&1
is "$?" 2 "a missing file is a usage error"
is "$(cards)" "$before" "none of it changed a card"
done_testing
