/* tui.c - the browser: layout, the letter bar and status line, history,
 * key dispatch and the main loop.
 *
 * The loop is ncdu's: draw when something changed, wait for a key with a
 * timeout (so signal flags are polled), hand the key to the view on top.
 * Views are a table (struct view_ops); keys become actions through the
 * key table in keymap.c. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "progress.h"
#include "search.h"
#include "msg.h"
#include "text.h"
#include "tui.h"
#include "tui-int.h"
#include "util.h"

#define MIN_COLS	32
#define MIN_ROWS	8
#define WIDE_COLS	100
#define POLL_MS		250
#define TYPEAHEAD_MS	1000	/* GTK's and Explorer's type-ahead pause */

static bool
always(const struct tui *t)
{
	(void)t;
	return true;
}

static const struct view_ops views[] = {
	[MODE_BROWSE] = { "browse", KCTX_INDEX, NULL, NULL },
	[MODE_SEARCH] = { "search", KCTX_SEARCH, search_ui_key, always },
	[MODE_HELP] = { "help", KCTX_LIST, help_key, NULL },
	[MODE_PICKER] = { "category", KCTX_LIST, picker_key, NULL },
	[MODE_QUIZ] = { "quiz", KCTX_QUIZ, quiz_ui_key, quiz_ui_typing },
};

void
tui_message(struct tui *t, bool err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->msg, sizeof t->msg, fmt, ap);
	va_end(ap);
	t->msg_err = err;
}

/* ---- history: browser-like, index moves replace the current entry ---- */

static void
hist_push(struct tui *t, int64_t key)
{
	if (t->nhist > 0 && t->hist[t->hcur] == key)
		return;
	if (t->nhist > 0)
		t->nhist = t->hcur + 1;
	if (t->nhist == t->hcap) {
		t->hcap = t->hcap ? t->hcap * 2 : 32;
		t->hist = xreallocarray(t->hist, t->hcap, sizeof *t->hist);
	}
	t->hist[t->nhist++] = key;
	t->hcur = t->nhist - 1;
}

void
tui_visit(struct tui *t, int64_t key)
{
	if (t->nhist == 0)
		hist_push(t, key);
	else
		t->hist[t->hcur] = key;
	detail_show(t, key);
}

/* For the quiz's "recent lookups": a term opened in the definition.
 * Failures are not worth a word; browsing goes on without them. */
void
tui_note_lookup(struct tui *t)
{
	char err[256];

	if (t->progress != NULL && t->dt.have)
		(void)progress_note_lookup(t->progress, t->dt.term.slug,
		    study_clock_now(&t->ck), err, sizeof err);
}

void
tui_follow(struct tui *t, int64_t key)
{
	hist_push(t, key);
	detail_show(t, key);
	index_goto_key(t, key);
	tui_note_lookup(t);
}

static void
hist_go(struct tui *t, int dir)
{
	if (dir < 0 ? t->hcur == 0 : t->hcur + 1 >= t->nhist) {
		tui_message(t, false, "%s of history", dir < 0 ? "beginning" :
		    "end");
		return;
	}
	t->hcur = dir < 0 ? t->hcur - 1 : t->hcur + 1;
	detail_show(t, t->hist[t->hcur]);
	index_goto_key(t, t->hist[t->hcur]);
}

/* ---- layout ---- */

static void
layout(struct tui *t)
{
	int h, iw;

	getmaxyx(stdscr, t->rows, t->cols);
	t->small = t->cols < MIN_COLS || t->rows < MIN_ROWS;
	t->wide = t->cols >= WIDE_COLS;
	h = t->rows - 2 - (t->mode == MODE_SEARCH ? 1 : 0);
	if (h < 1)
		h = 1;
	if (t->wide) {
		iw = t->cols * 30 / 100;
		t->ip = (struct pane){ 1, 0, h, iw };
		t->dp = (struct pane){ 1, iw + 1, h, t->cols - iw - 1 };
	} else {
		t->ip = (struct pane){ 1, 0, h, t->cols };
		t->dp = t->ip;
	}
	/* The index window holds exactly one screen of rows. */
	if (!t->small && t->mode != MODE_SEARCH && t->ix.h != t->ip.h)
		index_relayout(t);
}

/* The letter bar: A..Z, and '#' where its terms sort (index_count):
 * first for digits, last for other scripts. */
