#!/bin/sh
# Several lore processes on the same files: one imports again and again
# while three others define, list and search, two take quizzes (answers
# piped in, grades written to one progress.db) and one runs stats. Nobody
# may see "database is locked" or any other error: every exit status is
# 0, and both databases are sound at the end.
. "$srcdir/tests/fault/lib.sh"
need_python
ROUNDS=${CONC_ROUNDS:-12}

echo "1..8"
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
# quizzer K LETTER: 5-card define sessions on one letter (the two never
# share a card), a new day (LORE_NOW) each, until the writer is done.
# Letter C holds the writer's terms: their rows are replaced under it.
export LORE_PROGRESS=$T/p.db TZ=UTC
quizzer() {
	fail=0 runs=0 saved=0 j=0
	while [ ! -e "$T/w.done" ] || [ $runs -lt 2 ]; do
		j=$((j + 1))
		printf '\n3\n\n4\n\n2\n\n3\n\n1\n' | LORE_NOW=$((1710072000 + j * 86400)) \
		    "$LORE" quiz --mode define --letter "$2" -n 5 >"$T/q$1.out" \
		    2>>"$T/q$1.err"
		rc=$?
		if [ $rc -ne 0 ]; then
			fail=$((fail + 1))
			echo "quiz --letter $2 (day $j): exit $rc" >>"$T/q$1.err"
		fi
		saved=$((saved + $(grep -c '^Saved:' "$T/q$1.out")))
		runs=$((runs + 1))
	done
	echo "$fail $runs $saved" >"$T/q$1.done"
}
# stats, over and over, while the quizzes write.
statser() {
	fail=0 runs=0
	while [ ! -e "$T/w.done" ] || [ $runs -lt 2 ]; do
		for cmd in "stats" "--json stats"; do
			# shellcheck disable=SC2086
			"$LORE" $cmd >/dev/null 2>>"$T/s.err"
			rc=$?
			if [ $rc -ne 0 ]; then
				fail=$((fail + 1))
				echo "$cmd: exit $rc" >>"$T/s.err"
			fi
			runs=$((runs + 1))
		done
	done
	echo "$fail $runs" >"$T/s.done"
}
# progress.db exists before they start (the first quiz would create it).
printf '\n3\n' | LORE_NOW=1710072000 "$LORE" quiz --mode define --letter B -n 1 >/dev/null 2>&1
reader 1 & reader 2 & reader 3 &
quizzer 1 S & quizzer 2 C & statser &
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
qfail=0 qruns=0 qsaved=0
for k in 1 2; do
	set -- $(cat "$T/q$k.done")
	qfail=$((qfail + $1)) qruns=$((qruns + $2)) qsaved=$((qsaved + $3))
	[ -s "$T/q$k.err" ] && sed "s/^/# quizzer $k: /" "$T/q$k.err" | head -5
done
check "quizzers: $qruns 5-card sessions, all exit 0" \
    '[ $qfail -eq 0 ] && [ $qruns -gt 0 ]'
check "every session acknowledged its 5 grades ($qsaved)" \
    '[ $qsaved -eq $((qruns * 5)) ]'
read -r sfail sruns <"$T/s.done"
[ -s "$T/s.err" ] && sed "s/^/# stats: /" "$T/s.err" | head -5
check "stats: $sruns runs alongside, all exit 0" '[ $sfail -eq 0 ] && [ $sruns -gt 0 ]'
check "nobody was told the database is locked" \
    '! cat "$T"/*.err | grep -qi locked'
python3 "$srcdir/tests/fault/dbcheck.py" "$LORE_DB" "$T/c.lore" >"$T/err" 2>&1; rc=$?
check "the database is sound and holds the file once" \
    '[ $rc -eq 0 ] && [ "$(cat "$T/err")" = "300 1 Body" ]'
python3 -c "import sqlite3, sys
d = sqlite3.connect(sys.argv[1])
ok = d.execute('PRAGMA integrity_check').fetchall() == [('ok',)]
print(d.execute('SELECT count(*) FROM review_log').fetchone()[0] if ok else 'bad')" \
    "$LORE_PROGRESS" >"$T/err" 2>&1
check "progress.db is sound and holds every acknowledged grade" \
    '[ "$(cat "$T/err")" = $((qsaved + 1)) ]'
