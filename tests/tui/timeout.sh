#!/bin/sh
# timeout.sh - vtrun's waits scale with the machine: a screen that takes
# longer than the old fixed 5 s (as on a loaded machine) still passes by
# default, and LORE_TEST_TIMEOUT_SCALE shortens or lengthens every wait.
if [ -z "$VTRUN" ] || [ ! -x "$VTRUN" ]; then
	echo "1..0 # SKIP vtrun not built (no libvterm)"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lore-timeout.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
export HOME="$tmp" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" \
    XDG_STATE_HOME="$tmp/state" XDG_CACHE_HOME="$tmp/cache"
printf 'wait ready\nexit 0\n' >"$tmp/slow.vt"
echo "1..3"

# a program that needs 6 s before its screen is right
vt() {
	"$VTRUN" -o "$tmp" -n slow "$tmp/slow.vt" -- \
	    sh -c 'sleep 6; echo ready' >"$tmp/out" 2>&1
}

unset LORE_TEST_TIMEOUT_SCALE
vt
if grep -q '^not ok' "$tmp/out"; then
	echo "not ok 1 - a 6 s screen passes with the default timeout"
	sed 's/^/# /' "$tmp/out"
else
	echo "ok 1 - a 6 s screen passes with the default timeout"
fi

LORE_TEST_TIMEOUT_SCALE=0.1 vt
if grep -q '^not ok.*ready' "$tmp/out"; then
	echo "ok 2 - LORE_TEST_TIMEOUT_SCALE=0.1 gives up after 2 s"
else
	echo "not ok 2 - LORE_TEST_TIMEOUT_SCALE=0.1 gives up after 2 s"
	sed 's/^/# /' "$tmp/out"
fi

LORE_TEST_TIMEOUT_SCALE=fast vt
if [ -s "$tmp/out" ] && grep -q 'LORE_TEST_TIMEOUT_SCALE' "$tmp/out"; then
	echo "ok 3 - a scale that is not a number is refused"
else
	echo "not ok 3 - a scale that is not a number is refused"
	sed 's/^/# /' "$tmp/out"
fi
