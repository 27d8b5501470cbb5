# lib.sh - the fault tests' checks, on top of tests/lib.sh (scratch
# directory $T, environment, TAP): ok and notok report, check evaluates.

: "${LORE:?}"
. "${srcdir:=.}/tests/lib.sh"
MOUNTS=
on_exit='for m in $MOUNTS; do umount "$m" 2>/dev/null; done'

ok() { pass "$1"; }
notok() { fail "$1"; }
check() { if eval "$2"; then ok "$1"; else notok "$1"; diag; fi; }

need_python() {
	command -v python3 >/dev/null 2>&1 || {
		echo "1..0 # SKIP no python3"
		exit 0
	}
}

# unprivileged: the command prefix that runs a command where file
# permissions apply (as nobody when root: setpriv), or "none" when there
# is no way to.
unprivileged() {
	if [ "$(id -u)" -ne 0 ]; then
		echo ""
	elif command -v setpriv >/dev/null 2>&1; then
		echo "setpriv --reuid=65534 --regid=65534 --clear-groups"
	else
		echo none
	fi
}

# An ASan build reserves terabytes of address space: no ulimit -v there.
asan() { grep -q __asan_init "$LORE" 2>/dev/null; }

# A small user database: two terms from one file.
make_db() {
	printf '@term alpha\n@aliases first letter\n\nThe first.\n\n@term beta\n\nThe second.\n' >"$T/two.lore"
	"$LORE" import "$T/two.lore" >/dev/null 2>&1
}

# small_fs DIR SIZE: a tmpfs of SIZE (e.g. 2m) on DIR, for a real full
# disk (ENOSPC). Needs root (mount); false when it cannot be had, and the
# caller skips. Unmounted on exit.
small_fs() {
	mkdir -p "$1" || return 1
	[ "$(id -u)" -eq 0 ] || return 1
	mount -t tmpfs -o "size=$2,mode=0755" tmpfs "$1" 2>/dev/null || return 1
	MOUNTS="$MOUNTS $1"
}

# scratch: one line on the state of $T, for a diagnostic when lore
# printed nothing at all: a full file system (or a $T that is gone) loses
# its stdout and stderr both, and looks like a silent lore.
scratch() {
	if [ ! -d "$T" ]; then
		echo "the scratch directory $T is gone"
	else
		df -Pk "$T" | awk 'NR == 2 { print $4 " KiB free on " $6 }'
	fi
}

# lines FILE: how many lines (messages) a file holds.
lines() { wc -l <"$1" | tr -d ' '; }
