/* render.c - Markdown (md4c) with LaTeX math to styled lines at a width.
 *
 * md4c calls back block by block. The inline content of a leaf block (a
 * paragraph, a heading, a tight list item, a table cell) is gathered into a
 * styled buffer, struct ibuf, and wrapped when the block ends. Containers
 * (block quotes, list items) only add a prefix to every line made inside
 * them. The work is linear in the input: text is sanitized once while it is
 * appended, wrapped once, and the prefix is rebuilt only when the container
 * stack changes, not for every line.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <md4c.h>

#include "render.h"
#include "render-int.h"
#include "texmath.h"
#include "text.h"
#include "util.h"

static const struct glyphs glyphs_utf8 = {
	{ "\xe2\x80\xa2", "\xe2\x97\xa6", "\xe2\x96\xaa" },
	"\xe2\x94\x82", "\xe2\x94\x80", "\xe2\x95\x90", "\xe2\x94\x80",
	"\xe2\x80\xa6",
	"\xe2\x94\x82", "\xe2\x94\x80",
	"\xe2\x94\x8c", "\xe2\x94\xac", "\xe2\x94\x90",
	"\xe2\x94\x9c", "\xe2\x94\xbc", "\xe2\x94\xa4",
	"\xe2\x94\x94", "\xe2\x94\xb4", "\xe2\x94\x98",
};

static const struct glyphs glyphs_ascii = {
	{ "*", "-", "+" },
	"|", "-", "=", "-",
	">",
	"|", "-",
	"+", "+", "+", "+", "+", "+", "+", "+", "+",
};

/* ---- styled inline buffers ---- */

static void
ib_reset(struct ibuf *ib)
{
	buf_reset(&ib->text);
	ib->nruns = 0;
	ib->nbrk = 0;
}

void
ib_free(struct ibuf *ib)
{
	buf_free(&ib->text);
	free(ib->runs);
	free(ib->brk);
	memset(ib, 0, sizeof *ib);
}

static void
ib_addbrk(struct ibuf *ib, size_t off)
{
	if (ib->nbrk > 0 && ib->brk[ib->nbrk - 1] >= off)
		return;
	ib->brk = xgrow(ib->brk, ib->nbrk, &ib->capbrk, 8, sizeof *ib->brk);
	ib->brk[ib->nbrk++] = off;
}

/* Account for the n bytes just appended to ib->text in one style. */
static void
ib_extend(struct ibuf *ib, size_t n, unsigned style, int link)
{
	struct style_run *r;

	if (n == 0)
		return;
	if (ib->nruns > 0) {
		r = &ib->runs[ib->nruns - 1];
		if (r->style == style && r->link == link) {
			r->len += n;
			return;
		}
	}
	ib->runs = xgrow(ib->runs, ib->nruns, &ib->cap, 8, sizeof *ib->runs);
	r = &ib->runs[ib->nruns++];
	r->off = ib->text.len - n;
	r->len = n;
	r->style = style;
	r->link = link;
}

/* ASCII stand-ins for the punctuation that prose and math use most. */
static const struct {
	uint32_t	 cp;
	const char	*s;
} translit[] = {
	{ 0x00A0, " " }, { 0x00A9, "(c)" }, { 0x00AB, "<<" }, { 0x00AD, "" },
	{ 0x00AE, "(R)" }, { 0x00B0, "deg" }, { 0x00B1, "+/-" }, { 0x00B2, "^2" },
	{ 0x00B3, "^3" }, { 0x00B7, "." }, { 0x00BB, ">>" }, { 0x00BD, "1/2" },
	{ 0x00D7, "x" }, { 0x00DF, "ss" }, { 0x00F7, "/" },
	{ 0x03B1, "alpha" }, { 0x03B2, "beta" }, { 0x03B3, "gamma" },
	{ 0x03B4, "delta" }, { 0x03B5, "epsilon" }, { 0x03B8, "theta" },
	{ 0x03BB, "lambda" }, { 0x03BC, "mu" }, { 0x03C0, "pi" },
	{ 0x03C3, "sigma" }, { 0x03C4, "tau" }, { 0x03C6, "phi" },
	{ 0x03C9, "omega" }, { 0x03A3, "Sigma" }, { 0x0394, "Delta" },
	{ 0x2010, "-" }, { 0x2011, "-" }, { 0x2012, "-" }, { 0x2013, "-" },
	{ 0x2014, "--" }, { 0x2015, "--" }, { 0x2018, "'" }, { 0x2019, "'" },
	{ 0x201A, "'" }, { 0x201C, "\"" }, { 0x201D, "\"" }, { 0x201E, "\"" },
	{ 0x2022, "*" }, { 0x2026, "..." }, { 0x2032, "'" }, { 0x2033, "''" },
	{ 0x2039, "<" }, { 0x203A, ">" }, { 0x2190, "<-" }, { 0x2192, "->" },
	{ 0x2194, "<->" }, { 0x21A6, "|->" }, { 0x21D0, "<=" }, { 0x21D2, "=>" },
	{ 0x21D4, "<=>" }, { 0x2208, " in " }, { 0x2211, "sum" }, { 0x2212, "-" },
	{ 0x2217, "*" }, { 0x221A, "sqrt" }, { 0x221E, "inf" }, { 0x2248, "~" },
	{ 0x2260, "!=" }, { 0x2261, "==" }, { 0x2264, "<=" }, { 0x2265, ">=" },
	{ 0x22C5, "." }, { 0x2500, "-" }, { 0x2502, "|" }, { 0x25E6, "-" },
	{ 0x25AA, "+" },
};

/* Latin-1 letters with their marks taken off, from U+00C0. */
static const char latin1[] =
    "AAAAAAACEEEEIIII" "DNOOOOOxOUUUUYTs" "aaaaaaaceeeeiiii" "dnooooo/ouuuuyty";

static const char *
ascii_for(uint32_t cp, char *one)
{
	size_t lo = 0, hi = nitems(translit);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cp < translit[mid].cp)
			hi = mid;
		else if (cp > translit[mid].cp)
			lo = mid + 1;
		else
			return translit[mid].s;
	}
	one[1] = '\0';
	if (cp >= 0xC0 && cp <= 0xFF && cp != 0xD7 && cp != 0xF7) {
		one[0] = latin1[cp - 0xC0];
		return one;
	}
	if (text_cp_width(cp) == 0)
		return "";		/* a combining mark goes with its base */
	one[0] = '?';
	return one;
}

