/* test-conf.c - the key-name syntax and the config language. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "tap.h"

static int
key(const char *s)
{
	int k = -1;
	size_t used = conf_key_parse(s, strlen(s), &k);

	return used == strlen(s) ? k : -1;
}

static const char *
name(int k)
{
	static char buf[64];

	conf_key_name(k, buf, sizeof buf);
	return buf;
}

struct rec {
	char	log[2048];
	int	binds, sets;
};

static int
rec_bind(void *arg, const char *ctx, int k, const char *action, char *err,
    size_t errsz)
{
	struct rec *r = arg;
	size_t n = strlen(r->log);

	if (strcmp(action, "bogus") == 0) {
		snprintf(err, errsz, "unknown action '%s'", action);
		return -1;
	}
	snprintf(r->log + n, sizeof r->log - n, "bind %s %s %s;",
	    ctx ? ctx : "-", name(k), action);
	r->binds++;
	return 0;
}

static int
rec_set(void *arg, const char *nm, const char *value, char *err, size_t errsz)
{
	struct rec *r = arg;
	size_t n = strlen(r->log);

	(void)err, (void)errsz;
	snprintf(r->log + n, sizeof r->log - n, "set %s %s;", nm, value);
	r->sets++;
	return 0;
}

static void
rec_error(void *arg, const char *path, long line, const char *msg)
{
	struct rec *r = arg;
	size_t n = strlen(r->log);

	snprintf(r->log + n, sizeof r->log - n, "E %s:%ld: %s;", path, line,
	    msg);
}

int
main(void)
{
	static const struct conf_ops ops = { rec_bind, rec_set, rec_error };
	struct rec r;
	int k;

	is_int(key("j"), 'j', "plain letter");
	is_int(key("<Down>"), KEYC_DOWN, "<Down>");
	is_int(key("<down>"), KEYC_DOWN, "names are case-insensitive");
	is_int(key("<C-d>"), 4, "<C-d> is the control character");
	is_int(key("<C-D>"), 4, "<C-D> too");
	is_int(key("<C-m>"), KEYC_ENTER, "<C-m> is Enter");
	is_int(key("<C-i>"), KEYC_TAB, "<C-i> is Tab");
	is_int(key("<Enter>"), KEYC_ENTER, "<Enter>");
	is_int(key("<S-Tab>"), KEYC_BTAB, "<S-Tab>");
	is_int(key("<M-x>"), KEYC_META | 'x', "<M-x>");
	is_int(key("<A-x>"), KEYC_META | 'x', "<A-x> is Meta too");
	is_int(key("<M-Left>"), KEYC_META | KEYC_LEFT, "<M-Left>");
	is_int(key("<F10>"), KEYC_F1 + 9, "<F10>");
	is_int(key("<F13>"), -1, "no F13");
	is_int(key("<lt>"), '<', "<lt>");
	is_int(key("<"), '<', "a lone < is the character");
	is_int(key("<Space>"), ' ', "<Space>");
	is_int(key("\xce\xbb"), 0x3bb, "UTF-8 character");
	is_int(key("<Nope>"), -1, "unknown name");
	is_int(key("<C-1>"), -1, "control needs a letter");
	is_int(key("\x01"), -1, "raw control bytes are not key names");
	is_int(key("\xff"), -1, "invalid UTF-8");
	is_int(key(""), -1, "empty");
	k = 0;
	is_int((int)conf_key_parse("<Down><Up>", 10, &k), 6, "one key at a time");
	is_int(k, KEYC_DOWN, "... the first");

	is_str(name('j'), "j", "name j");
	is_str(name(KEYC_DOWN), "<Down>", "name <Down>");
	is_str(name(4), "<C-d>", "name <C-d>");
	is_str(name(KEYC_META | 'x'), "<M-x>", "name <M-x>");
	is_str(name('<'), "<lt>", "name <lt>");
	is_str(name(' '), "<Space>", "name <Space>");
	is_str(name(KEYC_F1 + 11), "<F12>", "name <F12>");
	/* Every name parses back to its key. */
	for (int i = KEYC_BASE; i < KEYC_LAST; i++) {
		const char *n = name(i);

		if (i == KEYC_SPACE || i == KEYC_MOUSE)
			continue;
		if (key(n) != i)
			ok(0, "round trip of %s", n);
	}
	ok(1, "names round-trip");
	/* ... and so does every control key that is not a named one
	 * (C-] was named <C-}> and C-_ a raw DEL: fuzz-conf). */
	is_str(name(0x1d), "<C-]>", "name <C-]>");
	is_str(name(0x1f), "<C-_>", "name <C-_>");
	for (int i = 1; i < 0x20; i++) {
		const char *n = name(i);

		if (i == '\b' || i == '\t' || i == '\n' || i == '\r' ||
		    i == 0x1b)
			continue;	/* Backspace, Tab, Enter, Esc */
		if (key(n) != i || key(name(KEYC_META | i)) != (KEYC_META | i))
			ok(0, "round trip of control %#x: %s", i, n);
	}
	ok(1, "control names round-trip");

	memset(&r, 0, sizeof r);
	{
		const char *good = "# comment\n\nbind j move-down\n"
		    "bind detail <C-d> page-down\r\nset theme mono\n"
		    "  set color never   # trailing comment\n";

		is_int(conf_parse("cfg", good, strlen(good), &ops, &r), 0,
		    "good config");
	}
	is_str(r.log, "bind - j move-down;bind detail <C-d> page-down;"
	    "set theme mono;set color never;", "calls in order");

	memset(&r, 0, sizeof r);
	{
		const char *bad = "bind j\nfrobnicate\nbind <Nope> quit\n"
		    "set color sometimes\nbind q bogus\nset a b c\n"
		    "bind x quit\n";

		is_int(conf_parse("cfg", bad, strlen(bad), &ops, &r), 6,
		    "six bad lines");
		ok(strstr(r.log, "E cfg:1: expected 'bind") != NULL,
		    "line 1: bind without action");
		ok(strstr(r.log, "E cfg:2: unknown command 'frobnicate'") !=
		    NULL, "line 2: unknown command");
		ok(strstr(r.log, "E cfg:3: '<Nope>' is not a key name") != NULL,
		    "line 3: bad key");
		ok(strstr(r.log, "E cfg:4: 'set color' takes never") != NULL,
		    "line 4: bad colour");
		ok(strstr(r.log, "E cfg:5: unknown action 'bogus'") != NULL,
		    "line 5: handler error with file:line");
		ok(strstr(r.log, "E cfg:6: expected 'set NAME VALUE'") != NULL,
		    "line 6: too many words");
		ok(strstr(r.log, "bind - x quit;") != NULL,
		    "good lines after bad ones still count");
	}
	memset(&r, 0, sizeof r);
	is_int(conf_parse("cfg", "bind j \xff\n", 9, &ops, &r), 1,
	    "invalid UTF-8 is a bad line");
	is_int(conf_parse("cfg", "bind j quit", 11, &ops, &r), 0,
	    "no final newline");
	is_int(conf_load("/nonexistent/lore/config", &ops, &r), 0,
	    "a missing file is fine");
	is_int(conf_color_parse("always"), 1, "always");
	is_int(conf_color_parse("auto"), -1, "auto");
	is_int(conf_color_parse("never"), 0, "never");
	is_int(conf_color_parse("blue"), -2, "blue");

	{
		struct conf_quiz q = { 0 };
		char err[128], *path;

		is_int(conf_quiz_set(&q, "theme", "mono", err, sizeof err), 1,
		    "theme is no quiz setting");
		is_int(conf_quiz_set(&q, "retention", "0.8", err, sizeof err),
		    0, "set retention 0.8");
		ok(q.retention == 0.8, "is kept");
		is_int(conf_quiz_set(&q, "retention", "0.995", err, sizeof err),
		    -1, "0.995 is out of range");
		is_str(err, "'set retention' takes 0.70 to 0.99, not '0.995'",
		    "with the range");
		is_int(conf_quiz_set(&q, "retention", "", err, sizeof err), -1,
		    "an empty value is refused");
		ok(q.retention == 0.8, "a bad value leaves the setting alone");
		setenv("XDG_CONFIG_HOME", "/x/cfg", 1);
		path = conf_path();
		is_str(path, "/x/cfg/lore/config", "XDG_CONFIG_HOME");
		free(path);
		setenv("XDG_CONFIG_HOME", "relative", 1);
		setenv("HOME", "/home/u", 1);
		path = conf_path();
		is_str(path, "/home/u/.config/lore/config",
		    "a relative XDG_CONFIG_HOME is ignored, as the spec says");
		free(path);
	}
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}
