/* tui.c - the browser: the view stack, layout, the status line,
 * history, key dispatch and the main loop.
 *
 * The loop is ncdu's: draw when something changed, wait for a key with a
 * timeout (so signal flags are polled), hand the key to the view on top.
 * Views are a table (struct view_ops, TUI_VIEWS in tui-int.h), stacked
 * as tig stacks them: the index at the bottom, the reader, search, help
 * or the quiz above it, each closing back to what was under it. Keys
 * become actions through the key table in keymap.c. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lookup.h"
#include "progress.h"
#include "search.h"
#include "msg.h"
#include "text.h"
#include "tui.h"
#include "tui-int.h"
#include "util.h"

#define MIN_COLS	32
#define MIN_ROWS	8
#define SPLIT_COLS	60	/* two panes from this width (`set split`) */
#define POLL_MS		250

static const struct view_ops *const views[VIEW_COUNT] = {
#define VIEW_PTR(n, v) [VIEW_##n] = &view_##v##_ops,
	TUI_VIEWS(VIEW_PTR)
#undef VIEW_PTR
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

/* ---- history: every term opened, and where you were in it ---- */

/* The reader's place, kept in its history entry before it is left. */
static void
hist_save(struct tui *t)
{
	struct hentry *e;

	if (t->nhist == 0 || !t->dt.have)
		return;
	e = &t->hist[t->hcur];
	if (e->key != t->dt.term.key)
		return;
	e->top = t->dt.top;
	e->link = t->dt.cur_link;
}

void
tui_reader_restore(struct tui *t)
{
	const struct hentry *e;
	struct detail *d = &t->dt;

	if (t->nhist == 0)
		return;
	e = &t->hist[t->hcur];
	detail_show(t, e->key);
	d->top = e->top;
	d->cur_link = e->link >= 0 && (size_t)e->link < d->nlinks ? e->link :
	    -1;
	d->cur_match = -1;
	detail_matches(t);
}

/* For the quiz's "recent lookups": a term opened in the reader.
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
tui_open_term(struct tui *t, int64_t key)
{
	if (t->mode == VIEW_READER)
		hist_save(t);
	if (t->nhist == 0 || t->hist[t->hcur].key != key) {
		if (t->nhist > 0)
			t->nhist = t->hcur + 1;
		t->hist = xgrow(t->hist, t->nhist, &t->hcap, 32,
		    sizeof *t->hist);
		t->hist[t->nhist++] = (struct hentry){ key, 0, -1 };
		t->hcur = t->nhist - 1;
	}
	/* The reader replaces what was over it (a search, a list). */
	while (t->depth > 1 && t->mode != VIEW_READER)
		tui_pop(t);
	if (t->mode != VIEW_READER)
		tui_push(t, VIEW_READER);
	tui_reader_restore(t);
	/* The index follows, unless a word typed there is still in use. */
	if (t->ix.find.len == 0)
		index_goto_key(t, key);
	tui_note_lookup(t);
}

void
tui_history_go(struct tui *t, int dir)
{
	if (t->nhist == 0 || (dir < 0 ? t->hcur == 0 :
	    t->hcur + 1 >= t->nhist)) {
		tui_message(t, false, "%s of history", dir < 0 ? "beginning" :
		    "end");
		return;
	}
	hist_save(t);
	t->hcur = dir < 0 ? t->hcur - 1 : t->hcur + 1;
	tui_reader_restore(t);
	if (t->ix.find.len == 0)
		index_goto_key(t, t->hist[t->hcur].key);
}

/* ---- the view stack ---- */

void
tui_push(struct tui *t, enum view_id v)
{
	if (t->mode == VIEW_READER)
		hist_save(t);
	if (t->depth < VIEW_DEPTH)
		t->depth++;
	t->stack[t->depth - 1] = v;
	t->mode = v;
	tui_layout(t);
}

/* Close the view on top; the index, at the bottom, stays. What shows
 * the definition below gets its own term back (a search previewed
 * others). */
