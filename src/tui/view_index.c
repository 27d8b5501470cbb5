/* view_index.c - the A-Z index: a window of rows paged from SQLite.
 *
 * Only the visible rows are ever loaded, with keyset cursors (sortkey,
 * key), so a million terms open as fast as thirty. The position counter
 * is kept by arithmetic on moves and asked of the database on jumps. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

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

void
index_free(struct index *ix)
{
	index_clear(ix);
	free(ix->rows);
	free(ix->category);
	ix->rows = NULL;
	ix->category = NULL;
}

static int
pane_h(const struct tui *t)
{
	return t->ip.h > 0 ? t->ip.h : 1;
}

const struct term_ref *
index_selected(const struct tui *t)
{
	return t->ix.n > 0 ? &t->ix.rows[t->ix.sel] : NULL;
}

/* The letter counts, and where '#' sits in the letter bar: where its
 * terms sort. Digits sort before a, other scripts after z (sort keys are
 * lowercased bytes, text_slug), so the '#' group is at the start of the
 * index or at its end, and the bar says which: '#' first when its first
 * term sorts before the letters (or there is none), last otherwise. */
static void
index_count(struct tui *t)
{
	struct index *ix = &t->ix;
	struct term_ref r;

	ix->total = corpus_letter_counts(t->c, ix->category, ix->counts);
	ix->hash_last = false;
	if (ix->counts[26] > 0 &&
	    corpus_page(t->c, NULL, 0, '#', ix->category, &r, 1) == 1) {
		ix->hash_last = (unsigned char)r.sortkey[0] > 'z';
		term_ref_free(&r);
	}
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
index_letter(struct tui *t, char letter)
{
	struct term_ref r;

	if (corpus_page(t->c, NULL, 0, letter, t->ix.category, &r, 1) == 0) {
		tui_message(t, true, "no terms under %c%s%s", letter,
		    t->ix.category ? " in " : "",
		    t->ix.category ? t->ix.category : "");
		return;
	}
	index_place(t, r.sortkey, r.key, 0);
	term_ref_free(&r);
}

/* Jump to the first term whose sort key starts with the typed prefix.
 * The first row at or after the prefix is looked at before the window
 * moves: when it does not start with the prefix, no term does, and the
 * selection stays on the last match (as in a file manager), rather than
 * landing on whatever sorts next. */
void
index_typeahead(struct tui *t)
{
	struct index *ix = &t->ix;
	char *sk = corpus_sortkey(ix->ta);
	struct term_ref r;

	if (sk[0] == '\0') {
		free(sk);
		return;
	}
	if (corpus_page(t->c, sk, 0, 0, ix->category, &r, 1) == 0) {
		tui_message(t, true, "no term starts with \"%s\"", ix->ta);
		free(sk);
		return;
	}
	if (strncmp(r.sortkey, sk, strlen(sk)) != 0)
		tui_message(t, true, "no term starts with \"%s\"", ix->ta);
	else
		index_place(t, r.sortkey, r.key, 0);
	term_ref_free(&r);
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

/* The selection is a marker in the gutter column before the headword
 * (`set cursor arrow`, the default) or a full-width bar (`bar`). A move
 * with the marker rewrites two cells and no attributes change, so Down
 * costs less than less's one line (bytes.vt); the bar rewrites both rows
 * whole. Without focus (wide layout, the definition focused) the marker
 * stays and the headword is underlined, as the idle bar is. */
void
index_draw(struct tui *t, const struct pane *p)
{
	struct index *ix = &t->ix;
	bool active = t->focus == FOCUS_INDEX || !t->wide;
	size_t i;

	if (ix->n == 0) {
		disp_str(p->y, p->x + 1, p->w - 1, ix->category != NULL ?
		    "(no terms in this category)" : "(the glossary is empty)",
		    disp_role(ROLE_META));
		return;
	}
	for (i = 0; i < ix->n && (int)i < p->h; i++) {
		const struct term_ref *r = &ix->rows[i];
		int y = p->y + (int)i;
		char prev = i > 0 ? ix->rows[i - 1].letter : ix->prev_letter;
		attr_t a = disp_role(ROLE_NORMAL);

		if (i == ix->sel && t->cursor_bar) {
			a = disp_role(active ? ROLE_SELECT : ROLE_SELECT_IDLE);
			disp_fill(y, p->x + 2, p->w - 2, a);
		} else if (i == ix->sel) {
			disp_str(y, p->x + 1, 1, disp_glyph(GLYPH_MARK),
			    disp_role(ROLE_MARK));
			if (!active)
				a = disp_role(ROLE_SELECT_IDLE);
		}
		if (r->letter != prev || i == 0) {
			char g[2] = { r->letter, '\0' };

			/* The top row's letter when the group began above:
			 * plain, not dimmed, as it is rewritten on every
			 * scroll (a colour there cost 22 of 79 bytes). */
			disp_str(y, p->x, 1, g, disp_role(r->letter != prev ?
			    ROLE_GUTTER : ROLE_NORMAL));
		}
		/* Cut with an ellipsis: a cut without one reads as the
		 * whole headword. */
		disp_str_cut(y, p->x + 2, p->w - 3, r->headword, a);
	}
}

bool
index_key(struct tui *t, enum action a, int key)
{
	int h = pane_h(t);

	(void)key;
	switch (a) {
	case ACT_DOWN:
		index_step(t, 1);
		break;
	case ACT_UP:
		index_step(t, -1);
		break;
	case ACT_PAGE_DOWN:
		index_step(t, h - 1 > 0 ? h - 1 : 1);
		break;
	case ACT_PAGE_UP:
		index_step(t, -(h - 1 > 0 ? h - 1 : 1));
		break;
	case ACT_TOP:
		index_place(t, NULL, 0, 0);
		break;
	case ACT_BOTTOM:
		/* Sorts after every valid sort key: the past-the-end branch. */
		index_place(t, "\xf4\x8f\xbf\xbf", 0, h - 1);
		break;
	case ACT_OPEN:
	case ACT_FOCUS_DETAIL:
		t->focus = FOCUS_DETAIL;
		return true;
	case ACT_CANCEL:
		/* Esc: type-ahead and a pending letter jump were ended before
		 * the key got here, and every key clears the message; what is
		 * left to undo is the category filter. Nothing else: Esc is
		 * no way out of lore (q is). */
		if (t->ix.category != NULL) {
			index_set_category(t, NULL);
			tui_message(t, false, "category filter cleared");
		}
		return true;
	default:
		return false;
	}
	if (index_selected(t) != NULL)
		tui_visit(t, index_selected(t)->key);
	return true;
}