/*
 * Append untrusted text: invalid UTF-8 becomes U+FFFD, controls, ESC and
 * bidi overrides are dropped, tabs and newlines become spaces, and in ASCII
 * mode everything else non-ASCII is transliterated. This is the only way
 * text gets into a line, so no line can carry a terminal escape.
 */
void
ib_add(struct rstate *st, struct ibuf *ib, const char *s, size_t n,
    unsigned style, int link)
{
	size_t i = 0, k, start = ib->text.len;
	uint32_t cp;
	char enc[4], one[2];

	buf_grow(&ib->text, n);
	while (i < n) {
		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F) {
			/* printable ASCII goes in as it is, a run at a time */
			k = i + 1 + text_ascii_run(s + i + 1, n - i - 1);
			buf_add(&ib->text, s + i, k - i);
			i = k;
			continue;
		}
		k = text_decode(s + i, n - i, &cp);
		i += k;
		if (cp == '\t' || cp == '\n')
			cp = ' ';
		else if (text_cp_unsafe(cp))
			continue;
		if (cp < 0x80)
			buf_addc(&ib->text, (char)cp);
		else if (st->o->ascii)
			buf_adds(&ib->text, ascii_for(cp, one));
		else
			buf_add(&ib->text, enc, text_encode(cp, enc));
	}
	ib_extend(ib, ib->text.len - start, style, link);
}

static void
ib_break(struct ibuf *ib)
{
	buf_addc(&ib->text, '\n');
	ib_extend(ib, 1, 0, -1);
}

/* Copy src to the end of dst, adding style to every run. */
void
ib_append(struct ibuf *dst, const struct ibuf *src, unsigned style)
{
	for (size_t i = 0; i < src->nbrk; i++)
		ib_addbrk(dst, dst->text.len + src->brk[i]);
	for (size_t i = 0; i < src->nruns; i++) {
		const struct style_run *r = &src->runs[i];

		buf_add(&dst->text, src->text.s + r->off, r->len);
		ib_extend(dst, r->len, r->style | style, r->link);
	}
}

static bool
ib_blank(const struct ibuf *ib)
{
	for (size_t i = 0; i < ib->text.len; i++)
		if (ib->text.s[i] != ' ' && ib->text.s[i] != '\n')
			return false;
	return true;
}

/* ---- lines ---- */

static void
spans_push(struct rspan **v, size_t *nv, size_t *cap, size_t off, size_t len,
    unsigned style, int link)
{
	struct rspan *sp;

	if (len == 0 || (style == 0 && link < 0))
		return;
	if (*nv > 0) {
		sp = &(*v)[*nv - 1];
		if (sp->off + sp->len == off && sp->style == style &&
		    sp->link == link) {
			sp->len += len;
			return;
		}
	}
	*v = xgrow(*v, *nv, cap, 8, sizeof **v);
	sp = &(*v)[(*nv)++];
	sp->off = off;
	sp->len = len;
	sp->style = style;
	sp->link = link;
}

void
render_line_add(struct rstate *st, const char *s, size_t n, unsigned style, int link)
{
	spans_push(&st->spans, &st->nspans, &st->capspans, st->line.len, n,
	    style, link);
	buf_add(&st->line, s, n);
}

void
render_line_addn(struct rstate *st, const char *s, size_t times, unsigned style)
{
	for (size_t i = 0; i < times; i++)
		render_line_add(st, s, strlen(s), style, -1);
}

/* Add text[a..b) of ib with its styles; *ri walks the runs forward. */
void
render_line_add_slice(struct rstate *st, const struct ibuf *ib, size_t a, size_t b,
    size_t *ri)
{
	while (*ri < ib->nruns && ib->runs[*ri].off + ib->runs[*ri].len <= a)
		(*ri)++;
	for (size_t i = *ri; i < ib->nruns && ib->runs[i].off < b; i++) {
		const struct style_run *r = &ib->runs[i];
		size_t lo = r->off > a ? r->off : a;
		size_t hi = r->off + r->len < b ? r->off + r->len : b;

		render_line_add(st, ib->text.s + lo, hi - lo, r->style, r->link);
	}
}

static void
prefix_add(struct prefix *p, const char *s, unsigned style)
{
	size_t n = strlen(s);

	spans_push(&p->spans, &p->nspans, &p->cap, p->text.len, n, style, -1);
	buf_add(&p->text, s, n);
}

/*
 * Rebuild both prefixes from the container stack. Deep nesting must not
 * eat the line, so containers that would take the prefix past half the
 * width are left out; the text keeps at least half of every line.
 */
static void
prefix_build(struct rstate *st)
{
	int limit = st->width / 2, w = 0, mw;

	buf_reset(&st->pfirst.text);
	buf_reset(&st->pcont.text);
	st->pfirst.nspans = st->pcont.nspans = 0;
	st->anypending = false;
	for (size_t i = 0; i < st->ncs; i++) {
		struct cont *c = &st->cs[i];
		char pad[sizeof c->mark];

		if (c->kind == C_QUOTE) {
			if (w + 2 > limit)
				continue;
			w += 2;
			prefix_add(&st->pfirst, st->g->bar, RS_FRAME | RS_QUOTE);
			prefix_add(&st->pfirst, " ", 0);
			prefix_add(&st->pcont, st->g->bar, RS_FRAME | RS_QUOTE);
			prefix_add(&st->pcont, " ", 0);
			continue;
		}
		/* The marker and the space after it. */
		mw = (int)text_width(c->mark, strlen(c->mark)) + 1;
		if (w + mw > limit)
			continue;
		w += mw;
		memset(pad, ' ', (size_t)mw);
		pad[mw] = '\0';
		if (c->pending) {
			prefix_add(&st->pfirst, c->mark, RS_FRAME);
			prefix_add(&st->pfirst, " ", 0);
			st->anypending = true;
		} else
			prefix_add(&st->pfirst, pad, 0);
		prefix_add(&st->pcont, pad, 0);
	}
	st->prew = w;
	st->predirty = false;
}

