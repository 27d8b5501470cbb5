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
cp "$srcdir/tests/data/mini.lore" "$tmp/rel/m.lore"
( cd "$tmp/rel" && LORE_DB='file:x.db?mode=memory' "$LORE" import m.lore ) \
    >/dev/null 2>&1
ok "LORE_DB=file:x.db?mode=memory is a file of that name" \
    test -s "$tmp/rel/file:x.db?mode=memory"

# An absolute path starting with // is not a URI authority.
"$LORE" --db "/$tmp/slash.db" import "$srcdir/tests/data/mini.lore" >/dev/null 2>"$tmp/err"
is "$?" 0 "a path starting with // imports"
"$LORE" --db "/$tmp/slash.db" list >/dev/null 2>"$tmp/err"
is "$?" 0 "and lists"
[ -s "$tmp/err" ] && sed 's/^/# /' "$tmp/err"

# Where the data goes never depends on the current directory: a relative
# XDG_DATA_HOME or XDG_CONFIG_HOME is ignored (XDG base directory spec),
# a relative or empty HOME gives way to the password database's home,
# and with none of them a command that must write says so.
mkdir -p "$tmp/cwd" "$tmp/home"
cp "$srcdir/tests/data/mini.lore" "$tmp/mini.lore"; chmod 644 "$tmp/mini.lore"
chmod 755 "$tmp"; chmod 777 "$tmp/cwd"
nohome() {	# nohome [ENV...] CMD...: in $tmp/cwd, no LORE_DB/LORE_PROGRESS
	( cd "$tmp/cwd" && env -u LORE_DB -u LORE_PROGRESS -u XDG_DATA_HOME \
	    -u XDG_CONFIG_HOME LORE_CORPUS="$tmp/plain.db" "$@" ) \
	    >"$tmp/out" 2>"$tmp/err"
}
empty_cwd() { [ -z "$(ls -A "$tmp/cwd")" ]; }
nohome HOME="$tmp/home" XDG_DATA_HOME=rel "$LORE" import "$tmp/mini.lore"
is "$?" 0 "XDG_DATA_HOME=rel: import succeeds"
ok "into \$HOME/.local/share/lore, not ./rel" \
    sh -c "[ -s '$tmp/home/.local/share/lore/glossary.db' ] && [ -z \"\$(ls -A '$tmp/cwd')\" ]"

if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
	nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
	nouser="setpriv --reuid=54321 --regid=54321 --clear-groups"
	nohome HOME= $nobody "$LORE" import "$tmp/mini.lore"
	ok "HOME empty: import does not write under ./.local" empty_cwd
	ok "and names the password database's home, not ./" \
	    sh -c "! grep -q '\./\.local' '$tmp/err' && [ \$(wc -l <'$tmp/err') -eq 1 ]"
	[ $? -eq 0 ] || sed 's/^/# /' "$tmp/err"
	nohome HOME=relhome XDG_DATA_HOME=rel $nobody "$LORE" import "$tmp/mini.lore"
	ok "HOME=relhome XDG_DATA_HOME=rel: nothing under the current directory" empty_cwd
	nohome HOME=relhome $nobody "$LORE" quiz -n 1 </dev/null
	ok "HOME=relhome: quiz makes no progress.db under it" empty_cwd

	mkdir -p "$tmp/cwd/relhome/.config/lore" "$tmp/cwd/rel/lore"
	echo 'set theme fromcwd' >"$tmp/cwd/relhome/.config/lore/config"
	echo 'set theme fromrel' >"$tmp/cwd/rel/lore/config"
	printf ':quit\n' >"$tmp/keys"; chmod 644 "$tmp/keys"
	nohome TERM=dumb HOME=relhome XDG_CONFIG_HOME=rel $nobody "$LORE" --script "$tmp/keys"
	ok "HOME=relhome XDG_CONFIG_HOME=rel: the browser reads neither config" \
	    sh -c "! grep -q 'from' '$tmp/err'"
	[ $? -eq 0 ] || sed 's/^/# /' "$tmp/err"
	rm -rf "$tmp/cwd/relhome" "$tmp/cwd/rel"

	if ! getent passwd 54321 >/dev/null 2>&1; then
		nohome HOME= $nouser "$LORE" import "$tmp/mini.lore"; rc=$?
		ok "no home at all: import exits 2 with one message" \
		    sh -c "[ $rc -eq 2 ] && [ \$(wc -l <'$tmp/err') -eq 1 ] &&
		    grep -q 'nowhere to keep your glossary.*LORE_DB' '$tmp/err'"
		[ $? -eq 0 ] || sed 's/^/# /' "$tmp/err"
		nohome HOME= $nouser "$LORE" quiz -n 1 </dev/null; rc=$?
		ok "no home at all: quiz exits 2 naming LORE_PROGRESS" \
		    sh -c "[ $rc -eq 2 ] && grep -q 'progress.*LORE_PROGRESS' '$tmp/err'"
		nohome HOME= $nouser "$LORE" list; rc=$?
		ok "no home at all: list still reads the bundled corpus" \
		    sh -c "[ $rc -eq 0 ] && grep -qx Softmax '$tmp/out'"
		ok "and nothing was written under the current directory" empty_cwd
	else
		skip "uid 54321 has a passwd entry"; skip "uid 54321 has a passwd entry"
		skip "uid 54321 has a passwd entry"; skip "uid 54321 has a passwd entry"
	fi
else
	for i in 1 2 3 4 5 6 7 8 9; do skip "needs root and setpriv to run as another user"; done
fi
done_testing
