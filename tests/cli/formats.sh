#!/bin/sh
# formats.sh - lore import of other programs' files: StarDict, dictd, CSV and
# TSV, folders of Markdown notes, Anki's text export and .apkg decks, and
# the dictionaries installed on the system. Every input is made here, by
# python3 or by the format's own tools (stardict-tools' tabfile, dictzip).
. "$srcdir/tests/cli/lib.sh"

export HOME="$tmp/home"
unset STARDICT_DATA_DIR
mkdir -p "$HOME"
py=$(command -v python3)

terms() {	# terms DB: how many terms the database holds
	sqlite3 "$1" 'SELECT count(*) FROM term' 2>/dev/null || echo 0
}

# ---- StarDict, written by python: 64-bit offsets, HTML, synonyms, gzip ----
sd="$tmp/sd"
mkdir -p "$sd"
"$py" - "$sd" <<'EOF'
import gzip, struct, sys
d = sys.argv[1]
arts = [
    ("backprop", b"<b>Backpropagation</b> computes gradients by the <a href=\"bword://chain rule\">chain rule</a>.<br>It runs backwards."),
    ("chain rule", b"The derivative of f(g(x)) is f'(g(x)) g'(x) &amp; more: <ul><li>one</li><li>two</li></ul>"),
    ("chain rule", b"A second sense of the rule."),
]
dic, idx = b"", b""
for w, a in arts:
    idx += w.encode() + b"\0" + struct.pack(">QI", len(dic), len(a))
    dic += a
syn = b"backpropagation\0" + struct.pack(">I", 0)
open(d + "/nn.ifo", "w").write("StarDict's dict ifo file\nversion=3.0.0\n"
    "bookname=Neural nets\nwordcount=3\nsynwordcount=1\nidxfilesize=%d\n"
    "idxoffsetbits=64\nsametypesequence=h\n" % len(idx))
open(d + "/nn.idx", "wb").write(idx)
open(d + "/nn.syn", "wb").write(syn)
with gzip.open(d + "/nn.dict.dz", "wb") as f:
    f.write(dic)
# The same dictionary with its index cut short, and with an offset
# past the end of the articles.
for name, cut in (("cut", idx[:-5]), ("far", idx[:-12] + struct.pack(">QI", 999, 5))):
    open(d + "/%s.ifo" % name, "w").write("StarDict's dict ifo file\n"
        "version=3.0.0\nbookname=Broken\nidxoffsetbits=64\n"
        "sametypesequence=h\n")
    open(d + "/%s.idx" % name, "wb").write(cut)
    open(d + "/%s.dict" % name, "wb").write(dic)
EOF
db="$tmp/sd.db"
"$LORE" --db "$db" import "$sd/nn.ifo" >"$tmp/out" 2>&1
ok "stardict: imports (64-bit offsets, .dict.dz, .syn)" contains "$tmp/out" "3 entries (format stardict): 2 added, 1 merged"
ok "stardict: the summary names the dictionary" contains "$tmp/out" "(Neural nets)"
"$LORE" --db "$db" --corpus /nonexistent --width 80 define backpropagation >"$tmp/out" 2>&1
ok "stardict: a synonym finds its word" contains "$tmp/out" "Backpropagation computes gradients"
ok "stardict: HTML becomes text" sh -c "! grep -q '<b>\|&amp;\|bword' '$tmp/out'"
"$LORE" --db "$db" --corpus /nonexistent --raw define backprop >"$tmp/out" 2>&1
ok "stardict: a bword:// link is a [[link]]" contains "$tmp/out" "[[chain rule]]"
"$LORE" --db "$db" --corpus /nonexistent --width 80 define 'chain rule' >"$tmp/out" 2>&1
ok "stardict: a repeated word is a second sense" contains "$tmp/out" "A second sense of the rule."
ok "stardict: lists become lists" grep -q '^ *[•*-] one' "$tmp/out"
before=$(terms "$db")
"$LORE" --db "$db" import "$sd/cut.ifo" >"$tmp/out" 2>&1
is "$?" 2 "stardict: a truncated .idx exits 2"
ok "stardict: ...and says so, naming the .idx" contains "$tmp/out" "cut.idx: truncated after"
"$LORE" --db "$db" import "$sd/far.idx" >"$tmp/out" 2>&1
is "$?" 2 "stardict: an offset past the articles exits 2"
ok "stardict: ...naming the word" contains "$tmp/out" "points past the end of"
is "$(terms "$db")" "$before" "stardict: a broken dictionary adds nothing"
db2="$tmp/sd2.db"
"$LORE" --db "$db2" import "$sd/nn.dict.dz" >"$tmp/out" 2>&1
ok "stardict: named by its .dict.dz, it imports by its .ifo" contains "$tmp/out" "nn.dict.dz (Neural nets): 3 entries"

