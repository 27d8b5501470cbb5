/* tm_layout.c - the tree of nodes to a 2-D box of terminal cells.
 *
 * A box is a grid of cells, one string per terminal column, so pieces can
 * be placed anywhere and every row comes out exactly as wide as the box.
 * Inline layout is the same code with every box one row high. The layout
 * recurses over the tree the parser built, so it is bounded by the same
 * depth limit; box area is capped, so nested fractions around a long row
 * cannot ask for gigabytes. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "texmath.h"
#include "text.h"
#include "util.h"
#include "tm-int.h"

const char tm_cont[] = "";

/* ---- boxes ---- */

struct box
tm_box_new(struct tm_state *tm, int w, int h, int base)
{
	struct box b = { 0, 1, 0, NULL };

	if (w < 0)
		w = 0;
	if (h < 1)
		h = 1;
	/* a box past the final limits can only lead to the fallback: stop
	 * building early */
	if (h > TM_MAXROWS || (size_t)w > tm->maxw ||
	    (size_t)w * (size_t)h > TM_MAXCELLS) {
		tm->big = true;
		return b;
	}
	b.w = w;
	b.h = h;
	b.base = base < 0 ? 0 : base >= h ? h - 1 : base;
	b.c = xcalloc((size_t)w * (size_t)h + 1, sizeof *b.c);
	return b;
}

void
tm_box_free(struct box *b)
{
	free(b->c);
	b->c = NULL;
}

static void
box_put(struct box *b, int r, int c, const char *s)
{
	if (b->c != NULL && r >= 0 && r < b->h && c >= 0 && c < b->w)
		b->c[(size_t)r * b->w + c] = s;
}

const char *
tm_box_get(const struct box *b, int r, int c)
{
	if (b->c == NULL || r < 0 || r >= b->h || c < 0 || c >= b->w)
		return NULL;
	return b->c[(size_t)r * b->w + c];
}

/* Copy src into dst at (row, col), clipped: whole row slices at a time,
 * since nested layouts copy the same cells once per level. */
void
tm_box_blit(struct box *dst, const struct box *src, int row, int col)
{
	int c0 = col < 0 ? -col : 0, c1 = src->w;

	if (dst->c == NULL || src->c == NULL)
		return;
	if (col + c1 > dst->w)
		c1 = dst->w - col;
	if (c1 <= c0)
		return;
	for (int r = 0; r < src->h; r++) {
		int dr = row + r;

		if (dr < 0 || dr >= dst->h)
			continue;
		memcpy(&dst->c[(size_t)dr * dst->w + col + c0],
		    &src->c[(size_t)r * src->w + c0],
		    (size_t)(c1 - c0) * sizeof *dst->c);
	}
}

/* Single ASCII characters as cell strings, without allocating. */
static const char *
ascii_cell(int c)
{
	static const char cells[] =
	    " \0!\0\"\0#\0$\0%\0&\0'\0(\0)\0*\0+\0,\0-\0.\0/\0"
	    "0\0001\0002\0003\0004\0005\0006\0007\0008\0009\0:\0;\0<\0=\0>\0?\0"
	    "@\0A\0B\0C\0D\0E\0F\0G\0H\0I\0J\0K\0L\0M\0N\0O\0"
	    "P\0Q\0R\0S\0T\0U\0V\0W\0X\0Y\0Z\0[\0\\\0]\0^\0_\0"
	    "`\0a\0b\0c\0d\0e\0f\0g\0h\0i\0j\0k\0l\0m\0n\0o\0"
	    "p\0q\0r\0s\0t\0u\0v\0w\0x\0y\0z\0{\0|\0}\0~\0";

	if (c < 0x20 || c > 0x7E)
		return "?";
	return cells + 2 * (c - 0x20);
}

/* A one-row box holding s: one cell per column, zero-width characters kept
 * with the character before them. */
static struct box
box_text(struct tm_state *tm, const char *s)
{
	struct box b;
	size_t n = strlen(s), i, k, start;
	uint32_t cp;
	int w = 0, cw, col;

	for (i = 0; i < n; i += k) {
		k = text_decode(s + i, n - i, &cp);
		cw = text_cp_width(cp);
		w += cw == 0 && w == 0 ? 1 : cw;
	}
	b = tm_box_new(tm, w, 1, 0);
	if (b.c == NULL)
		return b;
	for (i = 0, col = 0; i < n; ) {
		start = i;
		i += text_decode(s + i, n - i, &cp);
		cw = text_cp_width(cp);
		while (i < n) {
			uint32_t cp2;

			k = text_decode(s + i, n - i, &cp2);
			if (text_cp_width(cp2) != 0)
				break;
			i += k;
		}
		if (cw == 0) {
			if (col > 0)
				continue;	/* only reachable at the start */
			box_put(&b, 0, col++, tm_cat(tm, " ",
			    tm_strndup(tm, s + start, i - start)));
		} else if (i - start == 1)
			box_put(&b, 0, col++, ascii_cell((unsigned char)s[start]));
		else {
			box_put(&b, 0, col++, tm_strndup(tm, s + start, i - start));
			if (cw == 2)
				box_put(&b, 0, col++, tm_cont);
		}
	}
	return b;
}

static struct box
box_repeat(struct tm_state *tm, const char *cell, int w)
{
	struct box b = tm_box_new(tm, w, 1, 0);

	for (int c = 0; c < w; c++)
		box_put(&b, 0, c, cell);
	return b;
}

/* Side by side, baselines lined up; gap[i] blank columns before box i and
 * gap[n] after the last. The boxes are freed. */
static struct box
box_hcat(struct tm_state *tm, struct box *bx, const int *gap, int n)
{
	struct box out;
	int above = 0, below = 0, w = 0, col, i;

	for (i = 0; i < n; i++) {
		if (bx[i].base > above)
			above = bx[i].base;
		if (bx[i].h - 1 - bx[i].base > below)
			below = bx[i].h - 1 - bx[i].base;
		w += bx[i].w + (gap != NULL ? gap[i] : 0);
	}
	if (gap != NULL)
		w += gap[n];
	out = tm_box_new(tm, w, above + below + 1, above);
	for (i = 0, col = 0; i < n; i++) {
		col += gap != NULL ? gap[i] : 0;
		tm_box_blit(&out, &bx[i], above - bx[i].base, col);
		col += bx[i].w;
		tm_box_free(&bx[i]);
	}
	return out;
}

