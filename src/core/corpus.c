/* corpus.c - schema, migrations and read queries over one or two corpora. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "aliaspack.h"
#include "corpus.h"
#include "dberr.h"
#include "gram.h"
#include "lookup.h"
#include "text.h"
#include "util.h"

/* What empties the alias pack when an alias is added (migration 7 -> 8,
 * and corpus_alias_pack_hold). */
#define ALIAS_PACK_INS \
	"CREATE TRIGGER alias_pack_ins AFTER INSERT ON alias BEGIN" \
	"  DELETE FROM alias_pack; END;"

/* Migration N takes a database from user_version N to N+1. Never edit a
 * shipped entry: append a new one. */
static const char *const migrations[] = {
	/* 0 -> 1 */
	"CREATE TABLE source("
	"  id INTEGER PRIMARY KEY,"
	"  path TEXT NOT NULL UNIQUE,"
	"  format TEXT NOT NULL,"
	"  imported INTEGER NOT NULL,"
	"  entries INTEGER NOT NULL DEFAULT 0) STRICT;"
	"CREATE TABLE category("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  description TEXT NOT NULL DEFAULT '') STRICT;"
	"CREATE TABLE term("
	"  id INTEGER PRIMARY KEY,"
	"  slug TEXT NOT NULL UNIQUE,"
	"  headword TEXT NOT NULL,"
	"  fold TEXT NOT NULL UNIQUE,"
	"  sortkey TEXT NOT NULL,"
	"  letter TEXT NOT NULL,"
	"  category_id INTEGER REFERENCES category(id),"
	"  body TEXT NOT NULL,"
	"  source_id INTEGER REFERENCES source(id) ON DELETE CASCADE,"
	"  line INTEGER NOT NULL DEFAULT 0) STRICT;"
	"CREATE INDEX term_sort ON term(sortkey, id);"
	"CREATE INDEX term_letter ON term(letter, sortkey, id);"
	"CREATE INDEX term_category ON term(category_id, sortkey, id);"
	"CREATE INDEX term_source ON term(source_id);"
	"CREATE TABLE alias("
	"  term_id INTEGER NOT NULL REFERENCES term(id) ON DELETE CASCADE,"
	"  name TEXT NOT NULL,"
	"  fold TEXT NOT NULL,"
	"  PRIMARY KEY(fold, term_id)) STRICT, WITHOUT ROWID;"
	"CREATE INDEX alias_term ON alias(term_id);"
	"CREATE TABLE related("
	"  term_id INTEGER NOT NULL REFERENCES term(id) ON DELETE CASCADE,"
	"  pos INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  fold TEXT NOT NULL,"
	"  explicit INTEGER NOT NULL,"
	"  PRIMARY KEY(term_id, fold)) STRICT, WITHOUT ROWID;"
	"CREATE VIRTUAL TABLE term_fts USING fts5("
	"  headword, aliases, body, tokenize='trigram');",
	/* 1 -> 2: terms per letter, kept by triggers, so the browser's
	 * letter bar does not count a million rows at start-up (a GROUP BY
	 * over term_letter took ~110 ms at 1M terms). */
	"CREATE TABLE letter_count("
	"  letter TEXT PRIMARY KEY,"
	"  n INTEGER NOT NULL) STRICT, WITHOUT ROWID;"
	"INSERT INTO letter_count SELECT letter, count(*) FROM term"
	"  GROUP BY letter;"
	"CREATE TRIGGER term_count_ins AFTER INSERT ON term BEGIN"
	"  INSERT INTO letter_count VALUES (NEW.letter, 1)"
	"  ON CONFLICT(letter) DO UPDATE SET n = n + 1; END;"
	"CREATE TRIGGER term_count_del AFTER DELETE ON term BEGIN"
	"  UPDATE letter_count SET n = n - 1 WHERE letter = OLD.letter; END;"
	"CREATE TRIGGER term_count_upd AFTER UPDATE OF letter ON term"
	"  WHEN NEW.letter IS NOT OLD.letter BEGIN"
	"  UPDATE letter_count SET n = n - 1 WHERE letter = OLD.letter;"
	"  INSERT INTO letter_count VALUES (NEW.letter, 1)"
	"  ON CONFLICT(letter) DO UPDATE SET n = n + 1; END;",
	/* 2 -> 3: aliases keep the order their author wrote them in. */
	"ALTER TABLE alias ADD COLUMN pos INTEGER NOT NULL DEFAULT 0;",
	/* 3 -> 4: term_fts no longer keeps its own copy of every body (a
	 * fifth of the file): it is an external-content table over the view
	 * term_fts_src, whose rowid is term.id and whose aliases are the
	 * names in their written order joined by "; ". Nothing reads columns
	 * back from term_fts (search asks it for rowids only), and a reader
	 * does not care which kind it finds, so schema 3 files (the bundled
	 * corpus of an older install) are read as they are.
	 * A writer must keep the index equal to the view: delete a term's
	 * FTS row (which re-reads the old text through the view) before its
	 * headword, aliases or body change or it is deleted, and insert it
	 * again after; 'integrity-check' with rank 1 compares the two. */
	"DROP TABLE term_fts;"
	"CREATE VIEW term_fts_src AS SELECT id, headword,"
	"  (SELECT group_concat(name, '; ') FROM (SELECT name FROM alias"
	"   WHERE term_id = term.id ORDER BY pos, fold)) AS aliases, body"
	"  FROM term;"
	"CREATE VIRTUAL TABLE term_fts USING fts5("
	"  headword, aliases, body, content='term_fts_src',"
	"  content_rowid='id', tokenize='trigram');"
	/* One statement indexes everything: no merging inside it (see
	 * fts_automerge in import.c). */
	"INSERT INTO term_fts(term_fts, rank) VALUES('automerge', 0);"
	"INSERT INTO term_fts(term_fts) VALUES('rebuild');"
	"INSERT INTO term_fts(term_fts, rank) VALUES('automerge', 4);",
	/* 4 -> 5: the words of every name after its first, and its
	 * initials, for lookup.c: "norm" finds Layer normalization and
	 * "rlhf" its term through an index, not a scan. kind is the
	 * lookup_row times two, plus one for an alias: 0 a tail of the
	 * headword from a later word, 1 of an alias, 2 and 3 initials, 4
	 * and 5 whole names. fill_words (below) fills it for the terms
	 * already there. */
	"CREATE TABLE word("
	"  fold TEXT NOT NULL,"
	"  term_id INTEGER NOT NULL REFERENCES term(id) ON DELETE CASCADE,"
	"  kind INTEGER NOT NULL,"
	"  PRIMARY KEY(fold, kind, term_id)) STRICT, WITHOUT ROWID;"
	"CREATE INDEX word_term ON word(term_id);",
	/* 5 -> 6: a dictionary's own name and notes (dictd's
	 * 00-database-short and -info, StarDict's bookname and
	 * description), kept with its source, not made terms. */
	"ALTER TABLE source ADD COLUMN title TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE source ADD COLUMN notes TEXT NOT NULL DEFAULT '';",
	/* 6 -> 7: no FTS index (three fifths of the file at 100K terms);
	 * search scans the terms itself and skips the blocks of 64 ids the
	 * trigram index gram (gram.h) says cannot hold a literal it needs.
	 * fill_gram (below) fills it for the terms already there. A reader
	 * of a file before 7 scans every block. */
	"DROP TABLE IF EXISTS term_fts;"
	"DROP VIEW IF EXISTS term_fts_src;"
	"CREATE TABLE gram("
	"  tri INTEGER PRIMARY KEY,"
	"  blocks BLOB NOT NULL) STRICT;",
	/* 7 -> 8: every alias name in a few rows (aliaspack.h), so a full
	 * search's alias pass reads 25 rows, not 66,000, at 100K terms.
	 * Any write to alias empties it, whoever writes; a writer that
	 * knows of it fills it again (aliaspack_fill), and fill_pack
	 * (below) fills it for the aliases already there. A reader of an
	 * empty pack, or of a file before 8, reads the alias rows. */
	"CREATE TABLE alias_pack("
	"  part INTEGER PRIMARY KEY,"
	"  keys BLOB NOT NULL,"
	"  names BLOB NOT NULL) STRICT;"
	ALIAS_PACK_INS
	"CREATE TRIGGER alias_pack_del AFTER DELETE ON alias BEGIN"
	"  DELETE FROM alias_pack; END;"
	"CREATE TRIGGER alias_pack_upd AFTER UPDATE ON alias BEGIN"
	"  DELETE FROM alias_pack; END;",
};

