/* test-heal.c - one healing rule per kind of damage: what each heals, the
 * counter-examples it must leave alone, and how many of the seeds'
 * formulas each one changes (the seeds are read at run time, skipped when
 * ../shared is absent). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "render.h"
#include "texmath.h"
#include "tm-int.h"
#include "tap.h"
#include "util.h"

static char *
render1(const char *tex, unsigned flags)
{
	struct tm_out o = { 0 };
	char *s;

	texmath_render(tex, strlen(tex), flags, 0, &o);
	s = xstrdup(o.nrows > 0 ? o.rows[0] : "");
	tm_out_free(&o);
	/* rows are padded to the width */
	for (size_t n = strlen(s); n > 0 && s[n - 1] == ' '; n--)
		s[n - 1] = '\0';
	return s;
}

static const struct {
	unsigned	 rule;
	const char	*tex, *want;
} cases[] = {
	/* escapes that ate a backslash and a letter: \t \r \n \b \f \v \a */
	{ HEAL_ESCAPE, "\\mathcal{P} = (A_1 \to A_2)", "𝒫 = (A₁ → A₂)" },
	{ HEAL_ESCAPE, "\theta", "θ" },
	{ HEAL_ESCAPE, "\\left(a \right)", "(a)" },
	{ HEAL_ESCAPE, "\nabla f", "∇f" },
	{ HEAL_ESCAPE, "\beta", "β" },
	{ HEAL_ESCAPE, "\frac{a}{b}", "a/b" },
	{ HEAL_ESCAPE, "\vec{x}", "x\xe2\x83\x97" },
	{ HEAL_ESCAPE, "\alpha", "α" },
	{ HEAL_ESCAPE, "x\nu", "xu" },		/* a line break and a variable */
	{ HEAL_ESCAPE, "a\tb", "ab" },		/* a tab, not a command */
	/* the control character went too */
	{ HEAL_REMNANT, "(A_1 o A_2 o A_3)", "(A₁ → A₂ → A₃)" },
	{ HEAL_REMNANT, "x + heta", "x + θ" },
	{ HEAL_REMNANT, "o(n)", "o(n)" },	/* little o */
	{ HEAL_REMNANT, "( o b)", "(ob)" },	/* nothing before it */
	{ HEAL_REMNANT, "a + o", "a + o" },	/* nothing after it */
	{ HEAL_REMNANT, "x = o + y", "x = o + y" },
	/* the backslash alone went */
	{ HEAL_STRIPPED, "a cdot b", "a · b" },
	{ HEAL_STRIPPED, "x to 0", "xto0" },	/* "to" is English */
	{ HEAL_STRIPPED, "alphabet", "alphabet" },
	/* glued to a neighbouring letter */
	{ HEAL_GLUED, "Asetminus i", "A ∖ i" },
	{ HEAL_GLUED, "A\\setminusi", "A ∖ i" },
	{ HEAL_GLUED, "x cdoty", "x · y" },
	{ HEAL_GLUED, "O(Nsqrt{N})", "O(N√N)" },
	{ HEAL_GLUED, "asin x", "asinx" },	/* a function name: maybe arcsin */
	{ HEAL_GLUED, "xbeta", "xbeta" },	/* Greek ends real words */
	{ HEAL_GLUED, "sometimes", "sometimes" },
	{ HEAL_GLUED, "Acup B", "AcupB" },	/* too short to tell */
	/* split by a line break */
	{ HEAL_SPLIT, "\\math\nbf{x}", "𝐱" },
	{ HEAL_SPLIT, "math\nbb{R}", "ℝ" },
	{ HEAL_SPLIT, "\\alpha\nbeta", "αβ" },	/* two commands, not one */
	{ HEAL_SPLIT, "in\nt", "int" },		/* too short */
	/* a set that lost \{ \} */
	{ HEAL_SET, "z in {0, 1}", "z ∈ {0, 1}" },
	{ HEAL_SET, "a in {b}", "a ∈ b" },
};

static void
test_cases(void)
{
	for (size_t i = 0; i < nitems(cases); i++) {
		char *got = render1(cases[i].tex, TM_HEAL);

		struct buf name = { 0 };

		/* control characters spelt out: a TAP line is one line */
		for (const char *p = cases[i].tex; *p != '\0'; p++)
			if ((unsigned char)*p < 0x20)
				buf_printf(&name, "^%c", *p + '@');
			else
				buf_addc(&name, *p);
		is_str(got, cases[i].want, "heals %s", name.s);
		buf_free(&name);
		free(got);
	}
}

