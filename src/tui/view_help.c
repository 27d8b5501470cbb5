/* view_help.c - full-screen lists: the help (from the key table), the
 * config file's errors, and the category picker. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "tui-int.h"
#include "util.h"

static void
wrap_free(struct text_list *l)
{
	strv_free(l->wrap, l->nwrap);
	l->wrap = NULL;
	l->nwrap = 0;
	l->wrap_w = 0;
}

void
list_free(struct text_list *l)
{
	strv_free(l->lines, l->n);
	wrap_free(l);
	memset(l, 0, sizeof *l);
}

static void
list_push(struct text_list *l, const char *s)
{
	l->lines = xreallocarray(l->lines, l->n + 1, sizeof *l->lines);
	l->lines[l->n++] = xstrdup(s);
	wrap_free(l);
}

static void
wrap_push(struct text_list *l, const char *s, size_t n)
{
	l->wrap = xreallocarray(l->wrap, l->nwrap + 1, sizeof *l->wrap);
	l->wrap[l->nwrap++] = xstrndup(s, n);
}

/* Lines too wide for w columns continue on the next, indented under
 * the line's own text (the description column of the help) when that
 * leaves room, so nothing is cut at 40 columns. */
static void
wrap(struct text_list *l, int w)
{
	wrap_free(l);
	l->wrap_w = w;
	for (size_t i = 0; i < l->n; i++) {
		const char *s = l->lines[i];
		size_t len = strlen(s), off = 0, ind = 0, cw;
		char pad[64];

		while (off < len) {
			size_t avail = (size_t)w > ind + 4 ? (size_t)w - ind :
			    (size_t)w, fit = text_fit(s + off, len - off, avail,
			    &cw), cut = fit;

			if (off + fit < len) {
				while (cut > 0 && s[off + cut] != ' ')
					cut--;
				if (cut == 0)
					cut = fit ? fit : 1;
			}
			if (off == 0) {
				wrap_push(l, s, cut);
				/* Continuations go under the description: the
				 * last run of 2+ spaces that fits, else 4. */
				ind = s[0] == ' ' ? 4 : 0;
				for (size_t k = 1; k + 1 < cut; k++)
					if (s[k] == ' ' && s[k + 1] != ' ' &&
					    s[k - 1] == ' ' && k + 1 < (size_t)w / 2)
						ind = k + 1;
			} else {
				memset(pad, ' ', ind < sizeof pad ? ind :
				    sizeof pad - 1);
				pad[ind < sizeof pad ? ind : sizeof pad - 1] =
				    '\0';
				{
					struct buf b = { 0 };

					buf_printf(&b, "%s%.*s", pad, (int)cut,
					    s + off);
					wrap_push(l, b.s, b.len);
					buf_free(&b);
				}
			}
			off += cut;
			while (off < len && s[off] == ' ')
				off++;
		}
		if (len == 0)
			wrap_push(l, "", 0);
	}
}

static void
help_fill(struct tui *t)
{
	char **lines;
	size_t n, i;

	list_free(&t->help);
	t->help.title = "Keys (from the key table; q closes)";
	list_push(&t->help, "lore: a glossary of machine learning terms");
	list_push(&t->help, "");
	n = keymap_help(&lines);
	for (i = 0; i < n; i++) {
		list_push(&t->help, lines[i]);
		free(lines[i]);
	}
	free(lines);
	list_push(&t->help, "");
	list_push(&t->help, "The middle column is the action's name for the "
	    "config file ($XDG_CONFIG_HOME/lore/config): bind [CONTEXT] KEY "
	    "ACTION, where CONTEXT is global, index, reader, search, list or "
	    "quiz. set split auto|on|off|COLUMNS puts the definition beside "
	    "the index; set mouse off turns the mouse off.");
	list_push(&t->help, "The mouse: a click selects a term or follows a "
	    "link, the wheel scrolls.");
}

static void
help_open(struct tui *t)
{
	help_fill(t);
	t->help.selectable = false;
	tui_push(t, VIEW_HELP);
}

void
help_open_text(struct tui *t, const char *title, char **lines, size_t n)
{
	list_free(&t->help);
	t->help.title = title;
	for (size_t i = 0; i < n; i++)
		list_push(&t->help, lines[i]);
	t->help.selectable = false;
	tui_push(t, VIEW_HELP);
}

static void
picker_open(struct tui *t)
{
	size_t *counts, n, i, total;
	size_t lc[27];
	char line[256];

	list_free(&t->pick);
	t->pick.title = "Filter by category (Enter selects, Esc cancels)";
	strv_free(t->cats, t->ncats);
	n = corpus_categories(t->c, &t->cats, &counts);
	t->ncats = n;
	total = corpus_letter_counts(t->c, NULL, lc);
	snprintf(line, sizeof line, "%-28s %6zu", "(all categories)", total);
	list_push(&t->pick, line);
	for (i = 0; i < n; i++) {
		snprintf(line, sizeof line, "%-28s %6zu", t->cats[i], counts[i]);
		list_push(&t->pick, line);
		if (t->ix.category != NULL && strcmp(t->ix.category,
		    t->cats[i]) == 0)
			t->pick.sel = i + 1;
	}
	free(counts);
	t->pick.selectable = true;
	tui_push(t, VIEW_PICKER);
}

