/* test-senses.c - a headword met again becomes numbered senses. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "corpus.h"
#include "import.h"
#include "senses.h"
#include "tap.h"
#include "util.h"

static void
test_merge(void)
{
	char *a, *b, *c;
	int dup;

	a = senses_merge("A pot for tea.", "/home/x/glossary/one.txt", 3,
	    "A pot for   water.", "/tmp/two.txt", 9, &dup);
	is_str(a, "**1.** A pot for tea.\n\n*Source: one.txt, line 3*\n\n"
	    "**2.** A pot for   water.\n\n*Source: two.txt, line 9*",
	    "two senses, numbered, each with its file's name and line");
	is_int(dup, 0, "not a duplicate");
	is_int(senses_count(a), 2, "two senses counted");
	ok(strchr(a, '/') == NULL, "no directory in the body");

	b = senses_merge(a, "ignored", 1, "A pot for\nwater.", "three.txt", 1,
	    &dup);
	ok(b == NULL && dup == 2, "a sense that repeats sense 2 word for word "
	    "(spacing aside) is left out (dup %d)", dup);
	free(b);
	b = senses_merge(a, "ignored", 1, "A pot for tea.", "three.txt", 1,
	    &dup);
	ok(b == NULL && dup == 1, "so is one that repeats sense 1");
	free(b);
	b = senses_merge(a, "ignored", 1, "### Kinds\n\n- a kind",
	    "dir/four_x.txt", 12, &dup);
	is_str(b + strlen(a), "\n\n### **3.** Kinds\n\n- a kind\n\n"
	    "*Source: four\\_x.txt, line 12*", "a sense that opens with a "
	    "heading gets its number in the heading, not on a line of its own");
	is_int(senses_count(b), 3, "three senses");
	c = senses_merge(b, "ignored", 1, "### Kinds\n\n- a  kind", "five.txt",
	    2, &dup);
	ok(c == NULL && dup == 3, "a sense that repeats a heading sense is "
	    "left out (dup %d)", dup);
	free(c);
	c = senses_merge(b, "ignored", 1, "- a list", "six.txt", 4, &dup);
	is_int(senses_count(c), 4, "a fourth sense after a heading sense");
	ok(c != NULL && strstr(c, "\n\n**4.** \n\n- a list") != NULL,
	    "a sense that opens with a list keeps its number apart");
	free(c);
	free(b);
	b = senses_merge("## Intro\n\nText.", "a.txt", 1, "Other.", "b.txt", 2,
	    &dup);
	ok(b != NULL && strncmp(b, "## **1.** Intro\n\nText.", 22) == 0 &&
	    senses_count(b) == 2, "a first sense that opens with a heading "
	    "is numbered in it and counted");
	free(b);
	free(a);

	a = senses_merge("Tea.", "a.txt", 1, "Tea.", "b.txt", 2, &dup);
	ok(a == NULL && dup == 1, "the same text twice is one sense");
	is_int(senses_count("**1.** but only one"), 1,
	    "a body that starts with a bold number is one sense");
	is_int(senses_count("Plain."), 1, "a plain body is one sense");
}

static char tmpdir[64];

static char *
write_tmp(const char *name, const char *data)
{
	struct buf p = { 0 };
	FILE *fp;

	buf_printf(&p, "%s/%s", tmpdir, name);
	if ((fp = fopen(p.s, "wb")) != NULL) {
		fputs(data, fp);
		fclose(fp);
	}
	return buf_take(&p);
}

static void
test_store(void)
{
	struct import_opts o = { .format = IMPORT_A };
	struct import_report rep;
	struct corpus *c = NULL;
	char err[512] = "", *db, *f, *body = NULL, cmd[128];
	sqlite3_stmt *st;

	snprintf(tmpdir, sizeof tmpdir, "/tmp/lore-test-XXXXXX");
	if (mkdtemp(tmpdir) == NULL) {
		ok(0, "mkdtemp");
		return;
	}
	db = write_tmp("s.db", "");
	unlink(db);
	f = write_tmp("kettles.txt",
	    "kettle, appliances\n**Kettle** one: a pot for water.\n"
	    "teapot, appliances\n**Teapot** steeps tea.\n"
	    "kettle, appliances\n**Kettle** two: a pot with a whistle.\n"
	    "kettle, appliances\n**Kettle** one: a pot for water.\n");
	ok(corpus_open_rw(&c, db, err, sizeof err) == CORPUS_OK &&
	    import_file(c, f, &o, &rep, err, sizeof err) == 0, "import (%s)",
	    err);
	is_int(rep.added, 2, "two terms");
	is_int(rep.merged, 2, "two entries merged into the first");
	if (c != NULL && sqlite3_prepare_v2(corpus_db(c), "SELECT body FROM"
	    " term WHERE headword = 'kettle'", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			body = xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	is_str(body, "**1.** **Kettle** one: a pot for water.\n\n"
	    "*Source: kettles.txt, line 1*\n\n"
	    "**2.** **Kettle** two: a pot with a whistle.\n\n"
	    "*Source: kettles.txt, line 5*",
	    "one headword, numbered senses, the repeated one left out");
	free(body);
	corpus_close(c);
	free(db), free(f);
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		tap_diag("could not remove %s", tmpdir);
}

int
main(void)
{
	test_merge();
	test_store();
	return done_testing();
}