int
render_avail(struct rstate *st)
{
	if (st->predirty)
		prefix_build(st);
	return st->width - st->prew;
}

void
render_line_start(struct rstate *st, bool blank)
{
	const struct prefix *p;

	if (st->predirty)
		prefix_build(st);
	buf_reset(&st->line);
	st->nspans = 0;
	p = blank || !st->anypending ? &st->pcont : &st->pfirst;
	buf_add(&st->line, p->text.s != NULL ? p->text.s : "", p->text.len);
	for (size_t i = 0; i < p->nspans; i++)
		spans_push(&st->spans, &st->nspans, &st->capspans,
		    p->spans[i].off, p->spans[i].len, p->spans[i].style, -1);
}

void
render_line_end(struct rstate *st, bool blank)
{
	struct rdoc *d = st->d;
	struct rline *l;
	size_t len = st->line.len;

	while (len > 0 && st->line.s[len - 1] == ' ')
		len--;
	while (st->nspans > 0 && st->spans[st->nspans - 1].off >= len)
		st->nspans--;
	if (st->nspans > 0 && st->spans[st->nspans - 1].off +
	    st->spans[st->nspans - 1].len > len)
		st->spans[st->nspans - 1].len = len - st->spans[st->nspans - 1].off;
	if (d->n >= RENDER_MAX_LINES) {
		st->full = true;
		return;
	}
	d->lines = xgrow(d->lines, d->n, &d->cap, 32, sizeof *d->lines);
	l = &d->lines[d->n++];
	l->text = xstrndup(st->line.s != NULL ? st->line.s : "", len);
	l->len = len;
	l->nspans = st->nspans;
	l->spans = NULL;
	if (st->nspans > 0) {
		l->spans = xreallocarray(NULL, st->nspans, sizeof *l->spans);
		memcpy(l->spans, st->spans, st->nspans * sizeof *l->spans);
	}
	st->lastblank = blank;
	if (!blank && st->anypending) {
		/* Markers show on the first line of their item only. */
		for (size_t i = 0; i < st->ncs; i++)
			st->cs[i].pending = false;
		st->predirty = true;
	}
}

/* A line made but not wanted (a snippet's, before its window): the state
 * moves on as render_line_start and render_line_end move it, and nothing
 * is stored. */
static void
render_line_skip(struct rstate *st)
{
	if (st->predirty)
		prefix_build(st);
	st->lastblank = false;
	if (st->anypending) {
		for (size_t i = 0; i < st->ncs; i++)
			st->cs[i].pending = false;
		st->predirty = true;
	}
}

/* Start a block: put in the blank line owed by the block before. */
void
render_block_begin(struct rstate *st)
{
	if (st->blank && st->d->n > 0 && !st->lastblank) {
		render_line_start(st, true);
		render_line_end(st, true);
	}
	st->blank = false;
}

/* The first s in t[0..n): memmem, quicker for a needle whose first byte
 * is rare, as the snippet's mark's is. */
static const char *
find(const char *t, size_t n, const char *s)
{
	size_t k = strlen(s);
	const char *p = t, *end = t + n;

	while (k > 0 && (size_t)(end - p) >= k &&
	    (p = memchr(p, s[0], (size_t)(end - p) - k + 1)) != NULL) {
		if (memcmp(p, s, k) == 0)
			return p;
		p++;
	}
	return NULL;
}

/* Wrap and emit ib at the current prefix; returns the widest line if
 * measure (a heading's underline is as wide), else 0. */
static size_t
emit_ibuf(struct rstate *st, const struct ibuf *ib, bool measure)
{
	size_t maxw = 0, ri = 0, w = 0, skip = 0;
	const char *m = NULL;

	if (ib_blank(ib))
		return 0;
	render_block_begin(st);
	st->nsegs = 0;
	/* The block with the snippet's mark in it: wrap it up to the lines
	 * wanted. Only where every line has text (no '\n' in it), so the
	 * last one made, and those before it, stay when blank lines are
	 * taken off the end. */
	if (st->win_mark != NULL && (m = find(ib->text.s, ib->text.len,
	    st->win_mark)) != NULL &&
	    memchr(ib->text.s, '\n', ib->text.len) == NULL) {
		st->wrap_stop = (size_t)(m - ib->text.s);
		/* the line with the mark, win_after more and one to spare */
		st->wrap_left = st->win_after < SIZE_MAX - 2 ?
		    st->win_after + 2 : SIZE_MAX;
	} else
		m = NULL;
	render_wrap(st, ib, (size_t)render_avail(st));
	/* the lines more than win_before before the mark's are not made
	 * (a heading's are measured, all of them); not when no line shows
	 * the mark (in the part of a formula cut off), as then no line is
	 * the match's */
	if (m != NULL && !measure && st->win_before != SIZE_MAX) {
		size_t k = 0, at = st->wrap_stop;

		while (k < st->nsegs && st->segs[k].b <= at)
			k++;
		if (k < st->nsegs && st->segs[k].a <= at)
			skip = k > st->win_before ? k - st->win_before : 0;
	}
	/* stop after this block only if it made every line wanted (one
	 * that ends sooner leaves the rest to the blocks after it) */
	if (m != NULL && st->wrap_left != 0)
		m = NULL;
	st->wrap_stop = st->wrap_left = SIZE_MAX;
	for (size_t i = 0; i < st->nsegs; i++) {
		if (i < skip) {
			render_line_skip(st);
			continue;
		}
		render_line_start(st, false);
		render_line_add_slice(st, ib, st->segs[i].a, st->segs[i].b, &ri);
		if (measure)
			w = text_width(ib->text.s + st->segs[i].a,
			    st->segs[i].b - st->segs[i].a);
		if (st->segs[i].cut) {
			render_line_add(st, st->g->cut, strlen(st->g->cut),
			    RS_FRAME, -1);
			w++;
		}
		if (w > maxw)
			maxw = w;
		render_line_end(st, false);
	}
	if (m != NULL)
		st->full = true;	/* the lines wanted are made */
	return maxw;
}

void
render_flush_para(struct rstate *st)
{
	emit_ibuf(st, &st->para, false);
	ib_reset(&st->para);
}

/* ---- containers ---- */

