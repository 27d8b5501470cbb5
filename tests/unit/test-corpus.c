/* test-corpus.c - schema and migrations, lookups, pages, FTS quoting. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "corpus.h"
#include "import.h"
#include "search.h"
#include "tap.h"
#include "util.h"

static char dir[64];

static char *
path(const char *name)
{
	struct buf b = { 0 };

	buf_printf(&b, "%s/%s", dir, name);
	return buf_take(&b);
}

static void
put(const char *name, const char *text)
{
	char *p = path(name);
	FILE *fp = fopen(p, "w");

	fputs(text, fp);
	fclose(fp);
	free(p);
}

static int
exec(const char *file, const char *sql)
{
	sqlite3 *db;
	char *p = path(file);
	int rc;

	sqlite3_open(p, &db);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	free(p);
	return rc;
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

static void
test_lookup(void)
{
	struct corpus *c;
	struct term t;
	char err[512], *b = path("b.db"), *u = path("u.db"), *sugg[3];
	int64_t key, cands[4];
	size_t n = 4;

	build("b.db", bundled_src);
	build("u.db", "@term Logit\n@category mine\n\nMy own note.\n\n"
	    "@term Zeta\n@category mine\n@related Softmax\n\nLast letter.\n");
	ok(corpus_open(&c, b, u, err, sizeof err) == CORPUS_OK, "open both "
	    "databases (%s)", err);
	if (c == NULL)
		return;
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
	    t.nrelated == 1, "a user term links to a bundled one");
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
	    "migrate 1 -> 3 (%s)", err);
	corpus_close(c);
	is_int(counts_agree("lc.db"), 0, "letter_count filled by the migration");
	ok(corpus_open_rw(&c, db, err, sizeof err) == CORPUS_OK &&
	    import_file(c, src, &o, &rep, err, sizeof err) == 0,
	    "import after the migration (%s)", err);
	corpus_close(c);
	is_int(counts_agree("lc.db"), 0, "and the triggers keep it");
	free(db), free(src);
}

static void
test_fts_quote(void)
{
	static const char *const q[] = { "naive-bayes", "C++", "\"unbalanced",
	    "AND", "a OR b", "col:val", "x*", "NEAR(a b)", "" };
	sqlite3 *db;
	size_t i;

	sqlite3_open(":memory:", &db);
	sqlite3_exec(db, "CREATE VIRTUAL TABLE f USING fts5(t, tokenize="
	    "'trigram'); INSERT INTO f VALUES ('naive-bayes and C++ \"quoted\"')",
	    NULL, NULL, NULL);
	for (i = 0; i < nitems(q); i++) {
		char *s = search_fts_quote(q[i]);
		sqlite3_stmt *st;
		int rc = SQLITE_ERROR;

		if (s[0] == '\0') {
			ok(1, "empty query quotes to nothing");
			free(s);
			continue;
		}
		if (sqlite3_prepare_v2(db, "SELECT count(*) FROM f WHERE f MATCH ?",
		    -1, &st, NULL) == SQLITE_OK) {
			sqlite3_bind_text(st, 1, s, -1, SQLITE_STATIC);
			rc = sqlite3_step(st);
			sqlite3_finalize(st);
		}
		ok(rc == SQLITE_ROW, "quoted '%s' -> %s is a valid MATCH", q[i], s);
		free(s);
	}
	sqlite3_close(db);
}

int
main(void)
{
	char cmd[128];

	snprintf(dir, sizeof dir, "/tmp/lore-corpus-XXXXXX");
	if (mkdtemp(dir) == NULL)
		tap_skip_all("no temporary directory");
	test_schema();
	test_lookup();
	test_pages();
	test_letter_counts();
	test_fts_quote();
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		tap_diag("could not remove %s", dir);
	return done_testing();
}
