/* conf.c - key names and the `bind`/`set` config language. */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "conf.h"
#include "quiz.h"
#include "util.h"
#include "text.h"

/* Named keys, canonical spelling first; aliases follow their canonical
 * entry so conf_key_name() finds the first. */
static const struct {
	const char	*name;
	int		 key;
} key_names[] = {
	{ "Up", KEYC_UP },		{ "Down", KEYC_DOWN },
	{ "Left", KEYC_LEFT },		{ "Right", KEYC_RIGHT },
	{ "Home", KEYC_HOME },		{ "End", KEYC_END },
	{ "PageUp", KEYC_PGUP },	{ "PgUp", KEYC_PGUP },
	{ "PageDown", KEYC_PGDN },	{ "PgDn", KEYC_PGDN },
	{ "Enter", KEYC_ENTER },	{ "Return", KEYC_ENTER },
	{ "CR", KEYC_ENTER },
	{ "Tab", KEYC_TAB },		{ "S-Tab", KEYC_BTAB },
	{ "BackTab", KEYC_BTAB },
	{ "Backspace", KEYC_BS },	{ "BS", KEYC_BS },
	{ "Esc", KEYC_ESC },		{ "Escape", KEYC_ESC },
	{ "Del", KEYC_DEL },		{ "Delete", KEYC_DEL },
	{ "Insert", KEYC_INS },		{ "Ins", KEYC_INS },
	{ "Space", ' ' },
	{ "lt", '<' },			{ "gt", '>' },
	{ "Resize", KEYC_RESIZE },
};

/* Control characters that terminals send for named keys are the named
 * key: a config saying <C-m> means Enter. */
static int
key_normalize(int key)
{
	int mods = key & KEYC_META, k = key & ~KEYC_META;

	switch (k) {
	case '\r':
	case '\n':
		k = KEYC_ENTER;
		break;
	case '\t':
		k = KEYC_TAB;
		break;
	case 0x7f:
	case 0x08:
		k = KEYC_BS;
		break;
	case 0x1b:
		k = KEYC_ESC;
		break;
	case KEYC_SPACE:
		k = ' ';
		break;
	}
	return k | mods;
}

static int
key_lookup_name(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (strlen(key_names[i].name) == n &&
		    strncasecmp(key_names[i].name, s, n) == 0)
			return key_names[i].key;
	if ((n == 2 || n == 3) && (s[0] == 'F' || s[0] == 'f')) {
		int f = atoi(s + 1);

		if (s[1] >= '0' && s[1] <= '9' && f >= 1 && f <= 12 &&
		    (n == 2 || (s[2] >= '0' && s[2] <= '9')))
			return KEYC_F1 + f - 1;
	}
	return KEYC_NONE;
}

size_t
conf_key_parse(const char *s, size_t n, int *key)
{
	const char *end, *p;
	size_t len;
	uint32_t cp;
	int k, mods = 0;

	if (n == 0)
		return 0;
	if (s[0] != '<' || n < 3 || (end = memchr(s, '>', n)) == NULL ||
	    end == s + 1) {
		len = text_decode(s, n, &cp);
		if (cp == TEXT_REPLACEMENT || cp < 0x20 || cp == 0x7f)
			return 0;
		*key = key_normalize((int)cp);
		return len;
	}
	/* "<...>": modifiers, then a name or one character. */
	p = s + 1;
	for (;;) {
		if (end - p > 2 && p[1] == '-' && (p[0] == 'C' || p[0] == 'c')) {
			mods |= 1;
			p += 2;
		} else if (end - p > 2 && p[1] == '-' && strchr("MmAa", p[0]) &&
		    p[0] != '\0') {
			mods |= 2;
			p += 2;
		} else
			break;
	}
	len = (size_t)(end - p);
	if (len == 0)
		return 0;
	/* "<S-Tab>" is a name of its own; other S- combinations are not. */
	if ((k = key_lookup_name(p, len)) == KEYC_NONE) {
		size_t cl = text_decode(p, len, &cp);

		if (cl != len || cp == TEXT_REPLACEMENT || cp < 0x20 ||
		    cp == 0x7f)
			return 0;
		k = (int)cp;
	}
	if (mods & 1) {
		/* Control applies to ASCII letters and @[\]^_ only. */
		if (k >= 'a' && k <= 'z')
			k -= 'a' - 'A';
		if (k < '@' || k > '_')
			return 0;
		k = KEYC_CTRL(k);
		if (k == 0)
			return 0;
	}
	k = key_normalize(k);
	if (mods & 2)
		k |= KEYC_META;
	*key = k;
	return (size_t)(end - s) + 1;
}

