#!/bin/sh
# options.sh - global options: numbers out of range are usage errors with a
# message, never silently narrowed or taken as something else.
. "$srcdir/tests/cli/lib.sh"

usage_error() {	# usage_error MESSAGE ARG...: exit 2 and MESSAGE on stderr
	want=$1; shift
	"$LORE" "$@" >"$tmp/out" 2>"$tmp/err"
	[ $? -eq 2 ] && contains "$tmp/err" "$want" && ! [ -s "$tmp/out" ]
}

# 2^32 + 80 read as an int is 80
ok "--width 4294967376 is refused, not taken as 80" \
    usage_error "--width wants 20..1000" --width 4294967376 list
ok "--width 99999999999999999999 (past a long) is refused" \
    usage_error "--width wants 20..1000" --width 99999999999999999999 list
ok "--width 19 is refused" usage_error "--width wants 20..1000" --width 19 list
ok "--width 80x is refused" usage_error "--width wants 20..1000" --width 80x list
ok "--width '' is refused" usage_error "--width wants 20..1000" --width '' list
"$LORE" --width 1000 list >/dev/null 2>&1
is "$?" 0 "--width 1000 is taken"
ok "-n 0 is refused" usage_error "-n wants a positive number" -n 0 quiz
ok "-n 99999999999999999999 is refused" \
    usage_error "-n wants a positive number" -n 99999999999999999999 quiz
ok "--color sometimes is refused" \
    usage_error "--color wants auto, always or never" --color sometimes list
"$LORE" --color never list >/dev/null 2>&1
is "$?" 0 "--color never is taken"

# Input that cannot be read is an error, not an empty document.
"$LORE" render < "$tmp" > "$tmp/out" 2> "$tmp/err"
is "$?" 2 "render from a directory on stdin exits 2"
ok "and says why" contains "$tmp/err" "cannot read the input"

# The man pages are stamped by make: this build's version, no placeholder.
version=$("$LORE" --version)
for m in man/lore.1 man/lore.5; do
	ok "$m names $version" grep -q "\"$version\"" "$m"
	ok "$m has no @placeholder@ left" sh -c "! grep -n '@[a-z_A-Z][a-z_A-Z]*@' '$m'"
done
prefix=$(sed -n 's/^prefix = //p' Makefile)
ok "lore(1) names the corpus under this build's prefix ($prefix)" \
    grep -q "^\.I $prefix/share/lore/corpus\.db" man/lore.1

done_testing
