/* manage.c - import, build and check: the commands that write or audit. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cli/cli.h"
#include "aliaspack.h"
#include "corpus.h"
#include "import.h"
#include "read_dict.h"
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
		cli_error("unknown format '%s' (lore, a, b, c, stardict, dictd, "
		    "csv, notes, anki, apkg or auto)", o->format);
		return -1;
	}
	return 0;
}

/* Where StarDict and dictd dictionaries are installed, as sdcv and dict
 * look: $STARDICT_DATA_DIR/dic, ~/.stardict/dic, /usr/share/stardict/dic,
 * /usr/share/dictd. */
static size_t
installed(struct dict_installed **v)
{
	const char *sd = getenv("STARDICT_DATA_DIR"), *home = getenv("HOME");
	struct buf a = { 0 }, b = { 0 };
	const char *dirs[5];
	size_t n = 0, r;

	if (sd != NULL && sd[0] == '/') {
		buf_printf(&a, "%s/dic", sd);
		dirs[n++] = a.s;
	}
	if (home != NULL && home[0] == '/') {
		buf_printf(&b, "%s/.stardict/dic", home);
		dirs[n++] = b.s;
	}
	dirs[n++] = "/usr/share/stardict/dic";
	dirs[n++] = "/usr/share/dictd";
	dirs[n] = NULL;
	r = dict_installed(dirs, v);
	buf_free(&a);
	buf_free(&b);
	return r;
}

static int
list_installed(const struct cli *o)
{
	struct dict_installed *v;
	size_t n = installed(&v), i;

	for (i = 0; i < n; i++) {
		if (o->json) {
			fputs("{\"name\":", stdout);
			json_str(stdout, v[i].name);
			fputs(",\"kind\":", stdout);
			json_str(stdout, v[i].kind);
			fputs(",\"path\":", stdout);
			json_str(stdout, v[i].path);
			fputs(",\"title\":", stdout);
			json_str(stdout, v[i].title != NULL ? v[i].title : "");
			printf(",\"words\":%ld}\n", v[i].words);
			continue;
		}
		printf("%-20s %-8s %8ld words  ", v[i].name, v[i].kind,
		    v[i].words);
		cli_puts(stdout, v[i].title != NULL ? v[i].title : v[i].path);
		putchar('\n');
	}
	if (n == 0)
		cli_note("no StarDict or dictd dictionaries installed (looked in "
		    "~/.stardict/dic, /usr/share/stardict/dic and "
		    "/usr/share/dictd)");
	dict_installed_free(v, n);
	return n > 0 ? EXIT_FOUND : EXIT_NOTFOUND;
}

/* An argument that names no file may name an installed dictionary. */
static char *
installed_path(const char *name)
{
	struct dict_installed *v;
	size_t n, i;
	char *path = NULL;

	if (access(name, F_OK) == 0 || strchr(name, '/') != NULL)
		return NULL;
	n = installed(&v);
	for (i = 0; i < n && path == NULL; i++)
		if (strcasecmp(v[i].name, name) == 0)
			path = xstrdup(v[i].path);
	dict_installed_free(v, n);
	return path;
}

