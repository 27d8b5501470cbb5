/* view_index.c - the index: type to find, or the A-Z list, with the
 * selected term's definition beside it when the width holds both.
 *
 * With an empty find field the list is a window of rows paged from
 * SQLite with keyset cursors (sortkey, key), so a million terms open as
 * fast as thirty; the position counter is kept by arithmetic on moves
 * and asked of the database on jumps. Printable keys go into the find
 * field, and the list becomes the ranked matches (index_match). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lookup.h"
#include "text.h"
#include "tui-int.h"
#include "util.h"

static void
rows_free(struct term_ref *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		term_ref_free(&r[i]);
}

static void
index_clear(struct index *ix)
{
	rows_free(ix->rows, ix->n);
	ix->n = ix->sel = 0;
	ix->prev_letter = 0;
}

static void
hits_clear(struct index *ix)
{
	rows_free(ix->hits, ix->nhits);
	free(ix->hits);
	ix->hits = NULL;
	ix->nhits = ix->hsel = ix->htop = 0;
}

void
index_free(struct index *ix)
{
	index_clear(ix);
	hits_clear(ix);
	free(ix->rows);
	free(ix->category);
	ix->rows = NULL;
	ix->category = NULL;
}

static bool
finding(const struct index *ix)
{
	return ix->find.len > 0;
}

static int
pane_h(const struct tui *t)
{
	return t->ip.h > 0 ? t->ip.h : 1;
}

const struct term_ref *
index_selected(const struct tui *t)
{
	if (finding(&t->ix))
		return t->ix.nhits > 0 ? &t->ix.hits[t->ix.hsel] : NULL;
	return t->ix.n > 0 ? &t->ix.rows[t->ix.sel] : NULL;
}

static void
index_count(struct tui *t)
{
	size_t counts[27];

	t->ix.total = corpus_letter_counts(t->c, t->ix.category, counts);
}

void
index_open(struct tui *t)
{
	index_count(t);
	index_place(t, NULL, 0, 0);
}

/* Fill the window so the first row at or after (sortkey, key) sits on
 * screen row `row`; NULL sortkey means the very start. */
void
index_place(struct tui *t, const char *sortkey, int64_t key, int row)
{
	struct index *ix = &t->ix;
	int h = pane_h(t);
	struct term_ref *after, *before;
	size_t na, nb, nuse, want, i;

	index_clear(ix);
	ix->rows = xreallocarray(ix->rows, (size_t)h, sizeof *ix->rows);
	ix->h = h;
	after = xcalloc((size_t)h, sizeof *after);
	before = xcalloc((size_t)h + 1, sizeof *before);
	na = corpus_page(t->c, sortkey, key - 1, 0, ix->category, after,
	    (size_t)h);
	if (na == 0) {
		/* Past the end: show the last screenful. */
		nb = corpus_page_before(t->c, NULL, 0, 0, ix->category, before,
		    (size_t)h + 1);
		nuse = nb > (size_t)h ? (size_t)h : nb;
		for (i = 0; i < nuse; i++)
			ix->rows[i] = before[nuse - 1 - i];
		ix->prev_letter = nb > nuse ? before[nuse].letter : 0;
		rows_free(before + nuse, nb - nuse);
		ix->n = nuse;
		ix->sel = nuse > 0 ? nuse - 1 : 0;
		ix->pos = ix->total > 0 ? ix->total - 1 : 0;
		goto done;
	}
	if (row < 0)
		row = 0;
	if (row >= h)
		row = h - 1;
	want = (size_t)row;
	if (na < (size_t)h - want)
		want = (size_t)h - na;
	nb = corpus_page_before(t->c, after[0].sortkey, after[0].key, 0,
	    ix->category, before, want + 1);
	nuse = nb > want ? want : nb;
	for (i = 0; i < nuse; i++)
		ix->rows[i] = before[nuse - 1 - i];
	ix->prev_letter = nb > nuse ? before[nuse].letter : 0;
	rows_free(before + nuse, nb - nuse);
	for (i = 0; i < na && nuse + i < (size_t)h; i++)
		ix->rows[nuse + i] = after[i];
	rows_free(after + i, na - i);
	ix->n = nuse + i;
	ix->sel = nuse;
	ix->pos = sortkey == NULL ? nuse : corpus_position(t->c,
	    ix->rows[nuse].sortkey, ix->rows[nuse].key, 0, ix->category);
done:
	free(after);
	free(before);
}