static int
letter_slot_x(const struct tui *t, int i)
{
	return 1 + i * (t->cols >= 64 ? 2 : 1);
}

static char
letter_of_slot(const struct tui *t, int i)
{
	if (t->ix.hash_last)
		return i == 26 ? '#' : (char)('A' + i);
	return i == 0 ? '#' : (char)('A' + i - 1);
}

static size_t
letter_count(const struct tui *t, char l)
{
	return l == '#' ? t->ix.counts[26] : t->ix.counts[l - 'A'];
}

static void
draw_letters(struct tui *t)
{
	const struct term_ref *r = index_selected(t);
	char cur = r != NULL ? r->letter : 0, info[64];
	int i, x = 0, iw;

	for (i = 0; i < 27; i++) {
		char l = letter_of_slot(t, i), s[2] = { l, '\0' };
		enum role role = l == cur ? ROLE_LETTER_CUR :
		    letter_count(t, l) > 0 ? ROLE_LETTER : ROLE_LETTER_EMPTY;

		x = letter_slot_x(t, i);
		disp_str(0, x, 1, s, disp_role(role));
	}
	if (cur != 0) {
		snprintf(info, sizeof info, "%c: %zu", cur, letter_count(t, cur));
		iw = (int)text_width(info, strlen(info));
		if (x + 3 + iw < t->cols)
			disp_str(0, t->cols - iw - 1, iw, info,
			    disp_role(ROLE_META));
	}
}

/* ---- the search prompt and the line(s) above it ---- */

/* How the prompt line and the information above it are laid out: the
 * pattern scrolls so that the cursor stays on screen beside the scope
 * label, and what is said about it (the error with a caret under its
 * offset, or the count with a message) takes a second line when it does
 * not fit on one. */
struct sprompt {
	char	 right[32];	/* " [headwords] ", "" when it cannot fit */
	int	 rw;
	size_t	 so;		/* first byte of the pattern shown */
	bool	 ell;		/* an ellipsis before it: the rest is left */
	int	 cur;		/* column of the cursor cell */
	int	 caret;		/* column of the error caret, -1: no error */
	char	 info[256];	/* the count, or what stopped the search */
	const char *msg;	/* the error, or a message; NULL: none */
	bool	 msg_err;
	bool	 two;		/* msg on a line of its own above */
};