static struct box
box_pair(struct tm_state *tm, struct box a, struct box b)
{
	struct box bx[2] = { a, b };

	return box_hcat(tm, bx, NULL, 2);
}

/* ---- layout ---- */

/* Spacing between classes in columns; TeX's thin, medium and thick spaces
 * all become one column. Script style keeps only the spaces around
 * operator names. */
const unsigned char tm_gap_text[8][8] = {
	/*	   ord op bin rel opn cls pun inn */
	[C_ORD]	  = { 0, 1, 1, 1, 0, 0, 0, 1 },
	[C_OP]	  = { 1, 1, 0, 1, 0, 0, 0, 1 },
	[C_BIN]	  = { 1, 1, 0, 0, 1, 0, 0, 1 },
	[C_REL]	  = { 1, 1, 0, 0, 1, 0, 0, 1 },
	[C_OPEN]  = { 0, 0, 0, 0, 0, 0, 0, 0 },
	[C_CLOSE] = { 0, 1, 1, 1, 0, 0, 0, 1 },
	[C_PUNCT] = { 1, 1, 0, 1, 1, 1, 1, 1 },
	[C_INNER] = { 1, 1, 1, 1, 1, 0, 1, 1 },
};
static const unsigned char gap_script[8][8] = {
	[C_ORD]	  = { 0, 1, 0, 0, 0, 0, 0, 0 },
	[C_OP]	  = { 1, 1, 0, 0, 0, 0, 0, 0 },
	[C_CLOSE] = { 0, 1, 0, 0, 0, 0, 0, 0 },
	[C_INNER] = { 0, 1, 0, 0, 0, 0, 0, 0 },
};

void
tm_node_cls(struct node *n, int *l, int *r)
{
	switch (n->kind) {
	case N_ATOM:
		*l = *r = n->text[0] == '\0' ? C_ORD : n->cls;
		return;
	case N_ROW:
		*l = *r = (n->fl & NF_CLS) ? n->cls : C_ORD;
		return;
	case N_SCRIPT:
		if (n->fl & NF_CLS)
			*l = *r = n->cls;
		else
			tm_node_cls(n->a, l, r);
		return;
	case N_FRAC:
		*l = *r = C_INNER;
		return;
	case N_DELIM:
		*l = C_OPEN;
		*r = C_CLOSE;
		return;
	case N_ARRAY:
		*l = n->ld != D_NONE ? C_OPEN : C_ORD;
		*r = n->n2 != D_NONE ? C_CLOSE : C_ORD;
		return;
	default:
		*l = *r = C_ORD;
	}
}

static bool
is_limits(struct node *n)
{
	return (n->fl & NF_LIMITS) && !(n->fl & NF_NOLIMITS);
}

/* Names of several letters need a blank next to a letter or digit, or
 * "alpha x" would read "alphax"; so does an ASCII script: "x_i y". */
static bool
is_wordish(struct tm_state *tm, struct node *n, bool at_end)
{
	if (n->kind == N_ATOM)
		return (n->fl & NF_WORD) != 0;
	if (n->kind == N_SCRIPT)
		return (tm->ascii && at_end) || is_wordish(tm, n->a, at_end);
	return false;
}

static bool
is_slash(const struct node *n)
{
	return n->kind == N_ATOM && strcmp(n->text, "/") == 0;
}

/* Whether a cell holds exactly the glyph g. */
static bool
cell_is(const char *cell, const char *g)
{
	return cell != NULL && strcmp(cell, g) == 0;
}

static bool
cell_alnum(const char *s)
{
	return s != NULL && s != tm_cont && s[0] != '\0' && s[1] == '\0' &&
	    (is_alpha((unsigned char)s[0]) || is_digit((unsigned char)s[0]));
}

void
tm_rowpos_free(struct rowpos *p)
{
	free(p->it);
	free(p->x0);
	free(p->x1);
	free(p->lc);
	free(p->rc);
	memset(p, 0, sizeof *p);
}

struct box
tm_lay_row_at(struct tm_state *tm, struct node *row, int style, bool lead,
    struct rowpos *pos)
{
	struct node *k, **it;
	struct box *bx, out;
	int n = 0, i, *gap, *lc, *rc, *expl;
	bool *has, *unary;

