#!/bin/sh
# paths.sh - file names are file names: '%', '?' and '#' in the path of a
# database mean themselves (SQLite URIs would decode "%41" as "A" and cut
# the name at '?' or '#'), for the user's glossary, the bundled corpus,
# progress.db, the bundled corpus an import reads mentions from, and the
# second thread of a search.
. "$srcdir/tests/cli/lib.sh"

w="$tmp/d%41?x#y"		# decodes as "dA" and stops at '?'
mkdir "$w" "$tmp/dA"
cp "$LORE_CORPUS" "$w/c%41.db"
export LORE_DB="$w/g%41.db" LORE_CORPUS="$w/c%41.db" LORE_PROGRESS="$w/p%41#1.db"

"$LORE" import "$srcdir/tests/data/mini.lore" >"$tmp/out" 2>"$tmp/err"
is "$?" 0 "import into $LORE_DB"
ok "the file is g%41.db, under its own directory" test -s "$w/g%41.db"
ok "and nothing was written as gA.db or in dA/" \
    sh -c "[ ! -e '$w/gA.db' ] && [ -z \"\$(ls -A '$tmp/dA')\" ]"
"$LORE" list >"$tmp/list" 2>"$tmp/err"; rc=$?
is "$rc" 0 "list reads both databases"
[ "$rc" -eq 0 ] || sed 's/^/# /' "$tmp/err"
ok "a term of the user's database is listed" grep -qx "Softmax" "$tmp/list"
want=$(($(LORE_DB=$tmp/none.db "$LORE" list | wc -l) + 28))
is "$(wc -l <"$tmp/list" | tr -d ' ')" "$want" "and every bundled term"

# The audit's case: g%41.db next to a gA.db that holds something else.
printf '@term Zzyzx only in gA\n\nNot the file asked for.\n' >"$tmp/other.lore"
LORE_DB=$tmp/gA.db "$LORE" import "$tmp/other.lore" >/dev/null 2>&1
LORE_DB=$tmp/g%41.db "$LORE" import "$srcdir/tests/data/mini.lore" >/dev/null 2>&1
LORE_DB=$tmp/g%41.db LORE_CORPUS=$tmp/none.db "$LORE" list >"$tmp/l2" 2>&1
ok "list with LORE_DB=.../g%41.db reads g%41.db, not gA.db" \
    sh -c "grep -qx Softmax '$tmp/l2' && ! grep -q Zzyzx '$tmp/l2'"

# search splits a full scan of the bundled corpus over a second
# connection, which opens the file again by name.
"$LORE" search 'gradient' >"$tmp/s1" 2>"$tmp/err"; rc=$?
is "$rc" 0 "search through the bundled corpus at $LORE_CORPUS"
cp "$LORE_CORPUS" "$tmp/plain.db"; cp "$LORE_DB" "$tmp/plainu.db"
LORE_CORPUS=$tmp/plain.db LORE_DB=$tmp/plainu.db "$LORE" search 'gradient' >"$tmp/s2" 2>&1
ok "finds what it finds at a plain path" cmp -s "$tmp/s1" "$tmp/s2"

# A format-A import links mentions of bundled headwords: it attaches the
# bundled corpus by name.
printf 'zorblax widget,zorblax\n**Zorblax widget** is trained with backpropagation and dropout.\n' >"$tmp/a.txt"
LORE_DB=$tmp/a.db "$LORE" import --format a "$tmp/a.txt" >/dev/null 2>"$tmp/err"
LORE_DB=$tmp/a.db LORE_CORPUS=$tmp/plain.db "$LORE" --json define zorblax >"$tmp/z" 2>&1
ok "an import links mentions of terms of the bundled corpus at that path" \
    grep -q '"related":\["Backpropagation","Dropout"\]' "$tmp/z"
[ $? -eq 0 ] || sed 's/^/# /' "$tmp/z"

# progress.db: a define notes the lookup, stats reads it back.
"$LORE" define softmax >/dev/null 2>&1
"$LORE" quiz --mode recent -n 1 >/dev/null 2>&1 </dev/null
ok "progress.db is p%41#1.db" test -s "$w/p%41#1.db"
ok "and not pA.db or p%41 cut at '#'" \
    sh -c "[ ! -e '$w/pA#1.db' ] && [ ! -e '$w/p%41' ] && [ ! -e '$w/pA' ]"

# A path that starts with "file:" is a file, not a URI.
mkdir "$tmp/rel"
( cd "$tmp/rel" && LORE_DB='file:x.db?mode=memory' "$LORE" import \
    "$srcdir/tests/data/mini.lore" ) >/dev/null 2>&1
ok "LORE_DB=file:x.db?mode=memory is a file of that name" \
    test -s "$tmp/rel/file:x.db?mode=memory"

# An absolute path starting with // is not a URI authority.
"$LORE" --db "/$tmp/slash.db" import "$srcdir/tests/data/mini.lore" >/dev/null 2>"$tmp/err"
is "$?" 0 "a path starting with // imports"
"$LORE" --db "/$tmp/slash.db" list >/dev/null 2>"$tmp/err"
is "$?" 0 "and lists"
[ -s "$tmp/err" ] && sed 's/^/# /' "$tmp/err"
done_testing
