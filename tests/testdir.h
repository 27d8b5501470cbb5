/* testdir.h - a unit test's files in its own temporary directory, and
 * SQL run on them. The test fills dir (mkdtemp) before the first call;
 * included once per test program (static). */
#ifndef LORE_TESTS_TESTDIR_H
#define LORE_TESTS_TESTDIR_H

#include <stdlib.h>

#include <sqlite3.h>

#include "tap.h"
#include "util.h"

static char dir[256];

/* dir/name, for the caller to free. */
static char *
path(const char *name)
{
	struct buf b = { 0 };

	buf_printf(&b, "%s/%s", dir, name);
	return buf_take(&b);
}

/* sql on dir/file; SQLite's code, its message a diagnostic. */
static int
exec(const char *file, const char *sql)
{
	sqlite3 *db;
	char *p = path(file);
	int rc;

	sqlite3_open(p, &db);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		tap_diag("%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_close(db);
	free(p);
	return rc;
}

/* The first column of the first row sql gives on dir/file, as an
 * integer; -1 on an error. */
static long
qint(const char *file, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st = NULL;
	char *p = path(file);
	long v = -1;

	sqlite3_open(p, &db);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(p);
	return v;
}

#endif
