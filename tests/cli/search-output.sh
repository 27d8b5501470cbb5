#!/bin/sh
# search-output.sh - what `lore search` prints for hits on tricky lines
# (tests/data/search-tricky.lore), byte for byte, against what lore printed
# before its printing was made fast (tests/data/search-tricky.out): plain
# and with SGR codes, at several widths, the match at the start, the end,
# in the middle, and longer than a line.
. "$srcdir/tests/cli/lib.sh"

"$LORE" build "$tmp/t.db" "$srcdir/tests/data/search-tricky.lore" \
    > "$tmp/err" 2>&1 || { diag; fail "build the tricky corpus"; }

# print_all: every pattern at every width, with and without colour, each
# run headed by its arguments so a difference says where it is.
print_all() {
	for p in 'zeta' 'frac' '\$' '^\S+' '\S+$' 'e' '.{30}zeta' 'zeta[a-z]' 'a ' '[^ -~]'; do
		for w in 80 40 24 20; do
			for c in never always; do
				echo "== search '$p' --width $w --color $c"
				"$LORE" --corpus "$tmp/t.db" --width "$w" \
				    --color "$c" search "$p"
				echo "== exit $?"
			done
		done
	done
}

print_all > "$tmp/got" 2>&1
if cmp -s "$tmp/got" "$srcdir/tests/data/search-tricky.out"; then
	pass "search hits print as they did, byte for byte"
else
	fail "search hits print as they did, byte for byte"
	diff "$srcdir/tests/data/search-tricky.out" "$tmp/got" > "$tmp/err"
	diag
fi
LC_ALL=C "$LORE" --corpus "$tmp/t.db" search zeta > "$tmp/ascii" 2>&1
ok "in the C locale the hits are ASCII" sh -c "! grep -q '[^ -~]' '$tmp/ascii'"
done_testing
