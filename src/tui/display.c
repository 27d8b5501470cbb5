/* display.c - owns curses: init, colours and themes, NO_COLOR, input and
 * the key script, signals, terminal restore on every exit path.
 *
 * The only file in lore with global mutable state: curses itself is
 * global, and the signal handlers need somewhere to leave their flag. */
#include "config.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include "msg.h"
#include "text.h"
#include "tui.h"
#include "tui-int.h"
#include "util.h"

static const struct {
	short	fg8, fg256, bg;
	attr_t	color, mono;
} role_def[ROLE_COUNT] = {
#define ROLE_DEF(n, f8, f256, b, ac, am) { f8, f256, b, ac, am },
	TUI_ROLES(ROLE_DEF)
#undef ROLE_DEF
};

/* Themes change only how roles look; "mono" is the attribute-only one
 * that NO_COLOR and colourless terminals get. */
static const char *const themes[] = { "default", "mono", NULL };

static const char *const glyph_utf8[GLYPH_COUNT] = {
	"\xe2\x94\x82", "\xe2\x94\x80", "\xe2\x80\xa2", "\xe2\x80\xa6",
	"\xc2\xb7", "\xe2\x96\x88", "\xe2\x96\x91", "\xe2\x96\xb8",
	"\xe2\x86\x91", "\xe2\x86\x93",
};
static const char *const glyph_ascii[GLYPH_COUNT] = { "|", "-", "*", "~",
	".", "#", "-", ">", "^", "v" };

static struct {
	bool		 active;	/* curses is up */
	bool		 ascii;
	bool		 color;
	bool		 scripted;
	SCREEN		*screen;
	FILE		*out, *in;
	FILE		*script;
	char		*sline;		/* current script line */
	size_t		 spos, slen;
	long		 sno;
	const char	*spath;
	attr_t		 attr[ROLE_COUNT];
	int		 key_mleft, key_mright;
	MEVENT		 mev;
	bool		 mev_ok;
	volatile int	*cancel;
} D;

static volatile sig_atomic_t got_signal, got_tstp;
static volatile int *volatile watch_flag;
/* Leave the alternate screen, show the cursor, reset attributes, turn
 * mouse reporting and the keypad mode off: written with write(2) from
 * crash handlers, where curses cannot be called. */
static char reset_seq[128];
static size_t reset_len;
/* The tty modes before curses changed them, for the same handlers:
 * endwin() is not async-signal-safe, tcsetattr() is. */
static struct termios saved_tio;
static volatile sig_atomic_t have_saved_tio;

static void
on_term_signal(int sig)
{
	got_signal = sig;
}

/* A crash: put the terminal back as far as a signal handler may (the
 * escape sequences, then the tty modes: without them the shell is left
 * with -icanon -echo -icrnl), then die of the same signal, its default
 * action (a core dump where enabled), so the shell reports the crash. */
static void
on_crash_signal(int sig)
{
	struct sigaction sa;
	int saved_errno = errno;

	if (reset_len > 0)
		(void)!write(STDOUT_FILENO, reset_seq, reset_len);
	if (have_saved_tio)
		(void)tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_DFL;
	sigaction(sig, &sa, NULL);
	errno = saved_errno;
	/* Blocked until the handler returns; a fault raised by the
	 * program itself recurs on return and meets the default too. */
	raise(sig);
}

static void
on_tstp(int sig)
{
	(void)sig;
	got_tstp = 1;
}

/* ^Z is ours, not curses': its handler calls endwin() inside the signal
 * handler and sets SIGTSTP to SIG_IGN for the length of every doupdate(),
 * so a ^Z during a redraw was dropped (tests/tui/tstp-busy.vt). Installed
 * before newterm(), which then leaves SIGTSTP alone; an ignored SIGTSTP
 * stays ignored. No SA_RESTART: the flag must wake the key read. */
static void
tstp_install(void)
{
	struct sigaction sa, old;

	if (sigaction(SIGTSTP, NULL, &old) != 0 || old.sa_handler != SIG_DFL)
		return;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_tstp;
	sigaction(SIGTSTP, &sa, NULL);
}