	for (k = row->head; k != NULL; k = k->next)
		if (k->kind != N_SPACE)
			n++;
	it = xcalloc((size_t)n + 1, sizeof *it);
	bx = xcalloc((size_t)n + 1, sizeof *bx);
	gap = xcalloc((size_t)n + 2, sizeof *gap);
	expl = xcalloc((size_t)n + 2, sizeof *expl);
	lc = xcalloc((size_t)n + 1, sizeof *lc);
	rc = xcalloc((size_t)n + 1, sizeof *rc);
	has = xcalloc((size_t)n + 2, sizeof *has);
	unary = xcalloc((size_t)n + 1, sizeof *unary);
	i = 0;
	for (k = row->head; k != NULL; k = k->next) {
		if (k->kind == N_SPACE) {
			expl[i] += k->n;
			has[i] = true;
		} else
			it[i++] = k;
	}
	for (i = 0; i < n; i++)
		tm_node_cls(it[i], &lc[i], &rc[i]);
	/* TeX's rule: a binary operator with nothing to combine on its
	 * left (or right) is unary and gets no space: -x, (-1), a = -b. */
	for (i = 0; i < n; i++) {
		int p = i > 0 ? rc[i - 1] : lead ? C_ORD : -1;

		if (lc[i] != C_BIN)
			continue;
		if (p < 0 || p == C_BIN || p == C_OP || p == C_REL ||
		    p == C_OPEN || p == C_PUNCT || i + 1 >= n ||
		    (i > 0 && is_slash(it[i - 1])) ||
		    lc[i + 1] == C_REL || lc[i + 1] == C_CLOSE ||
		    lc[i + 1] == C_PUNCT) {
			lc[i] = rc[i] = C_ORD;
			unary[i] = true;
		}
	}
	for (i = 0; i < n; i++)
		bx[i] = tm_lay(tm, it[i], style);
	for (i = 0; i <= n; i++) {
		int g = 0;

		if (i == 0 && n > 0 && lead)
			g = tm_gap_text[C_ORD][lc[0]];
		else if (i > 0 && i < n) {
			g = style == ST_S ? gap_script[rc[i - 1]][lc[i]] :
			    tm_gap_text[rc[i - 1]][lc[i]];
			/* -x/2 and -(a/b): a sign stays with what it signs */
			if (unary[i - 1])
				g = 0;
			/* lim_(n→∞) (1 + 1/n)ⁿ: an operator with limits
			 * stands apart from the bracket after it */
			if (style != ST_S && rc[i - 1] == C_OP &&
			    lc[i] == C_OPEN && it[i - 1]->kind == N_SCRIPT)
				g = 1;
			if (g == 0 && (is_wordish(tm, it[i - 1], true) ||
			    is_wordish(tm, it[i], false)) &&
			    cell_alnum(tm_box_get(&bx[i - 1], bx[i - 1].base,
			    bx[i - 1].w - 1)) &&
			    cell_alnum(tm_box_get(&bx[i], bx[i].base, 0)))
				g = 1;
			/* x_α y, not x_αy: show where the script ends */
			if (g == 0 && it[i - 1]->kind == N_SCRIPT &&
			    (it[i - 1]->fl & NF_FLAT) && (lc[i] == C_ORD ||
			    lc[i] == C_INNER) && !cell_is(tm_box_get(&bx[i],
			    bx[i].base, 0), "/"))
				g = 1;	/* but x_(ab)/y: the slash closes it */
			/* a slash binds what it divides: e^zₖ/∑ⱼ e^zⱼ, not
			 * "e^zₖ/ ∑ⱼ", though an operator wants room */
			if (is_slash(it[i - 1]) || is_slash(it[i]))
				g = 0;
		}
		gap[i] = has[i] ? (expl[i] > 0 ? expl[i] : 0) : g;
	}
	if (pos != NULL) {
		int col = 0;

		pos->n = n;
		pos->x0 = xcalloc((size_t)n + 1, sizeof *pos->x0);
		pos->x1 = xcalloc((size_t)n + 1, sizeof *pos->x1);
		for (i = 0; i < n; i++) {
			col += gap[i];
			pos->x0[i] = col;
			col += bx[i].w;
			pos->x1[i] = col;
		}
		pos->it = it;
		pos->lc = lc;
		pos->rc = rc;
		it = NULL;
		lc = rc = NULL;
	}
	out = box_hcat(tm, bx, gap, n);
	free(it);
	free(bx);
	free(gap);
	free(expl);
	free(lc);
	free(rc);
	free(has);
	free(unary);
	return out;
}

struct box
tm_lay_row(struct tm_state *tm, struct node *row, int style, bool lead)
{
	return tm_lay_row_at(tm, row, style, lead, NULL);
}

/* A column of delimiter pieces h rows high. */
static struct box
delim_col(struct tm_state *tm, int d, int h, int base)
{
	const struct delimdef *dd = &tm_delims[d];
	const char *top = tm->ascii ? dd->atop : dd->top;
	const char *ext = tm->ascii ? dd->aext : dd->ext;
	const char *mid = tm->ascii ? dd->amid : dd->mid;
	const char *bot = tm->ascii ? dd->abot : dd->bot;
	struct box b, piece;
	int w, r;

	if (h <= 1) {
		b = box_text(tm, tm->ascii ? dd->aflat : dd->flat);
		return b;
	}
	w = (int)text_width(top, strlen(top));
	b = tm_box_new(tm, w, h, base);
	for (r = 0; r < h && w > 0; r++) {
		const char *p = ext;

		if (d == D_LANGLE || d == D_RANGLE) {
			p = r < h / 2 ? top : r >= (h + 1) / 2 ? bot : mid;
		} else if (d == D_SLASH || d == D_BSLASH) {
			p = r == base ? mid : " ";
		} else if (r == 0)
			p = top;
		else if (r == h - 1)
			p = bot;
		else if ((d == D_LBRACE || d == D_RBRACE) && r == (h - 1) / 2)
			p = mid;
		if ((d == D_LBRACE || d == D_RBRACE) && h == 2 && !tm->ascii)
			p = (r == 0) == (d == D_LBRACE) ? "⎰" : "⎱";
		piece = box_text(tm, p);
		tm_box_blit(&b, &piece, r, 0);
		tm_box_free(&piece);
	}
	return b;
}

static struct box
wrap_delims(struct tm_state *tm, struct box body, int l, int r)
{
	struct box bx[3];

	bx[0] = delim_col(tm, l, body.h, body.base);
	bx[1] = body;
	bx[2] = delim_col(tm, r, body.h, body.base);
	if (body.h > 1) {
		bx[0].base = bx[2].base = body.base;
	}
	return box_hcat(tm, bx, NULL, 3);
}

static int
count_items(struct node *n, struct node **only)
{
	int c = 0;

	*only = NULL;
	for (struct node *k = n->head; k != NULL; k = k->next)
		if (k->kind != N_SPACE) {
			c++;
			*only = k;
		} else
			c += 100;	/* an explicit space: never "one item" */
	return c;
}

static bool
is_differential(struct node *n)
{
	if (n->kind == N_SCRIPT)
		n = n->a;
	return n->kind == N_ATOM && (strcmp(n->text, "∂") == 0 ||
	    strcmp(n->text, "d") == 0);
}

static bool
is_paren(struct node *n, int cls)
{
	if (n->kind == N_SCRIPT && cls == C_CLOSE)
		n = n->a;
	return n->kind == N_ATOM && n->cls == cls;
}

/* Does an inline fraction part need parentheses: (a + b)/(c + d), a/(bc),
 * but x/2 and QKᵀ/√dₖ. */