static void
cont_push(struct rstate *st, int kind, const char *mark)
{
	struct cont *c;

	st->cs = xgrow(st->cs, st->ncs, &st->capcs, 8, sizeof *st->cs);
	c = &st->cs[st->ncs++];
	c->kind = kind;
	snprintf(c->mark, sizeof c->mark, "%s", mark);
	c->pending = kind == C_ITEM;
	if (kind == C_QUOTE)
		st->nquote++;
	st->predirty = true;
}

static void
cont_pop(struct rstate *st)
{
	if (st->ncs == 0)
		return;
	st->ncs--;
	if (st->cs[st->ncs].kind == C_QUOTE)
		st->nquote--;
	st->predirty = true;
}

static void
list_push(struct rstate *st, bool ol, bool tight, unsigned start, char delim)
{
	struct md_list *l;

	st->ls = xgrow(st->ls, st->nls, &st->capls, 8, sizeof *st->ls);
	l = &st->ls[st->nls++];
	l->ol = ol;
	l->tight = tight;
	l->next = start;
	l->delim = delim;
}

static void
item_begin(struct rstate *st)
{
	char mark[24];
	int depth = 0;
	struct md_list *l;

	if (st->nls == 0) {
		cont_push(st, C_ITEM, " ");
		return;
	}
	l = &st->ls[st->nls - 1];
	if (l->ol) {
		snprintf(mark, sizeof mark, "%u%c", l->next, l->delim);
		l->next++;
	} else {
		for (size_t i = 0; i + 1 < st->nls; i++)
			depth += !st->ls[i].ol;
		snprintf(mark, sizeof mark, "%s", st->g->bullet[depth % 3]);
	}
	cont_push(st, C_ITEM, mark);
}

/* ---- math ---- */

static unsigned
tm_flags(struct rstate *st)
{
	return (st->o->ascii ? TM_ASCII : 0) | (st->o->heal ? TM_HEAL : 0);
}

static unsigned
style_now(struct rstate *st)
{
	unsigned s = st->base;

	if (st->nquote > 0)
		s |= RS_QUOTE;
	if (st->em > 0 || st->img > 0)
		s |= RS_ITALIC;
	if (st->strong > 0)
		s |= RS_BOLD;
	if (st->code > 0)
		s |= RS_CODE;
	if (st->del > 0)
		s |= RS_STRIKE;
	if (st->link >= 0)
		s |= RS_LINK;
	return s;
}

static void
math_inline(struct rstate *st, const char *src, size_t n)
{
	struct tm_inline tmp = { 0 };
	const struct tm_inline *t = render_memo_get(st->o->memo, src, n,
	    tm_flags(st), render_avail(st), &tmp);

	if (t->row != NULL) {
		size_t at = st->ib->text.len, len = strlen(t->row);

		ib_add(st, st->ib, t->row, len, style_now(st) | RS_MATH,
		    st->link);
		/* the offsets hold only if sanitizing changed nothing */
		for (int k = 0; t->row0 && k < t->nbrk &&
		    st->ib->text.len - at == len; k++)
			if (t->brk[k] >= 0 && (size_t)t->brk[k] < len &&
			    st->ib->text.s[at + (size_t)t->brk[k]] == ' ')
				ib_addbrk(st->ib, at + (size_t)t->brk[k]);
	} else
		ib_add(st, st->ib, src, n, style_now(st) | RS_MATH, st->link);
	tm_inline_free(&tmp);
}

/*
 * A display formula gets lines of its own, centred. One that is wider than
 * the room, even broken, is rendered inline instead and wrapped with the
 * paragraph, which reads better than a cut or a scrolled box. With promote,
 * the formula is already in the paragraph, inline, and is shown apart only
 * when a row cannot show its structure; returns whether it was.
 */
static bool
math_display(struct rstate *st, const char *src, size_t n, bool promote)
{
	struct tm_out out = { 0 };
	size_t w, maxw = 0, room = (size_t)render_avail(st), ri, pad;
	int r;

	texmath_render(src, n, tm_flags(st) | TM_DISPLAY, (int)room, &out);
	if (out.nrows <= 0 || out.rows == NULL || (promote && !out.stacked))
		goto inline_;
	/* Measure what will be shown, after sanitizing and ASCII folding. */
	ib_reset(&st->tmp);
	for (r = 0; r < out.nrows; r++) {
		size_t before = st->tmp.text.len;

		ib_add(st, &st->tmp, out.rows[r], strlen(out.rows[r]), RS_MATH, -1);
		w = text_width(st->tmp.text.s + before, st->tmp.text.len - before);
		if (w > maxw)
			maxw = w;
		ib_break(&st->tmp);
	}
	if (maxw > room)
		goto inline_;
	tm_out_free(&out);
	if (promote)
		ib_reset(&st->para);
	render_flush_para(st);
	render_block_begin(st);
	pad = (room - maxw) / 2;
	ri = 0;
	/* Rows are split by hand: wrap() would drop their leading spaces. */
	for (size_t a = 0, b; a < st->tmp.text.len; a = b + 1) {
		for (b = a; st->tmp.text.s[b] != '\n'; b++)
			;
		render_line_start(st, false);
		render_line_addn(st, " ", pad, 0);
		render_line_add_slice(st, &st->tmp, a, b, &ri);
		render_line_end(st, false);
	}
	return true;
inline_:
	tm_out_free(&out);
	if (!promote)
		math_inline(st, src, n);
	return false;
}

/* ---- code blocks ---- */

