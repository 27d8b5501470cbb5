/* test-snippet.c - render_snippet: a search hit's Markdown line rendered,
 * the match marked RS_MATCH wherever rendering moves it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "tap.h"
#include "util.h"

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
	struct render_opts o = { width, false, true };
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

int
main(void)
{
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
	check("a word and `code here` too", "code", 40,
	    "a word and [code here] too", 0, "inline code is marked whole");
	check("nothing special", "nothing special", 40, "[nothing special]", 0,
	    "the whole line");
	return done_testing();
}