size_t
conf_key_name(int key, char *buf, size_t bufsz)
{
	char body[32];
	const char *meta = (key & KEYC_META) ? "M-" : "";
	int k = key & ~KEYC_META;
	size_t i;
	int n;

	body[0] = '\0';
	for (i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (key_names[i].key == k && k > 0x20) {
			snprintf(body, sizeof body, "%s", key_names[i].name);
			break;
		}
	if (body[0] != '\0')
		;
	else if (k == ' ')
		snprintf(body, sizeof body, "Space");
	else if (k >= KEYC_F1 && k <= KEYC_F12)
		snprintf(body, sizeof body, "F%d", k - KEYC_F1 + 1);
	else if (k > 0 && k <= 26)
		snprintf(body, sizeof body, "C-%c", k + 'a' - 1);
	else if (k > 26 && k < 0x20)
		/* C-\ C-] C-^ C-_: 'a' - 1 + k gave } | ~ and a raw DEL,
		 * which conf_key_parse() refuses (fuzz-conf). */
		snprintf(body, sizeof body, "C-%c", k + '@');
	else if (k > 0x20 && k < KEYC_BASE) {
		char u[5];
		size_t ul = text_encode((uint32_t)k, u);

		u[ul] = '\0';
		if (*meta == '\0' && k != '<' && k != '>') {
			n = snprintf(buf, bufsz, "%s", u);
			return n < 0 ? 0 : (size_t)n;
		}
		snprintf(body, sizeof body, "%s", k == '<' ? "lt" :
		    k == '>' ? "gt" : u);
	} else
		snprintf(body, sizeof body, "?");
	n = snprintf(buf, bufsz, "<%s%s>", meta, body);
	return n < 0 ? 0 : (size_t)n;
}

int
conf_color_parse(const char *s)
{
	if (strcmp(s, "never") == 0)
		return 0;
	if (strcmp(s, "auto") == 0)
		return -1;
	if (strcmp(s, "always") == 0)
		return 1;
	return -2;
}

#define CONF_MAX_WORDS	4
#define CONF_MAX_FILE	(1u << 20)	/* a config is small; the rest is ignored */

/* Split line into whitespace-separated words (at most max+1 noted, so
 * "too many" is detectable). The line is modified in place. */
static int
split_words(char *line, char **w, int max)
{
	int n = 0;
	char *p = line;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '#')
			break;
		if (n > max)
			break;
		w[n++] = p;
		while (*p != '\0' && *p != ' ' && *p != '\t')
			p++;
		if (*p != '\0')
			*p++ = '\0';
	}
	return n;
}

