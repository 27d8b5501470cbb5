#!/bin/sh
# Killed at any point of an import: 30 times, lore import of a 500-entry
# file gets SIGKILL, SIGTERM or SIGINT after a random delay. Every round
# writes a new version of the file ("vN" starts each body), so a kill
# during a re-import is told apart from one after it. After each kill the
# database passes integrity_check and holds all of the file's entries from
# one version, or none, and an earlier file's two entries are still there.
# Then the same for lore quiz and progress.db (below).
. "$srcdir/tests/fault/lib.sh"
need_python
ITER=${KILL_ITER:-30}
N=500

echo "1..8"
make_db
python3 -c "
import sys
for i in range($N):
    sys.stdout.write('@term kill%d\n@aliases k%d; alias %d\n\nv0 body %d, about [[kill%d]].\n\n'
        % (i, i, i, i, (i * 7) % $N))" >"$T/k0.lore"
gen() { sed "s/^v0 /v$1 /" "$T/k0.lore" >"$T/k.lore"; }

# How long a whole import takes here (sanitizers, valgrind, a slow box):
# the kills are spread over that.
gen 0
start=$(date +%s%N)
LORE_DB=$T/probe.db "$LORE" import "$T/k.lore" >/dev/null 2>&1
ms=$(( ($(date +%s%N) - start) / 1000000 + 10 ))

bad=0 none=0 old=0 new=0 seed=$$
i=0
while [ $i -lt "$ITER" ]; do
	i=$((i + 1))
	gen $i
	set -- $(awk -v s=$((seed + i)) -v ms=$ms 'BEGIN {
		srand(s); split("KILL TERM INT", sig, " ");
		printf "%.3f %s\n", rand() * ms / 1000, sig[int(rand() * 3) + 1] }')
	"$LORE" import "$T/k.lore" >/dev/null 2>"$T/err" &
	pid=$!
	sleep "$1"
	kill -s "$2" $pid 2>/dev/null
	wait $pid 2>/dev/null
	got=$(python3 "$srcdir/tests/fault/dbcheck.py" "$LORE_DB" \
	    "$T/k.lore" "$T/two.lore" 2>&1 | tr '\n' ' ')
	rc=$?
	case "$got" in
	"0 0 - 2 1 The ") none=$((none + 1)) ;;
	"$N 1 v$i 2 1 The ") new=$((new + 1)) ;;
	"$N 1 v"*" 2 1 The ") old=$((old + 1)) ;;
	*) bad=$((bad + 1)); echo "# round $i ($2 after $1 s): $got" ;;
	esac
done
check "$ITER kills: integrity_check passes, the file is all or nothing" \
    '[ $bad -eq 0 ]'
echo "# none stored $none times, an older version kept $old, this round's stored $new (import ~$ms ms)"
check "some kills landed mid-import" '[ $((none + old)) -gt 0 ]'
"$LORE" import "$T/k.lore" >"$T/out" 2>"$T/err"; rc=$?
[ $rc -eq 0 ] || echo "# the import after the kills: exit $rc; $(scratch)"
check "an import after the kills succeeds" '[ $rc -eq 0 ]'
got=$(python3 "$srcdir/tests/fault/dbcheck.py" "$LORE_DB" "$T/k.lore" 2>&1 |
    tr '\n' ' ')
got=${got% }
[ "$got" = "$N 1 v$ITER" ] || echo "# dbcheck after it: $got"
check "and stores all $N entries" '[ "$got" = "$N 1 v$ITER" ]'

# Killed at any point of a quiz: 24 times, lore quiz --mode define reads
# its answers from a FIFO (an empty line shows the definition, then the
# grade) and gets KILL, TERM, INT or HUP after a random delay. Half the
# rounds the answers come slowly (the kill lands while lore waits for a
# line), half all at once (it lands while lore saves a grade). A grade is
# acknowledged with "Saved:" only once it is committed: after each kill
# progress.db passes integrity_check, every acknowledged grade is in
# review_log in order, and at most one more (committed, then killed
# before the "Saved:" line).
QITER=${KILL_QUIZ_ITER:-24}
export LORE_PROGRESS=$T/kq.db TZ=UTC
cat >"$T/plog.py" <<'PY'
import sqlite3, sys
d = sqlite3.connect(sys.argv[1], timeout=10)
if d.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
    print("integrity_check failed")
    sys.exit(1)
print(" ".join(str(g) for (g,) in d.execute(
    "SELECT grade FROM review_log WHERE id > ? ORDER BY id", (int(sys.argv[2]),))))