void
tui_pop(struct tui *t)
{
	if (t->depth <= 1)
		return;
	if (t->mode == VIEW_READER)
		hist_save(t);
	t->depth--;
	t->mode = t->stack[t->depth - 1];
	tui_layout(t);
	if (t->mode == VIEW_READER)
		tui_reader_restore(t);
	else if (t->mode == VIEW_INDEX && index_selected(t) != NULL) {
		detail_show(t, index_selected(t)->key);
		t->dt.top = 0;
		t->dt.cur_link = -1;
		detail_matches(t);
	}
}

/* ---- layout ---- */

void
tui_layout(struct tui *t)
{
	int h, iw;

	getmaxyx(stdscr, t->rows, t->cols);
	t->small = t->cols < MIN_COLS || t->rows < MIN_ROWS;
	t->split = t->split_cols > 0 && t->cols >= t->split_cols;
	/* The find field on top, the status line at the bottom. */
	h = t->rows - 2;
	if (h < 1)
		h = 1;
	if (t->split) {
		iw = t->cols / 3;
		iw = iw < 22 ? 22 : iw > 40 ? 40 : iw;
		t->ip = (struct pane){ 1, 0, h, iw };
		t->dp = (struct pane){ 1, iw + 1, h, t->cols - iw - 1 };
	} else {
		t->ip = (struct pane){ 1, 0, h, t->cols };
		t->dp = t->ip;
	}
	/* The reader has the whole screen above the status line. */
	if (t->mode == VIEW_READER)
		t->dp = (struct pane){ 0, 0, t->rows - 1, t->cols };
	/* The index window holds exactly one screen of rows. */
	if (!t->small && t->ix.h != t->ip.h)
		index_relayout(t);
}

/* ---- the status line ---- */

void
tui_status(struct tui *t, int y, const char *pos, const struct keyhint *hints,
    size_t nhints)
{
	const struct view_ops *v = views[t->mode];
	int w = t->cols, x, mw = 0, rw;
	char tag[32], right[160], key[32];
	size_t use = nhints;

	disp_fill(y, 0, w, disp_role(ROLE_STATUS));
	snprintf(tag, sizeof tag, " %s ", v->name);
	x = disp_str(y, 0, w, tag, disp_role(ROLE_STATUS_KEY));
	if (pos[0] != '\0')
		x += disp_str(y, x + 1, w - x - 1, pos,
		    disp_role(ROLE_STATUS)) + 1;
	if (t->msg[0] != '\0')
		mw = (int)text_width(t->msg, strlen(t->msg)) + 2;
	/* The key bar: as many hints as fit after the message, dropped
	 * from the one before the last (quit, kept longest); spaced by
	 * one column instead of two before anything is dropped. */
	for (int sep = 2;;) {
		size_t i, len = 0;

		right[0] = '\0';
		for (i = 0; i < nhints && use > 0; i++) {
			if (use < nhints && i >= use - 1 && i != nhints - 1)
				continue;
			keymap_key_label(v->ctx, hints[i].a, key, sizeof key);
			if (key[0] == '\0')
				continue;
			len += (size_t)snprintf(right + len, sizeof right - len,
			    "%s%s %s", len ? (sep == 2 ? "  " : " ") : "", key,
			    hints[i].label);
			if (len >= sizeof right)
				len = sizeof right - 1;
		}
		rw = len ? (int)text_width(right, len) + 2 : 0;
		if (x + 1 + mw + rw <= w || use == 0)
			break;
		if (sep == 2 && use == nhints)
			sep = 1;
		else
			use--;
	}
	if (t->msg[0] != '\0')
		disp_str(y, x + 1, w - x - 1 - rw, t->msg, disp_role(t->msg_err
		    ? ROLE_STATUS_KEY : ROLE_STATUS));
	if (rw > 0 && x + 1 + mw + rw <= w)
		disp_str(y, w - rw + 1, rw - 1, right, disp_role(ROLE_STATUS));
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
	views[t->mode]->draw(t);
	views[t->mode]->status(t, t->rows - 1);
	disp_flush();
}

/* ---- keys ---- */