static int
parse_line(char *line, const struct conf_ops *ops, void *arg, char *err,
    size_t errsz)
{
	char *w[CONF_MAX_WORDS + 2];
	int n = split_words(line, w, CONF_MAX_WORDS), key;
	size_t used;

	if (n == 0)
		return 0;
	if (strcmp(w[0], "bind") == 0) {
		const char *ctx = NULL, *kname, *action;

		if (n == 3) {
			kname = w[1];
			action = w[2];
		} else if (n == 4) {
			ctx = w[1];
			kname = w[2];
			action = w[3];
		} else {
			snprintf(err, errsz, "expected 'bind [CONTEXT] KEY ACTION'");
			return -1;
		}
		used = conf_key_parse(kname, strlen(kname), &key);
		if (used == 0 || used != strlen(kname)) {
			snprintf(err, errsz, "'%.40s' is not a key name (e.g. j, "
			    "<Down>, <C-d>, <M-x>, <Enter>)", kname);
			return -1;
		}
		if (ops->bind == NULL)
			return 0;
		return ops->bind(arg, ctx, key, action, err, errsz);
	}
	if (strcmp(w[0], "set") == 0) {
		if (n != 3) {
			snprintf(err, errsz, "expected 'set NAME VALUE'");
			return -1;
		}
		if (strcmp(w[1], "color") == 0 &&
		    conf_color_parse(w[2]) == -2) {
			snprintf(err, errsz, "'set color' takes never, auto or "
			    "always, not '%.40s'", w[2]);
			return -1;
		}
		if (ops->set == NULL)
			return 0;
		return ops->set(arg, w[1], w[2], err, errsz);
	}
	snprintf(err, errsz, "unknown command '%.40s' (expected bind or set)",
	    w[0]);
	return -1;
}

int
conf_parse(const char *path, const char *buf, size_t len,
    const struct conf_ops *ops, void *arg)
{
	const char *p = buf, *end = buf + len, *nl;
	char line[1024], err[256];
	long lineno = 0;
	int bad = 0;

	while (p < end) {
		size_t n;

		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		lineno++;
		if (n > 0 && p[n - 1] == '\r')
			n--;
		err[0] = '\0';
		if (n >= sizeof line) {
			snprintf(err, sizeof err, "line too long (over %zu bytes)",
			    sizeof line - 1);
		} else if (memchr(p, '\0', n) != NULL ||
		    !text_utf8_valid(p, n, NULL)) {
			snprintf(err, sizeof err, "not valid UTF-8 text");
		} else {
			memcpy(line, p, n);
			line[n] = '\0';
			if (parse_line(line, ops, arg, err, sizeof err) == 0)
				err[0] = '\0';
			else if (err[0] == '\0')
				snprintf(err, sizeof err, "invalid line");
		}
		if (err[0] != '\0') {
			bad++;
			if (ops->error != NULL)
				ops->error(arg, path, lineno, err);
		}
		p = nl != NULL ? nl + 1 : end;
	}
	return bad;
}

int
conf_load(const char *path, const struct conf_ops *ops, void *arg)
{
	struct stat sb;
	struct buf b = { 0 };
	char msg[256];
	int bad, fd, fl;

	/* Look before reading: fopen() of a FIFO blocks until something
	 * writes to it (lore hung at start-up), and a terminal or a device
	 * is no config either. O_NONBLOCK makes the open itself return; it
	 * is cleared for the read of a regular file, which never blocks. */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) <
	    0) {
		if (errno == ENOENT)
			return 0;
		goto fail_errno;
	}
	if (fstat(fd, &sb) != 0)
		goto fail_close;
	if (!S_ISREG(sb.st_mode)) {
		snprintf(msg, sizeof msg, "%s; not read (the config must be "
		    "a regular file)", S_ISDIR(sb.st_mode) ? "is a directory" :
		    S_ISFIFO(sb.st_mode) ? "is a FIFO" : S_ISSOCK(sb.st_mode) ?
		    "is a socket" : "is a device");
		close(fd);
		goto fail;
	}
	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1 ||
	    read_all(fd, CONF_MAX_FILE, &b) < 0) {	/* more: ignored */
		buf_free(&b);
		goto fail_close;
	}
	close(fd);
	bad = conf_parse(path, b.s != NULL ? b.s : "", b.len, ops, arg);
	buf_free(&b);
	return bad;
fail_close:
	/* errno is the failed call's until close() */
	snprintf(msg, sizeof msg, "cannot read it: %s", strerror(errno));
	close(fd);
	goto fail;
