/* view_search.c - the regex prompt with live results.
 *
 * Every edit recompiles the pattern; the scan runs when the loop is idle
 * and stops as soon as a key is waiting, so typing never queues behind
 * stale work. A bad pattern keeps the last good results on screen and
 * points at the error offset under the prompt. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "text.h"
#include "tui-int.h"
#include "util.h"

#define SEARCH_MAX_HITS	1000

static void
hits_clear(struct search_view *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->hits[i].headword);
		free(s->hits[i].line);
	}
	s->n = s->sel = s->top = 0;
	s->truncated = false;
}

void
search_ui_free(struct search_view *s)
{
	hits_clear(s);
	free(s->hits);
	s->hits = NULL;
	s->cap = 0;
	search_free(s->re);
	search_free(s->last);
	s->re = s->last = NULL;
}

static unsigned
search_flags(const struct search_view *s)
{
	return SEARCH_SMARTCASE | (s->headwords_only ? SEARCH_HEADWORDS_ONLY :
	    0);
}

static void
recompile(struct tui *t)
{
	struct search_view *s = &t->su;

	search_free(s->re);
	s->re = NULL;
	s->bad = false;
	s->pat[s->len] = '\0';
	if (s->len > 0) {
		s->re = search_compile(s->pat, search_flags(s), s->err,
		    sizeof s->err, &s->erroff);
		s->bad = s->re == NULL;
	}
	s->stale = true;
}

void
search_ui_open(struct tui *t)
{
	t->mode = MODE_SEARCH;
	recompile(t);
}

struct collect {
	struct search_row	*hits;
	size_t		 n, cap;
	bool		 truncated;
};

static bool
collect_hit(const struct search_hit *h, void *arg)
{
	struct collect *c = arg;

	if (c->n == SEARCH_MAX_HITS) {
		c->truncated = true;
		return false;
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->hits = xreallocarray(c->hits, c->cap, sizeof *c->hits);
	}
	c->hits[c->n].key = h->key;
	c->hits[c->n].headword = xstrdup(h->headword);
	/* The list shows the line as text, not its Markdown source. */
	c->hits[c->n].ms = h->mstart;
	c->hits[c->n].ml = h->mlen;
	c->hits[c->n].line = text_snippet(h->line, &c->hits[c->n].ms,
	    &c->hits[c->n].ml);
	c->hits[c->n++].lineno = h->lineno;
	return true;
}

/* Run the pending search into a fresh list; the old results stay on
 * screen until it completes. Left stale when a key cut it short: the
 * loop reads that key and comes back here. */
void
search_ui_update(struct tui *t)
{
	struct search_view *s = &t->su;
	struct collect col = { 0 };
	volatile int cancel = 0;
	long r;

	if (!s->stale)
		return;
	if (s->re == NULL) {
		/* Empty clears; a bad pattern keeps the last good list. */
		if (s->len == 0)
			hits_clear(s);
		s->stale = false;
		return;
	}
	if (disp_key_pending())
		return;
	disp_watch_input(&cancel);
	r = search_run(s->re, t->c, search_flags(s), collect_hit, &col,
	    &cancel, s->run_err, sizeof s->run_err);
	disp_unwatch_input();
	if (cancel) {
		struct search_view tmp = { .hits = col.hits, .n = col.n };

		hits_clear(&tmp);
		free(col.hits);
		return;
	}
	hits_clear(s);
	free(s->hits);
	s->hits = col.hits;
	s->n = col.n;
	s->cap = col.cap;
	s->truncated = col.truncated;
	if (r >= 0)
		s->run_err[0] = '\0';
	else if (s->run_err[0] == '\0')
		snprintf(s->run_err, sizeof s->run_err, "search failed");
	s->stale = false;
	if (s->n > 0)
		detail_show(t, s->hits[0].key);
	detail_matches(t);
}

/* The snippet with the match visible: cut on the left when the match
 * would fall off the right edge. */
static void
draw_snippet(int y, int x, int w, const struct search_row *h)
{
	const char *s = h->line;
	size_t len = strlen(s), start = 0, mw, before, col;
	int used = 0;

	if (h->ms > len || h->ms + h->ml > len)
		return;
	mw = text_width(s + h->ms, h->ml);
	before = text_width(s, h->ms);
	if (before + mw > (size_t)w && w > 8) {
		/* Skip columns so the match starts a third in. */
		size_t skip = before - (size_t)w / 3, wd;

		start = text_fit(s, h->ms, skip, &wd);
		used = disp_str(y, x, 1, disp_glyph(GLYPH_ELLIPSIS),
		    disp_role(ROLE_META));
	}
	col = (size_t)used;
	col += (size_t)disp_text(y, x + (int)col, w - (int)col, s + start,
	    h->ms - start, disp_role(ROLE_NORMAL));
	col += (size_t)disp_text(y, x + (int)col, w - (int)col, s + h->ms,
	    h->ml, disp_role(ROLE_MATCH));
	disp_text(y, x + (int)col, w - (int)col, s + h->ms + h->ml,
	    len - h->ms - h->ml, disp_role(ROLE_NORMAL));
}

