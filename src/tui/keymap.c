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

/* Context, key name, action. The index binds no key that can start a
 * word: letters, digits, space and - type into its find field, so a
 * word typed there finds (quantization, layer, PPO) and never quits,
 * opens or moves; its commands are on Enter, Tab, Esc, F-keys, Ctrl
 * keys and / ? = (commands only while the field is empty: "A/B testing"
 * types its slash). The reader is less and info: j k Space b d u g G,
 * / n N in the page, Tab and Enter on links, [ ] back and forward, q
 * closes it. F10 and C-q quit from every view, as Q does in the reader. */
#define TUI_DEFAULT_KEYS(_)			\
	_(GLOBAL,	"?",		HELP)		\
	_(GLOBAL,	"<F1>",		HELP)		\
	_(GLOBAL,	"<F10>",	QUIT)		\
	_(GLOBAL,	"<C-q>",	QUIT)		\
	_(GLOBAL,	"/",		SEARCH)		\
	_(GLOBAL,	"<F2>",		QUIZ)		\
	_(GLOBAL,	"<Down>",	DOWN)		\
	_(GLOBAL,	"<C-n>",	DOWN)		\
	_(GLOBAL,	"<Up>",		UP)		\
	_(GLOBAL,	"<C-p>",	UP)		\
	_(GLOBAL,	"<PageDown>",	PAGE_DOWN)	\
	_(GLOBAL,	"<C-f>",	PAGE_DOWN)	\
	_(GLOBAL,	"<PageUp>",	PAGE_UP)	\
	_(GLOBAL,	"<C-b>",	PAGE_UP)	\
	_(GLOBAL,	"<C-d>",	HALF_DOWN)	\
	_(GLOBAL,	"<Home>",	TOP)		\
	_(GLOBAL,	"<End>",	BOTTOM)		\
	_(GLOBAL,	"=",		CATEGORY)	\
	_(GLOBAL,	"<C-l>",	REDRAW)		\
	_(INDEX,	"<Enter>",	OPEN)		\
	_(INDEX,	"<Tab>",	OPEN)		\
	_(INDEX,	"<Esc>",	CANCEL)		\
	_(READER,	"j",		DOWN)		\
	_(READER,	"e",		DOWN)		\
	_(READER,	"k",		UP)		\
	_(READER,	"y",		UP)		\
	_(READER,	"<Space>",	PAGE_DOWN)	\
	_(READER,	"f",		PAGE_DOWN)	\
	_(READER,	"b",		PAGE_UP)	\
	_(READER,	"d",		HALF_DOWN)	\
	_(READER,	"u",		HALF_UP)	\
	_(READER,	"g",		TOP)		\
	_(READER,	"<lt>",		TOP)		\
	_(READER,	"G",		BOTTOM)		\
	_(READER,	">",		BOTTOM)		\
	_(READER,	"<Tab>",	NEXT_LINK)	\
	_(READER,	"<S-Tab>",	PREV_LINK)	\
	_(READER,	"<Enter>",	OPEN)		\
	_(READER,	"/",		FIND_IN_PAGE)	\
	_(READER,	"n",		NEXT_MATCH)	\
	_(READER,	"N",		PREV_MATCH)	\
	_(READER,	"s",		SEARCH)		\
	_(READER,	"[",		BACK)		\
	_(READER,	"l",		BACK)		\
	_(READER,	"<Backspace>",	BACK)		\
	_(READER,	"<M-Left>",	BACK)		\
	_(READER,	"]",		FORWARD)	\
	_(READER,	"<M-Right>",	FORWARD)	\
	_(READER,	"q",		CLOSE)		\
	_(READER,	"<Esc>",	CLOSE)		\
	_(READER,	"h",		CLOSE)		\
	_(READER,	"<Left>",	CLOSE)		\
	_(READER,	"c",		CATEGORY)	\
	_(READER,	"Q",		QUIT)		\
	_(SEARCH,	"<Enter>",	OPEN)		\
	_(SEARCH,	"<Esc>",	CANCEL)		\
	_(SEARCH,	"<C-t>",	SCOPE)		\
	_(SEARCH,	"<Up>",		HIST_PREV)	\
	_(SEARCH,	"<Down>",	HIST_NEXT)	\
	_(SEARCH,	"<Tab>",	DOWN)		\
	_(SEARCH,	"<S-Tab>",	UP)		\
	_(LIST,		"j",		DOWN)		\
	_(LIST,		"k",		UP)		\
	_(LIST,		"<Space>",	PAGE_DOWN)	\
	_(LIST,		"b",		PAGE_UP)	\
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
	_(QUIZ,		"s",		STATS)		\
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
	binds = xgrow(binds, nbinds, &capbinds, 128, sizeof *binds);
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
		/* "detail": the reader's name before it had one. */
		if (strcmp(ctx, "detail") == 0)
			ctx = "reader";
		for (i = 0; i < KCTX_COUNT; i++)
			if (strcmp(ctx_names[i], ctx) == 0)
				break;
		if (i == KCTX_COUNT) {
			snprintf(err, errsz, "unknown context '%.40s' (global, "
			    "index, reader, search, list or quiz)", ctx);
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

static bool
shadowed(size_t i)
{
	for (size_t j = i + 1; j < nbinds; j++)
		if (binds[j].ctx == binds[i].ctx && binds[j].key == binds[i].key)
			return true;
	return false;
}

const char *
keymap_key_label(enum keyctx ctx, enum action a, char *buf, size_t bufsz)
{
	char name[32];
	size_t n;

	buf[0] = '\0';
	for (int pass = 0; pass < 2; pass++) {
		enum keyctx c = pass == 0 ? ctx : KCTX_GLOBAL;

		for (size_t i = 0; i < nbinds; i++) {
			if (binds[i].ctx != c || binds[i].action != a ||
			    shadowed(i))
				continue;
			/* Bound in ctx to something else: not this key. */
			if (c == KCTX_GLOBAL && ctx != KCTX_GLOBAL &&
			    keymap_lookup(ctx, binds[i].key, false) != ACT_NONE)
				continue;
			n = conf_key_name(binds[i].key, name, sizeof name);
			if (n > 2 && name[0] == '<' && name[n - 1] == '>')
				snprintf(buf, bufsz, "%.*s", (int)n - 2, name + 1);
			else
				snprintf(buf, bufsz, "%s", name);
			return buf;
		}
	}
	return buf;
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
			size_t kl = 0, i;

			for (i = 0; i < nbinds; i++) {
				if (binds[i].ctx != (enum keyctx)c ||
				    binds[i].action != (enum action)a ||
				    shadowed(i))
					continue;
				conf_key_name(binds[i].key, name, sizeof name);
				if (kl + strlen(name) + 2 < sizeof keys)
					kl += (size_t)snprintf(keys + kl,
					    sizeof keys - kl, "%s%s",
					    kl ? " " : "", name);
			}
			if (kl == 0)
				continue;
			/* room for three more */
			out = xgrow(out, n + 2, &cap, 64, sizeof *out);
			if (!title) {
				if (n > 0)
					out[n++] = xstrdup("");
				out[n++] = xstrdup(ctx_titles[c]);
				for (const char *p = ctx_notes[c], *e; p != NULL;
				    p = *e != '\0' ? e + 1 : NULL) {
					e = p + strcspn(p, "\n");
					struct buf nb = { 0 };

					if (n + 3 > cap) {
						cap *= 2;
						out = xreallocarray(out, cap,
						    sizeof *out);
					}
					buf_printf(&nb, "  %.*s", (int)(e - p),
					    p);
					out[n++] = buf_take(&nb);
				}
				title = true;
			}
			{
				struct buf b = { 0 };

				buf_printf(&b, "  %-18s %-16s %s", keys,
				    action_names[a], action_help[a]);
				out[n++] = buf_take(&b);
			}
		}
	}
	*lines = out;
	return n;
}
