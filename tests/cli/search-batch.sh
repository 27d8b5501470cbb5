#!/bin/sh
# search-batch.sh - a search with more hits than lore renders in line
# (PRINT_ALONE in src/cli/lookup.c) renders them on two threads and writes
# them in order: into a pipe its output is, byte for byte, that of one
# search per hit, each rendered alone, concatenated in A-Z order. With
# more hits than a batch (PRINT_BATCH), batches are rendered while the
# next is collected: the same bytes as searches of a batch each.
. "$srcdir/tests/cli/lib.sh"

# same DB N WHAT ID...: with --color never and always, the search of zqx
# in DB (N hits) prints, byte for byte, what the searches of zqx before
# each id prefix print one after the other; "N WHAT" names the test.
# (Not n: lib.sh counts its tests in n.)
same() {
	db=$1 hits=$2 what=$3
	shift 3
	for c in never always; do
		"$LORE" --corpus "$db" --width 40 --color $c search zqx \
		    > "$tmp/all" 2>&1
		: > "$tmp/one"
		for id in "$@"; do
			"$LORE" --corpus "$db" --width 40 --color $c \
			    search "zqx(?= id$id)" >> "$tmp/one" 2>&1
		done
		if [ "$(grep -c 'Entry [0-9]' "$tmp/all")" -eq \
		    "$(printf %s "$hits" | tr -d ,)" ] &&
		    cmp -s "$tmp/all" "$tmp/one"; then
			pass "$hits hits (--color $c) $what"
		else
			diff "$tmp/one" "$tmp/all" | head -20 > "$tmp/err"
			diag
			fail "$hits hits (--color $c) $what"
		fi
	done
}

awk 'BEGIN { for (i = 0; i < 300; i++) {
	printf "@term Entry %03d\n\n", i
	printf "Lead %d with *emphasis*, `code` and $x_{%d}^2$ before zqx id%03d", i, i, i
	printf " then $\\frac{a}{%d}$ and more words to wrap at forty.\n\n", i
	if (i % 3 == 0)
		printf "$$\\sum_{k=1}^{%d} k^2$$\n\n", i
} }' > "$tmp/many.lore"
"$LORE" build "$tmp/m.db" "$tmp/many.lore" > "$tmp/err" 2>&1 ||
    { diag; fail "build a corpus of 300 terms"; }
same "$tmp/m.db" 300 "print as 300 searches of one hit" \
    $(awk 'BEGIN { for (i = 0; i < 300; i++) printf "%03d ", i }')
# 2,600 hits: three batches of 1,024 and the rest, handed from thread to
# thread; the same as four searches of at most 1,000 hits each.
awk 'BEGIN { for (i = 0; i < 2600; i++) {
	printf "@term Entry %04d\n\n", i
	printf "Lead %d with *emphasis* and $x_{%d}$ before zqx id%04d", i, i, i
	printf " then `code %d` and more words to wrap.\n\n", i
} }' > "$tmp/more.lore"
"$LORE" build "$tmp/b.db" "$tmp/more.lore" > "$tmp/err" 2>&1 ||
    { diag; fail "build a corpus of 2,600 terms"; }
same "$tmp/b.db" 2,600 "print as searches of fewer" 0 1 2
done_testing