/* Results: two rows each, the term and the matching line. */
void
search_ui_draw(struct tui *t, const struct pane *p)
{
	struct search_view *s = &t->su;
	size_t per = 2, vis = (size_t)(p->h > 0 ? p->h : 1) / per, i;

	if (vis == 0)
		vis = 1;
	if (s->sel < s->top)
		s->top = s->sel;
	else if (s->sel >= s->top + vis)
		s->top = s->sel - vis + 1;
	if (s->n == 0) {
		const char *m = s->stale && !s->bad ? "searching..." :
		    s->len == 0 ? "type a regular expression" :
		    s->run_err[0] ? s->run_err : "no matches";
		size_t len = strlen(m), w;
		int y = p->y;

		/* Wrapped: "pattern too complex ..." says what to do at
		 * its end. */
		while (len > 0 && y < p->y + p->h && p->w > 2) {
			size_t n = text_fit(m, len, (size_t)(p->w - 2), &w);

			if (n < len) {
				size_t b = n;

				while (b > 0 && m[b - 1] != ' ')
					b--;
				if (b > 0)
					n = b;
			}
			if (n == 0)
				break;
			disp_text(y++, p->x + 1, p->w - 2, m, n,
			    disp_role(s->run_err[0] ? ROLE_ERROR : ROLE_META));
			m += n;
			len -= n;
		}
		return;
	}
	for (i = 0; s->top + i < s->n && i < vis; i++) {
		const struct search_row *h = &s->hits[s->top + i];
		int y = p->y + (int)(i * per);
		attr_t a = s->top + i == s->sel ? disp_role(ROLE_SELECT) :
		    disp_role(ROLE_BOLD);

		if (s->top + i == s->sel)
			disp_fill(y, p->x, p->w, a);
		disp_str(y, p->x + 1, p->w - 1, h->headword, a);
		if (h->lineno == 0 && strcmp(h->line, h->headword) == 0)
			draw_snippet(y + 1, p->x + 3, p->w - 3, h);
		else
			draw_snippet(y + 1, p->x + 3, p->w - 3, h);
	}
}

int
prompt_edit(char *buf, size_t *len, size_t cap, int key)
{
	size_t n = *len;

	if (key == KEYC_BS) {
		while (n > 0 && ((unsigned char)buf[--n] & 0xc0) == 0x80)
			;
	} else if (key == KEYC_CTRL('U'))
		n = 0;
	else if (key == KEYC_CTRL('W')) {
		while (n > 0 && buf[n - 1] == ' ')
			n--;
		while (n > 0 && buf[n - 1] != ' ')
			n--;
	} else if (key >= 0x20 && key < KEYC_BASE && key != 0x7f) {
		char u[4];
		size_t ul = text_encode((uint32_t)key, u);

		if (n + ul >= cap - 1)
			return -1;
		memcpy(buf + n, u, ul);
		n += ul;
	} else
		return 0;
	*len = n;
	buf[n] = '\0';
	return 1;
}

bool
search_ui_key(struct tui *t, enum action a, int key)
{
	struct search_view *s = &t->su;

	switch (a) {
	case ACT_OPEN:
		if (s->bad) {
			/* Said where the caret is, so Enter is not a key
			 * that does nothing. */
			tui_message(t, true, "cannot open: %s", s->err);
			return true;
		}
		search_ui_update(t);
		if (s->n == 0) {
			tui_message(t, true, "no matches");
			return true;
		}
		search_free(s->last);
		s->last = s->re;
		s->re = NULL;
		t->mode = MODE_BROWSE;
		t->focus = FOCUS_DETAIL;
		tui_follow(t, s->hits[s->sel].key);
		detail_matches(t);
		/* Land on the first match of the opened term. */
		detail_key(t, ACT_NEXT_MATCH, 0);
		recompile(t);
		return true;
	case ACT_CANCEL:
		t->mode = MODE_BROWSE;
		if (index_selected(t) != NULL)
			detail_show(t, index_selected(t)->key);
		detail_matches(t);
		return true;
	case ACT_SCOPE:
		s->headwords_only = !s->headwords_only;
		recompile(t);
		tui_message(t, false, "searching %s", s->headwords_only ?
		    "headwords and aliases only" : "headwords, aliases and "
		    "definitions");
		return true;
	case ACT_DOWN:
		if (s->sel + 1 < s->n)
			s->sel++;
		break;
	case ACT_UP:
		if (s->sel > 0)
			s->sel--;
		break;
	case ACT_PAGE_DOWN:
		s->sel = s->sel + 10 < s->n ? s->sel + 10 :
		    (s->n > 0 ? s->n - 1 : 0);
		break;
	case ACT_PAGE_UP:
		s->sel = s->sel > 10 ? s->sel - 10 : 0;
		break;
	default:
		/* Text editing: the prompt takes printable keys. */
		if (key == KEYC_BS && s->len == 0) {
			t->mode = MODE_BROWSE;
			return true;
		}
		switch (prompt_edit(s->pat, &s->len, sizeof s->pat, key)) {
		case 0:
			return false;
		case -1:
			tui_message(t, true, "pattern too long");
			return true;
		}
		recompile(t);
		return true;
	}
	if (s->n > 0)
		detail_show(t, s->hits[s->sel].key);
	detail_matches(t);
	return true;
}
