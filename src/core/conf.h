/* conf.h - the config file and key-name syntax, shared by the TUI's
 * config file ($XDG_CONFIG_HOME/lore/config) and its key scripts.
 *
 * Curses-free on purpose: the parser is unit-tested and fuzzed, and the
 * TUI maps its own key codes onto these. Key codes are Unicode code points
 * for printable keys, control characters 1..31 for <C-x>, and KEYC_* above
 * the Unicode range for named keys; KEYC_META marks Alt/Meta. */
#ifndef LORE_CONF_H
#define LORE_CONF_H

#include <stddef.h>

enum keyc {
	KEYC_NONE = 0,
	KEYC_BASE = 0x110000,
	KEYC_UP = KEYC_BASE,
	KEYC_DOWN,
	KEYC_LEFT,
	KEYC_RIGHT,
	KEYC_HOME,
	KEYC_END,
	KEYC_PGUP,
	KEYC_PGDN,
	KEYC_ENTER,
	KEYC_TAB,
	KEYC_BTAB,
	KEYC_BS,
	KEYC_ESC,
	KEYC_DEL,
	KEYC_INS,
	KEYC_SPACE,
	KEYC_RESIZE,
	KEYC_MOUSE,
	KEYC_F1,
	KEYC_F12 = KEYC_F1 + 11,
	KEYC_LAST
};
#define KEYC_META	0x40000000
#define KEYC_CTRL(c)	((c) & 0x1f)

/* Parse one key at s[0..n): "<Down>", "<C-x>", "<M-Left>", "<lt>" or one
 * UTF-8 character. Returns the bytes used and sets *key, or 0 when s does
 * not start with a valid key name. Names are case-insensitive. */
size_t	conf_key_parse(const char *s, size_t n, int *key);
/* Canonical name of key ("j", "<Down>", "<C-d>"); returns its length. */
size_t	conf_key_name(int key, char *buf, size_t bufsz);

struct conf_ops {
	/* `bind [CONTEXT] KEY ACTION`: context is NULL when not given.
	 * Return 0, or -1 with a message in err. */
	int	(*bind)(void *arg, const char *context, int key,
		    const char *action, char *err, size_t errsz);
	/* `set NAME VALUE`; color values are checked here already. */
	int	(*set)(void *arg, const char *name, const char *value,
		    char *err, size_t errsz);
	/* One bad line: the parser goes on with the next. */
	void	(*error)(void *arg, const char *path, long line,
		    const char *msg);
};

/* Parse a whole config text. Returns the number of bad lines. */
int	conf_parse(const char *path, const char *buf, size_t len,
	    const struct conf_ops *ops, void *arg);
/* Read and parse path; a missing file is not an error (returns 0).
 * An unreadable one, or one that is not a regular file (a directory, a
 * FIFO, which would block, a device), is reported through ops->error with
 * line 0 and not read. */
int	conf_load(const char *path, const struct conf_ops *ops, void *arg);
/* "never" 0, "auto" -1, "always" 1; -2 for anything else. */
int	conf_color_parse(const char *s);

/* The config file: $XDG_CONFIG_HOME/lore/config, else
 * ~/.config/lore/config of an absolute HOME or the password database's
 * home (xdg_path), to be freed; NULL when there is no home. */
char	*conf_path(void);

/* Desired retention, from `set retention` or --retention. */
#define CONF_RETENTION_MIN	0.70
#define CONF_RETENTION_MAX	0.99

/* What the quiz takes from the config, the browser's and lore quiz's
 * alike, so that both schedule the same. */
/* The quiz settings; every field's zero means "not set", so that a flag
 * or the built-in default decides. */
struct conf_quiz {
	double	 retention;	/* 0: not set */
	int	 learn_ahead;	/* minutes + 1 (0: not set; 1: no learn-ahead) */
	int	 new_per_day;	/* new cards a day + 1 */
	int	 reviews_per_day;	/* reviews a day + 1 */
	int	 new_order;	/* CONF_ORDER_*; 0: not set */
	unsigned kinds;		/* 1 << quiz kind; 0: not set */
};

enum { CONF_ORDER_LINKS = 1, CONF_ORDER_RANDOM, CONF_ORDER_ALPHA };

/* "links", "random", "alphabetical" (or a prefix of 3 or more): a
 * CONF_ORDER_*, or 0. */
int	conf_order_parse(const char *s);
/* A comma-separated list of quiz kinds ("all" for every kind): the mask,
 * or 0 with err filled. */
unsigned conf_kinds_parse(const char *s, char *err, size_t errsz);

/* Apply `set name value` when it is a quiz setting: 0, or -1 with a
 * message in err for a bad value; 1 when name is no quiz setting. */
int	conf_quiz_set(struct conf_quiz *q, const char *name, const char *value,
	    char *err, size_t errsz);

#endif
