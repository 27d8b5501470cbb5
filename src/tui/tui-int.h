/* tui-int.h - what the files of src/tui share: display, keymap, views.
 *
 * display.c owns curses and every piece of global state; the views keep
 * theirs in struct tui and draw through the disp_* helpers, so only
 * display.c knows about colour pairs, ASCII mode or the key script. */
#ifndef LORE_TUI_INT_H
#define LORE_TUI_INT_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "corpus.h"
#include "render.h"
#include "study.h"

struct tui_opts;
struct search;
struct progress;
struct lookup;

/* ---- display.c ---- */

/* Colour roles: name, 8-colour fg, 256-colour fg, bg, attributes with
 * colour, attributes without (monochrome, NO_COLOR). Every role must be
 * readable in the last column alone. MARK, the index's selection marker
 * (`set cursor arrow`), and STATUS, the status line around its reverse
 * mode tag, are plain on purpose: the glyph marks the row, and with an
 * attribute on the marker or the position counter a move costs 15 bytes
 * more (sgr, then sgr0 at the end of the update), which puts one Down
 * above less's one line (tests/tui/bytes.vt). */
#define TUI_ROLES(_)							\
	_(NORMAL,	-1,		-1,	-1, A_NORMAL,	A_NORMAL)	\
	_(FRAME,	COLOR_BLUE,	67,	-1, A_NORMAL,	A_NORMAL)	\
	_(LETTER,	-1,		-1,	-1, A_BOLD,	A_BOLD)		\
	_(LETTER_EMPTY,	COLOR_BLACK,	240,	-1, A_BOLD,	A_DIM)		\
	_(LETTER_CUR,	-1,		-1,	-1, A_REVERSE|A_BOLD, A_REVERSE|A_BOLD) \
	_(GUTTER,	COLOR_CYAN,	73,	-1, A_BOLD,	A_BOLD)		\
	_(SELECT,	-1,		-1,	-1, A_REVERSE,	A_REVERSE)	\
	_(SELECT_IDLE,	-1,		-1,	-1, A_UNDERLINE, A_UNDERLINE)	\
	_(MARK,		-1,		-1,	-1, A_NORMAL,	A_NORMAL)	\
	_(HEADWORD,	COLOR_YELLOW,	221,	-1, A_BOLD,	A_BOLD)		\
	_(META,		COLOR_CYAN,	109,	-1, A_NORMAL,	A_DIM)		\
	_(HEADING,	COLOR_YELLOW,	179,	-1, A_BOLD,	A_BOLD|A_UNDERLINE) \
	_(BOLD,		-1,		-1,	-1, A_BOLD,	A_BOLD)		\
	_(ITALIC,	-1,		-1,	-1, A_ITALIC,	A_ITALIC)	\
	_(CODE,		COLOR_GREEN,	114,	-1, A_NORMAL,	A_DIM)		\
	_(MATH,		COLOR_MAGENTA,	176,	-1, A_NORMAL,	A_NORMAL)	\
	_(QUOTE,	COLOR_CYAN,	109,	-1, A_NORMAL,	A_DIM)		\
	_(LINK,		COLOR_BLUE,	75,	-1, A_UNDERLINE, A_UNDERLINE)	\
	_(LINK_CUR,	-1,		-1,	-1, A_REVERSE|A_UNDERLINE, A_REVERSE|A_UNDERLINE) \
	_(MATCH,	COLOR_BLACK,	16,	COLOR_YELLOW, A_NORMAL, A_STANDOUT|A_BOLD) \
	_(STATUS,	-1,		-1,	-1, A_NORMAL,	A_NORMAL)	\
	_(STATUS_KEY,	-1,		-1,	-1, A_REVERSE|A_BOLD, A_REVERSE|A_BOLD) \
	_(ERROR,	COLOR_RED,	203,	-1, A_BOLD,	A_BOLD)		\
	_(GOOD,		COLOR_GREEN,	114,	-1, A_BOLD,	A_BOLD)		\
	_(PROMPT,	-1,		-1,	-1, A_BOLD,	A_BOLD)