/* Move the selection by delta rows, scrolling the window with pages of
 * at most one screen fetched past its edge. */
void
index_step(struct tui *t, long delta)
{
	struct index *ix = &t->ix;
	size_t h = (size_t)pane_h(t), k, got, d, drop;
	struct term_ref *buf;

	if (ix->n == 0)
		return;
	if ((size_t)ix->h != h) {
		index_relayout(t);
		if (ix->n == 0)
			return;
	}
	buf = xcalloc(h + 1, sizeof *buf);
	while (delta > 0) {
		if (ix->sel + 1 < ix->n) {
			d = ix->n - 1 - ix->sel;
			if ((long)d > delta)
				d = (size_t)delta;
			ix->sel += d;
			ix->pos += d;
			delta -= (long)d;
			continue;
		}
		k = (size_t)delta < h ? (size_t)delta : h;
		got = corpus_page(t->c, ix->rows[ix->n - 1].sortkey,
		    ix->rows[ix->n - 1].key, 0, ix->category, buf, k);
		if (got == 0)
			break;
		drop = ix->n + got > h ? ix->n + got - h : 0;
		if (drop > 0) {
			ix->prev_letter = ix->rows[drop - 1].letter;
			rows_free(ix->rows, drop);
			memmove(ix->rows, ix->rows + drop,
			    (ix->n - drop) * sizeof *ix->rows);
			ix->n -= drop;
		}
		memcpy(ix->rows + ix->n, buf, got * sizeof *buf);
		ix->n += got;
		ix->sel = ix->n - 1;
		ix->pos += got;
		delta -= (long)got;
	}
	while (delta < 0) {
		if (ix->sel > 0) {
			d = ix->sel;
			if ((long)d > -delta)
				d = (size_t)-delta;
			ix->sel -= d;
			ix->pos -= d;
			delta += (long)d;
			continue;
		}
		k = (size_t)-delta < h ? (size_t)-delta : h;
		/* One more than needed tells the letter above the window. */
		got = corpus_page_before(t->c, ix->rows[0].sortkey,
		    ix->rows[0].key, 0, ix->category, buf, k + 1);
		if (got == 0)
			break;
		if (got > k) {
			ix->prev_letter = buf[k].letter;
			term_ref_free(&buf[k]);
			got = k;
		} else
			ix->prev_letter = 0;
		drop = ix->n + got > h ? ix->n + got - h : 0;
		rows_free(ix->rows + ix->n - drop, drop);
		ix->n -= drop;
		memmove(ix->rows + got, ix->rows, ix->n * sizeof *ix->rows);
		for (size_t i = 0; i < got; i++)
			ix->rows[i] = buf[got - 1 - i];
		ix->n += got;
		ix->sel = 0;
		ix->pos -= got;
		delta += (long)got;
	}
	free(buf);
}

/* After a resize: same selected term, on the same screen row if it
 * still fits. */
void
index_relayout(struct tui *t)
{
	struct index *ix = &t->ix;
	char *sk;
	int64_t key;
	int row;

	if (ix->n == 0) {
		index_place(t, NULL, 0, 0);
		return;
	}
	sk = xstrdup(ix->rows[ix->sel].sortkey);
	key = ix->rows[ix->sel].key;
	row = (int)ix->sel;
	if (row >= pane_h(t))
		row = pane_h(t) - 1;
	index_place(t, sk, key, row);
	free(sk);
}

void
index_goto_key(struct tui *t, int64_t key)
{
	struct index *ix = &t->ix;
	struct term tm;
	char err[256], *sk;
	int row;

	if (corpus_get(t->c, key, &tm, err, sizeof err) != CORPUS_OK)
		return;
	sk = corpus_sortkey(tm.headword);
	if (ix->category != NULL && strcmp(ix->category, tm.category) != 0) {
		/* The term is outside the filter: showing it wins. */
		tui_message(t, false, "category filter cleared");
		free(ix->category);
		ix->category = NULL;
		index_count(t);
	}
	row = ix->n > 0 ? (int)ix->sel : 0;
	if (row > pane_h(t) / 2)
		row = pane_h(t) / 2;
	index_place(t, sk, key, row);
	free(sk);
	term_free(&tm);
}

