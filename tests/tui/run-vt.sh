#!/bin/sh
# run-vt.sh SCRIPT.vt - run one pty screen test with vtrun; TAP on stdout.
#
# Directives in the script:
#   #@ size ROWS COLS      terminal size (default 24 80)
#   #@ env NAME=VALUE      extra environment for lore
#   #@ shell COMMAND       run COMMAND with sh -c instead of lore itself
#                          ($LORE is lore's path inside it)
#   #@ config LINE         a line of lore's config file
#   #@ need PROGRAM        skip the test when PROGRAM is not installed
#   #@ corpus FILE...      build the corpus from these lore files (under
#                          $srcdir) instead of tests/data/mini.lore
# lore runs on tests/data/mini.lore, built fresh for every test, with no
# user config, so screens never change when the bundled corpus grows.
vt=$1
name=$(basename "$vt" .vt)
: "${srcdir:=.}"
if [ -z "$VTRUN" ] || [ ! -x "$VTRUN" ]; then
	echo "1..0 # SKIP vtrun not built (no libvterm)"
	exit 0
fi
if [ -z "$LORE" ] || [ ! -x "$LORE" ]; then
	echo "1..0 # SKIP no lore binary"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lore-vt.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
set -- "$srcdir/tests/data/mini.lore"
while IFS= read -r line; do
	case $line in
	'#@ corpus '*)	set --
			for f in ${line#'#@ corpus '}; do
				set -- "$@" "$srcdir/$f"
			done ;;
	esac
done <"$vt"
if ! "$LORE" build "$tmp/mini.db" "$@" >"$tmp/build.log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - $name: cannot build the test corpus"
	sed 's/^/# /' "$tmp/build.log"
	exit 0
fi
rows=24 cols=80 shell=
envs="LORE_CORPUS=$tmp/mini.db LORE_DB=$tmp/none.db HOME=$tmp XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_STATE_HOME=$tmp/state XDG_CACHE_HOME=$tmp/cache LORE_PROGRESS=$tmp/progress.db"
while IFS= read -r line; do
	case $line in
	'#@ size '*)	set -- ${line#'#@ size '}; rows=$1 cols=$2 ;;
	'#@ env '*)	envs="$envs ${line#'#@ env '}" ;;
	'#@ shell '*)	shell=${line#'#@ shell '} ;;
	'#@ config '*)	mkdir -p "$tmp/config/lore"
			printf '%s\n' "${line#'#@ config '}" \
			    >>"$tmp/config/lore/config" ;;
	'#@ need '*)	if ! command -v "${line#'#@ need '}" >/dev/null 2>&1
			then
				echo "1..0 # SKIP ${line#'#@ need '} is not" \
				    "installed (setup.sh installs it)"
				exit 0
			fi ;;
	esac
done <"$vt"
mkdir -p tests/tui/out
export LORE
if [ -n "$shell" ]; then
	set -- env $envs sh -c "$shell"
else
	set -- env $envs "$LORE"
fi
"$VTRUN" -r "$rows" -c "$cols" -o tests/tui/out -n "$name" "$vt" -- "$@"
# vtrun printed the plan and the results; its status is in them.
exit 0
