# lib.sh - what every shell test shares (tests/cli/lib.sh and
# tests/fault/lib.sh add their own checks on top; tests/tui/script.sh uses
# it as it is): a scratch directory $tmp (also $T) removed at exit, an
# environment of its own inside it, and TAP.
#
# The environment: HOME and every XDG base directory point into $tmp, so
# no test reads the caller's config or data, or depends on whether the
# caller's directories are readable by the user a test switches to;
# LORE_DB too. NO_COLOR is unset. make check sets LORE, LORE_CORPUS,
# srcdir and SEEDS.
#
#   pass DESC          ok N - DESC
#   fail DESC          not ok N - DESC
#   skip REASON        ok N # SKIP REASON
#   diag [FILE]        FILE's first lines as TAP comments ($tmp/err)
#   done_testing       the plan; fails when a test failed
# on_exit may hold more cleanup, run before $tmp is removed.
: "${srcdir:=.}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lore-test.XXXXXX") || exit 99
T=$tmp
on_exit=
trap 'eval "$on_exit"; chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
export HOME="$tmp" XDG_DATA_HOME="$tmp/xdg" XDG_CONFIG_HOME="$tmp/config" \
    XDG_STATE_HOME="$tmp/state" XDG_CACHE_HOME="$tmp/cache" \
    LORE_DB="$tmp/user.db"
unset NO_COLOR

n=0
failed=0
pass() { n=$((n + 1)); echo "ok $n - $1"; }
fail() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }
diag() { [ -f "${1:-$tmp/err}" ] && sed 's/^/# /' "${1:-$tmp/err}" | head -20; :; }
done_testing() {
	echo "1..$n"
	[ "$failed" -eq 0 ]
}