void
index_set_category(struct tui *t, const char *cat)
{
	struct index *ix = &t->ix;
	const struct term_ref *r = index_selected(t);
	char *sk = r != NULL ? xstrdup(r->sortkey) : NULL;
	int64_t key = r != NULL ? r->key : 0;

	free(ix->category);
	ix->category = cat != NULL ? xstrdup(cat) : NULL;
	index_count(t);
	index_place(t, sk, key, sk != NULL ? (int)ix->sel : 0);
	free(sk);
}

/* ---- type to find ---- */

#define FIND_MAX	60	/* matches listed: the best, a tall window of them */

/* The one function behind the find field: the terms matching q, best
 * first, as the lookup engine ranks them for `lore define` (exact name,
 * prefix, a word inside, initials and aliases: "ppo", "norm", typos).
 * Definitions are for / to search; the field finds names. Without the
 * engine (it could not be opened), headwords with the prefix, A-Z. */
static size_t
index_match(struct tui *t, const char *q, struct term_ref **out)
{
	struct term_ref *r = xcalloc(FIND_MAX, sizeof *r);
	size_t n = 0, got, i;

	if (t->lk != NULL) {
		struct lookup_hit *h = xcalloc(FIND_MAX, sizeof *h);

		got = lookup_query(t->lk, q, LOOKUP_INCREMENTAL |
		    LOOKUP_NO_BODY, h, FIND_MAX);
		for (i = 0; i < got; i++) {
			r[n].key = h[i].key;
			r[n].headword = xstrdup(h[i].headword);
			r[n].sortkey = corpus_sortkey(h[i].headword);
			r[n].letter = corpus_letter(r[n].sortkey);
			n++;
		}
		lookup_hits_free(h, got);
		free(h);
	} else {
		char *sk = corpus_sortkey(q);
		size_t skl = strlen(sk);

		if (skl > 0) {
			got = corpus_page(t->c, sk, 0, 0, NULL, r, FIND_MAX);
			for (i = 0; i < got; i++) {
				if (strncmp(r[i].sortkey, sk, skl) == 0)
					r[n++] = r[i];
				else
					term_ref_free(&r[i]);
			}
		}
		free(sk);
	}
	*out = r;
	return n;
}

static void
find_update(struct tui *t)
{
	struct index *ix = &t->ix;

	hits_clear(ix);
	if (!finding(ix))
		return;
	ix->nhits = index_match(t, ix->find.buf, &ix->hits);
}

/* The definition beside the list follows the selection. */
static void
follow(struct tui *t)
{
	const struct term_ref *r = index_selected(t);

	if (r != NULL)
		detail_show(t, r->key);
}

/* Esc: the field is emptied and the A-Z list shows the term that was
 * selected, so the definition beside it does not change. */
static void
find_clear(struct tui *t)
{
	const struct term_ref *r = index_selected(t);
	int64_t key = r != NULL ? r->key : 0;

	t->ix.find.len = t->ix.find.cur = 0;
	t->ix.find.buf[0] = '\0';
	hits_clear(&t->ix);
	if (key != 0)
		index_goto_key(t, key);
}

static void
hits_step(struct tui *t, long delta)
{
	struct index *ix = &t->ix;
	long s = (long)ix->hsel + delta;

	if (ix->nhits == 0)
		return;
	if (s < 0)
		s = 0;
	if (s >= (long)ix->nhits)
		s = (long)ix->nhits - 1;
	ix->hsel = (size_t)s;
}

/* ---- drawing ---- */

static void
draw_row(struct tui *t, const struct pane *p, int y, const char *headword,
    char letter, bool letter_shown, bool letter_first, bool selected)
{
	attr_t a = disp_role(ROLE_NORMAL);

	if (selected && t->cursor_bar) {
		a = disp_role(ROLE_SELECT);
		disp_fill(y, p->x + 2, p->w - 2, a);
	} else if (selected)
		disp_str(y, p->x + 1, 1, disp_glyph(GLYPH_MARK),
		    disp_role(ROLE_MARK));
	if (letter_shown) {
		char g[2] = { letter, '\0' };

		/* The top row's letter when the group began above: plain,
		 * not dimmed, as it is rewritten on every scroll (a colour
		 * there cost 22 of 79 bytes). */
		disp_str(y, p->x, 1, g, disp_role(letter_first ?
		    ROLE_GUTTER : ROLE_NORMAL));
	}
	/* Cut with an ellipsis: a cut without one reads as the whole
	 * headword. */
	disp_str_cut(y, p->x + 2, p->w - 3, headword, a);
}

