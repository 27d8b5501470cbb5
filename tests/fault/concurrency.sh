#!/bin/sh
# Several lore processes on the same files: one imports again and again
# while three others define, list and search. Nobody may see "database is
# locked" or any other error: every exit status is 0.
. "$srcdir/tests/fault/lib.sh"
need_python
ROUNDS=${CONC_ROUNDS:-12}

echo "1..4"
make_db
python3 -c "
import sys
for i in range(300):
    sys.stdout.write('@term conc%d\n@aliases c%d\n\nBody %d of the concurrent file.\n\n' % (i, i, i))" >"$T/c.lore"
# Once before the readers start, so that what they look for exists.
"$LORE" import "$T/c.lore" >/dev/null 2>&1

# writer: import the file ROUNDS times, then say so.
(
	i=0 fail=0
	while [ $i -lt "$ROUNDS" ]; do
		"$LORE" import "$T/c.lore" >/dev/null 2>>"$T/w.err" || fail=$((fail + 1))
		i=$((i + 1))
	done
	echo $fail >"$T/w.done"
) &
# reader K: run its commands until the writer is done.
reader() {
	fail=0 runs=0
	while [ ! -e "$T/w.done" ]; do
		for cmd in "define alpha" "list" "search -H ^conc1" "--json define beta" "search first"; do
			# shellcheck disable=SC2086
			"$LORE" $cmd >/dev/null 2>>"$T/r$1.err"
			rc=$?
			if [ $rc -ne 0 ]; then
				fail=$((fail + 1))
				echo "$cmd: exit $rc" >>"$T/r$1.err"
			fi
			runs=$((runs + 1))
		done
	done
	echo "$fail $runs" >"$T/r$1.done"
}
reader 1 & reader 2 & reader 3 &
wait

wfail=$(cat "$T/w.done")
check "writer: $ROUNDS imports, all exit 0" '[ "$wfail" -eq 0 ]'
[ -s "$T/w.err" ] && sed 's/^/# writer: /' "$T/w.err" | head -5
rfail=0 rruns=0
for k in 1 2 3; do
	set -- $(cat "$T/r$k.done")
	rfail=$((rfail + $1)) rruns=$((rruns + $2))
	[ -s "$T/r$k.err" ] && sed "s/^/# reader $k: /" "$T/r$k.err" | head -5
done
check "readers: $rruns runs of define/list/search, all exit 0" \
    '[ $rfail -eq 0 ] && [ $rruns -gt 0 ]'
check "nobody was told the database is locked" \
    '! cat "$T"/*.err | grep -qi locked'
python3 "$srcdir/tests/fault/dbcheck.py" "$LORE_DB" "$T/c.lore" >"$T/err" 2>&1; rc=$?
check "the database is sound and holds the file once" \
    '[ $rc -eq 0 ] && [ "$(cat "$T/err")" = "300 1 Body" ]'