enum role {
#define ROLE_ENUM(n, f8, f256, bg, ac, am) ROLE_##n,
	TUI_ROLES(ROLE_ENUM)
#undef ROLE_ENUM
	ROLE_COUNT
};

enum glyph { GLYPH_VLINE, GLYPH_HLINE, GLYPH_BULLET, GLYPH_ELLIPSIS,
	GLYPH_DOT, GLYPH_BAR_FULL, GLYPH_BAR_EMPTY, GLYPH_MARK, GLYPH_MORE_UP,
	GLYPH_MORE_DOWN, GLYPH_COUNT };

/* Pending signal numbers, set by the handlers; the loop polls. */
int	 disp_init(const struct tui_opts *o, int color, const char *theme,
	    bool mouse, char *err, size_t errsz);
void	 disp_done(void);
bool	 disp_ascii(void);
bool	 disp_scripted(void);
int	 disp_signal(void);
int	 disp_theme_known(const char *name);
/* Next key in our codes (conf.h), KEYC_NONE after timeout_ms without one,
 * or -1 when the key script ended. */
int	 disp_getkey(int timeout_ms);
/* Whether a key is waiting (for cancelling stale searches). */
bool	 disp_key_pending(void);
/* Start/stop polling the terminal for keys behind a long search. */
void	 disp_watch_input(volatile int *cancel);
void	 disp_unwatch_input(void);
/* The last mouse event: true when it was a press/click or wheel. */
bool	 disp_mouse(int *y, int *x, int *button);
attr_t	 disp_role(enum role r);
const char *disp_glyph(enum glyph g);
/* Draw s[0..n) at y,x, at most maxw columns; returns columns used. */
int	 disp_text(int y, int x, int maxw, const char *s, size_t n, attr_t a);
int	 disp_str(int y, int x, int maxw, const char *s, attr_t a);
/* The same, ending in an ellipsis when s is wider than maxw. */
int	 disp_str_cut(int y, int x, int maxw, const char *s, attr_t a);
void	 disp_fill(int y, int x, int w, attr_t a);
void	 disp_flush(void);
void	 disp_repaint(void);

/* ---- keymap.c ---- */

/* Actions: the vocabulary of the key table and of `bind` lines. */
#define TUI_ACTIONS(_)							\
	_(NONE,		"none",		"do nothing")			\
	_(QUIT,		"quit",		"quit lore")			\
	_(HELP,		"help",		"show this help")		\
	_(DOWN,		"move-down",	"next term / result, scroll down") \
	_(UP,		"move-up",	"previous term / result, scroll up") \
	_(PAGE_DOWN,	"page-down",	"one page down")		\
	_(PAGE_UP,	"page-up",	"one page up")			\
	_(HALF_DOWN,	"half-page-down", "half a page down")		\
	_(HALF_UP,	"half-page-up",	"half a page up")		\
	_(TOP,		"move-first",	"first term / top")		\
	_(BOTTOM,	"move-last",	"last term / bottom")		\
	_(OPEN,		"open",		"open the term / follow the link") \
	_(CLOSE,	"close",	"close the definition (back to the index)") \
	_(NEXT_LINK,	"next-link",	"select the next link")		\
	_(PREV_LINK,	"prev-link",	"select the previous link")	\
	_(BACK,		"back",		"back in history (to where you were)") \
	_(FORWARD,	"forward",	"forward in history")		\
	_(SEARCH,	"search",	"search every definition (ranked)") \
	_(FIND_IN_PAGE,	"find-in-page",	"search this definition")	\
	_(NEXT_MATCH,	"next-match",	"next match in the definition")	\
	_(PREV_MATCH,	"prev-match",	"previous match")		\
	_(HIST_PREV,	"history-prev",	"older search pattern")		\
	_(HIST_NEXT,	"history-next",	"newer search pattern")		\
	_(CATEGORY,	"filter-category", "filter the index by category") \
	_(SCOPE,	"toggle-scope",	"search headwords only / bodies too") \
	_(CANCEL,	"cancel",	"clear the find field / close")	\
	_(REDRAW,	"redraw",	"repaint the whole screen")	\
	_(QUIZ,		"quiz",		"study: quiz this category, letter or all") \
	_(REVEAL,	"reveal",	"show the answer, then grade Good / next card") \
	_(GRADE_1,	"grade-1",	"1 Again (forgot) / pick choice 1") \
	_(GRADE_2,	"grade-2",	"2 Hard / pick choice 2")	\
	_(GRADE_3,	"grade-3",	"3 Good / pick choice 3")	\
	_(GRADE_4,	"grade-4",	"4 Easy / pick choice 4")	\
	_(LONGER,	"longer",	"more cards per session")	\
	_(SHORTER,	"shorter",	"fewer cards per session")	\
	_(UNDO,		"undo",		"take back the last grade (quiz)") \
	_(STATS,	"stats",	"study statistics (quiz chooser)")

