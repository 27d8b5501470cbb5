/* vtrun.c - run a program on a pseudo-terminal emulated by libvterm and
 * drive it from a script; prints TAP, one test point per assertion.
 *
 * usage: vtrun [-r ROWS] [-c COLS] [-t TIMEOUT_MS] [-o OUTDIR] SCRIPT --
 *        PROGRAM ARGS...
 *
 * Every wait (wait, gone, same, exit) gives up after TIMEOUT_MS, 20 s by
 * default: a wait ends as soon as the screen is right, so a generous
 * timeout costs a passing test nothing, and a loaded machine (make -j,
 * sanitizers, valgrind) must not turn a slow screen into a failure.
 * LORE_TEST_TIMEOUT_SCALE multiplies it (2 for a very slow machine).
 *
 * Script lines (engineering notes 2.4):
 *   wait TEXT          poll until TEXT is on screen (fails on timeout)
 *   expect TEXT        TEXT is on screen now;  expect-not TEXT: it is not
 *   at ROW COL TEXT    TEXT is on screen now at ROW, COL (from 0; a ROW
 *                      below 0 counts from the bottom, -1 the last row):
 *                      a caret under an offset, a click's target
 *   gone TEXT          poll until TEXT has left the screen (then, as
 *                      after wait, until the frame is whole)
 *   type TEXT          send TEXT as typed characters
 *   send TEXT          write TEXT to the terminal as is, after C escapes
 *                      (\e \n \r \t \\ \xHH): what a terminal sends for a
 *                      mouse click, \e[<0;5;3M
 *   key NAME           Down Up Left Right Enter Esc Tab S-Tab Backspace
 *                      Home End PageUp PageDown F1..F12 C-x M-x M-Left
 *   settle MS          read until the program was silent for MS ms
 *   resize ROWS COLS   TIOCSWINSZ: the kernel sends SIGWINCH
 *   snap NAME          write the screen text to OUTDIR/NAME.txt
 *   attrs NAME         write the attribute map (. or bold1|ul2|rev4)
 *   bytes NAME         report the bytes written since the last `bytes`,
 *                      keep the count as NAME and write those bytes,
 *                      escaped, to OUTDIR/NAME.wire
 *   bytes-max N        ... and assert they were fewer than N
 *   bytes-le A B       the count kept as A was at most the one kept as B
 *                      (two programs measured in one run: lore and less)
 *   reverse TEXT       the first cell of TEXT on screen is reverse video
 *   marked TEXT        the cell before TEXT holds the index's selection
 *                      marker (U+25B8 or '>'): `set cursor arrow`
 *   no-color           no colour SGR (30-49, 38;/48;) was ever written
 *   no-raw             nothing written since the start can be text that
 *                      reached the terminal raw: the stream is valid
 *                      UTF-8, holds no C1 control (U+0080-U+009F, or a
 *                      lone 0x9b), no bidi embedding/override/isolate
 *                      (U+202A-E, U+2066-9), no C0 control but BS, TAB,
 *                      LF, CR and ESC, and no ESC ] P _ ^ X (OSC, DCS,
 *                      APC, PM, SOS: ncurses writes none of them, a
 *                      title-setting payload starts with one)
 *   altscreen 0|1      whether the alternate screen is active
 *   cursor 0|1         whether the cursor is visible
 *   mouse 0|1          whether the program has mouse reporting on
 *   ascii-wire         every byte written since the start was 7-bit and
 *                      no line-drawing charset was selected (LANG=C)
 *   cooked 0|1         whether the tty is in cooked mode (ICANON, ECHO,
 *                      ISIG and ICRNL: what a shell needs), read from
 *                      the pty
 *   clear-alt          wipe the emulator's alternate screen buffer, so
 *                      that only a real redraw puts text back on it
 *   keep               remember the screen (text and reverse video)
 *   same               poll until the screen equals the kept one
 *   signal TERM|HUP|INT|QUIT|TSTP|CONT|WINCH|SEGV|ABRT|KILL
 *                      to the program vtrun started
 *   signal-fg NAME     to the foreground process group of the terminal
 *                      (a job started by a job-control shell)
 *   exit CODE          wait for the program to end with CODE (128+sig
 *                      for a signal death)
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <vterm.h>

static VTerm *vt;
static VTermScreen *vs;
static int master = -1, rows = 24, cols = 80, timeout_ms = 20000;
static pid_t child;
static int tnum, tfail, exited = -1;
static size_t nbytes;		/* since the last `bytes` */
static char *allw;		/* everything written, for `no-raw` */
static size_t nall, allcap;
static char *wire;		/* those bytes, for the .wire files */
static size_t wirecap;
static struct {
	char	 name[64];
	size_t	 n;
} counts[64];			/* `bytes NAME`, for `bytes-le` */
static int ncounts;
static bool saw_color, altscreen, cursor_on = true, mouse_on;
static bool saw_8bit, saw_acs;	/* for `ascii-wire` */
static char *kept;		/* `keep`: rows of text, then rows of reverse */
static int kept_rows, kept_cols;
static struct termios last_tio;	/* the tty modes when the pty closed */
static bool have_last_tio;
static const char *outdir = "tests/tui/out", *sname = "vt";
static char pending[64];	/* an SGR sequence cut by a read */
static size_t npending;

