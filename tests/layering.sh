#!/bin/sh
# layering.sh - the layers stay apart (HACKING, "Layout"): only src/tui
# knows curses, the TUI does not reach into the CLI, the core writes no
# terminal codes and reads no test settings from the environment (main
# reads them and passes them in), and only util.c allocates raw.
: "${srcdir:=.}"
src=$srcdir/src
n=0 failed=0
check() {	# check DESCRIPTION OFFENDERS
	n=$((n + 1))
	if [ -z "$2" ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		printf '%s\n' "$2" | sed 's/^/#   /'
		failed=$((failed + 1))
	fi
}

check "only src/tui includes curses" \
    "$(grep -rlE '#include <n?curses(w)?(/curses)?\.h>' "$src" |
	grep -v "^$src/tui/")"
check "src/tui does not include the CLI's headers" \
    "$(grep -lE '#include "(\.\./)?cli/' "$src"/tui/*.c "$src"/tui/*.h)"
check "src/core does not include the CLI's or the TUI's headers" \
    "$(grep -lE '#include "(\.\./)?(cli|tui)/' "$src"/core/*.c "$src"/core/*.h)"
check "src/core writes no escape sequences (styles are spans)" \
    "$(grep -nE '\\(033|x1[bB]|e)\[' "$src"/core/*.c)"
# util.c's xdg_path reads HOME and the XDG variables: where files live,
# not a test setting
check "src/core reads no environment but the XDG places" \
    "$(grep -n 'getenv' "$src"/core/*.c | grep -v "^$src/core/util.c:")"
# Out of memory is one policy (util.h): a message and exit 2, never a
# NULL that a caller may take for "empty"
check "only util.c calls malloc, calloc, realloc or strdup" \
    "$(grep -nE '(^|[^x_a-z])(malloc|calloc|realloc|reallocarray|strn?dup)\(' \
	"$src"/*.c "$src"/*/*.c | grep -v "^$src/core/util.c:")"
echo "1..$n"
[ "$failed" -eq 0 ]