enum action {
#define ACTION_ENUM(n, name, help) ACT_##n,
	TUI_ACTIONS(ACTION_ENUM)
#undef ACTION_ENUM
	ACT_COUNT
};

/* Key contexts: a key is looked up in the view's context, then GLOBAL.
 * The note, when there is one, is help lines (split at \n) for what keys
 * outside the table do. */
#define TUI_CONTEXTS(_)						\
	_(GLOBAL,	"global",	"Everywhere", NULL)		\
	_(INDEX,	"index",	"Index (type to find)",		\
	    "letters, digits, space, - and every other printable key type\n" \
	    "into the find field: the list narrows and ranks as you type.\n" \
	    "Backspace, Delete, Left, Right, C-a, C-e, C-k, C-u, C-w edit it.\n" \
	    "/ ? = are commands only while the field is empty.")	\
	_(READER,	"reader",	"Definition (reader)", NULL)	\
	_(SEARCH,	"search",	"Search prompt (type a regex)",	\
	    "Left, Right, C-a, C-e, C-k, C-u, C-w, Delete, Backspace edit.") \
	_(LIST,		"list",		"Help and category picker", NULL) \
	_(QUIZ,		"quiz",		"Quiz (typed answers: type, Enter checks)", \
	    NULL)

enum keyctx {
#define CTX_ENUM(n, name, title, note) KCTX_##n,
	TUI_CONTEXTS(CTX_ENUM)
#undef CTX_ENUM
	KCTX_COUNT
};

void		 keymap_init(void);
void		 keymap_free(void);
enum action	 keymap_lookup(enum keyctx ctx, int key, bool fallback);
int		 keymap_bind(const char *ctx, int key, const char *action,
		    char *err, size_t errsz);
const char	*keymap_action_name(enum action a);
/* The first key bound to a in ctx (or GLOBAL), named for a key bar:
 * "Enter", "F10", "C-q", "/"; "" when none. */
const char	*keymap_key_label(enum keyctx ctx, enum action a, char *buf,
		    size_t bufsz);
/* Help text: one line per context title and per action with its keys
 * and the action's name as `bind` lines write it. */
size_t		 keymap_help(char ***lines);

/* ---- prompt.c: one-line editing with readline's keys ---- */

struct lineed {
	char	 buf[256];
	size_t	 len, cur;	/* bytes; cur on a character boundary */
};

/* Whether key is one the editor takes (printable keys, Backspace,
 * Delete, Left, Right, C-a, C-e, C-k, C-u, C-w). */
bool	lineed_takes(int key);
/* 1: the text changed, 2: only the cursor moved, 0: not an editing key,
 * -1: full. */
int	lineed_key(struct lineed *e, int key);
void	lineed_set(struct lineed *e, const char *s);
/* Draw at y, x in w columns, scrolled so the cursor cell shows (an
 * ellipsis where text is cut on the left); the cursor is reverse. */
void	lineed_draw(const struct lineed *e, int y, int x, int w, attr_t a);

/* The quiz's input line: Backspace, C-u, C-w and printable keys edit
 * buf[0..*len) (cap bytes with the NUL). 1: edited, 0: not an editing
 * key, -1: full. */
int	prompt_edit(char *buf, size_t *len, size_t cap, int key);

