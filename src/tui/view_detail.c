/* view_detail.c - one term: header, rendered body, related links; drawn
 * beside the index (the preview) and by the reader view, which reads
 * like less and info.
 *
 * The lines are rendered once per (term, width) into lines this view
 * owns, with a header and the related list added as ordinary styled
 * lines, so scrolling, link focus and match highlights treat them alike. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "progress.h"
#include "search.h"
#include "text.h"
#include "tui-int.h"
#include "util.h"

/* Styles of our own lines, above the renderer's rstyle bits. */
#define DS_HEADWORD	(1u << 16)
#define DS_META		(1u << 17)

static void
lines_free(struct detail *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->lines[i].text);
		free(d->lines[i].spans);
	}
	free(d->lines);
	strv_free(d->targets, d->ntargets);
	free(d->target_keys);
	free(d->links);
	free(d->matches);
	d->lines = NULL;
	d->targets = NULL;
	d->target_keys = NULL;
	d->links = NULL;
	d->matches = NULL;
	d->n = d->cap = d->ntargets = d->nlinks = d->nmatches = 0;
	d->cur_link = d->cur_match = -1;
}

void
detail_free(struct detail *d)
{
	lines_free(d);
	if (d->have)
		term_free(&d->term);
	d->have = false;
}

static void
reader_free(struct tui *t)
{
	struct detail *d = &t->dt;

	detail_free(d);
	search_free(d->live);
	search_free(d->page_re);
	d->live = d->page_re = NULL;
}

static struct rline *
line_new(struct detail *d, const char *s, size_t n)
{
	struct rline *l;

	d->lines = xgrow(d->lines, d->n, &d->cap, 64, sizeof *d->lines);
	l = &d->lines[d->n++];
	memset(l, 0, sizeof *l);
	l->text = xstrndup(s, n);
	l->len = n;
	return l;
}

static void
span_add(struct rline *l, size_t off, size_t len, unsigned style, int link)
{
	l->spans = xreallocarray(l->spans, l->nspans + 1, sizeof *l->spans);
	l->spans[l->nspans].off = off;
	l->spans[l->nspans].len = len;
	l->spans[l->nspans].style = style;
	l->spans[l->nspans++].link = link;
}

static int
target_add(struct detail *d, const char *name, int64_t key)
{
	d->targets = xreallocarray(d->targets, d->ntargets + 1,
	    sizeof *d->targets);
	d->target_keys = xreallocarray(d->target_keys, d->ntargets + 1,
	    sizeof *d->target_keys);
	d->targets[d->ntargets] = xstrdup(name);
	d->target_keys[d->ntargets] = key;
	return (int)d->ntargets++;
}

/* Header text wrapped at width, every piece in one style. */
static void
add_wrapped(struct detail *d, const char *s, unsigned style, int width)
{
	const char *sanitized;
	char *clean = text_sanitize(s, strlen(s), false, NULL);
	size_t n = strlen(clean), off = 0;

	sanitized = clean;
	while (off < n) {
		size_t w, fit = text_fit(sanitized + off, n - off,
		    (size_t)width, &w), cut = fit;
		struct rline *l;

		if (off + fit < n) {
			/* Break at the last space when there is one. */
			while (cut > 0 && sanitized[off + cut] != ' ')
				cut--;
			if (cut == 0)
				cut = fit;
		}
		if (cut == 0)
			cut = 1;
		l = line_new(d, sanitized + off, cut);
		span_add(l, 0, cut, style, -1);
		off += cut;
		while (off < n && sanitized[off] == ' ')
			off++;
	}
	free(clean);
}

/* Tab stops from the link spans. A link's target index is its own (one
 * per occurrence in the body, one per related line), so every span of
 * the same target as the stop before belongs to it: the pieces of a link
 * that wrapped onto the next line are one stop, not two. */