static void
search_prompt_layout(const struct tui *t, struct sprompt *sp)
{
	const struct search_view *s = &t->su;
	int w = t->cols, avail;
	size_t pw;

	memset(sp, 0, sizeof *sp);
	snprintf(sp->right, sizeof sp->right, " %s%s ", s->headwords_only ?
	    "[headwords] " : "", s->stale ? "..." : "");
	sp->rw = (int)strlen(sp->right);
	/* "/", the pattern, the cursor cell, the label: the label goes
	 * first when fewer than 8 columns would be left for typing. */
	avail = w - 1 - 1 - sp->rw;
	if (avail < 8) {
		sp->right[0] = '\0';
		sp->rw = 0;
		avail = w - 2;
	}
	if (avail < 1)
		avail = 1;
	pw = text_width(s->pat, s->len);
	if (pw > (size_t)avail) {
		/* Scroll: keep the end (the cursor) and an ellipsis. */
		sp->ell = true;
		while (sp->so < s->len &&
		    text_width(s->pat + sp->so, s->len - sp->so) >
		    (size_t)(avail - 1)) {
			uint32_t cp;

			sp->so += text_decode(s->pat + sp->so, s->len - sp->so,
			    &cp);
		}
	}
	sp->cur = 1 + (sp->ell ? 1 : 0) +
	    (int)text_width(s->pat + sp->so, s->len - sp->so);
	sp->caret = -1;
	if (s->bad) {
		size_t off = s->erroff <= s->len ? s->erroff : s->len;

		/* An offset scrolled off to the left: under the ellipsis. */
		sp->caret = off < sp->so ? 1 : 1 + (sp->ell ? 1 : 0) +
		    (int)text_width(s->pat + sp->so, off - sp->so);
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
	else if (s->len == 0)
		snprintf(sp->info, sizeof sp->info, "Enter opens, Esc "
		    "cancels, C-t: headwords only");
	else if (s->stale)
		snprintf(sp->info, sizeof sp->info, "searching...");
	else
		snprintf(sp->info, sizeof sp->info, "%zu%s match%s", s->n,
		    s->truncated ? "+" : "", s->n == 1 ? "" : "es");
	if (t->msg[0] != '\0') {
		sp->msg = t->msg;
		sp->msg_err = t->msg_err;
		sp->two = 1 + (int)text_width(sp->info, strlen(sp->info)) + 2 +
		    (int)text_width(sp->msg, strlen(sp->msg)) > w - 1;
	}
}

/* Rows the search mode takes above the status line: 1, or 2 when the
 * message needs a line of its own. */
static int
search_info_rows(const struct tui *t)
{
	struct sprompt sp;

	if (t->mode != MODE_SEARCH)
		return 0;
	search_prompt_layout(t, &sp);
	return sp.two ? 2 : 1;
}

static void
draw_search_status(struct tui *t)
{
	struct search_view *s = &t->su;
	struct sprompt sp;
	int y = t->rows - 1, w = t->cols, x;

	search_prompt_layout(t, &sp);
	x = disp_str(y, 0, 1, "/", disp_role(ROLE_STATUS_KEY));
	if (sp.ell)
		x += disp_str(y, x, 1, disp_glyph(GLYPH_ELLIPSIS),
		    disp_role(ROLE_META));
	x += disp_text(y, x, w - x - 1 - sp.rw, s->pat + sp.so,
	    s->len - sp.so, disp_role(ROLE_STATUS));
	disp_fill(y, x, 1, disp_role(ROLE_SELECT));
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
draw_status(struct tui *t)
{
	int y = t->rows - 1, x = 0, w = t->cols;
	char left[160], right[64];
	const char *mode;

	disp_fill(y, 0, w, disp_role(ROLE_STATUS));
	if (t->mode == MODE_SEARCH) {
		draw_search_status(t);
		return;
	}
	if (t->mode == MODE_QUIZ) {
		const struct quiz_view *q = &t->qz;

		if (q->phase == QP_CHOOSE || q->nitems == 0)
			snprintf(left, sizeof left, " QUIZ ");
		else
			snprintf(left, sizeof left, " QUIZ  %zu/%zu ",
			    q->cur < q->nitems ? q->cur + 1 : q->nitems,
			    q->nitems);
		x = disp_str(y, 0, w, left, disp_role(ROLE_STATUS_KEY));
		snprintf(right, sizeof right, " Esc leaves ");
		if (t->msg[0] != '\0')
			disp_str(y, x + 1, w - x - 1 - (int)strlen(right),
			    t->msg, disp_role(t->msg_err ? ROLE_STATUS_KEY :
			    ROLE_STATUS));
		if (x + (int)strlen(right) + 1 < w)
			disp_str(y, w - (int)strlen(right),
			    (int)strlen(right), right, disp_role(ROLE_STATUS));
		return;
	}
	mode = t->mode == MODE_HELP ? "HELP" : t->mode == MODE_PICKER ?
	    "CATEGORY" : t->focus == FOCUS_INDEX ? "INDEX" : "DEFINITION";
	/* The position counter is plain (ROLE_STATUS), as the marker is:
	 * a move then rewrites its changed digits with no attributes. */
	snprintf(left, sizeof left, " %s ", mode);
	x = disp_str(y, 0, w, left, disp_role(ROLE_STATUS_KEY));
	snprintf(left, sizeof left, " %zu/%zu%s%s%s ",
	    t->ix.n > 0 ? t->ix.pos + 1 : 0, t->ix.total,
	    t->ix.category ? "  [" : "", t->ix.category ? t->ix.category : "",
	    t->ix.category ? "]" : "");
	x += disp_str(y, x, w - x, left, disp_role(ROLE_STATUS));
	if (t->letter_pending)
		x += disp_str(y, x + 1, w - x - 1, "jump to letter: press A-Z "
		    "or #", disp_role(ROLE_STATUS)) + 1;
	else if (t->ix.talen > 0) {
		x += disp_str(y, x + 1, w - x - 1, "find: ",
		    disp_role(ROLE_STATUS)) + 1;
		x += disp_text(y, x, w - x, t->ix.ta, t->ix.talen,
		    disp_role(ROLE_STATUS_KEY));
	}
	snprintf(right, sizeof right, " ? help ");
	if (t->msg[0] != '\0' && !t->letter_pending)
		disp_str(y, x + 1, w - x - 1 - (int)strlen(right), t->msg,
		    t->msg_err ? disp_role(ROLE_STATUS_KEY) :
		    disp_role(ROLE_STATUS));
	if (x + (int)strlen(right) + 1 < w)
		disp_str(y, w - (int)strlen(right), (int)strlen(right), right,
		    disp_role(ROLE_STATUS));
}

static void
draw(struct tui *t)
{
	erase();
	if (t->small) {
		char need[64];
		int y = t->rows / 2 - 1 > 0 ? t->rows / 2 - 1 : 0;

		snprintf(need, sizeof need, "need %dx%d, have %dx%d", MIN_COLS,
		    MIN_ROWS, t->cols, t->rows);
		disp_str(y, 0, t->cols, "Terminal too small",
		    disp_role(ROLE_ERROR));
		if (y + 1 < t->rows)
			disp_str(y + 1, 0, t->cols, need, disp_role(ROLE_NORMAL));
		disp_flush();
		return;
	}
	switch (t->mode) {
	case MODE_HELP:
		list_draw(t, &t->help, &(struct pane){ 0, 0, t->rows - 1,
		    t->cols }, "Keys (generated from the key table; q closes)");
		break;
	case MODE_PICKER:
		list_draw(t, &t->pick, &(struct pane){ 0, 0, t->rows - 1,
		    t->cols }, "Filter by category (Enter selects, Esc cancels)");
		break;
	case MODE_QUIZ:
		quiz_ui_draw(t);
		break;
	case MODE_SEARCH: {
		/* A message on a line of its own takes the results' last
		 * row (both panes' side by side). */
		struct pane ip = t->ip, dp = t->dp;
		int extra = search_info_rows(t) - 1;

		ip.h -= extra;
		dp.h -= extra;
		draw_letters(t);
		search_ui_draw(t, &ip);
		if (t->wide)
			detail_draw(t, &dp);
		break;
	}
	case MODE_BROWSE:
		draw_letters(t);
		if (t->wide || t->focus == FOCUS_INDEX)
			index_draw(t, &t->ip);
		if (t->wide || t->focus == FOCUS_DETAIL)
			detail_draw(t, &t->dp);
		break;
	}
	if (t->wide && (t->mode == MODE_BROWSE || t->mode == MODE_SEARCH))
		for (int y = t->ip.y; y < t->ip.y + t->ip.h -
		    (search_info_rows(t) > 1 ? 1 : 0); y++)
			disp_str(y, t->ip.w, 1, disp_glyph(GLYPH_VLINE),
			    disp_role(ROLE_FRAME));
	draw_status(t);
	disp_flush();
}

/* ---- keys ---- */

static bool
printable(int key)
{
	return key >= 0x20 && key < KEYC_BASE && key != 0x7f;
}

static void
global_action(struct tui *t, enum action a)
{
	switch (a) {
	case ACT_QUIT:
		t->quit = 1;
		break;
	case ACT_HELP:
		help_open(t);
		break;
	case ACT_SEARCH:
		search_ui_open(t);
		layout(t);
		break;
	case ACT_BACK:
		hist_go(t, -1);
		break;
	case ACT_FORWARD:
		hist_go(t, 1);
		break;
	case ACT_LETTER:
		t->letter_pending = true;
		break;
	case ACT_CATEGORY:
		picker_open(t);
		break;
	case ACT_REDRAW:
		disp_repaint();
		break;
	case ACT_FOCUS_INDEX:
		t->focus = FOCUS_INDEX;
		break;
	case ACT_FOCUS_DETAIL:
		t->focus = FOCUS_DETAIL;
		tui_note_lookup(t);
		break;
	case ACT_QUIZ:
		quiz_ui_open(t);
		break;
	case ACT_CANCEL:
		break;
	default:
		break;
	}
}

static void
jump_letter(struct tui *t, int key)
{
	int k = key & ~KEYC_META;
	char l;

	if (k >= 'a' && k <= 'z')
		k -= 'a' - 'A';
	if (k == '#' || (k >= '0' && k <= '9'))
		l = '#';
	else if (k >= 'A' && k <= 'Z')
		l = (char)k;
	else {
		tui_message(t, true, "not a letter: press A-Z or #");
		return;
	}
	index_letter(t, l);
	if (index_selected(t) != NULL)
		hist_push(t, index_selected(t)->key), tui_visit(t,
		    index_selected(t)->key);
}

static void
typeahead_key(struct tui *t, int key)
{
	struct index *ix = &t->ix;

	if (key == ' ' && ix->talen == 0)
		return;		/* no headword starts with a space */
	if (key == KEYC_BS) {
		while (ix->talen > 0 &&
		    ((unsigned char)ix->ta[--ix->talen] & 0xc0) == 0x80)
			;
	} else {
		char u[4];
		size_t ul = text_encode((uint32_t)key, u);

		if (ix->talen + ul >= sizeof ix->ta)
			return;
		memcpy(ix->ta + ix->talen, u, ul);
		ix->talen += ul;
	}
	ix->ta[ix->talen] = '\0';
	if (ix->talen == 0)
		return;
	index_typeahead(t);
	if (index_selected(t) != NULL)
		tui_visit(t, index_selected(t)->key);
}

static void
mouse_event(struct tui *t)
{
	int y, x, b;

	if (!disp_mouse(&y, &x, &b) || t->small)
		return;
	if (t->mode == MODE_BROWSE && y == 0 && b == 1) {
		for (int i = 0; i < 27; i++)
			if (x == letter_slot_x(t, i) &&
			    letter_count(t, letter_of_slot(t, i)) > 0) {
				jump_letter(t, letter_of_slot(t, i));
				return;
			}
		return;
	}
	if (t->mode != MODE_BROWSE)
		return;
	if (y >= t->ip.y && y < t->ip.y + t->ip.h && x < t->ip.x + t->ip.w &&
	    (t->wide || t->focus == FOCUS_INDEX)) {
		if (b == 4 || b == 5)
			index_step(t, b == 4 ? -3 : 3);
		else {
			t->focus = FOCUS_INDEX;
			index_step(t, (long)(y - t->ip.y) - (long)t->ix.sel);
		}
		if (index_selected(t) != NULL)
			tui_visit(t, index_selected(t)->key);
		return;
	}
	if (y >= t->dp.y && y < t->dp.y + t->dp.h &&
	    (t->wide || t->focus == FOCUS_DETAIL)) {
		if (b == 4 || b == 5) {
			for (int i = 0; i < 3; i++)
				detail_key(t, b == 4 ? ACT_UP : ACT_DOWN, 0);
			return;
		}
		t->focus = FOCUS_DETAIL;
		/* A click on a link follows it. */
		detail_click(t, &t->dp, y, x);
	}
}

static void
handle_key(struct tui *t, int key)
{
	enum action a;
	enum keyctx ctx;

	t->msg[0] = '\0';
	t->msg_err = false;
	if (key == KEYC_RESIZE) {
		/* The terminal may have cut or reflowed what it showed, even
		 * when the size read back is the old one (shrunk and grown
		 * again before we looked, so curses saw no change and kept
		 * its picture of the screen): send everything again. */
		layout(t);
		disp_repaint();
		return;
	}
	if (t->small) {
		if (key == 'q' || key == KEYC_ESC || key == KEYC_F1 + 9)
			t->quit = 1;
		return;
	}
	if (key == KEYC_MOUSE) {
		mouse_event(t);
		return;
	}
	if (t->letter_pending) {
		t->letter_pending = false;
		if (key != KEYC_ESC)
			jump_letter(t, key);
		return;
	}
	if (t->mode != MODE_BROWSE) {
		const struct view_ops *v = &views[t->mode];
		enum mode before = t->mode;

		/* A prompt takes printable keys as text first, even
		 * those bound in its context ("1" in a typed answer). */
		if (v->typing != NULL && v->typing(t) &&
		    (printable(key) || key == KEYC_BS ||
		    key == KEYC_CTRL('U') || key == KEYC_CTRL('W')) &&
		    (t->mode != MODE_SEARCH ||
		    keymap_lookup(v->ctx, key, false) == ACT_NONE)) {
			v->key(t, ACT_NONE, key);
			goto out;
		}
		a = keymap_lookup(v->ctx, key, false);
		if (a == ACT_NONE)
			a = keymap_lookup(KCTX_GLOBAL, key, false);
		if (!v->key(t, a, key) && a != ACT_SEARCH)
			global_action(t, a);
out:
		if (t->mode != before)
			layout(t);
		return;
	}
	ctx = t->focus == FOCUS_INDEX ? KCTX_INDEX : KCTX_DETAIL;
	/* Type-ahead: an unbound printable key starts it (so a capital
	 * jumps to its letter, j and k move); once started, every
	 * printable key types, since headwords hold j, q and spaces.
	 * Esc ends it where it is, any other key ends it and acts. */
	if (ctx == KCTX_INDEX && t->ix.talen > 0) {
		if (key == KEYC_ESC) {
			t->ix.talen = 0;
			return;
		}
		if (key == KEYC_BS || printable(key)) {
			typeahead_key(t, key);
			return;
		}
	} else if (ctx == KCTX_INDEX && printable(key) &&
	    keymap_lookup(KCTX_INDEX, key, true) == ACT_NONE) {
		typeahead_key(t, key);
		return;
	}
	t->ix.talen = 0;
	a = keymap_lookup(ctx, key, true);
	if (a == ACT_NONE && (key & KEYC_META) &&
	    printable(key & ~KEYC_META)) {
		jump_letter(t, key);
		return;
	}
	if (ctx == KCTX_INDEX ? index_key(t, a, key) : detail_key(t, a, key))
		return;
	global_action(t, a);
}

/* ---- config ---- */

struct conf_state {
	struct tui	*t;
	int		 color;
	char		 theme[32];
	bool		 nomouse;
	struct conf_quiz quiz;
	char		 first[256];
	int		 nerr;
};

static int
conf_bind(void *arg, const char *ctx, int key, const char *action, char *err,
    size_t errsz)
{
	(void)arg;
	return keymap_bind(ctx, key, action, err, errsz);
}

static int
conf_set(void *arg, const char *name, const char *value, char *err,
    size_t errsz)
{
	struct conf_state *cs = arg;
	int rc;

	if ((rc = conf_quiz_set(&cs->quiz, name, value, err, errsz)) <= 0)
		return rc;
	if (strcmp(name, "color") == 0) {
		cs->color = conf_color_parse(value);
		return 0;
	}
	if (strcmp(name, "theme") == 0) {
		if (disp_theme_known(value) < 0) {
			snprintf(err, errsz, "unknown theme '%.40s' (default or "
			    "mono)", value);
			return -1;
		}
		snprintf(cs->theme, sizeof cs->theme, "%s", value);
		return 0;
	}
	if (strcmp(name, "mouse") == 0) {
		if (strcmp(value, "on") != 0 && strcmp(value, "off") != 0) {
			snprintf(err, errsz, "'set mouse' takes on or off, not "
			    "'%.40s'", value);
			return -1;
		}
		cs->nomouse = value[1] == 'f';
		return 0;
	}
	if (strcmp(name, "cursor") == 0) {
		if (strcmp(value, "arrow") != 0 && strcmp(value, "bar") != 0) {
			snprintf(err, errsz, "'set cursor' takes arrow or bar, "
			    "not '%.40s'", value);
			return -1;
		}
		cs->t->cursor_bar = value[0] == 'b';
		return 0;
	}
	if (strcmp(name, "typeahead-timeout") == 0) {
		char *end;
		long ms = strtol(value, &end, 10);

		if (end == value || *end != '\0' || ms < 0 || ms > 60000) {
			snprintf(err, errsz, "'set typeahead-timeout' takes "
			    "milliseconds, 0 to 60000 (0: never), not '%.40s'",
			    value);
			return -1;
		}
		cs->t->ta_timeout = (int)ms;
		return 0;
	}
	snprintf(err, errsz, "unknown setting '%.40s' (color, theme, cursor, "
	    "mouse, typeahead-timeout or retention)", name);
	return -1;
}

static void
conf_error(void *arg, const char *path, long line, const char *msg)
{
	struct conf_state *cs = arg;

	char where[32] = "";

	/* Line 0: the file as a whole (unreadable, not a regular file). */
	if (line > 0)
		snprintf(where, sizeof where, ":%ld", line);
	if (cs->nerr++ == 0)
		snprintf(cs->first, sizeof cs->first, "%s%s: %s", path, where,
		    msg);
	msg_print("lore: ", "%s%s: %s", path, where, msg);
}

static void
load_config(struct tui *t, struct conf_state *cs)
{
	static const struct conf_ops ops = { conf_bind, conf_set, conf_error };
	char *path;

	cs->t = t;
	cs->color = -3;
	snprintf(cs->theme, sizeof cs->theme, "default");
	path = t->o->config_path != NULL ? xstrdup(t->o->config_path) :
	    conf_path();
	if (path != NULL)
		conf_load(path, &ops, cs);
	free(path);
}

/* ---- the loop ---- */

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Milliseconds until the type-ahead prefix ends by itself, or -1 when
 * it does not (none typed, `set typeahead-timeout 0`, a key script). */
static long
typeahead_left(const struct tui *t, long last_key)
{
	long left;

	if (t->ix.talen == 0 || t->ta_timeout == 0 || disp_scripted())
		return -1;
	left = last_key + t->ta_timeout - now_ms();
	return left > 0 ? left : 0;
}

static void
tui_free(struct tui *t)
{
	index_free(&t->ix);
	detail_free(&t->dt);
	search_ui_free(&t->su);
	list_free(&t->help);
	list_free(&t->pick);
	quiz_ui_free(&t->qz);
	for (size_t i = 0; i < t->ncats; i++)
		free(t->cats[i]);
	free(t->cats);
	free(t->hist);
	keymap_free();
	if (t->progress != NULL)
		progress_close(t->progress);
}

int
tui_run(struct corpus *c, const struct tui_opts *o)
{
	struct tui t = { 0 };
	struct conf_state cs = { 0 };
	char err[512];
	int status = 0, color, sig;
	long last_key = now_ms();
	bool dirty = true;

	t.c = c;
	t.o = o;
	t.dt.cur_link = t.dt.cur_match = -1;
	t.qz.length = 10;
	srs_params_default(&t.params);
	if (study_clock_init(&t.ck, o->now, err, sizeof err) != 0)
		tui_message(&t, true, "%s", err);
	t.ta_timeout = TYPEAHEAD_MS;
	keymap_init();
	load_config(&t, &cs);
	if (cs.quiz.retention > 0)
		t.params.retention = cs.quiz.retention;
	quiz_ui_config(&t.qz, &cs.quiz);
	/* The command line wins over the config file. */
	color = o->color != -1 || cs.color == -3 ? o->color : cs.color;
	if (disp_init(o, color, cs.theme, !cs.nomouse, err, sizeof err) != 0) {
		disp_done();
		msg_print("lore: ", "%s", err);
		tui_free(&t);
		return 2;
	}
	if (o->progress_path != NULL &&
	    progress_open(&t.progress, o->progress_path, err, sizeof err) !=
	    PROGRESS_OK)
		t.progress = NULL;
	layout(&t);
	index_open(&t);
	if (index_selected(&t) != NULL)
		tui_visit(&t, index_selected(&t)->key);
	if (o->start_term != NULL) {
		int64_t key, cands[4];
		size_t nc = nitems(cands);

		if (corpus_lookup(c, o->start_term, &key, cands, &nc, err,
		    sizeof err) == CORPUS_OK) {
			tui_follow(&t, key);
			t.focus = FOCUS_DETAIL;
		} else
			tui_message(&t, true, "no term \"%s\"", o->start_term);
	}
	if (cs.nerr > 0)
		tui_message(&t, true, "%s%s", cs.first, cs.nerr > 1 ?
		    " (and more)" : "");

	while (!t.quit) {
		long left;
		int key;

		if ((sig = disp_signal()) != 0) {
			status = 128 + sig;
			break;
		}
		if (t.mode == MODE_SEARCH && t.su.stale) {
			/* The key shows in the prompt before the scan, which
			 * takes seconds on a million terms for one letter. */
			if (dirty)
				draw(&t);
			search_ui_update(&t);
			dirty = true;
		}
		/* A pause ends type-ahead, keeping the position; the wait
		 * below is cut to the pause so that find: leaves the status
		 * line when it ends, not at the next key. */
		if ((left = typeahead_left(&t, last_key)) == 0) {
			t.ix.talen = 0;
			dirty = true;
		}
		if (dirty)
			draw(&t);
		dirty = false;
		key = disp_getkey(left > 0 && left < POLL_MS ? (int)left :
		    POLL_MS);
		if (key < 0)
			break;		/* the key script ended */
		if (key == KEYC_NONE)
			continue;
		/* A key read late (a busy machine) after the pause: the
		 * prefix had ended, so the key acts on its own. */
		if (typeahead_left(&t, last_key) == 0)
			t.ix.talen = 0;
		last_key = now_ms();
		handle_key(&t, key);
		dirty = true;
	}
	if (t.quit)
		status = t.quit - 1;
	disp_done();
	tui_free(&t);
	return status;
}