static void
ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", cond ? "" : "not ", ++tnum);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond)
		tfail++;
	fflush(stdout);
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static int
settermprop(VTermProp prop, VTermValue *val, void *user)
{
	(void)user;
	if (prop == VTERM_PROP_ALTSCREEN)
		altscreen = val->boolean;
	else if (prop == VTERM_PROP_CURSORVISIBLE)
		cursor_on = val->boolean;
	return 1;
}

static VTermScreenCallbacks cbs = { .settermprop = settermprop };

/* Colour SGRs on the wire, whatever the screen later shows. */
static void
scan_sgr(const char *buf, size_t n)
{
	char tmp[4096 + 64];
	size_t len = 0, i;

	memcpy(tmp, pending, npending);
	len = npending;
	if (n > sizeof tmp - len)
		n = sizeof tmp - len;
	memcpy(tmp + len, buf, n);
	len += n;
	npending = 0;
	for (i = 0; i < len; i++) {
		size_t j, start;
		long p = 0;
		bool num = false, ext = false;

		if (tmp[i] != '\033' || i + 1 >= len || tmp[i + 1] != '[') {
			if (tmp[i] == '\033' && i + 1 == len) {
				pending[0] = '\033';
				npending = 1;
			}
			continue;
		}
		start = i;
		for (j = i + 2; j < len && ((tmp[j] >= '0' && tmp[j] <= '9') ||
		    tmp[j] == ';'); j++)
			;
		if (j == len) {
			if (len - start < sizeof pending) {
				memcpy(pending, tmp + start, len - start);
				npending = len - start;
			}
			break;
		}
		if (tmp[j] != 'm')
			continue;
		for (size_t k = i + 2; k <= j; k++) {
			if (tmp[k] >= '0' && tmp[k] <= '9') {
				p = p * 10 + tmp[k] - '0';
				num = true;
				continue;
			}
			if (num && !ext && ((p >= 30 && p <= 49) ||
			    (p >= 90 && p <= 107)))
				saw_color = true;
			/* 38;5;N: the N is not an SGR of its own. */
			ext = num && (p == 38 || p == 48) ? true :
			    (ext && p == 5 ? true : false);
			p = 0;
			num = false;
		}
		i = j;
	}
}

static void
flush_keys(void)
{
	char buf[256];
	size_t n;

	while ((n = vterm_output_read(vt, buf, sizeof buf)) > 0)
		(void)!write(master, buf, n);
}

/* Read what the program wrote for up to ms; returns bytes read. */
/* For `ascii-wire`: a byte above 0x7f is UTF-8 (or Latin-1) text; SO or
 * ESC ( 0 selects the DEC line-drawing set that ACS box characters use.
 * An ESC ( 0 cut by a read is missed: curses writes it whole. */
static void
scan_ascii(const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)buf[i];

		if (ch >= 0x80)
			saw_8bit = true;
		else if (ch == 0x0e || (ch == 0x1b && i + 2 < n &&
		    buf[i + 1] == '(' && buf[i + 2] == '0'))
			saw_acs = true;
	}
}

/* Mouse reporting, read off the wire: libvterm 0.1 acts on the first
 * mode of a DECSET only, and ncurses turns the mouse on with one for two
 * (\e[?1006;1000h). Modes 9, 1000, 1002, 1003 report buttons. As in
 * scan_ascii(), a sequence cut by a read is missed. */
static void
scan_mouse(const char *buf, size_t n)
{
	for (size_t i = 0; i + 2 < n; i++) {
		size_t j = i + 3;
		bool on = false;
		long modes[8];
		int nm = 0;

		if (buf[i] != 0x1b || buf[i + 1] != '[' || buf[i + 2] != '?')
			continue;
		for (;;) {
			long v = 0;

			while (j < n && buf[j] >= '0' && buf[j] <= '9')
				v = v * 10 + (buf[j++] - '0');
			if (nm < 8)
				modes[nm++] = v;
			if (j < n && buf[j] == ';') {
				j++;
				continue;
			}
			break;
		}
		if (j >= n || (buf[j] != 'h' && buf[j] != 'l'))
			continue;
		on = buf[j] == 'h';
		for (int k = 0; k < nm; k++)
			if (modes[k] == 9 || (modes[k] >= 1000 &&
			    modes[k] <= 1003))
				mouse_on = on;
	}
}