#define STMT_CACHE	24

int
corpus_alias_pack_hold(sqlite3 *db, bool hold)
{
	return sqlite3_exec(db, hold ?
	    "DROP TRIGGER IF EXISTS main.alias_pack_ins" :
	    "DELETE FROM main.alias_pack;" ALIAS_PACK_INS, NULL, NULL,
	    NULL) == SQLITE_OK ? 0 : -1;
}

struct corpus {
	sqlite3		*db;
	bool		 has[2];	/* schema u (user) and b (bundled) attached */
	int		 version[2];	/* user_version of u and b */
	bool		 rw;
	bool		 views;		/* the union views t, a, r, w exist */
	/* Prepared once, reused: a quiz over the whole corpus calls
	 * corpus_get hundreds of times and preparing dominated it. */
	struct {
		char		*sql;
		sqlite3_stmt	*st;
	}		 cache[STMT_CACHE];
};

static const char *const schema_name[2] = { "u", "b" };

static void
seterr(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errsz == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
}

/* "PATH: what is wrong", never SQLite's URI for it. */
static void
dberr(sqlite3 *db, const char *path, char *err, size_t errsz)
{
	char why[256];

	seterr(err, errsz, "%s: %s", path, db_why(db, path, why, sizeof why));
}

static enum corpus_status make_views(struct corpus *c, char *err,
		    size_t errsz);

/* The union views, made the first time a query needs them: parsing them
 * was a fifth of a `lore define` that reads one term by its own
 * statements (corpus_get). */
static bool
need_views(struct corpus *c, char *err, size_t errsz)
{
	if (c->rw || c->views)
		return true;
	c->views = make_views(c, err, errsz) == CORPUS_OK;
	return c->views;
}

sqlite3 *
corpus_db(struct corpus *c)
{
	/* A failure shows as the callers' "no such table: t". */
	(void)need_views(c, NULL, 0);
	return c->db;
}

sqlite3 *
corpus_db_plain(struct corpus *c)
{
	return c->db;
}

bool
corpus_has(struct corpus *c, int db)
{
	return db >= 0 && db < 2 && c->has[db] && !c->rw;
}

int
corpus_version(struct corpus *c, int db)
{
	return corpus_has(c, db) ? c->version[db] : 0;
}