/* Each rule alone does its part: turned off, its cases that change come
 * out different (a rule that can be turned off and changes nothing would
 * be untested). */
static void
test_rules_alone(void)
{
	static const struct {
		unsigned	 rule;
		const char	*name;
	} rules[] = {
		{ HEAL_ESCAPE, "escape" }, { HEAL_REMNANT, "remnant" },
		{ HEAL_STRIPPED, "stripped" }, { HEAL_GLUED, "glued" },
		{ HEAL_SPLIT, "split" }, { HEAL_SET, "set" },
	};

	for (size_t r = 0; r < nitems(rules); r++) {
		size_t changed = 0;

		for (size_t i = 0; i < nitems(cases); i++) {
			size_t a, b;
			char *on, *off;

			if (cases[i].rule != rules[r].rule)
				continue;
			on = tm_heal(cases[i].tex, strlen(cases[i].tex), HEAL_ALL, &a);
			off = tm_heal(cases[i].tex, strlen(cases[i].tex),
			    HEAL_ALL & ~rules[r].rule, &b);
			changed += strcmp(on, off) != 0;
			free(on), free(off);
		}
		ok(changed > 0, "rule %s does its part alone (%zu cases)",
		    rules[r].name, changed);
	}
}

/* ---- the seeds: how many formulas each rule changes ---- */

struct count {
	size_t	n;
	size_t	changed[6];
};

static void
one(void *arg, const char *tex, size_t len, bool display)
{
	struct count *c = arg;
	size_t a, b;
	char *all = tm_heal(tex, len, HEAL_ALL, &a);

	(void)display;
	c->n++;
	for (int r = 0; r < 6; r++) {
		char *off = tm_heal(tex, len, HEAL_ALL & ~(1u << r), &b);

		if (a != b || memcmp(all, off, a) != 0) {
			c->changed[r]++;
			if (getenv("HEAL_DEBUG") != NULL && atoi(getenv("HEAL_DEBUG")) == r)
				tap_diag("%.*s", (int)a, all);
		}
		free(off);
	}
	free(all);
}

static void
test_seeds(void)
{
	static const char *const files[] = {
		"000_1517756f71abf4b5.txt", "001_7eb61901ec7fbee1.txt",
		"002_8eb0e928e647a5c0.txt", "004_19ffa5c21398b238.txt",
	};
	static const char *const names[] = {
		"escape", "remnant", "stripped", "glued", "split", "set",
	};
	const char *dir = getenv("SEEDS");
	struct count c = { 0 };
	size_t present = 0;

	for (size_t f = 0; f < nitems(files); f++) {
		struct buf p = { 0 }, text = { 0 };
		struct entries es = { 0 };
		char err[512], chunk[65536];
		FILE *fp;
		size_t r;

		buf_printf(&p, "%s/%s", dir != NULL ? dir : "../shared/seeds",
		    files[f]);
		if ((fp = fopen(p.s, "rb")) == NULL) {
			buf_free(&p);
			continue;
		}
		present++;
		while ((r = fread(chunk, 1, sizeof chunk, fp)) > 0)
			buf_add(&text, chunk, r);
		fclose(fp);
		if (import_parse(p.s, text.s, text.len, import_detect(p.s,
		    text.s, text.len), &es, err, sizeof err) == 0)
			for (size_t i = 0; i < es.n; i++)
				render_each_math(es.v[i].body, one, &c);
		entries_free(&es);
		buf_free(&text);
		buf_free(&p);
	}
	if (present == 0) {
		printf("ok %d - # SKIP the seeds are not present\n", ++tap_n);
		return;
	}
	for (int r = 0; r < 6; r++)
		tap_diag("rule %s changes %zu of the seeds' %zu formulas",
		    names[r], c.changed[r], c.n);
	ok(c.n > 200, "the seeds have formulas (%zu)", c.n);
	ok(c.changed[1] > 0, "the lone o of a lost \\to is in the seeds and "
	    "healed (%zu)", c.changed[1]);
}

int
main(void)
{
	test_cases();
	test_rules_alone();
	test_seeds();
	return done_testing();
}
