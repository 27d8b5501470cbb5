#!/bin/sh
# Database faults: truncated and corrupted files, a database from a newer
# lore, read-only files and directories, a full disk, a locked database.
# Each gives one clear message and a non-zero exit, and leaves the data
# that was there intact (checksum and `lore list` before and after).
. "$srcdir/tests/fault/lib.sh"
need_python

echo "1..42"
make_db
"$LORE" list >"$T/list0" 2>&1

# fails NAME DB CMD...: CMD (with LORE_DB=DB) exits 2 with one line on
# stderr, and DB's bytes do not change.
fails() {
	name=$1 db=$2; shift 2
	s=$(cksum <"$db")
	env LORE_DB="$db" "$@" >"$T/out" 2>"$T/err"; rc=$?
	if [ $rc -eq 2 ] && [ "$(lines "$T/err")" -eq 1 ] &&
	    [ "$(cksum <"$db")" = "$s" ]; then
		ok "$name: $(cat "$T/err")"
	else
		notok "$name: exit $rc, $(lines "$T/err") lines"
		diag
	fi
}

# Truncated: half the file is gone.
head -c 5000 "$LORE_DB" >"$T/trunc.db"
fails "truncated: list" "$T/trunc.db" "$LORE" list
fails "truncated: define" "$T/trunc.db" "$LORE" define alpha
fails "truncated: search" "$T/trunc.db" "$LORE" search alpha
fails "truncated: import" "$T/trunc.db" "$LORE" import "$T/two.lore"
env LORE_DB="$T/none.db" LORE_CORPUS="$T/trunc.db" "$LORE" list >"$T/out" 2>"$T/err"; rc=$?
check "truncated bundled corpus: exit 2, one message" \
    '[ $rc -eq 2 ] && [ "$(lines "$T/err")" -eq 1 ]'

# The header's magic overwritten.
cp "$LORE_DB" "$T/magic.db"
printf 'XXXXXXXXXXXXXXXX' | dd of="$T/magic.db" bs=1 conv=notrunc 2>/dev/null
fails "bad header: list" "$T/magic.db" "$LORE" list
fails "bad header: import" "$T/magic.db" "$LORE" import "$T/two.lore"

# A newer lore's database: refused for reading and for writing.
cp "$LORE_DB" "$T/v99.db"
python3 -c "import sqlite3, sys; d = sqlite3.connect(sys.argv[1]); d.execute('PRAGMA user_version=99'); d.commit()" "$T/v99.db"
fails "user_version 99: list" "$T/v99.db" "$LORE" list
fails "user_version 99: import" "$T/v99.db" "$LORE" import "$T/two.lore"
grep -q "newer lore" "$T/err" && ok "user_version 99: says a newer lore made it" ||
    notok "user_version 99: says a newer lore made it"

# Not a database at all.
cp "$T/two.lore" "$T/text.db"
fails "a text file as the database" "$T/text.db" "$LORE" list

# Messages name the plain path and say what is wrong, never the SQLite
# URI it was opened by ("unable to open database: file:/?mode=ro").
# says NAME WANT CMD...: exit 2, one line, WANT in it, no "file:" URI.
says() {
	name=$1 want=$2; shift 2
	env "$@" >"$T/out" 2>"$T/err" </dev/null; rc=$?
	if [ $rc -eq 2 ] && [ "$(lines "$T/err")" -eq 1 ] &&
	    grep -qF -- "$want" "$T/err" && ! grep -q 'file:\|mode=ro' "$T/err"; then
		ok "$name: $(cat "$T/err")"
	else
		notok "$name: exit $rc, $(lines "$T/err") lines, want '$want'"
		diag
	fi
}
says "LORE_DB=/ : list" "/: is a directory" LORE_DB=/ "$LORE" list
says "LORE_DB=/ : import" "/: is a directory" LORE_DB=/ "$LORE" import "$T/two.lore"
says "a directory as the bundled corpus" "$T: is a directory" \
    LORE_DB="$T/none.db" LORE_CORPUS="$T" "$LORE" list
head -c 50 "$LORE_DB" >"$T/tiny.db"
says "a 50-byte bundled corpus" "tiny.db: damaged: truncated to 50 bytes" \
    LORE_DB="$T/none.db" LORE_CORPUS="$T/tiny.db" "$LORE" list
says "a 50-byte user database" "tiny.db: damaged: truncated" \
    LORE_DB="$T/tiny.db" "$LORE" list
says "a text file as the database says what it is" \
    "text.db: not a lore database" LORE_DB="$T/text.db" "$LORE" list
says "a text file as the bundled corpus" "text.db: not a lore database" \
    LORE_DB="$T/none.db" LORE_CORPUS="$T/text.db" "$LORE" list