static int
pragma_int(sqlite3 *db, const char *schema, const char *name, int *v)
{
	char sql[128];
	sqlite3_stmt *st;
	int rc;

	snprintf(sql, sizeof sql, "PRAGMA %s.%s", schema, name);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	*v = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* Check that an attached or main database is a lore corpus we can read. */
static enum corpus_status
check_identity(sqlite3 *db, const char *schema, const char *path, bool empty_ok,
    char *err, size_t errsz)
{
	int app = 0, ver = 0;

	if (pragma_int(db, schema, "application_id", &app) != 0 ||
	    pragma_int(db, schema, "user_version", &ver) != 0) {
		dberr(db, path, err, errsz);
		return CORPUS_ERROR;
	}
	if (app == 0 && ver == 0 && empty_ok)
		return CORPUS_OK;
	if (app != CORPUS_APP_ID) {
		seterr(err, errsz, "%s: not a lore glossary database", path);
		return CORPUS_ERROR;
	}
	if (ver > CORPUS_VERSION) {
		seterr(err, errsz, "%s: made by a newer lore (schema %d, this "
		    "lore knows up to %d); upgrade lore", path, ver,
		    CORPUS_VERSION);
		return CORPUS_ERROR;
	}
	return CORPUS_OK;
}

struct word_ins {
	sqlite3_stmt	*st;
	int64_t		 id;
	int		 kind;	/* 0 headword, 1 alias */
	int		 rc;
};

static void
word_ins(const char *fold, enum lookup_row row, void *arg)
{
	struct word_ins *w = arg;

	if (w->rc != SQLITE_DONE)
		return;
	sqlite3_bind_text(w->st, 1, fold, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(w->st, 2, w->id);
	sqlite3_bind_int(w->st, 3, (int)row * 2 + w->kind);
	w->rc = sqlite3_step(w->st);
	sqlite3_reset(w->st);
}

int
corpus_add_words(sqlite3_stmt *ins, int64_t id, const char *name, bool alias)
{
	struct word_ins w = { ins, id, alias ? 1 : 0, SQLITE_DONE };

	lookup_words(name, word_ins, &w);
	return w.rc == SQLITE_DONE ? 0 : -1;
}

/* The C half of migration 4 -> 5: the word table of the terms a schema 4
 * file already holds. */
static int
fill_words(sqlite3 *db)
{
	sqlite3_stmt *st = NULL, *ins = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(db, CORPUS_WORD_INSERT, -1, &ins, NULL) !=
	    SQLITE_OK || sqlite3_prepare_v2(db, "SELECT id, headword, 0 FROM"
	    " term UNION ALL SELECT term_id, name, 1 FROM alias", -1, &st,
	    NULL) != SQLITE_OK)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (corpus_add_words(ins, sqlite3_column_int64(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    sqlite3_column_int(st, 2)) != 0)
			break;
	rc = rc == SQLITE_DONE ? 0 : -1;
out:
	sqlite3_finalize(st);
	sqlite3_finalize(ins);
	return rc;
}

void
corpus_gram_text(struct gram *g, sqlite3_stmt *st, struct buf *b)
{
	buf_reset(b);
	for (int i = 1; i <= 3; i++) {
		const char *s = (const char *)sqlite3_column_text(st, i);
		int n = sqlite3_column_bytes(st, i);

		if (s == NULL)
			continue;
		if (b->len > 0)
			buf_addc(b, '\n');
		buf_add(b, s, (size_t)n);
	}
	if (b->len > 0)
		gram_add(g, sqlite3_column_int64(st, 0), b->s, b->len);
}

/* The C half of migration 6 -> 7: the trigrams of the terms a file
 * already holds. */
static int
fill_gram(sqlite3 *db)
{
	struct gram *g = gram_new();
	struct buf b = { 0 };
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(db, CORPUS_GRAM_TEXT " ORDER BY id", -1, &st,
	    NULL) != SQLITE_OK)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		corpus_gram_text(g, st, &b);
	rc = rc == SQLITE_DONE ? gram_store(g, db, "main", NULL, 0) : -1;
out:
	sqlite3_finalize(st);
	buf_free(&b);
	gram_free(g);
	return rc;
}

/* The C half of migration 7 -> 8: the pack of the aliases a file
 * already holds. */
static int
fill_pack(sqlite3 *db)
{
	return aliaspack_fill(db, "main");
}

/* The indexes a bulk write drops and makes again after its rows: none
 * is UNIQUE or needed by the writer's own look-ups (fold, slug, alias
 * and related positions), and CREATE INDEX sorts once where a row at a
 * time inserted at random (as migrations 0 -> 1 and 4 -> 5 made them).
 * Not term_source: one file's rows append to it, and each CREATE INDEX
 * on term reads the whole table, bodies and all. */
static const struct {
	const char	*name, *sql;
} late_index[] = {
	{ "term_sort", "CREATE INDEX main.term_sort ON term(sortkey, id)" },
	{ "term_letter",
	    "CREATE INDEX main.term_letter ON term(letter, sortkey, id)" },
	{ "term_category",
	    "CREATE INDEX main.term_category ON term(category_id, sortkey, id)" },
	{ "word_term", "CREATE INDEX main.word_term ON word(term_id)" },
};

int
corpus_indexes_late(sqlite3 *db, bool late)
{
	for (size_t i = 0; i < nitems(late_index); i++) {
		char sql[128];
		sqlite3_stmt *st;
		bool there;

		snprintf(sql, sizeof sql, "SELECT 1 FROM main.sqlite_schema WHERE"
		    " type = 'index' AND name = '%s'", late_index[i].name);
		if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
			return -1;
		there = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
		if (late && there)
			snprintf(sql, sizeof sql, "DROP INDEX main.%s",
			    late_index[i].name);
		else if (!late && !there)
			snprintf(sql, sizeof sql, "%s", late_index[i].sql);
		else
			continue;
		if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
			return -1;
	}
	/* letter_count's trigger made every insert into term run a
	 * program of its own in a statement journal: counted once at the
	 * end instead (migration 1 -> 2's trigger, made again as it was).
	 * Every name says main: the bundled corpus may be attached, with a
	 * trigger of that name. */
	if (late)
		return sqlite3_exec(db, "DROP TRIGGER IF EXISTS"
		    " main.term_count_ins", NULL, NULL, NULL) == SQLITE_OK ?
		    0 : -1;
	return sqlite3_exec(db, "DROP TRIGGER IF EXISTS main.term_count_ins;"
	    "CREATE TRIGGER main.term_count_ins AFTER INSERT ON term BEGIN"
	    "  INSERT INTO letter_count VALUES (NEW.letter, 1)"
	    "  ON CONFLICT(letter) DO UPDATE SET n = n + 1; END;"
	    "DELETE FROM main.letter_count;"
	    "INSERT INTO main.letter_count SELECT letter, count(*) FROM"
	    "  main.term GROUP BY letter;", NULL, NULL, NULL) == SQLITE_OK ?
	    0 : -1;
}

bool
corpus_indexes_dropped(sqlite3 *db)
{
	sqlite3_stmt *st;
	bool there = true;

	if (sqlite3_prepare_v2(db, "SELECT 1 FROM main.sqlite_schema WHERE"
	    " type = 'index' AND name = 'term_sort'", -1, &st, NULL) ==
	    SQLITE_OK)
		there = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return !there;
}

/* Migrations that need C after their SQL, by the version they start at. */
static int (*const migration_code[])(sqlite3 *) = {
	[4] = fill_words,
	[6] = fill_gram,
	[7] = fill_pack,
};

static enum corpus_status
migrate(sqlite3 *db, const char *path, int *from, char *err, size_t errsz)
{
	int ver = 0, tables = 0;
	char *msg = NULL, sql[96], why[256];
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema", -1,
	    &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		tables = sqlite3_column_int(st, 0);
	else {
		sqlite3_finalize(st);
		dberr(db, path, err, errsz);
		return CORPUS_ERROR;
	}
	sqlite3_finalize(st);
	if (check_identity(db, "main", path, tables == 0, err, errsz) !=
	    CORPUS_OK)
		return CORPUS_ERROR;
	pragma_int(db, "main", "user_version", from);
	for (;;) {
		if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK)
			goto fail;
		/* Read under the lock: another lore may have just migrated. */
		pragma_int(db, "main", "user_version", &ver);
		if (ver >= CORPUS_VERSION) {
			sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
			break;
		}
		snprintf(sql, sizeof sql, "PRAGMA application_id=%d; "
		    "PRAGMA user_version=%d", CORPUS_APP_ID, ver + 1);
		if (sqlite3_exec(db, migrations[ver], NULL, NULL, &msg) != SQLITE_OK ||
		    ((size_t)ver < nitems(migration_code) &&
		    migration_code[ver] != NULL && migration_code[ver](db) != 0) ||
		    sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK ||
		    sqlite3_exec(db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) {
			/* The message first: ROLLBACK resets the error. */
			seterr(err, errsz, "%s: cannot update the schema: %s",
			    path, db_why(db, path, why, sizeof why));
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			sqlite3_free(msg);
			return CORPUS_ERROR;
		}
	}
	return CORPUS_OK;
fail:
	seterr(err, errsz, "%s: cannot update the schema: %s", path,
	    db_why(db, path, why, sizeof why));
	sqlite3_free(msg);
	return CORPUS_ERROR;
}

enum corpus_status
corpus_open_rw(struct corpus **cp, const char *path, char *err, size_t errsz)
{
	struct corpus *c = xcalloc(1, sizeof *c);
	/* ":memory:": the fuzzers' and tests' scratch corpus. */
	char *uri = strcmp(path, ":memory:") == 0 ? xstrdup(path) :
	    file_uri(path, NULL);
	const char *bad = db_not_file(path);
	int rc, from = 0, free_pages = 0;

	*cp = NULL;
	if (bad != NULL) {
		seterr(err, errsz, "%s: %s", path, bad);
		free(uri);
		corpus_close(c);
		return CORPUS_ERROR;
	}
	/* One thread uses a corpus at a time (search.c's second thread
	 * opens its own): no mutex per call, which was a lock and an
	 * unlock around every sqlite3_column_*(). */
	rc = sqlite3_open_v2(uri, &c->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
	free(uri);
	if (rc != SQLITE_OK) {
		if (c->db != NULL)
			dberr(c->db, path, err, errsz);
		else
			seterr(err, errsz, "%s: out of memory", path);
		corpus_close(c);
		return CORPUS_ERROR;
	}
	sqlite3_busy_timeout(c->db, DB_BUSY_MS);
	sqlite3_extended_result_codes(c->db, 1);
	/* An import writes a file's terms in one transaction. With the
	 * default 2 MB of cache, pages of the indexes went out to the file
	 * and were read back many times over (200,000 reads for 20K
	 * entries); 64 MiB holds the working set. */
	/* temp_store: see import_file; the 3 -> 4 migration rebuilds the
	 * whole FTS index (of a file that old) in one statement. */
	/* A new file gets 64 KiB pages (a no-op for an existing one): a
	 * search reads the term rows in order, and with 4 KiB pages half
	 * its time went to a pread() per page and to the overflow chains
	 * of bodies over 4 KiB ('gradient descent' at 100K: 240 -> 130
	 * ms); a lookup reads four or five pages either way. */
	if (sqlite3_exec(c->db, "PRAGMA page_size=65536", NULL, NULL, NULL) !=
	    SQLITE_OK ||
	    sqlite3_exec(c->db, "PRAGMA cache_size=-65536", NULL, NULL, NULL) !=
	    SQLITE_OK ||
	    sqlite3_exec(c->db, "PRAGMA foreign_keys=ON; PRAGMA temp_store="
	    "MEMORY", NULL, NULL, NULL) != SQLITE_OK ||
	    migrate(c->db, path, &from, err, errsz) != CORPUS_OK ||
	    sqlite3_exec(c->db, "PRAGMA temp_store=DEFAULT", NULL, NULL,
	    NULL) != SQLITE_OK) {
		if (err != NULL && err[0] == '\0')
			dberr(c->db, path, err, errsz);
		corpus_close(c);
		return CORPUS_ERROR;
	}
	/* 6 -> 7 dropped the FTS index, three fifths of the file: give the
	 * space back once, at the upgrade (a VACUUM of the rest, seconds
	 * at 100K terms), rather than keep a file that size whose free
	 * pages only later imports would fill. A new file too, whose
	 * migrations made FTS tables and dropped them. Only a matter of
	 * size: if another lore holds the file, it is left as it is. */
	if (from < 7 &&
	    pragma_int(c->db, "main", "freelist_count", &free_pages) == 0 &&
	    free_pages > 0)
		(void)sqlite3_exec(c->db, "VACUUM", NULL, NULL, NULL);
	c->rw = true;
	c->has[0] = true;
	*cp = c;
	return CORPUS_OK;
}

/* The union views every read query goes through. A key is (id << 1) | db,
 * which no index knows: look a key up as "id = key >> 1 AND key = ?", so
 * SQLite pushes the id into each arm and uses the rowid or an index. */
/* The union views every read query goes through. A missing database is
 * left out of the union, so queries need not know which files exist. */
static enum corpus_status
make_views(struct corpus *c, char *err, size_t errsz)
{
	struct buf sql = { 0 };
	int v, db, n;

	for (v = 0; v < 4; v++) {
		static const char *const view[] = { "t", "a", "r", "w" };

		buf_printf(&sql, "CREATE TEMP VIEW %s AS ", view[v]);
		for (db = 0, n = 0; db < 2; db++) {
			const char *s = schema_name[db];

			/* Before schema 5 there are no words: lookups find
			 * what the other views find. */
			if (!c->has[db] || (v == 3 && c->version[db] < 5))
				continue;
			if (n++ > 0)
				buf_adds(&sql, " UNION ALL ");
			if (v == 0)
				buf_printf(&sql, "SELECT (id << 1) | %d AS key, id,"
				    " slug, headword, fold, sortkey, letter, body,"
				    " line, coalesce((SELECT name FROM %s.category"
				    " WHERE id = category_id), '') AS category,"
				    " (SELECT path FROM %s.source WHERE id ="
				    " source_id) AS source FROM %s.term",
				    db, s, s, s);
			else if (v == 1)
				/* Before schema 3 aliases had no order. */
				buf_printf(&sql, "SELECT (term_id << 1) | %d AS key,"
				    " term_id AS id, %s AS pos, name, fold FROM"
				    " %s.alias", db, c->version[db] >= 3 ? "pos" : "0",
				    s);
			else if (v == 2)
				buf_printf(&sql, "SELECT (term_id << 1) | %d AS key,"
				    " term_id AS id, pos, name, fold, explicit"
				    " FROM %s.related", db, s);
			else
				buf_printf(&sql, "SELECT (term_id << 1) | %d AS key,"
				    " term_id AS id, fold, kind FROM %s.word", db, s);
		}
		if (n == 0)
			buf_adds(&sql, "SELECT 0 AS key, 0 AS id, '' AS fold,"
			    " 0 AS kind WHERE 0");
		buf_adds(&sql, ";\n");
	}
	if (sqlite3_exec(c->db, sql.s, NULL, NULL, NULL) != SQLITE_OK) {
		seterr(err, errsz, "cannot prepare views: %s",
		    sqlite3_errmsg(c->db));
		buf_free(&sql);
		return CORPUS_ERROR;
	}
	buf_free(&sql);
	return CORPUS_OK;
}

static enum corpus_status
attach(struct corpus *c, int db, const char *path, char *err, size_t errsz)
{
	char *uri, *sql;
	int rc;

	const char *bad;

	if (path == NULL || access(path, F_OK) != 0)
		return CORPUS_NOTFOUND;
	if ((bad = db_not_file(path)) != NULL) {
		seterr(err, errsz, "%s: %s", path, bad);
		return CORPUS_ERROR;
	}
	/* The bundled file never changes under us, so it skips locking;
	 * the user's may be written by a concurrent import. */
	uri = file_uri(path, db == 1 ? "mode=ro&immutable=1" : "mode=ro");
	sql = sqlite3_mprintf("ATTACH %Q AS %s", uri, schema_name[db]);
	rc = sqlite3_exec(c->db, sql, NULL, NULL, NULL);
	sqlite3_free(sql);
	free(uri);
	if (rc != SQLITE_OK) {
		dberr(c->db, path, err, errsz);
		return CORPUS_ERROR;
	}
	if (check_identity(c->db, schema_name[db], path, false, err, errsz) !=
	    CORPUS_OK)
		return CORPUS_ERROR;
	{
		int ver = 0;

		pragma_int(c->db, schema_name[db], "user_version", &ver);
		c->version[db] = ver;
	}
	/* A read of the schema and of one row proves the file is a database
	 * at all. Not count(*): that walks a whole index, 2,500 page reads
	 * for a million terms, on every lookup. */
	sql = sqlite3_mprintf("SELECT 1 FROM %s.term LIMIT 1", schema_name[db]);
	rc = sqlite3_exec(c->db, sql, NULL, NULL, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK) {
		dberr(c->db, path, err, errsz);
		return CORPUS_ERROR;
	}
	c->has[db] = true;
	return CORPUS_OK;
}

enum corpus_status
corpus_open(struct corpus **cp, const char *bundled, const char *user,
    char *err, size_t errsz)
{
	struct corpus *c = xcalloc(1, sizeof *c);
	enum corpus_status st;

	*cp = NULL;
	if (sqlite3_open_v2(":memory:", &c->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		seterr(err, errsz, "sqlite: cannot open a connection");
		corpus_close(c);
		return CORPUS_ERROR;
	}
	sqlite3_busy_timeout(c->db, DB_BUSY_MS);
	sqlite3_extended_result_codes(c->db, 1);
	if ((st = attach(c, 1, bundled, err, errsz)) == CORPUS_ERROR ||
	    (st = attach(c, 0, user, err, errsz)) == CORPUS_ERROR) {
		corpus_close(c);
		return CORPUS_ERROR;
	}
	if (!c->has[0] && !c->has[1]) {
		seterr(err, errsz, "no glossary found: %s is missing and nothing "
		    "was imported yet (lore import FILE)",
		    bundled != NULL ? bundled : "the bundled corpus");
		corpus_close(c);
		return CORPUS_ERROR;
	}
	*cp = c;
	return CORPUS_OK;
}

void
corpus_close(struct corpus *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < STMT_CACHE && c->cache[i].sql != NULL; i++) {
		sqlite3_finalize(c->cache[i].st);
		free(c->cache[i].sql);
	}
	sqlite3_close(c->db);
	free(c);
}

static char *
col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return xstrdup(s != NULL ? (const char *)s : "");
}

/* A cached statement for sql, which names the schemas u and b itself. */
static sqlite3_stmt *
prepare_plain(struct corpus *c, const char *sql, char *err, size_t errsz)
{
	sqlite3_stmt *st = NULL;
	size_t i;

	for (i = 0; i < STMT_CACHE && c->cache[i].sql != NULL; i++)
		if (strcmp(c->cache[i].sql, sql) == 0)
			return c->cache[i].st;
	if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
	    NULL) != SQLITE_OK) {
		seterr(err, errsz, "sqlite: %s", sqlite3_errmsg(c->db));
		return NULL;
	}
	if (i < STMT_CACHE) {
		c->cache[i].sql = xstrdup(sql);
		c->cache[i].st = st;
	}
	return st;
}

