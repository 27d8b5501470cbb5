/* view_quiz.c - the quiz view: a chooser (scope and length), then one
 * card at a time with a progress bar, and a summary.
 *
 * The browser's state is not touched: leaving the quiz shows the index,
 * the definition and the history as they were. Every grade is committed
 * by progress_review() before the next card is drawn; a grade that cannot
 * be saved keeps the card on screen with the error. The card is laid out
 * again at every draw, so a resize or a reveal needs no bookkeeping. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progress.h"
#include "quiz.h"
#include "search.h"
#include "srs.h"
#include "stats.h"
#include "study.h"
#include "text.h"
#include "tui.h"
#include "tui-int.h"
#include "util.h"

#define QUIZ_LEN_MIN	5
#define QUIZ_LEN_MAX	100
#define QUIZ_LEN_STEP	5
#define RECENT_MAX	50

static void	draw_stats(struct tui *t);

/* ---- lines of the card ---- */

static void
qlines_clear(struct quiz_view *q)
{
	for (size_t i = 0; i < q->n; i++) {
		free(q->lines[i].r.text);
		free(q->lines[i].r.spans);
	}
	q->n = 0;
}

static struct qline *
qline_new(struct quiz_view *q, int role)
{
	struct qline *l;

	q->lines = xgrow(q->lines, q->n, &q->cap, 64, sizeof *q->lines);
	l = &q->lines[q->n++];
	memset(l, 0, sizeof *l);
	l->role = role;
	return l;
}

/* Plain text in one role, wrapped at width (by the renderer's wrapper:
 * the text is sanitized, never Markdown). */
static void
qline_text(struct quiz_view *q, const char *s, int role, int width)
{
	char *clean = text_sanitize(s, strlen(s), false, NULL);
	const char *p = clean;
	size_t len = strlen(clean), w;

	if (len == 0) {
		struct qline *l = qline_new(q, role);

		l->r.text = xstrdup("");
		free(clean);
		return;
	}
	while (len > 0) {
		size_t n = text_fit(p, len, (size_t)width, &w);
		struct qline *l;

		if (n == 0)
			n = len;
		/* Break at the last space that fits when the rest goes on. */
		if (n < len) {
			size_t b = n;

			while (b > 0 && p[b - 1] != ' ')
				b--;
			if (b > 0)
				n = b;
		}
		l = qline_new(q, role);
		l->r.text = xstrndup(p, n);
		l->r.len = strlen(l->r.text);
		p += n;
		len -= n;
		while (len > 0 && *p == ' ')
			p++, len--;
	}
	free(clean);
}

/* A spacing line; none on a short screen, where every row is text. */
static void
qline_blank(struct quiz_view *q)
{
	if (!q->compact)
		qline_text(q, "", -1, 10);
}

/* Markdown + LaTeX, as the definition pane renders it. */
static void
qline_md(struct quiz_view *q, const char *md, int width)
{
	struct render_opts ro = { 0 };
	struct rdoc doc = { 0 };

	ro.width = width;
	ro.ascii = disp_ascii();
	ro.heal = true;
	render_markdown(md, strlen(md), &ro, &doc);
	/* A trailing blank line would only push the grade keys away. */
	while (doc.n > 0 && doc.lines[doc.n - 1].len == 0) {
		doc.n--;
		free(doc.lines[doc.n].text);
		free(doc.lines[doc.n].spans);
	}
	for (size_t i = 0; i < doc.n; i++) {
		struct qline *l = qline_new(q, -1);

		l->r = doc.lines[i];
		memset(&doc.lines[i], 0, sizeof doc.lines[i]);
	}
	rdoc_free(&doc);
}

/* ---- the session ---- */

/* A typed or picked answer grades itself; a card only shown (Space on
 * an empty answer or before a pick) asks for a grade like the others. */
static bool
answered(const struct quiz_view *q, const struct quiz_item *it)
{
	return it->kind == QUIZ_TYPED ? q->ilen > 0 :
	    it->kind == QUIZ_CHOICE ? q->picked >= 0 : false;
}

static const struct quiz_term *
cur_term(const struct quiz_view *q)
{
	return &q->ts.q[q->items[q->cur].term];
}

static void
card_clear(struct quiz_view *q)
{
	if (q->have_card)
		quiz_card_free(&q->card);
	q->have_card = false;
	free(q->diff);
	q->diff = NULL;
	q->graded_auto = false;
	q->have_preview = false;
	q->picked = -1;
	q->ilen = 0;
	q->input[0] = '\0';
	q->top = 0;
}

static void
session_clear(struct quiz_view *q)
{
	card_clear(q);
	study_terms_free(&q->ts);
	quiz_queue_free(&q->qq);
	free(q->items);
	q->items = NULL;
	free(q->undo);
	free(q->undo_grade);
	q->undo = NULL;
	q->undo_grade = NULL;
	q->nundo = q->capundo = 0;
	q->nitems = q->cur = q->done = 0;
	memset(q->graded, 0, sizeof q->graded);
	q->saved[0] = '\0';
	q->help = false;
}

