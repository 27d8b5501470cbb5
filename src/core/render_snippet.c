/* render_snippet.c - one Markdown line of a search hit, rendered, with the
 * match marked RS_MATCH.
 *
 * The match is wrapped in two private-use characters before rendering, so
 * it moves with the text through Markdown, LaTeX and wrapping; afterwards
 * they are taken out and the bytes between them get RS_MATCH. A match that
 * touches a formula, inline code or a [[link]] is widened to all of it:
 * a marker inside "$\hat{p}$" would change what the formula says. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "util.h"

#define MARK_ON		"\xEE\x80\x80"	/* U+E000 */
#define MARK_OFF	"\xEE\x80\x81"	/* U+E001 */
#define MARK_LEN	3

struct widen {
	const char	*line;
	size_t		 ms, me;
};

static void
widen_to(struct widen *w, size_t s, size_t e)
{
	if (s < w->me && e > w->ms) {
		if (s < w->ms)
			w->ms = s;
		if (e > w->me)
			w->me = e;
	}
}

static void
widen_math(void *arg, const char *tex, size_t len, bool display)
{
	struct widen *w = arg;
	size_t d = display ? 2 : 1, s = (size_t)(tex - w->line);

	widen_to(w, s - d, s + len + d);
}

/* Spans between two delimiters (open, close) on the line. */
static void
widen_pairs(struct widen *w, const char *open, const char *close)
{
	const char *p = w->line, *q;

	while ((p = strstr(p, open)) != NULL &&
	    (q = strstr(p + strlen(open), close)) != NULL) {
		widen_to(w, (size_t)(p - w->line),
		    (size_t)(q + strlen(close) - w->line));
		p = q + strlen(close);
	}
}

/* Take the markers out of l; the bytes between them get RS_MATCH. *in
 * carries "inside the match" from line to line. */
static bool
unmark(struct rline *l, bool *in)
{
	unsigned *style = xcalloc(l->len + 1, sizeof *style);
	int *link = xcalloc(l->len + 1, sizeof *link);
	struct buf t = { 0 };
	struct rspan *sp = NULL;
	size_t i, n = 0, cap = 0, start;
	bool seen = *in;

	for (i = 0; i < l->len; i++)
		link[i] = -1;
	for (i = 0; i < l->nspans; i++)
		for (size_t j = l->spans[i].off; j < l->spans[i].off +
		    l->spans[i].len && j < l->len; j++) {
			style[j] = l->spans[i].style;
			link[j] = l->spans[i].link;
		}
	/* Reuse the arrays: byte i of the new text is at most byte i. */
	for (i = 0; i < l->len; ) {
		if (l->len - i >= MARK_LEN && memcmp(l->text + i, MARK_ON,
		    MARK_LEN) == 0) {
			*in = seen = true;
			i += MARK_LEN;
			continue;
		}
		if (l->len - i >= MARK_LEN && memcmp(l->text + i, MARK_OFF,
		    MARK_LEN) == 0) {
			*in = false;
			i += MARK_LEN;
			continue;
		}
		style[t.len] = style[i] | (*in ? RS_MATCH : 0);
		link[t.len] = link[i];
		buf_addc(&t, l->text[i]);
		i++;
	}
	for (i = 0; i < t.len; i = start) {
		for (start = i + 1; start < t.len && style[start] == style[i] &&
		    link[start] == link[i]; start++)
			;
		if (style[i] == 0 && link[i] < 0)
			continue;
		sp = xgrow(sp, n, &cap, 4, sizeof *sp);
		sp[n++] = (struct rspan){ i, start - i, style[i], link[i] };
	}
	free(l->text);
	free(l->spans);
	l->len = t.len;
	l->text = buf_take(&t);
	l->spans = sp;
	l->nspans = n;
	free(style);
	free(link);
	return seen;
}

int
render_snippet(const char *line, size_t ms, size_t ml,
    const struct render_opts *o, struct rdoc *out, size_t *first)
{
	size_t len = strlen(line), i;
	struct widen w = { line, ms, ms + ml };
	struct buf md = { 0 };
	bool in = false;
	int rc;

	if (w.ms > len)
		w.ms = len;
	if (w.me > len)
		w.me = len;
	render_each_math(line, widen_math, &w);
	widen_pairs(&w, "[[", "]]");
	widen_pairs(&w, "`", "`");
	buf_add(&md, line, w.ms);
	buf_adds(&md, MARK_ON);
	buf_add(&md, line + w.ms, w.me - w.ms);
	buf_adds(&md, MARK_OFF);
	buf_adds(&md, line + w.me);
	rc = render_markdown(md.s, md.len, o, out);
	buf_free(&md);
	if (first != NULL)
		*first = 0;
	for (i = 0; i < out->n; i++) {
		bool was = in;

		if (unmark(&out->lines[i], &in) && !was && first != NULL &&
		    *first == 0)
			*first = i;
	}
	return rc;
}
