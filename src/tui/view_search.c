/* view_search.c - the regex prompt with live results, ranked.
 *
 * The prompt starts empty every time, edits like readline and keeps a
 * history (Up, Down); Enter opens the selected result, the first unless
 * another was chosen (C-n, C-p, Tab). Every edit recompiles the pattern; the scan runs when the loop is idle
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
	lhist_free(&s->hist);
}

static unsigned
search_flags(const struct search_view *s)
{
	/* Ranked: a name that matches before a definition that does. */
	return SEARCH_SMARTCASE | SEARCH_RANKED | (s->headwords_only ?
	    SEARCH_HEADWORDS_ONLY : 0);
}

static void
recompile(struct tui *t)
{
	struct search_view *s = &t->su;

	search_free(s->re);
	s->re = NULL;
	s->bad = false;
	if (s->ed.len > 0) {
		s->re = search_compile(s->ed.buf, search_flags(s), s->err,
		    sizeof s->err, &s->erroff);
		s->bad = s->re == NULL;
	}
	s->stale = true;
}

/* A fresh prompt every time: the last pattern is one Up away. */
static void
view_open(struct tui *t)
{
	struct search_view *s = &t->su;

	s->ed.len = s->ed.cur = 0;
	s->ed.buf[0] = '\0';
	lhist_reset(&s->hist);
	hits_clear(s);
	s->run_err[0] = '\0';
	recompile(t);
	tui_push(t, VIEW_SEARCH);
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
	struct search_row *r;

	if (c->n == SEARCH_MAX_HITS) {
		c->truncated = true;
		return false;
	}
	c->hits = xgrow(c->hits, c->n, &c->cap, 64, sizeof *c->hits);
	r = &c->hits[c->n++];
	memset(r, 0, sizeof *r);
	r->key = h->key;
	r->headword = xstrdup(h->headword);
	r->ms = h->mstart;
	r->ml = h->mlen;
	r->lineno = h->lineno;
	/* A match in the headword is marked there; the line under it is
	 * the start of the definition, read when it is first drawn. */
	r->named = h->where == SEARCH_IN_HEADWORD ||
	    h->where == SEARCH_IN_HEADWORD_START ||
	    h->where == SEARCH_IN_HEADWORD_WORD;
	/* The list shows the line as text, not its Markdown source. */
	if (h->where == SEARCH_IN_ALIAS) {
		/* As lore search prints it: why a term of another name
		 * matched. */
		static const char also[] = "also: ";
		struct buf b = { 0 };

		buf_adds(&b, also);
		buf_adds(&b, h->line);
		r->line = buf_take(&b);
		r->ms += sizeof also - 1;
	} else if (!r->named)
		r->line = text_snippet(h->line, &r->ms, &r->ml);
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
		if (s->ed.len == 0)
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

/* A headword hit's second line: the first line of its definition that
 * says something, as text. */
static void
load_gist(struct tui *t, struct search_row *h)
{
	char *body = corpus_body_head(t->c, h->key, 400), *p, *e;
	size_t ms = 0, ml = 0;

	h->gist = true;
	free(h->line);
	h->line = NULL;
	for (p = body; p != NULL && *p != '\0'; p = *e != '\0' ? e + 1 : e) {
		e = p + strcspn(p, "\n");
		while (p < e && (*p == ' ' || *p == '\t' || *p == '#'))
			p++;
		if (p < e && strncmp(p, "$$", 2) != 0) {
			*e = '\0';
			h->line = text_snippet(p, &ms, &ml);
			break;
		}
	}
	free(body);
}

/* The snippet with the match visible: cut on the left when the match
 * would fall off the right edge. A headword hit's gist has none. */
static void
draw_snippet(int y, int x, int w, const struct search_row *h)
{
	const char *s = h->line;
	size_t len, start = 0, mw, before, col;
	int used = 0;

	if (s == NULL)
		return;
	len = strlen(s);
	if (h->named) {
		disp_text(y, x, w, s, len, disp_role(ROLE_META));
		return;
	}
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
static void
results_draw(struct tui *t, const struct pane *p)
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
		    s->ed.len == 0 ? "type a word or a regular expression: "
		    "names that match first, then definitions" :
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
			while (len > 0 && *m == ' ')
				m++, len--;
		}
		return;
	}
	for (i = 0; s->top + i < s->n && i < vis; i++) {
		struct search_row *h = &s->hits[s->top + i];
		int y = p->y + (int)(i * per);
		attr_t a = s->top + i == s->sel ? disp_role(ROLE_SELECT) :
		    disp_role(ROLE_BOLD);
		size_t hl = strlen(h->headword);

		if (s->top + i == s->sel)
			disp_fill(y, p->x, p->w, a);
		if (h->named && h->ms <= hl && h->ml <= hl - h->ms) {
			int x = p->x + 1, w = p->w - 1;

			x += disp_text(y, x, w - (x - p->x - 1), h->headword,
			    h->ms, a);
			x += disp_text(y, x, w - (x - p->x - 1), h->headword +
			    h->ms, h->ml, disp_role(ROLE_MATCH));
			disp_text(y, x, w - (x - p->x - 1), h->headword + h->ms +
			    h->ml, hl - h->ms - h->ml, a);
		} else
			disp_str(y, p->x + 1, p->w - 1, h->headword, a);
		if (h->named && !h->gist)
			load_gist(t, h);
		draw_snippet(y + 1, p->x + 3, p->w - 3, h);
	}
}

