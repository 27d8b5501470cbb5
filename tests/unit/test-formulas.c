/* test-formulas.c - every formula of the bundled corpus renders cleanly,
 * and how many in the real seed files still show raw LaTeX after healing. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import.h"
#include "render.h"
#include "tap.h"
#include "texmath.h"
#include "util.h"

struct tally {
	unsigned	flags;
	size_t		n, bad;
	const char	*file;
	const char	*term;
};

/* Raw LaTeX left in the output: a backslash before a letter. */
static bool
raw_command(const struct tm_out *o)
{
	int r;

	for (r = 0; r < o->nrows; r++) {
		const char *p = o->rows[r];

		while ((p = strchr(p, '\\')) != NULL)
			if ((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' &&
			    p[1] <= 'Z'))
				return true;
			else
				p++;
	}
	return false;
}

static void
one(void *arg, const char *tex, size_t len, bool display)
{
	struct tally *t = arg;
	struct tm_out o = { 0 };
	int rc = texmath_render(tex, len, t->flags | (display ? TM_DISPLAY : 0),
	    80, &o);

	t->n++;
	/* In ASCII a big bracket's lower half is a backslash, so only the
	 * renderer's own count of unknown commands tells there. */
	if (rc != 0 || o.unknown > 0 ||
	    ((t->flags & TM_ASCII) == 0 && raw_command(&o))) {
		t->bad++;
		if (t->flags == 0)
			tap_diag("%s: %s: $%.*s$", t->file, t->term,
			    (int)(len > 70 ? 70 : len), tex);
	}
	tm_out_free(&o);
}

static bool
slurp(const char *path, struct buf *b)
{
	FILE *fp = fopen(path, "rb");
	char chunk[65536];
	size_t r;

	if (fp == NULL)
		return false;
	while ((r = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(b, chunk, r);
	fclose(fp);
	return true;
}

static void
tally_file(const char *path, enum import_format f, struct tally *t)
{
	struct buf text = { 0 };
	struct entries es = { 0 };
	char err[512];
	size_t i;

	if (!slurp(path, &text))
		return;
	if (f == IMPORT_AUTO)
		f = import_detect(text.s, text.len);
	if (import_parse(path, text.s, text.len, f, &es, err, sizeof err) == 0)
		for (i = 0; i < es.n; i++) {
			t->file = path;
			t->term = es.v[i].headword;
			render_each_math(es.v[i].body, one, t);
		}
	entries_free(&es);
	buf_free(&text);
}

static void
tally_dir(const char *dir, const char *suffix, enum import_format f,
    struct tally *t)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name), k = strlen(suffix);
		struct buf p = { 0 };

		if (n <= k || strcmp(de->d_name + n - k, suffix) != 0)
			continue;
		buf_printf(&p, "%s/%s", dir, de->d_name);
		tally_file(p.s, f, t);
		buf_free(&p);
	}
	closedir(d);
}

int
main(void)
{
	const char *srcdir = getenv("srcdir"), *seeds = getenv("SEEDS");
	struct tally bundled = { 0, 0, 0, NULL, NULL };
	struct tally wild = { TM_HEAL, 0, 0, NULL, NULL };
	struct tally ascii = { TM_ASCII, 0, 0, NULL, NULL };
	struct buf d = { 0 };

	buf_printf(&d, "%s/data", srcdir != NULL ? srcdir : ".");
	tally_dir(d.s, ".lore", IMPORT_LORE, &bundled);
	ok(bundled.n >= 1000, "the bundled corpus has formulas (%zu)", bundled.n);
	is_int(bundled.bad, 0, "no bundled formula shows raw LaTeX or an "
	    "unknown command");
	tally_dir(d.s, ".lore", IMPORT_LORE, &ascii);
	is_int(ascii.bad, 0, "nor in ASCII mode");
	buf_free(&d);

	if (seeds == NULL || access(seeds, R_OK | X_OK) != 0) {
		printf("ok %d # SKIP ../shared/seeds is not present\n", ++tap_n);
		return done_testing();
	}
	tally_dir(seeds, ".txt", IMPORT_AUTO, &wild);
	tap_diag("seed files: %zu formulas, %zu still show raw LaTeX after "
	    "healing (%.1f%%)", wild.n, wild.bad,
	    wild.n ? 100.0 * (double)wild.bad / (double)wild.n : 0.0);
	ok(wild.n > 100 && wild.bad * 20 <= wild.n, "at most 5%% of the seed "
	    "formulas stay raw after healing (%zu of %zu)", wild.bad, wild.n);
	return done_testing();
}