static void
code_emit(struct rstate *st)
{
	const char *s = st->codeblk.s;
	size_t n = st->codeblk.len, i = 0, eol, room, w, k;
	struct buf ex = { 0 };

	if (n == 0)
		return;
	render_block_begin(st);
	room = (size_t)render_avail(st) - CODE_INDENT;
	while (i < n && !st->full) {
		size_t col = 0;

		eol = i;
		while (eol < n && s[eol] != '\n')
			eol++;
		buf_reset(&ex);
		for (size_t j = i; j < eol; j++) {
			if (s[j] == '\t') {
				do
					buf_addc(&ex, ' ');
				while (++col % CODE_TAB != 0);
			} else {
				buf_addc(&ex, s[j]);
				if (((unsigned char)s[j] & 0xC0) != 0x80)
					col++;
			}
		}
		ib_reset(&st->tmp);
		ib_add(st, &st->tmp, ex.s != NULL ? ex.s : "", ex.len,
		    RS_CODE | (st->nquote ? RS_QUOTE : 0), -1);
		render_line_start(st, false);
		render_line_addn(st, " ", CODE_INDENT, 0);
		w = text_width(st->tmp.text.s, st->tmp.text.len);
		if (w <= room)
			render_line_add(st, st->tmp.text.s, st->tmp.text.len,
			    st->tmp.runs ? st->tmp.runs[0].style : RS_CODE, -1);
		else {
			k = text_fit(st->tmp.text.s, st->tmp.text.len, room - 1,
			    NULL);
			render_line_add(st, st->tmp.text.s, k, st->tmp.runs[0].style, -1);
			render_line_add(st, st->g->cut, strlen(st->g->cut), RS_FRAME, -1);
		}
		render_line_end(st, false);
		i = eol + 1;
	}
	buf_free(&ex);
}

/* ---- md4c callbacks ---- */

static int
add_link(struct rstate *st, const MD_ATTRIBUTE *a)
{
	struct rdoc *d = st->d;

	/* rdoc has no capacity field: grow at 16 and at every power of two. */
	if (d->nlinks == 0)
		d->links = xreallocarray(NULL, 16, sizeof *d->links);
	else if (d->nlinks >= 16 && (d->nlinks & (d->nlinks - 1)) == 0)
		d->links = xreallocarray(d->links, d->nlinks * 2,
		    sizeof *d->links);
	d->links[d->nlinks] = text_sanitize(a->text, a->size, false, NULL);
	return (int)d->nlinks++;
}

static int
enter_block(MD_BLOCKTYPE type, void *detail, void *u)
{
	struct rstate *st = u;

	if (st->full)
		return 1;
	switch (type) {
	case MD_BLOCK_DOC:
		break;
	case MD_BLOCK_QUOTE:
		render_flush_para(st);
		render_block_begin(st);
		cont_push(st, C_QUOTE, "");
		break;
	case MD_BLOCK_UL:
		render_flush_para(st);
		list_push(st, false, ((MD_BLOCK_UL_DETAIL *)detail)->is_tight,
		    1, '.');
		break;
	case MD_BLOCK_OL: {
		MD_BLOCK_OL_DETAIL *ol = detail;

		render_flush_para(st);
		list_push(st, true, ol->is_tight, ol->start,
		    ol->mark_delimiter == ')' ? ')' : '.');
		break;
	}
	case MD_BLOCK_LI:
		render_flush_para(st);
		render_block_begin(st);
		item_begin(st);
		break;
	case MD_BLOCK_HR:
		render_flush_para(st);
		render_block_begin(st);
		render_line_start(st, false);
		render_line_addn(st, st->g->hr, (size_t)render_avail(st), RS_FRAME);
		render_line_end(st, false);
		st->blank = true;
		break;
	case MD_BLOCK_H:
		render_flush_para(st);
		st->blank = true;
		st->base = RS_HEADING | RS_BOLD;
		st->hlevel = (int)((MD_BLOCK_H_DETAIL *)detail)->level;
		break;
	case MD_BLOCK_CODE:
	case MD_BLOCK_HTML:
		render_flush_para(st);
		st->incode = true;
		buf_reset(&st->codeblk);
		break;
	case MD_BLOCK_P:
		render_flush_para(st);
		st->inp = true;
		st->pother = false;
		st->pnmath = 0;
		break;
	case MD_BLOCK_TABLE:
		render_flush_para(st);
		table_begin(st, ((MD_BLOCK_TABLE_DETAIL *)detail)->col_count);
		break;
	case MD_BLOCK_THEAD:
		st->t.inhead = true;
		break;
	case MD_BLOCK_TBODY:
		st->t.inhead = false;
		break;
	case MD_BLOCK_TR:
		if (!st->intable)
			break;
		if (st->t.nrows + st->d->n >= RENDER_MAX_LINES) {
			/* It could not all be shown: stop storing rows. */
			st->full = true;
			return 1;
		}
		table_row(st);
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		if (!st->intable || st->t.nrows == 0 || st->t.col >= st->t.ncols) {
			st->ib = &st->scratch;
			break;
		}
		st->ib = &st->t.cells[(st->t.nrows - 1) * (size_t)st->t.ncols +
		    (size_t)st->t.col];
		if (st->t.nrows == 1)
			st->t.align[st->t.col] = ((MD_BLOCK_TD_DETAIL *)detail)->align;
		st->base = type == MD_BLOCK_TH ? RS_BOLD : 0;
		break;
	}
	return 0;
}

static int
leave_block(MD_BLOCKTYPE type, void *detail, void *u)
{
	struct rstate *st = u;
	size_t w;

	(void)detail;
	if (st->full)
		return 1;
	switch (type) {
	case MD_BLOCK_QUOTE:
		render_flush_para(st);
		cont_pop(st);
		st->blank = true;
		break;
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		render_flush_para(st);
		if (st->nls > 0) {
			st->nls--;
			if (!st->ls[st->nls].tight || st->nls == 0)
				st->blank = true;
		}
		break;
	case MD_BLOCK_LI:
		render_flush_para(st);
		if (st->ncs > 0 && st->cs[st->ncs - 1].pending) {
			/* An empty item still shows its marker. */
			render_line_start(st, false);
			render_line_end(st, false);
		}
		cont_pop(st);
		if (st->nls > 0 && !st->ls[st->nls - 1].tight)
			st->blank = true;
		break;
	case MD_BLOCK_H:
		w = emit_ibuf(st, &st->para, true);
		ib_reset(&st->para);
		if (w > 0 && st->hlevel <= 2) {
			render_line_start(st, false);
			render_line_addn(st, st->hlevel == 1 ? st->g->h1 : st->g->h2, w,
			    RS_FRAME | RS_HEADING);
			render_line_end(st, false);
		}
		st->base = 0;
		st->blank = true;
		break;
	case MD_BLOCK_CODE:
	case MD_BLOCK_HTML:
		st->incode = false;
		code_emit(st);
		st->blank = true;
		break;
	case MD_BLOCK_P:
		if (st->pnmath == 1 && !st->pother)
			/* A paragraph that is one formula reads as display
			 * math, if it has a structure to show: W_g stays. */
			(void)math_display(st, st->lastmath.s,
			    st->lastmath.len, true);
		render_flush_para(st);
		st->inp = false;
		st->blank = true;
		break;
	case MD_BLOCK_TABLE:
		if (st->intable) {
			table_emit(st);
			table_free(st);
		}
		st->blank = true;
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		st->ib = &st->para;
		ib_reset(&st->scratch);
		st->base = 0;
		st->t.col++;
		break;
	default:
		break;
	}
	return st->full;
}

