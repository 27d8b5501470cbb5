/* render_wrap.c - where a styled paragraph breaks into lines.
 *
 * Greedy wrapping at a width: a line ends at a space, or between
 * ideographs but not before a closing mark or after an opening one
 * (kinsoku). Inside inline math it ends at texmath's break points of a long
 * formula, at another of its spaces only when nothing else fits; a word
 * with no place to break is cut. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <md4c.h>

#include "render.h"
#include "render-int.h"
#include "texmath.h"
#include "text.h"
#include "util.h"

/* ---- wrapping ---- */

static void
seg_push(struct rstate *st, size_t a, size_t b)
{
	st->segs = xgrow(st->segs, st->nsegs, &st->capsegs, 16,
	    sizeof *st->segs);
	st->segs[st->nsegs].a = a;
	st->segs[st->nsegs].b = b;
	st->segs[st->nsegs].cut = false;
	st->nsegs++;
	if (b > st->wrap_stop && st->wrap_left > 0)
		st->wrap_left--;
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

/* run_at for a reader that mostly moves forward a byte at a time: *hint
 * is the index of the run found last (SIZE_MAX for none). */
static const struct style_run *
run_near(const struct ibuf *ib, size_t i, size_t *hint)
{
	const struct style_run *r;

	/* the same run as last time, or one of the next few */
	for (size_t k = *hint, step = 0; k < ib->nruns && step < 4;
	    k++, step++) {
		r = &ib->runs[k];
		if (i < r->off)
			break;
		if (i < r->off + r->len) {
			*hint = k;
			return r;
		}
	}
	r = run_at(ib, i);
	*hint = r != NULL ? (size_t)(r - ib->runs) : SIZE_MAX;
	return r;
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


/* Brackets of a formula's text: a line of a linear formula never ends
 * inside a pair. +1 opens, -1 closes, 0 is neither. */
static int
bracket(uint32_t cp)
{
	switch (cp) {
	case '(': case '[': case '{': case 0x27E8: case 0x2308: case 0x230A:
	case 0x2016:
		return 1;
	case ')': case ']': case '}': case 0x27E9: case 0x2309: case 0x230B:
		return -1;
	}
	return 0;
}

/* Ideographs and kana are written without spaces, and a line may break
 * between any two of them (UAX #14 class ID); Hangul is written with
 * spaces, so it wraps at them. */
#define CJK_FIRST	0x2E80	/* below it, cjk() is false */

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
 * With st->wrap_stop set, it returns once st->wrap_left lines have ended
 * past that byte: greedy wrapping makes the same lines up to there.
 */
void
render_wrap(struct rstate *st, const struct ibuf *ib, size_t maxw)
{
	const char *s = ib->text.s;
	size_t n = ib->text.len, start, i, w, sp, sp2, k, at;
	size_t memo[2] = { SIZE_MAX, 0 }, hint = SIZE_MAX;
	const struct style_run *mrun = NULL;	/* the formula being read */
	const struct style_run *r;
	bool math;
	uint32_t cp, prev = ' ';
	int cw, depth = 0, spd = 0, sp2d = 0;

	start = i = skip_spaces(s, 0, n);
	w = 0;
	sp = sp2 = SIZE_MAX;
	while (i < n) {
		if (st->wrap_left == 0)
			return;		/* the lines wanted are made */
		if (s[i] == '\n') {
			seg_push(st, start, i);
			start = i = skip_spaces(s, i + 1, n);
			w = 0;
			sp = sp2 = SIZE_MAX;
			continue;
		}
		if (prev < CJK_FIRST && (r = run_near(ib, i, &hint)) != NULL &&
		    (r->style & RS_MATH) == 0) {
			/* Printable ASCII outside math, while it fits: a line
			 * may end only at its spaces, the last of which is
			 * kept, as below. */
			size_t j, e = r->off + r->len < n ? r->off + r->len : n;
			const char *last;

			if (w < maxw && e - i > maxw - w)
				e = i + (maxw - w);	/* what fits */
			j = w < maxw ? i + text_ascii_run(s + i, e - i) : i;
			if (j > i) {
				if ((last = memrchr(s + i, ' ', j - i)) != NULL)
					sp = (size_t)(last - s), spd = depth;
				w += j - i;
				i = j;
				mrun = NULL;
				prev = (unsigned char)s[j - 1];
				continue;
			}
		}
		if ((unsigned char)s[i] < 0x80) {
			/* ASCII, as text_decode and text_cp_width see it */
			k = 1;
			cp = (unsigned char)s[i];
			cw = cp >= 0x20 && cp != 0x7F;
		} else {
			k = text_decode(s + i, n - i, &cp);
			cw = text_cp_width(cp);
		}
		/* Inside inline math, a formula is not broken at any of its
		 * spaces ("P ‖ Q" must stay on one line), only after its
		 * relations and operators, and between words of prose. */
		r = run_near(ib, i, &hint);
		math = r != NULL && (r->style & RS_MATH) != 0;
		if (math) {
			if (r != mrun)
				mrun = r, depth = 0;
		} else
			mrun = NULL;
		if (cp == ' ') {
			if (!math || (math_break(ib, i) &&
			    long_formula(ib, i, maxw, memo)))
				sp = i, spd = depth;
			else if (depth <= 0)
				sp2 = i, sp2d = depth;	/* outside its brackets */
		} else if (cw > 0 && prev != ' ' && (cp >= CJK_FIRST ||
		    prev >= CJK_FIRST) && (cjk(cp) || cjk(prev)) &&
		    !no_start(cp) && !no_end(prev) && !math)
			sp = i;
		if (cw > 0 && w + (size_t)cw > maxw && i > start) {
			at = sp != SIZE_MAX && sp > start ? sp :
			    sp2 != SIZE_MAX && sp2 > start ? sp2 : SIZE_MAX;
			if (at != SIZE_MAX && mrun != NULL) {
				/* read the rest of the formula again: spaces
				 * after the break may be where the next one goes */
				depth = at == sp ? spd : sp2d;
				seg_push(st, start, at);
				start = i = skip_spaces(s, at, n);
				w = 0;
			} else if (at != SIZE_MAX) {
				seg_push(st, start, at);
				start = skip_spaces(s, at, n);
				w = text_width(s + start, i > start ? i - start : 0);
				if (i < start)
					i = start;
			} else if (mrun != NULL && maxw > 1 && !st->intable) {
				/* a formula with nowhere to break: cut, with a
				 * marker, as a table cell is, and go on after it */
				size_t e = i, end = mrun->off + mrun->len;

				while (e > start && text_width(s + start, e - start) >
				    maxw - 1) {
					e--;
					while (e > start &&
					    ((unsigned char)s[e] & 0xC0) == 0x80)
						e--;
				}
				seg_push(st, start, e);
				st->segs[st->nsegs - 1].cut = true;
				start = i = skip_spaces(s, end < n ? end : n, n);
				w = 0;
				mrun = NULL;
				depth = 0;
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
		if (mrun != NULL)
			depth += bracket(cp);
		if (cw > 0)
			prev = cp;
	}
	if (i > start)
		seg_push(st, start, i);
}