static void
global_action(struct tui *t, enum action a)
{
	switch (a) {
	case ACT_QUIT:
		t->quit = 1;
		break;
	case ACT_HELP:
		if (t->mode != VIEW_HELP)
			views[VIEW_HELP]->open(t);
		break;
	case ACT_SEARCH:
		if (t->mode != VIEW_SEARCH)
			views[VIEW_SEARCH]->open(t);
		break;
	case ACT_CATEGORY:
		if (t->mode != VIEW_PICKER)
			views[VIEW_PICKER]->open(t);
		break;
	case ACT_QUIZ:
		if (t->mode != VIEW_QUIZ)
			views[VIEW_QUIZ]->open(t);
		break;
	case ACT_REDRAW:
		disp_repaint();
		break;
	default:
		break;
	}
}

static void
mouse_event(struct tui *t)
{
	const struct view_ops *v = views[t->mode];
	int y, x, b;
	bool wheel;

	if (!disp_mouse(&y, &x, &b) || t->small)
		return;
	wheel = b == 4 || b == 5;
	if (t->mode == VIEW_READER || (t->mode == VIEW_INDEX && t->split &&
	    x >= t->dp.x && y >= t->dp.y && y < t->dp.y + t->dp.h)) {
		if (wheel) {
			for (int i = 0; i < 3; i++)
				detail_scroll(t, b == 4 ? ACT_UP : ACT_DOWN);
		} else if (t->mode == VIEW_READER)
			detail_click(t, &t->dp, y, x);
		else if (index_selected(t) != NULL)
			/* A click on the definition beside the index
			 * opens it to read. */
			tui_open_term(t, index_selected(t)->key);
		return;
	}
	if (wheel) {
		for (int i = 0; i < 3; i++)
			v->key(t, b == 4 ? ACT_UP : ACT_DOWN, 0);
		return;
	}
	if (t->mode == VIEW_INDEX && y >= t->ip.y && y < t->ip.y + t->ip.h)
		index_click(t, y);
}

static void
handle_key(struct tui *t, int key)
{
	const struct view_ops *v = views[t->mode];
	enum action own, a;
	int typing;

	t->msg[0] = '\0';
	t->msg_err = false;
	if (key == KEYC_RESIZE) {
		/* The terminal may have cut or reflowed what it showed, even
		 * when the size read back is the old one (shrunk and grown
		 * again before we looked, so curses saw no change and kept
		 * its picture of the screen): send everything again. */
		tui_layout(t);
		disp_repaint();
		return;
	}
	if (t->small) {
		if (key == 'q' || key == KEYC_ESC || key == KEYC_F1 + 9 ||
		    key == KEYC_CTRL('Q'))
			t->quit = 1;
		return;
	}
	if (key == KEYC_MOUSE) {
		mouse_event(t);
		return;
	}
	/* Esc then a key, typed fast, reads as Alt-key: unless Alt-key
	 * means something, it is what was meant (Esc to clear the find
	 * field, then a word). */
	if ((key & KEYC_META) && keymap_lookup(v->ctx, key, true) ==
	    ACT_NONE && key != KEYC_META) {
		handle_key(t, KEYC_ESC);
		if (!t->quit)
			handle_key(t, key & ~KEYC_META);
		return;
	}
	/* A view taking text gets the editing keys as text first, unless
	 * its own context binds them (Enter, Esc in a prompt); a typed
	 * answer takes even those ("1" is no grade there). */
	typing = v->typing != NULL ? v->typing(t) : 0;
	own = keymap_lookup(v->ctx, key, false);
	if (typing && lineed_takes(key) && (typing == 2 || own == ACT_NONE)) {
		v->key(t, ACT_NONE, key);
		return;
	}
	a = own != ACT_NONE ? own : keymap_lookup(KCTX_GLOBAL, key, false);
	if (!v->key(t, a, key))
		global_action(t, a);
}

/* ---- config ---- */