static int
enter_span(MD_SPANTYPE type, void *detail, void *u)
{
	struct rstate *st = u;

	if (st->full)
		return 1;
	switch (type) {
	case MD_SPAN_EM:
		st->em++;
		break;
	case MD_SPAN_STRONG:
		st->strong++;
		break;
	case MD_SPAN_CODE:
		st->code++;
		break;
	case MD_SPAN_DEL:
		st->del++;
		break;
	case MD_SPAN_IMG:
		st->img++;
		break;
	case MD_SPAN_A:
		if (st->link < 0)
			st->link = add_link(st, &((MD_SPAN_A_DETAIL *)detail)->href);
		break;
	case MD_SPAN_WIKILINK:
		if (st->link < 0)
			st->link = add_link(st,
			    &((MD_SPAN_WIKILINK_DETAIL *)detail)->target);
		break;
	case MD_SPAN_LATEXMATH:
	case MD_SPAN_LATEXMATH_DISPLAY:
		st->inmath = true;
		st->mathdisp = type == MD_SPAN_LATEXMATH_DISPLAY;
		buf_reset(&st->math);
		break;
	default:
		break;
	}
	return 0;
}

static int
leave_span(MD_SPANTYPE type, void *detail, void *u)
{
	struct rstate *st = u;
	const char *m;

	(void)detail;
	if (st->full)
		return 1;
	switch (type) {
	case MD_SPAN_EM:
		st->em--;
		break;
	case MD_SPAN_STRONG:
		st->strong--;
		break;
	case MD_SPAN_CODE:
		st->code--;
		break;
	case MD_SPAN_DEL:
		st->del--;
		break;
	case MD_SPAN_IMG:
		st->img--;
		break;
	case MD_SPAN_A:
	case MD_SPAN_WIKILINK:
		st->link = -1;
		st->pother = true;
		break;
	case MD_SPAN_LATEXMATH:
	case MD_SPAN_LATEXMATH_DISPLAY:
		st->inmath = false;
		m = st->math.s != NULL ? st->math.s : "";
		if (!st->mathdisp) {
			math_inline(st, m, st->math.len);
			st->pnmath++;
			buf_reset(&st->lastmath);
			buf_add(&st->lastmath, m, st->math.len);
		} else if (st->inp && st->ib == &st->para && st->base == 0 &&
		    st->link < 0) {
			st->pother = true;
			(void)math_display(st, m, st->math.len, false);
		} else {
			st->pother = true;
			math_inline(st, m, st->math.len);
		}
		break;
	default:
		break;
	}
	return st->full;
}