/* The selection is a marker in the gutter column before the headword
 * (`set cursor arrow`, the default) or a full-width bar (`bar`). A move
 * with the marker rewrites two cells and no attributes change, so Down
 * costs less than less's one line (bytes.vt); the bar rewrites both rows
 * whole. */
void
index_draw(struct tui *t, const struct pane *p)
{
	struct index *ix = &t->ix;
	size_t i;

	if (finding(ix)) {
		size_t h = (size_t)(p->h > 0 ? p->h : 1);

		if (ix->nhits == 0) {
			disp_str(p->y, p->x + 2, p->w - 2, "(no term matches; "
			    "Esc clears, / searches the definitions)",
			    disp_role(ROLE_META));
			return;
		}
		if (ix->hsel < ix->htop)
			ix->htop = ix->hsel;
		else if (ix->hsel >= ix->htop + h)
			ix->htop = ix->hsel - h + 1;
		for (i = 0; ix->htop + i < ix->nhits && i < h; i++)
			draw_row(t, p, p->y + (int)i,
			    ix->hits[ix->htop + i].headword, 0, false, false,
			    ix->htop + i == ix->hsel);
		return;
	}
	if (ix->n == 0) {
		disp_str(p->y, p->x + 1, p->w - 1, ix->category != NULL ?
		    "(no terms in this category)" : "(the glossary is empty)",
		    disp_role(ROLE_META));
		return;
	}
	for (i = 0; i < ix->n && (int)i < p->h; i++) {
		const struct term_ref *r = &ix->rows[i];
		char prev = i > 0 ? ix->rows[i - 1].letter : ix->prev_letter;

		draw_row(t, p, p->y + (int)i, r->headword, r->letter,
		    r->letter != prev || i == 0, r->letter != prev,
		    i == ix->sel);
	}
}

bool
index_click(struct tui *t, int y)
{
	struct index *ix = &t->ix;
	long row = (long)(y - t->ip.y);

	if (row < 0)
		return false;
	if (finding(ix)) {
		if (ix->htop + (size_t)row >= ix->nhits)
			return false;
		ix->hsel = ix->htop + (size_t)row;
	} else {
		if ((size_t)row >= ix->n)
			return false;
		index_step(t, row - (long)ix->sel);
	}
	follow(t);
	return true;
}

/* The find field on the top row: what is typed, and how many match. */
static void
draw_find(struct tui *t)
{
	struct index *ix = &t->ix;
	char right[64];
	int rw, x;

	if (!finding(ix))
		snprintf(right, sizeof right, "%zu term%s%s%s ", ix->total,
		    ix->total == 1 ? "" : "s", ix->category ? " in " : "",
		    ix->category ? ix->category : "");
	else if (ix->nhits == 0)
		snprintf(right, sizeof right, "no match ");
	else
		snprintf(right, sizeof right, "%zu%s match%s ", ix->nhits,
		    ix->nhits == FIND_MAX ? "+" : "", ix->nhits == 1 ? "" :
		    "es");
	rw = (int)strlen(right);
	x = disp_str(0, 1, t->cols - 1, "Find: ", disp_role(ROLE_PROMPT)) + 1;
	if (rw + x + 12 > t->cols)
		rw = 0;
	if (!finding(ix)) {
		disp_fill(0, x, 1, disp_role(ROLE_SELECT));
		disp_str_cut(0, x + 2, t->cols - x - 3 - rw, "type to find",
		    disp_role(ROLE_META));
	} else
		lineed_draw(&ix->find, 0, x, t->cols - x - 1 - rw,
		    disp_role(ROLE_NORMAL));
	if (rw > 0)
		disp_str(0, t->cols - rw, rw, right, disp_role(ROLE_META));
}

