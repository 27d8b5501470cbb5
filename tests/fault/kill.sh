#!/bin/sh
# Killed at any point of an import: 30 times, lore import of a 500-entry
# file gets SIGKILL, SIGTERM or SIGINT after a random delay. Every round
# writes a new version of the file ("vN" starts each body), so a kill
# during a re-import is told apart from one after it. After each kill the
# database passes integrity_check and holds all of the file's entries from
# one version, or none, and an earlier file's two entries are still there.
. "$srcdir/tests/fault/lib.sh"
need_python
ITER=${KILL_ITER:-30}
N=500

echo "1..4"
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
check "an import after the kills succeeds" '[ $rc -eq 0 ]'
got=$(python3 "$srcdir/tests/fault/dbcheck.py" "$LORE_DB" "$T/k.lore")
check "and stores all $N entries" '[ "$got" = "$N 1 v$ITER" ]'