struct conf_state {
	struct tui	*t;
	int		 color;
	char		 theme[32];
	bool		 nomouse;
	struct conf_quiz quiz;
	char		**errs;
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
	if (strcmp(name, "split") == 0) {
		char *end;
		long n = strtol(value, &end, 10);

		if (strcmp(value, "auto") == 0)
			cs->t->split_cols = SPLIT_COLS;
		else if (strcmp(value, "on") == 0)
			cs->t->split_cols = 1;
		else if (strcmp(value, "off") == 0)
			cs->t->split_cols = 0;
		else if (end != value && *end == '\0' && n >= MIN_COLS &&
		    n <= 1000)
			cs->t->split_cols = (int)n;
		else {
			snprintf(err, errsz, "'set split' takes auto, on, off "
			    "or the columns from which the definition shows "
			    "beside the index (%d to 1000), not '%.40s'",
			    MIN_COLS, value);
			return -1;
		}
		return 0;
	}
	/* The find field does not time out; old config files keep
	 * working. */
	if (strcmp(name, "typeahead-timeout") == 0)
		return 0;
	snprintf(err, errsz, "unknown setting '%.40s' (color, theme, cursor, "
	    "split, mouse or retention)", name);
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
	{
		struct buf b = { 0 };

		buf_printf(&b, "%s%s: %s", path, where, msg);
		cs->errs = xreallocarray(cs->errs, (size_t)cs->nerr + 1,
		    sizeof *cs->errs);
		cs->errs[cs->nerr++] = buf_take(&b);
	}
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

static void
tui_free(struct tui *t)
{
	for (int v = 0; v < VIEW_COUNT; v++)
		if (views[v]->free != NULL)
			views[v]->free(t);
	free(t->hist);
	if (t->lk != NULL)
		lookup_close(t->lk);
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
	bool dirty = true;

	t.c = c;
	t.o = o;
	t.dt.cur_link = t.dt.cur_match = -1;
	t.qz.length = 10;
	t.split_cols = SPLIT_COLS;
	t.mode = VIEW_INDEX;
	t.stack[0] = VIEW_INDEX;
	t.depth = 1;
	srs_params_default(&t.params);
	if (study_clock_init(&t.ck, o->now, err, sizeof err) != 0)
		tui_message(&t, true, "%s", err);
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
		strv_free(cs.errs, cs.nerr);
		tui_free(&t);
		return 2;
	}
	if (o->progress_path != NULL &&
	    progress_open(&t.progress, o->progress_path, err, sizeof err) !=
	    PROGRESS_OK)
		t.progress = NULL;
	/* Without the lookup engine the find field still finds by
	 * prefix. */
	if (lookup_open(&t.lk, c, err, sizeof err) != LOOKUP_OK)
		t.lk = NULL;
	tui_layout(&t);
	index_open(&t);
	if (index_selected(&t) != NULL)
		detail_show(&t, index_selected(&t)->key);
	if (o->start_term != NULL) {
		int64_t key, cands[4];
		size_t nc = nitems(cands);

		if (corpus_lookup(c, o->start_term, &key, cands, &nc, err,
		    sizeof err) == CORPUS_OK)
			tui_open_term(&t, key);
		else
			tui_message(&t, true, "no term \"%s\"", o->start_term);
	}
	/* Every bad line of the config file, whole, each on its own. */
	if (cs.nerr > 0) {
		help_open_text(&t, "Errors in the config file (those lines "
		    "were skipped; q closes)", cs.errs, (size_t)cs.nerr);
		strv_free(cs.errs, cs.nerr);
		cs.errs = NULL;
	}

	while (!t.quit) {
		int key;

		if ((sig = disp_signal()) != 0) {
			status = 128 + sig;
			break;
		}
		if (t.mode == VIEW_SEARCH && t.su.stale) {
			/* The key shows in the prompt before the scan, which
			 * takes seconds on a million terms for one letter. */
			if (dirty)
				draw(&t);
			search_ui_update(&t);
			dirty = true;
		}
		if (dirty)
			draw(&t);
		dirty = false;
		key = disp_getkey(POLL_MS);
		if (key < 0)
			break;		/* the key script ended */
		if (key == KEYC_NONE)
			continue;
		handle_key(&t, key);
		dirty = true;
	}
	if (t.quit)
		status = t.quit - 1;
	disp_done();
	tui_free(&t);
	return status;
}