/* A cached statement for sql, which reads the union views. */
static sqlite3_stmt *
prepare(struct corpus *c, const char *sql, char *err, size_t errsz)
{
	if (!need_views(c, err, errsz))
		return NULL;
	return prepare_plain(c, sql, err, errsz);
}

/* Give a statement back: cached ones are reset for the next use. */
static void
done(struct corpus *c, sqlite3_stmt *st)
{
	size_t i;

	for (i = 0; i < STMT_CACHE && c->cache[i].sql != NULL; i++)
		if (c->cache[i].st == st) {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return;
		}
	sqlite3_finalize(st);
}

char *
corpus_sql_for(int db, const char *sql)
{
	struct buf b = { 0 };

	for (; *sql != '\0'; sql++)
		if (sql[0] == '@' && sql[1] == '.')
			buf_adds(&b, schema_name[db]);
		else if (strncmp(sql, "@db", 3) == 0) {
			buf_addc(&b, (char)('0' + db));
			sql += 2;
		} else
			buf_addc(&b, *sql);
	return buf_take(&b);
}

/* A cached statement for sql over one attached database (corpus_sql_for).
 * One statement per database reads a term by its rowid in that file,
 * where the union views cost a parse of both halves for each query. */
static sqlite3_stmt *
prepare_db(struct corpus *c, int db, const char *sql, char *err,
    size_t errsz)
{
	char *s = corpus_sql_for(db, sql);
	sqlite3_stmt *st = prepare_plain(c, s, err, errsz);

	free(s);
	return st;
}

