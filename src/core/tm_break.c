/* tm_break.c - where a formula too wide for the screen is broken.
 *
 * A long display is cut into lines at its relations and operators, as a
 * typesetter would; an inline formula reports the columns where the
 * surrounding text may wrap it. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "texmath.h"
#include "text.h"
#include "util.h"
#include "tm-int.h"

/* ---- long displays ---- */

#define BRK_MAXLINES	32

/* Where a long display may break, weakest first: inside brackets, before
 * a big operator (∑) of a product, after a comma in a list, before a
 * binary operator, before a relation, after a comma between formulas (with
 * a relation on both sides, or set apart by a space). */
enum { K_NONE, K_INNER, K_OP, K_COMMA, K_BIN, K_REL, K_PUNCT };

/* A blank row between two lines of a broken display, when the first
 * reaches below its baseline and the second above its own: a denominator
 * right over the next numerator would read as one fraction. */
static bool
apart(const struct box *up, const struct box *down)
{
	return up->h - 1 - up->base > 0 && down->base > 0;
}

static bool
is_bar(const struct node *n)
{
	if (n->kind == N_SCRIPT)
		n = n->a;	/* ‖x‖² */
	return n->kind == N_ATOM && n->cls == C_ORD && (strcmp(n->text, "|") ==
	    0 || strcmp(n->text, "‖") == 0 || strcmp(n->text, "||") == 0);
}

/* How deep in brackets each gap of a row is: d[k] for the gap before item
 * k, d[n] after the last. Brackets are atoms, (x - μ)² too; \left( x
 * \right) opens and closes in one item; bars typed as |x| and ‖x‖ pair up
 * when there is an even number of them. */
static int *
gap_depth(const struct rowpos *p)
{
	int *d = xcalloc((size_t)p->n + 1, sizeof *d), bars = 0, depth = 0;
	bool in = false;

	for (int k = 0; k < p->n; k++)
		bars += is_bar(p->it[k]);
	for (int k = 0; k < p->n; k++) {
		if (p->lc[k] == C_OPEN && p->rc[k] != C_CLOSE)
			depth++;
		else if (p->rc[k] == C_CLOSE && p->lc[k] != C_OPEN && depth > 0)
			depth--;
		else if (bars % 2 == 0 && is_bar(p->it[k])) {
			depth += in ? -1 : 1;
			in = !in;
		}
		d[k + 1] = depth;
	}
	return d;
}

static int
less(int indent)
{
	return indent > 1 ? 1 : indent - 1;
}

/* The best break for a line from item s with room columns: the best kind,
 * the latest of that kind, that is not too early (a third of the line);
 * if all are early, simply the latest, so "ηₜ = ηₘᵢₙ" is not cut after ηₜ.
 * Inside brackets only when asked. -1 if there is none. */
static int
pick_break(const struct rowpos *p, const int *kind, int s, int lead,
    int room, bool inner)
{
	int best = -1;

	for (int pass = 0; pass < 2 && best < 0; pass++) {
		int bk = K_NONE;

		for (int e = s + 1; e < p->n; e++) {
			int sw = p->x1[e - 1] - p->x0[s] + lead;

			if (sw > room)
				break;
			if (kind[e] == K_NONE || (kind[e] == K_INNER) != inner ||
			    (pass == 0 && 3 * sw < room))
				continue;
			if (kind[e] >= bk || pass == 1) {
				bk = kind[e];
				best = e;
			}
		}
	}
	return best;
}

/* Items it[a..b] of a row, copied into a row of their own (the nodes are
 * shared below the copies; layout never changes them). */
static struct node *
row_slice(struct tm_state *tm, const struct rowpos *p, int a, int b)
{
	struct node *row = tm_node_new(tm, N_ROW), *k, *c;

	for (k = p->it[a]; k != NULL; k = k->next) {
		c = tm_node_new(tm, k->kind);
		*c = *k;
		c->next = NULL;
		tm_node_add(row, c);
		if (k == p->it[b])
			break;
	}
	return row;
}

/*
 * A display formula wider than maxw, broken into lines the way a
 * typesetter breaks a long equation: after a comma between formulas, else
 * before a relation, else before a binary operator, of the outer row and
 * outside brackets when possible. A line may end early, but not before a
 * third of the room is used, when that gives a better break. A line that
 * starts with a relation lines it up under the first one; an operator goes
 * under what followed that relation, "x = a + b" over "    + c". Returns
 * false when some piece cannot fit: the caller then wraps the formula as
 * inline text.
 */
