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
#include "texmath.h"
#include "text.h"
#include "util.h"

#define RENDER_MAX_WIDTH	1000
#define CODE_TAB		4	/* tab stop inside code blocks */
#define CODE_INDENT		2
#define MIN_CELL		2	/* a column must hold one wide character */

#define MD_FLAGS (MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | \
	MD_FLAG_LATEXMATHSPANS | MD_FLAG_WIKILINKS | MD_FLAG_PERMISSIVEAUTOLINKS | \
	MD_FLAG_NOHTML)

/* The characters lore draws with, in Unicode and in ASCII. */
struct glyphs {
	const char	*bullet[3];
	const char	*bar;		/* block quote */
	const char	*hr;
	const char	*h1, *h2;	/* heading underlines */
	const char	*cut;		/* end of a code line that was cut */
	const char	*v, *h;		/* table frame */
	const char	*tl, *tm, *tr, *ml, *mm, *mr, *bl, *bm, *br;
};

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

/* A stretch of inline text in one style. Runs cover the text end to end. */
struct style_run {
	size_t		 off, len;
	unsigned	 style;
	int		 link;
};

/* Sanitized inline text; '\n' in it is a hard line break. A space inside
 * math is no place to break a line unless texmath said so: brk holds those
 * offsets, ascending. */
struct ibuf {
	struct buf	 text;
	struct style_run	*runs;
	size_t		 nruns, cap;
	size_t		*brk;
	size_t		 nbrk, capbrk;
};

/* One wrapped line: text[a..b) of an ibuf. */
struct seg {
	size_t		 a, b;
};

enum { C_QUOTE, C_ITEM };

struct cont {
	int		 kind;
	char		 mark[24];	/* list marker, without the space after it */
	bool		 pending;	/* the marker has not been shown yet */
};

struct md_list {
	bool		 ol, tight;
	unsigned	 next;
	char		 delim;
};

/* A line prefix made by the containers, with its spans. */
struct prefix {
	struct buf	 text;
	struct rspan	*spans;
	size_t		 nspans, cap;
};

struct table {
	int		 ncols;
	MD_ALIGN	*align;
	struct ibuf	*cells;		/* nrows * ncols */
	size_t		 nrows, caprows;
	size_t		 nhead;		/* rows in the header */
	int		 col;
	bool		 inhead;
};

struct rstate {
	const struct render_opts *o;
	const struct glyphs *g;
	int		 width;
	struct rdoc	*d;
	bool		 full;		/* RENDER_MAX_LINES reached */

	struct cont	*cs;
	size_t		 ncs, capcs;
	struct md_list	*ls;
	size_t		 nls, capls;
	int		 nquote;

	struct prefix	 pfirst, pcont;	/* with pending markers, and without */
	int		 prew;
	bool		 predirty, anypending;

	struct buf	 line;		/* the line being built */
	struct rspan	*spans;
	size_t		 nspans, capspans;
	bool		 lastblank;
	bool		 blank;		/* a blank line is due before the next block */

	struct ibuf	 para;
	struct ibuf	 scratch;	/* table cells beyond the column count */
	struct ibuf	 tmp;
	struct ibuf	*ib;		/* where inline text goes now */
	struct seg	*segs;
	size_t		 nsegs, capsegs;

	unsigned	 base;		/* style of the current leaf block */
	int		 em, strong, code, del, img;
	int		 link;
	int		 hlevel;

	bool		 inmath, mathdisp;
	struct buf	 math;
	bool		 inp, pother;	/* in a paragraph; it has non-math text */
	int		 pnmath;
	struct buf	 lastmath;

	bool		 incode;
	struct buf	 codeblk;

	bool		 intable;
	struct table	 t;
};

/* ---- styled inline buffers ---- */

static void
ib_reset(struct ibuf *ib)
{
	buf_reset(&ib->text);
	ib->nruns = 0;
	ib->nbrk = 0;
}