static void
list_draw(struct tui *t, struct text_list *l)
{
	struct pane pp = { 0, 0, t->rows - 1, t->cols }, *p = &pp;
	int h = p->h - 1;
	char **lines = l->lines;
	size_t i, n = l->n;

	if (h < 1)
		h = 1;
	if (!l->selectable) {
		if (l->wrap_w != p->w - 2)
			wrap(l, p->w - 2 > 8 ? p->w - 2 : 8);
		lines = l->wrap;
		n = l->nwrap;
	}
	if (l->selectable) {
		if (l->sel < l->top)
			l->top = l->sel;
		else if (l->sel >= l->top + (size_t)h)
			l->top = l->sel - (size_t)h + 1;
	} else if (n <= (size_t)h)
		l->top = 0;
	else if (l->top > n - (size_t)h)
		l->top = n - (size_t)h;
	disp_str(p->y, p->x + 1, p->w - 1, l->title, disp_role(ROLE_HEADING));
	for (i = 0; i < (size_t)h && l->top + i < n; i++) {
		size_t k = l->top + i;
		const char *s = lines[k];
		attr_t a = disp_role(ROLE_NORMAL);
		int y = p->y + 1 + (int)i;

		if (l->selectable && k == l->sel) {
			a = disp_role(ROLE_SELECT);
			disp_fill(y, p->x, p->w, a);
		} else if (!l->selectable && s[0] != ' ' && s[0] != '\0')
			a = disp_role(ROLE_BOLD);
		disp_str(y, p->x + 1, p->w - 2, s, a);
	}
}

static bool
list_key(struct tui *t, struct text_list *l, enum action a)
{
	size_t h = t->rows > 4 ? (size_t)t->rows - 4 : 1;
	size_t n = l->selectable ? l->n : l->nwrap;
	size_t last = n > 0 ? n - 1 : 0;
	size_t *cur = l->selectable ? &l->sel : &l->top;

	if (!l->selectable)
		last = n > h + 1 ? n - h - 1 : 0;
	switch (a) {
	case ACT_DOWN:
		if (*cur < last)
			(*cur)++;
		return true;
	case ACT_UP:
		if (*cur > 0)
			(*cur)--;
		return true;
	case ACT_PAGE_DOWN:
	case ACT_HALF_DOWN:
		*cur = *cur + h < last ? *cur + h : last;
		return true;
	case ACT_PAGE_UP:
	case ACT_HALF_UP:
		*cur = *cur > h ? *cur - h : 0;
		return true;
	case ACT_TOP:
		*cur = 0;
		return true;
	case ACT_BOTTOM:
		*cur = last;
		return true;
	case ACT_CANCEL:
	case ACT_CLOSE:
		tui_pop(t);
		return true;
	default:
		return false;
	}
}

static void
help_draw(struct tui *t)
{
	list_draw(t, &t->help);
}

static void
list_status(struct tui *t, int y, struct text_list *l)
{
	static const struct keyhint hints[] = {
		{ ACT_CANCEL, "close" }, { ACT_QUIT, "quit" },
	};
	char pos[64];
	size_t n = l->selectable ? l->n : l->nwrap;

	snprintf(pos, sizeof pos, "%zu/%zu", n ? (l->selectable ? l->sel :
	    l->top) + 1 : 0, n);
	tui_status(t, y, pos, hints, nitems(hints));
}

static void
help_status(struct tui *t, int y)
{
	list_status(t, y, &t->help);
}

static bool
help_key(struct tui *t, enum action a, int key)
{
	(void)key;
	if (a == ACT_OPEN || a == ACT_HELP) {
		tui_pop(t);
		return true;
	}
	return list_key(t, &t->help, a);
}

static void
help_free(struct tui *t)
{
	list_free(&t->help);
}

const struct view_ops view_help_ops = {
	"HELP", KCTX_LIST, help_open, help_draw, help_key, help_status, NULL,
	help_free,
};

static void
picker_draw(struct tui *t)
{
	list_draw(t, &t->pick);
}

static void
picker_status(struct tui *t, int y)
{
	list_status(t, y, &t->pick);
}

static bool
picker_key(struct tui *t, enum action a, int key)
{
	(void)key;
	if (a == ACT_OPEN) {
		const char *cat = t->pick.sel == 0 || t->pick.sel > t->ncats ?
		    NULL : t->cats[t->pick.sel - 1];

		/* Back to the index, whatever was under the picker. */
		while (t->depth > 1)
			tui_pop(t);
		index_set_category(t, cat);
		if (index_selected(t) != NULL)
			detail_show(t, index_selected(t)->key);
		tui_message(t, false, "filter: %s", cat ? cat :
		    "all categories");
		return true;
	}
	if (a == ACT_HELP || a == ACT_CATEGORY)
		return a == ACT_CATEGORY;
	return list_key(t, &t->pick, a);
}

static void
picker_free(struct tui *t)
{
	list_free(&t->pick);
	strv_free(t->cats, t->ncats);
	t->cats = NULL;
	t->ncats = 0;
}

const struct view_ops view_picker_ops = {
	"CATEGORY", KCTX_LIST, picker_open, picker_draw, picker_key,
	picker_status, NULL, picker_free,
};