/* From the key loop: leave curses, stop for real (the default action),
 * and after SIGCONT send the whole screen again, since the shell wrote
 * over it. The size may have changed meanwhile: the caller treats this
 * as a resize. */
static void
suspend(void)
{
	struct sigaction sa, old;

	got_tstp = 0;
	endwin();
	fflush(stdout);
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGTSTP, &sa, &old);
	raise(SIGTSTP);
	/* SIGCONT: running again. (An orphaned process group is not
	 * stopped at all; the repaint is just as right.) */
	sigaction(SIGTSTP, &old, NULL);
	clearok(curscr, TRUE);
}

/* SIGALRM during a search: a key waiting means the results are stale,
 * so the scan stops. poll(2) is async-signal-safe. */
static void
on_alarm(int sig)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };

	(void)sig;
	if (watch_flag != NULL && poll(&pfd, 1, 0) > 0)
		*watch_flag = 1;
}

static void
signals_install(void)
{
	struct sigaction sa;
	static const int term[] = { SIGTERM, SIGHUP, SIGINT, SIGQUIT };
	static const int crash[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL };
	size_t i;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a signal must wake the blocking read. */
	sa.sa_handler = on_term_signal;
	for (i = 0; i < sizeof term / sizeof term[0]; i++)
		sigaction(term[i], &sa, NULL);
	sa.sa_handler = on_crash_signal;
	for (i = 0; i < sizeof crash / sizeof crash[0]; i++)
		sigaction(crash[i], &sa, NULL);
	sa.sa_handler = on_alarm;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sa.sa_flags = 0;
	sigaction(SIGPIPE, &sa, NULL);
}

static void
reset_seq_add(const char *cap)
{
	char *s = tigetstr((char *)cap);
	size_t n;

	if (s == NULL || s == (char *)-1)
		return;
	n = strlen(s);
	if (reset_len + n < sizeof reset_seq) {
		memcpy(reset_seq + reset_len, s, n);
		reset_len += n;
	}
}

/* The sequence that ends the mouse reporting mousemask() turns on: as
 * ncurses chooses it, XM when the terminal has it, else by the kmous
 * prefix (\E[< SGR 1006, \E[M X10/1000). */
static void
mouse_off_add(void)
{
	char *xm = tigetstr((char *)"XM"), *km = tigetstr((char *)"kmous");
	const char *off = NULL;
	size_t n;

	if (xm != NULL && xm != (char *)-1)
		off = tiparm(xm, 0);
	else if (km != NULL && km != (char *)-1 && strncmp(km, "\033[<", 3)
	    == 0)
		off = "\033[?1006;1000l";
	else if (km != NULL && km != (char *)-1 && strncmp(km, "\033[M", 3)
	    == 0)
		off = "\033[?1000l";
	if (off == NULL || (n = strlen(off)) == 0 ||
	    reset_len + n >= sizeof reset_seq)
		return;
	memcpy(reset_seq + reset_len, off, n);
	reset_len += n;
}

/* Alt-arrows are extended terminfo keys (kLFT3) without fixed codes. */
static int
extended_key(const char *cap)
{
	char *s = tigetstr((char *)cap);
	int k;

	if (s == NULL || s == (char *)-1)
		return 0;
	k = key_defined(s);
	return k > 0 ? k : 0;
}

int
disp_theme_known(const char *name)
{
	for (int i = 0; themes[i] != NULL; i++)
		if (strcmp(themes[i], name) == 0)
			return i;
	return -1;
}

static void
colors_init(int color, const char *theme)
{
	const char *nc = getenv("NO_COLOR");
	bool want;
	int i;

	/* ncurses does not read NO_COLOR itself; "always" overrides it. */
	if (color == 1)
		want = true;
	else if (color == 0)
		want = false;
	else
		want = nc == NULL || nc[0] == '\0';
	if (theme != NULL && strcmp(theme, "mono") == 0)
		want = false;
	D.color = want && has_colors();
	if (D.color) {
		start_color();
		use_default_colors();
	}
	for (i = 0; i < ROLE_COUNT; i++) {
		short fg = COLORS >= 256 ? role_def[i].fg256 : role_def[i].fg8;

		if (!D.color) {
			D.attr[i] = role_def[i].mono;
			continue;
		}
		D.attr[i] = role_def[i].color;
		if ((fg >= 0 || role_def[i].bg >= 0) && i + 1 < COLOR_PAIRS &&
		    init_pair((short)(i + 1), fg, role_def[i].bg) == OK)
			D.attr[i] |= COLOR_PAIR(i + 1);
	}
}

