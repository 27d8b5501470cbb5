/* render_table.c - Markdown tables: column widths and the framed grid.
 *
 * Cells are gathered as styled buffers while md4c reads the table; at its
 * end the columns get widths that fit the screen (natural widths first,
 * then a fair share, never narrower than a word when that can be helped),
 * and the rows are wrapped cell by cell and framed. */
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

/* ---- tables ---- */

void
table_begin(struct rstate *st, unsigned ncols)
{
	struct table *t = &st->t;

	memset(t, 0, sizeof *t);
	t->ncols = ncols > 0 ? (int)ncols : 1;
	t->align = xcalloc((size_t)t->ncols, sizeof *t->align);
	st->intable = true;
}

void
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

void
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
		render_flush_para(st);
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

	render_line_start(st, false);
	render_line_add(st, l, strlen(l), RS_FRAME, -1);
	for (int c = 0; c < st->t.ncols; c++) {
		render_line_addn(st, g->h, w[c] + 2, RS_FRAME);
		if (c + 1 < st->t.ncols)
			render_line_add(st, m, strlen(m), RS_FRAME, -1);
	}
	render_line_add(st, r, strlen(r), RS_FRAME, -1);
	render_line_end(st, false);
}

void
table_emit(struct rstate *st)
{
	struct table *t = &st->t;
	const struct glyphs *g = st->g;
	size_t nc = (size_t)t->ncols, *nat, *minw, *hminw, *w, *first, *count;
	size_t room;
	size_t height;
	size_t r, c, k;
	bool multi = false;
	int a = render_avail(st);

	if (t->nrows == 0)
		return;
	/* One frame column per border, one space either side of each cell. */
	if (a - 1 - 3 * (int)nc < MIN_CELL * (int)nc) {
		render_block_begin(st);
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
			render_wrap(st, &t->cells[r * nc + c], w[c]);
			count[r * nc + c] = st->nsegs - first[r * nc + c];
			if (count[r * nc + c] > height)
				height = count[r * nc + c];
		}
		if (height > 1 && r >= t->nhead)
			multi = true;
	}

	render_block_begin(st);
	table_border(st, w, g->tl, g->tm, g->tr);
	for (r = 0; r < t->nrows && !st->full; r++) {
		height = 1;
		for (c = 0; c < nc; c++)
			if (count[r * nc + c] > height)
				height = count[r * nc + c];
		for (k = 0; k < height; k++) {
			render_line_start(st, false);
			render_line_add(st, g->v, strlen(g->v), RS_FRAME, -1);
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
				render_line_addn(st, " ", 1 + left, 0);
				if (sg != NULL)
					render_line_add_slice(st, ib, sg->a, sg->b, &ri);
				render_line_addn(st, " ", w[c] - cw - left + 1, 0);
				render_line_add(st, g->v, strlen(g->v), RS_FRAME, -1);
			}
			render_line_end(st, false);
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
