#!/bin/sh
# alias-pack.sh - lore build writes the packed alias names of schema 8
# (table alias_pack, see lore(5)), and a search prints the same bytes
# whether it reads the names from the pack or, the pack emptied as any
# write to alias empties it, from the alias rows.
. "$srcdir/tests/cli/lib.sh"

# sql DB SQL: the first column of the first row, or "error".
sql() {
	python3 -c "
import sqlite3, sys
try:
    d = sqlite3.connect(sys.argv[1])
    r = d.execute(sys.argv[2]).fetchone()
    d.commit()
    print(r[0] if r is not None else '')
except sqlite3.Error as e:
    print('error', e)
" "$1" "$2"
}

# 1,500 terms of two aliases each (about 74 KiB of names, two parts);
# "wibble" ends the first alias of every 50th, and is in no headword or body.
awk 'BEGIN { for (i = 0; i < 1500; i++) {
	printf "@term Entry %04d\n", i
	printf "@aliases alias %04d of an entry of the corpus%s;", i,
	    i % 50 == 7 ? " wibble" : ""
	printf " second %04d\n", i
	printf "@category x\n\nBody of entry %d.\n\n", i
} }' > "$tmp/a.lore"
"$LORE" build "$tmp/a.db" "$tmp/a.lore" > "$tmp/err" 2>&1 ||
    { diag; fail "build a corpus of 1,500 terms"; }
is "$(sql "$tmp/a.db" "SELECT count(*) > 1 AND sum(length(keys)) / 8 =
    (SELECT count(*) FROM alias) FROM alias_pack")" 1 \
    "lore build packs every alias, in more than one part"
"$LORE" --corpus "$tmp/a.db" search --json wibble > "$tmp/pack" 2>&1
is "$(grep -c '"where":"alias"' "$tmp/pack")" 30 \
    "a search finds the 30 terms by an alias"
cp "$tmp/a.db" "$tmp/rows.db"
sql "$tmp/rows.db" "DELETE FROM alias_pack" > /dev/null
is "$(sql "$tmp/rows.db" "SELECT count(*) FROM alias_pack")" 0 \
    "a copy with the pack emptied"
for p in wibble 'second 00[0-4]\d' '^alias 1\d+ of' 'corpus$' 'Entry 0042' \
    'e' 'y'; do
	for f in "" --json; do
		"$LORE" --corpus "$tmp/a.db" search $f -- "$p" > "$tmp/pack" 2>&1
		"$LORE" --corpus "$tmp/rows.db" search $f -- "$p" > "$tmp/rows" \
		    2>&1
		if [ -s "$tmp/pack" ] && cmp -s "$tmp/pack" "$tmp/rows"; then
			pass "search $f /$p/: the same bytes from the pack"
		else
			diff "$tmp/rows" "$tmp/pack" | head -20 > "$tmp/err"
			diag
			fail "search $f /$p/: the same bytes from the pack"
		fi
	done
done
# An import after a write through SQL fills the pack again.
printf '@term Probe\n@aliases frobnicate\n@category x\n\nA probe.\n' \
    > "$tmp/p.lore"
"$LORE" import "$tmp/p.lore" > "$tmp/err" 2>&1 || { diag; fail "import"; }
sql "$LORE_DB" "INSERT INTO alias(term_id, name, fold, pos) SELECT id,
    'quuxify', 'quuxify', 1 FROM term" > /dev/null
is "$(sql "$LORE_DB" "SELECT count(*) FROM alias_pack")" 0 \
    "an alias written through SQL empties the pack"
printf '@term Other\n\nAnother.\n' > "$tmp/o.lore"
"$LORE" import "$tmp/o.lore" > "$tmp/err" 2>&1 || { diag; fail "import"; }
is "$(sql "$LORE_DB" "SELECT instr(names, 'quuxify') > 0 FROM alias_pack")" 1 \
    "the next import packs it with the rest"
done_testing
