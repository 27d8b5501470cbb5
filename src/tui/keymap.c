/* keymap.c - keys are data: the default table, `bind` lines, the help.
 *
 * The help screen is generated from the same table the dispatcher reads,
 * so it cannot drift from what the keys do. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui-int.h"
#include "util.h"

/* Context, key name, action: vi keys and arrows both. In the index only
 * j k l q are letters bound: g, G and the rest start type-ahead there
 * (gradient, GPU), and while a prefix is being typed every printable key
 * extends it, bound or not (tui.c handle_key). Esc never quits (q and F10
 * do, as in less and tig): it is pressed to end a prefix, and one pressed
 * just after the pause had ended it would otherwise close lore. */
#define TUI_DEFAULT_KEYS(_)			\
	_(GLOBAL,	"?",		HELP)		\
	_(GLOBAL,	"<F1>",		HELP)		\
	_(GLOBAL,	"<F10>",	QUIT)		\
	_(GLOBAL,	"/",		SEARCH)		\
	_(GLOBAL,	"<Down>",	DOWN)		\
	_(GLOBAL,	"<C-n>",	DOWN)		\
	_(GLOBAL,	"<Up>",		UP)		\
	_(GLOBAL,	"<C-p>",	UP)		\
	_(GLOBAL,	"<PageDown>",	PAGE_DOWN)	\
	_(GLOBAL,	"<C-f>",	PAGE_DOWN)	\
	_(GLOBAL,	"<PageUp>",	PAGE_UP)	\
	_(GLOBAL,	"<C-b>",	PAGE_UP)	\
	_(GLOBAL,	"<Home>",	TOP)		\
	_(GLOBAL,	"<End>",	BOTTOM)		\
	_(GLOBAL,	"[",		BACK)		\
	_(GLOBAL,	"<Backspace>",	BACK)		\
	_(GLOBAL,	"<M-Left>",	BACK)		\
	_(GLOBAL,	"]",		FORWARD)	\
	_(GLOBAL,	"<M-Right>",	FORWARD)	\
	_(GLOBAL,	"'",		LETTER)		\
	_(GLOBAL,	"=",		CATEGORY)	\
	_(GLOBAL,	"<C-l>",	REDRAW)		\
	_(GLOBAL,	"Q",		QUIZ)		\
	_(INDEX,	"j",		DOWN)		\
	_(INDEX,	"k",		UP)		\
	_(INDEX,	"<Enter>",	OPEN)		\
	_(INDEX,	"l",		FOCUS_DETAIL)	\
	_(INDEX,	"<Right>",	FOCUS_DETAIL)	\
	_(INDEX,	"<Tab>",	FOCUS_DETAIL)	\
	_(INDEX,	"q",		QUIT)		\
	_(INDEX,	"<Esc>",	CANCEL)		\
	_(DETAIL,	"j",		DOWN)		\
	_(DETAIL,	"k",		UP)		\
	_(DETAIL,	"<Space>",	PAGE_DOWN)	\
	_(DETAIL,	"b",		PAGE_UP)	\
	_(DETAIL,	"g",		TOP)		\
	_(DETAIL,	"G",		BOTTOM)		\
	_(DETAIL,	"<Tab>",	NEXT_LINK)	\
	_(DETAIL,	"<S-Tab>",	PREV_LINK)	\
	_(DETAIL,	"<Enter>",	OPEN)		\
	_(DETAIL,	"n",		NEXT_MATCH)	\
	_(DETAIL,	"N",		PREV_MATCH)	\
	_(DETAIL,	"h",		FOCUS_INDEX)	\
	_(DETAIL,	"<Left>",	FOCUS_INDEX)	\
	_(DETAIL,	"<Esc>",	FOCUS_INDEX)	\
	_(DETAIL,	"c",		CATEGORY)	\
	_(DETAIL,	"q",		QUIT)		\
	_(SEARCH,	"<Enter>",	OPEN)		\
	_(SEARCH,	"<Esc>",	CANCEL)		\
	_(SEARCH,	"<C-t>",	SCOPE)		\
	_(LIST,		"j",		DOWN)		\
	_(LIST,		"k",		UP)		\
	_(LIST,		"<Space>",	PAGE_DOWN)	\
	_(LIST,		"g",		TOP)		\
	_(LIST,		"G",		BOTTOM)		\
	_(LIST,		"<Enter>",	OPEN)		\
	_(LIST,		"q",		CANCEL)		\
	_(LIST,		"<Esc>",	CANCEL)		\
	_(LIST,		"?",		CANCEL)		\
	_(QUIZ,		"<Space>",	REVEAL)		\
	_(QUIZ,		"<Enter>",	REVEAL)		\
	_(QUIZ,		"1",		GRADE_1)	\
	_(QUIZ,		"2",		GRADE_2)	\
	_(QUIZ,		"3",		GRADE_3)	\
	_(QUIZ,		"4",		GRADE_4)	\
	_(QUIZ,		"j",		DOWN)		\
	_(QUIZ,		"k",		UP)		\
	_(QUIZ,		"+",		LONGER)		\
	_(QUIZ,		"-",		SHORTER)	\
	_(QUIZ,		"u",		UNDO)		\
	_(QUIZ,		"q",		CANCEL)		\
	_(QUIZ,		"<Esc>",	CANCEL)

static const struct {
	enum keyctx	 ctx;
	const char	*key;
	enum action	 action;
} default_keys[] = {
#define KEY_DEF(c, k, a) { KCTX_##c, k, ACT_##a },
	TUI_DEFAULT_KEYS(KEY_DEF)
#undef KEY_DEF
};