static void
view_draw(struct tui *t)
{
	draw_find(t);
	index_draw(t, &t->ip);
	if (t->split) {
		for (int y = t->ip.y; y < t->ip.y + t->ip.h; y++)
			disp_str(y, t->ip.w, 1, disp_glyph(GLYPH_VLINE),
			    disp_role(ROLE_FRAME));
		detail_draw(t, &t->dp);
	}
}

static void
view_status(struct tui *t, int y)
{
	static const struct keyhint hints[] = {
		{ ACT_OPEN, "open" }, { ACT_HELP, "help" },
		{ ACT_SEARCH, "search" }, { ACT_QUIZ, "study" },
		{ ACT_QUIT, "quit" },
	};
	struct index *ix = &t->ix;
	char pos[96];

	/* Plain digits, as the marker is: a move rewrites only the
	 * digits that changed, with no attributes. */
	if (finding(ix))
		snprintf(pos, sizeof pos, "%zu/%zu", ix->nhits > 0 ?
		    ix->hsel + 1 : 0, ix->nhits);
	else
		snprintf(pos, sizeof pos, "%zu/%zu%s%s%s", ix->n > 0 ?
		    ix->pos + 1 : 0, ix->total, ix->category ? "  [" : "",
		    ix->category ? ix->category : "", ix->category ? "]" : "");
	tui_status(t, y, pos, hints, nitems(hints));
}

static int
view_typing(const struct tui *t)
{
	/* With the field empty, / ? = are commands; once a word has
	 * begun they are part of it ("A/B testing"). */
	return finding(&t->ix) ? 1 : 0;
}

static void
view_open(struct tui *t)
{
	(void)t;
}

static void
view_free(struct tui *t)
{
	index_free(&t->ix);
}

static bool
view_key(struct tui *t, enum action a, int key)
{
	struct index *ix = &t->ix;
	int h = pane_h(t);
	long page = h - 1 > 0 ? h - 1 : 1;

	switch (a) {
	case ACT_DOWN:
	case ACT_UP:
	case ACT_PAGE_DOWN:
	case ACT_PAGE_UP:
	case ACT_HALF_DOWN:
	case ACT_HALF_UP: {
		long d = a == ACT_DOWN ? 1 : a == ACT_UP ? -1 :
		    a == ACT_PAGE_DOWN ? page : a == ACT_PAGE_UP ? -page :
		    a == ACT_HALF_DOWN ? h / 2 : -(h / 2);

		if (finding(ix))
			hits_step(t, d);
		else
			index_step(t, d);
		break;
	}
	case ACT_TOP:
		if (finding(ix))
			ix->hsel = 0;
		else
			index_place(t, NULL, 0, 0);
		break;
	case ACT_BOTTOM:
		if (finding(ix))
			ix->hsel = ix->nhits > 0 ? ix->nhits - 1 : 0;
		else
			/* Sorts after every valid sort key: the
			 * past-the-end branch. */
			index_place(t, "\xf4\x8f\xbf\xbf", 0, h - 1);
		break;
	case ACT_OPEN:
		if (index_selected(t) == NULL) {
			tui_message(t, true, finding(ix) ? "no term matches "
			    "\"%s\"" : "nothing to open", ix->find.buf);
			return true;
		}
		tui_open_term(t, index_selected(t)->key);
		return true;
	case ACT_CANCEL:
		/* Esc clears the field, then the category filter; it is
		 * no way out of lore (F10 and C-q are). */
		if (finding(ix))
			find_clear(t);
		else if (ix->category != NULL) {
			index_set_category(t, NULL);
			tui_message(t, false, "category filter cleared");
		}
		break;
	case ACT_NONE:
		if (!lineed_takes(key))
			return false;
		/* No headword starts with a space. */
		if (key == ' ' && ix->find.cur == 0)
			return true;
		switch (lineed_key(&ix->find, key)) {
		case -1:
			tui_message(t, true, "that is long enough");
			return true;
		case 1:
			if (finding(ix))
				find_update(t);
			else
				find_clear(t);
			break;
		default:
			return true;
		}
		break;
	default:
		return false;
	}
	follow(t);
	return true;
}

const struct view_ops view_index_ops = {
	"INDEX", KCTX_INDEX, view_open, view_draw, view_key, view_status,
	view_typing, view_free,
};
