/* texmath.c - LaTeX math to Unicode (or ASCII) text, inline or 2-D.
 *
 * The entry point: heal (tm_heal.c), parse (tm_parse.c), lay out
 * (tm_layout.c), break a long display (tm_break.c), and turn the box into
 * rows of text; anything past the limits falls back to the source as one
 * row. tm-int.h is what the passes share. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "texmath.h"
#include "text.h"
#include "util.h"
#include "tm-int.h"

/* ---- entry points ---- */

/* The source as one row of text, for input past the limits: readable, and
 * still valid and bounded. */
static void
fallback(const char *src, size_t len, bool ascii, struct tm_out *out)
{
	struct buf b = { 0 };
	char *clean;
	size_t n, i, k, cut, w;
	uint32_t cp;

	if (len > TM_MAXINPUT)
		len = TM_MAXINPUT;
	clean = text_sanitize(src, len, false, &n);
	if (ascii) {
		for (i = 0; i < n; i += k) {
			k = text_decode(clean + i, n - i, &cp);
			buf_addc(&b, cp < 0x80 ? (char)cp : '?');
		}
		free(clean);
		n = b.len;
		clean = buf_take(&b);
	}
	/* zero-width characters without a base would make a row narrower
	 * than it claims; drop them at the start */
	cut = text_fit(clean, n, TM_MAXINPUT, &w);
	clean[cut] = '\0';
	for (i = 0; i < cut; i += k) {
		k = text_decode(clean + i, cut - i, &cp);
		if (text_cp_width(cp) != 0)
			break;
	}
	out->rows = xcalloc(1, sizeof *out->rows);
	out->rows[0] = xstrdup(clean + i);
	free(clean);
	out->nrows = 1;
	out->width = (int)text_width(out->rows[0], strlen(out->rows[0]));
	out->baseline = 0;
}

static bool
box_to_rows(struct box *b, bool ascii, const int *brk, int nbrk,
    struct tm_out *out)
{
	struct buf line = { 0 };

	out->rows = xcalloc((size_t)b->h, sizeof *out->rows);
	out->nrows = b->h;
	out->width = b->w;
	out->baseline = b->base;
	if (nbrk > 0)
		out->breaks = xcalloc((size_t)nbrk, sizeof *out->breaks);
	for (int r = 0; r < b->h; r++) {
		int k = 0;

		for (int c = 0; c < b->w; c++) {
			const char *s = tm_box_get(b, r, c);

			while (r == b->base && k < nbrk && brk[k] < c)
				k++;
			if (r == b->base && k < nbrk && brk[k] == c && s == NULL)
				out->breaks[out->nbreaks++] = (int)line.len;
			if (s == NULL)
				buf_addc(&line, ' ');
			else if (s != tm_cont)
				buf_adds(&line, s);
		}
		out->rows[r] = buf_take(&line);
	}
	/* belt and braces: every row exactly as wide as promised */
	for (int r = 0; r < b->h; r++) {
		size_t n = strlen(out->rows[r]);

		if (!text_utf8_valid(out->rows[r], n, NULL) ||
		    text_width(out->rows[r], n) != (size_t)b->w)
			return false;
		for (size_t i = 0; ascii && i < n; i++)
			if ((unsigned char)out->rows[r][i] >= 0x80)
				return false;
	}
	return true;
}

int
texmath_render(const char *src, size_t len, unsigned flags, int maxwidth,
    struct tm_out *out)
{
	struct tm_state tm;
	struct node *root;
	struct box b;
	struct rowpos pos = { 0 };
	char *healed = NULL, *clean;
	size_t hlen, clen, maxw;
	int rc = 0, *brk = NULL, nbrk = 0;
	bool ascii = (flags & TM_ASCII) != 0;

	memset(out, 0, sizeof *out);
	if (src == NULL)
		len = 0;
	if (len > TM_MAXINPUT) {
		fallback(src, len, ascii, out);
		return -1;
	}
	if (flags & TM_HEAL) {
		healed = tm_heal(src, len, HEAL_ALL, &hlen);
		src = healed;
		len = hlen;
	}
	clean = text_sanitize(src != NULL ? src : "", len, false, &clen);
	memset(&tm, 0, sizeof tm);
	tm.s = clean;
	tm.len = clen;
	tm.ascii = ascii;
	tm.depth = -1;	/* the formula itself is not a level of nesting */
	root = tm_parse_block(&tm, F_MATH, W_EOF);
	maxw = 4 * clen + 64;
	tm.maxw = maxw;
	if (tm.deep) {
		fallback(clean, clen, ascii, out);
		out->unknown = tm.unknown;
		memcpy(out->unknown_name, tm.unknown_name,
		    sizeof out->unknown_name);
		rc = -1;
		goto done;
	}
	tm_mark_outer(root);
	if (!(flags & TM_DISPLAY) && root->kind == N_ROW) {
		b = tm_lay_row_at(&tm, root, ST_T, false, &pos);
		brk = xcalloc((size_t)pos.n + 1, sizeof *brk);
		nbrk = tm_row_breaks(&pos, brk);
		tm_rowpos_free(&pos);
	} else
		b = tm_lay(&tm, root, (flags & TM_DISPLAY) ? ST_D : ST_T);
	if (tm.lastlow && tm.nflat > 0 && !tm.big) {
		/* x_A + y_B, not x_A + y with B under it */
		tm_unmark_last(root);
		tm_box_free(&b);
		tm.stacked = false;
		b = tm_lay(&tm, root, ST_D);
	}
	if ((flags & TM_DISPLAY) && maxwidth > 0 && b.w > maxwidth &&
	    !tm.big && root->kind == N_ROW) {
		struct box nb;

		if (tm_lay_broken(&tm, root, maxwidth, &nb)) {
			tm_box_free(&b);
			b = nb;
		}
		tm.big = false;
	}
	if (tm.big || b.h > TM_MAXROWS || (size_t)b.w > maxw) {
		/* too tall or too large for 2-D: try one row */
		tm_box_free(&b);
		tm.big = false;
		tm.stacked = false;
		rc = -1;
		nbrk = 0;
		b = tm_lay(&tm, root, ST_T);
		if (tm.big || (size_t)b.w > maxw) {
			tm_box_free(&b);
			fallback(clean, clen, ascii, out);
			out->unknown = tm.unknown;
			memcpy(out->unknown_name, tm.unknown_name,
			    sizeof out->unknown_name);
			goto done;
		}
	}
	if (!box_to_rows(&b, ascii, brk, nbrk, out)) {
		tm_out_free(out);
		fallback(clean, clen, ascii, out);
		rc = -1;
	}
	tm_box_free(&b);
	out->unknown = tm.unknown;
	memcpy(out->unknown_name, tm.unknown_name, sizeof out->unknown_name);
	out->stacked = tm.stacked;
done:
	tm_free_arena(&tm);
	free(brk);
	free(clean);
	free(healed);
	return rc;
}

void
tm_out_free(struct tm_out *out)
{
	strv_free(out->rows, out->nrows);
	free(out->breaks);
	out->rows = NULL;
	out->nrows = 0;
	out->breaks = NULL;
	out->nbreaks = 0;
}
