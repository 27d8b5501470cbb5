/* test-coverage.c - LaTeX coverage at least utftex's (libtexprintf): every
 * formula of its test suite and README, and the constructs issue 18 names,
 * render with no unknown command and no command name left in the output,
 * and as the golden file beside them says.
 *
 * tests/data/utftex/formulas.txt holds the inputs, formulas.golden the
 * screens (display mode, no width limit). After a deliberate change, run
 * "tests/unit/test-coverage --write" from the source directory and read
 * the difference before committing it. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "texmath.h"
#include "util.h"

/* A backslash before a letter: a command shown as written (unknown). */
static bool
raw_command(const struct tm_out *o)
{
	for (int r = 0; r < o->nrows; r++)
		for (const char *p = o->rows[r]; *p != '\0'; p++)
			if (p[0] == '\\' && ((p[1] >= 'a' && p[1] <= 'z') ||
			    (p[1] >= 'A' && p[1] <= 'Z')))
				return true;
	return false;
}

int
main(int argc, char **argv)
{
	const char *srcdir = getenv("srcdir");
	bool write = argc > 1 && strcmp(argv[1], "--write") == 0;
	char path[4096], *in, *golden, *p;
	struct buf got = { 0 };
	size_t n = 0, bad = 0;

	if (srcdir == NULL)
		srcdir = ".";
	snprintf(path, sizeof path, "%s/tests/data/utftex/formulas.txt", srcdir);
	if ((in = tap_slurp(path, NULL)) == NULL)
		tap_skip_all("formulas.txt is not readable");
	for (p = strstr(in, "\n== "); p != NULL; ) {
		char *name = p + 4, *tex, *end, *next;
		struct tm_out o = { 0 };
		int rc;

		tex = strchr(name, '\n');
		if (tex == NULL)
			break;
		*tex++ = '\0';
		next = strstr(tex, "\n== ");
		end = next != NULL ? next : tex + strlen(tex);
		rc = texmath_render(tex, (size_t)(end - tex), TM_DISPLAY, 0, &o);
		buf_printf(&got, "== %s\n", name);
		for (int r = 0; r < o.nrows; r++) {
			size_t len = strlen(o.rows[r]);

			while (len > 0 && o.rows[r][len - 1] == ' ')
				len--;
			buf_printf(&got, "%.*s\n", (int)len, o.rows[r]);
		}
		n++;
		if (rc != 0 || o.unknown > 0 || raw_command(&o)) {
			bad++;
			tap_diag("%s: rc %d, %d unknown %s", name, rc, o.unknown,
			    o.unknown_name);
		}
		tm_out_free(&o);
		p = next;
	}
	ok(n >= 140, "%zu formulas read", n);
	is_int(bad, 0, "every formula renders with no unknown command and no "
	    "command name left");
	snprintf(path, sizeof path, "%s/tests/data/utftex/formulas.golden",
	    srcdir);
	if (write) {
		FILE *fp = fopen(path, "wb");

		if (fp != NULL) {
			fwrite(got.s, 1, got.len, fp);
			fclose(fp);
		}
		tap_diag("wrote %s", path);
	}
	golden = tap_slurp(path, NULL);
	if (!ok(golden != NULL && got.s != NULL && strcmp(golden, got.s) == 0,
	    "the screens are the golden ones") && golden != NULL && got.s != NULL) {
		const char *a = golden, *b = got.s;
		long line = 1;

		while (*a != '\0' && *a == *b) {
			line += *a == '\n';
			a++, b++;
		}
		tap_diag("first difference at line %ld of formulas.golden", line);
	}
	free(golden);
	buf_free(&got);
	free(in);
	return done_testing();
}
