/* test-snippet.c - render_snippet: a search hit's Markdown line rendered,
 * the match marked RS_MATCH wherever rendering moves it. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "tap.h"
#include "util.h"
#include "../rline-same.h"

/* The text of every line, "|" between them; the matched text in [ ]. */
static char *
show(const struct rdoc *d)
{
	struct buf b = { 0 };

	for (size_t i = 0; i < d->n; i++) {
		const struct rline *l = &d->lines[i];
		size_t at = 0;

		if (i > 0)
			buf_addc(&b, '|');
		for (size_t j = 0; j < l->nspans; j++) {
			const struct rspan *sp = &l->spans[j];

			if (!(sp->style & RS_MATCH))
				continue;
			buf_add(&b, l->text + at, sp->off - at);
			buf_addc(&b, '[');
			buf_add(&b, l->text + sp->off, sp->len);
			buf_addc(&b, ']');
			at = sp->off + sp->len;
		}
		buf_adds(&b, l->text + at);
	}
	return buf_take(&b);
}

static void
check(const char *line, const char *match, int width, const char *want,
    size_t want_first, const char *label)
{
	struct render_opts o = { width, false, true, NULL };
	struct rdoc d = { 0 };
	const char *m = strstr(line, match);
	size_t first = 99;
	char *got;

	render_snippet(line, m != NULL ? (size_t)(m - line) : 0,
	    m != NULL ? strlen(match) : 0, &o, &d, &first);
	got = show(&d);
	/* trailing spaces of wrapped lines are not the point */
	for (char *p; (p = strstr(got, " |")) != NULL; )
		memmove(p, p + 1, strlen(p));
	is_str(got, want, "%s", label);
	is_int(first, want_first, "%s: the line the match starts on", label);
	free(got);
	rdoc_free(&d);
}

/*
 * render_snippet_window renders a long line only as far as it is shown,
 * without the lines before the window, with formulas from a memo: for a
 * match at every character of line, of several lengths, at several
 * widths, the lines from `before` before the match's up to `after` past
 * it must be those of the whole rendering without a memo, as many before
 * the match's. Returns the cases that differ (0), and says the first.
 */
static int
window_cases(const char *line, struct render_memo *memo)
{
	static const int widths[] = { 10, 24, 40, 80 };
	static const size_t lens[] = { 0, 1, 4, 30 };
	static const size_t befores[] = { 0, 1, SIZE_MAX };
	size_t n = strlen(line);
	int bad = 0;

	for (size_t ms = 0; ms <= n; ms++) {
		if (((unsigned char)line[ms] & 0xC0) == 0x80)
			continue;	/* inside a character */
		for (size_t w = 0; w < nitems(widths); w++)
		for (size_t k = 0; k < nitems(lens); k++)
		for (size_t b = 0; b < nitems(befores); b++)
		for (size_t after = 0; after < 3; after++) {
			struct render_opts o = { widths[w], false, true, NULL };
			struct rdoc full = { 0 }, win = { 0 };
			size_t ml = lens[k] < n - ms ? lens[k] : n - ms;
			size_t f1 = 99, f2 = 98, lo1, lo2, i, before = befores[b];

			while (ms + ml < n &&
			    ((unsigned char)line[ms + ml] & 0xC0) == 0x80)
				ml++;
			render_snippet(line, ms, ml, &o, &full, &f1);
			struct render_opts om = o;

			om.memo = memo;
			render_snippet_window(line, ms, ml, &om, before, after,
			    &win, &f2);
			lo1 = f1 > before ? f1 - before : 0;
			lo2 = f2 > before ? f2 - before : 0;
			for (i = lo1; i < full.n && i <= f1 + after; i++)
				if (i - lo1 + lo2 >= win.n ||
				    !rline_same(&full.lines[i], &win.lines[i - lo1 + lo2]))
					break;
			if (f1 - lo1 != f2 - lo2 ||
			    (i < full.n && i <= f1 + after)) {
				if (bad++ == 0)
					tap_diag("\"%s\" match %zu+%zu width %d "
					    "before %zu after %zu: line %zu "
					    "differs (first %zu, %zu)", line, ms,
					    ml, widths[w], before, after, i, f1,
					    f2);
			}
			rdoc_free(&full);
			rdoc_free(&win);
		}
	}
	return bad;
}