void
quiz_ui_free(struct quiz_view *q)
{
	session_clear(q);
	qlines_clear(q);
	list_free(&q->stats);
	q->show_stats = false;
	free(q->lines);
	q->lines = NULL;
	q->cap = 0;
}

static void
finish(struct tui *t)
{
	struct quiz_view *q = &t->qz;
	struct progress_stats st;
	char err[256];

	card_clear(q);
	q->phase = QP_DONE;
	q->cur = q->nitems;
	q->due_today = q->due_week = -1;
	if (progress_stats(t->progress, study_clock_now(&t->ck), 1, &st, err,
	    sizeof err) == PROGRESS_OK) {
		q->due_today = st.due_today;
		q->due_week = st.due_week;
		progress_stats_free(&st);
	}
}

/* Show the queue's next card (a learning step that is due, the next
 * dealt card, or one shown early), skipping any that cannot be made. */
static void
card_start(struct tui *t)
{
	struct quiz_view *q = &t->qz;
	long idx;

	card_clear(q);
	while ((idx = quiz_queue_next(&q->qq, study_clock_now(&t->ck))) >= 0) {
		const struct quiz_item *it = &q->items[idx];

		q->cur = (size_t)idx;
		if (quiz_card_make(q->ts.q, q->ts.n, it->term, it->kind,
		    q->seed, &q->card) == 0) {
			q->have_card = true;
			q->phase = QP_ASK;
			q->shown_item = *it;
			return;
		}
		quiz_queue_skip(&q->qq, (size_t)idx);
	}
	finish(t);
}

/* Commit grade g of the current card; false (and the error on the status
 * line) when progress.db did not take it. */
static bool
commit(struct tui *t, enum srs_grade g)
{
	struct quiz_view *q = &t->qz;
	const struct quiz_item *it = &q->items[q->cur];
	struct progress_undo u;
	struct srs_card after;
	char err[512], iv[32];
	int64_t now = study_clock_now(&t->ck);

	if (progress_review_undoable(t->progress, cur_term(q)->slug,
	    quiz_kind_name(it->kind), &t->params, now, g, &after, &u, err,
	    sizeof err) != PROGRESS_OK) {
		tui_message(t, true, "not saved: %s", err);
		return false;
	}
	if (q->nundo == q->capundo) {
		q->capundo = q->capundo ? q->capundo * 2 : 16;
		q->undo = xreallocarray(q->undo, q->capundo, sizeof *q->undo);
		q->undo_grade = xreallocarray(q->undo_grade, q->capundo,
		    sizeof *q->undo_grade);
	}
	q->undo[q->nundo] = u;
	q->undo_grade[q->nundo++] = g;
	quiz_queue_graded(&q->qq, q->cur, &after,
	    progress_day_end(t->progress, now));
	q->graded[g - 1]++;
	q->done = q->qq.done;
	srs_format_interval(after.due - now, iv, sizeof iv);
	snprintf(q->saved, sizeof q->saved, "Saved: %s, next in %s",
	    study_grade_label(g), iv);
	return true;
}

/* u: take back the last grade, in progress.db (one transaction: the log
 * row and the card as it was) and in the session; its card comes again. */
static void
undo(struct tui *t)
{
	struct quiz_view *q = &t->qz;
	const struct progress_undo *u;
	char err[512];
	int g;

	if (q->nundo == 0) {
		tui_message(t, true, "nothing to undo in this session");
		return;
	}
	u = &q->undo[q->nundo - 1];
	if (progress_undo(t->progress, u, err, sizeof err) != PROGRESS_OK) {
		tui_message(t, true, "%s", err);
		return;
	}
	g = q->undo_grade[--q->nundo];
	q->graded[g - 1]--;
	quiz_queue_undo(&q->qq);
	q->done = q->qq.done;
	tui_message(t, false, "Undone: %s on %s", study_grade_label(g),
	    q->ts.q[q->items[q->qq.pinned].term].headword);
	card_start(t);
}

static void
reveal(struct tui *t)
{
	struct quiz_view *q = &t->qz;
	const struct quiz_item *it = &q->items[q->cur];
	struct srs_card preview[4];
	char err[512];
	int64_t now;

	q->phase = QP_SHOWN;
	q->top = 0;
	if (answered(q, it)) {
		if (it->kind == QUIZ_TYPED)
			q->verdict = quiz_check_typed(cur_term(q), q->input,
			    &q->diff);
		else
			q->verdict = q->picked >= 0 ? quiz_check_choice(&q->card,
			    (size_t)q->picked) : QUIZ_WRONG;
		q->graded_auto = commit(t, quiz_verdict_grade(q->verdict));
		if (q->graded_auto)
			tui_message(t, false, "%s", q->saved);
		return;
	}
	now = study_clock_now(&t->ck);
	if (study_preview(t->progress, &t->params, cur_term(q)->slug, it->kind,
	    now, preview, err, sizeof err) == PROGRESS_OK) {
		for (int i = 0; i < 4; i++)
			q->preview_iv[i] = preview[i].due - now;
		q->have_preview = true;
	} else
		tui_message(t, true, "%s", err);
}

/* ---- the chooser ---- */