says "a device as the database" "/dev/null: is a device" \
    LORE_DB=/dev/null "$LORE" list
# A FIFO: a read-only open blocks until someone writes to it, and SQLite
# retries it through SIGTERM; lore must look first (timeout -s KILL).
mkfifo "$T/fifo.db"
says "a FIFO as the database: list" "fifo.db: is a FIFO" \
    LORE_DB="$T/fifo.db" timeout -s KILL 10 "$LORE" list
says "a FIFO as the database: import" "fifo.db: is a FIFO" \
    LORE_DB="$T/fifo.db" timeout -s KILL 10 "$LORE" import "$T/two.lore"
says "a FIFO as the bundled corpus" "fifo.db: is a FIFO" \
    LORE_DB="$T/none.db" LORE_CORPUS="$T/fifo.db" timeout -s KILL 10 "$LORE" list

# Bytes flipped all over the file: whatever SQLite notices, lore must not
# crash (a signal or an exit above 2) and must not write into it.
python3 - "$LORE_DB" "$T" <<'PY'
import random, sys
data = open(sys.argv[1], 'rb').read()
rnd = random.Random(7)
for k in range(12):
    b = bytearray(data)
    for _ in range(8):
        i = rnd.randrange(100, len(b))
        b[i] ^= 1 << rnd.randrange(8)
    open('%s/flip%d.db' % (sys.argv[2], k), 'wb').write(bytes(b))
PY
bad=0
for k in 0 1 2 3 4 5 6 7 8 9 10 11; do
	for cmd in "list" "define alpha" "search -H a" "--json define beta"; do
		# shellcheck disable=SC2086
		LORE_DB=$T/flip$k.db "$LORE" $cmd >/dev/null 2>"$T/err"
		rc=$?
		[ $rc -le 2 ] || { bad=$((bad + 1)); echo "# flip$k $cmd: exit $rc"; }
	done
done
check "12 files with flipped bits: no crash in 48 runs" '[ $bad -eq 0 ]'

# Read-only: as root, permissions do not apply, so run as nobody.
asuser=$(unprivileged)
mkdir "$T/ro"
cp "$LORE_DB" "$T/ro/user.db"
chmod 755 "$T"
chmod 444 "$T/ro/user.db"
chmod 555 "$T/ro"
if [ "$asuser" = none ]; then
	skip "read-only database (root without setpriv)"
	skip "read-only database (root without setpriv)"
	skip "read-only directory (root without setpriv)"
	skip "read-only directory (root without setpriv)"
else
	fails "read-only database: import" "$T/ro/user.db" $asuser "$LORE" import "$T/two.lore"
	env LORE_DB="$T/ro/user.db" $asuser "$LORE" list >"$T/out" 2>"$T/err"; rc=$?
	check "read-only database: list still works" \
	    '[ $rc -eq 0 ] && grep -qx alpha "$T/out"'
	chmod u+w "$T/ro"; chmod 644 "$T/ro/user.db"; chmod 555 "$T/ro"
	fails "writable database in a read-only directory: import" \
	    "$T/ro/user.db" $asuser "$LORE" import "$T/two.lore"
	env LORE_DB="$T/ro/new.db" $asuser "$LORE" import "$T/two.lore" \
	    >"$T/out" 2>"$T/err"; rc=$?
	check "new database in a read-only directory: one message, exit 2" \
	    '[ $rc -eq 2 ] && [ "$(lines "$T/err")" -eq 1 ] && [ ! -e "$T/ro/new.db" ]'
fi
chmod u+w "$T/ro"

# A full disk: a file-size limit makes write() fail with EFBIG (SIGXFSZ
# ignored, as a full disk gives ENOSPC, not a signal).
python3 -c "
import sys
for i in range(3000):
    sys.stdout.write('@term big%d\n\nBody number %d, with text to fill pages.\n\n' % (i, i))" >"$T/big.lore"
cp "$LORE_DB" "$T/full.db"
s=$(cksum <"$T/full.db")
( trap '' XFSZ; ulimit -f 400; LORE_DB=$T/full.db exec "$LORE" import "$T/big.lore" ) \
    >"$T/out" 2>"$T/err"; rc=$?
check "full disk: exit 2, one message naming the database" \
    '[ $rc -eq 2 ] && [ "$(lines "$T/err")" -eq 1 ] && grep -q "full.db" "$T/err"'
check "full disk: database unchanged" '[ "$(cksum <"$T/full.db")" = "$s" ]'
check "full disk: no journal left behind" '[ ! -e "$T/full.db-journal" ] || [ ! -s "$T/full.db-journal" ]'