/* ---- the prompt and the line(s) above it ---- */

/* The pattern scrolls so that the cursor stays on screen beside the
 * scope label, and what is said about it (the error with a caret under
 * its offset, or the count with a message) takes a second line when it
 * does not fit on one. */
struct sprompt {
	char	 right[32];	/* " [headwords] ", "" when it cannot fit */
	int	 rw;
	int	 caret;		/* column of the error caret, -1: no error */
	char	 info[256];	/* the count, or what stopped the search */
	const char *msg;	/* the error, or a message; NULL: none */
	bool	 msg_err;
	bool	 two;		/* msg on a line of its own above */
};

static void
prompt_layout(const struct tui *t, struct sprompt *sp)
{
	const struct search_view *s = &t->su;
	int w = t->cols;

	memset(sp, 0, sizeof *sp);
	snprintf(sp->right, sizeof sp->right, " %s%s ", s->headwords_only ?
	    "[headwords] " : "", s->stale ? "..." : "");
	sp->rw = (int)strlen(sp->right);
	if (w - 2 - sp->rw < 8) {
		sp->right[0] = '\0';
		sp->rw = 0;
	}
	sp->caret = -1;
	if (s->bad) {
		size_t off = s->erroff <= s->ed.len ? s->erroff : s->ed.len;
		int avail = w - 1 - sp->rw, before;

		/* Under the error's offset, as far as the prompt shows
		 * it (it scrolls to keep the cursor in view). */
		before = (int)text_width(s->ed.buf, off);
		sp->caret = 1 + (before < avail - 1 ? before : avail - 1);
		if (sp->caret > w - 1)
			sp->caret = w - 1;
		/* Enter's "cannot open: ..." when it fits on a line, else
		 * the error alone: what is wrong matters more. */
		sp->msg = t->msg[0] != '\0' && (int)text_width(t->msg,
		    strlen(t->msg)) <= w - 2 ? t->msg : s->err;
		sp->msg_err = true;
		sp->two = sp->caret + 2 + (int)text_width(sp->msg,
		    strlen(sp->msg)) > w - 1;
		return;
	}
	/* A search that failed (too complex) says so instead of a count
	 * that would read as "nothing matched". */
	if (s->run_err[0] != '\0' && !s->stale)
		snprintf(sp->info, sizeof sp->info, "%s", s->run_err);
	else if (s->ed.len == 0)
		snprintf(sp->info, sizeof sp->info, "Enter opens, Esc "
		    "cancels, Up: history, C-t: headwords only");
	else if (s->stale)
		snprintf(sp->info, sizeof sp->info, "searching...");
	else
		snprintf(sp->info, sizeof sp->info, "%zu%s match%s, Enter "
		    "opens the first", s->n, s->truncated ? "+" : "",
		    s->n == 1 ? "" : "es");
	if (t->msg[0] != '\0') {
		sp->msg = t->msg;
		sp->msg_err = t->msg_err;
		sp->two = 1 + (int)text_width(sp->info, strlen(sp->info)) + 2 +
		    (int)text_width(sp->msg, strlen(sp->msg)) > w - 1;
	}
}

int
search_ui_rows(const struct tui *t)
{
	struct sprompt sp;

	prompt_layout(t, &sp);
	return sp.two ? 3 : 2;
}

