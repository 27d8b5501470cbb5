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

/* Command names that are no word of prose or of math: in the output they
 * are LaTeX that was not understood, a backslash lost and not healed. */
static const char *const leftover[] = {
	"frac", "dfrac", "tfrac", "sqrt", "hat", "widehat", "tilde",
	"widetilde", "vec", "ddot", "overline", "underline", "mathbb",
	"mathcal", "mathbf", "mathrm", "mathit", "mathsf", "mathfrak",
	"mathscr", "boldsymbol", "operatorname", "textbf", "textrm", "textit",
	"mbox", "cdot", "cdots", "ldots", "leq", "geq", "neq", "approx",
	"infty", "nabla", "partial", "propto", "forall", "emptyset",
	"setminus", "subseteq", "otimes", "oplus", "odot", "langle", "rangle",
	"rightarrow", "leftarrow", "mapsto", "varepsilon", "epsilon", "lambda",
	"alpha", "theta", "sigma", "omega", "gamma", "varphi", "qquad",
	"begin", "substack", "lesssim", "gtrsim", "nearrow", "searrow",
	"rightleftharpoons", "therefore", "because",
	/* what an escape left of a name after eating "\\t", "\\f", "\\n"... */
	"heta", "imes", "ext", "extbf", "extrm", "ight", "ightarrow", "abla",
	"lpha", "egin", "rac", "ilde", "pprox", "arepsilon", "arphi",
	"oldsymbol", "inom", "otin",
};

/* Names that, inside a word, can only be such leftovers: the letters of
 * the word before or of the argument after them ran into them ("NsqrtN"). */
static const char *const glued[] = {
	"sqrt", "frac", "mathbb", "mathrm", "mathcal", "mathbf", "cdot",
	"operatorname", "boldsymbol", "textbf",
};

static bool
is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Constructs that show braces on purpose. */
static bool
braces_meant(const char *tex, size_t len)
{
	static const char *const meant[] = {
		"\\{", "\\}", "lbrace", "rbrace", "cases}", "Bmatrix",
	};

	for (size_t i = 0; i < sizeof meant / sizeof meant[0]; i++) {
		size_t n = strlen(meant[i]);

		for (size_t j = 0; j + n <= len; j++)
			if (memcmp(tex + j, meant[i], n) == 0)
				return true;
	}
	return false;
}

/* True when the source writes the word on purpose, as an operator's name
 * (\mathrm{vec}, \operatorname{vec}: the vectorisation of a matrix). */
static bool
named_in_source(const char *tex, size_t len, const char *w, size_t n)
{
	static const char *const as[] = { "\\mathrm{", "\\operatorname{" };

	for (size_t i = 0; i < sizeof as / sizeof as[0]; i++) {
		size_t k = strlen(as[i]);

		for (size_t j = 0; j + k + n < len; j++)
			if (memcmp(tex + j, as[i], k) == 0 &&
			    memcmp(tex + j + k, w, n) == 0 && tex[j + k + n] == '}')
				return true;
	}
	return false;
}

/*
 * Raw LaTeX left in the output: a backslash before a letter, a command name
 * standing as a word or glued to the end of one ("NsqrtN"), or braces
 * that do not pair up or that nothing in the source asked to show (with
 * healing, a set may get back its lost \{ \}, so only pairing counts).
 * Returns what was found, or NULL.
 */
static const char *
raw_latex(const struct tm_out *o, const char *tex, size_t len, bool heal)
{
	static char what[64];
	int open = 0, close = 0;

	for (int r = 0; r < o->nrows; r++) {
		const char *p = o->rows[r];

		for (const char *q = p; *q != '\0'; q++) {
			if (*q == '{')
				open++;
			else if (*q == '}')
				close++;
			else if (*q == '\\' && is_letter(q[1]))
				return "a backslash command";
		}
		while (*p != '\0') {
			const char *a;
			size_t n;

			while (*p != '\0' && !is_letter(*p))
				p++;
			for (a = p; is_letter(*p); p++)
				;
			n = (size_t)(p - a);
			if (n == 0)
				continue;
			for (size_t i = 0; i < sizeof leftover / sizeof leftover[0];
			    i++)
				if (strlen(leftover[i]) == n &&
				    memcmp(a, leftover[i], n) == 0 &&
				    !named_in_source(tex, len, a, n)) {
					snprintf(what, sizeof what, "the word %s",
					    leftover[i]);
					return what;
				}
			for (size_t i = 0; i < sizeof glued / sizeof glued[0]; i++) {
				size_t m = strlen(glued[i]);

				for (size_t j = 0; j + m <= n; j++)
					if (memcmp(a + j, glued[i], m) == 0 &&
					    /* but a "fraction" in \text{} */
					    !(m == 4 && j + m < n && a[j + m] == 't' &&
					    memcmp(glued[i], "frac", 4) == 0)) {
						snprintf(what, sizeof what,
						    "%s in a word", glued[i]);
						return what;
					}
			}
		}
	}
	if (open != close)
		return "braces that do not pair";
	if (open > 0 && !heal && !braces_meant(tex, len))
		return "braces";
	return NULL;
}

static void
one(void *arg, const char *tex, size_t len, bool display)
{
	struct tally *t = arg;
	struct tm_out o = { 0 };
	int rc = texmath_render(tex, len, t->flags | (display ? TM_DISPLAY : 0),
	    80, &o);
	const char *why = NULL;

	t->n++;
	/* In ASCII a big bracket's lower half is a backslash and names are
	 * spelt out, so only the renderer's own count of unknown commands
	 * tells there. A seed formula cut short by its file (an unclosed
	 * brace) is broken input, not raw LaTeX, when nothing of it shows. */
	if (rc != 0)
		why = "a limit was hit";
	else if (o.unknown_name[0] != '\0')
		why = "an unknown command";
	else if (o.unknown > 0 && (t->flags & TM_HEAL) == 0)
		why = "input the renderer could not read whole";
	else if ((t->flags & TM_ASCII) == 0)
		why = raw_latex(&o, tex, len, (t->flags & TM_HEAL) != 0);
	if (why != NULL) {
		t->bad++;
		if ((t->flags & TM_ASCII) == 0)
			tap_diag("%s: %s: %s: $%.*s$", t->file, t->term, why,
			    (int)(len > 70 ? 70 : len), tex);
	}
	tm_out_free(&o);
}

static void
tally_file(const char *path, enum import_format f, struct tally *t)
{
	struct entries es = { 0 };
	char err[512], *text;
	size_t i, len;

	if ((text = tap_slurp(path, &len)) == NULL)
		return;
	if (f == IMPORT_AUTO)
		f = import_detect(NULL, text, len);
	if (import_parse(path, text, len, f, &es, err, sizeof err) == 0)
		for (i = 0; i < es.n; i++) {
			t->file = path;
			t->term = es.v[i].headword;
			render_each_math(es.v[i].body, one, t);
		}
	entries_free(&es);
	free(text);
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
	ok(wild.n > 100 && wild.bad == 0, "no seed formula stays raw after "
	    "healing (%zu of %zu)", wild.bad, wild.n);
	return done_testing();
}