static void
display_atexit(void)
{
	disp_done();
}

/* What terminals send for the editing keys, whatever TERM says: tmux and
 * PuTTY send \e[1~ and \e[4~ for Home and End under xterm-256color,
 * whose terminfo names \eOH and \eOF; rxvt sends \e[7~ \e[8~, and
 * a terminal out of keypad mode sends \e[A for Up. Sequences the
 * terminfo entry already defines keep its meaning. */
static const struct {
	const char	*seq;
	int		 code;
} extra_keys[] = {
	{ "\033[1~", KEY_HOME },	{ "\033[7~", KEY_HOME },
	{ "\033[H", KEY_HOME },	{ "\033OH", KEY_HOME },
	{ "\033[4~", KEY_END },	{ "\033[8~", KEY_END },
	{ "\033[F", KEY_END },		{ "\033OF", KEY_END },
	{ "\033[2~", KEY_IC },		{ "\033[3~", KEY_DC },
	{ "\033[5~", KEY_PPAGE },	{ "\033[6~", KEY_NPAGE },
	{ "\033[A", KEY_UP },		{ "\033OA", KEY_UP },
	{ "\033[B", KEY_DOWN },	{ "\033OB", KEY_DOWN },
	{ "\033[C", KEY_RIGHT },	{ "\033OC", KEY_RIGHT },
	{ "\033[D", KEY_LEFT },	{ "\033OD", KEY_LEFT },
	{ "\033[Z", KEY_BTAB },
	{ "\033OP", KEY_F(1) },	{ "\033[11~", KEY_F(1) },
	{ "\033OQ", KEY_F(2) },	{ "\033[12~", KEY_F(2) },
	{ "\033OR", KEY_F(3) },	{ "\033[13~", KEY_F(3) },
	{ "\033OS", KEY_F(4) },	{ "\033[14~", KEY_F(4) },
	{ "\033[21~", KEY_F(10) },
};

static void
keys_define(void)
{
	for (size_t i = 0; i < nitems(extra_keys); i++)
		if (key_defined(extra_keys[i].seq) == 0)
			define_key(extra_keys[i].seq, extra_keys[i].code);
}

/* A terminal that cannot move the cursor (TERM=dumb, an unset TERM in
 * some shells) would get a screenful of blanks: say so instead. */
static bool
can_address(void)
{
	const char *cup = tigetstr((char *)"cup");

	return cup != NULL && cup != (char *)-1 && cup[0] != '\0';
}

/* C-q is a key (quit), not XON: flow control off in lore's own tty
 * modes (endwin() gives the shell back its own). */
static void
xon_off(void)
{
	struct termios tio;

	if (tcgetattr(STDIN_FILENO, &tio) != 0)
		return;
	tio.c_iflag &= ~(tcflag_t)IXON;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &tio) == 0)
		def_prog_mode();
}

