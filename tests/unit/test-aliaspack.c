/* test-aliaspack.c - the packed alias names of schema 8 (aliaspack.h):
 * an import fills the pack and a full search reads it; any write to
 * alias empties it and a search reads the rows instead; a pack found
 * wanting (a part missing or malformed) is read as rows too; the
 * migration of a schema 7 file fills it; what a search finds is the
 * same with the pack and without, on one thread and on two. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "aliaspack.h"
#include "tap.h"
#include "../scan-corpus.h"
#include "../testdir.h"

/* Import text into file (created when missing); 0 or -1. */
static int
import_text(const char *file, const char *name, const char *text)
{
	struct import_opts io = { .format = IMPORT_LORE };
	struct import_report rep;
	struct corpus *c;
	char err[512], *db = path(file), *src = path(name);
	FILE *fp = fopen(src, "w");
	int rc = -1;

	if (fp != NULL) {
		fputs(text, fp);
		fclose(fp);
		if (corpus_open_rw(&c, db, err, sizeof err) == CORPUS_OK) {
			rc = import_file(c, src, &io, &rep, err, sizeof err);
			corpus_close(c);
		}
		if (rc != 0)
			tap_diag("import %s: %s", name, err);
	}
	free(db), free(src);
	return rc;
}

static int64_t
parts(const char *file)
{
	sqlite3 *db;
	char *p = path(file);
	int64_t n;

	sqlite3_open(p, &db);
	n = aliaspack_parts(db, "main");
	sqlite3_close(db);
	free(p);
	return n;
}

/* A search of file as the bundled corpus: hits as scan_run gives them
 * (split: two threads), or "error: ..." */
static char *
search(const char *file, const char *pat, long split)
{
	struct corpus *c;
	char err[512], *p = path(file), *got = NULL;

	if (corpus_open(&c, p, NULL, err, sizeof err) == CORPUS_OK) {
		got = scan_run(c, pat, SEARCH_SMARTCASE, SEARCH_RANKED, split,
		    0, false, NULL, err, sizeof err);
		corpus_close(c);
	}
	free(p);
	if (got == NULL) {
		struct buf b = { 0 };

		buf_printf(&b, "error: %s", err);
		got = buf_take(&b);
	}
	return got;
}

/* Whether the search of pat finds headword hw by an alias, or not, as
 * expect says (its hits as a diagnostic when not). */
static bool
alias_hit(const char *file, const char *pat, const char *hw, bool expect)
{
	char *got = search(file, pat, 0), want[128];
	bool yes;

	snprintf(want, sizeof want, " %s|0|%d|", hw, SEARCH_IN_ALIAS);
	yes = strstr(got, want) != NULL;
	if (yes != expect)
		tap_diag("/%s/ on %s:\n%s", pat, file, got);
	free(got);
	return yes == expect;
}

static const char small_src[] =
    "@term Softmax\n@aliases softargmax; normalized exponential\n"
    "@category x\n\nScores to probabilities.\n\n"
    "@term Logit\n@category x\n\nLog-odds.\n\n"
    "@term Naive Bayes classifier\n@aliases naive-bayes\n@category x\n\n"
    "Independent features.\n";