struct lhist {
	char	**v;
	size_t	  n;
	size_t	  cur;		/* n: the line being typed */
	char	 *typed;	/* that line, while browsing */
};

void	lhist_add(struct lhist *h, const char *s);
/* Older (dir < 0) or newer entry into e; false at either end. */
bool	lhist_move(struct lhist *h, int dir, struct lineed *e);
void	lhist_reset(struct lhist *h);
void	lhist_free(struct lhist *h);

/* ---- the browser state (tui.c) ---- */

struct pane {
	int	y, x, h, w;
};

struct index {
	struct term_ref	*rows;		/* the visible window only */
	size_t		 n;
	size_t		 sel;
	size_t		 pos;		/* 0-based position of rows[sel] */
	size_t		 total;
	char		 prev_letter;	/* letter of the row above rows[0] */
	char		*category;	/* filter, or NULL */
	int		 h;		/* rows the window was filled for */
	/* Type to find: while the field holds text the list is the
	 * ranked matches instead of the A-Z window. */
	struct lineed	 find;
	struct term_ref	*hits;
	size_t		 nhits, hsel, htop;
};

/* One Tab stop: a link from its first byte to its last, across wrapped
 * lines; in between only the spans of its own target are the link (not
 * the indentation of the next line). */
struct dlink {
	size_t	 line, off;		/* where it starts */
	size_t	 eline, eoff;		/* where it ends, eoff exclusive */
	int	 target;		/* index into detail.targets */
};

struct dmatch {
	size_t	 line, off, len;
};

struct detail {
	bool		 have;
	struct term	 term;
	int		 width;		/* rendered for */
	struct rline	*lines;
	size_t		 n, cap;
	char		**targets;	/* link targets (names or URLs) */
	int64_t		*target_keys;	/* 0 when not known yet */
	size_t		 ntargets;
	struct dlink	*links;
	size_t		 nlinks;
	long		 cur_link;	/* -1: none */
	struct dmatch	*matches;
	size_t		 nmatches;
	long		 cur_match;
	size_t		 top;
	int		 h;
	/* The reader's search in the page (/): the prompt while it is
	 * open, its live pattern, and the last one confirmed (n/N). */
	bool		 prompting;
	struct lineed	 pat;
	struct search	*live;
	struct search	*page_re;
	bool		 bad;
};

/* One result of the search view: the term and its matching line. */
struct search_row {
	int64_t	 key;
	char	*headword;
	char	*line;	/* the matching line; the gist for a headword */
	size_t	 ms, ml;
	long	 lineno;
	bool	 named;	/* the match is in the headword (ms, ml there) */
	bool	 gist;	/* line holds the body's start (fetched when drawn) */
};

/* The search view: the prompt as typed, its history, and its results. */
struct search_view {
	struct lineed	 ed;		/* the prompt; empty when opened */
	struct lhist	 hist;
	char		 pat[256];	/* the last pattern opened (quiz) */
	size_t		 len;
	bool		 headwords_only;
	struct search	*re;		/* compiled ed, NULL when bad/empty */
	struct search	*last;		/* last opened pattern: n/N */
	bool		 bad;
	char		 err[256];
	size_t		 erroff;
	struct search_row	*hits;
	size_t		 n, cap;
	bool		 truncated;
	bool		 stale;		/* results do not match ed yet */
	size_t		 sel, top;
	char		 run_err[256];
};

/* A scrolling list of lines: the help screen, the category picker. */
struct text_list {
	char		**lines;
	size_t		 n;
	size_t		 sel, top;
	bool		 selectable;
	const char	*title;
	/* Wrapped for the width drawn at (the help at 40 columns). */
	char		**wrap;
	size_t		 nwrap;
	int		 wrap_w;
};

/* The quiz view: a chooser, then one card at a time. */
enum qphase {
	QP_CHOOSE,	/* pick the scope and the length */
	QP_ASK,		/* the card's question; typed cards take input */
	QP_SHOWN,	/* the answer; grade keys (self-graded) or next */
	QP_DONE		/* the summary */
};