static void
links_index(struct detail *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct rline *l = &d->lines[i];

		for (size_t j = 0; j < l->nspans; j++) {
			const struct rspan *sp = &l->spans[j];
			struct dlink *lk;

			if (sp->link < 0 || (size_t)sp->link >= d->ntargets)
				continue;
			if (d->nlinks > 0 &&
			    d->links[d->nlinks - 1].target == sp->link) {
				lk = &d->links[d->nlinks - 1];
				lk->eline = i;
				lk->eoff = sp->off + sp->len;
				continue;
			}
			d->links = xreallocarray(d->links, d->nlinks + 1,
			    sizeof *d->links);
			lk = &d->links[d->nlinks++];
			lk->line = lk->eline = i;
			lk->off = sp->off;
			lk->eoff = sp->off + sp->len;
			lk->target = sp->link;
		}
	}
}

/* Whether byte off of line li, a byte of a span of link `link`, is in
 * the stop lk. */
static bool
link_has(const struct dlink *lk, size_t li, size_t off, int link)
{
	if (lk == NULL || link != lk->target)
		return false;
	if (li < lk->line || (li == lk->line && off < lk->off))
		return false;
	return li < lk->eline || (li == lk->eline && off < lk->eoff);
}

/* A stop is known by its target's name and which occurrence of that name
 * it is, which a layout at another width keeps; its number does not
 * (a link that wraps at one width may not at the other). */
static size_t
link_occurrence(const struct detail *d, long i)
{
	size_t k = 0;

	for (long j = 0; j < i; j++)
		if (strcmp(d->targets[d->links[j].target],
		    d->targets[d->links[i].target]) == 0)
			k++;
	return k;
}

static long
link_find(const struct detail *d, const char *name, size_t occ)
{
	for (size_t j = 0; j < d->nlinks; j++)
		if (strcmp(d->targets[d->links[j].target], name) == 0 &&
		    occ-- == 0)
			return (long)j;
	return -1;
}

