#!/bin/sh
# The browser's config file is not always a file: a FIFO (fopen() blocked
# on it forever, before the screen was even set up), a directory (silently
# ignored), a device. Each gives one message naming the file and the
# browser starts with its defaults; a symlink to a regular file is read.
# The browser runs headless (--script), under timeout.
. "$srcdir/tests/fault/lib.sh"

echo "1..8"
"$LORE" build "$T/mini.db" "$srcdir/tests/data/mini.lore" >/dev/null 2>&1 ||
	{ echo "Bail out! cannot build the test corpus"; exit 1; }
C=$T/config/lore
mkdir -p "$C"
printf ':dump-screen %s\n:quit\n' "$T/screen" >"$T/keys"

# browse: the browser on the mini corpus, 10 s at most; rc and stderr.
browse() {
	rm -f "$T/screen"
	env TERM=dumb LINES=24 COLUMNS=80 LORE_CORPUS="$T/mini.db" \
	    XDG_CONFIG_HOME="$T/config" timeout 10 "$LORE" --script "$T/keys" \
	    >"$T/out" 2>"$T/err"
	rc=$?
}
# refused NAME WHAT: exit 0, the screen drawn, one message saying WHAT.
refused() {
	# The browser opens on the list of the config's errors.
	check "$1: starts (exit $rc, not 124 from timeout) and draws" \
	    '[ $rc -eq 0 ] && grep -q "Errors in the config file" "$T/screen"'
	want=$2
	check "$1: one message, '$2'" \
	    '[ "$(lines "$T/err")" -eq 1 ] && grep -q "config: $want" "$T/err"'
}

mkfifo "$C/config"
browse
refused "a FIFO as the config" "is a FIFO"
rm "$C/config"

mkdir "$C/config"
browse
refused "a directory as the config" "is a directory"
rmdir "$C/config"

ln -s /dev/zero "$C/config"
browse
refused "a symlink to /dev/zero as the config" "is a device"
rm "$C/config"

# A symlink to a regular file is a regular file: it is read (its bad
# line is reported with its number).
printf 'set theme mono\nset bogus 1\n' >"$T/real-config"
ln -s "$T/real-config" "$C/config"
browse
check "a symlink to a file: read, its line 2 reported" \
    '[ $rc -eq 0 ] && grep -q "config:2: unknown setting" "$T/err"'
rm "$C/config"

# Unreadable: as root, permissions do not apply, so run as nobody.
printf 'set theme mono\n' >"$C/config"
chmod 000 "$C/config"
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
	chmod 755 "$T" "$T/config" "$C"; chmod 644 "$T/mini.db" "$T/keys"
	rm -f "$T/screen"
	# nobody may not search the build tree (CI builds in a private
	# mktemp -d): lore and the lore-browser it runs, copied where it may.
	mkdir -p "$T/bin" && cp "$LORE" "$LORE-browser" "$T/bin/" &&
	    chmod 755 "$T/bin" "$T/bin/lore" "$T/bin/lore-browser"
	env TERM=dumb LINES=24 COLUMNS=80 LORE_CORPUS="$T/mini.db" \
	    XDG_CONFIG_HOME="$T/config" timeout 10 setpriv --reuid=65534 \
	    --regid=65534 --clear-groups "$T/bin/lore" --script "$T/keys" \
	    >"$T/out" 2>"$T/err"
	rc=$?
	check "an unreadable config: starts, one message, 'cannot read it'" \
	    '[ $rc -eq 0 ] && [ "$(lines "$T/err")" -eq 1 ] && grep -q "config: cannot read it: Permission denied" "$T/err"'
elif [ "$(id -u)" -ne 0 ]; then
	browse
	check "an unreadable config: starts, one message, 'cannot read it'" \
	    '[ $rc -eq 0 ] && [ "$(lines "$T/err")" -eq 1 ] && grep -q "config: cannot read it: Permission denied" "$T/err"'
else
	skip "unreadable config (root without setpriv)"
fi