/* Resolve a folded name to a term key: headword first, then alias, the
 * user's database before the bundled one, then the lowest id. Each step
 * is one index probe, and the first that answers ends it: a related name
 * is nearly always a headword of the same file, and at a million terms
 * every probe not made is a few 64 KiB pages not read. */
static int64_t
resolve_fold(struct corpus *c, const char *fold)
{
	static const char *const sql[] = {
		"SELECT id FROM @.term WHERE fold = ?1",
		"SELECT min(term_id) FROM @.alias WHERE fold = ?1",
	};

	for (size_t pri = 0; pri < nitems(sql); pri++)
		for (int db = 0; db < 2; db++) {
			sqlite3_stmt *st;
			int64_t key = -1;

			if (!corpus_has(c, db) ||
			    (st = prepare_db(c, db, sql[pri], NULL, 0)) == NULL)
				continue;
			sqlite3_bind_text(st, 1, fold, -1, SQLITE_STATIC);
			if (sqlite3_step(st) == SQLITE_ROW &&
			    sqlite3_column_type(st, 0) != SQLITE_NULL)
				key = sqlite3_column_int64(st, 0) << 1 | db;
			done(c, st);
			if (key >= 0)
				return key;
		}
	return -1;
}

enum corpus_status
corpus_get(struct corpus *c, int64_t key, struct term *t, char *err,
    size_t errsz)
{
	int db = (int)(key & 1);
	int64_t id = key >> 1;
	sqlite3_stmt *st;
	size_t cap;
	int rc;

	memset(t, 0, sizeof *t);
	if (!corpus_has(c, db))
		return CORPUS_NOTFOUND;
	st = prepare_db(c, db, "SELECT slug, headword, coalesce((SELECT name"
	    " FROM @.category WHERE id = category_id), ''), body, (SELECT path"
	    " FROM @.source WHERE id = source_id), line, letter FROM @.term"
	    " WHERE id = ?1", err, errsz);
	if (st == NULL)
		return CORPUS_ERROR;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		done(c, st);
		if (rc == SQLITE_DONE)
			return CORPUS_NOTFOUND;
		seterr(err, errsz, "sqlite: %s", sqlite3_errmsg(c->db));
		return CORPUS_ERROR;
	}
	t->key = key;
	t->slug = col_dup(st, 0);
	t->headword = col_dup(st, 1);
	t->category = col_dup(st, 2);
	t->body = col_dup(st, 3);
	t->source = col_dup(st, 4);
	t->line = (long)sqlite3_column_int64(st, 5);
	t->letter = sqlite3_column_bytes(st, 6) > 0 ?
	    (char)sqlite3_column_text(st, 6)[0] : '#';
	done(c, st);

	/* Before schema 3 aliases had no order. */
	st = prepare_db(c, db, c->version[db] >= 3 ? "SELECT name FROM @.alias"
	    " WHERE term_id = ?1 ORDER BY pos" : "SELECT name, 0 AS pos FROM"
	    " @.alias WHERE term_id = ?1 ORDER BY pos", err, errsz);
	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		t->aliases = xgrow(t->aliases, t->naliases, &cap, 4,
		    sizeof *t->aliases);
		t->aliases[t->naliases++] = col_dup(st, 0);
	}
	done(c, st);

	st = prepare_db(c, db, "SELECT name, fold FROM @.related WHERE"
	    " term_id = ?1 ORDER BY pos", err, errsz);
	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t k = resolve_fold(c,
		    (const char *)sqlite3_column_text(st, 1));

		if (k < 0 || k == key)
			continue;	/* dangling links are not shown */
		if (t->nrelated == cap) {
			cap = cap ? cap * 2 : 4;
			t->related = xreallocarray(t->related, cap,
			    sizeof *t->related);
			t->related_keys = xreallocarray(t->related_keys, cap,
			    sizeof *t->related_keys);
		}
		t->related_keys[t->nrelated] = k;
		t->related[t->nrelated++] = col_dup(st, 0);
	}
	done(c, st);
	return CORPUS_OK;