/* `send`: C escapes to bytes, in place; returns the length. */
static size_t
unescape(char *s)
{
	char *o = s, *start = s;

	while (*s != '\0') {
		if (*s != '\\' || s[1] == '\0') {
			*o++ = *s++;
			continue;
		}
		s++;
		switch (*s) {
		case 'e': *o++ = 0x1b; s++; break;
		case 'n': *o++ = '\n'; s++; break;
		case 'r': *o++ = '\r'; s++; break;
		case 't': *o++ = '\t'; s++; break;
		case 'x': {
			char hex[3] = { 0 };

			if (s[1] != '\0') {
				hex[0] = s[1];
				if (s[2] != '\0')
					hex[1] = s[2];
			}
			*o++ = (char)strtol(hex, NULL, 16);
			s += 1 + strlen(hex);
			break;
		}
		default: *o++ = *s++; break;
		}
	}
	*o = '\0';
	return (size_t)(o - start);
}

static size_t
pump(int ms)
{
	struct pollfd pfd = { .fd = master, .events = POLLIN };
	char buf[4096];
	size_t total = 0;
	ssize_t r;

	if (master < 0)
		return 0;
	while (poll(&pfd, 1, ms) > 0) {
		r = read(master, buf, sizeof buf);
		if (r <= 0) {
			/* The modes outlive the program: keep them for
			 * `cooked` after `exit`. */
			have_last_tio = tcgetattr(master, &last_tio) == 0;
			close(master);
			master = -1;
			break;
		}
		scan_sgr(buf, (size_t)r);
		scan_ascii(buf, (size_t)r);
		scan_mouse(buf, (size_t)r);
		vterm_input_write(vt, buf, (size_t)r);
		flush_keys();
		if (nbytes + (size_t)r > wirecap) {
			wirecap = (nbytes + (size_t)r) * 2;
			if ((wire = realloc(wire, wirecap)) == NULL)
				abort();
		}
		memcpy(wire + nbytes, buf, (size_t)r);
		nbytes += (size_t)r;
		if (nall + (size_t)r > allcap) {
			allcap = (nall + (size_t)r) * 2;
			if ((allw = realloc(allw, allcap)) == NULL)
				abort();
		}
		memcpy(allw + nall, buf, (size_t)r);
		nall += (size_t)r;
		total += (size_t)r;
		ms = 0;
	}
	return total;
}

static void
screen_row(int row, char *out, size_t outsz)
{
	size_t len = 0, keep = 0;

	for (int c = 0; c < cols; c++) {
		VTermScreenCell cell;
		VTermPos pos = { row, c };

		if (!vterm_screen_get_cell(vs, pos, &cell))
			continue;
		if (cell.chars[0] == (uint32_t)-1)
			continue;	/* right half of a wide character */
		if (cell.chars[0] == 0) {
			if (len + 1 < outsz)
				out[len++] = ' ';
			continue;
		}
		for (int k = 0; k < VTERM_MAX_CHARS_PER_CELL && cell.chars[k];
		    k++) {
			uint32_t cp = cell.chars[k];

			if (len + 5 >= outsz)
				break;
			if (cp < 0x80)
				out[len++] = (char)cp;
			else if (cp < 0x800) {
				out[len++] = (char)(0xc0 | cp >> 6);
				out[len++] = (char)(0x80 | (cp & 0x3f));
			} else if (cp < 0x10000) {
				out[len++] = (char)(0xe0 | cp >> 12);
				out[len++] = (char)(0x80 | ((cp >> 6) & 0x3f));
				out[len++] = (char)(0x80 | (cp & 0x3f));
			} else {
				out[len++] = (char)(0xf0 | cp >> 18);
				out[len++] = (char)(0x80 | ((cp >> 12) & 0x3f));
				out[len++] = (char)(0x80 | ((cp >> 6) & 0x3f));
				out[len++] = (char)(0x80 | (cp & 0x3f));
			}
		}
		if (out[len - 1] != ' ')
			keep = len;
	}
	out[keep] = '\0';
}

/* Where TEXT is on screen: row and column of its first cell. */
static bool
screen_find(const char *text, int *prow, int *pcol)
{
	char line[8192];

	for (int r = 0; r < rows; r++) {
		char *p;

		screen_row(r, line, sizeof line);
		if ((p = strstr(line, text)) != NULL) {
			/* Columns: count characters before p (wide chars
			 * are rare in tests; good enough). */
			int c = 0;

			for (char *q = line; q < p; q++)
				if (((unsigned char)*q & 0xc0) != 0x80)
					c++;
			if (prow)
				*prow = r;
			if (pcol)
				*pcol = c;
			return true;
		}
	}
	return false;
}