static bool
frac_parens(struct node *n, bool den)
{
	struct node *only, *k, *first;
	int c, opens = 0;

	if (n->kind == N_FRAC || n->kind == N_ARRAY)
		return true;
	if (n->kind != N_ROW)
		return false;
	c = count_items(n, &only);
	if (c == 0)
		return false;
	if (c == 1)
		return frac_parens(only, den);
	/* already wrapped, (a + b) and (x - μ)², or a function applied,
	 * f(x): one unit either way */
	first = n->head;
	if (first->kind == N_ATOM && first->cls == C_ORD && first->next != NULL &&
	    is_paren(first->next, C_OPEN))
		first = first->next;
	if (is_paren(first, C_OPEN) && is_paren(n->tail, C_CLOSE)) {
		for (k = first; k != NULL; k = k->next)
			if (is_paren(k, C_OPEN) || is_paren(k, C_CLOSE))
				opens++;
		if (opens == 2)
			return false;
	}
	/* a differential reads as one unit: ∂L/∂w, dy/dx */
	if (den && c == 2 && is_differential(n->head))
		return false;
	if (den)
		return true;
	for (k = n->head; k != NULL; k = k->next) {
		int l, r;

		tm_node_cls(k, &l, &r);
		if ((l == C_BIN && k != n->head) || l == C_REL ||
		    l == C_PUNCT || l == C_OP || l == C_INNER)
			return true;
	}
	return false;
}

static struct box
parens_if(struct tm_state *tm, struct box b, bool yes)
{
	struct box bx[3];

	if (!yes)
		return b;
	bx[0] = box_text(tm, "(");
	bx[1] = b;
	bx[2] = box_text(tm, ")");
	return box_hcat(tm, bx, NULL, 3);
}

static struct box
lay_frac(struct tm_state *tm, struct node *n, int style)
{
	struct box num, den, out, bx[5];
	int w, st;

	if (style == ST_D && !(n->fl & NF_TSTYLE)) {
		tm->stacked = true;
		num = tm_lay(tm, n->a, ST_D);
		den = tm_lay(tm, n->b, ST_D);
		w = num.w > den.w ? num.w : den.w;
		if (n->fl & NF_BINOM) {
			out = tm_box_new(tm, w, num.h + den.h, 0);
			out.base = (out.h - 1) / 2;
			tm_box_blit(&out, &num, 0, (w - num.w) / 2);
			tm_box_blit(&out, &den, num.h, (w - den.w) / 2);
			tm_box_free(&num);
			tm_box_free(&den);
			return wrap_delims(tm, out, D_LPAREN, D_RPAREN);
		}
		/* the rule overhangs by a column each side, as in print: nested
		 * fractions then show which rule is the main one */
		w += 2;
		out = tm_box_new(tm, w, num.h + 1 + den.h, num.h);
		tm_box_blit(&out, &num, 0, (w - num.w) / 2);
		for (int c = 0; c < w; c++)
			box_put(&out, num.h, c, tm->ascii ? "-" : "─");
		tm_box_blit(&out, &den, num.h + 1, (w - den.w) / 2);
		tm_box_free(&num);
		tm_box_free(&den);
		return out;
	}
	st = style == ST_S ? ST_S : ST_T;
	num = tm_lay(tm, n->a, st);
	den = tm_lay(tm, n->b, st);
	if (n->fl & NF_BINOM) {
		bx[0] = box_text(tm, "(");
		bx[1] = num;
		bx[2] = box_text(tm, " choose ");
		bx[3] = den;
		bx[4] = box_text(tm, ")");
		return box_hcat(tm, bx, NULL, 5);
	}
	bx[0] = parens_if(tm, num, frac_parens(n->a, false));
	bx[1] = box_text(tm, "/");
	bx[2] = parens_if(tm, den, frac_parens(n->b, true));
	return box_hcat(tm, bx, NULL, 3);
}

/* A radicand that reads unambiguously after √ without a bar: √2, √dₖ. */
static bool
simple_item(struct node *n)
{
	struct node *only;

	switch (n->kind) {
	case N_ATOM: case N_DELIM: case N_ACCENT:
		return true;
	case N_SCRIPT:
		return n->a->kind == N_ATOM || n->a->kind == N_ACCENT;
	case N_ROW:
		return count_items(n, &only) == 1 && simple_item(only);
	default:
		return false;
	}
}

static bool box_convert(struct tm_state *, struct box *, bool);

#define ROOT_SLOPE	3	/* rows of a tall root's ╱ */

static struct box
lay_sqrt(struct tm_state *tm, struct node *n, int style)
{
	struct box body, idx = { 0, 1, 0, NULL }, out, bx[4];
	bool has_idx = n->b != NULL && !tm_row_is_empty(n->b);
	const char *rad = "√";
	int h, m, w, p;

	body = tm_lay(tm, n->a, style);
	if (has_idx) {
		idx = tm_lay(tm, n->b, ST_S);
		if (!tm->ascii && body.h == 1 && idx.w == 1 &&
		    cell_alnum(tm_box_get(&idx, 0, 0)) &&
		    strchr("34", tm_box_get(&idx, 0, 0)[0]) != NULL) {
			rad = tm_box_get(&idx, 0, 0)[0] == '3' ? "∛" : "∜";
			tm_box_free(&idx);
			has_idx = false;
		} else if (!tm->ascii && !box_convert(tm, &idx, true))
			idx = parens_if(tm, idx, true);
	}
	if (tm->ascii) {
		bx[0] = box_text(tm, "sqrt");
		if (has_idx) {
			struct box t[3] = { box_text(tm, "["), idx,
			    box_text(tm, "]") };

			bx[0] = box_pair(tm, bx[0], box_hcat(tm, t, NULL, 3));
		}
		if (body.h == 1)
			return box_pair(tm, bx[0], parens_if(tm, body, true));
		return box_pair(tm, bx[0], wrap_delims(tm, body, D_LPAREN,
		    D_RPAREN));
	}
	if (body.h == 1) {
		bx[0] = box_text(tm, rad);
		if (has_idx)
			bx[0] = box_pair(tm, idx, bx[0]);
		if (simple_item(n->a) || body.w == 0)
			return box_pair(tm, bx[0], body);
		if (style != ST_D)
			return box_pair(tm, bx[0], parens_if(tm, body, true));
		/* a bar over the radicand on the row above: the underscore
		 * sits low in its cell, so it meets the top of √ */
		tm->stacked = true;
		p = bx[0].w;
		out = tm_box_new(tm, p + body.w, 2, 1);
		for (int c = 0; c < body.w; c++)
			box_put(&out, 0, p + c, "_");
		tm_box_blit(&out, &bx[0], 1, 0);
		tm_box_blit(&out, &body, 1, p);
		tm_box_free(&bx[0]);
		tm_box_free(&body);
		return out;
	}
	/* tall: a ╱ climbing the left side, ╲ at its foot. The climb is at
	 * most ROOT_SLOPE rows, then a │ goes up the rest: a slope as tall as
	 * the radicand made nested roots grow in width as the square of
	 * their depth (fuzz-texmath: 64 \sqrt{ over 2,900 columns). */
	h = body.h;
	m = h < ROOT_SLOPE ? h : ROOT_SLOPE;
	p = m + 1;
	w = p + body.w;
	out = tm_box_new(tm, w, h + 1, body.base + 1);
	for (int c = p; c < w; c++)
		box_put(&out, 0, c, "_");
	for (int k = 1; k <= h - m; k++)
		box_put(&out, k, m, "│");
	for (int k = h - m + 1; k <= h; k++)
		box_put(&out, k, p - (k - (h - m)), "╱");
	box_put(&out, h, 0, "╲");
	tm_box_blit(&out, &body, 1, p);
	tm_box_free(&body);
	if (has_idx) {
		struct box t = tm_box_new(tm, idx.w + out.w, out.h, out.base);

		tm_box_blit(&t, &idx, out.h - 2, 0);
		tm_box_blit(&t, &out, 0, idx.w);
		tm_box_free(&idx);
		tm_box_free(&out);
		return t;
	}
	return out;
}