# tabfile and dictzip, the format's own tools, where installed.
if [ -x /usr/lib/stardict-tools/tabfile ]; then
	mkdir -p "$tmp/tab"
	printf 'perceptron\tA linear classifier\\nwith a step function.\nepoch\tOne pass over the data.\n' \
	    >"$tmp/tab/ml.txt"
	(cd "$tmp/tab" && /usr/lib/stardict-tools/tabfile ml.txt) >/dev/null 2>&1
	"$LORE" --db "$tmp/tab.db" import "$tmp/tab" >"$tmp/out" 2>&1
	ok "stardict: tabfile's dictionary, named by its folder" contains "$tmp/out" "2 added"
	"$LORE" --db "$tmp/tab.db" --corpus /nonexistent define perceptron >"$tmp/out" 2>&1
	ok "stardict: tabfile's \\n is a line break" grep -q '^with a step function\.' "$tmp/out"
else
	skip "stardict-tools not installed"
	skip "stardict-tools not installed"
fi

# ---- dictd, written by python, compressed by dictzip where installed ----
dd="$tmp/dd"
mkdir -p "$dd"
"$py" - "$dd" <<'EOF'
import sys
d = sys.argv[1]
B = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
def b64(v):
    s = ""
    while True:
        s = B[v % 64] + s
        v //= 64
        if v == 0:
            return s
arts = [
    ("00-database-short", "00-database-short\n     Test Computing Terms\n"),
    ("00-database-info", "00-database-info\n  Written for lore's tests.\n"),
    ("cache", "cache\n\n   <storage, hardware> A small fast memory holding recent\n   {main memory} contents; see {cache line}.\n\n"
              "       hit ratio = hits / accesses\n\n   (2024-05-01)\n"),
    ("cache", "cache\n\n   <jargon> To keep something close at hand.\n"),
    ("main memory", "main memory\n\n   <hardware> The {RAM} a processor addresses; see\n   {cache (http://example.org/cache)}.\n"),
    ("!", "!\n\n   <character> Exclamation mark.\n"),
]
dic, idx = "", ""
for w, a in arts:
    idx += "%s\t%s\t%s\n" % (w, b64(len(dic.encode())), b64(len(a.encode())))
    dic += a
open(d + "/terms.index", "w").write(idx)
open(d + "/terms.dict", "w").write(dic)
open(d + "/bad.index", "w").write("word\tA\tZZZ\n")
open(d + "/bad.dict", "w").write("short\n")
open(d + "/ugly.index", "w").write("word\tA!\tB\n")
open(d + "/ugly.dict", "w").write("word\n")
EOF
command -v dictzip >/dev/null && dictzip "$dd/terms.dict"
db="$tmp/dd.db"
"$LORE" --db "$db" import "$dd/terms.index" >"$tmp/out" 2>&1
ok "dictd: imports (its 00-database entries are not terms)" contains "$tmp/out" "3 entries (format dictd): 2 added, 1 merged"
ok "dictd: 00-database-short names the dictionary" contains "$tmp/out" "(Test Computing Terms)"
ok "dictd: a headword with no letter is skipped and counted" contains "$tmp/out" "1 empty skipped"
is "$(sqlite3 "$db" "SELECT count(*) FROM term WHERE headword LIKE '00%'")" 0 "dictd: no 00-database term"
is "$(sqlite3 "$db" "SELECT title || '|' || notes FROM source")" \
    "Test Computing Terms|Written for lore's tests." "dictd: ...they are the source's name and notes"
