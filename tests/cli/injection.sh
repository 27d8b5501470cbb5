#!/bin/sh
# Terminal injection: escape sequences, C0/C1 controls, bidi overrides and
# invalid UTF-8 in a term's text never reach stdout or stderr raw, whether
# they come through the importer (which cleans them) or sit in a database
# written behind its back (which the output side must clean on its own).
# tests/cli/check-bytes.py is the judge.

: "${LORE:?}" "${srcdir:=.}"
. "$srcdir/tests/fault/lib.sh"
CHECK="python3 $srcdir/tests/cli/check-bytes.py"

# clean NAME CMD...: run CMD, then judge its stdout and stderr.
clean() {
	name=$1; shift
	sgr=
	[ "$1" = --sgr ] && { sgr=--sgr; shift; }
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	if [ $rc -gt 2 ]; then
		notok "$name: exit $rc"
		sed 's/^/# /' "$T/err" | head -5
	elif why=$($CHECK $sgr "$T/out" "$T/err"); then
		ok "$name"
	else
		notok "$name: $why"
	fi
}

command -v python3 >/dev/null 2>&1 || { echo "1..0 # SKIP no python3"; exit 0; }

echo "1..36"

# 1. Through the importer: every hostile byte sequence in every field.
printf '@term evil\033]0;pwned\007 term\n@aliases al\033[2Jias; \302\233c1 alias\n@category cat\342\200\256egory\n@related victim\n\nBody \033[31mred\033[0m, \342\200\256reversed\342\200\254, \342\201\246isolate\342\201\251, \302\205nel, \001soh, \177del, \r cr.\n\n@term victim\n\nThe \033[5mvictim\033[0m.\n' >"$T/hostile.lore"
clean "import a hostile lore file" "$LORE" import "$T/hostile.lore"
clean "define evil" "$LORE" define evil
clean "define --json evil" "$LORE" --json define evil
clean "define --raw evil" "$LORE" --raw define evil
clean "list" "$LORE" list E
clean "search body" "$LORE" search 'red|reversed|isolate'

# Errors quote the file: a bad field line, a headword in "has no body".
printf '@term ok\n@bad\033]0;pwned\007field x\n\nbody\n' >"$T/badfield.lore"
clean "import error naming a hostile field" "$LORE" import "$T/badfield.lore"
printf '@term \033[2Jnobody\342\200\256\n\n' >"$T/nobody.lore"
clean "import error naming a hostile headword" "$LORE" import "$T/nobody.lore"
printf '@term x\n\n\377\376 not UTF-8\n' >"$T/invalid.lore"
clean "import error on invalid UTF-8" "$LORE" import "$T/invalid.lore"
clean "import of a file with a hostile name" "$LORE" import "$T/$(printf 'f\033[2Jile\342\200\256.lore')"

# 2. Behind the importer's back: raw bytes written with SQL. The headword
# keeps its fold, so lookups still find it.
python3 - "$LORE_DB" <<'PY' || { echo "Bail out! cannot write the hostile database"; exit 1; }
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
bad = "X'1b5d303b70776e6564071b5b324ac29bc285e280aee281a6fffee282c0af080d7f'"
t = lambda s: "CAST(X'%s' || %s || X'%s' AS TEXT)" % (s[0].encode().hex(), bad, s[1].encode().hex())
ev = db.execute("SELECT id FROM term WHERE fold LIKE 'evil%'").fetchone()[0]
db.execute("UPDATE term SET headword = %s, body = %s WHERE id = ?" %
    (t(("evil", "term")), t(("Body ", " **bold** $x$\n\n- item"))), (ev,))
db.execute("UPDATE term SET headword = %s WHERE fold = 'victim'" % t(("vic", "tim")))
db.execute("UPDATE alias SET name = %s" % t(("al", "ias")))
db.execute("UPDATE category SET name = %s" % t(("cat", "egory")))
db.execute("UPDATE source SET path = %s" % t(("/tmp/", ".lore")))
db.commit()
PY
ok "hostile database written"
clean "raw db: define evil" "$LORE" define evil
clean "raw db: define --json evil" "$LORE" --json define evil
clean "raw db: define --raw evil" "$LORE" --raw define evil
clean "raw db: define victim (related)" "$LORE" define victim
clean "raw db: list" "$LORE" list E
clean "raw db: list --json" "$LORE" --json list E
clean "raw db: categories" "$LORE" categories
clean "raw db: categories --json" "$LORE" --json categories
clean "raw db: search headwords" "$LORE" search -H 'e.il'
clean "raw db: search --json headwords" "$LORE" --json search -H 'e.il'
clean "raw db: search body" "$LORE" search 'B.dy'
clean "raw db: search --json body" "$LORE" --json search 'B.dy'
clean "raw db: define --color=always" --sgr "$LORE" --color always define evil
clean "raw db: search --color=always" --sgr "$LORE" --color always search 'B.dy|e.il'


# 3. What the user typed: arguments, options and config lines quoted in a
# message are escaped there (ESC as \x1b, RLO as \u202e), not sent raw.
hostile=$(printf 'zz\033]0;pwn\007\342\200\256')
clean "define an argument with escapes" "$LORE" define "$hostile"
if grep -qF "no term 'zz\\x1b]0;pwn\\x07\\u202e'" "$T/err"; then
	ok "and the message shows them as escapes"
else
	notok "and the message shows them as escapes: $(head -1 "$T/err")"
fi
clean "define an argument with invalid UTF-8 and C1" "$LORE" define "$(printf 'a\377\302\233b')"
clean "quiz with a hostile regex (the caret display)" "$LORE" quiz "$(printf '(\033[2J')"
clean "import --format with escapes" "$LORE" import --format "$(printf '\033[2J')" "$T/hostile.lore"
clean "an unknown command with escapes" "$LORE" "$(printf 'x\033]0;pwn\007')"
clean "check of a hostile file name" "$LORE" check "$T/$(printf 'no\033[2Jne\342\200\256.lore')"
clean "--db naming a hostile directory" env LORE_DB="$T/hostile.lore/$(printf 'd\033]0;pwn\007')/y.db" "$LORE" import "$T/hostile.lore"

# The config file and a key script are the user's too (the browser reads
# them; --script runs it without a terminal).
mkdir -p "$T/cfg/lore"
printf 'bind \033]0;pwn\007 quit\nset theme \342\200\256x\302\233\nbind q \377\376\n' >"$T/cfg/lore/config"
printf ':quit\n' >"$T/keys"
clean "config errors quoting escapes" env TERM=dumb XDG_CONFIG_HOME="$T/cfg" "$LORE" --script "$T/keys"
if grep -qF "'\\x1b]0;pwn\\x07' is not a key name" "$T/err"; then
	ok "and the config message shows them as escapes"
else
	notok "and the config message shows them as escapes: $(head -1 "$T/err")"
fi
printf '\033]0;pwn\007\n:bad\033[2J\n:quit\n' >"$T/keys2"
clean "key script errors quoting escapes" env TERM=dumb XDG_CONFIG_HOME="$T/none" "$LORE" --script "$T/keys2"