/* The entities worth knowing by name; the rest are shown as written. */
static const struct {
	const char	*name;
	uint32_t	 cp;
} entities[] = {
	{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' },
	{ "&apos;", '\'' }, { "&nbsp;", 0xA0 }, { "&copy;", 0xA9 },
	{ "&reg;", 0xAE }, { "&times;", 0xD7 }, { "&middot;", 0xB7 },
	{ "&ndash;", 0x2013 }, { "&mdash;", 0x2014 }, { "&lsquo;", 0x2018 },
	{ "&rsquo;", 0x2019 }, { "&ldquo;", 0x201C }, { "&rdquo;", 0x201D },
	{ "&hellip;", 0x2026 }, { "&rarr;", 0x2192 }, { "&larr;", 0x2190 },
	{ "&le;", 0x2264 }, { "&ge;", 0x2265 }, { "&ne;", 0x2260 },
	{ "&alpha;", 0x3B1 }, { "&beta;", 0x3B2 }, { "&lambda;", 0x3BB },
};

static void
add_entity(struct rstate *st, const char *s, size_t n, unsigned style)
{
	uint32_t cp = 0;
	char enc[4];
	size_t i;

	if (n >= 4 && s[1] == '#') {
		bool hex = s[2] == 'x' || s[2] == 'X';

		for (i = hex ? 3 : 2; i < n && s[i] != ';'; i++) {
			int dig;

			if (s[i] >= '0' && s[i] <= '9')
				dig = s[i] - '0';
			else if (hex && (s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f')
				dig = (s[i] | 0x20) - 'a' + 10;
			else
				break;
			if (cp <= 0x10FFFF)
				cp = cp * (hex ? 16 : 10) + (uint32_t)dig;
		}
		if (cp == 0)
			cp = TEXT_REPLACEMENT;
	} else {
		for (i = 0; i < nitems(entities); i++)
			if (strlen(entities[i].name) == n &&
			    memcmp(entities[i].name, s, n) == 0)
				cp = entities[i].cp;
	}
	if (cp == 0)
		ib_add(st, st->ib, s, n, style, st->link);
	else
		ib_add(st, st->ib, enc, text_encode(cp, enc), style, st->link);
}

static int
text_cb(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *u)
{
	struct rstate *st = u;
	unsigned style;

	if (st->full)
		return 1;
	if (st->inmath) {
		if (type == MD_TEXT_SOFTBR || type == MD_TEXT_BR)
			buf_addc(&st->math, ' ');
		else
			buf_add(&st->math, s, n);
		return 0;
	}
	if (st->incode) {
		buf_add(&st->codeblk, s, n);
		return 0;
	}
	style = style_now(st);
	switch (type) {
	case MD_TEXT_BR:
		ib_break(st->ib);
		break;
	case MD_TEXT_SOFTBR:
		ib_add(st, st->ib, " ", 1, style, st->link);
		break;
	case MD_TEXT_NULLCHAR:
		ib_add(st, st->ib, "\xef\xbf\xbd", 3, style, st->link);
		st->pother = true;
		break;
	case MD_TEXT_ENTITY:
		add_entity(st, s, n, style);
		st->pother = true;
		break;
	default:
		ib_add(st, st->ib, s, n, style, st->link);
		for (MD_SIZE i = 0; i < n && !st->pother; i++)
			if (s[i] != ' ' && s[i] != '\t')
				st->pother = true;
		break;
	}
	return 0;
}

static void
rstate_free(struct rstate *st)
{
	if (st->o->memo != NULL) {
		/* the growing buffers go to the next rendering */
		struct render_spare *sp = render_memo_spare(st->o->memo);

		buf_free(&sp->text);
		buf_free(&sp->line);
		free(sp->runs);
		free(sp->spans);
		free(sp->segs);
		*sp = (struct render_spare){ st->para.text, st->line,
		    st->para.runs, st->para.cap, st->spans, st->capspans,
		    st->segs, st->capsegs };
		st->para.text = st->line = (struct buf){ 0 };
		st->para.runs = NULL;
		st->spans = NULL;
		st->segs = NULL;
	}
	buf_free(&st->pfirst.text);
	free(st->pfirst.spans);
	buf_free(&st->pcont.text);
	free(st->pcont.spans);
	buf_free(&st->line);
	free(st->spans);
	ib_free(&st->para);
	ib_free(&st->scratch);
	ib_free(&st->tmp);
	free(st->segs);
	free(st->cs);
	free(st->ls);
	buf_free(&st->math);
	buf_free(&st->lastmath);
	buf_free(&st->codeblk);
	if (st->intable)
		table_free(st);
}

static void
rstate_init(struct rstate *st, const struct render_opts *o, struct rdoc *out)
{
	memset(st, 0, sizeof *st);
	st->o = o;
	if (o->memo != NULL) {
		/* the buffers of the last rendering, emptied */
		struct render_spare *sp = render_memo_spare(o->memo);

		st->para.text = sp->text;
		st->para.runs = sp->runs;
		st->para.cap = sp->capruns;
		st->line = sp->line;
		st->spans = sp->spans;
		st->capspans = sp->capspans;
		st->segs = sp->segs;
		st->capsegs = sp->capsegs;
		*sp = (struct render_spare){ 0 };
		buf_reset(&st->para.text);
		buf_reset(&st->line);
	}
	st->g = o->ascii ? &glyphs_ascii : &glyphs_utf8;
	st->width = o->width < 10 ? 10 : o->width > RENDER_MAX_WIDTH ?
	    RENDER_MAX_WIDTH : o->width;
	st->d = out;
	st->ib = &st->para;
	st->link = -1;
	st->predirty = true;
	st->win_before = st->win_after = st->wrap_stop = st->wrap_left =
	    SIZE_MAX;
}

/* ---- math that Markdown would tear apart ---- */

/* "\\text{if $x$ here}" in a formula: the inner $ would end the math span,
 * so it becomes "\\text{if }x\\text{ here}", which reads the same. Groups
 * with unbalanced braces or an odd count of $ are left alone. */
static bool
mend_text_dollars(struct buf *b, const char *s, size_t n, size_t *i)
{
	static const char *const cmds[] = {
		"\\text{", "\\textrm{", "\\textit{", "\\textbf{", "\\mbox{",
	};
	size_t k, j, open = 0, depth = 0, dollars = 0;

	for (k = 0; k < nitems(cmds); k++) {
		size_t m = strlen(cmds[k]);

		if (*i + m <= n && memcmp(s + *i, cmds[k], m) == 0) {
			open = *i + m;
			break;
		}
	}
	if (open == 0)
		return false;
	for (j = open, depth = 1; j < n && depth > 0; j++) {
		if (s[j] == '\\' && j + 1 < n)
			j++;
		else if (s[j] == '{')
			depth++;
		else if (s[j] == '}')
			depth--;
		else if (s[j] == '$')
			dollars++;
		else if (s[j] == '\n' && j + 1 < n && s[j + 1] == '\n')
			return false;
	}
	if (depth != 0 || dollars == 0 || dollars % 2 != 0)
		return false;
	/* j is one past the closing brace */
	buf_add(b, s + *i, open - *i);
	for (k = open, dollars = 0; k < j; k++) {
		if (s[k] == '\\' && k + 1 < j) {
			buf_add(b, s + k, 2);
			k++;
		} else if (s[k] == '$')
			buf_adds(b, dollars++ % 2 == 0 ? "}" : "\\text{");
		else
			buf_addc(b, s[k]);
	}
	*i = j;
	return true;
}

/* Whether s[0..n) has \text or \mbox in it, where mend_text_dollars
 * may act. */
static bool
text_cmd(const char *s, size_t n)
{
	const char *p = s, *end = s + n;

	while ((p = memchr(p, '\\', (size_t)(end - p))) != NULL) {
		if (end - p >= 5 && (memcmp(p + 1, "text", 4) == 0 ||
		    memcmp(p + 1, "mbox", 4) == 0))
			return true;
		p++;
	}
	return false;
}

/*
 * A display formula split by a blank line, or by a line that starts with
 * "- " or "+ " (a sign at a line's start reads as a list item), printed as
 * its source: inside a $$ block blank lines go and such a line joins the
 * one before. Returns NULL when nothing needed mending.
 */
static char *
mend_math(const char *s, size_t n, size_t *outlen)
{
	struct buf b = { 0 };
	bool fence = false, display = false, changed = false;
	size_t i = 0;

	if (memchr(s, '$', n) == NULL)
		return NULL;
	/* One line (a search hit's) is mended only inside \text{} and
	 * \mbox{}: what else is mended needs a $$ block that a line before
	 * has opened. */
	if (memchr(s, '\n', n) == NULL && !text_cmd(s, n))
		return NULL;
	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t e = nl != NULL ? (size_t)(nl - s) : n, k, d2 = 0, t;

		for (t = i; t < e && s[t] == ' '; t++)
			;
		if (e - t >= 3 && (memcmp(s + t, "```", 3) == 0 ||
		    memcmp(s + t, "~~~", 3) == 0))
			fence = !fence;
		if (display && !fence && t == e) {	/* a blank line */
			changed = true;
			i = e + 1;
			continue;
		}
		if (display && !fence && e - t >= 2 && strchr("-+*", s[t]) !=
		    NULL && s[t + 1] == ' ' && b.len > 0 &&
		    b.s[b.len - 1] == '\n') {
			b.s[b.len - 1] = ' ';
			changed = true;
		}
		for (k = i; k < e; k++) {
			size_t r;

			/* a run with neither '\\' nor '$' is copied as it is */
			for (r = k; r < e && s[r] != '\\' && s[r] != '$'; r++)
				;
			if (r > k) {
				buf_add(&b, s + k, r - k);
				k = r - 1;
				continue;
			}
			if (!fence && s[k] == '\\' && k + 1 < e && s[k + 1] == '$') {
				buf_add(&b, s + k, 2);
				k++;
				continue;
			}
			if (!fence && s[k] == '\\' && mend_text_dollars(&b, s, n, &k)) {
				changed = true;
				if (k > e) {	/* the group ran over lines */
					e = k;
					while (e < n && s[e] != '\n')
						e++;
				}
				k--;
				continue;
			}
			if (!fence && s[k] == '$' && k + 1 < e && s[k + 1] == '$')
				d2++;
			buf_addc(&b, s[k]);
		}
		/* a $$ that nothing closes opens no block */
		if (d2 % 2 == 1 && (display || memmem(s + e, n - e, "$$", 2) !=
		    NULL))
			display = !display;
		if (e < n)
			buf_addc(&b, '\n');
		i = e + 1;
	}
	if (!changed) {
		buf_free(&b);
		return NULL;
	}
	*outlen = b.len;
	return buf_take(&b);
}

int
render_markdown(const char *src, size_t len, const struct render_opts *o,
    struct rdoc *out)
{
	return render_markdown_window(src, len, o, out, NULL, SIZE_MAX,
	    SIZE_MAX);
}

/* render_markdown, or (mark not NULL) only its lines from before before
 * the first one that holds mark up to after past it, and perhaps a few
 * more: see emit_ibuf. */
int
render_markdown_window(const char *src, size_t len,
    const struct render_opts *o, struct rdoc *out, const char *mark,
    size_t before, size_t after)
{
	MD_PARSER p = { 0 };
	struct rstate st;
	char *mended = NULL;
	size_t mlen;
	int rc;

	if (src != NULL && len <= UINT32_MAX &&
	    (mended = mend_math(src, len, &mlen)) != NULL) {
		src = mended;
		len = mlen;
	}
	p.flags = MD_FLAGS;
	p.enter_block = enter_block;
	p.leave_block = leave_block;
	p.enter_span = enter_span;
	p.leave_span = leave_span;
	p.text = text_cb;
	rstate_init(&st, o, out);
	st.win_mark = mark;
	st.win_before = before;
	st.win_after = after;
	if (len > UINT32_MAX)
		rc = -1;	/* MD_SIZE is 32 bits */
	else
		rc = md_parse(src != NULL ? src : "", (MD_SIZE)len, &p, &st);
	if (rc != 0 && !st.full) {
		/* md4c gave up: show the source as plain wrapped text. */
		rstate_free(&st);
		rdoc_free(out);
		rstate_init(&st, o, out);
		for (size_t i = 0, j; i < len; i = j + 1) {
			for (j = i; j < len && src[j] != '\n'; j++)
				;
			ib_add(&st, &st.para, src + i, j - i, 0, -1);
			ib_break(&st.para);
		}
		render_flush_para(&st);
		rstate_free(&st);
		free(mended);
		return -1;
	}
	if (st.full && st.intable) {
		/* Show the rows stored before the cap, up to the cap. */
		st.full = false;
		table_emit(&st);
	}
	render_flush_para(&st);
	while (out->n > 0 && out->lines[out->n - 1].len == 0) {
		out->n--;
		free(out->lines[out->n].text);
		free(out->lines[out->n].spans);
	}
	rstate_free(&st);
	free(mended);
	return 0;
}

void
rdoc_free(struct rdoc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->lines[i].text);
		free(d->lines[i].spans);
	}
	for (size_t i = 0; i < d->nlinks; i++)
		free(d->links[i]);
	free(d->lines);
	free(d->links);
	memset(d, 0, sizeof *d);
}