fail:
	term_free(t);
	return CORPUS_ERROR;
}

char *
corpus_body_head(struct corpus *c, int64_t key, size_t max)
{
	int db = (int)(key & 1);
	sqlite3_stmt *st;
	char *s = NULL;

	if (!corpus_has(c, db) || (st = prepare_db(c, db, "SELECT substr(body,"
	    " 1, ?2) FROM @.term WHERE id = ?1", NULL, 0)) == NULL)
		return NULL;
	sqlite3_bind_int64(st, 1, key >> 1);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)max);
	if (sqlite3_step(st) == SQLITE_ROW)
		s = col_dup(st, 0);
	done(c, st);
	return s;
}

void
term_free(struct term *t)
{
	free(t->slug);
	free(t->headword);
	free(t->category);
	free(t->body);
	free(t->source);
	strv_free(t->aliases, t->naliases);
	strv_free(t->related, t->nrelated);
	free(t->related_keys);
	memset(t, 0, sizeof *t);
}

enum corpus_status
corpus_lookup(struct corpus *c, const char *query, int64_t *key,
    int64_t *cands, size_t *ncands, char *err, size_t errsz)
{
	static const char prefix_sql[] =
	    "SELECT DISTINCT key FROM (SELECT key, fold FROM t"
	    " WHERE fold >= ?1 AND fold < ?2 UNION ALL SELECT key, fold FROM a"
	    " WHERE fold >= ?1 AND fold < ?2) ORDER BY length(fold), key LIMIT ?3";
	char *fold = text_fold(query), *end;
	sqlite3_stmt *st;
	size_t n = 0, max = ncands != NULL ? *ncands : 0;
	enum corpus_status rc;

	if (ncands != NULL)
		*ncands = 0;
	if (fold[0] == '\0') {
		free(fold);
		return CORPUS_NOTFOUND;
	}
	if ((*key = resolve_fold(c, fold)) >= 0) {
		free(fold);
		return CORPUS_OK;
	}
	end = text_prefix_end(fold);
	st = prepare(c, prefix_sql, err, errsz);
	if (st == NULL) {
		free(fold), free(end);
		return CORPUS_ERROR;
	}
	sqlite3_bind_text(st, 1, fold, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, end, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)(max > 1 ? max : 2));
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t k = sqlite3_column_int64(st, 0);

		if (n == 0)
			*key = k;
		if (n < max)
			cands[n] = k;
		n++;
	}
	done(c, st);
	free(fold), free(end);
	if (ncands != NULL)
		*ncands = n < max ? n : max;
	rc = n == 0 ? CORPUS_NOTFOUND : n == 1 ? CORPUS_OK : CORPUS_AMBIGUOUS;
	return rc;
}