int
disp_init(const struct tui_opts *o, int color, const char *theme, bool mouse,
    char *err, size_t errsz)
{
	const char *cs;

	setlocale(LC_ALL, "");
	cs = nl_langinfo(CODESET);
	D.ascii = cs == NULL || strcmp(cs, "UTF-8") != 0;
	signals_install();
	if (o->script_path != NULL) {
		/* Headless: curses draws into its virtual screen only, keys
		 * come from the script (tig's approach). */
		if ((D.script = fopen(o->script_path, "r")) == NULL) {
			snprintf(err, errsz, "%s: %s", o->script_path,
			    strerror(errno));
			return -1;
		}
		D.spath = o->script_path;
		D.scripted = true;
		D.out = fopen("/dev/null", "w");
		D.in = fopen("/dev/null", "r");
		if (D.out == NULL || D.in == NULL ||
		    (D.screen = newterm(NULL, D.out, D.in)) == NULL) {
			snprintf(err, errsz, "cannot start curses on /dev/null "
			    "(TERM=%s)", getenv("TERM") ? getenv("TERM") : "");
			return -1;
		}
	} else {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			snprintf(err, errsz, "the browser needs a terminal "
			    "(use lore define/list/search for plain output)");
			return -1;
		}
		tstp_install();
		if (tcgetattr(STDIN_FILENO, &saved_tio) == 0)
			have_saved_tio = 1;
		if ((D.screen = newterm(NULL, stdout, stdin)) == NULL) {
			snprintf(err, errsz, "unknown terminal type '%s'",
			    getenv("TERM") ? getenv("TERM") : "");
			return -1;
		}
		if (!can_address()) {
			endwin();
			delscreen(D.screen);
			D.screen = NULL;
			snprintf(err, errsz, "the terminal '%s' cannot move the "
			    "cursor, which the browser needs: set TERM to your "
			    "terminal's type (e.g. xterm-256color), or use lore "
			    "define, list and search for plain output",
			    getenv("TERM") && *getenv("TERM") ? getenv("TERM") :
			    "(TERM unset)");
			return -1;
		}
	}
	D.active = true;
	atexit(display_atexit);
	cbreak();
	noecho();
	nonl();
	if (!D.scripted)
		xon_off();
	keypad(stdscr, TRUE);
	keys_define();
	leaveok(stdscr, TRUE);
	curs_set(0);
	set_escdelay(100);
	colors_init(color, theme);
	reset_seq_add("rmcup");
	reset_seq_add("cnorm");
	reset_seq_add("sgr0");
	reset_seq_add("rmkx");
	if (mouse)
		mouse_off_add();
	D.key_mleft = extended_key("kLFT3");
	D.key_mright = extended_key("kRIT3");
	/* Buttons only: motion tracking floods slow links. `set mouse
	 * off` leaves the terminal's own selection alone. */
	if (mouse) {
		mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED,
		    NULL);
		mouseinterval(0);
	}
	return 0;
}

void
disp_done(void)
{
	if (!D.active)
		return;
	D.active = false;
	endwin();
	if (D.screen != NULL)
		delscreen(D.screen);
	D.screen = NULL;
	if (D.out != NULL)
		fclose(D.out);
	if (D.in != NULL)
		fclose(D.in);
	if (D.script != NULL)
		fclose(D.script);
	free(D.sline);
	D.out = D.in = D.script = NULL;
	D.sline = NULL;
	reset_len = 0;
}

bool
disp_ascii(void)
{
	return D.ascii;
}

bool
disp_scripted(void)
{
	return D.scripted;
}

int
disp_signal(void)
{
	return got_signal;
}

attr_t
disp_role(enum role r)
{
	return D.attr[r];
}

const char *
disp_glyph(enum glyph g)
{
	return D.ascii ? glyph_ascii[g] : glyph_utf8[g];
}

int
disp_text(int y, int x, int maxw, const char *s, size_t n, attr_t a)
{
	wchar_t wb[512];
	size_t i = 0, nw = 0;
	int w = 0;

	if (maxw <= 0)
		return 0;
	while (i < n && nw < sizeof wb / sizeof wb[0] - 1) {
		uint32_t cp;
		size_t l = text_decode(s + i, n - i, &cp);
		int cw;

		if (text_cp_unsafe(cp) || cp == '\n')
			cp = ' ';
		cw = text_cp_width(cp);
		if (D.ascii && cp > 0x7e) {
			cp = '?';
			if (cw == 0)
				cw = 1;
			if (cw == 2 && w + 2 <= maxw) {
				wb[nw++] = '?';
				w++;
				cw = 1;
			}
		}
		if (w + cw > maxw)
			break;
		wb[nw++] = (wchar_t)cp;
		w += cw;
		i += l;
	}
	wb[nw] = L'\0';
	attrset(a);
	mvaddnwstr(y, x, wb, (int)nw);
	attrset(A_NORMAL);
	return w;
}

int
disp_str(int y, int x, int maxw, const char *s, attr_t a)
{
	return disp_text(y, x, maxw, s, strlen(s), a);
}