static const char *
scope_label(const struct tui *t, enum qscope s, char *buf, size_t len)
{
	const struct term_ref *r = index_selected(t);

	switch (s) {
	case QS_ALL:
		snprintf(buf, len, "All terms");
		break;
	case QS_LETTER:
		snprintf(buf, len, "Letter %c", r != NULL ? r->letter : '?');
		break;
	case QS_CATEGORY:
		snprintf(buf, len, "Category: %s", t->ix.category ?
		    t->ix.category : "");
		break;
	case QS_RECENT:
		snprintf(buf, len, "Recent lookups");
		break;
	case QS_SEARCH:
		snprintf(buf, len, "Search results: /%.*s", (int)t->su.len,
		    t->su.pat);
		break;
	default:
		buf[0] = '\0';
	}
	return buf;
}

void
quiz_ui_config(struct quiz_view *q, const struct conf_quiz *c)
{
	study_opts_default(&q->opts);
	q->opts.kinds = c->kinds;
	if (c->new_order != 0)
		q->opts.order = (enum quiz_order)(c->new_order -
		    CONF_ORDER_LINKS);
	if (c->new_per_day != 0)
		q->opts.new_per_day = (size_t)c->new_per_day - 1;
	if (c->reviews_per_day != 0)
		q->opts.reviews_per_day = (size_t)c->reviews_per_day - 1;
	q->learn_ahead = c->learn_ahead != 0 ?
	    (int64_t)(c->learn_ahead - 1) * 60 : QUIZ_LEARN_AHEAD;
}

void
quiz_ui_open(struct tui *t)
{
	struct quiz_view *q = &t->qz;
	enum qscope def = QS_ALL;

	if (t->progress == NULL) {
		tui_message(t, true, "no quiz: cannot open %s",
		    t->o->progress_path ? t->o->progress_path : "progress.db");
		return;
	}
	session_clear(q);
	q->nscopes = 0;
	q->scopes[q->nscopes++] = QS_ALL;
	if (index_selected(t) != NULL) {
		q->scopes[q->nscopes++] = QS_LETTER;
		def = QS_LETTER;
	}
	if (t->ix.category != NULL) {
		q->scopes[q->nscopes++] = QS_CATEGORY;
		def = QS_CATEGORY;
	}
	q->scopes[q->nscopes++] = QS_RECENT;
	if (t->su.last != NULL && t->su.len > 0)
		q->scopes[q->nscopes++] = QS_SEARCH;
	for (q->sel = 0; q->scopes[q->sel] != def; q->sel++)
		;
	if (q->length == 0)
		q->length = 10;
	q->phase = QP_CHOOSE;
	q->counts_scope = -1;
	tui_push(t, VIEW_QUIZ);
}

/* The terms of scope s into ts; -1 (with the message shown unless
 * quiet) when there are none to load. */
static int
scope_load(struct tui *t, enum qscope s, struct study_terms *ts, bool quiet)
{
	struct study_scope sc = { 0 };
	const struct term_ref *r = index_selected(t);
	char err[512], **recent = NULL;
	size_t nrecent = 0;
	int rc;

	memset(ts, 0, sizeof *ts);
	switch (s) {
	case QS_LETTER:
		sc.letter = r != NULL ? r->letter : 0;
		break;
	case QS_CATEGORY:
		sc.category = t->ix.category;
		break;
	case QS_RECENT:
		if (study_recent(t->progress, RECENT_MAX, &recent, &nrecent,
		    err, sizeof err) != PROGRESS_OK) {
			if (!quiet)
				tui_message(t, true, "%s", err);
			return -1;
		}
		if (nrecent == 0) {
			if (!quiet)
				tui_message(t, true, "no recent lookups yet: "
				    "open some terms first");
			return -1;
		}
		sc.only = recent;
		sc.nonly = nrecent;
		break;
	case QS_SEARCH:
		sc.re = t->su.last;
		sc.search_flags = SEARCH_SMARTCASE | (t->su.headwords_only ?
		    SEARCH_HEADWORDS_ONLY : 0);
		break;
	default:
		break;
	}
	rc = study_terms_load(t->c, &sc, NULL, ts, err, sizeof err);
	study_slugs_free(recent, nrecent);
	if (rc != 0 && !quiet)
		tui_message(t, true, "%s", err[0] ? err : "cannot load terms");
	return rc;
}

static void
session_start(struct tui *t)
{
	struct quiz_view *q = &t->qz;
	char err[512];
	int64_t now = study_clock_now(&t->ck);

	q->scope = q->scopes[q->sel];
	scope_label(t, q->scope, q->scope_name, sizeof q->scope_name);
	session_clear(q);
	if (scope_load(t, q->scope, &q->ts, false) != 0)
		return;
	if (q->ts.n == 0) {
		tui_message(t, true, "no terms in %s", q->scope_name);
		return;
	}
	q->opts.length = q->length;
	if (study_session(t->progress, &q->ts, &q->opts, now, &q->items,
	    &q->nitems, err, sizeof err) != PROGRESS_OK) {
		tui_message(t, true, "%s", err);
		session_clear(q);
		return;
	}
	if (q->nitems == 0) {
		tui_message(t, false, "nothing to review in %s: no cards due, "
		    "today's new cards done", q->scope_name);
		session_clear(q);
		return;
	}
	q->seed = (uint64_t)now;
	quiz_queue_init(&q->qq, q->items, q->nitems, q->learn_ahead);
	card_start(t);
}