static const char *const action_names[ACT_COUNT] = {
#define ACT_NAME(n, name, help) name,
	TUI_ACTIONS(ACT_NAME)
#undef ACT_NAME
};
static const char *const action_help[ACT_COUNT] = {
#define ACT_HELP(n, name, help) help,
	TUI_ACTIONS(ACT_HELP)
#undef ACT_HELP
};
static const char *const ctx_names[KCTX_COUNT] = {
#define CTX_NAME(n, name, title, note) name,
	TUI_CONTEXTS(CTX_NAME)
#undef CTX_NAME
};
static const char *const ctx_titles[KCTX_COUNT] = {
#define CTX_TITLE(n, name, title, note) title,
	TUI_CONTEXTS(CTX_TITLE)
#undef CTX_TITLE
};
static const char *const ctx_notes[KCTX_COUNT] = {
#define CTX_NOTE(n, name, title, note) note,
	TUI_CONTEXTS(CTX_NOTE)
#undef CTX_NOTE
};

struct binding {
	enum keyctx	ctx;
	int		key;
	enum action	action;
};

/* Later bindings win, so `bind` lines are appended to the defaults. */
static struct binding *binds;
static size_t nbinds, capbinds;

static void
bind_add(enum keyctx ctx, int key, enum action a)
{
	if (nbinds == capbinds) {
		capbinds = capbinds ? capbinds * 2 : 128;
		binds = xreallocarray(binds, capbinds, sizeof *binds);
	}
	binds[nbinds].ctx = ctx;
	binds[nbinds].key = key;
	binds[nbinds++].action = a;
}

void
keymap_init(void)
{
	size_t i;

	nbinds = 0;
	for (i = 0; i < sizeof default_keys / sizeof default_keys[0]; i++) {
		int key;

		if (conf_key_parse(default_keys[i].key,
		    strlen(default_keys[i].key), &key) == 0)
			abort();	/* a typo in the table above */
		bind_add(default_keys[i].ctx, key, default_keys[i].action);
	}
}

void
keymap_free(void)
{
	free(binds);
	binds = NULL;
	nbinds = capbinds = 0;
}

enum action
keymap_lookup(enum keyctx ctx, int key, bool fallback)
{
	size_t i;

	for (i = nbinds; i-- > 0;)
		if (binds[i].ctx == ctx && binds[i].key == key)
			return binds[i].action;
	if (fallback && ctx != KCTX_GLOBAL)
		return keymap_lookup(KCTX_GLOBAL, key, false);
	return ACT_NONE;
}

int
keymap_bind(const char *ctx, int key, const char *action, char *err,
    size_t errsz)
{
	enum keyctx c = KCTX_GLOBAL;
	int a, i;

	if (ctx != NULL) {
		for (i = 0; i < KCTX_COUNT; i++)
			if (strcmp(ctx_names[i], ctx) == 0)
				break;
		if (i == KCTX_COUNT) {
			snprintf(err, errsz, "unknown context '%.40s' (global, "
			    "index, detail, search, list or quiz)", ctx);
			return -1;
		}
		c = (enum keyctx)i;
	}
	for (a = 0; a < ACT_COUNT; a++)
		if (strcmp(action_names[a], action) == 0)
			break;
	if (a == ACT_COUNT) {
		snprintf(err, errsz, "unknown action '%.40s' (see the help, ?)",
		    action);
		return -1;
	}
	bind_add(c, key, (enum action)a);
	return 0;
}

const char *
keymap_action_name(enum action a)
{
	return action_names[a];
}

/* One line per context and action: "  keys       description". A key
 * rebound elsewhere in the same context is not listed for the old one. */
size_t
keymap_help(char ***lines)
{
	char **out = NULL;
	size_t n = 0, cap = 0;
	int c, a;

	for (c = 0; c < KCTX_COUNT; c++) {
		bool title = false;

		for (a = 1; a < ACT_COUNT; a++) {
			char keys[256] = "", name[32];
			size_t kl = 0, i, j;

			for (i = 0; i < nbinds; i++) {
				bool shadowed = false;

				if (binds[i].ctx != (enum keyctx)c ||
				    binds[i].action != (enum action)a)
					continue;
				for (j = i + 1; j < nbinds; j++)
					if (binds[j].ctx == binds[i].ctx &&
					    binds[j].key == binds[i].key)
						shadowed = true;
				if (shadowed)
					continue;
				conf_key_name(binds[i].key, name, sizeof name);
				if (kl + strlen(name) + 2 < sizeof keys)
					kl += (size_t)snprintf(keys + kl,
					    sizeof keys - kl, "%s%s",
					    kl ? " " : "", name);
			}
			if (kl == 0)
				continue;
			if (n + 3 > cap) {
				cap = cap ? cap * 2 : 64;
				out = xreallocarray(out, cap, sizeof *out);
			}
			if (!title) {
				if (n > 0)
					out[n++] = xstrdup("");
				out[n++] = xstrdup(ctx_titles[c]);
				for (const char *p = ctx_notes[c], *e; p != NULL;
				    p = *e != '\0' ? e + 1 : NULL) {
					e = p + strcspn(p, "\n");
					if (n + 3 > cap) {
						cap *= 2;
						out = xreallocarray(out, cap,
						    sizeof *out);
					}
					out[n++] = xstrndup(p, (size_t)(e - p));
				}
				title = true;
			}
			{
				struct buf b = { 0 };

				buf_printf(&b, "  %-22s %s", keys,
				    action_help[a]);
				out[n++] = buf_take(&b);
			}
		}
	}
	*lines = out;
	return n;
}