bool
tm_lay_broken(struct tm_state *tm, struct node *root, int maxw, struct box *out)
{
	struct rowpos p = { 0 };
	struct box whole, lines[BRK_MAXLINES];
	int col[BRK_MAXLINES], nl = 0, n, s, e, k, depth, h, w, y;
	int *kind = NULL, *gd, relx = -1, afterx = -1, at;
	bool okay = false, relbefore, relhere;

	whole = tm_lay_row_at(tm, root, ST_D, false, &p);
	tm_box_free(&whole);
	n = p.n;
	if (tm->big || n < 2)
		goto done;
	kind = xcalloc((size_t)n + 1, sizeof *kind);
	gd = gap_depth(&p);
	for (k = 0; k < n; k++) {
		depth = gd[k];
		if (k > 0 && p.lc[k] == C_REL && p.rc[k - 1] != C_REL)
			kind[k] = depth == 0 ? K_REL : K_INNER;
		else if (k > 0 && p.lc[k] == C_BIN && p.rc[k - 1] != C_BIN &&
		    p.rc[k - 1] != C_REL)
			kind[k] = depth == 0 ? K_BIN : K_INNER;
		else if (k > 0 && p.rc[k - 1] == C_PUNCT && depth == 0)
			kind[k] = p.x0[k] - p.x1[k - 1] > 1 ? K_PUNCT : K_COMMA;
		else if (k > 0 && p.lc[k] == C_OP && depth == 0 &&
		    (p.rc[k - 1] == C_ORD || p.rc[k - 1] == C_CLOSE ||
		    p.rc[k - 1] == C_INNER) && !(p.it[k - 1]->kind == N_ATOM &&
		    p.it[k - 1]->cls == C_BIN))	/* not after a sign: -log */
			kind[k] = K_OP;
	}
	free(gd);
	/* a comma with a relation on either side of it separates formulas:
	 * k walks the pieces between commas, the last one starting at at */
	for (k = 0, at = -1, relbefore = relhere = false; k <= n; k++) {
		if (k < n && kind[k] != K_COMMA && kind[k] != K_PUNCT) {
			relhere |= kind[k] == K_REL;
			continue;
		}
		if (at > 0 && kind[at] == K_COMMA && relbefore && relhere)
			kind[at] = K_PUNCT;
		relbefore = relhere;
		relhere = false;
		at = k;
	}
	for (s = 0; s < n; s = e) {
		int c = 0, best = -1, lead;

		if (nl == BRK_MAXLINES)
			goto done;
		/* a continuation is laid out as if after an ordinary symbol */
		lead = s > 0 ? tm_gap_text[C_ORD][p.lc[s]] : 0;
		if (s > 0 && (kind[s] == K_PUNCT || kind[s] == K_COMMA))
			c = 0;
		else if (s > 0 && p.lc[s] == C_REL)
			c = relx >= 0 ? relx - lead : 1;
		else if (s > 0)
			c = afterx >= 0 ? afterx - lead : 1;
		/* the rest, if it fits; else a break outside brackets; else
		 * the rest with less indent; else a break inside brackets */
		for (int stage = 0; stage < 3 && best < 0; stage++)
			for (int c2 = c; c2 >= 0 && best < 0; c2 = less(c2)) {
				if (stage == 0 || stage == 2)
					best = p.x1[n - 1] - p.x0[s] + lead <=
					    maxw - c2 ? n : -1;
				else
					best = pick_break(&p, kind, s, lead,
					    maxw - c2, stage == 3);
				if (best >= 0)
					c = c2;
				if (stage < 2)
					break;	/* at the aligned indent */
			}
		if (best < 0)
			goto done;
		e = best;
		lines[nl] = tm_lay_row(tm, row_slice(tm, &p, s, e - 1), ST_D, s > 0);
		col[nl] = c;
		if (tm->big || c + lines[nl].w > maxw) {
			tm_box_free(&lines[nl]);
			goto done;
		}
		nl++;
		if (nl == 1) {
			/* where the first relation of the first line is */
			for (k = 1; k < e; k++)
				if (kind[k] == K_REL) {
					relx = p.x0[k];
					afterx = k + 1 < e ? p.x0[k + 1] : -1;
					break;
				}
		}
	}
	okay = true;
	h = w = 0;
	for (k = 0; k < nl; k++) {
		if (k > 0 && apart(&lines[k - 1], &lines[k]))
			h++;
		h += lines[k].h;
		if (col[k] + lines[k].w > w)
			w = col[k] + lines[k].w;
	}
	*out = tm_box_new(tm, w, h, lines[0].base);
	for (k = 0, y = 0; k < nl; k++) {
		if (k > 0 && apart(&lines[k - 1], &lines[k]))
			y++;
		tm_box_blit(out, &lines[k], y, col[k]);
		y += lines[k].h;
	}
	if (tm->big) {
		tm_box_free(out);
		okay = false;
	}
done:
	for (k = 0; k < nl; k++)
		tm_box_free(&lines[k]);
	free(kind);
	tm_rowpos_free(&p);
	return okay;
}

/* Columns where an inline formula may be broken, as TeX allows: the blank
 * after a relation or a binary operator of the outer row... */
int
tm_row_breaks(const struct rowpos *p, int *cols)
{
	int nb = 0, *d = gap_depth(p);

	for (int i = 0; i + 1 < p->n; i++) {
		/* and outside brackets: "p(y | x)", "‖a - b‖" stay whole */
		if (d[i + 1] == 0 && (p->rc[i] == C_REL || p->rc[i] == C_BIN) &&
		    p->lc[i + 1] != C_CLOSE && p->lc[i + 1] != C_PUNCT &&
		    p->x0[i + 1] > p->x1[i] && p->x1[i] > 0)
			cols[nb++] = p->x1[i];
	}
	free(d);
	return nb;
}
