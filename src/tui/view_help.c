/* view_help.c - full-screen lists: the help (from the key table) and the
 * category picker. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui-int.h"
#include "util.h"

void
list_free(struct text_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->lines[i]);
	free(l->lines);
	memset(l, 0, sizeof *l);
}

static void
list_push(struct text_list *l, const char *s)
{
	l->lines = xreallocarray(l->lines, l->n + 1, sizeof *l->lines);
	l->lines[l->n++] = xstrdup(s);
}

void
help_open(struct tui *t)
{
	char **lines;
	size_t n, i;

	list_free(&t->help);
	list_push(&t->help, "lore: a glossary of machine learning terms");
	list_push(&t->help, "");
	n = keymap_help(&lines);
	for (i = 0; i < n; i++) {
		list_push(&t->help, lines[i]);
		free(lines[i]);
	}
	free(lines);
	list_push(&t->help, "");
	list_push(&t->help, "In the index, letters and digits jump to the first "
	    "term with that prefix");
	list_push(&t->help, "(Backspace edits it, Esc clears it). Alt+letter "
	    "jumps to a letter too.");
	list_push(&t->help, "Keys can be rebound in ~/.config/lore/config: "
	    "bind [CONTEXT] KEY ACTION");
	t->help.selectable = false;
	t->mode = MODE_HELP;
}

void
picker_open(struct tui *t)
{
	size_t *counts, n, i, total;
	size_t lc[27];
	char line[256];

	list_free(&t->pick);
	for (i = 0; i < t->ncats; i++)
		free(t->cats[i]);
	free(t->cats);
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
	t->mode = MODE_PICKER;
}

void
list_draw(struct tui *t, struct text_list *l, const struct pane *p,
    const char *title)
{
	int h = p->h - 1;
	size_t i;

	(void)t;
	if (h < 1)
		h = 1;
	if (l->selectable) {
		if (l->sel < l->top)
			l->top = l->sel;
		else if (l->sel >= l->top + (size_t)h)
			l->top = l->sel - (size_t)h + 1;
	} else if (l->n <= (size_t)h)
		l->top = 0;
	else if (l->top > l->n - (size_t)h)
		l->top = l->n - (size_t)h;
	disp_str(p->y, p->x + 1, p->w - 1, title, disp_role(ROLE_HEADING));
	for (i = 0; i < (size_t)h && l->top + i < l->n; i++) {
		size_t k = l->top + i;
		const char *s = l->lines[k];
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
	size_t last = l->n > 0 ? l->n - 1 : 0;
	size_t *cur = l->selectable ? &l->sel : &l->top;

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
		*cur = *cur + h < last ? *cur + h : last;
		return true;
	case ACT_PAGE_UP:
		*cur = *cur > h ? *cur - h : 0;
		return true;
	case ACT_TOP:
		*cur = 0;
		return true;
	case ACT_BOTTOM:
		*cur = last;
		return true;
	case ACT_CANCEL:
	case ACT_QUIT:
	case ACT_HELP:
		t->mode = MODE_BROWSE;
		return true;
	default:
		return false;
	}
}

bool
help_key(struct tui *t, enum action a, int key)
{
	(void)key;
	if (a == ACT_OPEN) {
		t->mode = MODE_BROWSE;
		return true;
	}
	return list_key(t, &t->help, a);
}

bool
picker_key(struct tui *t, enum action a, int key)
{
	(void)key;
	if (a == ACT_OPEN) {
		const char *cat = t->pick.sel == 0 || t->pick.sel > t->ncats ?
		    NULL : t->cats[t->pick.sel - 1];

		t->mode = MODE_BROWSE;
		t->focus = FOCUS_INDEX;
		index_set_category(t, cat);
		if (index_selected(t) != NULL)
			tui_visit(t, index_selected(t)->key);
		tui_message(t, false, "filter: %s", cat ? cat :
		    "all categories");
		return true;
	}
	if (a == ACT_HELP)
		return false;
	return list_key(t, &t->pick, a);
}