/* ---- drawing ---- */

/* The verdict of a typed or picked answer, or the answer of a reverse
 * card, with the term. */
static void
layout_verdict(struct quiz_view *q, const struct quiz_item *it,
    const struct quiz_term *tm, struct buf *b, int width)
{
	buf_reset(b);
	if (!answered(q, it)) {
		buf_printf(b, "Answer: %s", tm->headword);
		qline_text(q, b->s, ROLE_HEADWORD, width);
		return;
	}
	if (q->verdict == QUIZ_CORRECT)
		buf_printf(b, "Correct: %s", tm->headword);
	else if (q->verdict == QUIZ_ALMOST && q->diff != NULL)
		buf_printf(b, "Almost: %s, the answer is %s", q->diff,
		    tm->headword);
	else
		buf_printf(b, "%s: the answer is %s", q->verdict == QUIZ_ALMOST ?
		    "Almost" : "Wrong", tm->headword);
	qline_text(q, b->s, q->verdict == QUIZ_CORRECT ? ROLE_GOOD :
	    ROLE_ERROR, width);
	if (q->verdict == QUIZ_ALMOST && q->diff != NULL)
		qline_text(q, "([x] missing, (x) extra, [want/got])", ROLE_META,
		    width);
}

static void
layout_choices(struct quiz_view *q, const struct quiz_card *c, bool shown,
    struct buf *b, int width)
{
	for (size_t i = 0; i < c->nchoices; i++) {
		int role = !shown ? ROLE_NORMAL : i == c->correct ? ROLE_GOOD :
		    (long)i == q->picked ? ROLE_ERROR : ROLE_NORMAL;

		buf_reset(b);
		buf_printf(b, "  %zu) %s%s", i + 1, c->choices[i], shown &&
		    (long)i == q->picked && i != c->correct ? "  (your pick)" :
		    "");
		qline_text(q, b->s, role, width);
	}
}

static void
layout_card(struct tui *t, int width)
{
	struct quiz_view *q = &t->qz;
	const struct quiz_item *it = &q->items[q->cur];
	const struct quiz_term *tm = cur_term(q);
	const struct quiz_card *c = &q->card;
	bool shown = q->phase == QP_SHOWN;
	struct buf b = { 0 };

	buf_printf(&b, "%s, %s", quiz_kind_name(it->kind), q->shown_item.is_new ?
	    "new" : srs_state_name(q->shown_item.card.state));
	/* On a short screen the card kind goes last: the term and the
	 * question come first (at 32x8 the card showed only "define,
	 * new"). */
	if (!q->compact)
		qline_text(q, b.s, ROLE_META, width);
	qline_blank(q);
	switch (it->kind) {
	case QUIZ_DEFINE:
		qline_text(q, tm->headword, ROLE_HEADWORD, width);
		qline_blank(q);
		if (!shown)
			qline_text(q, "What does it mean?", ROLE_META, width);
		else
			qline_md(q, c->answer, width);
		break;
	case QUIZ_CLOZE:
		buf_reset(&b);
		buf_printf(&b, "Fill the gap %s in %s:", QUIZ_CLOZE_GAP,
		    tm->headword);
		qline_text(q, b.s, ROLE_META, width);
		qline_blank(q);
		qline_md(q, shown ? c->answer : c->prompt, width);
		break;
	default:
		/* Shown: the verdict and the answer first, where the eye is,
		 * at any size (it was some 30 lines down, under the body). */
		if (shown) {
			layout_verdict(q, it, tm, &b, width);
			qline_blank(q);
		}
		if (it->kind == QUIZ_CHOICE && shown) {
			layout_choices(q, c, shown, &b, width);
			qline_blank(q);
		}
		if (!shown) {
			qline_text(q, "Which term is this?", ROLE_META, width);
			qline_blank(q);
		}
		qline_md(q, c->prompt, width);
		if (it->kind == QUIZ_CHOICE && !shown) {
			qline_blank(q);
			layout_choices(q, c, shown, &b, width);
		}
		break;
	}
	if (q->compact) {
		buf_reset(&b);
		buf_printf(&b, "(%s, %s)", quiz_kind_name(it->kind),
		    q->shown_item.is_new ? "new" :
		    srs_state_name(q->shown_item.card.state));
		qline_text(q, b.s, ROLE_META, width);
	}
	buf_free(&b);
}

/* ?: the quiz's keys, over the card until the next key. */
static void
layout_help(struct quiz_view *q, int width)
{
	static const char *const lines[] = {
		"Space Enter  show the answer; after it, grade Good",
		"1 2 3 4      grade Again, Hard, Good, Easy (before the "
		    "reveal of a choice card: pick)",
		"u            take back the last grade; its card comes again",
		"j k          scroll a long card (PgDn PgUp a page)",
		"q Esc        leave; every grade given is already saved",
		"?            these keys; any key closes them",
		"",
		"A card graded Again or Hard, or Good on its first step, comes "
		    "back in this session when its step is due; when nothing "
		    "else is left, one due within the learn-ahead limit comes "
		    "early.",
	};

	qline_text(q, "Quiz keys", ROLE_HEADWORD, width);
	for (size_t i = 0; i < nitems(lines); i++)
		qline_text(q, lines[i], -1, width);
}

