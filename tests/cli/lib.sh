# lib.sh - TAP helpers for the CLI tests. Source it, call the checks, then
# done_testing. The environment comes from make check: LORE, LORE_CORPUS,
# srcdir, SEEDS.
n=0
failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lore-cli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export LORE_DB="$tmp/user.db" XDG_DATA_HOME="$tmp/xdg" LORE_PROGRESS="$tmp/progress.db"
# Not the config file of whoever runs the tests.
export XDG_CONFIG_HOME="$tmp/config"
unset NO_COLOR

ok() {	# ok DESCRIPTION COMMAND...: passes when the command succeeds
	desc=$1; shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $desc"
	else echo "not ok $n - $desc"; failed=$((failed + 1)); fi
}

is() {	# is GOT WANT DESCRIPTION
	n=$((n + 1))
	if [ "$1" = "$2" ]; then echo "ok $n - $3"
	else
		echo "not ok $n - $3"
		printf '#   got: %s\n#  want: %s\n' "$1" "$2"
		failed=$((failed + 1))
	fi
}

skip() {	# skip REASON
	n=$((n + 1))
	echo "ok $n # SKIP $1"
}

contains() {	# contains FILE TEXT
	grep -qF -- "$2" "$1"
}

done_testing() {
	echo "1..$n"
	[ "$failed" -eq 0 ]
}