static void
dump_screen(FILE *fp)
{
	char line[8192];

	for (int r = 0; r < rows; r++) {
		screen_row(r, line, sizeof line);
		fprintf(fp, "%s\n", line);
	}
}

static void
diag_screen(void)
{
	char line[8192];

	printf("# --- screen %dx%d ---\n", cols, rows);
	for (int r = 0; r < rows; r++) {
		screen_row(r, line, sizeof line);
		printf("# |%s\n", line);
	}
}

/* The screen as one string: each row's text, then each row's reverse
 * map; what `keep` stores and `same` compares. */
static char *
screen_sig(void)
{
	size_t cap = (size_t)rows * ((size_t)cols * 5 + 2) * 2 + 1, len = 0;
	char *s = malloc(cap), line[8192];

	if (s == NULL)
		abort();
	for (int r = 0; r < rows; r++) {
		screen_row(r, line, sizeof line);
		len += (size_t)snprintf(s + len, cap - len, "%s\n", line);
	}
	for (int r = 0; r < rows; r++) {
		for (int c = 0; c < cols; c++) {
			VTermScreenCell cell;
			VTermPos pos = { r, c };

			vterm_screen_get_cell(vs, pos, &cell);
			s[len++] = cell.attrs.reverse ? 'r' : '.';
		}
		s[len++] = '\n';
	}
	s[len] = '\0';
	return s;
}

static FILE *
out_open(const char *name, const char *ext)
{
	char path[4096];

	mkdir(outdir, 0777);
	snprintf(path, sizeof path, "%s/%s-%s.%s", outdir, sname, name, ext);
	return fopen(path, "w");
}

static void
dump_attrs(FILE *fp)
{
	for (int r = 0; r < rows; r++) {
		char line[1024];
		int keep = 0;

		for (int c = 0; c < cols && c < 1023; c++) {
			VTermScreenCell cell;
			VTermPos pos = { r, c };
			int d;

			vterm_screen_get_cell(vs, pos, &cell);
			d = (cell.attrs.bold ? 1 : 0) |
			    (cell.attrs.underline ? 2 : 0) |
			    (cell.attrs.reverse ? 4 : 0);
			line[c] = d ? (char)('0' + d) : '.';
			if (d)
				keep = c + 1;
		}
		line[keep] = '\0';
		fprintf(fp, "%s\n", line);
	}
}

/* `no-raw`: the first thing in the whole output stream that ncurses
 * would never write and a hostile term could, or NULL. */
static const char *
raw_offence(size_t *at)
{
	static char why[96];
	const unsigned char *s = (const unsigned char *)allw;

	for (size_t i = 0; i < nall; i++) {
		unsigned char c = s[i];
		unsigned cp;
		size_t len;

		*at = i;
		if (c == 0x1b) {
			if (i + 1 < nall && strchr("]P_^X", s[i + 1]) != NULL &&
			    s[i + 1] != '\0') {
				snprintf(why, sizeof why, "ESC %c (a string "
				    "sequence)", s[i + 1]);
				return why;
			}
			continue;
		}
		if (c < 0x20 && c != '\b' && c != '\t' && c != '\n' &&
		    c != '\r') {
			snprintf(why, sizeof why, "C0 control 0x%02x", c);
			return why;
		}
		if (c == 0x7f)
			return "DEL";
		if (c < 0x80)
			continue;
		if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			cp = c & 0x07;
		} else {
			snprintf(why, sizeof why, "byte 0x%02x outside UTF-8%s",
			    c, c == 0x9b ? " (8-bit CSI)" : "");
			return why;
		}
		if (i + len > nall)
			return "UTF-8 sequence cut at the end";
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80) {
				snprintf(why, sizeof why, "invalid UTF-8 "
				    "after 0x%02x", c);
				return why;
			}
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return "overlong or surrogate UTF-8";
		if (cp >= 0x80 && cp <= 0x9f) {
			snprintf(why, sizeof why, "C1 control U+%04X", cp);
			return why;
		}
		if ((cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069)) {
			snprintf(why, sizeof why, "bidi control U+%04X", cp);
			return why;
		}
		i += len - 1;
	}
	return NULL;
}

/* What was written since the last `bytes`, one escape sequence or run of
 * text a line, so a budget overrun can be read: ESC shows as \e. */
static void
dump_wire(const char *name)
{
	FILE *fp = out_open(name, "wire");

	if (fp == NULL)
		return;
	for (size_t i = 0; i < nbytes; i++) {
		unsigned char ch = (unsigned char)wire[i];

		if (ch == 0x1b && i > 0)
			fputc('\n', fp);
		if (ch == 0x1b)
			fputs("\\e", fp);
		else if (ch < 0x20 || ch == 0x7f)
			fprintf(fp, "\\x%02x", ch);
		else
			fputc(ch, fp);
	}
	fputc('\n', fp);
	fclose(fp);
}