"$LORE" --db "$db" --corpus /nonexistent --width 80 define cache >"$tmp/out" 2>&1
ok "dictd: the subject is the category" contains "$tmp/out" "cache  [storage]"
ok "dictd: wrapped lines are joined" contains "$tmp/out" "A small fast memory holding recent main memory contents"
ok "dictd: an indented example stays a line" grep -q 'hit ratio = hits / accesses' "$tmp/out"
ok "dictd: repeated headwords are numbered senses" grep -q '^2\. ' "$tmp/out"
ok "dictd: {cross-references} are related terms" grep -q '^Related: .*main memory' "$tmp/out"
"$LORE" --db "$db" --corpus /nonexistent --raw define 'main memory' >"$tmp/out" 2>&1
ok "dictd: {text (URL)} is text, not a link" sh -c "grep -q 'cache (http://example.org/cache)' '$tmp/out' && ! grep -q '\[\[cache (' '$tmp/out'"
"$LORE" --db "$db" import "$dd/bad.index" >"$tmp/out" 2>&1
is "$?" 2 "dictd: an offset past the end exits 2"
ok "dictd: ...naming the line and the word" contains "$tmp/out" "bad.index:1: 'word' points past the end"
"$LORE" --db "$db" import --format dictd "$dd/ugly.index" >"$tmp/out" 2>&1
ok "dictd: a line that is not an index line is named" contains "$tmp/out" "ugly.index:1: not a dictd index line"

# ---- installed dictionaries ----
mkdir -p "$HOME/.stardict/dic"
cp "$sd"/nn.* "$HOME/.stardict/dic/"
"$LORE" import --list >"$tmp/out" 2>&1
ok "--list: a dictionary in ~/.stardict/dic, with its word count" grep -q '^nn  *stardict  *3 words  Neural nets' "$tmp/out"
"$LORE" --db "$tmp/named.db" import nn >"$tmp/out" 2>&1
ok "import NAME: an installed dictionary by its name" contains "$tmp/out" ".stardict/dic/nn.ifo (Neural nets): 3 entries"

if [ -f /usr/share/dictd/foldoc.index ]; then
	"$LORE" import --list >"$tmp/out" 2>&1
	ok "--list: FOLDOC from /usr/share/dictd" grep -q '^foldoc  *dictd  *1[0-9][0-9][0-9][0-9] words' "$tmp/out"
	"$LORE" --db "$tmp/foldoc.db" import foldoc >"$tmp/out" 2>&1
	added=$(sed -n 's/.* \([0-9]*\) added.*/\1/p' "$tmp/out")
	ok "FOLDOC: over 11,000 terms, one an article ($added)" test "${added:-0}" -gt 11000
	names=$(sqlite3 "$tmp/foldoc.db" "SELECT (SELECT count(*) FROM term) + (SELECT count(*) FROM alias)")
	ok "FOLDOC: over 14,000 names with the aliases ($names)" test "${names:-0}" -gt 14000
	"$LORE" --db "$tmp/foldoc.db" --corpus /nonexistent --width 80 define adt >"$tmp/out" 2>&1
	ok "FOLDOC: ADT is an alias of abstract data type, not a copy of it" sh -c "head -2 '$tmp/out' | grep -q '^abstract data type' && grep -q '^Also: ADT' '$tmp/out' && ! grep -q '^abstract data type ADT' '$tmp/out'"
	"$LORE" --db "$tmp/foldoc.db" --corpus /nonexistent --width 80 define compiler >"$tmp/out" 2>&1
	ok "FOLDOC: compiler reads as text" contains "$tmp/out" "machine language"
	ok "FOLDOC: ...with its cross-references as related terms" sh -c "sed -n '/^Related:/,\$p' '$tmp/out' | grep -q assembler"
	ok "FOLDOC: ...and no braces left" sh -c "! grep -q '[{}]' '$tmp/out'"