enum qscope { QS_ALL, QS_LETTER, QS_CATEGORY, QS_RECENT, QS_SEARCH,
	QS_COUNT };

struct qline {
	struct rline	 r;
	int		 role;		/* whole line in this role, or -1 */
};

/* The quiz view's state through its phases. */
struct quiz_view {
	enum qphase		 phase;
	enum qscope		 scopes[QS_COUNT];
	size_t			 nscopes, sel;
	enum qscope		 scope;
	char			 scope_name[160];
	size_t			 length;
	struct study_terms	 ts;
	struct quiz_item	*items;
	size_t			 nitems, cur;
	struct quiz_card	 card;
	bool			 have_card;
	bool			 graded_auto;	/* typed/choice: committed */
	enum quiz_verdict	 verdict;
	char			*diff;
	long			 picked;	/* choice: -1 none */
	/* What each grade would schedule, as intervals from the reveal:
	 * fixed then, so "1 Again 1m" does not count down to "now" while
	 * the answer is read. */
	int64_t			 preview_iv[4];
	bool			 have_preview;
	bool			 compact;	/* a short screen: no spacing */
	char			 input[256];
	size_t			 ilen;
	char			 saved[128];	/* "Saved: Good, next in 10m" */
	int			 graded[4];
	size_t			 done;
	int			 due_today, due_week;	/* -1: unknown */
	struct qline		*lines;
	size_t			 n, cap, top;
	int			 h;
	/* The session as it runs (learning steps come back), and what u
	 * takes back: one record per grade. */
	struct quiz_queue	 qq;
	int64_t			 learn_ahead;	/* seconds */
	struct progress_undo	*undo;
	int			*undo_grade;
	size_t			 nundo, capundo;
	bool			 help;		/* the quiz keys are shown */
	uint64_t		 seed;		/* choices: the session's */
	struct study_opts	 opts;		/* the config's kinds, limits */
	struct quiz_item	 shown_item;	/* the card as it was dealt */
	/* The chooser's counts of the selected scope, cached by scope. */
	struct quiz_counts	 counts;
	int			 counts_scope;	/* -1: none yet */
	bool			 counts_ok;
	/* s in the chooser: lore stats' text, scrolled by stats_top. */
	struct text_list	 stats;
	bool			 show_stats;
	size_t			 stats_top;
};

/* The views, tig-style: each owns its open/draw/key/status/free in a
 * struct view_ops (in its own file), and this list is the one table
 * the loop reads. Adding a view: its file, and a line here. */
#define TUI_VIEWS(_)				\
	_(INDEX,	index)			\
	_(READER,	reader)			\
	_(SEARCH,	search)			\
	_(HELP,		help)			\
	_(PICKER,	picker)			\
	_(QUIZ,		quiz)

enum view_id {
#define VIEW_ENUM(n, v) VIEW_##n,
	TUI_VIEWS(VIEW_ENUM)
#undef VIEW_ENUM
	VIEW_COUNT
};

/* One entry of the reading history: the term and where you were in it. */
struct hentry {
	int64_t	 key;
	size_t	 top;
	long	 link;
};

#define VIEW_DEPTH	8

struct tui {
	struct corpus		*c;
	const struct tui_opts	*o;
	struct progress		*progress;
	struct lookup		*lk;		/* NULL: prefix find only */
	int			 rows, cols;
	bool			 small;
	bool			 split;		/* two panes now */
	int			 split_cols;	/* from this width; 0: never */
	bool			 cursor_bar;	/* `set cursor bar` */
	enum view_id		 mode;		/* the view on top */
	enum view_id		 stack[VIEW_DEPTH];
	int			 depth;
	struct pane		 ip, dp;	/* list and definition panes */
	struct index		 ix;
	struct detail		 dt;
	struct search_view		 su;
	struct text_list		 help, pick;
	struct quiz_view		 qz;
	struct study_clock	 ck;
	struct srs_params	 params;
	char		       **cats;		/* picker: category per line */
	size_t			 ncats;
	struct hentry		*hist;
	size_t			 nhist, hcur, hcap;
	char			 msg[256];
	bool			 msg_err;
	int			 quit;		/* exit status + 1 */
};

