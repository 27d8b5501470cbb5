# lib.sh - the CLI tests' checks, on top of tests/lib.sh (scratch
# directory, environment, TAP). Source it, call the checks, then
# done_testing.
. "$srcdir/tests/lib.sh"
export LORE_PROGRESS="$tmp/progress.db"

ok() {	# ok DESCRIPTION COMMAND...: passes when the command succeeds
	desc=$1; shift
	if "$@"; then pass "$desc"; else fail "$desc"; fi
}

is() {	# is GOT WANT DESCRIPTION
	if [ "$1" = "$2" ]; then pass "$3"
	else
		fail "$3"
		printf '#   got: %s\n#  want: %s\n' "$1" "$2"
	fi
}

contains() {	# contains FILE TEXT
	grep -qF -- "$2" "$1"
}