# A real full disk: a 4 MiB tmpfs (a new database of 64 KiB pages
# takes 1.5 MiB), files of 300 entries imported into a
# database on it until one does not fit. That one gets one message
# saying the disk is full; every earlier file is there, intact.
if small_fs "$T/small" 4m; then
	LORE_DB=$T/small/user.db "$LORE" import "$T/two.lore" >/dev/null 2>&1
	k=0 rc=0
	while [ $k -lt 60 ]; do
		k=$((k + 1))
		python3 -c "
import sys
for i in range(300):
    sys.stdout.write('@term f%dt%d\n\nBody %d of file %d, with words to fill the pages of the database.\n\n' % ($k, i, i, $k))" >"$T/f$k.lore"
		LORE_DB=$T/small/user.db "$LORE" import "$T/f$k.lore" >"$T/out" 2>"$T/err"
		rc=$?
		[ $rc -eq 0 ] || break
	done
	check "ENOSPC: file $k of 300 entries does not fit: exit 2, one message, 'disk is full'" \
	    '[ $rc -eq 2 ] && [ "$(lines "$T/err")" -eq 1 ] && grep -q "user.db: the disk is full" "$T/err"'
	LORE_DB=$T/small/user.db LORE_CORPUS=$T/none.db "$LORE" list >"$T/out" 2>&1
	check "ENOSPC: the $((k - 1)) files before it are all there" \
	    '[ "$(grep -c "^f[0-9]*t" "$T/out")" -eq $(( (k - 1) * 300 )) ] && grep -qx alpha "$T/out"'
	check "ENOSPC: none of the file that did not fit" '! grep -q "^f${k}t" "$T/out"'
	python3 "$srcdir/tests/fault/dbcheck.py" "$T/small/user.db" >"$T/err" 2>&1; rc=$?
	check "ENOSPC: integrity_check passes" '[ $rc -eq 0 ]'
else
	for i in 1 2 3 4; do skip "ENOSPC: cannot mount a tmpfs (needs root)"; done
fi

# Output to a full disk (/dev/full): lore says it could not write it,
# rather than ending with status 2 and no word; a quiz's grade is saved
# all the same. A reader that went away (| head) is not worth a message.
"$LORE" list >/dev/full 2>"$T/err"; rc=$?
check "output to a full disk: exit 2, one message saying so" \
    '[ $rc -eq 2 ] && [ "$(lines "$T/err")" -eq 1 ] && grep -q "cannot write the output: No space left" "$T/err"'
printf '\n3\n' | LORE_PROGRESS=$T/full-p.db LORE_NOW=1710072000 "$LORE" quiz \
    --mode define -n 1 >/dev/full 2>"$T/err"; rc=$?
saved=$(python3 -c "import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM review_log').fetchone()[0])" \
    "$T/full-p.db" 2>&1)
check "a quiz's output to a full disk: exit 2, one message, the grade saved" \
    '[ $rc -eq 2 ] && [ "$(lines "$T/err")" -eq 1 ] && grep -q "cannot write the output" "$T/err" && [ "$saved" = 1 ]'
"$LORE" list 2>"$T/err" | :
check "a reader that goes away (| :): no message" '[ ! -s "$T/err" ]'

# Locked: another process holds an exclusive lock. Briefly, and lore
# waits for it; for longer than lore waits (5 s), and it says so.
hold() {
	python3 -c "
import sqlite3, sys, time
d = sqlite3.connect(sys.argv[1], isolation_level=None)
d.execute('BEGIN EXCLUSIVE')
open(sys.argv[3], 'w').close()
time.sleep(float(sys.argv[2]))
d.execute('ROLLBACK')" "$@"
}
waitfor() { i=0; while [ ! -e "$1" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done; }
hold "$LORE_DB" 1 "$T/held1" &
waitfor "$T/held1"
"$LORE" import "$T/two.lore" >"$T/out" 2>"$T/err"; rc=$?
check "locked for 1 s: import waits and succeeds" '[ $rc -eq 0 ]'
wait
sum1=$(cksum <"$LORE_DB")
hold "$LORE_DB" 7 "$T/held7" &
waitfor "$T/held7"
"$LORE" import "$T/two.lore" >"$T/out" 2>"$T/err"; rc=$?
check "locked for 7 s: import gives up, exit 2, one message" \
    '[ $rc -eq 2 ] && [ "$(lines "$T/err")" -eq 1 ] && grep -q locked "$T/err"'
wait
check "locked: database unchanged" '[ "$(cksum <"$LORE_DB")" = "$sum1" ]'

"$LORE" list >"$T/list1" 2>&1
check "after all of it, the database lists the same terms" \
    'cmp -s "$T/list0" "$T/list1"'
python3 "$srcdir/tests/fault/dbcheck.py" "$LORE_DB" >"$T/err" 2>&1; rc=$?
check "and passes integrity_check" '[ $rc -eq 0 ]'
