#!/bin/sh
# progress.db faults: a file from a newer lore, truncated, overwritten and
# bit-flipped files, a read-only file and directory, a lock held for
# longer than lore waits. quiz, stats and export --json give one clear
# message and exit 2, and the file and its reviews are left as they were.
. "$srcdir/tests/fault/lib.sh"
need_python

echo "1..32"
"$LORE" build "$T/q.db" "$srcdir/tests/data/quiz.lore" >/dev/null 2>&1 ||
	{ echo "Bail out! cannot build tests/data/quiz.lore"; exit 1; }
export LORE_CORPUS=$T/q.db LORE_PROGRESS=$T/p.db LORE_NOW=1710072000 TZ=UTC
# Three define cards graded Good: a progress.db with reviews in it.
printf '\n3\n\n3\n\n3\n' | "$LORE" quiz --mode define -n 3 >"$T/out" 2>&1
check "a 3-card session to start from" '[ "$(grep -c "^Saved:" "$T/out")" -eq 3 ]'
printf '\n3\n' >"$T/in"

# reviews DB: rows in review_log ("x" when it cannot be read).
reviews() {
	python3 -c "import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM review_log').fetchone()[0])" "$1" 2>/dev/null || echo x
}
# fails NAME DB CMD...: CMD (LORE_PROGRESS=DB, a grade on stdin) exits 2
# with one line on stderr, and DB's bytes do not change.
fails() {
	name=$1 db=$2; shift 2
	s=$(cksum <"$db")
	env LORE_PROGRESS="$db" "$@" <"${IN:-$T/in}" >"$T/out" 2>"$T/err"; rc=$?
	if [ $rc -eq 2 ] && [ "$(lines "$T/err")" -eq 1 ] &&
	    [ "$(cksum <"$db")" = "$s" ]; then
		ok "$name: $(cat "$T/err")"
	else
		notok "$name: exit $rc, $(lines "$T/err") lines"
		diag
	fi
}

# A newer lore's file: nothing may read it as ours or write to it.
cp "$LORE_PROGRESS" "$T/v99.db"
python3 -c "import sqlite3, sys; d = sqlite3.connect(sys.argv[1]); d.execute('PRAGMA user_version=99'); d.commit()" "$T/v99.db"
fails "user_version 99: quiz" "$T/v99.db" "$LORE" quiz --mode define -n 1
grep -q "newer lore" "$T/err" && ok "user_version 99: says a newer lore wrote it" ||
    notok "user_version 99: says a newer lore wrote it"
IN=/dev/null fails "user_version 99: quiz, no input (it stopped at once, exit 0)" \
    "$T/v99.db" "$LORE" quiz --mode define -n 1
fails "user_version 99: stats" "$T/v99.db" "$LORE" stats
fails "user_version 99: stats --json" "$T/v99.db" "$LORE" --json stats
fails "user_version 99: export --json" "$T/v99.db" "$LORE" --json export
check "user_version 99: still 3 reviews, version 99" \
    '[ "$(reviews "$T/v99.db")" = 3 ] && python3 -c "import sqlite3, sys; sys.exit(sqlite3.connect(sys.argv[1]).execute(\"PRAGMA user_version\").fetchone()[0] != 99)" "$T/v99.db"'

# Truncated: the second half is gone.
head -c 20000 "$LORE_PROGRESS" >"$T/trunc.db"
fails "truncated: quiz" "$T/trunc.db" "$LORE" quiz --mode define -n 1
fails "truncated: stats" "$T/trunc.db" "$LORE" stats
head -c 50 "$LORE_PROGRESS" >"$T/tiny.db"
fails "50 bytes: quiz" "$T/tiny.db" "$LORE" quiz --mode define -n 1

# The header's magic overwritten; a text file.
cp "$LORE_PROGRESS" "$T/magic.db"
printf 'XXXXXXXXXXXXXXXX' | dd of="$T/magic.db" bs=1 conv=notrunc 2>/dev/null
fails "bad header: quiz" "$T/magic.db" "$LORE" quiz --mode define -n 1
grep -q "not a lore database" "$T/err" && ok "bad header: says it is not a lore database" ||
    notok "bad header: says it is not a lore database"
fails "bad header: stats" "$T/magic.db" "$LORE" stats
printf 'just some text, no database at all\n' >"$T/text.db"
fails "a text file: quiz" "$T/text.db" "$LORE" quiz --mode define -n 1
mkdir "$T/dir.db"
env LORE_PROGRESS="$T/dir.db" "$LORE" stats >"$T/out" 2>"$T/err"; rc=$?
check "a directory: stats exits 2 saying so" \
    '[ $rc -eq 2 ] && [ "$(lines "$T/err")" -eq 1 ] && grep -q "is a directory" "$T/err"'

# Bytes flipped all over: whatever SQLite notices, no crash.
python3 - "$LORE_PROGRESS" "$T" <<'PY'
import random, sys
data = open(sys.argv[1], 'rb').read()
rnd = random.Random(11)
for k in range(8):
    b = bytearray(data)
    for _ in range(8):
        i = rnd.randrange(100, len(b))
        b[i] ^= 1 << rnd.randrange(8)
    open('%s/flip%d.db' % (sys.argv[2], k), 'wb').write(bytes(b))
PY
bad=0
for k in 0 1 2 3 4 5 6 7; do
	for cmd in "quiz --mode define -n 1" "stats" "--json export"; do
		# shellcheck disable=SC2086
		LORE_PROGRESS=$T/flip$k.db "$LORE" $cmd <"$T/in" >/dev/null 2>"$T/err"
		rc=$?
		[ $rc -le 2 ] || { bad=$((bad + 1)); echo "# flip$k $cmd: exit $rc"; }
	done