/* Turn a one-row box into Unicode super- or subscript characters, when
 * every one of them has such a form; otherwise leave it alone. */
static bool
box_convert(struct tm_state *tm, struct box *b, bool sup)
{
	const char **nc;
	uint32_t cp, to;

	if (tm->ascii || b->h != 1)
		return false;
	nc = xcalloc((size_t)b->w + 1, sizeof *nc);
	for (int c = 0; c < b->w; c++) {
		const char *s = tm_box_get(b, 0, c);
		size_t n;

		if (s == NULL || s == tm_cont || (n = strlen(s)) == 0)
			goto fail;
		if (text_decode(s, n, &cp) != n)
			goto fail;
		if ((to = tm_cp_script(cp, sup)) == 0)
			goto fail;
		nc[c] = to < 0x80 ? ascii_cell((int)to) : tm_enc(tm, to);
	}
	free(b->c);
	b->c = nc;
	return true;
fail:
	free(nc);
	return false;
}

/* x^(2k+q), but x_α and e^zᵢ; in ASCII e^(z_i), since e^z_i reads as
 * (e^z)_i. */
static bool
script_parens(struct tm_state *tm, struct node *n, const struct box *b, bool sup)
{
	struct node *only;

	if (b->w <= 1)
		return false;
	switch (n->kind) {
	case N_SCRIPT:
		/* x^(yᶻ): x^yᶻ would read (x^y)^z; but e^zᵢ */
		return tm->ascii || (sup ? n->c != NULL : n->b != NULL);
	case N_ATOM: case N_DELIM: case N_ACCENT: case N_SQRT:
		return false;
	case N_ROW:
		if (n->fl & (NF_PRIME | NF_WORD))
			return false;
		return count_items(n, &only) != 1 ||
		    script_parens(tm, only, b, sup);
	default:
		return true;
	}
}

/* How a script is set beside its base. */
enum script_mode {
	M_NONE = -1,
	M_CONV,		/* in superscript or subscript characters: x², xᵢ */
	M_FLAT,		/* on the row, after a caret: x^(a+b), x_B */
	M_LIFT		/* raised above or lowered below the row */
};

/* Display limits: the scripts of ∑ and lim stacked over and under it. */
static struct box
lay_limits(struct tm_state *tm, struct node *n, struct box base)
{
	struct box sub = { 0, 0, 0, NULL }, sup = { 0, 0, 0, NULL }, out;
	int w;

	tm->inlimits++;
	if (n->b != NULL)
		sub = tm_lay(tm, n->b, ST_S);
	if (n->c != NULL)
		sup = tm_lay(tm, n->c, ST_S);
	tm->inlimits--;
	if (n->b == NULL)
		sub.h = 0;
	if (n->c == NULL)
		sup.h = 0;
	if (n->b != NULL || n->c != NULL)
		tm->stacked = true;
	w = base.w;
	if (sub.w > w)
		w = sub.w;
	if (sup.w > w)
		w = sup.w;
	out = tm_box_new(tm, w, sup.h + base.h + sub.h, sup.h + base.base);
	tm_box_blit(&out, &sup, 0, (w - sup.w) / 2);
	tm_box_blit(&out, &base, sup.h, (w - base.w) / 2);
	tm_box_blit(&out, &sub, sup.h + base.h, (w - sub.w) / 2);
	tm_box_free(&sup);
	tm_box_free(&sub);
	tm_box_free(&base);
	return out;
}

/* Lay out the subscript (0) and superscript (1) in x[] and decide how
 * each is set. */
static void
script_modes(struct tm_state *tm, struct node *n, struct node *const scr[2],
    bool tall, bool lift, struct box x[2], int mode[2])
{
	for (int i = 0; i < 2; i++) {
		bool conv;

		x[i].c = NULL;
		mode[i] = M_NONE;
		if (scr[i] == NULL)
			continue;
		x[i] = tm_lay(tm, scr[i], ST_S);
		conv = !tm->ascii && box_convert(tm, &x[i], i == 1);
		if (tall)
			mode[i] = M_LIFT;
		else if (conv)
			mode[i] = M_CONV;
		else if (lift && i == 1)
			mode[i] = M_LIFT;
		else if (lift && (n->fl & NF_LAST) && x[i].w <= 3) {
			mode[i] = M_LIFT;
			tm->lastlow = true;
		} else {
			mode[i] = M_FLAT;
			tm->nflat += lift;
		}
	}
	/*
	 * A subscript goes below the row only at the end of the formula's
	 * outer row, and only a short one: anywhere else it leaves a hole in
	 * the baseline ("p̂  = ") and can land on a fraction rule or between
	 * brackets, and a long one reads as a line of its own, so it is
	 * written x_B; and where others are written so, the last one is too
	 * (texmath_render lays the formula out again). But when the superscript is raised the hole is there
	 * anyway, and both limits read alike below and above: ∫ with 0 under
	 * and ∞ over, not ∫₀ with ∞ over.
	 */
	if (!tall && lift && mode[1] == M_LIFT && mode[0] >= 0 &&
	    mode[0] != M_LIFT && (n->fl & NF_OUTER)) {
		tm_box_free(&x[0]);
		x[0] = tm_lay(tm, scr[0], ST_S);
		mode[0] = M_LIFT;
	}
}