static size_t *
count_slot(const char *name, bool create)
{
	for (int i = 0; i < ncounts; i++)
		if (strcmp(counts[i].name, name) == 0)
			return &counts[i].n;
	if (!create || ncounts == (int)(sizeof counts / sizeof counts[0]))
		return NULL;
	snprintf(counts[ncounts].name, sizeof counts[0].name, "%s", name);
	return &counts[ncounts++].n;
}

static bool
send_key(const char *name)
{
	static const struct {
		const char	*name;
		VTermKey	 key;
	} keys[] = {
		{ "Up", VTERM_KEY_UP },		{ "Down", VTERM_KEY_DOWN },
		{ "Left", VTERM_KEY_LEFT },	{ "Right", VTERM_KEY_RIGHT },
		{ "Enter", VTERM_KEY_ENTER },	{ "Esc", VTERM_KEY_ESCAPE },
		{ "Tab", VTERM_KEY_TAB },	{ "Backspace", VTERM_KEY_BACKSPACE },
		{ "Home", VTERM_KEY_HOME },	{ "End", VTERM_KEY_END },
		{ "PageUp", VTERM_KEY_PAGEUP },	{ "PageDown", VTERM_KEY_PAGEDOWN },
	};
	VTermModifier mod = VTERM_MOD_NONE;

	for (;;) {
		if (strncmp(name, "C-", 2) == 0 && name[2] != '\0') {
			mod |= VTERM_MOD_CTRL;
			name += 2;
		} else if (strncmp(name, "M-", 2) == 0 && name[2] != '\0') {
			mod |= VTERM_MOD_ALT;
			name += 2;
		} else if (strncmp(name, "S-", 2) == 0 && name[2] != '\0') {
			mod |= VTERM_MOD_SHIFT;
			name += 2;
		} else
			break;
	}
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(keys[i].name, name) == 0) {
			vterm_keyboard_key(vt, keys[i].key, mod);
			flush_keys();
			return true;
		}
	if (strcmp(name, "Space") == 0)
		name = " ";
	if (name[0] == 'F' && name[1] >= '1' && name[1] <= '9') {
		vterm_keyboard_key(vt, VTERM_KEY_FUNCTION(atoi(name + 1)), mod);
		flush_keys();
		return true;
	}
	if (name[0] != '\0' && name[1] == '\0') {
		if (mod & VTERM_MOD_CTRL) {
			/* libvterm 0.1 sends C-x as CSI u; terminals send
			 * the control character. */
			char c = (char)(name[0] & 0x1f);

			(void)!write(master, &c, 1);
			return true;
		}
		vterm_keyboard_unichar(vt, (uint32_t)(unsigned char)name[0], mod);
		flush_keys();
		return true;
	}
	return false;
}

static void
type_text(const char *s)
{
	while (*s != '\0') {
		uint32_t cp = (unsigned char)*s++;

		/* UTF-8 in scripts: decode for libvterm. */
		if (cp >= 0xc0) {
			int extra = cp >= 0xf0 ? 3 : cp >= 0xe0 ? 2 : 1;

			cp &= 0x3f >> extra;
			while (extra-- > 0 && (*s & 0xc0) == 0x80)
				cp = (cp << 6) | (*s++ & 0x3f);
		}
		vterm_keyboard_unichar(vt, cp, VTERM_MOD_NONE);
		flush_keys();
		/* One key per read, as a person types. */
		pump(5);
	}
}

static void
settle(int ms)
{
	long end = now_ms() + timeout_ms;

	while (now_ms() < end && pump(ms) > 0)
		;
}

static bool
child_wait(int ms, int *code)
{
	long end = now_ms() + ms;
	int st;

	if (exited >= 0) {
		*code = exited;
		return true;
	}
	while (now_ms() < end) {
		pid_t r = waitpid(child, &st, WNOHANG);

		if (r == child) {
			exited = WIFEXITED(st) ? WEXITSTATUS(st) :
			    128 + WTERMSIG(st);
			*code = exited;
			pump(50);	/* what it wrote last */
			return true;
		}
		pump(20);
	}
	return false;
}

static int
signo(const char *name)
{
	static const struct {
		const char	*name;
		int		 sig;
	} sigs[] = {
		{ "TERM", SIGTERM }, { "HUP", SIGHUP }, { "INT", SIGINT },
		{ "TSTP", SIGTSTP }, { "CONT", SIGCONT }, { "WINCH", SIGWINCH },
		{ "KILL", SIGKILL }, { "QUIT", SIGQUIT },
		{ "SEGV", SIGSEGV }, { "ABRT", SIGABRT },
	};

	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		if (strcmp(sigs[i].name, name) == 0)
			return sigs[i].sig;
	return 0;
}