int
disp_str_cut(int y, int x, int maxw, const char *s, attr_t a)
{
	size_t n = strlen(s), w;
	int used;

	if (maxw <= 1 || text_width(s, n) <= (size_t)maxw)
		return disp_text(y, x, maxw, s, n, a);
	used = disp_text(y, x, maxw - 1, s, text_fit(s, n, (size_t)maxw - 1,
	    &w), a);
	return used + disp_text(y, x + used, 1, disp_glyph(GLYPH_ELLIPSIS),
	    strlen(disp_glyph(GLYPH_ELLIPSIS)), a);
}

void
disp_fill(int y, int x, int w, attr_t a)
{
	attrset(a);
	if (w > 0)
		mvhline(y, x, ' ', w);
	attrset(A_NORMAL);
}

void
disp_flush(void)
{
	wnoutrefresh(stdscr);
	doupdate();
}

/* Ctrl-L only: everything is sent again. */
void
disp_repaint(void)
{
	clearok(curscr, TRUE);
}

/* ---- the key script ---- */

static void
dump_screen(const char *path, bool attrs)
{
	FILE *fp = fopen(path, "w");
	cchar_t cells[1024];
	int y, x, rows, cols;

	if (fp == NULL)
		return;
	getmaxyx(stdscr, rows, cols);
	if (cols > 1023)
		cols = 1023;
	for (y = 0; y < rows; y++) {
		char line[8192];
		size_t len = 0, keep = 0;

		mvin_wchnstr(y, 0, cells, cols);
		for (x = 0; x < cols; x++) {
			wchar_t wc[CCHARW_MAX + 1];
			attr_t a;
			short pair;

			if (getcchar(&cells[x], wc, &a, &pair, NULL) == ERR)
				continue;
			if (attrs) {
				int d = ((a & A_BOLD) ? 1 : 0) |
				    ((a & A_UNDERLINE) ? 2 : 0) |
				    ((a & (A_REVERSE | A_STANDOUT)) ? 4 : 0);

				/* Wide characters fill two cells but
				 * are one character on the text side. */
				if (wc[0] == L'\0' && x > 0)
					continue;
				line[len++] = d ? (char)('0' + d) : '.';
				if (d)
					keep = len;
			} else {
				for (int k = 0; wc[k] != L'\0' &&
				    len + 8 < sizeof line; k++) {
					uint32_t cp = (uint32_t)wc[k];

					len += text_encode(cp, line + len);
				}
				if (wc[0] != L' ')
					keep = len;
			}
			if (len + 8 >= sizeof line)
				break;
		}
		fprintf(fp, "%.*s\n", (int)keep, line);
	}
	fclose(fp);
}

/* Next key of the script; -1 at its end. Lines starting with ':' are
 * commands run when reached; '#' lines are comments. */
static int
script_key(void)
{
	for (;;) {
		if (D.sline != NULL && D.spos < D.slen) {
			int key;
			size_t used = conf_key_parse(D.sline + D.spos,
			    D.slen - D.spos, &key);

			if (used == 0) {
				msg_print("", "%s:%ld: bad key at '%.20s'",
				    D.spath, D.sno, D.sline + D.spos);
				D.spos = D.slen;
				continue;
			}
			D.spos += used;
			return key;
		}
		{
			size_t cap = 0;
			ssize_t r;

			free(D.sline);
			D.sline = NULL;
			if ((r = getline(&D.sline, &cap, D.script)) < 0)
				return -1;
			D.sno++;
			while (r > 0 && (D.sline[r - 1] == '\n' ||
			    D.sline[r - 1] == '\r'))
				D.sline[--r] = '\0';
			D.slen = (size_t)r;
			D.spos = 0;
		}
		if (D.slen == 0 || D.sline[0] == '#') {
			D.spos = D.slen;
			continue;
		}
		if (D.sline[0] == ':') {
			const char *arg = strchr(D.sline, ' ');

			while (arg != NULL && *arg == ' ')
				arg++;
			if (strncmp(D.sline, ":dump-screen ", 13) == 0 && arg)
				dump_screen(arg, false);
			else if (strncmp(D.sline, ":dump-attrs ", 12) == 0 &&
			    arg)
				dump_screen(arg, true);
			else if (strcmp(D.sline, ":quit") == 0)
				return -1;
			else
				msg_print("", "%s:%ld: unknown command %s",
				    D.spath, D.sno, D.sline);
			D.spos = D.slen;
		}
	}
}