int
cmd_import(struct cli *o, int argc, char **argv)
{
	struct import_opts io = { 0 };
	struct import_report rep;
	struct corpus *c;
	char err[1024] = "";
	int i, rc = EXIT_FOUND;

	if (o->list)
		return list_installed(o);
	if (argc < 1) {
		cli_error("usage: lore import [--format F] [--columns LIST] "
		    "FILE|DIR|NAME...; lore import --list");
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
	io.columns = o->columns;
	io.warn = warn_stderr;
	io.cancel = &cli_interrupted;
	for (i = 0; i < argc; i++) {
		char *named = installed_path(argv[i]);
		const char *path = named != NULL ? named : argv[i];

		if (import_file(c, path, &io, &rep, err, sizeof err) != 0) {
			cli_note("%s", err);
			free(named);
			rc = EXIT_USAGE;
			if (cli_interrupted)
				break;
			continue;
		}
		if (o->json) {
			fputs("{\"file\":", stdout);
			json_str(stdout, path);
			printf(",\"format\":\"%s\",\"entries\":%zu,\"added\":%zu,"
			    "\"merged\":%zu,\"replaced\":%zu,\"skipped\":%zu,"
			    "\"media\":%zu,\"title\":",
			    import_format_name(rep.format), rep.entries,
			    rep.added, rep.merged, rep.replaced, rep.skipped,
			    rep.media);
			json_str(stdout, rep.title);
			fputs("}\n", stdout);
		} else {
			cli_puts(stdout, path);
			if (rep.title[0] != '\0') {
				fputs(" (", stdout);
				cli_puts(stdout, rep.title);
				fputs(")", stdout);
			}
			printf(": %zu entr%s (format %s): %zu added, %zu "
			    "merged, %zu replaced", rep.entries,
			    rep.entries == 1 ? "y" : "ies",
			    import_format_name(rep.format), rep.added,
			    rep.merged, rep.replaced);
			if (rep.skipped > 0)
				printf(", %zu empty skipped", rep.skipped);
			if (rep.media > 0)
				printf(", %zu image%s left out", rep.media,
				    rep.media == 1 ? " or sound" :
				    "s and sounds");
			putchar('\n');
		}
		free(named);
	}
	corpus_close(c);
	return rc;
}

/* A built corpus names its files as the source tree does, "data/k.lore",
 * not by the path of the machine that built it: the last directory and
 * the file name. */
static int
relative_sources(sqlite3 *db)
{
	sqlite3_stmt *st, *up;
	int rc = -1;

	if (sqlite3_prepare_v2(db, "SELECT id, path FROM source", -1, &st,
	    NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, "UPDATE source SET path = ? WHERE id = ?",
	    -1, &up, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return -1;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *path = (const char *)sqlite3_column_text(st, 1);
		const char *p = path != NULL ? strrchr(path, '/') : NULL;

		if (p == NULL)
			continue;
		while (p > path && p[-1] != '/')
			p--;
		sqlite3_bind_text(up, 1, p, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(up, 2, sqlite3_column_int64(st, 0));
		if (sqlite3_step(up) != SQLITE_DONE)
			goto out;
		sqlite3_reset(up);
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	sqlite3_finalize(up);
	return rc;
}

/* Whether a built file has more than 1% of free pages, which a VACUUM
 * gives back. A build only appends rows and makes its indexes at the end
 * (no free pages), so that is rare; a VACUUM of an already dense file
 * cost 3.5 s at 100K terms for 4% (the fill of the UNIQUE indexes). */
static bool
mostly_free(sqlite3 *db)
{
	sqlite3_stmt *st;
	bool yes = false;

	if (sqlite3_prepare_v2(db, "SELECT f.freelist_count * 100 >"
	    " p.page_count FROM pragma_freelist_count f, pragma_page_count p",
	    -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		yes = sqlite3_column_int(st, 0) != 0;
	sqlite3_finalize(st);
	return yes;
}

/* fsync a file by its name: 0, or -1 with errno set. */
static int
sync_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc, e;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	e = errno;
	close(fd);
	errno = e;
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
	/*
	 * The file is scratch until the rename below: a build that fails
	 * or is interrupted, or a crash, leaves a .tmp nobody reads, which
	 * the next build deletes first. So no rollback journal and no
	 * fsync per transaction (one fsync before the rename instead), and
	 * a cache that holds the indexes a term's insert updates at random
	 * places (fold, slug, alias: 125 MB at 1M terms). With the 64 MiB
	 * of corpus_open_rw, a 1M build spilled and re-read pages: 30 GB
	 * written and 33 GB read for a 2.1 GB file, 1.1 GB of journal and
	 * 171 fsyncs; with these, 3.3 GB and 5.3 GB. A failed file still
	 * rolls back its transaction, without a journal in an undefined
	 * way: the build stops there and deletes the file.
	 */
	if (sqlite3_exec(corpus_db(c), "PRAGMA journal_mode=OFF;"
	    " PRAGMA synchronous=OFF; PRAGMA cache_size=-262144", NULL, NULL,
	    NULL) != SQLITE_OK) {
		cli_error("%s: %s", tmp.s, sqlite3_errmsg(corpus_db(c)));
		rc = EXIT_USAGE;
	}
	if (rc == EXIT_FOUND && o->categories != NULL &&
	    import_categories(c, o->categories, err, sizeof err) != 0) {
		cli_note("%s", err);
		rc = EXIT_USAGE;
	}
	io.format = IMPORT_LORE;
	io.warn = warn_stderr;
	io.cancel = &cli_interrupted;
	/* The plain indexes once, after every file's rows: an import into
	 * a database that has rows would keep them up row by row. */
	if (rc == EXIT_FOUND && corpus_indexes_late(corpus_db(c), true) != 0) {
		cli_error("%s: %s", tmp.s, sqlite3_errmsg(corpus_db(c)));
		rc = EXIT_USAGE;
	}
	for (i = 1; i < argc && rc == EXIT_FOUND; i++) {
		if (import_file(c, argv[i], &io, &rep, err, sizeof err) != 0) {
			cli_note("%s", err);
			rc = EXIT_USAGE;
		}
		total += rep.added;
	}
	/* The alias pack once, at the end: the imports of a build leave
	 * it to it (see import_file). */
	if (rc == EXIT_FOUND && (relative_sources(corpus_db(c)) != 0 ||
	    corpus_indexes_late(corpus_db(c), false) != 0 ||
	    aliaspack_fill(corpus_db(c), "main") != 0 ||
	    sqlite3_exec(corpus_db(c), "ANALYZE", NULL, NULL, NULL) !=
	    SQLITE_OK || (mostly_free(corpus_db(c)) &&
	    sqlite3_exec(corpus_db(c), "VACUUM", NULL, NULL, NULL) !=
	    SQLITE_OK) || sqlite3_exec(corpus_db(c), "PRAGMA journal_mode="
	    "DELETE", NULL, NULL, NULL) != SQLITE_OK)) {
		cli_error("%s: %s", tmp.s, sqlite3_errmsg(corpus_db(c)));
		rc = EXIT_USAGE;
	}
	corpus_close(c);
	/* On disk before it takes the name (see synchronous above). */
	if (rc == EXIT_FOUND && sync_file(tmp.s) != 0) {
		cli_error("%s: %s", tmp.s, strerror(errno));
		rc = EXIT_USAGE;
	}
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
