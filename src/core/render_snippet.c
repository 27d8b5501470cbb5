/* render_snippet.c - one Markdown line of a search hit, rendered, with the
 * match marked RS_MATCH.
 *
 * The match is wrapped in two private-use characters before rendering, so
 * it moves with the text through Markdown, LaTeX and wrapping; afterwards
 * they are taken out and the bytes between them get RS_MATCH. A match that
 * touches a formula, inline code or a [[link]] is widened to all of it:
 * a marker inside "$\hat{p}$" would change what the formula says. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "render-int.h"
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

/* Spans between two delimiters (open, close) on the line; those that
 * start past the match (as widened so far) cannot reach into it. */
static void
widen_pairs(struct widen *w, const char *open, const char *close)
{
	const char *p = w->line, *q;

	while ((p = strstr(p, open)) != NULL &&
	    (size_t)(p - w->line) < w->me &&
	    (q = strstr(p + strlen(open), close)) != NULL) {
		widen_to(w, (size_t)(p - w->line),
		    (size_t)(q + strlen(close) - w->line));
		p = q + strlen(close);
	}
}

/* Whether a marker starts at t[i]. */
static bool
marker_at(const char *t, size_t i, size_t n, const char *mark)
{
	return n - i >= MARK_LEN && memcmp(t + i, mark, MARK_LEN) == 0;
}

/* Add a piece of text at off in one style to the spans of a line, merged
 * with the span before it when they touch and look alike; unstyled text
 * needs no span. */
static void
piece(struct rspan **sp, size_t *n, size_t *cap, size_t off, size_t len,
    unsigned style, int link)
{
	struct rspan *last = *n > 0 ? &(*sp)[*n - 1] : NULL;

	if (len == 0)
		return;
	if (last != NULL && last->off + last->len == off &&
	    last->style == style && last->link == link) {
		last->len += len;
		return;
	}
	if (style == 0 && link < 0)
		return;
	*sp = xgrow(*sp, *n, cap, 4, sizeof **sp);
	(*sp)[(*n)++] = (struct rspan){ off, len, style, link };
}

/* Whether line has a character that starts like the markers (U+E000 to
 * U+E03F). */
static bool
has_marks(const char *line, size_t len)
{
	const char *p = line, *end = line + len;

	while ((p = memchr(p, MARK_ON[0], (size_t)(end - p))) != NULL) {
		if (end - p >= 2 && p[1] == MARK_ON[1])
			return true;
		p++;
	}
	return false;
}

/*
 * Take the markers out of l, in place; the bytes between them get
 * RS_MATCH. *in carries "inside the match" from line to line. The line is
 * read a piece at a time, a piece being bytes in one span (or between
 * spans) with no marker in it; the spans made are the maximal stretches
 * of one style and link, as if every byte had been styled on its own.
 */
static bool
unmark(struct rline *l, bool *in)
{
	char *t = l->text;
	const struct rspan *old = l->spans;
	struct rspan *sp = NULL;
	size_t n = l->len, i = 0, w = 0, si = 0, nsp = 0, cap = 0;
	bool seen = *in;

	/* Neither a marker nor the match in it: the line stays as it is
	 * (its spans are the maximal stretches already). Most lines. */
	if (!*in && !has_marks(t, n))
		return false;
	while (i < n) {
		size_t end, j;
		unsigned style = 0;
		int link = -1;
		const char *m;

		if (marker_at(t, i, n, MARK_ON)) {
			*in = seen = true;
			i += MARK_LEN;
			continue;
		}
		if (marker_at(t, i, n, MARK_OFF)) {
			*in = false;
			i += MARK_LEN;
			continue;
		}
		while (si < l->nspans && old[si].off + old[si].len <= i)
			si++;
		if (si < l->nspans && old[si].off <= i) {
			style = old[si].style;
			link = old[si].link;
			end = old[si].off + old[si].len;
		} else
			end = si < l->nspans ? old[si].off : n;
		if (end > n)
			end = n;
		/* the piece ends at the next marker, if one comes first */
		for (j = i + 1; j < end; j = (size_t)(m - t) + 1) {
			if ((m = memchr(t + j, MARK_ON[0], end - j)) == NULL) {
				j = end;
				break;
			}
			if (marker_at(t, (size_t)(m - t), n, MARK_ON) ||
			    marker_at(t, (size_t)(m - t), n, MARK_OFF)) {
				j = (size_t)(m - t);
				break;
			}
		}
		if (j > end)
			j = end;
		memmove(t + w, t + i, j - i);
		piece(&sp, &nsp, &cap, w, j - i, style | (*in ? RS_MATCH : 0),
		    link);
		w += j - i;
		i = j;
	}
	t[w] = '\0';
	l->len = w;
	free(l->spans);
	l->spans = sp;
	l->nspans = nsp;
	return seen;
}

int
render_snippet(const char *line, size_t ms, size_t ml,
    const struct render_opts *o, struct rdoc *out, size_t *first)
{
	return render_snippet_window(line, ms, ml, o, SIZE_MAX, SIZE_MAX, out,
	    first);
}

int
render_snippet_window(const char *line, size_t ms, size_t ml,
    const struct render_opts *o, size_t before, size_t after,
    struct rdoc *out, size_t *first)
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
	render_math_until(line, &w.me, widen_math, &w);
	widen_pairs(&w, "[[", "]]");
	widen_pairs(&w, "`", "`");
	buf_grow(&md, len + 2 * MARK_LEN);	/* once, not doubling up */
	buf_add(&md, line, w.ms);
	buf_adds(&md, MARK_ON);
	buf_add(&md, line + w.ms, w.me - w.ms);
	buf_adds(&md, MARK_OFF);
	buf_adds(&md, line + w.me);
	/* A line with the markers in it already cannot say where the
	 * match is: it is rendered whole. */
	if (after == SIZE_MAX || has_marks(line, len))
		rc = render_markdown(md.s, md.len, o, out);
	else
		rc = render_markdown_window(md.s, md.len, o, out, MARK_ON,
		    before, after);
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
