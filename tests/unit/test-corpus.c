/* test-corpus.c - schema and migrations, lookups, pages, the trigram
 * index kept by writers, FTS quoting. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "corpus.h"
#include "gram.h"
#include "import.h"
#include "lookup.h"
#include "search.h"
#include "tap.h"
#include "util.h"
#include "../testdir.h"

static void
put(const char *name, const char *text)
{
	char *p = path(name);
	FILE *fp = fopen(p, "w");

	fputs(text, fp);
	fclose(fp);
	free(p);
}

static void
build(const char *dbname, const char *src)
{
	struct import_opts o = { .format = IMPORT_LORE };
	struct import_report rep;
	struct corpus *c;
	char err[512], *db = path(dbname), *s;

	put("src.lore", src);
	s = path("src.lore");
	unlink(db);
	if (corpus_open_rw(&c, db, err, sizeof err) != CORPUS_OK ||
	    import_file(c, s, &o, &rep, err, sizeof err) != 0)
		tap_diag("build %s: %s", dbname, err);
	corpus_close(c);
	free(db), free(s);
}

static void
test_schema(void)
{
	struct corpus *c;
	char err[512], *p = path("fresh.db");
	sqlite3_stmt *st;
	int ver = -1, app = -1;

	ok(corpus_open_rw(&c, p, err, sizeof err) == CORPUS_OK, "create a "
	    "fresh database");
	sqlite3_prepare_v2(corpus_db(c), "SELECT * FROM pragma_user_version, "
	    "pragma_application_id", -1, &st, NULL);
	if (sqlite3_step(st) == SQLITE_ROW) {
		ver = sqlite3_column_int(st, 0);
		app = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	is_int(ver, CORPUS_VERSION, "user_version is the newest schema");
	is_int(app, CORPUS_APP_ID, "application_id marks a lore file");
	ok(sqlite3_exec(corpus_db(c), "INSERT INTO term(slug, headword, fold,"
	    " sortkey, letter, body) VALUES ('s', x'00ff', 'f', 'k', 'A', 'b')",
	    NULL, NULL, NULL) != SQLITE_OK, "STRICT tables refuse a blob "
	    "headword");
	corpus_close(c);
	ok(corpus_open_rw(&c, p, err, sizeof err) == CORPUS_OK,
	    "reopening an up-to-date database");
	corpus_close(c);

	exec("newer.db", "CREATE TABLE x(a); PRAGMA application_id=1280266821;"
	    " PRAGMA user_version=99;");
	free(p);
	p = path("newer.db");
	ok(corpus_open_rw(&c, p, err, sizeof err) == CORPUS_ERROR &&
	    strstr(err, "newer lore") != NULL, "a newer schema is refused (%s)",
	    err);
	ok(corpus_open(&c, p, NULL, err, sizeof err) == CORPUS_ERROR,
	    "also for reading");
	free(p);
	exec("foreign.db", "CREATE TABLE x(a); PRAGMA application_id=42;");
	p = path("foreign.db");
	ok(corpus_open_rw(&c, p, err, sizeof err) == CORPUS_ERROR &&
	    strstr(err, "not a lore") != NULL, "a foreign database is refused");
	free(p);
	put("junk.db", "this is not a database at all, just text......"
	    "...........................................................");
	p = path("junk.db");
	ok(corpus_open(&c, p, NULL, err, sizeof err) == CORPUS_ERROR,
	    "a corrupt file is an error, not a crash (%s)", err);
	free(p);
	ok(corpus_open(&c, "/nonexistent/a.db", "/nonexistent/b.db", err,
	    sizeof err) == CORPUS_ERROR && strstr(err, "no glossary") != NULL,
	    "no database at all says what to do");
}

static const char bundled_src[] =
    "@term Softmax\n@aliases softargmax\n@category fundamentals\n"
    "@related Logit; Temperature; Missing term\n\nNormalises scores.\n\n"
    "@term Logit\n@category statistics\n\nLog-odds of a probability.\n\n"
    "@term Temperature\n@category inference\n\nScales logits.\n\n"
    "@term Naive Bayes classifier\n@aliases naive-bayes\n@category x\n\n"
    "Assumes independent features.\n\n"
    "@term C++\n@category x\n\nA language.\n\n"
    "@term Transformer\n@category x\n\nAttention everywhere.\n\n"
    "@term Transfer learning\n@category x\n\nReuse a model.\n\n"
    "@term 3D convolution\n@category x\n\nConvolution in depth too.\n";

/* Objects in the connection's temp schema (the union views). */
static int
temp_objects(struct corpus *c)
{
	sqlite3_stmt *st;
	int n = -1;

	if (sqlite3_prepare_v2(corpus_db_plain(c), "SELECT count(*) FROM"
	    " temp.sqlite_master", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void
test_lookup(void)
{
	struct corpus *c;
	struct term t, t2;
	char err[512], *b = path("b.db"), *u = path("u.db"), *sugg[3];
	int64_t key, cands[4];
	size_t n = 4;

	build("b.db", bundled_src);
	build("u.db", "@term Logit\n@category mine\n\nMy own note.\n\n"
	    "@term Mine\n@aliases Temperature\n@category mine\n\nShadow.\n\n"
	    "@term Zeta\n@category mine\n@related Softmax; Logit; "
	    "naive-bayes; Temperature\n\nLast letter.\n");
	ok(corpus_open(&c, b, u, err, sizeof err) == CORPUS_OK, "open both "
	    "databases (%s)", err);
	if (c == NULL)
		return;
	/* define of a name typed exactly, as the CLI does it: one statement
	 * per database, the union views never made (their parse was a fifth
	 * of a define); any other query makes them. */
	{
		struct lookup *l = NULL;
		struct lookup_hit h[4];
		size_t nh = 0;
		long best = -1;

		err[0] = '\0';
		if (lookup_open(&l, c, err, sizeof err) == LOOKUP_OK) {
			nh = lookup_query(l, "logit", LOOKUP_DEFINE, h, 4);
			best = lookup_best(h, nh);
		}
		ok(best >= 0 && (h[best].key & 1) == 0 && corpus_get(c,
		    h[best].key, &t, err, sizeof err) == CORPUS_OK &&
		    strcmp(t.body, "My own note.") == 0, "define logit: the "
		    "user's own, read by key (%s)", err);
		if (best >= 0)
			term_free(&t);
		lookup_hits_free(h, nh);
		lookup_close(l);
		is_int(temp_objects(c), 0, "define made no temporary views");
		(void)corpus_db(c);
		is_int(temp_objects(c), 4, "corpus_db makes the views t, a, r, "
		    "w");
	}
	ok(corpus_lookup(c, "SOFTMAX", &key, NULL, NULL, err, sizeof err) ==
	    CORPUS_OK, "case-insensitive headword");
	ok(corpus_lookup(c, "soft-argmax", &key, NULL, NULL, err, sizeof err) ==
	    CORPUS_OK && corpus_get(c, key, &t, err, sizeof err) == CORPUS_OK &&
	    strcmp(t.headword, "Softmax") == 0, "punctuation-insensitive alias");
	is_int(t.nrelated, 2, "related links resolve; a missing one is hidden");
	if (t.nrelated == 2)
		is_str(t.related[1], "Temperature", "related in written order");
	term_free(&t);
	ok(corpus_lookup(c, "naive-bayes", &key, NULL, NULL, err, sizeof err) ==
	    CORPUS_OK, "naive-bayes finds its alias");
	ok(corpus_lookup(c, "c++", &key, NULL, NULL, err, sizeof err) ==
	    CORPUS_OK && corpus_get(c, key, &t, NULL, 0) == CORPUS_OK &&
	    strcmp(t.headword, "C++") == 0, "C++ is its own term");
	term_free(&t);
	ok(corpus_lookup(c, "logit", &key, NULL, NULL, err, sizeof err) ==
	    CORPUS_OK && (key & 1) == 0, "the user's definition comes first");
	ok(corpus_lookup(c, "transf", &key, cands, &n, err, sizeof err) ==
	    CORPUS_AMBIGUOUS && n == 2, "an ambiguous prefix lists both");
	ok(corpus_lookup(c, "transfo", &key, NULL, NULL, err, sizeof err) ==
	    CORPUS_OK, "a unique prefix");
	ok(corpus_lookup(c, "nothing", &key, NULL, NULL, err, sizeof err) ==
	    CORPUS_NOTFOUND, "not found");
	n = corpus_suggest(c, "sofmax", sugg, 3);
	ok(n >= 1 && strcmp(sugg[0], "Softmax") == 0, "suggestion by edit "
	    "distance");
	while (n > 0)
		free(sugg[--n]);
	ok(corpus_lookup(c, "zeta", &key, NULL, NULL, err, sizeof err) ==
	    CORPUS_OK && corpus_get(c, key, &t, NULL, 0) == CORPUS_OK &&
	    t.nrelated == 4, "a user term links to bundled ones");
	/* A related name resolves to a headword before an alias, the
	 * user's database before the bundled one. */
	if (t.nrelated == 4) {
		ok((t.related_keys[0] & 1) == 1, "Softmax: the bundled term");
		ok((t.related_keys[1] & 1) == 0, "Logit: the user's own first");
		ok((t.related_keys[2] & 1) == 1 && corpus_get(c,
		    t.related_keys[2], &t2, NULL, 0) == CORPUS_OK &&
		    strcmp(t2.headword, "Naive Bayes classifier") == 0,
		    "naive-bayes: by the bundled alias");
		term_free(&t2);
		ok((t.related_keys[3] & 1) == 1, "Temperature: the bundled "
		    "headword before the user's alias");
	}
	term_free(&t);
	corpus_close(c);
	free(b), free(u);
}

static void
test_pages(void)
{
	struct corpus *c;
	struct term_ref r[20];
	size_t counts[27], n, i, total;
	char err[512], *b = path("b.db");

	if (corpus_open(&c, b, NULL, err, sizeof err) != CORPUS_OK) {
		ok(0, "open (%s)", err);
		return;
	}
	n = corpus_page(c, NULL, 0, 0, NULL, r, 3);
	is_int(n, 3, "first page");
	is_str(r[0].headword, "3D convolution", "digits sort first");
	is_int(r[0].letter, '#', "and go under #");
	is_str(r[2].headword, "Logit", "A-Z order across the page");
	n = corpus_page(c, r[2].sortkey, r[2].key, 0, NULL, r + 3, 10);
	is_int(n, 5, "the rest from the cursor");
	is_str(r[3].headword, "Naive Bayes classifier", "keyset continues");
	for (i = 0; i < 8; i++)
		term_ref_free(&r[i]);
	n = corpus_page(c, NULL, 0, 'T', NULL, r, 10);
	is_int(n, 3, "letter T");
	is_int(corpus_position(c, r[1].sortkey, r[1].key, 'T', NULL), 1,
	    "position within the letter");
	for (i = 0; i < n; i++)
		term_ref_free(&r[i]);
	total = corpus_letter_counts(c, NULL, counts);
	is_int(total, 8, "total");
	is_int(counts['T' - 'A'], 3, "count under T");
	is_int(counts[26], 1, "count under #");
	n = corpus_page(c, NULL, 0, 0, "statistics", r, 10);
	is_int(n, 1, "category filter");
	term_ref_free(&r[0]);
	corpus_close(c);
	free(b);
}

/* Schema 8 packed the aliases in alias_pack, emptied by triggers on alias:
 * what every older schema below lacks. */
#define DROP_PACK \
	"DROP TRIGGER alias_pack_ins; DROP TRIGGER alias_pack_del;" \
	" DROP TRIGGER alias_pack_upd; DROP TABLE alias_pack;"

/* Schema 4 turned term_fts into an external-content table over the view
 * term_fts_src, and 7 dropped it for gram; this gives a file back the
 * schema-3 term_fts, with its own copy of the text, as an older lore
 * wrote it. */
#define TO_SCHEMA3 \
	DROP_PACK " DROP TABLE gram; DROP TABLE word;" \
	" ALTER TABLE source DROP COLUMN title;" \
	" ALTER TABLE source DROP COLUMN notes;" \
	" CREATE VIRTUAL TABLE term_fts USING fts5(headword, aliases, body," \
	" tokenize='trigram');" \
	" INSERT INTO term_fts(rowid, headword, aliases, body) SELECT id," \
	" headword, (SELECT group_concat(name, '; ') FROM alias" \
	" WHERE term_id = term.id), body FROM term;" \
	" PRAGMA user_version=3;"

/* Schema 7 dropped term_fts for gram: this makes a file what lore wrote
 * at schema 6, its FTS index filled. */
#define TO_SCHEMA6 \
	DROP_PACK " DROP TABLE gram;" \
	" CREATE VIEW term_fts_src AS SELECT id, headword," \
	" (SELECT group_concat(name, '; ') FROM (SELECT name FROM alias" \
	" WHERE term_id = term.id ORDER BY pos, fold)) AS aliases, body" \
	" FROM term;" \
	" CREATE VIRTUAL TABLE term_fts USING fts5(headword, aliases, body," \
	" content='term_fts_src', content_rowid='id', tokenize='trigram');" \
	" INSERT INTO term_fts(term_fts) VALUES('rebuild');" \
	" PRAGMA user_version=6;"

/* Schema 2 keeps terms per letter in letter_count by triggers: the counts
 * must equal a GROUP BY after imports, re-imports and the 1 -> 2
 * migration, and a schema-1 file read as is must still be counted. */
static int
counts_agree(const char *file)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char *p = path(file);
	int bad = -1;

	sqlite3_open(p, &db);
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM (SELECT letter,"
	    " count(*) AS n FROM term GROUP BY letter) g FULL JOIN"
	    " (SELECT letter, n FROM letter_count WHERE n > 0) c USING (letter)"
	    " WHERE g.n IS NOT c.n", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		bad = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(p);
	return bad;
}

static void
test_letter_counts(void)
{
	struct import_opts o = { .format = IMPORT_LORE };
	struct import_report rep;
	struct corpus *c;
	size_t counts[27], total;
	char err[512], *db = path("lc.db"), *src = path("lc.lore");

	put("lc.lore", "@term Alpha\n\nA.\n\n@term Beta\n\nB.\n\n"
	    "@term Bravo\n\nB2.\n\n@term 9 lives\n\nN.\n\n"
	    "@term alpha\n\nduplicate, merged.\n");
	unlink(db);
	ok(corpus_open_rw(&c, db, err, sizeof err) == CORPUS_OK &&
	    import_file(c, src, &o, &rep, err, sizeof err) == 0, "import (%s)",
	    err);
	corpus_close(c);
	is_int(counts_agree("lc.db"), 0, "letter_count after an import");
	put("lc.lore", "@term Beta\n\nB.\n\n@term Charlie\n\nC.\n");
	ok(corpus_open_rw(&c, db, err, sizeof err) == CORPUS_OK &&
	    import_file(c, src, &o, &rep, err, sizeof err) == 0,
	    "re-import (%s)", err);
	corpus_close(c);
	is_int(counts_agree("lc.db"), 0, "letter_count after a re-import");
	ok(corpus_open(&c, db, NULL, err, sizeof err) == CORPUS_OK, "open");
	total = corpus_letter_counts(c, NULL, counts);
	is_int(total, 2, "total from letter_count");
	is_int(counts[1] + counts[2], 2, "B and C");
	corpus_close(c);

	/* Back to schema 1: no table, no triggers. Read as is, then
	 * migrated by the next writer. */
	is_int(exec("lc.db", TO_SCHEMA3), SQLITE_OK, "back to schema 3");
	exec("lc.db", "DROP TABLE letter_count; DROP TRIGGER term_count_ins;"
	    " DROP TRIGGER term_count_del; DROP TRIGGER term_count_upd;"
	    " ALTER TABLE alias DROP COLUMN pos; PRAGMA user_version=1;");
	ok(corpus_open(&c, db, NULL, err, sizeof err) == CORPUS_OK, "a "
	    "schema-1 file opens for reading (%s)", err);
	total = corpus_letter_counts(c, NULL, counts);
	is_int(total, 2, "and is counted without letter_count");
	{
		struct term t;
		int64_t key;

		ok(corpus_lookup(c, "charlie", &key, NULL, NULL, err,
		    sizeof err) == CORPUS_OK && corpus_get(c, key, &t, err,
		    sizeof err) == CORPUS_OK, "and its terms read without the "
		    "alias order of schema 3 (%s)", err);
		term_free(&t);
	}
	corpus_close(c);
	ok(corpus_open_rw(&c, db, err, sizeof err) == CORPUS_OK,
	    "migrate 1 -> %d (%s)", CORPUS_VERSION, err);
	corpus_close(c);
	is_int(counts_agree("lc.db"), 0, "letter_count filled by the migration");
	ok(corpus_open_rw(&c, db, err, sizeof err) == CORPUS_OK &&
	    import_file(c, src, &o, &rep, err, sizeof err) == 0,
	    "import after the migration (%s)", err);
	corpus_close(c);
	is_int(counts_agree("lc.db"), 0, "and the triggers keep it");
	free(db), free(src);
}

/* Terms whose block the trigram index does not list for their headword
 * or for a piece of the middle of their body (gram.h's superset). */
static long
gram_missing(const char *file)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char *p = path(file);
	long missing = 0;

	sqlite3_open(p, &db);
	if (sqlite3_prepare_v2(db, "SELECT id, headword, substr(body, 3, 9)"
	    " FROM term", -1, &st, NULL) != SQLITE_OK)
		missing = -1;
	while (missing >= 0 && sqlite3_step(st) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0), b = id >> GRAM_SHIFT;

		for (int col = 1; col <= 2; col++) {
			char *lit = xstrdup((const char *)sqlite3_column_text(st,
			    col));
			char *const lits[1] = { lit };
			unsigned char *bits;
			int64_t n;

			if (gram_blocks(db, "main", lits, 1, &bits, &n) != 1 ||
			    b >= n || !(bits[b >> 3] & (1u << (b & 7)))) {
				tap_diag("'%s' of term %lld is not listed", lit,
				    (long long)id);
				missing++;
			}
			free(bits);
			free(lit);
		}
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(p);
	return missing;
}

/* Whether the body tier of a lookup in db finds headword for query. */
static bool
body_finds(const char *db, const char *query, const char *headword)
{
	struct corpus *c;
	struct lookup *l;
	struct lookup_hit h[8];
	char err[512], *p = path(db);
	size_t n = 0;
	bool found = false;

	if (corpus_open(&c, NULL, p, err, sizeof err) != CORPUS_OK ||
	    lookup_open(&l, c, err, sizeof err) != LOOKUP_OK) {
		tap_diag("open %s: %s", db, err);
		free(p);
		return false;
	}
	n = lookup_query(l, query, LOOKUP_NO_TYPO, h, nitems(h));
	for (size_t i = 0; i < n; i++)
		if (h[i].kind == LOOKUP_BODY && strcmp(h[i].headword,
		    headword) == 0)
			found = true;
	lookup_hits_free(h, n);
	lookup_close(l);
	corpus_close(c);
	free(p);
	return found;
}

static bool
count_hit(const struct search_hit *h, void *arg)
{
	(void)h;
	++*(long *)arg;
	return true;
}

/* Hits of a search for pattern in the user database db. */
static long
hits(const char *db, const char *pattern)
{
	struct corpus *c;
	struct search *s;
	char err[512], *p = path(db);
	size_t off;
	long n = 0;

	if (corpus_open(&c, NULL, p, err, sizeof err) != CORPUS_OK) {
		tap_diag("open %s: %s", db, err);
		free(p);
		return -1;
	}
	s = search_compile(pattern, SEARCH_SMARTCASE, err, sizeof err, &off);
	if (s == NULL || search_run(s, c, 0, count_hit, &n, NULL, err,
	    sizeof err) < 0) {
		tap_diag("search %s: %s", pattern, err);
		n = -1;
	}
	search_free(s);
	corpus_close(c);
	free(p);
	return n;
}

static int
import_into(const char *db, const char *src)
{
	struct import_opts o = { .format = IMPORT_LORE };
	struct import_report rep;
	struct corpus *c;
	char err[512], *d = path(db), *s = path(src);
	int rc = -1;

	if (corpus_open_rw(&c, d, err, sizeof err) == CORPUS_OK)
		rc = import_file(c, s, &o, &rep, err, sizeof err);
	if (rc != 0)
		tap_diag("import %s into %s: %s", src, db, err);
	corpus_close(c);
	free(d), free(s);
	return rc;
}

/* Schema 7: no term_fts; the trigram index gram lists every term's
 * block for its text. A schema-6 file (and a schema-3 one, below) is read
 * and searched as is, and upgraded once by the next writer; every write
 * keeps gram a superset, and search never finds replaced text. */
static void
test_gram_schema7(void)
{
	static const char first[] =
	    "@term Alpha particle\n@aliases helium nucleus; a-ray\n\n"
	    "Two protons and two neutrons, bound.\n\n"
	    "@term Beta decay\n\nA quokka-shaped decay of a nucleus.\n\n"
	    "@term Gamma burst\n\nA zebrafish of light from far away.\n";
	struct corpus *c;
	char err[512], *db = path("f4.db");

	put("f4a.lore", first);
	unlink(db);
	ok(import_into("f4.db", "f4a.lore") == 0, "import");
	is_int(gram_missing("f4.db"), 0, "every term's block in the index");
	is_int(qint("f4.db", "SELECT count(*) FROM sqlite_schema WHERE type ="
	    " 'index' AND name IN ('term_sort', 'term_letter', 'term_category',"
	    " 'term_source', 'word_term')"), 5, "an import into an empty file "
	    "makes the indexes it dropped again");
	is_int(qint("f4.db", "SELECT count(*) FROM sqlite_schema WHERE name"
	    " LIKE 'term_fts%'"), 0, "no FTS index");
	ok(body_finds("f4.db", "ZEBRAFISH", "Gamma burst"), "the body tier "
	    "finds a word of a body, in any case");
	ok(body_finds("f4.db", "a neutrons", "Alpha particle"), "a word of "
	    "fewer than three characters is left out, as FTS5 did");
	ok(!body_finds("f4.db", "neutrons zebrafish", "Alpha particle") &&
	    !body_finds("f4.db", "neutrons zebrafish", "Gamma burst"),
	    "every word must be there");
	ok(body_finds("f4.db", "nucleus two", "Alpha particle"), "in the "
	    "aliases or the body");

	is_int(exec("f4.db", TO_SCHEMA6), SQLITE_OK, "back to schema 6");
	is_int(hits("f4.db", "quokka"), 1, "a schema-6 file is searched as is");
	is_int(hits("f4.db", "n[eu]utrons|zebrafish"), 2, "by a scan too");
	ok(body_finds("f4.db", "zebrafish", "Gamma burst"), "and its bodies "
	    "found by a lookup");
	is_int(qint("f4.db", "PRAGMA user_version"), 6, "and not migrated by "
	    "a reader");
	ok(corpus_open_rw(&c, db, err, sizeof err) == CORPUS_OK, "migrate 6 -> "
	    "%d (%s)", CORPUS_VERSION, err);
	corpus_close(c);
	is_int(qint("f4.db", "PRAGMA user_version"), CORPUS_VERSION,
	    "user_version is the newest");
	is_int(qint("f4.db", "SELECT count(*) FROM sqlite_schema WHERE name"
	    " LIKE 'term_fts%'"), 0, "the FTS index and its view are gone");
	is_int(qint("f4.db", "PRAGMA freelist_count"), 0, "and their pages "
	    "given back");
	is_int(gram_missing("f4.db"), 0, "the migration fills gram");
	is_int(hits("f4.db", "quokka"), 1, "found by search");
	is_int(hits("f4.db", "helium nuc"), 1, "by an alias too");

	is_int(exec("f4.db", TO_SCHEMA3), SQLITE_OK, "back to schema 3");
	is_int(hits("f4.db", "quokka"), 1, "a schema-3 file is searched as is");
	ok(corpus_open_rw(&c, db, err, sizeof err) == CORPUS_OK, "migrate 3 -> "
	    "%d (%s)", CORPUS_VERSION, err);
	corpus_close(c);
	/* "Gamma burst": its initials, and "burst" (schema 5). */
	is_int(qint("f4.db", "SELECT count(*) FROM word WHERE term_id = (SELECT"
	    " id FROM term WHERE headword = 'Gamma burst')"), 2,
	    "the migration fills the word table of the terms already there");
	is_int(gram_missing("f4.db"), 0, "and gram");
	is_int(qint("f4.db", "SELECT count(*) FROM sqlite_schema WHERE name"
	    " LIKE 'term_fts%'"), 0, "and leaves no FTS index");

	/* Import the file again without Gamma and with Beta rewritten. */
	put("f4a.lore", "@term Alpha particle\n@aliases helium nucleus\n\n"
	    "Two protons and two neutrons, bound.\n\n"
	    "@term Beta decay\n\nAn electron leaves the nucleus.\n");
	ok(import_into("f4.db", "f4a.lore") == 0, "re-import");
	is_int(gram_missing("f4.db"), 0, "every term in the index");
	is_int(qint("f4.db", "SELECT (SELECT count(*) FROM word WHERE term_id"
	    " NOT IN (SELECT id FROM term)) + (SELECT count(*) FROM alias WHERE"
	    " term_id NOT IN (SELECT id FROM term)) + (SELECT count(*) FROM"
	    " related WHERE term_id NOT IN (SELECT id FROM term))"), 0,
	    "nothing names a replaced term (the import runs without foreign "
	    "keys)");
	is_int(hits("f4.db", "zebrafish|quokka|a-ray"), 0,
	    "removed text is not found by search");
	ok(!body_finds("f4.db", "zebrafish", "Gamma burst"), "nor by a lookup");

	/* Another file merges a sense and an alias into Alpha. */
	put("f4b.lore", "@term alpha particle\n@aliases ionizing helion\n\n"
	    "Stopped by a sheet of paper.\n\n"
	    "@term Delta ray\n\nA knock-on electron.\n");
	ok(import_into("f4.db", "f4b.lore") == 0, "import a second file");
	is_int(gram_missing("f4.db"), 0, "every term in the index");
	is_int(hits("f4.db", "sheet of paper"), 1, "the merged sense is found");
	is_int(hits("f4.db", "ionizing helion"), 1, "and the merged alias");
	ok(body_finds("f4.db", "paper ionizing", "Alpha particle"), "by a "
	    "lookup too");
	ok(import_into("f4.db", "f4a.lore") == 0, "re-import the first file");
	is_int(gram_missing("f4.db"), 0, "every term in the index");
	is_int(hits("f4.db", "ionizing"), 0, "the dropped merge is not found");
	free(db);
}

int
main(void)
{
	char cmd[300];

	snprintf(dir, sizeof dir, "/tmp/lore-corpus-XXXXXX");
	if (mkdtemp(dir) == NULL)
		tap_skip_all("no temporary directory");
	test_schema();
	test_lookup();
	test_pages();
	test_letter_counts();
	test_gram_schema7();
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		tap_diag("could not remove %s", dir);
	return done_testing();
}