static void
layout_summary(struct tui *t, int width)
{
	struct quiz_view *q = &t->qz;
	struct buf b = { 0 };
	int64_t first, now = study_clock_now(&t->ck);
	size_t waiting = quiz_queue_waiting(&q->qq, &first);
	char iv[32];

	buf_printf(&b, "%zu card%s reviewed (%zu grade%s saved)", q->qq.done,
	    q->qq.done == 1 ? "" : "s", q->qq.reviews,
	    q->qq.reviews == 1 ? "" : "s");
	qline_text(q, b.s, ROLE_HEADWORD, width);
	if (waiting > 0) {
		srs_format_interval(first > now ? first - now : 0, iv,
		    sizeof iv);
		buf_reset(&b);
		buf_printf(&b, "%zu in learning: the next is due in %s",
		    waiting, iv);
		qline_text(q, b.s, ROLE_META, width);
	}
	qline_blank(q);
	for (int i = 0; i < 4; i++) {
		buf_reset(&b);
		buf_printf(&b, "  %-6s %d", study_grade_label(i + 1),
		    q->graded[i]);
		qline_text(q, b.s, -1, width);
	}
	if (q->due_today >= 0) {
		qline_blank(q);
		buf_reset(&b);
		buf_printf(&b, "Due before tomorrow: %d; within 7 days: %d.",
		    q->due_today, q->due_week);
		qline_text(q, b.s, -1, width);
	}
	buf_free(&b);
}

static void
draw_qline(const struct qline *l, int y, int x, int w)
{
	const struct rline *r = &l->r;
	size_t pos = 0;
	int col = 0;

	if (l->role >= 0) {
		disp_text(y, x, w, r->text, r->len, disp_role(l->role));
		return;
	}
	for (size_t i = 0; i <= r->nspans && col < w; i++) {
		size_t start = i < r->nspans ? r->spans[i].off : r->len;

		if (start > pos)
			col += disp_text(y, x + col, w - col, r->text + pos,
			    start - pos, disp_role(ROLE_NORMAL));
		if (i == r->nspans)
			break;
		col += disp_text(y, x + col, w - col, r->text + start,
		    r->spans[i].len, detail_style_attr(r->spans[i].style,
		    false));
		pos = start + r->spans[i].len;
	}
}

/* "card 2 of 10" and a bar of the cards done. */
static void
draw_progress(struct tui *t, int y)
{
	struct quiz_view *q = &t->qz;
	char right[64];
	int w = t->cols, bw, fill, x;

	snprintf(right, sizeof right, " %zu/%zu", q->done, q->nitems);
	bw = w - 4 - (int)strlen(right);
	if (bw < 4)
		bw = 4;
	fill = q->nitems > 0 ? (int)((size_t)bw * q->done / q->nitems) : 0;
	x = disp_str(y, 1, 1, "[", disp_role(ROLE_FRAME)) + 1;
	for (int i = 0; i < bw && x < w; i++)
		x += disp_str(y, x, 1, disp_glyph(i < fill ? GLYPH_BAR_FULL :
		    GLYPH_BAR_EMPTY), disp_role(i < fill ? ROLE_GUTTER :
		    ROLE_LETTER_EMPTY));
	x += disp_str(y, x, 1, "]", disp_role(ROLE_FRAME));
	disp_str(y, x, w - x, right, disp_role(ROLE_META));
}

/* The counts of the selected scope, loaded once per scope. */
static void
chooser_counts(struct tui *t)
{
	struct quiz_view *q = &t->qz;
	struct study_terms ts;
	char err[256];

	if (q->counts_scope == (int)q->scopes[q->sel])
		return;
	q->counts_scope = (int)q->scopes[q->sel];
	q->counts_ok = false;
	if (scope_load(t, q->scopes[q->sel], &ts, true) != 0)
		return;
	q->counts_ok = study_counts(t->progress, &ts, &q->opts,
	    study_clock_now(&t->ck), &q->counts, err, sizeof err) ==
	    PROGRESS_OK;
	study_terms_free(&ts);
}

/* The scopes scroll when the screen is too short for all of them, with
 * an arrow at the right end of a row that has more beyond it: at 32x8
 * the list stopped after two and a third choice was selected off
 * screen. The length and the keys' hint stay below. */