static void
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
	if (ib->nbrk == ib->capbrk) {
		ib->capbrk = ib->capbrk ? ib->capbrk * 2 : 8;
		ib->brk = xreallocarray(ib->brk, ib->capbrk, sizeof *ib->brk);
	}
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
	if (ib->nruns == ib->cap) {
		ib->cap = ib->cap ? ib->cap * 2 : 8;
		ib->runs = xreallocarray(ib->runs, ib->cap, sizeof *ib->runs);
	}
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
static void
ib_add(struct rstate *st, struct ibuf *ib, const char *s, size_t n,
    unsigned style, int link)
{
	size_t i = 0, k, start = ib->text.len;
	uint32_t cp;
	char enc[4], one[2];

	buf_grow(&ib->text, n);
	while (i < n) {
		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F) {
			buf_addc(&ib->text, s[i++]);
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
static void
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

/* ---- wrapping ---- */

static void
seg_push(struct rstate *st, size_t a, size_t b)
{
	if (st->nsegs == st->capsegs) {
		st->capsegs = st->capsegs ? st->capsegs * 2 : 16;
		st->segs = xreallocarray(st->segs, st->capsegs, sizeof *st->segs);
	}
	st->segs[st->nsegs].a = a;
	st->segs[st->nsegs].b = b;
	st->nsegs++;
}

static size_t
skip_spaces(const char *s, size_t i, size_t n)
{
	while (i < n && s[i] == ' ')
		i++;
	return i;
}

/* Whether a line may end at the space at byte i of ib, inside math. */
static bool
math_break(const struct ibuf *ib, size_t i)
{
	size_t lo = 0, hi = ib->nbrk;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (i < ib->brk[mid])
			hi = mid;
		else if (i > ib->brk[mid])
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/* The run that holds byte i of ib, or NULL; runs are sorted by offset. */
static const struct style_run *
run_at(const struct ibuf *ib, size_t i)
{
	size_t lo = 0, hi = ib->nruns;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct style_run *r = &ib->runs[mid];

		if (i < r->off)
			hi = mid;
		else if (i >= r->off + r->len)
			lo = mid + 1;
		else
			return r;
	}
	return NULL;
}

/* Whether the formula around byte i of ib takes more than half of maxw
 * columns: a shorter one moves to the next line whole rather than leave
 * "p >" at the end of a line and "n" at the start of the next. The width
 * of the last formula measured is kept in memo, with its run index. */
static bool
long_formula(const struct ibuf *ib, size_t i, size_t maxw, size_t memo[2])
{
	const struct style_run *r = run_at(ib, i);
	size_t k;

	if (r == NULL)
		return false;
	k = (size_t)(r - ib->runs);
	if (memo[0] != k) {
		memo[0] = k;
		memo[1] = text_width(ib->text.s + r->off, r->len);
	}
	return 2 * memo[1] > maxw;
}

/* Whether byte i of ib lies inside inline math: a formula is not broken
 * at any of its spaces ("P ‖ Q" must stay on one line), only after its
 * relations and operators, and between words of prose. Runs are sorted by
 * offset. */
static bool
in_math(const struct ibuf *ib, size_t i)
{
	const struct style_run *r = run_at(ib, i);

	return r != NULL && (r->style & RS_MATH) != 0;
}

/* Ideographs and kana are written without spaces, and a line may break
 * between any two of them (UAX #14 class ID); Hangul is written with
 * spaces, so it wraps at them. */
static bool
cjk(uint32_t cp)
{
	if (cp >= 0x3130 && cp <= 0x318F)	/* Hangul jamo */
		return false;
	return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 &&
	    cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	    (cp >= 0xFF00 && cp <= 0xFF9F) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* Closing punctuation and marks that never start a line (kinsoku)... */
static bool
no_start(uint32_t cp)
{
	static const uint32_t cl[] = {
		'!', ')', ',', '.', ':', ';', '?', ']', '}', '%',
		0x3001, 0x3002, 0x3005, 0x3009, 0x300B, 0x300D, 0x300F, 0x3011,
		0x3015, 0x3017, 0x3019, 0x301B, 0x301E, 0x301F, 0x303B, 0x309D,
		0x309E, 0x30A0, 0x30FB, 0x30FC, 0x30FD, 0x30FE, 0xFF01, 0xFF09,
		0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF3D, 0xFF5D, 0xFF60,
		0xFF61, 0xFF63, 0xFF64,
	};

	for (size_t i = 0; i < nitems(cl); i++)
		if (cl[i] == cp)
			return true;
	return false;
}

/* ...and opening punctuation that never ends one. */
static bool
no_end(uint32_t cp)
{
	static const uint32_t op[] = {
		'(', '[', '{', 0x3008, 0x300A, 0x300C, 0x300E, 0x3010, 0x3014,
		0x3016, 0x3018, 0x301A, 0x301D, 0xFF08, 0xFF3B, 0xFF5B, 0xFF5F,
		0xFF62,
	};

	for (size_t i = 0; i < nitems(op); i++)
		if (op[i] == cp)
			return true;
	return false;
}

/*
 * Greedy word wrap of ib into maxw columns (maxw >= 2, so one wide
 * character always fits), appending segments to st->segs. Besides spaces,
 * a line may end before or after an ideograph, though not before closing
 * punctuation or after opening punctuation. A formula too long for a
 * line, or for half of one, is broken after a relation or an operator;
 * a shorter one moves down whole, and one that still does not fit breaks
 * at any of its spaces. Only a word longer than the line is broken between
 * characters. A combining mark has no width, so it never starts a line of
 * its own, and no line starts with a space. Each byte is decoded at most
 * twice: once when first met, once more when carried to the next line.
 */
static void
wrap(struct rstate *st, const struct ibuf *ib, size_t maxw)
{
	const char *s = ib->text.s;
	size_t n = ib->text.len, start, i, w, sp, sp2, k, at;
	size_t memo[2] = { SIZE_MAX, 0 };
	uint32_t cp, prev = ' ';
	int cw;

	start = i = skip_spaces(s, 0, n);
	w = 0;
	sp = sp2 = SIZE_MAX;
	while (i < n) {
		if (s[i] == '\n') {
			seg_push(st, start, i);
			start = i = skip_spaces(s, i + 1, n);
			w = 0;
			sp = sp2 = SIZE_MAX;
			continue;
		}
		k = text_decode(s + i, n - i, &cp);
		cw = text_cp_width(cp);
		if (cp == ' ') {
			if (!in_math(ib, i) || (math_break(ib, i) &&
			    long_formula(ib, i, maxw, memo)))
				sp = i;
			else
				sp2 = i;
		} else if (cw > 0 && prev != ' ' && (cjk(cp) || cjk(prev)) &&
		    !no_start(cp) && !no_end(prev) && !in_math(ib, i))
			sp = i;
		if (cw > 0 && w + (size_t)cw > maxw && i > start) {
			at = sp != SIZE_MAX && sp > start ? sp :
			    sp2 != SIZE_MAX && sp2 > start ? sp2 : SIZE_MAX;
			if (at != SIZE_MAX) {
				seg_push(st, start, at);
				start = skip_spaces(s, at, n);
				w = text_width(s + start, i > start ? i - start : 0);
				if (i < start)
					i = start;
			} else {
				seg_push(st, start, i);
				start = i = skip_spaces(s, i, n);
				w = 0;
			}
			sp = sp2 = SIZE_MAX;
			continue;
		}
		w += (size_t)cw;
		i += k;
		if (cw > 0)
			prev = cp;
	}
	if (i > start)
		seg_push(st, start, i);
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
	if (*nv == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*v = xreallocarray(*v, *cap, sizeof **v);
	}
	sp = &(*v)[(*nv)++];
	sp->off = off;
	sp->len = len;
	sp->style = style;
	sp->link = link;
}

static void
line_add(struct rstate *st, const char *s, size_t n, unsigned style, int link)
{
	spans_push(&st->spans, &st->nspans, &st->capspans, st->line.len, n,
	    style, link);
	buf_add(&st->line, s, n);
}

static void
line_addn(struct rstate *st, const char *s, size_t times, unsigned style)
{
	for (size_t i = 0; i < times; i++)
		line_add(st, s, strlen(s), style, -1);
}

/* Add text[a..b) of ib with its styles; *ri walks the runs forward. */
static void
line_add_slice(struct rstate *st, const struct ibuf *ib, size_t a, size_t b,
    size_t *ri)
{
	while (*ri < ib->nruns && ib->runs[*ri].off + ib->runs[*ri].len <= a)
		(*ri)++;
	for (size_t i = *ri; i < ib->nruns && ib->runs[i].off < b; i++) {
		const struct style_run *r = &ib->runs[i];
		size_t lo = r->off > a ? r->off : a;
		size_t hi = r->off + r->len < b ? r->off + r->len : b;

		line_add(st, ib->text.s + lo, hi - lo, r->style, r->link);
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

static int
avail(struct rstate *st)
{
	if (st->predirty)
		prefix_build(st);
	return st->width - st->prew;
}

static void
line_start(struct rstate *st, bool blank)
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

static void
line_end(struct rstate *st, bool blank)
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
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 32;
		d->lines = xreallocarray(d->lines, d->cap, sizeof *d->lines);
	}
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

/* Start a block: put in the blank line owed by the block before. */
static void
block_begin(struct rstate *st)
{
	if (st->blank && st->d->n > 0 && !st->lastblank) {
		line_start(st, true);
		line_end(st, true);
	}
	st->blank = false;
}

/* Wrap and emit ib at the current prefix; returns the widest line. */
static size_t
emit_ibuf(struct rstate *st, const struct ibuf *ib)
{
	size_t maxw = 0, ri = 0, w;

	if (ib_blank(ib))
		return 0;
	block_begin(st);
	st->nsegs = 0;
	wrap(st, ib, (size_t)avail(st));
	for (size_t i = 0; i < st->nsegs; i++) {
		line_start(st, false);
		line_add_slice(st, ib, st->segs[i].a, st->segs[i].b, &ri);
		w = text_width(ib->text.s + st->segs[i].a,
		    st->segs[i].b - st->segs[i].a);
		if (w > maxw)
			maxw = w;
		line_end(st, false);
	}
	return maxw;
}

static void
flush_para(struct rstate *st)
{
	emit_ibuf(st, &st->para);
	ib_reset(&st->para);
}

/* ---- containers ---- */

static void
cont_push(struct rstate *st, int kind, const char *mark)
{
	struct cont *c;

	if (st->ncs == st->capcs) {
		st->capcs = st->capcs ? st->capcs * 2 : 8;
		st->cs = xreallocarray(st->cs, st->capcs, sizeof *st->cs);
	}
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

	if (st->nls == st->capls) {
		st->capls = st->capls ? st->capls * 2 : 8;
		st->ls = xreallocarray(st->ls, st->capls, sizeof *st->ls);
	}
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
	struct tm_out out = { 0 };
	int row;

	texmath_render(src, n, tm_flags(st), avail(st), &out);
	if (out.nrows > 0 && out.rows != NULL) {
		size_t at = st->ib->text.len, len;

		row = out.nrows == 1 ? 0 : out.baseline;
		if (row < 0 || row >= out.nrows)
			row = 0;
		len = strlen(out.rows[row]);
		ib_add(st, st->ib, out.rows[row], len, style_now(st) | RS_MATH,
		    st->link);
		/* the offsets hold only if sanitizing changed nothing */
		for (int k = 0; row == 0 && k < out.nbreaks &&
		    st->ib->text.len - at == len; k++)
			if (out.breaks[k] >= 0 && (size_t)out.breaks[k] < len &&
			    st->ib->text.s[at + (size_t)out.breaks[k]] == ' ')
				ib_addbrk(st->ib, at + (size_t)out.breaks[k]);
	} else
		ib_add(st, st->ib, src, n, style_now(st) | RS_MATH, st->link);
	tm_out_free(&out);
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
	size_t w, maxw = 0, room = (size_t)avail(st), ri, pad;
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
	flush_para(st);
	block_begin(st);
	pad = (room - maxw) / 2;
	ri = 0;
	/* Rows are split by hand: wrap() would drop their leading spaces. */
	for (size_t a = 0, b; a < st->tmp.text.len; a = b + 1) {
		for (b = a; st->tmp.text.s[b] != '\n'; b++)
			;
		line_start(st, false);
		line_addn(st, " ", pad, 0);
		line_add_slice(st, &st->tmp, a, b, &ri);
		line_end(st, false);
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
	block_begin(st);
	room = (size_t)avail(st) - CODE_INDENT;
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
		line_start(st, false);
		line_addn(st, " ", CODE_INDENT, 0);
		w = text_width(st->tmp.text.s, st->tmp.text.len);
		if (w <= room)
			line_add(st, st->tmp.text.s, st->tmp.text.len,
			    st->tmp.runs ? st->tmp.runs[0].style : RS_CODE, -1);
		else {
			k = text_fit(st->tmp.text.s, st->tmp.text.len, room - 1,
			    NULL);
			line_add(st, st->tmp.text.s, k, st->tmp.runs[0].style, -1);
			line_add(st, st->g->cut, strlen(st->g->cut), RS_FRAME, -1);
		}
		line_end(st, false);
		i = eol + 1;
	}
	buf_free(&ex);
}

/* ---- tables ---- */

static void
table_begin(struct rstate *st, unsigned ncols)
{
	struct table *t = &st->t;

	memset(t, 0, sizeof *t);
	t->ncols = ncols > 0 ? (int)ncols : 1;
	t->align = xcalloc((size_t)t->ncols, sizeof *t->align);
	st->intable = true;
}

static void
table_row(struct rstate *st)
{
	struct table *t = &st->t;
	size_t nc = (size_t)t->ncols;

	if (t->nrows == t->caprows) {
		t->caprows = t->caprows ? t->caprows * 2 : 8;
		t->cells = xreallocarray(t->cells, t->caprows * nc, sizeof *t->cells);
	}
	memset(&t->cells[t->nrows * nc], 0, nc * sizeof *t->cells);
	t->nrows++;
	if (t->inhead)
		t->nhead = t->nrows;
	t->col = 0;
}

static void
table_free(struct rstate *st)
{
	struct table *t = &st->t;

	for (size_t i = 0; i < t->nrows * (size_t)t->ncols; i++)
		ib_free(&t->cells[i]);
	free(t->cells);
	free(t->align);
	memset(t, 0, sizeof *t);
	st->intable = false;
}

/* Too many columns for the width: each row becomes a line of its own. */
static void
table_as_text(struct rstate *st)
{
	struct table *t = &st->t;

	for (size_t r = 0; r < t->nrows; r++) {
		for (int c = 0; c < t->ncols; c++) {
			if (c > 0)
				ib_add(st, &st->para, " | ", 3, RS_FRAME, -1);
			ib_append(&st->para,
			    &t->cells[r * (size_t)t->ncols + (size_t)c], 0);
		}
		flush_para(st);
	}
}

/* Columns of the widest word in ib. */
static size_t
longest_word(const struct ibuf *ib)
{
	size_t best = 0, i = 0, a, w;

	while (i < ib->text.len) {
		while (i < ib->text.len && ib->text.s[i] == ' ')
			i++;
		for (a = i; i < ib->text.len && ib->text.s[i] != ' '; i++)
			;
		w = text_width(ib->text.s + a, i - a);
		if (w > best)
			best = w;
	}
	return best;
}

/* Fix the columns that want no more than a fair share of the room left. */
static size_t
widths_fair(const size_t *nat, size_t *w, bool *fixed, int nc, size_t room)
{
	size_t left = room, nfree = (size_t)nc;
	bool changed;

	do {
		changed = false;
		for (int c = 0; c < nc && nfree > 0; c++)
			if (!fixed[c] && nat[c] <= left / nfree) {
				fixed[c] = true;
				w[c] = nat[c];
				left -= nat[c];
				nfree--;
				changed = true;
			}
	} while (changed && nfree > 0);
	return left;
}

/* Share left among the free columns: each gets its longest word and a
 * part of the rest in proportion to how much more it would like. */
static void
widths_words(const size_t *nat, const size_t *minw, size_t *w,
    const bool *fixed, int nc, size_t left)
{
	size_t mins = 0, want = 0, extra, sum = 0;
	int c;

	for (c = 0; c < nc; c++)
		if (!fixed[c]) {
			mins += minw[c];
			want += nat[c] - minw[c];
		}
	extra = left - mins;
	for (c = 0; c < nc; c++) {
		if (fixed[c])
			continue;
		w[c] = minw[c] + (want > 0 ? (nat[c] - minw[c]) * extra / want : 0);
		sum += w[c];
	}
	/* Rounding left less than one column per column over. */
	for (c = 0; c < nc && sum < left; c++)
		if (!fixed[c] && w[c] < nat[c]) {
			w[c]++;
			sum++;
		}
}

/* Even the words do not fit: share in proportion to content, breaking
 * words, but never below MIN_CELL. */
static void
widths_squeeze(const size_t *nat, size_t *w, const bool *fixed, int nc,
    size_t left)
{
	size_t total = 0, sum = 0;
	int c, big;

	for (c = 0; c < nc; c++)
		if (!fixed[c])
			total += nat[c];
	for (c = 0; c < nc; c++) {
		if (fixed[c])
			continue;
		w[c] = total > 0 ? nat[c] * left / total : MIN_CELL;
		if (w[c] < MIN_CELL)
			w[c] = nat[c] < MIN_CELL ? nat[c] : MIN_CELL;
		sum += w[c];
	}
	for (c = 0; c < nc && sum < left; c++)
		if (!fixed[c] && w[c] < nat[c]) {
			w[c]++;
			sum++;
		}
	while (sum > left) {
		big = -1;
		for (c = 0; c < nc; c++)
			if (!fixed[c] && w[c] > MIN_CELL && (big < 0 || w[c] > w[big]))
				big = c;
		if (big < 0)
			break;
		w[big]--;
		sum--;
	}
}

/* Share left among the columns in proportion to want[c] - w[c]; returns
 * what rounding left over. */
static size_t
widths_share(const size_t *want, size_t *w, int nc, size_t left)
{
	size_t total = 0, given = 0, add;
	int c;

	for (c = 0; c < nc; c++)
		if (want[c] > w[c])
			total += want[c] - w[c];
	if (total == 0)
		return left;
	if (total <= left) {
		for (c = 0; c < nc; c++)
			if (want[c] > w[c]) {
				left -= want[c] - w[c];
				w[c] = want[c];
			}
		return left;
	}
	for (c = 0; c < nc; c++)
		if (want[c] > w[c]) {
			add = (want[c] - w[c]) * left / total;
			w[c] += add;
			given += add;
		}
	left -= given;
	for (c = 0; c < nc && left > 0; c++)
		if (want[c] > w[c]) {
			w[c]++;
			left--;
		}
	return left;
}

/*
 * Not every longest word fits: every column still gets the words of its
 * header, so "Formula" is not cut to "For", and the rest is shared in
 * proportion to content. Then columns that got more than their longest
 * word give the excess to columns whose longest word was cut, the ones
 * that need least first, so fewer words are broken.
 */
static void
widths_floor(const size_t *nat, const size_t *minw, const size_t *hminw,
    size_t *w, int nc, size_t room)
{
	size_t left = room, slack, need;
	int c, best, d;

	for (c = 0; c < nc; c++) {
		w[c] = hminw[c] < MIN_CELL ? (minw[c] < MIN_CELL ? minw[c] :
		    MIN_CELL) : hminw[c];
		left -= w[c];
	}
	(void)widths_share(nat, w, nc, left);
	for (;;) {
		slack = 0;
		for (c = 0; c < nc; c++)
			if (w[c] > minw[c])
				slack += w[c] - minw[c];
		best = -1;
		for (c = 0; c < nc; c++)
			if (w[c] < minw[c] && minw[c] - w[c] <= slack &&
			    (best < 0 || minw[c] - w[c] < minw[best] - w[best]))
				best = c;
		if (best < 0)
			break;
		for (need = minw[best] - w[best]; need > 0; need--) {
			d = -1;
			for (c = 0; c < nc; c++)
				if (w[c] > minw[c] && (d < 0 ||
				    w[c] - minw[c] > w[d] - minw[d]))
					d = c;
			w[d]--;
			w[best]++;
		}
	}
}

/*
 * Column widths, much as a browser lays out an automatic table: content
 * width when everything fits. Otherwise columns that want less than a fair
 * share keep their width (a short "n" column is not squeezed for a long
 * description), the others keep room for their longest word and share the
 * rest in proportion to their content. When the longest words do not all
 * fit, the header words still do (widths_floor). Words are broken only
 * when even they cannot fit.
 */
static void
table_widths(const size_t *nat, const size_t *minw, const size_t *hminw,
    size_t *w, int nc, size_t room)
{
	bool *fixed = xcalloc((size_t)nc, sizeof *fixed);
	size_t total = 0, mins = 0, fmins = 0, hmins = 0, left;
	int c;

	for (c = 0; c < nc; c++) {
		total += nat[c];
		mins += minw[c];
		hmins += hminw[c] > MIN_CELL ? hminw[c] : MIN_CELL;
	}
	if (total <= room) {
		memcpy(w, nat, (size_t)nc * sizeof *w);
		free(fixed);
		return;
	}
	left = widths_fair(nat, w, fixed, nc, room);
	for (c = 0; c < nc; c++)
		if (!fixed[c])
			fmins += minw[c];
	if (fmins <= left)
		widths_words(nat, minw, w, fixed, nc, left);
	else {
		memset(fixed, 0, (size_t)nc * sizeof *fixed);
		if (mins <= room)
			widths_words(nat, minw, w, fixed, nc, room);
		else if (hmins <= room)
			widths_floor(nat, minw, hminw, w, nc, room);
		else {
			left = widths_fair(nat, w, fixed, nc, room);
			widths_squeeze(nat, w, fixed, nc, left);
		}
	}
	free(fixed);
}

static void
table_border(struct rstate *st, const size_t *w, const char *l, const char *m,
    const char *r)
{
	const struct glyphs *g = st->g;

	line_start(st, false);
	line_add(st, l, strlen(l), RS_FRAME, -1);
	for (int c = 0; c < st->t.ncols; c++) {
		line_addn(st, g->h, w[c] + 2, RS_FRAME);
		if (c + 1 < st->t.ncols)
			line_add(st, m, strlen(m), RS_FRAME, -1);
	}
	line_add(st, r, strlen(r), RS_FRAME, -1);
	line_end(st, false);
}

static void
table_emit(struct rstate *st)
{
	struct table *t = &st->t;
	const struct glyphs *g = st->g;
	size_t nc = (size_t)t->ncols, *nat, *minw, *hminw, *w, *first, *count;
	size_t room;
	size_t height;
	size_t r, c, k;
	bool multi = false;
	int a = avail(st);

	if (t->nrows == 0)
		return;
	/* One frame column per border, one space either side of each cell. */
	if (a - 1 - 3 * (int)nc < MIN_CELL * (int)nc) {
		block_begin(st);
		table_as_text(st);
		return;
	}
	room = (size_t)(a - 1 - 3 * (int)nc);
	nat = xcalloc(nc, sizeof *nat);
	minw = xcalloc(nc, sizeof *minw);
	hminw = xcalloc(nc, sizeof *hminw);
	w = xcalloc(nc, sizeof *w);
	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < nc; c++) {
			const struct ibuf *ib = &t->cells[r * nc + c];
			size_t cw = text_width(ib->text.s, ib->text.len);

			if (cw > nat[c])
				nat[c] = cw;
			cw = longest_word(ib);
			if (cw > minw[c])
				minw[c] = cw;
			if (r < t->nhead && cw > hminw[c])
				hminw[c] = cw;
		}
	for (c = 0; c < nc; c++) {
		if (nat[c] < 1)
			nat[c] = 1;	/* an empty column still shows */
		if (minw[c] < 1)
			minw[c] = 1;
	}
	table_widths(nat, minw, hminw, w, (int)nc, room);

	/* Wrap every cell once, remembering where its segments are. */
	first = xcalloc(t->nrows * nc, sizeof *first);
	count = xcalloc(t->nrows * nc, sizeof *count);
	st->nsegs = 0;
	for (r = 0; r < t->nrows; r++) {
		height = 1;
		for (c = 0; c < nc; c++) {
			first[r * nc + c] = st->nsegs;
			wrap(st, &t->cells[r * nc + c], w[c]);
			count[r * nc + c] = st->nsegs - first[r * nc + c];
			if (count[r * nc + c] > height)
				height = count[r * nc + c];
		}
		if (height > 1 && r >= t->nhead)
			multi = true;
	}

	block_begin(st);
	table_border(st, w, g->tl, g->tm, g->tr);
	for (r = 0; r < t->nrows && !st->full; r++) {
		height = 1;
		for (c = 0; c < nc; c++)
			if (count[r * nc + c] > height)
				height = count[r * nc + c];
		for (k = 0; k < height; k++) {
			line_start(st, false);
			line_add(st, g->v, strlen(g->v), RS_FRAME, -1);
			for (c = 0; c < nc; c++) {
				const struct ibuf *ib = &t->cells[r * nc + c];
				size_t cw = 0, left = 0, ri = 0;
				struct seg *sg = NULL;

				if (k < count[r * nc + c]) {
					sg = &st->segs[first[r * nc + c] + k];
					cw = text_width(ib->text.s + sg->a,
					    sg->b - sg->a);
				}
				if (cw > w[c])
					cw = w[c];
				if (t->align[c] == MD_ALIGN_RIGHT)
					left = w[c] - cw;
				else if (t->align[c] == MD_ALIGN_CENTER)
					left = (w[c] - cw) / 2;
				line_addn(st, " ", 1 + left, 0);
				if (sg != NULL)
					line_add_slice(st, ib, sg->a, sg->b, &ri);
				line_addn(st, " ", w[c] - cw - left + 1, 0);
				line_add(st, g->v, strlen(g->v), RS_FRAME, -1);
			}
			line_end(st, false);
		}
		if (r + 1 < t->nrows && (r + 1 == t->nhead ||
		    (multi && r >= t->nhead)))
			table_border(st, w, g->ml, g->mm, g->mr);
	}
	table_border(st, w, g->bl, g->bm, g->br);
	free(nat);
	free(minw);
	free(hminw);
	free(w);
	free(first);
	free(count);
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
		flush_para(st);
		block_begin(st);
		cont_push(st, C_QUOTE, "");
		break;
	case MD_BLOCK_UL:
		flush_para(st);
		list_push(st, false, ((MD_BLOCK_UL_DETAIL *)detail)->is_tight,
		    1, '.');
		break;
	case MD_BLOCK_OL: {
		MD_BLOCK_OL_DETAIL *ol = detail;

		flush_para(st);
		list_push(st, true, ol->is_tight, ol->start,
		    ol->mark_delimiter == ')' ? ')' : '.');
		break;
	}
	case MD_BLOCK_LI:
		flush_para(st);
		block_begin(st);
		item_begin(st);
		break;
	case MD_BLOCK_HR:
		flush_para(st);
		block_begin(st);
		line_start(st, false);
		line_addn(st, st->g->hr, (size_t)avail(st), RS_FRAME);
		line_end(st, false);
		st->blank = true;
		break;
	case MD_BLOCK_H:
		flush_para(st);
		st->blank = true;
		st->base = RS_HEADING | RS_BOLD;
		st->hlevel = (int)((MD_BLOCK_H_DETAIL *)detail)->level;
		break;
	case MD_BLOCK_CODE:
	case MD_BLOCK_HTML:
		flush_para(st);
		st->incode = true;
		buf_reset(&st->codeblk);
		break;
	case MD_BLOCK_P:
		flush_para(st);
		st->inp = true;
		st->pother = false;
		st->pnmath = 0;
		break;
	case MD_BLOCK_TABLE:
		flush_para(st);
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
		flush_para(st);
		cont_pop(st);
		st->blank = true;
		break;
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		flush_para(st);
		if (st->nls > 0) {
			st->nls--;
			if (!st->ls[st->nls].tight || st->nls == 0)
				st->blank = true;
		}
		break;
	case MD_BLOCK_LI:
		flush_para(st);
		if (st->ncs > 0 && st->cs[st->ncs - 1].pending) {
			/* An empty item still shows its marker. */
			line_start(st, false);
			line_end(st, false);
		}
		cont_pop(st);
		if (st->nls > 0 && !st->ls[st->nls - 1].tight)
			st->blank = true;
		break;
	case MD_BLOCK_H:
		w = emit_ibuf(st, &st->para);
		ib_reset(&st->para);
		if (w > 0 && st->hlevel <= 2) {
			line_start(st, false);
			line_addn(st, st->hlevel == 1 ? st->g->h1 : st->g->h2, w,
			    RS_FRAME | RS_HEADING);
			line_end(st, false);
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
		flush_para(st);
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
	st->g = o->ascii ? &glyphs_ascii : &glyphs_utf8;
	st->width = o->width < 10 ? 10 : o->width > RENDER_MAX_WIDTH ?
	    RENDER_MAX_WIDTH : o->width;
	st->d = out;
	st->ib = &st->para;
	st->link = -1;
	st->predirty = true;
}

int
render_markdown(const char *src, size_t len, const struct render_opts *o,
    struct rdoc *out)
{
	MD_PARSER p = { 0 };
	struct rstate st;
	int rc;

	p.flags = MD_FLAGS;
	p.enter_block = enter_block;
	p.leave_block = leave_block;
	p.enter_span = enter_span;
	p.leave_span = leave_span;
	p.text = text_cb;
	rstate_init(&st, o, out);
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
		flush_para(&st);
		rstate_free(&st);
		return -1;
	}
	if (st.full && st.intable) {
		/* Show the rows stored before the cap, up to the cap. */
		st.full = false;
		table_emit(&st);
	}
	flush_para(&st);
	while (out->n > 0 && out->lines[out->n - 1].len == 0) {
		out->n--;
		free(out->lines[out->n].text);
		free(out->lines[out->n].spans);
	}
	rstate_free(&st);
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

/* SGR parameters for each style bit, in the order they are emitted. */
static const struct {
	unsigned	 style;
	const char	*sgr;
} sgr_table[] = {
	{ RS_BOLD, "1" }, { RS_FRAME, "2" }, { RS_ITALIC, "3" },
	{ RS_LINK, "4" }, { RS_MATCH, "7" }, { RS_STRIKE, "9" },
	{ RS_CODE, "36" }, { RS_MATH, "35" }, { RS_HEADING, "1;34" },
};

static void
print_sgr(FILE *fp, unsigned style)
{
	const char *sep = "";

	fputs("\033[", fp);
	for (size_t i = 0; i < nitems(sgr_table); i++)
		if (style & sgr_table[i].style) {
			fprintf(fp, "%s%s", sep, sgr_table[i].sgr);
			sep = ";";
		}
	fputc('m', fp);
}

void
rdoc_print(const struct rdoc *d, FILE *fp, bool ansi)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct rline *l = &d->lines[i];
		size_t len = l->len, at = 0;

		while (len > 0 && l->text[len - 1] == ' ')
			len--;
		for (size_t j = 0; ansi && j < l->nspans && at < len; j++) {
			const struct rspan *sp = &l->spans[j];
			size_t end = sp->off + sp->len < len ? sp->off + sp->len : len;
			bool on;

			if (sp->off >= len)
				break;
			if (sp->off > at)
				fwrite(l->text + at, 1, sp->off - at, fp);
			on = (sp->style & ~(unsigned)RS_QUOTE) != 0;
			if (on)
				print_sgr(fp, sp->style);
			fwrite(l->text + sp->off, 1, end - sp->off, fp);
			if (on)
				fputs("\033[0m", fp);
			at = end;
		}
		if (len > at)
			fwrite(l->text + at, 1, len - at, fp);
		fputc('\n', fp);
	}
}

void
render_each_math(const char *s, void (*fn)(void *, const char *, size_t, bool),
    void *arg)
{
	bool fence = false;
	const char *p = s;

	while (*p != '\0') {
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
		while (p < s + strlen(s) && *p != '\n' && *p != '\0') {
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