static void
run_line(char *line, long lineno)
{
	char *cmd = line, *arg = strchr(line, ' ');
	int code, r, c;

	if (arg != NULL) {
		*arg++ = '\0';
		while (*arg == ' ')
			arg++;
	} else
		arg = line + strlen(line);
	if (strcmp(cmd, "wait") == 0) {
		long end = now_ms() + timeout_ms;
		bool found;

		while (!(found = screen_find(arg, NULL, NULL)) &&
		    now_ms() < end && master >= 0)
			pump(50);
		/* A frame can arrive in several reads: let it finish, so the
		 * expects that follow see all of it, not half. */
		if (found)
			settle(20);
		ok(found, "wait %s", arg);
		if (!found)
			diag_screen();
	} else if (strcmp(cmd, "gone") == 0) {
		/* The opposite of wait: a state that ends (Esc is only
		 * known to be Esc once ESCDELAY has passed). */
		long end = now_ms() + timeout_ms;
		bool found;

		while ((found = screen_find(arg, NULL, NULL)) &&
		    now_ms() < end && master >= 0)
			pump(50);
		/* As after a wait: the frame that took it away may come in
		 * several reads (find.vt's "28 terms" after "Find: quit"
		 * went, under load in CI). */
		if (!found)
			settle(20);
		ok(!found, "gone %s", arg);
		if (found)
			diag_screen();
	} else if (strcmp(cmd, "expect") == 0) {
		bool found = screen_find(arg, NULL, NULL);

		ok(found, "expect %s", arg);
		if (!found)
			diag_screen();
	} else if (strcmp(cmd, "at") == 0) {
		char rowtext[8192];
		int skip = 0;
		bool found = false;

		if (sscanf(arg, "%d %d %n", &r, &c, &skip) < 2 || skip == 0) {
			ok(false, "line %ld: at ROW COL TEXT", lineno);
			return;
		}
		if (r < 0)
			r += rows;
		if (r >= 0 && r < rows && c >= 0) {
			char *p = rowtext;

			screen_row(r, rowtext, sizeof rowtext);
			/* Columns to bytes: skip c characters. */
			for (int k = 0; k < c && *p != '\0'; k++) {
				p++;
				while (((unsigned char)*p & 0xc0) == 0x80)
					p++;
			}
			found = strncmp(p, arg + skip, strlen(arg + skip)) == 0;
		}
		ok(found, "at %d %d: %s", r, c, arg + skip);
		if (!found)
			diag_screen();
	} else if (strcmp(cmd, "expect-not") == 0) {
		bool found = screen_find(arg, NULL, NULL);

		ok(!found, "expect-not %s", arg);
		if (found)
			diag_screen();
	} else if (strcmp(cmd, "type") == 0)
		type_text(arg);
	else if (strcmp(cmd, "send") == 0) {
		size_t n = unescape(arg);

		if (master < 0 || write(master, arg, n) != (ssize_t)n)
			ok(false, "line %ld: send: %s", lineno, strerror(errno));
		pump(5);
	}
	else if (strcmp(cmd, "key") == 0) {
		if (!send_key(arg))
			ok(false, "line %ld: unknown key %s", lineno, arg);
		pump(5);
	} else if (strcmp(cmd, "settle") == 0)
		settle(atoi(arg));
	else if (strcmp(cmd, "resize") == 0) {
		struct winsize ws = { 0 };

		if (sscanf(arg, "%d %d", &r, &c) != 2) {
			ok(false, "line %ld: resize ROWS COLS", lineno);
			return;
		}
		rows = r;
		cols = c;
		vterm_set_size(vt, rows, cols);
		ws.ws_row = (unsigned short)rows;
		ws.ws_col = (unsigned short)cols;
		ioctl(master, TIOCSWINSZ, &ws);
	} else if (strcmp(cmd, "snap") == 0 || strcmp(cmd, "attrs") == 0) {
		FILE *fp = out_open(arg, cmd[0] == 's' ? "txt" : "attrs");

		if (fp != NULL) {
			if (cmd[0] == 's')
				dump_screen(fp);
			else
				dump_attrs(fp);
			fclose(fp);
		}
	} else if (strcmp(cmd, "bytes") == 0) {
		size_t *slot = count_slot(arg, true);

		printf("# bytes %s: %zu\n", arg, nbytes);
		if (slot != NULL)
			*slot = nbytes;
		dump_wire(arg);
		nbytes = 0;
	} else if (strcmp(cmd, "bytes-le") == 0) {
		char a[64], b[64];
		size_t *pa, *pb;

		if (sscanf(arg, "%63s %63s", a, b) != 2 ||
		    (pa = count_slot(a, false)) == NULL ||
		    (pb = count_slot(b, false)) == NULL) {
			ok(false, "line %ld: bytes-le: two kept counts", lineno);
			return;
		}
		ok(*pa <= *pb, "bytes %s (%zu) <= bytes %s (%zu)", a, *pa, b,
		    *pb);
	} else if (strcmp(cmd, "bytes-max") == 0) {
		size_t max = (size_t)atol(arg);

		ok(nbytes < max, "%zu bytes written, budget %zu", nbytes, max);
		nbytes = 0;
	} else if (strcmp(cmd, "reverse") == 0) {
		/* Any occurrence will do: the same name may be in the
		 * index and in the detail pane. */
		bool seen = false, rev = false;
		char rowtext[8192];

		for (int y = 0; y < rows && !rev; y++) {
			char *p = rowtext;

			screen_row(y, rowtext, sizeof rowtext);
			while ((p = strstr(p, arg)) != NULL && !rev) {
				VTermScreenCell cell;
				VTermPos pos = { y, 0 };

				for (char *q = rowtext; q < p; q++)
					if (((unsigned char)*q & 0xc0) != 0x80)
						pos.col++;
				vterm_screen_get_cell(vs, pos, &cell);
				seen = true;
				rev = cell.attrs.reverse;
				p++;
			}
		}
		ok(rev, "reverse %s%s", arg, seen ? "" : ": not on screen");
		if (!rev)
			diag_screen();
	} else if (strcmp(cmd, "marked") == 0) {
		bool seen = false, mark = false;
		char rowtext[8192];

		for (int y = 0; y < rows && !mark; y++) {
			char *p = rowtext;

			screen_row(y, rowtext, sizeof rowtext);
			while ((p = strstr(p, arg)) != NULL && !mark) {
				seen = true;
				mark = (p - rowtext >= 3 &&
				    memcmp(p - 3, "\xe2\x96\xb8", 3) == 0) ||
				    (p > rowtext && p[-1] == '>');
				p++;
			}
		}
		ok(mark, "marked %s%s", arg, seen ? "" : ": not on screen");
		if (!mark)
			diag_screen();
	} else if (strcmp(cmd, "no-color") == 0)
		ok(!saw_color, "no colour SGR on the wire");
	else if (strcmp(cmd, "no-raw") == 0) {
		size_t at = 0;
		const char *why;

		settle(50);
		why = raw_offence(&at);
		ok(why == NULL, "no-raw: %zu bytes written, %s%s", nall,
		    why ? "one raw from the data: " : "none raw from the data",
		    why ? why : "");
		if (why != NULL) {
			size_t from = at > 24 ? at - 24 : 0;

			printf("# at byte %zu:", at);
			for (size_t k = from; k < at + 24 && k < nall; k++)
				printf(" %02x", (unsigned char)allw[k]);
			printf("\n");
		}
	}
	else if (strcmp(cmd, "altscreen") == 0)
		ok(altscreen == (atoi(arg) != 0), "altscreen %s", arg);
	else if (strcmp(cmd, "cursor") == 0)
		ok(cursor_on == (atoi(arg) != 0), "cursor %s", arg);
	else if (strcmp(cmd, "mouse") == 0)
		ok(mouse_on == (atoi(arg) != 0), "mouse %s", arg);
	else if (strcmp(cmd, "ascii-wire") == 0)
		ok(!saw_8bit && !saw_acs, "7-bit bytes only on the wire%s%s",
		    saw_8bit ? ": a byte above 0x7f was written" : "",
		    saw_acs ? ": the line-drawing set was selected" : "");
	else if (strcmp(cmd, "cooked") == 0) {
		struct termios tio;
		bool cooked;

		if (master < 0 && have_last_tio)
			tio = last_tio;
		else if (tcgetattr(master, &tio) != 0) {
			ok(false, "cooked %s: tcgetattr: %s", arg,
			    strerror(errno));
			return;
		}
		cooked = (tio.c_lflag & (ICANON | ECHO | ISIG)) ==
		    (ICANON | ECHO | ISIG) && (tio.c_iflag & ICRNL);
		ok(cooked == (atoi(arg) != 0), "cooked %s (lflag %#lx, iflag "
		    "%#lx)", arg, (unsigned long)tio.c_lflag,
		    (unsigned long)tio.c_iflag);
	} else if (strcmp(cmd, "clear-alt") == 0) {
		/* 1047 switches buffers without touching the cursor. */
		static const char wipe[] = "\033[?1047h\033[2J\033[?1047l";
		bool was = altscreen;

		if (!was)
			vterm_input_write(vt, wipe, sizeof wipe - 1);
		else
			vterm_input_write(vt, "\033[2J", 4);
		altscreen = was;
	} else if (strcmp(cmd, "keep") == 0) {
		free(kept);
		kept = screen_sig();
		kept_rows = rows;
		kept_cols = cols;
	} else if (strcmp(cmd, "same") == 0) {
		long end = now_ms() + timeout_ms;
		bool eq = false;

		while (kept != NULL && master >= 0) {
			char *now = screen_sig();

			eq = kept_rows == rows && kept_cols == cols &&
			    strcmp(now, kept) == 0;
			free(now);
			if (eq || now_ms() >= end)
				break;
			pump(50);
		}
		if (eq)
			settle(20);
		ok(eq, "same screen as kept (%dx%d)", kept_cols, kept_rows);
		if (!eq) {
			printf("# --- kept ---\n");
			for (const char *p = kept ? kept : ""; *p != '\0';) {
				const char *nl = strchr(p, '\n');
				int n = nl ? (int)(nl - p) : (int)strlen(p);

				printf("# |%.*s\n", n, p);
				p += n + (nl != NULL);
			}
			diag_screen();
		}
	} else if (strcmp(cmd, "signal") == 0 ||
	    strcmp(cmd, "signal-fg") == 0) {
		int s = signo(arg);
		pid_t to = child;

		/* A job under a job-control shell is not vtrun's child:
		 * signal whatever owns the terminal, as the tty driver
		 * does for ^C and ^Z. */
		if (cmd[6] == '-') {
			pid_t pg = tcgetpgrp(master);

			to = pg > 0 ? -pg : 0;
		}
		if (s == 0 || to == 0 || kill(to, s) != 0)
			ok(false, "line %ld: %s %s", lineno, cmd, arg);
		pump(20);
	} else if (strcmp(cmd, "exit") == 0) {
		int want = atoi(arg);

		if (!child_wait(timeout_ms, &code)) {
			ok(false, "exit %d: still running", want);
			diag_screen();
			kill(child, SIGKILL);
			return;
		}
		ok(code == want, "exit %d (got %d)", want, code);
	} else
		ok(false, "line %ld: unknown command '%s'", lineno, cmd);
}