static int
key_from_curses(int rc, wint_t wc)
{
	if (rc == OK) {
		switch (wc) {
		case '\r':
		case '\n':
			return KEYC_ENTER;
		case '\t':
			return KEYC_TAB;
		case 0x7f:
		case 0x08:
			return KEYC_BS;
		case 0x1b: {
			/* Esc then a key at once: Alt/Meta + key. */
			wint_t w2;
			int r2;

			timeout(0);
			r2 = get_wch(&w2);
			if (r2 == OK && w2 >= 0x20 && w2 != 0x7f)
				return KEYC_META | (int)w2;
			if (r2 == KEY_CODE_YES && (int)w2 == KEY_LEFT)
				return KEYC_META | KEYC_LEFT;
			if (r2 == KEY_CODE_YES && (int)w2 == KEY_RIGHT)
				return KEYC_META | KEYC_RIGHT;
			if (r2 != ERR)
				unget_wch(w2);
			return KEYC_ESC;
		}
		}
		return (int)wc;
	}
	switch ((int)wc) {
	case KEY_UP:		return KEYC_UP;
	case KEY_DOWN:		return KEYC_DOWN;
	case KEY_LEFT:		return KEYC_LEFT;
	case KEY_RIGHT:		return KEYC_RIGHT;
	case KEY_HOME:		return KEYC_HOME;
	case KEY_END:		return KEYC_END;
	case KEY_PPAGE:		return KEYC_PGUP;
	case KEY_NPAGE:		return KEYC_PGDN;
	case KEY_ENTER:		return KEYC_ENTER;
	case KEY_BTAB:		return KEYC_BTAB;
	case KEY_BACKSPACE:	return KEYC_BS;
	case KEY_DC:		return KEYC_DEL;
	case KEY_IC:		return KEYC_INS;
	case KEY_RESIZE:	return KEYC_RESIZE;
	case KEY_MOUSE:
		D.mev_ok = getmouse(&D.mev) == OK;
		return KEYC_MOUSE;
	}
	if ((int)wc >= KEY_F(1) && (int)wc <= KEY_F(12))
		return KEYC_F1 + (int)wc - KEY_F(1);
	if (D.key_mleft != 0 && (int)wc == D.key_mleft)
		return KEYC_META | KEYC_LEFT;
	if (D.key_mright != 0 && (int)wc == D.key_mright)
		return KEYC_META | KEYC_RIGHT;
	return KEYC_NONE;
}

int
disp_getkey(int timeout_ms)
{
	wint_t wc;
	int rc;

	if (D.scripted) {
		int k = script_key();

		/* Resizes in scripts are virtual: LINES/COLUMNS stay. */
		return k;
	}
	if (got_tstp) {
		suspend();
		return KEYC_RESIZE;
	}
	timeout(timeout_ms);
	rc = get_wch(&wc);
	if (rc == ERR)
		return KEYC_NONE;
	return key_from_curses(rc, wc);
}

bool
disp_key_pending(void)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };

	if (D.scripted)
		return false;
	return poll(&pfd, 1, 0) > 0;
}

void
disp_watch_input(volatile int *cancel)
{
	struct itimerval it = { { 0, 30000 }, { 0, 30000 } };

	if (D.scripted)
		return;
	watch_flag = cancel;
	setitimer(ITIMER_REAL, &it, NULL);
}

void
disp_unwatch_input(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 0 } };

	if (D.scripted)
		return;
	setitimer(ITIMER_REAL, &it, NULL);
	watch_flag = NULL;
}

bool
disp_mouse(int *y, int *x, int *button)
{
	if (!D.mev_ok)
		return false;
	*y = D.mev.y;
	*x = D.mev.x;
	if (D.mev.bstate & BUTTON4_PRESSED)
		*button = 4;
	else if (D.mev.bstate & BUTTON5_PRESSED)
		*button = 5;
	else if (D.mev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
		*button = 1;
	else
		return false;
	return true;
}