static void
view_status(struct tui *t, int y)
{
	struct search_view *s = &t->su;
	struct sprompt sp;
	int w = t->cols, x;

	prompt_layout(t, &sp);
	disp_fill(y, 0, w, disp_role(ROLE_STATUS));
	x = disp_str(y, 0, 1, "/", disp_role(ROLE_STATUS_KEY));
	lineed_draw(&s->ed, y, x, w - x - sp.rw, disp_role(ROLE_STATUS));
	if (sp.rw > 0)
		disp_str(y, w - sp.rw, sp.rw, sp.right, disp_role(ROLE_STATUS));
	disp_fill(y - 1, 0, w, disp_role(ROLE_NORMAL));
	if (sp.two)
		disp_fill(y - 2, 0, w, disp_role(ROLE_NORMAL));
	if (sp.caret >= 0) {
		disp_str(y - 1, sp.caret, 1, "^", disp_role(ROLE_ERROR));
		if (sp.two)
			disp_str(y - 2, 1, w - 2, sp.msg, disp_role(ROLE_ERROR));
		else
			disp_str(y - 1, sp.caret + 2, w - sp.caret - 3, sp.msg,
			    disp_role(ROLE_ERROR));
		return;
	}
	x = 1 + disp_str(y - 1, 1, w - 2, sp.info, disp_role(s->run_err[0] &&
	    !s->stale ? ROLE_ERROR : ROLE_META));
	if (sp.msg == NULL)
		return;
	if (sp.two)
		disp_str(y - 2, 1, w - 2, sp.msg, disp_role(sp.msg_err ?
		    ROLE_ERROR : ROLE_META));
	else
		disp_str(y - 1, x + 2, w - x - 3, sp.msg, disp_role(sp.msg_err ?
		    ROLE_ERROR : ROLE_META));
}

static void
view_draw(struct tui *t)
{
	int h = t->rows - search_ui_rows(t);
	struct pane ip = { 0, 0, h, t->ip.w }, dp = { 0, t->dp.x, h, t->dp.w };

	if (h < 1)
		return;
	if (!t->split)
		ip.w = t->cols;
	results_draw(t, &ip);
	if (t->split) {
		for (int y = 0; y < h; y++)
			disp_str(y, ip.w, 1, disp_glyph(GLYPH_VLINE),
			    disp_role(ROLE_FRAME));
		detail_draw(t, &dp);
	}
}

static int
view_typing(const struct tui *t)
{
	(void)t;
	return 1;
}

static void
view_free(struct tui *t)
{
	search_ui_free(&t->su);
}

static void
preview(struct tui *t)
{
	struct search_view *s = &t->su;

	if (s->n > 0)
		detail_show(t, s->hits[s->sel].key);
	detail_matches(t);
}

static bool
view_key(struct tui *t, enum action a, int key)
{
	struct search_view *s = &t->su;
	struct detail *d = &t->dt;

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
			tui_message(t, true, s->ed.len == 0 ? "type what to "
			    "search for" : "no matches");
			return true;
		}
		lhist_add(&s->hist, s->ed.buf);
		search_free(s->last);
		s->last = s->re;
		s->re = NULL;
		memcpy(s->pat, s->ed.buf, s->ed.len + 1);
		s->len = s->ed.len;
		search_free(d->page_re);
		d->page_re = NULL;
		tui_open_term(t, s->hits[s->sel].key);
		detail_matches(t);
		/* Land on the first match of the opened term. */
		if (d->nmatches > 0) {
			d->cur_match = -1;
			reader_next_match(t);
		}
		return true;
	case ACT_CANCEL:
		tui_pop(t);
		return true;
	case ACT_SCOPE:
		s->headwords_only = !s->headwords_only;
		recompile(t);
		tui_message(t, false, "searching %s", s->headwords_only ?
		    "headwords and aliases only" : "headwords, aliases and "
		    "definitions");
		return true;
	case ACT_HIST_PREV:
	case ACT_HIST_NEXT:
		if (lhist_move(&s->hist, a == ACT_HIST_PREV ? -1 : 1, &s->ed))
			recompile(t);
		else
			tui_message(t, false, s->hist.n == 0 ? "no search "
			    "history yet" : a == ACT_HIST_PREV ? "oldest "
			    "pattern" : "newest pattern");
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
	case ACT_TOP:
		s->sel = 0;
		break;
	case ACT_BOTTOM:
		s->sel = s->n > 0 ? s->n - 1 : 0;
		break;
	default:
		if (!lineed_takes(key))
			return false;
		/* Backspace on an empty prompt leaves it, as in less. */
		if (key == KEYC_BS && s->ed.len == 0) {
			tui_pop(t);
			return true;
		}
		switch (lineed_key(&s->ed, key)) {
		case -1:
			tui_message(t, true, "pattern too long");
			return true;
		case 1:
			lhist_reset(&s->hist);
			recompile(t);
			break;
		}
		return true;
	}
	preview(t);
	return true;
}

const struct view_ops view_search_ops = {
	"SEARCH", KCTX_SEARCH, view_open, view_draw, view_key, view_status,
	view_typing, view_free,
};
