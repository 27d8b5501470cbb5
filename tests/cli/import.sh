#!/bin/sh
# import.sh - the three line formats of the seed glossaries (A, B, C) on
# fixtures written for the tests (tests/data/seed-[abc].txt), bad input,
# both databases together; then, when ../shared/seeds is there, the seed
# files themselves with their exact counts.
. "$srcdir/tests/cli/lib.sh"
data=$srcdir/tests/data

# ---- the fixtures: every test here runs from a clean clone ----
for spec in a:4 b:3 c:3; do
	fmt=${spec%%:*} want=${spec#*:}
	"$LORE" import --json "$data/seed-$fmt.txt" > "$tmp/rep" 2>> "$tmp/warn"
	is "$?" 0 "import seed-$fmt.txt exits 0"
	is "$(sed -n 's/.*"format":"\([a-z]*\)","entries":\([0-9]*\).*/\1 \2/p' "$tmp/rep")" \
	    "$fmt $want" "seed-$fmt.txt: detected as format $fmt, $want entries"
done
ok "A: a headword met again is reported with file:line" \
    grep -q "seed-a.txt:18: warning: duplicate headword 'token bucket'" "$tmp/warn"
"$LORE" define --raw 'token bucket' > "$tmp/tb"
ok "A: ... and kept as a second sense, not lost" contains "$tmp/tb" "dual of the leaky bucket"
ok "A: a code line that looks like a header stays in its body" \
    contains "$tmp/tb" "for tick in range(steps):"
# Your own database only: the bundled corpus has BLOOM, the model.
"$LORE" --corpus /nonexistent define --raw 'bloom' > "$tmp/bl"
ok "A: an alias finds its term" contains "$tmp/bl" "Bloom filter"
ok "A: a formula line with commas stays in the body" contains "$tmp/bl" '(1 - e^{-kn/m})^k'
"$LORE" define 'hash ring' > "$tmp/ch"
is "$?" 0 "A: a header with spaces after its commas"
ok "A: a lost backslash is healed in the rendering" contains "$tmp/ch" "ℝ"
"$LORE" define --raw 'wal' > "$tmp/wal"
is "$?" 0 "B: an alias of a page entry"
ok "B: the page preamble is no entry" sh -c '! "$0" define "Showing page" >/dev/null 2>&1' "$LORE"
ok "B: a flattened heading gets a paragraph of its own" grep -q '^\*\*Why it works\*\*' "$tmp/wal"
"$LORE" define --raw 'Gossip protocol' > "$tmp/gp"
is "$?" 0 "C: the doubled first title is one entry"
ok "C: the LaTeX is kept as math" grep -qF '$O(\log n)$' "$tmp/gp"
"$LORE" define --raw 'Lamport timestamp' > "$tmp/lt"
ok "C: the alt-text before a formula is gone" grep -qF 'then $C(a)<C(b)$, though' "$tmp/lt"
"$LORE" define 'Sourdough' > /dev/null
is "$?" 0 "C: an off-topic article is imported anyway"
"$LORE" define 'Softmax' > /dev/null
is "$?" 0 "the bundled corpus is still searched"

# ---- the seed files, when ../shared/seeds is present ----
if [ ! -d "$SEEDS" ]; then
	skip "../shared/seeds is not present: the seed files' exact counts"
else
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
	# In the imported terms: bundled bodies may use \displaystyle.
	"$LORE" --corpus /nonexistent search 'displaystyle' > /dev/null; rc=$?
	is "$rc" 1 "format C alt-text and displaystyle wrappers are gone"
	"$LORE" define 'transfer learning' --raw > "$tmp/tl"
	ok "format C keeps the LaTeX as math" grep -q '\$\\mathcal' "$tmp/tl"
	"$LORE" define 'sparse attention mechanism' > /dev/null; rc=$?
	is "$rc" 0 "format B entry is found"
	"$LORE" list | grep -c . > "$tmp/n"
	ok "list covers both databases" test "$(cat "$tmp/n")" -gt 150
fi

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
LORE_DB="$tmp/other.db" "$LORE" import --format a "$data/seed-b.txt" > "$tmp/f" 2>&1
ok "--format forces a reader (format A finds no header in a page)" grep -q 'format A wants' "$tmp/f"
done_testing