int
main(int argc, char **argv)
{
	struct winsize ws = { 0 };
	FILE *fp;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long lineno = 0;
	int opt, code;
	const char *script, *s;

	while ((opt = getopt(argc, argv, "r:c:t:o:n:")) != -1) {
		switch (opt) {
		case 'r': rows = atoi(optarg); break;
		case 'c': cols = atoi(optarg); break;
		case 't': timeout_ms = atoi(optarg); break;
		case 'o': outdir = optarg; break;
		case 'n': sname = optarg; break;
		default:
			fprintf(stderr, "usage: vtrun [-r R] [-c C] [-t MS] "
			    "[-o DIR] [-n NAME] SCRIPT -- PROGRAM ARGS...\n");
			return 2;
		}
	}
	if ((s = getenv("LORE_TEST_TIMEOUT_SCALE")) != NULL && *s != '\0') {
		char *end;
		double f = strtod(s, &end);

		if (*end != '\0' || !(f > 0 && f <= 1000)) {
			fprintf(stderr, "vtrun: LORE_TEST_TIMEOUT_SCALE=%s is not "
			    "a number from 0 to 1000\n", s);
			return 2;
		}
		timeout_ms = (int)(timeout_ms * f);
	}
	if (optind + 1 >= argc) {
		fprintf(stderr, "vtrun: a script and a program are needed\n");
		return 2;
	}
	script = argv[optind++];
	if (strcmp(argv[optind], "--") == 0)
		optind++;
	if ((fp = fopen(script, "r")) == NULL) {
		fprintf(stderr, "vtrun: %s: %s\n", script, strerror(errno));
		return 2;
	}
	vt = vterm_new(rows, cols);
	vterm_set_utf8(vt, 1);
	vs = vterm_obtain_screen(vt);
	vterm_screen_set_callbacks(vs, &cbs, NULL);
	vterm_screen_enable_altscreen(vs, 1);
	vterm_screen_reset(vs, 1);
	ws.ws_row = (unsigned short)rows;
	ws.ws_col = (unsigned short)cols;
	if ((child = forkpty(&master, NULL, NULL, &ws)) < 0) {
		perror("vtrun: forkpty");
		return 2;
	}
	if (child == 0) {
		setenv("TERM", "xterm-256color", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		unsetenv("NO_COLOR");
		unsetenv("COLUMNS");
		unsetenv("LINES");
		execvp(argv[optind], argv + optind);
		perror("vtrun: exec");
		_exit(127);
	}
	signal(SIGPIPE, SIG_IGN);
	while ((n = getline(&line, &cap, fp)) >= 0) {
		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		run_line(line, lineno);
	}
	free(line);
	free(kept);
	free(wire);
	free(allw);
	fclose(fp);
	if (!child_wait(0, &code)) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
	}
	printf("1..%d\n", tnum);
	vterm_free(vt);
	return tfail > 0 ? 1 : 0;
}
