#!/bin/sh
# import.sh - the seed files with exact counts; both databases together.
. "$srcdir/tests/cli/lib.sh"

if [ ! -d "$SEEDS" ]; then
	echo "1..0 # SKIP ../shared/seeds is not present"
	exit 0
fi
for spec in 000_1517756f71abf4b5.txt:a:50 001_7eb61901ec7fbee1.txt:b:50 \
    002_8eb0e928e647a5c0.txt:a:50 004_19ffa5c21398b238.txt:c:7; do
	f=${spec%%:*}; rest=${spec#*:}; fmt=${rest%%:*}; want=${rest#*:}
	"$LORE" import --json "$SEEDS/$f" > "$tmp/rep" 2>> "$tmp/warn"; rc=$?
	is "$rc" 0 "import $f exits 0"
	got=$(python3 -c "import json; r=json.load(open('$tmp/rep')); print(r['format'], r['entries'])")
	is "$got" "$fmt $want" "$f: format $fmt, $want entries"
done
ok "duplicates are reported with file:line" grep -q "000_1517756f71abf4b5.txt:[0-9]*: warning: duplicate headword" "$tmp/warn"
"$LORE" import "$SEEDS/000_1517756f71abf4b5.txt" > "$tmp/again" 2>/dev/null
ok "importing a file again replaces its entries" grep -q '50 entries (format a): [0-9]* added, [0-9]* merged, [0-9]* replaced' "$tmp/again"
"$LORE" define 'sparse moe gating' > "$tmp/d"; rc=$?
is "$rc" 0 "an imported term is found"
"$LORE" define 'metapath2vec' > "$tmp/d2"
ok "a format-A term from 002" contains "$tmp/d2" "metapath2vec"
"$LORE" define 'Softmax' > /dev/null
is "$?" 0 "the bundled corpus is still searched"
"$LORE" search 'displaystyle' > /dev/null; rc=$?
is "$rc" 1 "format C alt-text and displaystyle wrappers are gone"
"$LORE" define 'transfer learning' --raw > "$tmp/tl"
ok "format C keeps the LaTeX as math" grep -q '\$\\mathcal' "$tmp/tl"
"$LORE" define 'sparse attention mechanism' > /dev/null; rc=$?
is "$rc" 0 "format B entry is found"
"$LORE" list | grep -c . > "$tmp/n"
ok "list covers both databases" test "$(cat "$tmp/n")" -gt 150

# A malformed file leaves the database as it was.
before=$("$LORE" list | md5sum)
printf '@term Good\n@category x\n\nFine.\n\n@term\n' > "$tmp/bad.lore"
"$LORE" import "$tmp/bad.lore" 2> "$tmp/err"; rc=$?
is "$rc" 2 "a malformed file exits 2"
ok "with file:line: message" grep -q 'bad.lore:6: ' "$tmp/err"
is "$("$LORE" list | md5sum)" "$before" "and the database is unchanged"
printf '@term X\n@category x\n\nA\377B\n' > "$tmp/latin.lore"
"$LORE" import "$tmp/latin.lore" 2> "$tmp/err2"; rc=$?
is "$rc" 2 "invalid UTF-8 exits 2"
ok "invalid UTF-8 names its line" grep -q 'latin.lore:4: invalid UTF-8' "$tmp/err2"
"$LORE" import "$tmp/nonexistent" 2> "$tmp/err3"; rc=$?
is "$rc" 2 "an unreadable file exits 2"
"$LORE" import --format zz "$tmp/bad.lore" 2> /dev/null; rc=$?
is "$rc" 2 "an unknown --format is a usage error"
LORE_DB="$tmp/other.db" "$LORE" import --format a "$SEEDS/000_1517756f71abf4b5.txt" > "$tmp/f" 2>/dev/null
ok "--format forces a reader" grep -q 'format a' "$tmp/f"
done_testing
