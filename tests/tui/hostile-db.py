#!/usr/bin/env python3
"""hostile-db.py - a user database full of terminal escapes, for hostile.vt.

Imports a lore file whose headwords, aliases, category and bodies hold an
OSC title ("ESC ] 0;pwn BEL"), ESC [2J, CSI as C1 (U+009B), NEL, RLO/PDF
and isolates, SOH and DEL (the importer cleans them), then writes the same
and worse straight into the database behind the importer's back: a raw
8-bit 0x9b, invalid and overlong UTF-8, so that the browser's own output
side is what keeps them off the terminal. LORE and LORE_DB from the
environment."""
import os
import sqlite3
import subprocess

lore, db = os.environ["LORE"], os.environ["LORE_DB"]
src = os.path.join(os.path.dirname(db), "hostile.lore")
E = "\x1b"
with open(src, "w", encoding="utf-8") as f:
    f.write(
        "@term Evil" + E + "]0;pwn\x07 term\n"
        "@aliases al" + E + "[2Jias; \u009bc1 alias\n"
        "@category cat\u202eegory\n"
        "@related Victim\n\n"
        "Body " + E + "[31mred" + E + "[0m, \u202ereversed\u202c, "
        "\u2066isolate\u2069, \u0085nel, \x01soh, \x7fdel. Mentions "
        "[[Victim]] and $x^2$.\n\n"
        "@term Victim\n\nThe " + E + "[5mvictim" + E + "[0m, see [[Evil term]].\n")
subprocess.run([lore, "import", src], check=True, stdout=subprocess.DEVNULL,
               stderr=subprocess.DEVNULL)

# Raw bytes: an OSC title, ESC [2J, a lone 0x9b (8-bit CSI, invalid UTF-8),
# C1 as UTF-8, RLO, LRI, invalid ff fe, truncated e2 82, overlong c0 af,
# BS, CR, DEL.
bad = "X'1b5d303b70776e6564071b5b324a9bc29bc285e280aee281a6fffee282c0af080d7f'"
t = lambda a, b: "CAST(X'%s' || %s || X'%s' AS TEXT)" % (
    a.encode().hex(), bad, b.encode().hex())
d = sqlite3.connect(db)
ev = d.execute("SELECT id FROM term WHERE fold LIKE 'evil%'").fetchone()[0]
d.execute("UPDATE term SET headword = %s, body = %s WHERE id = ?" % (
    t("Evil", " term"), t("Body ", " **bold** pwnbody $x$\n\n- item")), (ev,))
d.execute("UPDATE term SET headword = %s WHERE fold = 'victim'" %
          t("Vic", "tim"))
d.execute("UPDATE alias SET name = %s" % t("al", "ias"))
d.execute("UPDATE category SET name = %s" % t("cat", "egory"))
d.execute("UPDATE related SET name = %s" % t("Vic", "tim"))
d.commit()