else
	skip "dict-foldoc not installed"; skip "dict-foldoc not installed"
	skip "dict-foldoc not installed"; skip "dict-foldoc not installed"
	skip "dict-foldoc not installed"; skip "dict-foldoc not installed"
fi

# ---- CSV and TSV ----
cat >"$tmp/g.csv" <<'EOF'
Term,Definition,Category,Aliases
"Gradient descent","Steps against the gradient, scaled by $\eta$.
A ""quoted"" word on a second line.",optimization,GD; steepest descent
Adam,"An optimizer with moments",optimization,
EOF
db="$tmp/csv.db"
"$LORE" --db "$db" import "$tmp/g.csv" >"$tmp/out" 2>&1
ok "csv: a header picks the columns" contains "$tmp/out" "2 entries (format csv): 2 added"
"$LORE" --db "$db" --corpus /nonexistent --width 80 define 'steepest descent' >"$tmp/out" 2>&1
ok "csv: quoted commas and newlines stay in the field" contains "$tmp/out" "Steps against the gradient, scaled by η."
ok "csv: \"\" is a quote" contains "$tmp/out" 'A "quoted" word'
ok "csv: the category column" contains "$tmp/out" "Gradient descent  [optimization]"
printf 'Bias\tError of the average model\nVariance\tSpread of the models\n' >"$tmp/b.tsv"
"$LORE" --db "$db" import "$tmp/b.tsv" >"$tmp/out" 2>&1
ok "tsv: no header means term, definition" contains "$tmp/out" "2 entries (format csv): 2 added"
printf 'x,Kernel,ml,A similarity function\n' >"$tmp/c.csv"
"$LORE" --db "$db" import --columns -,term,category,definition "$tmp/c.csv" >"$tmp/out" 2>&1
"$LORE" --db "$db" --corpus /nonexistent define kernel >"$tmp/out" 2>&1
ok "csv: --columns names them" contains "$tmp/out" "A similarity function"
before=$(terms "$db")
printf 'term,definition\nok,fine\nbad,"never closed\nmore,rows\n' >"$tmp/d.csv"
"$LORE" --db "$db" import "$tmp/d.csv" >"$tmp/out" 2>&1
is "$?" 2 "csv: an unclosed quote exits 2"
ok "csv: ...naming the line it opened on" contains "$tmp/out" 'd.csv:3: a quoted field opened here never closes'
is "$(terms "$db")" "$before" "csv: ...and adds nothing"

# ---- a folder of Markdown notes ----
v="$tmp/vault"
mkdir -p "$v/deep/er" "$v/.obsidian" "$v/.trash"
cat >"$v/attn.md" <<'EOF'
---
title: Attention
aliases: [attn, "self-attention"]
tags:
  - ml
  - nlp
---
# Attention