static void
test_small(void)
{
	char *got;

	ok(import_text("s.db", "s.lore", small_src) == 0, "import a corpus");
	ok(parts("s.db") == 1 && qint("s.db", "SELECT length(names) FROM"
	    " alias_pack WHERE part = 0") == (long long)strlen("softargmax\n"
	    "normalized exponential\nnaive-bayes\n"), "the import packs its "
	    "three aliases in one part");
	ok(qint("s.db", "SELECT keys = x'0300000000000000"
	    "0100000000000000" "0100000000000000' FROM alias_pack") == 1,
	    "keys: each name's term id, 8 bytes little-endian, in fold order");
	ok(alias_hit("s.db", "exponential", "Softmax", true), "a search "
	    "finds a term by an alias only (the pack)");

	/* The pack is what the pass reads: a doctored one hides the alias
	 * (the only way to tell from outside), and a name it holds that
	 * alias does not is no hit (row_match reads the rows). */
	exec("s.db", "UPDATE alias_pack SET names = CAST(replace(names,"
	    " 'exponential', 'xxxxxxxxxxx') AS BLOB)");
	ok(alias_hit("s.db", "exponential", "Softmax", false), "a full "
	    "search reads the names from the pack, not from alias");
	got = search("s.db", "xxxxxxxxxxx", 0);
	ok(strcmp(got, "") == 0, "a name only the pack holds is no hit "
	    "(%s)", got);
	free(got);

	/* Malformed: keys not a multiple of 8, or one key short; and a part
	 * missing. Each time the rows are read. */
	exec("s.db", "UPDATE alias_pack SET keys = x'01'");
	ok(parts("s.db") == 1 && alias_hit("s.db", "exponential", "Softmax",
	    true), "keys of a malformed length: the alias rows are read instead");
	exec("s.db", "UPDATE alias_pack SET keys = x'0100000000000000"
	    "0300000000000000'");
	ok(alias_hit("s.db", "exponential", "Softmax", true), "fewer keys "
	    "than names: the alias rows are read instead");
	exec("s.db", "UPDATE alias_pack SET names = CAST('no newline at"
	    " the end' AS BLOB)");
	ok(alias_hit("s.db", "exponential", "Softmax", true), "names not "
	    "ending in a newline: the alias rows are read instead");
	exec("s.db", "UPDATE alias_pack SET part = 1");
	ok(parts("s.db") == 2 && alias_hit("s.db", "exponential", "Softmax",
	    true), "part 0 missing: the alias rows are read instead");

	/* Any write to alias, through plain SQL, empties the pack. (Such
	 * a writer must empty gram too, which it leaves stale otherwise:
	 * gram.h; then every block is read.) */
	exec("s.db", "DELETE FROM alias_pack; INSERT INTO alias_pack VALUES"
	    " (0, x'0100000000000000', x'7374616c650a')");
	exec("s.db", "INSERT INTO alias(term_id, name, fold, pos) SELECT id,"
	    " 'log-odds unit', 'log-odds unit', 0 FROM term WHERE headword ="
	    " 'Logit'; DELETE FROM gram");
	ok(qint("s.db", "SELECT count(*) FROM alias_pack") == 0 &&
	    parts("s.db") == -1, "an INSERT into alias empties the pack");
	ok(alias_hit("s.db", "odds unit", "Logit", true) && alias_hit("s.db",
	    "exponential", "Softmax", true), "a search then reads the alias rows "
	    "and finds the new alias");
	exec("s.db", "INSERT INTO alias_pack VALUES (0, x'', x'7374616c650a')");
	exec("s.db", "UPDATE alias SET name = 'logistic unit' WHERE name ="
	    " 'log-odds unit'");
	ok(qint("s.db", "SELECT count(*) FROM alias_pack") == 0 &&
	    alias_hit("s.db", "logistic", "Logit", true),
	    "an UPDATE of alias empties the pack");
	exec("s.db", "INSERT INTO alias_pack VALUES (0, x'', x'7374616c650a')");
	exec("s.db", "DELETE FROM alias WHERE name = 'naive-bayes'");
	ok(qint("s.db", "SELECT count(*) FROM alias_pack") == 0,
	    "a DELETE from alias empties the pack");

	/* The next import fills it again, with what alias now holds; a
	 * name with a newline (only SQL makes one) is a line each. */
	exec("s.db", "UPDATE alias SET name = 'two' || char(10) || 'lines'"
	    " WHERE name = 'logistic unit'");
	ok(import_text("s.db", "t.lore", "@term Probit\n@aliases normit\n"
	    "@category x\n\nInverse normal.\n") == 0 && parts("s.db") == 1,
	    "the next import fills the pack again");
	exec("s.db", "DELETE FROM gram");
	ok(qint("s.db", "SELECT instr(names, 'normit') > 0 AND"
	    " instr(names, 'two' || char(10) || 'lines' || char(10)) > 0"
	    " AND length(keys) = 8 * 5 FROM alias_pack") == 1,
	    "with the aliases SQL wrote, a line of a name each");
	ok(alias_hit("s.db", "^lines$", "Logit", true) && alias_hit("s.db",
	    "^two$", "Logit", true) && alias_hit("s.db", "two.lines", "Logit",
	    false),
	    "each line of a name matches on its own, as in the rows");

	/* An import holds the insert trigger while it adds its rows
	 * (corpus_alias_pack_hold): after it, and after one that fails
	 * half-way and rolls back, the trigger is there and works. */
	ok(qint("s.db", "SELECT count(*) FROM sqlite_schema WHERE type ="
	    " 'trigger' AND name LIKE 'alias_pack_%'") == 3,
	    "after an import the pack's three triggers are there");
	ok(import_text("s.db", "bad.lore", "@term Gamma\n@aliases gg one\n"
	    "@category x\n\nFine.\n\n@term ---\n@category x\n\nNo letters.\n")
	    != 0 && qint("s.db", "SELECT count(*) FROM term WHERE headword ="
	    " 'Gamma'") == 0 && parts("s.db") == 1,
	    "an import that fails half-way leaves the pack as it was");
	ok(qint("s.db", "SELECT count(*) FROM sqlite_schema WHERE type ="
	    " 'trigger' AND name LIKE 'alias_pack_%'") == 3,
	    "and the triggers");
	exec("s.db", "INSERT INTO alias(term_id, name, fold, pos) SELECT id,"
	    " 'probit unit', 'probit unit', 1 FROM term WHERE headword ="
	    " 'Probit'");
	ok(parts("s.db") == -1, "an INSERT into alias after imports still "
	    "empties the pack");
}

/* Enough aliases for several parts; a few tens of terms carry "quux". */
static char *
big_src(void)
{
	struct buf b = { 0 };

	for (int i = 0; i < 3000; i++) {
		buf_printf(&b, "@term Entry %04d\n@aliases alias number %04d of"
		    " the big corpus%s; second name %04d\n@category x\n\n"
		    "Body %d.\n\n", i, i, i % 97 == 3 ? " quux" : "", i, i);
	}
	return buf_take(&b);
}