done
check "8 files with flipped bits: no crash in 24 runs" '[ $bad -eq 0 ]'

# Read-only: as root, permissions do not apply, so run as nobody.
asuser=$(unprivileged)
mkdir "$T/ro"
cp "$LORE_PROGRESS" "$T/ro/p.db"
chmod 755 "$T"; chmod 644 "$T/q.db" "$T/in"
chmod 444 "$T/ro/p.db"; chmod 555 "$T/ro"
if [ "$asuser" = none ]; then
	for i in 1 2 3; do skip "read-only progress.db (root without setpriv)"; done
else
	fails "read-only progress.db: quiz" "$T/ro/p.db" $asuser "$LORE" quiz --mode define -n 1
	grep -q "read-only" "$T/err" && ok "read-only progress.db: says so" ||
	    notok "read-only progress.db: says so"
	chmod u+w "$T/ro"; chmod 644 "$T/ro/p.db"; chmod 555 "$T/ro"
	fails "writable progress.db in a read-only directory: quiz" \
	    "$T/ro/p.db" $asuser "$LORE" quiz --mode define -n 1
fi
chmod u+w "$T/ro"

# Locked: another process holds a write lock for longer than lore waits
# (5 s). quiz cannot save the grade and says so; stats only reads, which
# WAL allows while another process writes.
hold() {
	python3 -c "
import sqlite3, sys, time
d = sqlite3.connect(sys.argv[1], isolation_level=None)
d.execute('BEGIN EXCLUSIVE')
d.execute('DELETE FROM lookup')
open(sys.argv[3], 'w').close()
time.sleep(float(sys.argv[2]))
d.execute('ROLLBACK')" "$@"
}
waitfor() { i=0; while [ ! -e "$1" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done; }
before=$(reviews "$LORE_PROGRESS")
hold "$LORE_PROGRESS" 7 "$T/held7" &
waitfor "$T/held7"
"$LORE" quiz --mode define -n 1 <"$T/in" >"$T/out" 2>"$T/err"; rc=$?
check "locked for 7 s: quiz gives up, exit 2, one message saying locked" \
    '[ $rc -eq 2 ] && [ "$(lines "$T/err")" -eq 1 ] && grep -q locked "$T/err"'
check "and acknowledged no grade" '! grep -q "^Saved:" "$T/out"'
"$LORE" stats >"$T/out" 2>"$T/err"; rc=$?
check "locked: stats still reads it" '[ $rc -eq 0 ] && [ ! -s "$T/err" ]'
wait
check "locked: the reviews are as they were" \
    '[ "$(reviews "$LORE_PROGRESS")" = "$before" ]'

# A merge under the same lock gives up the same way, merging nothing; and
# once the lock is gone the same file merges (nothing new: it is our own).
"$LORE" export --json >"$T/own.json"
hold "$LORE_PROGRESS" 7 "$T/held7m" &
waitfor "$T/held7m"
"$LORE" import-progress "$T/own.json" >"$T/out" 2>"$T/err"; rc=$?
check "locked for 7 s: import-progress gives up, exit 2, one message saying locked" \
    '[ $rc -eq 2 ] && [ "$(lines "$T/err")" -eq 1 ] && grep -q locked "$T/err"'
wait
check "locked: the merge changed nothing" \
    '[ "$(reviews "$LORE_PROGRESS")" = "$before" ]'
"$LORE" import-progress "$T/own.json" >"$T/out" 2>"$T/err"; rc=$?
check "unlocked: our own export merges, adding nothing" \
    '[ $rc -eq 0 ] && grep -q " 0 new here" "$T/out" && [ "$(reviews "$LORE_PROGRESS")" = "$before" ]'

# A full disk: progress.db with its reviews on a 1 MiB tmpfs, the rest of
# it filled. The grade cannot be saved: one message, no "Saved:", and
# once there is room again the file is sound with its reviews.
if small_fs "$T/small" 1m; then
	cp "$LORE_PROGRESS" "$T/small/p.db"
	dd if=/dev/zero of="$T/small/fill" bs=4k 2>/dev/null
	LORE_PROGRESS=$T/small/p.db "$LORE" quiz --mode define -n 1 <"$T/in" \
	    >"$T/out" 2>"$T/err"; rc=$?
	check "ENOSPC: quiz exits 2, one message, 'disk is full'" \
	    '[ $rc -eq 2 ] && [ "$(lines "$T/err")" -eq 1 ] && grep -q "p.db: .*the disk is full" "$T/err"'
	check "ENOSPC: and acknowledged no grade" '! grep -q "^Saved:" "$T/out"'
	rm -f "$T/small/fill"
	python3 -c "import sqlite3, sys
r = sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchall()
sys.exit(r != [('ok',)])" "$T/small/p.db"; rc=$?
	check "ENOSPC: with room again, integrity_check passes, 3 reviews" \
	    '[ $rc -eq 0 ] && [ "$(reviews "$T/small/p.db")" = 3 ]'
	printf '\n3\n' | LORE_PROGRESS=$T/small/p.db "$LORE" quiz --mode define \
	    -n 1 >"$T/out" 2>"$T/err"
	check "ENOSPC: and the next quiz saves its grade" \
	    '[ "$(grep -c "^Saved:" "$T/out")" -eq 1 ] && [ "$(reviews "$T/small/p.db")" = 4 ]'
else
	for i in 1 2 3 4; do skip "ENOSPC: cannot mount a tmpfs (needs root)"; done
fi

python3 -c "import sqlite3, sys
r = sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchall()
sys.exit(r != [('ok',)])" "$LORE_PROGRESS"; rc=$?
check "after all of it, progress.db passes integrity_check with 3 reviews" \
    '[ $rc -eq 0 ] && [ "$(reviews "$LORE_PROGRESS")" = 3 ]'