fail_errno:
	snprintf(msg, sizeof msg, "cannot read it: %s", strerror(errno));
fail:
	if (ops->error != NULL)
		ops->error(arg, path, 0, msg);
	return 1;
}

char *
conf_path(void)
{
	/* Like the data files: never a config relative to the current
	 * directory. */
	return xdg_path("XDG_CONFIG_HOME", ".config", "lore/config");
}

int
conf_order_parse(const char *s)
{
	static const char *const names[] = { "links", "random",
	    "alphabetical" };
	size_t n = strlen(s);

	for (size_t i = 0; i < nitems(names); i++)
		if (n >= 3 && strncmp(s, names[i], n) == 0)
			return (int)i + CONF_ORDER_LINKS;
	return 0;
}

unsigned
conf_kinds_parse(const char *s, char *err, size_t errsz)
{
	char *copy = xstrdup(s), *tok, *save = NULL;
	unsigned kinds = 0;
	int k;

	for (tok = strtok_r(copy, ", ", &save); tok != NULL;
	    tok = strtok_r(NULL, ", ", &save)) {
		if (strcmp(tok, "all") == 0)
			kinds |= QUIZ_KIND_ALL;
		else if ((k = quiz_kind_parse(tok)) >= 0)
			kinds |= 1u << k;
		else {
			snprintf(err, errsz, "'%.40s' is not a card kind: "
			    "define, reverse, typed, choice, cloze or all", tok);
			kinds = 0;
			break;
		}
	}
	if (kinds == 0 && tok == NULL)
		snprintf(err, errsz, "no card kinds given");
	free(copy);
	return kinds;
}

/* A whole number in [lo, hi], or -1 with err filled. */
static long
conf_count(const char *name, const char *value, long lo, long hi, char *err,
    size_t errsz)
{
	char *end;
	long v = strtol(value, &end, 10);

	if (end == value || *end != '\0' || v < lo || v > hi) {
		snprintf(err, errsz, "'set %s' takes a number from %ld to %ld, "
		    "not '%.40s'", name, lo, hi, value);
		return -1;
	}
	return v;
}

int
conf_quiz_set(struct conf_quiz *q, const char *name, const char *value,
    char *err, size_t errsz)
{
	char *end;
	double r;
	long v;

	if (strcmp(name, "learn-ahead") == 0) {
		if ((v = conf_count(name, value, 0, 1440, err, errsz)) < 0)
			return -1;
		q->learn_ahead = (int)v + 1;
		return 0;
	}
	if (strcmp(name, "new-per-day") == 0) {
		if ((v = conf_count(name, value, 0, 9999, err, errsz)) < 0)
			return -1;
		q->new_per_day = (int)v + 1;
		return 0;
	}
	if (strcmp(name, "reviews-per-day") == 0) {
		if ((v = conf_count(name, value, 0, 99999, err, errsz)) < 0)
			return -1;
		q->reviews_per_day = (int)v + 1;
		return 0;
	}
	if (strcmp(name, "new-order") == 0) {
		if ((q->new_order = conf_order_parse(value)) == 0) {
			snprintf(err, errsz, "'set new-order' takes links, "
			    "random or alphabetical, not '%.40s'", value);
			return -1;
		}
		return 0;
	}
	if (strcmp(name, "card-kinds") == 0) {
		if ((q->kinds = conf_kinds_parse(value, err, errsz)) == 0)
			return -1;
		return 0;
	}
	if (strcmp(name, "retention") != 0)
		return 1;
	r = strtod(value, &end);
	if (end == value || *end != '\0' || !(r >= CONF_RETENTION_MIN &&
	    r <= CONF_RETENTION_MAX)) {
		snprintf(err, errsz, "'set retention' takes %.2f to %.2f, not "
		    "'%.40s'", CONF_RETENTION_MIN, CONF_RETENTION_MAX, value);
		return -1;
	}
	q->retention = r;
	return 0;
}