struct suggestion {
	size_t	 dist;
	char	*name;
};

static int
suggestion_cmp(const void *a, const void *b)
{
	const struct suggestion *x = a, *y = b;

	if (x->dist != y->dist)
		return x->dist < y->dist ? -1 : 1;
	return strcmp(x->name, y->name);
}

size_t
corpus_suggest(struct corpus *c, const char *query, char **out, size_t max)
{
	char *fold = text_fold(query);
	size_t cap = strlen(fold) / 3 + 2, n = 0, i;
	struct suggestion *best = xcalloc(max + 1, sizeof *best);
	sqlite3_stmt *st;

	st = prepare(c, "SELECT headword, fold FROM t UNION ALL"
	    " SELECT t.headword, a.fold FROM a JOIN t ON t.id = a.id AND"
	    " t.key = a.key", NULL, 0);
	while (st != NULL && sqlite3_step(st) == SQLITE_ROW) {
		const char *f = (const char *)sqlite3_column_text(st, 1);
		const char *h = (const char *)sqlite3_column_text(st, 0);
		size_t d = text_distance(fold, f, cap);

		if (d > cap || (n == max && d >= best[max - 1].dist))
			continue;
		for (i = 0; i < n; i++)
			if (strcmp(best[i].name, h) == 0)
				break;
		if (i < n) {
			if (d < best[i].dist)
				best[i].dist = d;
		} else {
			if (n == max)
				free(best[--n].name);
			best[n].dist = d;
			best[n++].name = xstrdup(h);
		}
		xqsort(best, n, sizeof *best, suggestion_cmp);
	}
	done(c, st);
	for (i = 0; i < n; i++)
		out[i] = best[i].name;
	free(best);
	free(fold);
	return n;
}