int
main(void)
{
	/* Lines whose rendering is more than one run of wrapped text:
	 * markup at the edges, formulas inline and on lines of their own,
	 * lists, quotes, headings, wide characters, long words. */
	static const char *const tricky[] = {
		"one two three four five six seven eight nine ten eleven twelve "
		    "thirteen fourteen fifteen sixteen",
		"**bold** at the start and `code` at the end `x`",
		"- a list item **that** goes on and on past the width of a line",
		"> a quote that goes on and on past the width, with [[a link]] in",
		"## a heading long enough to wrap at a narrow width, more words",
		"$$a + b = c$$",
		"text before $$\\frac{a}{b}$$ and after, $$x$$ then more text here",
		"the $\\zeta(s) = \\sum_n n^{-s}$ function and $x_i$ more $\\alpha$",
		"\xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2\xe5\xad\x97 zeta "
		    "\xe3\x81\x8b\xe3\x81\xaa\xe3\x81\x8b\xe3\x81\xaa\xe6\xbc\xa2"
		    "\xe5\xad\x97\xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2\xe5\xad\x97 end",
		"na\xc3\xafve caf\xc3\xa9 \xe2\x80\x94 e\xcc\x81 combining, tab\there",
		"zetazetazetazetazetazetazetazetazetazetazetazetazetazetazeta x",
		"a | table | row | with ~~strike~~ and &amp; entity &mdash; end",
		"odd \xee\x80\x80private\xee\x80\x81 markers in the text itself",
		"1. an ordered item with http://example.org/x and www.example.org",
		"a long formula $a + b + c + d + e + f + g + h + i + j + k = "
		    "\\frac{l}{m} \\le n$ that breaks, and $x_i$ again $x_i$",
	};

	struct render_memo *memo = render_memo_new();

	for (size_t i = 0; i < nitems(tricky); i++) {
		int b = window_cases(tricky[i], memo);

		ok(b == 0, "windowed snippet = whole snippet, every match: "
		    "line %zu (%d differ)", i, b);
	}
	render_memo_free(memo);

	check("The **softmax** of a vector.", "softmax", 40,
	    "The [softmax] of a vector.", 0, "bold markers go, the match stays");
	check("minimises the [[KL divergence]] to the data", "KL div", 60,
	    "minimises the [KL divergence] to the data", 0,
	    "a match inside a link marks the whole link");
	check("is $H(p, \\hat{p})$ here", "hat", 40,
	    "is [H(p, p̂)] here", 0, "a match inside a formula marks all of it");
	check("one two three four five six seven eight nine ten eleven", "ten",
	    20, "one two three four|five six seven eight|nine [ten] eleven", 2,
	    "wrapped: the match on its own line");
	check("minimises the [[KL divergence]] to the data", "the [[KL", 60,
	    "minimises [the ][KL divergence] to the data", 0,
	    "a match into a link from before it marks to the link's end");
	check("so $H(p, \\hat{p})$ here and $x$ there", "so $H", 40,
	    "[so ][H(p, p̂)] here and x there", 0,
	    "a match into a formula from before it marks to its end");
	check("a word and `code here` too", "code", 40,
	    "a word and [code here] too", 0, "inline code is marked whole");
	check("nothing special", "nothing special", 40, "[nothing special]", 0,
	    "the whole line");
	check("one two three four five six seven eight nine ten eleven",
	    "three four five six seven eight nine", 12,
	    "one two|[three four]|[five six]|[seven eight]|[nine] ten|eleven",
	    1, "a match over lines with no marker in them marks them whole");
	return done_testing();
}