static void
test_big(void)
{
	static const char *const pats[] = {
		"quux", "number 0\\d\\d7", "^second name 29", "big corpus$",
		"(?i)ALIAS NUMBER 1", "Entry 0042|name 0043",
	};
	char *src = big_src();
	int64_t n;
	bool same = true;

	ok(import_text("big.db", "big.lore", src) == 0, "import 3,000 terms");
	free(src);
	n = parts("big.db");
	ok(n >= 3 && qint("big.db", "SELECT count(*) FROM alias_pack") == n,
	    "their aliases in %lld parts of about %d bytes", (long long)n,
	    ALIASPACK_PART);
	ok(qint("big.db", "SELECT max(length(names)) < 66 * 1024 FROM"
	    " alias_pack") == 1, "no part much over %d bytes", ALIASPACK_PART);
	ok(qint("big.db", "SELECT sum(length(keys)) / 8 FROM alias_pack") ==
	    6000, "every alias in the pack");
	/* The same hits with the pack and with the rows (a copy whose pack
	 * is emptied), on one thread and on two. */
	{
		char *p = path("nopack.db"), *q = path("big.db"), sql[512];

		snprintf(sql, sizeof sql, "VACUUM INTO '%s'", p);
		unlink(p);
		exec("big.db", sql);
		exec("nopack.db", "DELETE FROM alias_pack");
		free(p), free(q);
	}
	ok(parts("nopack.db") == -1, "a copy with its pack emptied");
	for (size_t i = 0; i < nitems(pats); i++)
		for (long split = 0; split <= 1; split++) {
			char *a = search("big.db", pats[i], split);
			char *b = search("nopack.db", pats[i], split);

			if (strcmp(a, b) != 0 || strncmp(a, "error", 5) == 0) {
				tap_diag("/%s/ split %ld:\n%s# rows:\n%s",
				    pats[i], split, a, b);
				same = false;
			}
			free(a), free(b);
		}
	ok(same, "%zu patterns, one and two threads: the same hits from the "
	    "pack as from the rows", nitems(pats));
	{
		char *got = search("big.db", "quux", 1);
		size_t hits = 0;

		for (char *p = got; (p = strchr(p, '\n')) != NULL; p++)
			hits++;
		ok(hits == 31, "two threads find the 31 terms quux is an alias "
		    "of (%zu)", hits);
		free(got);
	}
	/* Part 1 gone: both threads fall back to the rows. */
	exec("big.db", "DELETE FROM alias_pack WHERE part = 1");
	{
		char *a = search("big.db", "quux", 1), *b = search("nopack.db",
		    "quux", 1);

		ok(strcmp(a, b) == 0, "a part missing, two threads: the rows, "
		    "the same hits");
		free(a), free(b);
	}
}

/* A schema 7 file: 8 without its table and triggers. Opening it for
 * writing migrates it and packs the aliases it has. */
static void
test_migration(void)
{
	struct corpus *c;
	char err[512], *p = path("m7.db");

	ok(import_text("m7.db", "m.lore", small_src) == 0 &&
	    exec("m7.db", "DROP TRIGGER alias_pack_ins; DROP TRIGGER"
	    " alias_pack_del; DROP TRIGGER alias_pack_upd; DROP TABLE"
	    " alias_pack; PRAGMA user_version = 7") == SQLITE_OK,
	    "a schema 7 file");
	ok(parts("m7.db") == -1 && alias_hit("m7.db", "exponential", "Softmax",
	    true), "read as it is, by its alias rows");
	ok(corpus_open_rw(&c, p, err, sizeof err) == CORPUS_OK,
	    "opening it for writing migrates it (%s)", err);
	corpus_close(c);
	ok(qint("m7.db", "PRAGMA user_version") == CORPUS_VERSION &&
	    parts("m7.db") == 1 && qint("m7.db", "SELECT count(*) FROM"
	    " sqlite_schema WHERE type = 'trigger' AND name LIKE"
	    " 'alias_pack_%'") == 3, "to schema %d, with its aliases packed"
	    " and the triggers", CORPUS_VERSION);
	ok(alias_hit("m7.db", "exponential", "Softmax", true), "a search "
	    "finds the alias");
	free(p);
}

int
main(void)
{
	char cmd[300];

	/* scan-corpus.h's corpora and naive search are test-scan's. */
	(void)scan_corpus_build;
	(void)scan_blocks_build;
	(void)scan_naive;
	snprintf(dir, sizeof dir, "/tmp/lore-apack-XXXXXX");
	if (mkdtemp(dir) == NULL)
		tap_skip_all("no temporary directory");
	setenv("HOME", dir, 1);
	setenv("XDG_DATA_HOME", dir, 1);
	setenv("XDG_CONFIG_HOME", dir, 1);
	setenv("XDG_STATE_HOME", dir, 1);
	setenv("XDG_CACHE_HOME", dir, 1);
	test_small();
	test_big();
	test_migration();
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		tap_diag("cleanup failed");
	return done_testing();
}