/* Raise the superscript above the row's top (onto it when the base is
 * tall), lower the subscript likewise, at column col. Frees out and the
 * raised boxes. */
static struct box
lift_scripts(struct tm_state *tm, struct box out, struct box raised[2],
    const bool has_r[2], int col, bool tall)
{
	int rs, rb, top, bottom, w;
	struct box t;

	rs = tall && out.base > 0 ? 0 : -1;
	rb = tall && out.h - 1 > out.base ? out.h - 1 : out.h;
	top = has_r[1] && rs < 0 ? rs : 0;
	bottom = has_r[0] && rb > out.h - 1 ? rb : out.h - 1;
	w = out.w;
	if (has_r[0] && col + raised[0].w > w)
		w = col + raised[0].w;
	if (has_r[1] && col + raised[1].w > w)
		w = col + raised[1].w;
	t = tm_box_new(tm, w, bottom - top + 1, out.base - top);
	tm_box_blit(&t, &out, -top, 0);
	if (has_r[1]) {
		tm_box_blit(&t, &raised[1], rs - top, col);
		tm_box_free(&raised[1]);
	}
	if (has_r[0]) {
		tm_box_blit(&t, &raised[0], rb - top, col);
		tm_box_free(&raised[0]);
	}
	tm_box_free(&out);
	return t;
}

static struct box
lay_script(struct tm_state *tm, struct node *n, int style)
{
	struct box base, parts[3], raised[2], out, x[2];
	struct node *const scr[2] = { n->b, n->c };	/* sub, sup */
	bool tall, lift, flat = false, has_r[2] = { false, false };
	int np = 0, base_w, mode[2];

	base = tm_lay(tm, n->a, style);
	base_w = base.w;
	if (style == ST_D && ((n->fl & NF_LIMITS) || is_limits(n->a)))
		return lay_limits(tm, n, base);
	tall = style == ST_D && base.h > 1;
	lift = style == ST_D && !tm->ascii;
	script_modes(tm, n, scr, tall, lift, x, mode);
	parts[np++] = base;
	n->fl &= ~NF_FLAT;
	for (int i = 0; i < 2; i++) {
		bool sup = i == 1;

		if (mode[i] == M_CONV) {
			parts[np++] = x[i];
			continue;
		}
		if (mode[i] == M_LIFT) {
			raised[i] = x[i];
			has_r[i] = true;
			continue;
		}
		if (mode[i] != M_FLAT)
			continue;
		if (tm->ascii && (scr[i]->fl & NF_PRIME)) {
			parts[np++] = x[i];
			continue;
		}
		n->fl |= NF_FLAT;
		x[i] = parens_if(tm, x[i], script_parens(tm, scr[i], &x[i], sup));
		parts[np++] = box_pair(tm, box_text(tm, sup ? "^" : "_"), x[i]);
		flat = true;
	}
	out = box_hcat(tm, parts, NULL, np);
	if (!has_r[0] && !has_r[1])
		return out;
	/* right after the base, over and under a script beside it (σ² over
	 * B), but after x_B */
	return lift_scripts(tm, out, raised, has_r, flat ? out.w : base_w, tall);
}

static struct box
lay_accent(struct tm_state *tm, struct node *n, int style)
{
	const struct accent *ac = &tm_accents[n->n];
	struct box b = tm_lay(tm, n->a, style), out, bx[4];
	const char *over = tm->ascii ? ac->aover : ac->over;
	bool under = (n->fl & NF_UNDER) != 0, full;

	if (b.w == 0) {
		tm_box_free(&b);
		return box_text(tm, over);
	}
	if (b.h == 1 && tm->ascii) {
		bx[0] = box_text(tm, ac->name);
		bx[1] = box_text(tm, "(");
		bx[2] = b;
		bx[3] = box_text(tm, ")");
		return box_hcat(tm, bx, NULL, 4);
	}
	if (b.h == 1) {
		for (int c = 0; c < b.w; c++) {
			const char *s = tm_box_get(&b, 0, c);
			const char *nfc = s != NULL && s != tm_cont ?
			    tm_compose(s, ac->mark) : NULL;

			if (nfc != NULL)
				box_put(&b, 0, c, nfc);
			else if (s != NULL && s != tm_cont)
				box_put(&b, 0, c, tm_cat(tm, s, ac->mark));
		}
		return b;
	}
	/* over a tall box: a row of its own */
	full = strcmp(over, "_") == 0;
	out = tm_box_new(tm, b.w, b.h + 1, b.base + (under ? 0 : 1));
	tm_box_blit(&out, &b, under ? 0 : 1, 0);
	{
		struct box a = full ? box_repeat(tm, "_", b.w) : box_text(tm, over);

		tm_box_blit(&out, &a, under ? b.h : 0, full ? 0 : (b.w - a.w) / 2);
		tm_box_free(&a);
	}
	tm_box_free(&b);
	return out;
}

static struct box
lay_brace(struct tm_state *tm, struct node *n, int style)
{
	struct box b = tm_lay(tm, n->a, style), out, row;
	bool under = (n->fl & NF_UNDER) != 0;

	if (style != ST_D || b.w == 0)
		return b;
	tm->stacked = true;
	if (tm->ascii || b.w < 3)
		row = box_repeat(tm, tm->ascii ? "-" : "─", b.w);
	else {
		row = box_repeat(tm, "─", b.w);
		box_put(&row, 0, 0, under ? "╰" : "╭");
		box_put(&row, 0, b.w - 1, under ? "╯" : "╮");
		box_put(&row, 0, b.w / 2, under ? "┬" : "┴");
	}
	out = tm_box_new(tm, b.w, b.h + 1, b.base + (under ? 0 : 1));
	tm_box_blit(&out, &b, under ? 0 : 1, 0);
	tm_box_blit(&out, &row, under ? b.h : 0, 0);
	tm_box_free(&row);
	tm_box_free(&b);
	return out;
}