PY
lastid() {
	python3 -c "import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute('SELECT coalesce(max(id), 0) FROM review_log').fetchone()[0])" "$1" 2>/dev/null || echo 0
}
# answers DELAY: 60 cards, grades cycling 3 4 2 1, DELAY s between lines.
answers() {
	j=0
	while [ $j -lt 60 ]; do
		j=$((j + 1))
		printf '\n' || return
		[ "$1" = 0 ] || sleep "$1"
		printf '%s\n' $(( (j * 3) % 4 + 1 )) || return
		[ "$1" = 0 ] || sleep "$1"
	done
}
mkfifo "$T/qin"
# How long a 20-card session takes when its answers are all there: the
# fast rounds' kills are spread over that, the slow ones' over that plus
# the 0.4 s their 40 lines take to come.
answers 0 >"$T/qall"
start=$(date +%s%N)
LORE_PROGRESS=$T/qprobe.db LORE_NOW=1710072000 "$LORE" quiz --mode define \
    -n 100 <"$T/qall" >"$T/qout" 2>&1
echo "# probe: $(grep -c '^Saved:' "$T/qout") grades; $(tail -2 "$T/qout" | head -1)"
qms=$(( ($(date +%s%N) - start) / 1000000 + 5 ))
qbad=0 acks=0 extra=0 early=0 i=0
NOW=1710072000
while [ $i -lt "$QITER" ]; do
	i=$((i + 1))
	# A new day every round: 20 new cards again, and the reviews due.
	export LORE_NOW=$((NOW + i * 86400))
	set -- $(awk -v s=$((seed + 1000 + i)) -v i=$i -v ms=$qms 'BEGIN {
		srand(s); split("KILL TERM INT HUP", sig, " ");
		printf "%.3f %s %s\n", rand() * (ms / 1000 + (i % 2 ? 0.4 : 0)),
		    sig[int(rand() * 4) + 1], i % 2 ? "0.01" : "0" }')
	[ -e "$LORE_PROGRESS" ] && from=$(lastid "$LORE_PROGRESS") || from=0
	answers "$3" >"$T/qin" &
	fpid=$!
	"$LORE" quiz --mode define -n 100 <"$T/qin" >"$T/qout" 2>"$T/err" &
	pid=$!
	sleep "$1"
	kill -s "$2" $pid 2>/dev/null
	wait $pid 2>/dev/null
	qrc=$?
	kill $fpid 2>/dev/null
	wait $fpid 2>/dev/null
	acked=$(sed -n 's/^Saved: \([A-Za-z]*\),.*/\1/p' "$T/qout" |
	    sed 's/Again/1/; s/Hard/2/; s/Good/3/; s/Easy/4/' | tr '\n' ' ')
	acked=${acked% }
	if [ ! -e "$LORE_PROGRESS" ]; then
		logged=
		[ -z "$acked" ] || logged="no progress.db"
	else
		logged=$(python3 "$T/plog.py" "$LORE_PROGRESS" "$from" 2>&1)
	fi
	case "$logged" in
	"$acked"|"$acked "[1-4]|[1-4]) ;;
	*) qbad=$((qbad + 1))
	   echo "# round $i ($2 after $1 s, delay $3): acked '$acked', logged '$logged'" ;;
	esac
	[ "$logged" = "$acked" ] || extra=$((extra + 1))
	# The whole session (20 new cards, and the reviews due) before the
	# kill: a summary that does not say it was stopped.
	grep -q '^[0-9]* cards\? reviewed' "$T/qout" &&
	    ! grep -q '^Stopped:' "$T/qout" && early=$((early + 1))
	acks=$((acks + $(echo $acked | wc -w)))
	if grep -v '^$' "$T/err" | grep -q .; then
		echo "# round $i stderr: $(head -1 "$T/err")"
	fi
done
check "$QITER quiz kills: integrity_check passes, every acknowledged grade is in review_log" \
    '[ $qbad -eq 0 ]'
echo "# $acks grades acknowledged in $QITER rounds; $extra rounds committed one more than they acknowledged; $early sessions had ended before the kill (a session ~$qms ms)"
check "the kills came mid-session (grades acknowledged, most sessions cut short)" \
    '[ $acks -gt 0 ] && [ $early -lt $((QITER / 2)) ]'
# A day of its own: the last round may have had all of its day's cards.
# When it saves nothing, say what it printed, its exit status (above 128:
# killed by a signal) and, when it printed nothing at all, how $T is.
printf '\n3\n' | LORE_NOW=$((NOW + (QITER + 1) * 86400)) "$LORE" quiz \
    --mode define -n 1 >"$T/qout" 2>"$T/err"
rc=$?
grep -q '^Saved:' "$T/qout" 2>/dev/null ||
	echo "# the quiz after the kills: exit $rc: $(tail -3 "$T/qout" | tr '\n' '|') $(head -2 "$T/err" | tr '\n' '|')$( [ -s "$T/qout" ] || [ -s "$T/err" ] || echo " (nothing printed; $(scratch))")"
check "a quiz after the kills saves its grade" \
    '[ "$(grep -c "^Saved:" "$T/qout")" -eq 1 ]'
got=$(python3 "$T/plog.py" "$LORE_PROGRESS" 0 2>&1); rc=$?
[ $rc -eq 0 ] || echo "# progress.db: $(echo "$got" | tail -1)"
check "and progress.db passes integrity_check" '[ $rc -eq 0 ]'