void
render_each_math(const char *s, void (*fn)(void *, const char *, size_t, bool),
    void *arg)
{
	render_math_until(s, NULL, fn, arg);
}

void
render_math_until(const char *s, const size_t *stop,
    void (*fn)(void *, const char *, size_t, bool), void *arg)
{
	bool fence = false;
	const char *p = s, *end = s + strlen(s);

	while (*p != '\0' && (stop == NULL || (size_t)(p - s) < *stop)) {
		const char *eol = strchr(p, '\n');
		size_t n = eol != NULL ? (size_t)(eol - p) : strlen(p);

		if (n >= 3 && (strncmp(p, "```", 3) == 0 ||
		    strncmp(p, "~~~", 3) == 0)) {
			fence = !fence;
			p += n + (eol != NULL);
			continue;
		}
		if (fence) {
			p += n + (eol != NULL);
			continue;
		}
		/* scan this line, letting $$ blocks run over lines */
		while (p < end && *p != '\n' && *p != '\0' &&
		    (stop == NULL || (size_t)(p - s) < *stop)) {
			p += strcspn(p, "`\\$\n");	/* what the rest skips */
			if (*p == '\n' || *p == '\0')
				break;
			if (*p == '`') {
				const char *q = strchr(p + 1, '`');

				p = q != NULL ? q + 1 : p + 1;
			} else if (p[0] == '\\' && p[1] == '$')
				p += 2;
			else if (p[0] == '$' && p[1] == '$') {
				const char *q = strstr(p + 2, "$$");

				if (q == NULL)
					return;
				fn(arg, p + 2, (size_t)(q - p - 2), true);
				p = q + 2;
			} else if (p[0] == '$') {
				const char *q = p + 1;

				while (*q != '\0' && *q != '\n' &&
				    (*q != '$' || q[-1] == '\\'))
					q++;
				if (*q != '$') {
					p++;
					continue;
				}
				fn(arg, p + 1, (size_t)(q - p - 1), false);
				p = q + 1;
			} else
				p++;
		}
		if (*p == '\n')
			p++;
	}
}