void
detail_layout(struct tui *t, int width)
{
	struct detail *d = &t->dt;
	struct term *tm = &d->term;
	struct render_opts ro = { 0 };
	struct rdoc doc = { 0 };
	struct buf b = { 0 };
	size_t i;

	lines_free(d);
	if (width < 10)
		width = 10;
	d->width = width;
	if (!d->have)
		return;
	add_wrapped(d, tm->headword, DS_HEADWORD, width);
	if (tm->naliases > 0) {
		buf_adds(&b, "also: ");
		for (i = 0; i < tm->naliases; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", tm->aliases[i]);
		add_wrapped(d, b.s, DS_META, width);
		buf_reset(&b);
	}
	if (tm->category[0] != '\0')
		buf_printf(&b, "category: %s", tm->category);
	if (tm->source != NULL && tm->source[0] != '\0') {
		/* The file name is enough to find it; build paths differ
		 * between machines and only eat the pane. */
		const char *base = strrchr(tm->source, '/');

		buf_printf(&b, "%s%s:%ld", b.len ? "  " : "",
		    base != NULL ? base + 1 : tm->source, tm->line);
	}
	if (b.len > 0)
		add_wrapped(d, b.s, DS_META, width);
	buf_free(&b);
	line_new(d, "", 0);

	ro.width = width;
	ro.ascii = disp_ascii();
	ro.heal = true;
	render_markdown(tm->body, strlen(tm->body), &ro, &doc);
	for (i = 0; i < doc.nlinks; i++)
		target_add(d, doc.links[i], 0);
	for (i = 0; i < doc.n; i++) {
		struct rline *l = line_new(d, doc.lines[i].text,
		    doc.lines[i].len);

		if (doc.lines[i].nspans > 0) {
			l->spans = xreallocarray(NULL, doc.lines[i].nspans,
			    sizeof *l->spans);
			memcpy(l->spans, doc.lines[i].spans,
			    doc.lines[i].nspans * sizeof *l->spans);
			l->nspans = doc.lines[i].nspans;
		}
	}
	rdoc_free(&doc);

	if (tm->nrelated > 0) {
		struct rline *l;

		line_new(d, "", 0);
		l = line_new(d, "Related", 7);
		span_add(l, 0, 7, RS_HEADING, -1);
		for (i = 0; i < tm->nrelated; i++) {
			const char *bul = disp_glyph(GLYPH_BULLET);
			char *name = text_sanitize(tm->related[i],
			    strlen(tm->related[i]), false, NULL);
			size_t w, nl = strlen(name), bl = strlen(bul);

			b.len = 0;
			buf_printf(&b, "  %s %s", bul, name);
			/* A name too long for the pane is cut, not wrapped:
			 * one line per link keeps Tab predictable. */
			l = line_new(d, b.s, text_fit(b.s, b.len,
			    (size_t)width, &w));
			if (l->len > 3 + bl)
				span_add(l, 3 + bl, l->len - 3 - bl < nl ?
				    l->len - 3 - bl : nl, RS_LINK,
				    target_add(d, tm->related[i],
				    tm->related_keys[i]));
			free(name);
		}
		buf_free(&b);
	}
	links_index(d);
	detail_matches(t);
}

/* Matches of the last search pattern, for n/N and highlighting. */
void
detail_matches(struct tui *t)
{
	struct detail *d = &t->dt;
	struct search *re = t->mode == VIEW_SEARCH ? t->su.re :
	    d->prompting ? d->live : d->page_re != NULL ? d->page_re :
	    t->su.last;
	char err[256];
	size_t cap = 0;

	free(d->matches);
	d->matches = NULL;
	d->nmatches = 0;
	d->cur_match = -1;
	if (re == NULL)
		return;
	for (size_t i = 0; i < d->n && d->nmatches < 10000; i++) {
		const struct rline *l = &d->lines[i];
		size_t start = 0, ms, ml;

		while (start <= l->len && search_exec(re, l->text, l->len,
		    start, &ms, &ml, err, sizeof err) == 1) {
			if (ml > 0) {
				d->matches = xgrow(d->matches, d->nmatches,
				    &cap, 32, sizeof *d->matches);
				d->matches[d->nmatches].line = i;
				d->matches[d->nmatches].off = ms;
				d->matches[d->nmatches++].len = ml;
				start = ms + ml;
			} else {
				uint32_t cp;

				if (ms >= l->len)
					break;
				start = ms + text_decode(l->text + ms,
				    l->len - ms, &cp);
			}
		}
	}
}

/* Text width for a pane: a column of margin each side when there is room. */
static int
detail_width(const struct pane *p)
{
	return p->w - 2 >= 10 ? p->w - 2 : p->w;
}

void
detail_show(struct tui *t, int64_t key)
{
	struct detail *d = &t->dt;
	char err[256];

	if (d->have && d->term.key == key)
		return;
	detail_free(d);
	d->top = 0;
	if (corpus_get(t->c, key, &d->term, err, sizeof err) != CORPUS_OK) {
		tui_message(t, true, "%s", err[0] ? err : "term not found");
		return;
	}
	d->have = true;
	detail_layout(t, detail_width(&t->dp));
}

static unsigned
style_at(const struct rline *l, size_t off, int *link)
{
	*link = -1;
	for (size_t j = 0; j < l->nspans; j++)
		if (off >= l->spans[j].off &&
		    off < l->spans[j].off + l->spans[j].len) {
			*link = l->spans[j].link;
			return l->spans[j].style;
		}
	return 0;
}

attr_t
detail_style_attr(unsigned st, bool cur_link)
{
	static const struct {
		unsigned	bit;
		enum role	role;
	} map[] = {
		{ RS_MATCH, ROLE_MATCH },	{ DS_HEADWORD, ROLE_HEADWORD },
		{ RS_LINK, ROLE_LINK },		{ RS_HEADING, ROLE_HEADING },
		{ RS_CODE, ROLE_CODE },		{ RS_MATH, ROLE_MATH },
		{ DS_META, ROLE_META },		{ RS_QUOTE, ROLE_QUOTE },
		{ RS_FRAME, ROLE_FRAME },	{ RS_BOLD, ROLE_BOLD },
		{ RS_ITALIC, ROLE_ITALIC },
	};
	attr_t a = 0, color = 0;
	bool have_color = false;

	if (cur_link && !(st & RS_MATCH))
		return disp_role(ROLE_LINK_CUR);
	/* The first role in the table gives the colour, all add their
	 * attributes: bold code stays bold. */
	for (size_t i = 0; i < nitems(map); i++) {
		attr_t r;

		if (!(st & map[i].bit))
			continue;
		r = disp_role(map[i].role);
		if (!have_color && (r & A_COLOR)) {
			color = r & A_COLOR;
			have_color = true;
		}
		a |= r & ~A_COLOR;
	}
	if (st & RS_STRIKE)
		a |= A_DIM;
	return a | color;
}

static int
offcmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

static void
draw_line(struct tui *t, size_t li, int y, int x, int w)
{
	struct detail *d = &t->dt;
	const struct rline *l = &d->lines[li];
	size_t cuts[512], nc = 0, m0 = 0, m1, i;
	int col = 0;
	const struct dlink *cl = d->cur_link >= 0 ?
	    &d->links[d->cur_link] : NULL;

	cuts[nc++] = 0;
	cuts[nc++] = l->len;
	for (i = 0; i < l->nspans && nc + 2 < nitems(cuts); i++) {
		cuts[nc++] = l->spans[i].off;
		cuts[nc++] = l->spans[i].off + l->spans[i].len;
	}
	/* Matches on this line: a binary search would do, but a screen
	 * holds few lines and matches are capped. */
	while (m0 < d->nmatches && d->matches[m0].line < li)
		m0++;
	for (m1 = m0; m1 < d->nmatches && d->matches[m1].line == li &&
	    nc + 2 < nitems(cuts); m1++) {
		cuts[nc++] = d->matches[m1].off;
		cuts[nc++] = d->matches[m1].off + d->matches[m1].len;
	}
	xqsort(cuts, nc, sizeof cuts[0], offcmp);
	for (i = 0; i + 1 < nc && col < w; i++) {
		size_t a = cuts[i], b = cuts[i + 1], m;
		unsigned st;
		int link;
		bool is_cur;

		if (b <= a || b > l->len)
			continue;
		st = style_at(l, a, &link);
		for (m = m0; m < m1; m++)
			if (a >= d->matches[m].off &&
			    a < d->matches[m].off + d->matches[m].len)
				st |= RS_MATCH;
		is_cur = link_has(cl, li, a, link);
		col += disp_text(y, x + col, w - col, l->text + a, b - a,
		    detail_style_attr(st, is_cur));
	}
}

void
detail_draw(struct tui *t, const struct pane *p)
{
	struct detail *d = &t->dt;
	int w = detail_width(p);

	if (d->have && d->width != w) {
		char *name = NULL;
		size_t occ = 0;

		if (d->cur_link >= 0 && (size_t)d->cur_link < d->nlinks) {
			name = xstrdup(d->targets[d->links[d->cur_link].target]);
			occ = link_occurrence(d, d->cur_link);
		}
		detail_layout(t, w);
		if (name != NULL) {
			d->cur_link = link_find(d, name, occ);
			free(name);
		}
	}
	d->h = p->h;
	if (!d->have) {
		disp_str(p->y, p->x + 1, p->w - 1, "(nothing selected)",
		    disp_role(ROLE_META));
		return;
	}
	if (d->n <= (size_t)p->h)
		d->top = 0;
	else if (d->top > d->n - (size_t)p->h)
		d->top = d->n - (size_t)p->h;
	for (int r = 0; r < p->h && d->top + (size_t)r < d->n; r++)
		draw_line(t, d->top + (size_t)r, p->y + r, p->x + 1, w);
}

static void
scroll_to(struct detail *d, size_t line)
{
	size_t h = d->h > 0 ? (size_t)d->h : 1;

	if (line < d->top)
		d->top = line;
	else if (line >= d->top + h)
		d->top = line >= h / 3 ? line - h / 3 : 0;
}

static void
link_follow(struct tui *t)
{
	struct detail *d = &t->dt;
	const struct dlink *lk;
	const char *name;
	int64_t key, cands[8];
	size_t nc = nitems(cands);
	char err[256];

	if (d->cur_link < 0 || (size_t)d->cur_link >= d->nlinks) {
		tui_message(t, false, "no link selected: Tab selects the next");
		return;
	}
	lk = &d->links[d->cur_link];
	name = d->targets[lk->target];
	key = d->target_keys[lk->target];
	if (key == 0) {
		if (strstr(name, "://") != NULL || strncmp(name, "mailto:", 7)
		    == 0) {
			tui_message(t, false, "external link: %s", name);
			return;
		}
		switch (corpus_lookup(t->c, name, &key, cands, &nc, err,
		    sizeof err)) {
		case CORPUS_OK:
			break;
		case CORPUS_AMBIGUOUS:
			key = cands[0];
			break;
		default:
			tui_message(t, true, "no term named \"%s\"", name);
			return;
		}
	}
	tui_open_term(t, key);
}

bool
detail_click(struct tui *t, const struct pane *p, int y, int x)
{
	struct detail *d = &t->dt;
	const struct rline *l;
	size_t li, off, w;
	int col = x - (p->x + 1), link;

	if (!d->have || y < p->y || col < 0)
		return false;
	li = d->top + (size_t)(y - p->y);
	if (li >= d->n)
		return false;
	l = &d->lines[li];
	/* The byte under the column: what fits in col columns before it. */
	off = text_fit(l->text, l->len, (size_t)col, &w);
	if (off >= l->len)
		return false;
	style_at(l, off, &link);
	for (size_t i = 0; i < d->nlinks; i++)
		if (link_has(&d->links[i], li, off, link)) {
			d->cur_link = (long)i;
			link_follow(t);
			return true;
		}
	return false;
}

bool
detail_scroll(struct tui *t, enum action a)
{
	struct detail *d = &t->dt;
	size_t h = d->h > 1 ? (size_t)d->h : 1;
	size_t maxtop = d->n > h ? d->n - h : 0, half = h / 2 ? h / 2 : 1;

	switch (a) {
	case ACT_DOWN:
		if (d->top < maxtop)
			d->top++;
		break;
	case ACT_UP:
		if (d->top > 0)
			d->top--;
		break;
	case ACT_PAGE_DOWN:
		d->top = d->top + h - 1 < maxtop ? d->top + h - 1 : maxtop;
		break;
	case ACT_PAGE_UP:
		d->top = d->top > h - 1 ? d->top - (h - 1) : 0;
		break;
	case ACT_HALF_DOWN:
		d->top = d->top + half < maxtop ? d->top + half : maxtop;
		break;
	case ACT_HALF_UP:
		d->top = d->top > half ? d->top - half : 0;
		break;
	case ACT_TOP:
		d->top = 0;
		break;
	case ACT_BOTTOM:
		d->top = maxtop;
		break;
	default:
		return false;
	}
	return true;
}

static void
step_match(struct tui *t, enum action a)
{
	struct detail *d = &t->dt;
	long n = (long)d->nmatches;

	if (n == 0) {
		tui_message(t, true, d->page_re == NULL && t->su.last == NULL ?
		    "no search yet: / searches this definition" :
		    "no match in this definition");
		return;
	}
	if (d->cur_match < 0) {
		long i;

		for (i = 0; i < n && d->matches[i].line < d->top; i++)
			;
		d->cur_match = a == ACT_NEXT_MATCH ? (i < n ? i : 0) :
		    (i > 0 ? i - 1 : n - 1);
	} else
		d->cur_match = (d->cur_match + (a == ACT_NEXT_MATCH ? 1 :
		    n - 1)) % n;
	scroll_to(d, d->matches[d->cur_match].line);
	tui_message(t, false, "match %ld/%ld", d->cur_match + 1, n);
}

void
reader_next_match(struct tui *t)
{
	step_match(t, ACT_NEXT_MATCH);
}

/* ---- the search in the page: /, then n and N ---- */

static void
page_compile(struct tui *t)
{
	struct detail *d = &t->dt;
	char err[256];
	size_t off;

	search_free(d->live);
	d->live = NULL;
	d->bad = false;
	if (d->pat.len > 0) {
		d->live = search_compile(d->pat.buf, SEARCH_SMARTCASE, err,
		    sizeof err, &off);
		d->bad = d->live == NULL;
		if (d->bad)
			tui_message(t, true, "%s", err);
	}
	detail_matches(t);
	/* Incremental, as less -i with incsearch: the first match at or
	 * after the top of the page comes into view. */
	if (d->nmatches > 0) {
		size_t top = d->top;

		d->cur_match = -1;
		step_match(t, ACT_NEXT_MATCH);
		if (d->matches[d->cur_match].line < top)
			d->top = top;
	}
}

static void
page_close(struct tui *t, bool keep)
{
	struct detail *d = &t->dt;

	d->prompting = false;
	if (keep && d->live != NULL) {
		search_free(d->page_re);
		d->page_re = d->live;
	} else
		search_free(d->live);
	d->live = NULL;
	detail_matches(t);
}

static bool
page_key(struct tui *t, int key)
{
	struct detail *d = &t->dt;

	if (key == KEYC_ENTER) {
		if (d->bad)
			return true;	/* the error stays said */
		page_close(t, d->pat.len > 0);
		if (d->nmatches > 0) {
			d->cur_match = -1;
			step_match(t, ACT_NEXT_MATCH);
		} else if (d->page_re != NULL)
			tui_message(t, true, "no match in this definition");
		return true;
	}
	if (key == KEYC_ESC) {
		page_close(t, false);
		return true;
	}
	if (!lineed_takes(key))
		return false;
	if (key == KEYC_BS && d->pat.len == 0) {
		page_close(t, false);
		return true;
	}
	if (lineed_key(&d->pat, key) == 1)
		page_compile(t);
	return true;
}

/* ---- the reader view ---- */

static void
reader_draw(struct tui *t)
{
	detail_draw(t, &t->dp);
}

static void
reader_status(struct tui *t, int y)
{
	static const struct keyhint hints[] = {
		{ ACT_CLOSE, "index" }, { ACT_HELP, "help" },
		{ ACT_NEXT_LINK, "link" }, { ACT_BACK, "back" },
		{ ACT_FIND_IN_PAGE, "find" }, { ACT_QUIT, "quit" },
	};
	struct detail *d = &t->dt;
	char pos[160], where[24];
	size_t h = d->h > 0 ? (size_t)d->h : 1, last;

	if (d->prompting) {
		char info[64] = "";
		int x, iw;

		disp_fill(y, 0, t->cols, disp_role(ROLE_STATUS));
		x = disp_str(y, 0, 1, "/", disp_role(ROLE_STATUS_KEY));
		if (d->pat.len > 0 && !d->bad)
			snprintf(info, sizeof info, " %zu match%s ",
			    d->nmatches, d->nmatches == 1 ? "" : "es");
		else if (d->pat.len == 0)
			snprintf(info, sizeof info, " find in this term ");
		iw = (int)strlen(info);
		if (x + iw + 8 > t->cols)
			iw = 0;
		lineed_draw(&d->pat, y, x, t->cols - x - iw,
		    disp_role(ROLE_STATUS));
		if (iw > 0)
			disp_str(y, t->cols - iw, iw, info,
			    disp_role(ROLE_META));
		if (t->msg[0] != '\0' && y > 0) {
			disp_fill(y - 1, 0, t->cols, disp_role(ROLE_NORMAL));
			disp_str(y - 1, 1, t->cols - 2, t->msg, disp_role(
			    t->msg_err ? ROLE_ERROR : ROLE_META));
		}
		return;
	}
	if (!d->have) {
		tui_status(t, y, "", hints, nitems(hints));
		return;
	}
	last = d->top + h < d->n ? d->top + h : d->n;
	/* less's way: Top, Bot, All, or how far the bottom line is. */
	if (d->n <= h)
		snprintf(where, sizeof where, "All");
	else if (d->top == 0)
		snprintf(where, sizeof where, "Top");
	else if (last >= d->n)
		snprintf(where, sizeof where, "Bot");
	else
		snprintf(where, sizeof where, "%zu%%", last * 100 / d->n);
	/* The headword gives way to a message where both do not fit. */
	snprintf(pos, sizeof pos, "%zu-%zu/%zu %s", d->n ? d->top + 1 : 0,
	    last, d->n, where);
	if (t->msg[0] == '\0' || (int)(strlen(pos) + strlen(t->msg) +
	    text_width(d->term.headword, strlen(d->term.headword))) + 12 <
	    t->cols)
		snprintf(pos + strlen(pos), sizeof pos - strlen(pos), "  %.80s",
		    d->term.headword);
	tui_status(t, y, pos, hints, nitems(hints));
}

static int
reader_typing(const struct tui *t)
{
	return t->dt.prompting ? 2 : 0;
}

static void
reader_open(struct tui *t)
{
	const struct term_ref *r = index_selected(t);

	if (r != NULL)
		tui_open_term(t, r->key);
}

static bool
reader_key(struct tui *t, enum action a, int key)
{
	struct detail *d = &t->dt;

	if (d->prompting && page_key(t, key))
		return true;
	if (detail_scroll(t, a))
		return true;
	switch (a) {
	case ACT_NEXT_LINK:
	case ACT_PREV_LINK: {
		long n = (long)d->nlinks;

		if (n == 0) {
			tui_message(t, false, "no links in this definition");
			break;
		}
		if (d->cur_link < 0) {
			/* Start from what is on screen. */
			long i;

			for (i = 0; i < n && d->links[i].line < d->top; i++)
				;
			d->cur_link = a == ACT_NEXT_LINK ? (i < n ? i : 0) :
			    (i > 0 ? i - 1 : n - 1);
		} else
			d->cur_link = (d->cur_link + (a == ACT_NEXT_LINK ? 1 :
			    n - 1)) % n;
		scroll_to(d, d->links[d->cur_link].line);
		tui_message(t, false, "link: %s",
		    d->targets[d->links[d->cur_link].target]);
		break;
	}
	case ACT_OPEN:
		link_follow(t);
		break;
	case ACT_FIND_IN_PAGE:
		d->prompting = true;
		d->pat.len = d->pat.cur = 0;
		d->pat.buf[0] = '\0';
		d->bad = false;
		detail_matches(t);
		break;
	case ACT_NEXT_MATCH:
	case ACT_PREV_MATCH:
		step_match(t, a);
		break;
	case ACT_BACK:
		tui_history_go(t, -1);
		break;
	case ACT_FORWARD:
		tui_history_go(t, 1);
		break;
	case ACT_CLOSE:
		tui_pop(t);
		break;
	default:
		return false;
	}
	return true;
}

static void
reader_free_view(struct tui *t)
{
	reader_free(t);
}

const struct view_ops view_reader_ops = {
	"READ", KCTX_READER, reader_open, reader_draw, reader_key,
	reader_status, reader_typing, reader_free_view,
};