/* A view: draw paints everything above the status line, status the
 * status line (tui_status does the common one). typing says whether
 * printable keys are text now: 0 no, 1 yes unless bound in the view's
 * own context (Enter, Esc), 2 yes whatever they are bound to (a typed
 * quiz answer: "1" is text). open is how a command asks for the view;
 * it pushes itself (tui_push) when it can open. */
struct view_ops {
	const char	*name;
	enum keyctx	 ctx;
	void		(*open)(struct tui *);
	void		(*draw)(struct tui *);
	bool		(*key)(struct tui *, enum action, int);
	void		(*status)(struct tui *, int y);
	int		(*typing)(const struct tui *);
	void		(*free)(struct tui *);
};

#define VIEW_EXTERN(n, v) extern const struct view_ops view_##v##_ops;
TUI_VIEWS(VIEW_EXTERN)
#undef VIEW_EXTERN

/* view_index.c */
void	index_open(struct tui *t);
void	index_free(struct index *ix);
void	index_place(struct tui *t, const char *sortkey, int64_t key, int row);
void	index_goto_key(struct tui *t, int64_t key);
void	index_step(struct tui *t, long delta);
void	index_set_category(struct tui *t, const char *cat);
void	index_relayout(struct tui *t);
void	index_draw(struct tui *t, const struct pane *p);
/* A click on screen row y of the list: select what is there. */
bool	index_click(struct tui *t, int y);
const struct term_ref *index_selected(const struct tui *t);

/* view_detail.c: the definition, in the index's preview and the reader */
void	detail_show(struct tui *t, int64_t key);
void	detail_free(struct detail *d);
void	detail_layout(struct tui *t, int width);
void	detail_matches(struct tui *t);
void	detail_draw(struct tui *t, const struct pane *p);
bool	detail_scroll(struct tui *t, enum action a);
/* n: the next match of the pattern, scrolled into view. */
void	reader_next_match(struct tui *t);
/* A click at screen y, x in the pane: follows the link there. */
bool	detail_click(struct tui *t, const struct pane *p, int y, int x);
/* The attributes of a span of rendered text (enum rstyle bits). */
attr_t	detail_style_attr(unsigned st, bool cur_link);

/* view_search.c */
void	search_ui_free(struct search_view *s);
void	search_ui_update(struct tui *t);
/* Rows the prompt takes at the bottom (1, or 2 with a message). */
int	search_ui_rows(const struct tui *t);

/* view_quiz.c */
void	quiz_ui_open(struct tui *t);
void	quiz_ui_free(struct quiz_view *q);
/* The config's quiz settings (learn-ahead, kinds, order, limits). */
void	quiz_ui_config(struct quiz_view *q, const struct conf_quiz *c);
void	quiz_ui_draw(struct tui *t);
bool	quiz_ui_key(struct tui *t, enum action a, int key);
bool	quiz_ui_typing(const struct tui *t);

/* view_help.c */
void	list_free(struct text_list *l);
/* Open the help view on lines of text (the config file's errors). */
void	help_open_text(struct tui *t, const char *title, char **lines,
	    size_t n);

/* tui.c */
void	tui_message(struct tui *t, bool err, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	tui_push(struct tui *t, enum view_id v);
void	tui_pop(struct tui *t);
/* Open a term in the reader and record it in the history, however it
 * was reached (the index, a search, a link, the command line). */
void	tui_open_term(struct tui *t, int64_t key);
void	tui_history_go(struct tui *t, int dir);
/* Put the reader's term back in the definition (after a preview). */
void	tui_reader_restore(struct tui *t);
void	tui_note_lookup(struct tui *t);
void	tui_layout(struct tui *t);
/* The common status line: the view's name in reverse, its position,
 * the message, and as many key hints (action, label) as fit. */
struct keyhint {
	enum action	 a;
	const char	*label;
};
void	tui_status(struct tui *t, int y, const char *pos,
	    const struct keyhint *hints, size_t nhints);

#endif
