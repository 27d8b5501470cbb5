/* test-import-fault.c - import_file when the system or SQLite fails under it.
 *
 * fstat() and sqlite3_exec() are interposed here (the test binary's own
 * definitions win over libc's and libsqlite3's), so a failure can be made
 * to happen at one exact call. */
#include "config.h"

#include <sys/stat.h>

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "corpus.h"
#include "import.h"
#include "tap.h"
#include "util.h"

static int fail_fstat;			/* the next fstat fails */
static const char *fail_exec;		/* the next exec of SQL starting so */
static char tmpdir[64];
static char lastwarn[512];

int fstat(int fd, struct stat *sb);
int
fstat(int fd, struct stat *sb)
{
	static int (*real)(int, struct stat *);

	if (fail_fstat) {
		fail_fstat = 0;
		/* What a failed call may leave in the buffer. */
		memset(sb, 0, sizeof *sb);
		sb->st_mode = S_IFDIR | 0755;
		errno = EIO;
		return -1;
	}
	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "fstat");
	return real(fd, sb);
}

int
sqlite3_exec(sqlite3 *db, const char *sql, int (*cb)(void *, int, char **,
    char **), void *arg, char **errmsg)
{
	static int (*real)(sqlite3 *, const char *, int (*)(void *, int,
	    char **, char **), void *, char **);

	if (fail_exec != NULL && strncmp(sql, fail_exec, strlen(fail_exec)) == 0) {
		fail_exec = NULL;
		return SQLITE_IOERR;
	}
	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "sqlite3_exec");
	return real(db, sql, cb, arg, errmsg);
}

static void
warn(void *arg, const char *path, long line, const char *msg)
{
	(void)arg, (void)path, (void)line;
	snprintf(lastwarn, sizeof lastwarn, "%s", msg);
}

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

static long long
count(struct corpus *c, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(corpus_db(c), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static struct corpus *
open_db(const char *name)
{
	struct corpus *c = NULL;
	char err[512], *db = write_tmp(name, "");

	unlink(db);
	if (corpus_open_rw(&c, db, err, sizeof err) != CORPUS_OK)
		tap_diag("%s", err);
	free(db);
	return c;
}

int
main(void)
{
	struct import_opts o = { .format = IMPORT_AUTO, .warn = warn };
	struct import_report rep;
	struct corpus *c, *b;
	char err[512] = "", *f1, *f2, *bundled, *blore, cmd[128];

	snprintf(tmpdir, sizeof tmpdir, "/tmp/lore-test-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		tap_skip_all("mkdtemp failed");
	c = open_db("u.db");
	f1 = write_tmp("one.lore", "@term Alpha\n\nFirst.\n");

	fail_fstat = 1;
	ok(import_file(c, f1, &o, &rep, err, sizeof err) != 0 &&
	    strstr(err, strerror(EIO)) != NULL && strstr(err, "directory") ==
	    NULL, "a failed fstat is reported by its errno, not by the "
	    "stat buffer it left (%s)", err);

	fail_exec = "UPDATE source";
	ok(import_file(c, f1, &o, &rep, err, sizeof err) != 0,
	    "a failed update of the source row fails the import (%s)", err);
	is_int(count(c, "SELECT count(*) FROM term"), 0,
	    "and nothing of the file is stored");
	is_int(count(c, "SELECT count(*) FROM source"), 0, "not even its source");
	ok(import_file(c, f1, &o, &rep, err, sizeof err) == 0 &&
	    count(c, "SELECT entries FROM source") == 1,
	    "without the fault it imports (%s)", err);

	/* A bundled corpus whose name a later file mentions. */
	b = open_db("bundled.db");
	blore = write_tmp("b.lore", "@term Perceptron\n\nA unit.\n");
	ok(b != NULL && import_file(b, blore, &o, &rep, err, sizeof err) == 0,
	    "bundled corpus (%s)", err);
	corpus_close(b);
	{
		struct import_opts oa = o;
		struct buf bp = { 0 };
		char *got = NULL;
		sqlite3_stmt *st;

		buf_printf(&bp, "%s/bundled.db", tmpdir);
		bundled = buf_take(&bp);
		oa.format = IMPORT_A;
		oa.bundled = bundled;
		f2 = write_tmp("g1.txt", "Beta, training\n**Beta** plain.\n");
		fail_exec = "DETACH";
		lastwarn[0] = '\0';
		ok(import_file(c, f2, &oa, &rep, err, sizeof err) == 0 &&
		    strstr(lastwarn, "DETACH") != NULL, "a failed DETACH is "
		    "reported (%s)", lastwarn);
		free(f2);
		f2 = write_tmp("g2.txt", "Gamma, training\n**Gamma** feeds a "
		    "perceptron.\n");
		ok(import_file(c, f2, &oa, &rep, err, sizeof err) == 0,
		    "the next import (%s)", err);
		if (sqlite3_prepare_v2(corpus_db(c), "SELECT group_concat(r.name)"
		    " FROM related r JOIN term t ON t.id = r.term_id WHERE"
		    " t.headword = 'Gamma'", -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
			got = xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		is_str(got, "Perceptron", "still links to the bundled corpus "
		    "after a DETACH failed");
		free(got);
	}
	corpus_close(c);
	free(f1), free(f2), free(bundled), free(blore);
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		tap_diag("could not remove %s", tmpdir);
	return done_testing();
}