static char
col_align(struct node *n, int c)
{
	switch (n->n) {
	case A_CASES:
		return 'l';
	case A_ALIGNED:
		return c % 2 == 0 ? 'r' : 'l';
	case A_ARRAY:
		if (n->align != NULL) {
			int k = 0;

			for (const char *p = n->align; *p != '\0'; p++) {
				if (*p == '{') {	/* p{3cm}, @{} */
					while (*p != '\0' && *p != '}')
						p++;
					if (*p == '\0')
						break;
					continue;
				}
				if (strchr("lcr", *p) != NULL && k++ == c)
					return *p;
			}
		}
		return 'c';
	default:
		return 'c';
	}
}

/* Where an array's spec puts vertical rules: v[k] before column k, v[cols]
 * after the last. */
static void
col_rules(const struct node *n, int cols, bool *v)
{
	int k = 0;

	if (n->n != A_ARRAY || n->align == NULL)
		return;
	for (const char *p = n->align; *p != '\0' && k <= cols; p++) {
		if (*p == '{') {
			while (*p != '\0' && *p != '}')
				p++;
			if (*p == '\0')
				break;
		} else if (*p == '|')
			v[k] = true;
		else if (strchr("lcr", *p) != NULL)
			k++;
	}
}

/* Whether a cell holds only \hline marks (and whether it has one first). */
static bool
hline_only(const struct node *cell)
{
	const struct node *k;

	if (cell == NULL || cell->kind != N_ROW || cell->head == NULL)
		return false;
	for (k = cell->head; k != NULL; k = k->next)
		if (k->kind != N_ATOM || !(k->fl & NF_HLINE))
			return false;
	return true;
}

static bool
hline_first(const struct node *cell)
{
	return cell != NULL && cell->kind == N_ROW && cell->head != NULL &&
	    cell->head->kind == N_ATOM && (cell->head->fl & NF_HLINE);
}

static bool
hline_last(const struct node *line)
{
	const struct node *cell = line->tail;

	return cell != NULL && cell->kind == N_ROW && cell->tail != NULL &&
	    cell->tail->kind == N_ATOM && (cell->tail->fl & NF_HLINE);
}

/* The rules of a 2-D array: \hline rows and | columns, joined where they
 * cross. x[k] is the column of vertical rule k, or -1. */
static void
draw_rules(struct tm_state *tm, struct box *out, const bool *hl, int rows,
    const int *rowy, const int *x, int nx)
{
	const bool a = tm->ascii;

	for (int r = 0; r <= rows; r++) {
		int y = rowy[r];

		if (!hl[r])
			continue;
		for (int c = 0; c < out->w; c++)
			box_put(out, y, c, a ? "-" : "─");
		for (int k = 0; k < nx; k++) {
			const char *j;

			if (x[k] < 0)
				continue;
			bool l = x[k] == 0, rt = x[k] == out->w - 1;

			if (a)
				j = "+";
			else if (r == 0)
				j = l ? "┌" : rt ? "┐" : "┬";
			else if (r == rows)
				j = l ? "└" : rt ? "┘" : "┴";
			else
				j = l ? "├" : rt ? "┤" : "┼";
			box_put(out, y, x[k], j);
		}
	}
	for (int y = 0; y < out->h; y++) {
		bool rule = false;

		for (int r = 0; r <= rows; r++)
			rule |= hl[r] && rowy[r] == y;
		if (rule)
			continue;
		for (int k = 0; k < nx; k++)
			if (x[k] >= 0)
				box_put(out, y, x[k], a ? "|" : "│");
	}
}