static void
draw_chooser(struct tui *t)
{
	struct quiz_view *q = &t->qz;
	char label[200], len[64];
	bool roomy = t->rows >= 12;
	int y0 = roomy ? 2 : 1, last = t->rows - 2, vis, y;
	size_t top = 0;

	disp_str(0, 1, t->cols - 1, "Quiz: what to study", disp_role(
	    ROLE_HEADING));
	/* last: the hint; last - 1: the length; a blank above when roomy. */
	vis = last - 1 - (roomy ? 1 : 0) - y0;
	if (vis < 1)
		vis = 1;
	if (q->sel >= (size_t)vis)
		top = q->sel - (size_t)vis + 1;
	y = y0;
	for (size_t i = top; i < q->nscopes && y < y0 + vis; i++, y++) {
		attr_t a = i == q->sel ? disp_role(ROLE_SELECT) :
		    disp_role(ROLE_NORMAL);

		/* The marker too: a dump or a mono screen shows the choice. */
		if (i == q->sel) {
			disp_fill(y, 1, t->cols - 2, a);
			disp_str(y, 1, 1, ">", a);
		}
		disp_str(y, 3, t->cols - 6, scope_label(t, q->scopes[i],
		    label, sizeof label), a);
		if (i == top && top > 0)
			disp_str(y, t->cols - 2, 1, disp_glyph(GLYPH_MORE_UP),
			    disp_role(ROLE_META));
		else if (y == y0 + vis - 1 && i + 1 < q->nscopes)
			disp_str(y, t->cols - 2, 1,
			    disp_glyph(GLYPH_MORE_DOWN), disp_role(ROLE_META));
	}
	/* What the selection holds, before it starts (Anki's deck list). */
	chooser_counts(t);
	if (q->counts_ok && y0 + vis < last - 1) {
		char c[160];

		snprintf(c, sizeof c, "Due %zu  Learning %zu  New %zu today "
		    "(%zu new in all)", q->counts.due, q->counts.learning,
		    q->counts.new_today, q->counts.new_total);
		disp_str(y0 + vis, 3, t->cols - 4, c, disp_role(ROLE_META));
	}
	y = last - 1;
	snprintf(len, sizeof len, "Cards per session: %zu", q->length);
	disp_str(y++, 3, t->cols - 4, len, disp_role(ROLE_BOLD));
	disp_str(y, 3, t->cols - 4, "Enter starts, + - change the "
	    "length, s stats, Esc goes back", disp_role(ROLE_META));
}

/* The line above the status: what the keys do now. */
static void
draw_keys(struct tui *t, int y)
{
	struct quiz_view *q = &t->qz;
	const struct quiz_item *it = q->phase == QP_ASK ||
	    q->phase == QP_SHOWN ? &q->items[q->cur] : NULL;
	int x = 1, w = t->cols;

	if (q->phase == QP_DONE) {
		disp_str(y, x, w - x, "Enter or q: back to the browser   u: undo",
		    disp_role(ROLE_META));
		return;
	}
	if (it == NULL)
		return;
	if (q->phase == QP_ASK && it->kind == QUIZ_TYPED) {
		int px;

		x += disp_str(y, x, w - x, "Type the term: ",
		    disp_role(ROLE_PROMPT));
		px = disp_text(y, x, w - x - 1, q->input, q->ilen,
		    disp_role(ROLE_NORMAL));
		disp_fill(y, x + px, 1, disp_role(ROLE_SELECT));
		return;
	}
	if (q->phase == QP_ASK) {
		char hint[80];

		if (it->kind == QUIZ_CHOICE)
			snprintf(hint, sizeof hint, "1-%zu: pick the term   "
			    "Space: show the answer", q->card.nchoices);
		else
			snprintf(hint, sizeof hint, "Space or Enter: show the "
			    "answer   ?: keys");
		disp_str(y, x, w - x, hint, disp_role(ROLE_META));
		return;
	}
	if (answered(q, it)) {
		x += disp_str(y, x, w - x, q->graded_auto ? q->saved :
		    "not saved", disp_role(q->graded_auto ? ROLE_BOLD :
		    ROLE_ERROR));
		disp_str(y, x, w - x, "   Space: next card",
		    disp_role(ROLE_META));
		return;
	}
	/* "1 Again 1m  2 Hard 6m  3 Good 10m  4 Easy 8d", or on a narrow
	 * screen "1 A 1m  2 H 6m  3 G 10m  4 E 8d": the intervals are what
	 * must not be cut. */
	char lab[4][48];
	int full = 0;

	for (int pass = 0; pass < 2; pass++) {
		full = 0;
		for (int i = 0; i < 4; i++) {
			char iv[32];

			if (q->have_preview)
				srs_format_interval(q->preview_iv[i], iv,
				    sizeof iv);
			else
				iv[0] = '\0';
			snprintf(lab[i], sizeof lab[i], " %.*s%s%s",
			    pass == 0 ? 10 : 1, study_grade_label(i + 1),
			    iv[0] ? " " : "", iv);
			full += (i > 0 ? 2 : 0) + 1 + (int)strlen(lab[i]);
		}
		if (full <= w - x - 1)
			break;
	}
	for (int i = 0; i < 4 && x < w; i++) {
		char key[4];

		snprintf(key, sizeof key, "%d", i + 1);
		if (i > 0)
			x += disp_str(y, x, w - x, "  ", disp_role(ROLE_NORMAL));
		x += disp_str(y, x, w - x, key, disp_role(ROLE_STATUS_KEY));
		x += disp_str(y, x, w - x, lab[i], disp_role(ROLE_NORMAL));
	}
}

