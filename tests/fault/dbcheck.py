#!/usr/bin/env python3
"""dbcheck.py DB [SOURCE...] - integrity of a lore database, for the fault tests.

Runs PRAGMA integrity_check, PRAGMA foreign_key_check, and checks that the
trigram index gram (schema 7, gram.h) lists every term's block for every
trigram of its text (or, in an older file, the FTS5 integrity-check of
term_fts against its text). For each SOURCE, also prints
how many terms came from that file (lore stores its realpath), how many
different first words their bodies have and the first of them ("v7 ..."
marks the version of a file), or "0 0 -".

SQLite 3.40 (Debian bookworm) reports "NULL value in T.C" for NOT NULL
columns of every WITHOUT ROWID table, even when no row holds a NULL (the
NOT NULL check it added to integrity_check reads the wrong column). Such a
line is only believed when a query finds the NULL."""
import os
import re
import sqlite3
import sys

# Read-write: a hot journal left by a killed lore is rolled back on open,
# as lore itself would; the FTS check is written as an INSERT.
db = sqlite3.connect(sys.argv[1], timeout=10, isolation_level=None)
bad = []
for (msg,) in db.execute('PRAGMA integrity_check'):
    if msg == 'ok':
        continue
    m = re.fullmatch(r'NULL value in (\w+)\.(\w+)', msg)
    if m and db.execute('SELECT count(*) FROM "%s" WHERE "%s" IS NULL'
                        % m.groups()).fetchone()[0] == 0:
        continue
    bad.append(msg)
for row in db.execute('PRAGMA foreign_key_check'):
    bad.append('foreign key: %r' % (row,))


def blocks(blob):
    """gram.h's list: delta LEB128 varints, the first from -1."""
    out, b, v, shift = set(), -1, 0, 0
    for c in blob:
        v |= (c & 0x7F) << shift
        shift += 7
        if not c & 0x80:
            b += v
            out.add(b)
            v, shift = 0, 0
    return out


def fold(text):
    t = text.replace('\u017f', 's').replace('\u212a', 'k').encode()
    return bytes(c + 32 if 65 <= c <= 90 else c for c in t)


tables = {n for (n,) in db.execute("SELECT name FROM sqlite_schema")}
if 'gram' in tables:
    gram = {tri: blocks(b) for tri, b in db.execute('SELECT tri, blocks FROM gram')}
    for tid, text in db.execute(
            "SELECT id, headword || coalesce(char(10) || (SELECT"
            " group_concat(name, char(10)) FROM (SELECT name FROM alias"
            " WHERE term_id = term.id ORDER BY pos, fold)), '') ||"
            " char(10) || body FROM term"):
        f = fold(text)
        for i in range(len(f) - 2):
            tri = f[i] << 16 | f[i + 1] << 8 | f[i + 2]
            if tid >> 6 not in gram.get(tri, ()):
                bad.append('gram: term %d not listed for %r' % (tid, f[i:i + 3]))
                break
elif 'term_fts' in tables:
    try:
        # rank 1: also compare the index with the text it should hold
        # (since schema 4 that text lives in term and alias).
        db.execute("INSERT INTO term_fts(term_fts, rank)"
                   " VALUES('integrity-check', 1)")
    except sqlite3.DatabaseError as e:
        bad.append('term_fts: %s' % e)
for msg in bad:
    print(msg)
for src in sys.argv[2:]:
    print('%d %d %s' % db.execute(
        "SELECT count(*), count(DISTINCT substr(body, 1, instr(body, ' ') - 1)),"
        " coalesce(min(substr(body, 1, instr(body, ' ') - 1)), '-')"
        ' FROM term t JOIN source s ON s.id = t.source_id WHERE s.path = ?',
        (os.path.realpath(src),)).fetchone())
sys.exit(1 if bad else 0)
