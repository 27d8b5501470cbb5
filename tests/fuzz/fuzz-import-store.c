/* fuzz-import-store.c - import_file() end to end, into a database.
 *
 * The parse targets stop at struct entries; this one goes on through
 * format detection, byte checks, control-character cleaning, mention
 * links and the SQLite transaction, the way `lore import` does. The
 * input is written to a scratch file and imported into one in-memory
 * corpus again and again (each import replaces the last, as re-importing
 * a file does). Properties: an error is "path..." with a message; after
 * a success every stored headword, alias, category and body is valid
 * UTF-8 without a control character, escape or bidi override, and the
 * number of terms from the file is the number of entries minus merges. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "corpus.h"
#include "import.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct corpus	*c;
static char		 path[64];

static void
cleanup(void)
{
	unlink(path);
	corpus_close(c);
}

static void
setup(void)
{
	char err[256];
	int fd;

	if (c != NULL)
		return;
	snprintf(path, sizeof path, "/tmp/lore-fuzz-store.XXXXXX");
	if ((fd = mkstemp(path)) < 0)
		abort();
	close(fd);
	if (corpus_open_rw(&c, ":memory:", err, sizeof err) != CORPUS_OK)
		abort();
	atexit(cleanup);	/* the replay in make check leaves nothing */
}

static void
check_text(const unsigned char *s, int multiline)
{
	size_t i = 0, n, k;
	uint32_t cp;

	if (s == NULL)
		return;
	n = strlen((const char *)s);
	if (!text_utf8_valid((const char *)s, n, NULL))
		abort();
	while (i < n) {
		k = text_decode((const char *)s + i, n - i, &cp);
		if (text_cp_unsafe(cp) || (!multiline && cp == '\n'))
			abort();
		i += k;
	}
}

static void
check_db(size_t expect)
{
	static const char *const q[] = {
		"SELECT headword, 0 FROM term",
		"SELECT body, 1 FROM term",
		"SELECT name, 0 FROM alias",
		"SELECT name, 0 FROM category",
		"SELECT name, 0 FROM related",
	};
	sqlite3 *db = corpus_db(c);
	sqlite3_stmt *st;
	size_t i;

	for (i = 0; i < sizeof q / sizeof q[0]; i++) {
		if (sqlite3_prepare_v2(db, q[i], -1, &st, NULL) != SQLITE_OK)
			abort();
		while (sqlite3_step(st) == SQLITE_ROW)
			check_text(sqlite3_column_text(st, 0),
			    sqlite3_column_int(st, 1));
		sqlite3_finalize(st);
	}
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM term", -1, &st,
	    NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
		abort();
	if ((size_t)sqlite3_column_int64(st, 0) != expect)
		abort();
	sqlite3_finalize(st);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_opts o = { 0 };
	struct import_report rep;
	char err[1024];
	FILE *fp;

	if (size > (256u << 10))
		return 0;
	setup();
	if ((fp = fopen(path, "wb")) == NULL)
		abort();
	if (fwrite(data, 1, size, fp) != size || fclose(fp) != 0)
		abort();
	err[0] = '\0';
	o.format = IMPORT_AUTO;
	if (import_file(c, path, &o, &rep, err, sizeof err) != 0) {
		if (strncmp(err, path, strlen(path)) != 0 ||
		    err[strlen(path)] != ':')
			abort();
		check_text((const unsigned char *)err, 0);
		return 0;
	}
	/* Only this file is in the database: every term came from it. */
	if (rep.added + rep.merged != rep.entries)
		abort();
	check_db(rep.added);
	return 0;
}