Weights values by $\mathrm{softmax}(QK^T)$; see [[Transformer#History|transformers]] and
[[Transformer]]. ![[diagram.png]]
EOF
printf 'A stack of [[Attention]] layers.\n' >"$v/deep/er/Transformer.md"
printf 'settings\n' >"$v/.obsidian/app.md"
printf 'deleted\n' >"$v/.trash/Old.md"
db="$tmp/notes.db"
"$LORE" --db "$db" import "$v" >"$tmp/out" 2>&1
ok "notes: a folder, recursive, hidden folders skipped" contains "$tmp/out" "2 entries (format notes): 2 added"
ok "notes: embedded images are counted, not kept" contains "$tmp/out" "1 image or sound left out"
"$LORE" --db "$db" --corpus /nonexistent --width 80 define attn >"$tmp/out" 2>&1
ok "notes: title and aliases from the front matter" contains "$tmp/out" "Also: attn, self-attention"
ok "notes: the first tag is the category" contains "$tmp/out" "Attention  [ml]"
ok "notes: a heading equal to the name is not repeated" sh -c "! grep -q '^Attention$' '$tmp/out'"
ok "notes: math as in lore's format" contains "$tmp/out" "softmax(QKᵀ)"
"$LORE" --db "$db" --corpus /nonexistent --raw define attention >"$tmp/out" 2>&1
ok "notes: [[T#Section|label]] links to the note" contains "$tmp/out" "[[Transformer|transformers]]"
mkdir -p "$tmp/empty"
"$LORE" --db "$db" import "$tmp/empty" >"$tmp/out" 2>&1
is "$?" 2 "notes: a folder with nothing lore reads exits 2"

# ---- Anki: lore's own export reads back exactly ----
"$LORE" export --anki "$tmp/deck.txt" >/dev/null 2>&1
db="$tmp/anki.db"
"$LORE" --db "$db" import "$tmp/deck.txt" >"$tmp/out" 2>&1
nt=$(sqlite3 "$LORE_CORPUS" 'SELECT count(*) FROM term')
ok "anki: lore's export imports whole ($nt notes)" contains "$tmp/out" "$nt entries (format anki): $nt added"
same=$(sqlite3 "$db" "ATTACH '$LORE_CORPUS' AS b;
  SELECT count(*) FROM term t JOIN b.term u ON u.headword = t.headword
  JOIN category c ON c.id = t.category_id JOIN b.category d ON d.id = u.category_id
  WHERE t.body = u.body AND c.name = d.name AND
  (SELECT group_concat(name, '|') FROM (SELECT name FROM alias WHERE term_id = t.id ORDER BY pos)) IS
  (SELECT group_concat(name, '|') FROM (SELECT name FROM b.alias WHERE term_id = u.id ORDER BY pos))")
is "$same" "$nt" "anki: every term's body, aliases and category read back exactly"

# The corners of that inverse: a dollar that is not math, an escaped one,
# a display with a LaTeX line break (\\[2mm]), a link and an alias with a
# comma.
cat >"$tmp/edge.lore" <<'EOF'
@term Edge case
@aliases Bin(n, p); edge
@category fundamentals

An **edge case** costs $0.70 here and \$5 there, links to [[Edge case]] and shows
$$\begin{cases} a, & x > 0 \\[2mm] b & \text{otherwise} \end{cases}$$
and $x_1 < y$ inline.
EOF
"$LORE" build "$tmp/edge.db" "$tmp/edge.lore" >/dev/null 2>&1
"$LORE" --corpus "$tmp/edge.db" --db "$tmp/none.db" export --anki "$tmp/edge.txt" >/dev/null 2>&1
"$LORE" --corpus /nonexistent --db "$tmp/edge-in.db" import "$tmp/edge.txt" >/dev/null 2>&1
is "$(sqlite3 "$tmp/edge-in.db" "SELECT body FROM term")" \
    "$(sqlite3 "$tmp/edge.db" "SELECT body FROM term")" \
    "anki: dollars, escaped dollars, a \\\\[2mm] and a link read back exactly"
is "$(sqlite3 "$tmp/edge-in.db" "SELECT group_concat(name, '|') FROM alias")" "Bin(n, p)|edge" \
    "anki: an alias with a comma reads back whole"

printf '#separator:comma\n#html:true\n#notetype column:1\n#deck column:2\nBasic,ML,"<div>What is <b>dropout</b>?</div>","Zeroes units at random.<br>[sound:d.mp3]"\nCloze,ML,"{{c1::Weight decay}} adds \\(\\lambda\\|w\\|^2\\) to the loss.",\n' >"$tmp/anki.txt"
db="$tmp/anki2.db"
"$LORE" --db "$db" import "$tmp/anki.txt" >"$tmp/out" 2>&1
ok "anki: a text export with notetype and deck columns" contains "$tmp/out" "2 entries (format anki): 2 added"
ok "anki: [sound:] is counted" contains "$tmp/out" "1 image or sound left out"
is "$(sqlite3 "$db" "SELECT group_concat(headword, '|') FROM (SELECT headword FROM term ORDER BY headword)")" \
    "Weight decay|What is dropout?" "anki: a bold word in a question is no ** in the headword"
"$LORE" --db "$db" --corpus /nonexistent --raw define 'weight decay' >"$tmp/out" 2>&1
ok "anki: a cloze note's term is its deletion, MathJax is math" contains "$tmp/out" 'Weight decay adds $\lambda\|w\|^2$ to the loss.'

# ---- Anki decks: .apkg with an old and a new collection ----
"$py" - "$tmp" <<'EOF'
import io, json, sqlite3, subprocess, sys, zipfile
t = sys.argv[1]
def deck(path, newer):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE col (id INTEGER PRIMARY KEY, models TEXT)")
    db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, guid TEXT, mid INTEGER,"
               " mod INTEGER, usn INTEGER, tags TEXT, flds TEXT, sfld TEXT,"
               " csum INTEGER, flags INTEGER, data TEXT)")
    if newer:
        db.execute("CREATE TABLE fields (ntid INTEGER, ord INTEGER, name TEXT, config BLOB)")
        db.execute("INSERT INTO fields VALUES (7, 0, 'Meaning', x''), (7, 1, 'Word', x'')")
        db.execute("INSERT INTO col VALUES (1, '{}')")
    else:
        db.execute("INSERT INTO col VALUES (1, ?)", (json.dumps({"7": {"name": "Vocab",
            "flds": [{"name": "Meaning", "ord": 0}, {"name": "Word", "ord": 1}]}}),))
    db.execute("INSERT INTO notes VALUES (1, 'a', 7, 0, 0, ' deep-learning ', ?, '', 0, 0, '')",
               ("Fits the <i>noise</i> of the training set.<br><img src=\"o.png\">\x1fOverfitting",))
    data = db.serialize()
    name = "collection.anki2"
    if newer:
        data = subprocess.run(["zstd", "-q", "-c"], input=data, stdout=subprocess.PIPE).stdout
        name = "collection.anki21b"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(name, data)
        if newer:   # what a new Anki writes for old ones to read
            z.writestr("collection.anki2", b"not the collection")
        z.writestr("media", "{}")
        z.writestr("0", b"\x89PNG")
deck(t + "/old.apkg", False)
deck(t + "/new.apkg", True)
with zipfile.ZipFile(t + "/none.apkg", "w") as z:
    z.writestr("media", "{}")
EOF
db="$tmp/apkg.db"
"$LORE" --db "$db" import "$tmp/old.apkg" >"$tmp/out" 2>&1
ok "apkg: collection.anki2 (field names in col.models)" contains "$tmp/out" "1 entry (format apkg): 1 added"
"$LORE" --db "$db" --corpus /nonexistent --width 80 define overfitting >"$tmp/out" 2>&1
ok "apkg: the field names decide term and definition" contains "$tmp/out" "Fits the noise of the training set."
ok "apkg: the first tag is the category" contains "$tmp/out" "Overfitting  [deep-learning]"
if command -v zstd >/dev/null; then
	"$LORE" --db "$tmp/apkg2.db" import "$tmp/new.apkg" >"$tmp/out" 2>&1
	ok "apkg: collection.anki21b (zstd, fields table) before collection.anki2" contains "$tmp/out" "1 entry (format apkg): 1 added"
	ok "apkg: media files are counted" contains "$tmp/out" "image"
else
	skip "zstd not installed"; skip "zstd not installed"
fi
"$LORE" --db "$db" import "$tmp/none.apkg" >"$tmp/out" 2>&1
is "$?" 2 "apkg: a zip without a collection exits 2"
ok "apkg: ...and says so" contains "$tmp/out" "a zip without an Anki collection"

# libzip brings libcrypto: 4.5M instructions of relocation at every start.
if command -v readelf >/dev/null; then
	ok "apkg: libzip and libzstd are opened for a deck, not linked" \
	    sh -c "! readelf -d '$LORE' | grep NEEDED | grep -q 'libzip\|libzstd\|libcrypto'"
else
	skip "no readelf"
fi

# ---- what lore cannot read ----
"$LORE" --db "$db" import --format nonsense "$tmp/g.csv" >"$tmp/out" 2>&1
is "$?" 2 "--format with an unknown name exits 2"
ok "...listing the formats" contains "$tmp/out" "stardict, dictd, csv, notes, anki, apkg"

done_testing
