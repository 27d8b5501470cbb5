/* manage.c - import, build and check: the commands that write or audit. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cli/cli.h"
#include "corpus.h"
#include "import.h"
#include "texmath.h"
#include "text.h"
#include "util.h"

static void
warn_stderr(void *arg, const char *path, long line, const char *msg)
{
	(void)arg;
	if (line > 0)
		cli_note("%s:%ld: warning: %s", path, line, msg);
	else
		cli_note("%s: warning: %s", path, msg);
}

static int
format_opt(const struct cli *o, enum import_format *f)
{
	*f = IMPORT_AUTO;
	if (o->format == NULL)
		return 0;
	*f = import_format_parse(o->format);
	if ((int)*f < 0) {
		cli_error("unknown format '%s' (lore, a, b, c or auto)", o->format);
		return -1;
	}
	return 0;
}

int
cmd_import(struct cli *o, int argc, char **argv)
{
	struct import_opts io = { 0 };
	struct import_report rep;
	struct corpus *c;
	char err[1024] = "";
	int i, rc = EXIT_FOUND;

	if (argc < 1) {
		cli_error("usage: lore import [--format F] FILE...");
		return EXIT_USAGE;
	}
	if (format_opt(o, &io.format) != 0)
		return EXIT_USAGE;
	if (cli_mkdir_for(o->user) != 0) {
		cli_error("%s: cannot create its directory: %s", o->user,
		    strerror(errno));
		return EXIT_USAGE;
	}
	if (corpus_open_rw(&c, o->user, err, sizeof err) != CORPUS_OK) {
		cli_error("%s", err);
		return EXIT_USAGE;
	}
	io.bundled = o->bundled;
	io.warn = warn_stderr;
	io.cancel = &cli_interrupted;
	for (i = 0; i < argc; i++) {
		if (import_file(c, argv[i], &io, &rep, err, sizeof err) != 0) {
			cli_note("%s", err);
			rc = EXIT_USAGE;
			if (cli_interrupted)
				break;
			continue;
		}
		if (o->json) {
			fputs("{\"file\":", stdout);
			json_str(stdout, argv[i]);
			printf(",\"format\":\"%s\",\"entries\":%zu,\"added\":%zu,"
			    "\"merged\":%zu,\"replaced\":%zu}\n",
			    import_format_name(rep.format), rep.entries,
			    rep.added, rep.merged, rep.replaced);
		} else {
			cli_puts(stdout, argv[i]);
			printf(": %zu entries (format %s): %zu added, %zu "
			    "merged, %zu replaced\n", rep.entries,
			    import_format_name(rep.format), rep.added,
			    rep.merged, rep.replaced);
		}
	}
	corpus_close(c);
	return rc;
}

/* lore build OUT FILE...: the bundled corpus, written whole and renamed
 * into place, so a failed build never leaves a half database behind. */
int
cmd_build(struct cli *o, int argc, char **argv)
{
	struct import_opts io = { 0 };
	struct import_report rep;
	struct corpus *c;
	struct buf tmp = { 0 };
	char err[1024] = "";
	size_t total = 0;
	int i, rc = EXIT_FOUND;

	if (argc < 2) {
		cli_error("usage: lore build OUT.db [--categories FILE] FILE...");
		return EXIT_USAGE;
	}
	buf_printf(&tmp, "%s.tmp", argv[0]);
	unlink(tmp.s);
	if (corpus_open_rw(&c, tmp.s, err, sizeof err) != CORPUS_OK) {
		cli_error("%s", err);
		buf_free(&tmp);
		return EXIT_USAGE;
	}
	if (o->categories != NULL &&
	    import_categories(c, o->categories, err, sizeof err) != 0) {
		cli_note("%s", err);
		rc = EXIT_USAGE;
	}
	io.format = IMPORT_LORE;
	io.warn = warn_stderr;
	io.cancel = &cli_interrupted;
	for (i = 1; i < argc && rc == EXIT_FOUND; i++) {
		if (import_file(c, argv[i], &io, &rep, err, sizeof err) != 0) {
			cli_note("%s", err);
			rc = EXIT_USAGE;
		}
		total += rep.added;
	}
	if (rc == EXIT_FOUND &&
	    sqlite3_exec(corpus_db(c), "INSERT INTO term_fts(term_fts) "
	    "VALUES('optimize'); ANALYZE; VACUUM; PRAGMA journal_mode=DELETE",
	    NULL, NULL, NULL) != SQLITE_OK) {
		cli_error("%s: %s", tmp.s, sqlite3_errmsg(corpus_db(c)));
		rc = EXIT_USAGE;
	}
	corpus_close(c);
	if (rc == EXIT_FOUND && rename(tmp.s, argv[0]) != 0) {
		cli_error("%s: %s", argv[0], strerror(errno));
		rc = EXIT_USAGE;
	}
	if (rc != EXIT_FOUND)
		unlink(tmp.s);
	else if (!o->json)
		cli_note("%s: %zu terms", argv[0], total);
	buf_free(&tmp);
	return rc;
}