static struct box
lay_array(struct tm_state *tm, struct node *n, int style)
{
	struct node *line, *cell;
	struct box *cb, out;
	int rows = 0, cols = 0, r, c, *colw, *above, *below, *colx, y, st;
	int kind = n->n, *vx, *rowy;
	bool *vr, *hl, ruled = false;

	for (line = n->head; line != NULL; line = line->next) {
		rows++;
		if (line->count > cols)
			cols = line->count;
	}
	if (cols == 0)
		cols = 1;
	st = style == ST_D ? ST_D : style;
	cb = xcalloc((size_t)rows * cols + 1, sizeof *cb);
	for (line = n->head, r = 0; line != NULL; line = line->next, r++) {
		bool prev_empty = true;

		for (cell = line->head, c = 0; c < cols; c++) {
			bool lead = kind == A_ALIGNED && c % 2 == 1 &&
			    (style == ST_D || !prev_empty);

			if (cell == NULL) {
				cb[r * cols + c] = tm_box_new(tm, 0, 1, 0);
				continue;
			}
			cb[r * cols + c] = cell->kind == N_ROW ?
			    tm_lay_row(tm, cell, st, lead) : tm_lay(tm, cell, st);
			prev_empty = cb[r * cols + c].w == 0;
			cell = cell->next;
		}
	}
	if (style != ST_D && !(kind == A_SUBSTACK && tm->inlimits > 0)) {
		/* one line: a, b; c, d */
		int nb = 0, cap = rows * cols * 2 + 4;
		struct box *bx = xcalloc((size_t)cap, sizeof *bx);
		const char *csep = kind == A_CASES ? " " : kind == A_GATHER ?
		    "  " : ", ";

		if (kind == A_CASES)
			bx[nb++] = box_text(tm, "{ ");
		else
			bx[nb++] = box_text(tm, tm->ascii ?
			    tm_delims[n->ld].aflat : tm_delims[n->ld].flat);
		for (r = 0; r < rows; r++) {
			int last = cols - 1;

			while (last > 0 && cb[r * cols + last].w == 0)
				last--;
			if (r > 0)
				bx[nb++] = box_text(tm, kind == A_SUBSTACK ?
				    ", " : "; ");
			for (c = 0; c <= last; c++) {
				if (c > 0 && kind != A_ALIGNED)
					bx[nb++] = box_text(tm, csep);
				else if (c > 0 && c % 2 == 0)
					bx[nb++] = box_text(tm, "  ");
				bx[nb++] = cb[r * cols + c];
				cb[r * cols + c].c = NULL;
			}
			for (; c < cols; c++)
				tm_box_free(&cb[r * cols + c]);
		}
		if (kind == A_CASES)
			bx[nb++] = box_text(tm, " }");
		else
			bx[nb++] = box_text(tm, tm->ascii ?
			    tm_delims[n->n2].aflat : tm_delims[n->n2].flat);
		out = box_hcat(tm, bx, NULL, nb);
		free(bx);
		free(cb);
		return out;
	}
	if (rows > 1)
		tm->stacked = true;
	vr = xcalloc((size_t)cols + 1, sizeof *vr);
	vx = xcalloc((size_t)cols + 1, sizeof *vx);
	hl = xcalloc((size_t)rows + 1, sizeof *hl);
	rowy = xcalloc((size_t)rows + 1, sizeof *rowy);
	for (c = 0; c <= cols; c++)
		vx[c] = -1;
	col_rules(n, cols, vr);
	for (line = n->head, r = 0; line != NULL; line = line->next, r++) {
		if (hline_first(line->head))
			hl[r] = true;
		if (hline_last(line) && line->next == NULL)
			hl[rows] = true;
	}
	/* "\\ \hline \end{array}": the last line is only the rule */
	if (rows > 1) {
		for (line = n->head; line->next != NULL; line = line->next)
			;
		if (line->count == 1 && hline_only(line->head)) {
			for (c = 0; c < cols; c++)
				tm_box_free(&cb[(rows - 1) * cols + c]);
			rows--;
			hl[rows] = true;
		}
	}
	for (c = 0; c <= cols; c++)
		ruled |= vr[c];
	for (r = 0; r <= rows; r++)
		ruled |= hl[r];
	colw = xcalloc((size_t)cols, sizeof *colw);
	colx = xcalloc((size_t)cols, sizeof *colx);
	above = xcalloc((size_t)rows, sizeof *above);
	below = xcalloc((size_t)rows, sizeof *below);
	for (r = 0; r < rows; r++)
		for (c = 0; c < cols; c++) {
			struct box *b = &cb[r * cols + c];

			if (b->w > colw[c])
				colw[c] = b->w;
			if (b->base > above[r])
				above[r] = b->base;
			if (b->h - 1 - b->base > below[r])
				below[r] = b->h - 1 - b->base;
		}
	{
		int w = 0, h = 0;

		for (c = 0; c < cols; c++) {
			if (c == 0 && vr[0])
				vx[0] = w, w += 2;
			else if (c > 0 && vr[c])
				w += 1, vx[c] = w, w += 2;
			else if (c > 0)
				w += kind == A_ALIGNED && c % 2 == 1 ? 0 : 2;
			colx[c] = w;
			w += colw[c];
		}
		if (vr[cols])
			w += 1, vx[cols] = w, w += 1;
		for (r = 0; r < rows; r++) {
			rowy[r] = h;
			h += hl[r];
			h += above[r] + below[r] + 1;
		}
		rowy[rows] = h;
		h += hl[rows];
		out = tm_box_new(tm, w, h, rows == 1 && !hl[0] ? above[0] :
		    (h - 1) / 2);
	}
	for (r = 0, y = 0; r < rows; r++) {
		y += hl[r];
		for (c = 0; c < cols; c++) {
			struct box *b = &cb[r * cols + c];
			char al = col_align(n, c);
			int x = colx[c];

			if (al == 'r')
				x += colw[c] - b->w;
			else if (al == 'c')
				x += (colw[c] - b->w) / 2;
			tm_box_blit(&out, b, y + above[r] - b->base, x);
			tm_box_free(b);
		}
		y += above[r] + below[r] + 1;
	}
	if (ruled)
		draw_rules(tm, &out, hl, rows, rowy, vx, cols + 1);
	free(vr);
	free(vx);
	free(hl);
	free(rowy);
	free(colw);
	free(colx);
	free(above);
	free(below);
	free(cb);
	if (n->ld != D_NONE || n->n2 != D_NONE)
		out = wrap_delims(tm, out, n->ld, n->n2);
	return out;
}

struct box
tm_lay(struct tm_state *tm, struct node *n, int style)
{
	struct box b;

	if (tm->big)
		return tm_box_new(tm, 0, 1, 0);
	switch (n->kind) {
	case N_ROW:
		return tm_lay_row(tm, n, style, false);
	case N_ATOM:
		return box_text(tm, n->text);
	case N_SPACE:
		return tm_box_new(tm, n->n > 0 ? n->n : 0, 1, 0);
	case N_FRAC:
		return lay_frac(tm, n, style);
	case N_SQRT:
		return lay_sqrt(tm, n, style);
	case N_SCRIPT:
		return lay_script(tm, n, style);
	case N_ACCENT:
		return lay_accent(tm, n, style);
	case N_DELIM:
		b = tm_lay(tm, n->a, style);
		return wrap_delims(tm, b, n->n, n->n2);
	case N_ARRAY:
		return lay_array(tm, n, style);
	case N_BRACE:
		return lay_brace(tm, n, style);
	}
	return tm_box_new(tm, 0, 1, 0);
}

/* Mark the scripts of the outer row, and the one that ends it: only
 * there may a display lower a subscript (see lay_script). */
void
tm_mark_outer(struct node *root)
{
	struct node *k, *last = NULL;

	if (root->kind == N_SCRIPT) {
		root->fl |= NF_OUTER | NF_LAST;
		return;
	}
	if (root->kind != N_ROW)
		return;
	for (k = root->head; k != NULL; k = k->next) {
		if (k->kind == N_SCRIPT)
			k->fl |= NF_OUTER;
		if (k->kind != N_SPACE)
			last = k;
	}
	if (last != NULL && last->kind == N_SCRIPT)
		last->fl |= NF_LAST;
}

void
tm_unmark_last(struct node *root)
{
	if (root->kind == N_SCRIPT)
		root->fl &= ~NF_LAST;
	else if (root->kind == N_ROW && root->tail != NULL)
		for (struct node *k = root->head; k != NULL; k = k->next)
			k->fl &= ~NF_LAST;
}