/* Shared by forward and backward paging: one query shape, two directions. */
static size_t
page(struct corpus *c, bool forward, const char *cur_sortkey, int64_t cur_key,
    char letter, const char *category, struct term_ref *out, size_t max)
{
	struct buf sql = { 0 };
	sqlite3_stmt *st;
	size_t n = 0;
	char lt[2] = { letter, '\0' };

	buf_adds(&sql, "SELECT key, headword, sortkey, letter FROM t WHERE 1");
	if (cur_sortkey != NULL)
		buf_adds(&sql, forward ? " AND (sortkey, key) > (?1, ?2)" :
		    " AND (sortkey, key) < (?1, ?2)");
	if (letter != 0)
		buf_adds(&sql, " AND letter = ?3");
	if (category != NULL)
		buf_adds(&sql, " AND category = ?4");
	buf_adds(&sql, forward ? " ORDER BY sortkey, key LIMIT ?5" :
	    " ORDER BY sortkey DESC, key DESC LIMIT ?5");
	st = prepare(c, sql.s, NULL, 0);
	buf_free(&sql);
	if (st == NULL)
		return 0;
	if (cur_sortkey != NULL) {
		sqlite3_bind_text(st, 1, cur_sortkey, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, cur_key);
	}
	if (letter != 0)
		sqlite3_bind_text(st, 3, lt, -1, SQLITE_STATIC);
	if (category != NULL)
		sqlite3_bind_text(st, 4, category, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)max);
	while (n < max && sqlite3_step(st) == SQLITE_ROW) {
		out[n].key = sqlite3_column_int64(st, 0);
		out[n].headword = col_dup(st, 1);
		out[n].sortkey = col_dup(st, 2);
		out[n].letter = sqlite3_column_bytes(st, 3) > 0 ?
		    (char)sqlite3_column_text(st, 3)[0] : '#';
		n++;
	}
	done(c, st);
	return n;
}

size_t
corpus_page(struct corpus *c, const char *after_sortkey, int64_t after_key,
    char letter, const char *category, struct term_ref *out, size_t max)
{
	return page(c, true, after_sortkey, after_key, letter, category, out, max);
}

size_t
corpus_page_before(struct corpus *c, const char *before_sortkey,
    int64_t before_key, char letter, const char *category,
    struct term_ref *out, size_t max)
{
	return page(c, false, before_sortkey, before_key, letter, category, out,
	    max);
}

size_t
corpus_each(struct corpus *c, char letter, const char *category,
    bool (*fn)(const struct term_ref *r, void *arg), void *arg)
{
	struct term_ref page[256];
	char *cursor = NULL;
	int64_t ckey = 0;
	size_t n, i, calls = 0;
	bool go = true;

	do {
		n = corpus_page(c, cursor, ckey, letter, category, page,
		    nitems(page));
		for (i = 0; i < n && go; i++) {
			calls++;
			go = fn(&page[i], arg);
		}
		if (n > 0) {
			free(cursor);
			cursor = xstrdup(page[n - 1].sortkey);
			ckey = page[n - 1].key;
		}
		for (i = 0; i < n; i++)
			term_ref_free(&page[i]);
	} while (go && n == nitems(page));
	free(cursor);
	return calls;
}

void
term_ref_free(struct term_ref *r)
{
	free(r->headword);
	free(r->sortkey);
	r->headword = r->sortkey = NULL;
}

size_t
corpus_position(struct corpus *c, const char *sortkey, int64_t key,
    char letter, const char *category)
{
	sqlite3_stmt *st;
	size_t n = 0;
	char lt[2] = { letter, '\0' };

	st = prepare(c, "SELECT count(*) FROM t WHERE (sortkey, key) < (?1, ?2)"
	    " AND (?3 IS NULL OR letter = ?3) AND (?4 IS NULL OR category = ?4)",
	    NULL, 0);
	if (st == NULL)
		return 0;
	sqlite3_bind_text(st, 1, sortkey, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, key);
	if (letter != 0)
		sqlite3_bind_text(st, 3, lt, -1, SQLITE_STATIC);
	if (category != NULL)
		sqlite3_bind_text(st, 4, category, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = (size_t)sqlite3_column_int64(st, 0);
	done(c, st);
	return n;
}

size_t
corpus_letter_counts(struct corpus *c, const char *category, size_t counts[27])
{
	sqlite3_stmt *st;
	size_t total = 0;

	memset(counts, 0, 27 * sizeof *counts);
	if (category == NULL && !c->rw && (!c->has[0] || c->version[0] >= 2) &&
	    (!c->has[1] || c->version[1] >= 2)) {
		/* Kept by triggers: no scan of the terms (schema 2). */
		if (c->has[0] && c->has[1])
			st = prepare_plain(c, "SELECT letter, n FROM u.letter_count"
			    " UNION ALL SELECT letter, n FROM b.letter_count",
			    NULL, 0);
		else
			st = prepare_plain(c, c->has[0] ? "SELECT letter, n FROM"
			    " u.letter_count" : "SELECT letter, n FROM"
			    " b.letter_count", NULL, 0);
	} else {
		st = prepare(c, "SELECT letter, count(*) FROM t WHERE"
		    " (?1 IS NULL OR category = ?1) GROUP BY letter", NULL, 0);
		if (st != NULL && category != NULL)
			sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
	}
	if (st == NULL)
		return 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *l = (const char *)sqlite3_column_text(st, 0);
		size_t n = (size_t)sqlite3_column_int64(st, 1);
		int i = l != NULL && l[0] >= 'A' && l[0] <= 'Z' ? l[0] - 'A' : 26;

		counts[i] += n;
		total += n;
	}
	done(c, st);
	return total;
}

size_t
corpus_categories(struct corpus *c, char ***names, size_t **counts)
{
	sqlite3_stmt *st;
	size_t n = 0, cap = 0;

	*names = NULL;
	*counts = NULL;
	st = prepare(c, "SELECT category, count(*) FROM t WHERE category != ''"
	    " GROUP BY category ORDER BY category", NULL, 0);
	while (st != NULL && sqlite3_step(st) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			*names = xreallocarray(*names, cap, sizeof **names);
			*counts = xreallocarray(*counts, cap, sizeof **counts);
		}
		(*names)[n] = col_dup(st, 0);
		(*counts)[n++] = (size_t)sqlite3_column_int64(st, 1);
	}
	done(c, st);
	return n;
}

char *
corpus_sortkey(const char *headword)
{
	return text_slug(headword);
}

char
corpus_letter(const char *sortkey)
{
	char ch = sortkey[0];

	return ch >= 'a' && ch <= 'z' ? (char)(ch - 'a' + 'A') : '#';
}