void
quiz_ui_draw(struct tui *t)
{
	struct quiz_view *q = &t->qz;
	int width = t->cols - 2, body = 3, h;
	char head[256], right[64];

	if (q->show_stats) {
		draw_stats(t);
		return;
	}
	if (q->phase == QP_CHOOSE) {
		draw_chooser(t);
		return;
	}
	snprintf(head, sizeof head, "Quiz: %s", q->scope_name);
	if (q->phase == QP_DONE)
		snprintf(right, sizeof right, "done");
	else
		snprintf(right, sizeof right, "card %zu of %zu", q->cur + 1,
		    q->nitems);
	disp_str(0, 1, t->cols - (int)strlen(right) - 3, head,
	    disp_role(ROLE_HEADING));
	disp_str(0, t->cols - (int)strlen(right) - 1, (int)strlen(right),
	    right, disp_role(ROLE_META));
	draw_progress(t, 1);

	if (width < 10)
		width = 10;
	/* Rows 3 .. rows-4; rows-3 blank, rows-2 the keys. Short screens
	 * (32x8 leaves two rows) drop both blank rows and the card's own
	 * spacing: rows 2 .. rows-3. */
	q->compact = t->rows < 12;
	if (q->compact)
		body = 2;
	qlines_clear(q);
	if (q->help)
		layout_help(q, width);
	else if (q->phase == QP_DONE)
		layout_summary(t, width);
	else
		layout_card(t, width);
	h = t->rows - (q->compact ? 2 : 3) - body;
	if (h < 1)
		h = 1;
	q->h = h;
	if (q->n <= (size_t)h)
		q->top = 0;
	else if (q->top > q->n - (size_t)h)
		q->top = q->n - (size_t)h;
	for (int r = 0; r < h && q->top + (size_t)r < q->n; r++)
		draw_qline(&q->lines[q->top + (size_t)r], body + r, 1, width);
	if (q->top + (size_t)h < q->n)
		disp_str(body + h - 1, t->cols - 1, 1, disp_glyph(
		    GLYPH_ELLIPSIS), disp_role(ROLE_META));
	draw_keys(t, t->rows - 2);
}

/* ---- keys ---- */

bool
quiz_ui_typing(const struct tui *t)
{
	const struct quiz_view *q = &t->qz;

	return q->phase == QP_ASK && q->have_card &&
	    q->items[q->cur].kind == QUIZ_TYPED;
}

static void
leave(struct tui *t)
{
	struct quiz_view *q = &t->qz;
	size_t done = q->done;

	session_clear(q);
	qlines_clear(q);
	tui_pop(t);
	if (done > 0)
		tui_message(t, false, "quiz: %zu card%s saved", done,
		    done == 1 ? "" : "s");
}

/* s: lore stats' text, as the CLI prints it, on a screen of its own. */
static void
stats_open(struct tui *t)
{
	struct quiz_view *q = &t->qz;
	struct stats_all a;
	struct buf b = { 0 };
	char err[512], *p, *nl;

	if (stats_load(t->progress, study_clock_now(&t->ck), &a, err,
	    sizeof err) != 0) {
		tui_message(t, true, "%s", err);
		return;
	}
	stats_text(&b, disp_ascii(), t->cols - 2, t->progress,
	    study_clock_now(&t->ck), &a);
	stats_free(&a);
	list_free(&q->stats);
	for (p = b.s; p != NULL && *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p) - 1;
		q->stats.lines = xreallocarray(q->stats.lines, q->stats.n + 1,
		    sizeof *q->stats.lines);
		q->stats.lines[q->stats.n++] = xstrndup(p, (size_t)(nl - p +
		    (*nl != '\n')));
	}
	buf_free(&b);
	q->show_stats = true;
	q->stats_top = 0;
}

static void
draw_stats(struct tui *t)
{
	struct quiz_view *q = &t->qz;
	int h = t->rows - 3;
	size_t i;

	disp_str(0, 1, t->cols - 2, "Study statistics", disp_role(ROLE_HEADING));
	if (h < 1)
		h = 1;
	if (q->stats.n <= (size_t)h)
		q->stats_top = 0;
	else if (q->stats_top > q->stats.n - (size_t)h)
		q->stats_top = q->stats.n - (size_t)h;
	for (i = 0; i < (size_t)h && q->stats_top + i < q->stats.n; i++)
		disp_str(1 + (int)i, 1, t->cols - 2,
		    q->stats.lines[q->stats_top + i], disp_role(ROLE_NORMAL));
	disp_str(t->rows - 2, 1, t->cols - 2, "j k scroll, any other key "
	    "goes back", disp_role(ROLE_META));
}

static bool
chooser_key(struct tui *t, enum action a)
{
	struct quiz_view *q = &t->qz;

	switch (a) {
	case ACT_STATS:
		stats_open(t);
		return true;
	case ACT_DOWN:
		if (q->sel + 1 < q->nscopes)
			q->sel++;
		return true;
	case ACT_UP:
		if (q->sel > 0)
			q->sel--;
		return true;
	case ACT_LONGER:
		q->length = q->length + QUIZ_LEN_STEP > QUIZ_LEN_MAX ?
		    QUIZ_LEN_MAX : q->length + QUIZ_LEN_STEP;
		return true;
	case ACT_SHORTER:
		q->length = q->length < QUIZ_LEN_MIN + QUIZ_LEN_STEP ?
		    QUIZ_LEN_MIN : q->length - QUIZ_LEN_STEP;
		return true;
	case ACT_REVEAL:
	case ACT_OPEN:
		session_start(t);
		return true;
	case ACT_GRADE_1:
	case ACT_GRADE_2:
	case ACT_GRADE_3:
	case ACT_GRADE_4:
		if ((size_t)(a - ACT_GRADE_1) < q->nscopes) {
			q->sel = (size_t)(a - ACT_GRADE_1);
			session_start(t);
		}
		return true;
	default:
		return false;
	}
}

bool
quiz_ui_key(struct tui *t, enum action a, int key)
{
	struct quiz_view *q = &t->qz;
	const struct quiz_item *it;
	int g;

	if (a == ACT_QUIT || a == ACT_REDRAW)
		return false;		/* global: F10 quits lore */
	if (q->help) {
		/* Any key closes the keys, and does nothing else. */
		q->help = false;
		return true;
	}
	if (q->show_stats) {
		if (a == ACT_DOWN)
			q->stats_top++;
		else if (a == ACT_UP && q->stats_top > 0)
			q->stats_top--;
		else
			q->show_stats = false;
		return true;
	}
	if (a == ACT_HELP && q->phase != QP_CHOOSE && !quiz_ui_typing(t)) {
		q->help = true;
		return true;
	}
	if (a == ACT_CANCEL) {
		leave(t);
		return true;
	}
	if (a == ACT_UNDO && q->phase != QP_CHOOSE && !quiz_ui_typing(t)) {
		undo(t);
		return true;
	}
	if (q->phase == QP_CHOOSE) {
		chooser_key(t, a);
		return true;
	}
	if (q->phase == QP_DONE) {
		if (a == ACT_REVEAL || a == ACT_OPEN)
			leave(t);
		return true;
	}
	switch (a) {
	case ACT_DOWN:
		q->top++;
		return true;
	case ACT_UP:
		if (q->top > 0)
			q->top--;
		return true;
	case ACT_PAGE_DOWN:
		q->top += (size_t)(q->h > 1 ? q->h - 1 : 1);
		return true;
	case ACT_PAGE_UP:
		q->top = q->top > (size_t)q->h ? q->top - (size_t)q->h : 0;
		return true;
	default:
		break;
	}
	it = &q->items[q->cur];
	if (quiz_ui_typing(t) && a == ACT_NONE) {
		if (prompt_edit(q->input, &q->ilen, sizeof q->input, key) < 0)
			tui_message(t, true, "answer too long");
		return true;
	}
	if (q->phase == QP_ASK) {
		if (a == ACT_REVEAL)
			reveal(t);
		else if (it->kind == QUIZ_CHOICE && a >= ACT_GRADE_1 &&
		    a <= ACT_GRADE_4 &&
		    (size_t)(a - ACT_GRADE_1) < q->card.nchoices) {
			q->picked = (long)(a - ACT_GRADE_1);
			reveal(t);
		}
		return true;
	}
	/* QP_SHOWN */
	if (answered(q, it)) {
		if (a != ACT_REVEAL)
			return true;
		if (!q->graded_auto &&
		    !commit(t, quiz_verdict_grade(q->verdict)))
			return true;
		card_start(t);
		return true;
	}
	/* As in Anki, Space or Enter after the reveal is Good. */
	if (a == ACT_REVEAL)
		g = SRS_GOOD;
	else if (a >= ACT_GRADE_1 && a <= ACT_GRADE_4)
		g = SRS_AGAIN + (int)(a - ACT_GRADE_1);
	else
		return true;
	if (!commit(t, (enum srs_grade)g))
		return true;
	tui_message(t, false, "%s", q->saved);
	card_start(t);
	return true;
}

/* ---- the view's entry in the table (tui-int.h) ---- */

static void
quiz_ui_status(struct tui *t, int y)
{
	const struct quiz_view *q = &t->qz;
	static const struct keyhint hints[] = {
		{ ACT_CANCEL, "leaves" },
	};
	char pos[64] = "";

	if (q->phase != QP_CHOOSE && q->nitems > 0)
		snprintf(pos, sizeof pos, "%zu/%zu", q->cur < q->nitems ?
		    q->cur + 1 : q->nitems, q->nitems);
	tui_status(t, y, pos, hints, nitems(hints));
}

static int
quiz_view_typing(const struct tui *t)
{
	/* A typed answer takes "1" as text, not as a grade. */
	return quiz_ui_typing(t) ? 2 : 0;
}

static void
quiz_view_free(struct tui *t)
{
	quiz_ui_free(&t->qz);
}

const struct view_ops view_quiz_ops = {
	"QUIZ", KCTX_QUIZ, quiz_ui_open, quiz_ui_draw, quiz_ui_key,
	quiz_ui_status, quiz_view_typing, quiz_view_free,
};
