/* main.c - argv to subcommand; nothing else. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/cli.h"
#include "conf.h"
#include "corpus.h"
#ifndef LORE_BROWSER_EXEC
#include "tui/tui.h"
#endif
#include "util.h"

/* What a command cannot do without: the user's glossary.db (it writes
 * there), progress.db, or progress.db with --json only (export). The
 * others read the user's glossary when there is one and note lookups
 * when they can. TEXT_LOCALE: of the locale it uses the character set
 * and the language of messages only (it prints no number, date or
 * sorted list of the locale's), so the other categories are not loaded:
 * a dozen files and a thirtieth of a define where there is no locale
 * archive. */
enum { NEED_USER = 1, NEED_PROGRESS = 2, NEED_PROGRESS_JSON = 4,
	TEXT_LOCALE = 8 };

static const struct command {
	const char	*name;
	int		(*run)(struct cli *, int, char **);
	const char	*args;
	const char	*help;
	unsigned	 needs;
} commands[] = {
	{ "define", cmd_define, "TERM...", "show a term (headword, alias, or the one clear match)", TEXT_LOCALE },
	{ "list", cmd_list, "[LETTER]", "headwords in A-Z order (--prefix P: those starting with P)", TEXT_LOCALE },
	{ "categories", cmd_categories, "", "categories with their term counts", 0 },
	{ "search", cmd_search, "REGEX", "regex search of headwords, aliases and bodies", 0 },
	{ "import", cmd_import, "FILE|DIR|NAME...", "add glossaries, dictionaries, notes, decks (--list)", NEED_USER },
	{ "render", cmd_render, "", "render Markdown with LaTeX from stdin", 0 },
	{ "check", cmd_check, "DIR|FILE...", "audit corpus sources (links, categories, formulas)", 0 },
	{ "build", cmd_build, "OUT FILE...", "build a corpus database from lore files", 0 },
	{ "quiz", cmd_quiz, "[REGEX]", "flashcards: due cards first, then new (--mode, -n)", NEED_PROGRESS },
	{ "stats", cmd_stats, "", "reviews, due cards, retention and streak", NEED_PROGRESS },
	{ "export", cmd_export, "[REGEX]", "--anki FILE: notes for Anki; --json: your progress", NEED_PROGRESS_JSON },
	{ "import-progress", cmd_import_progress, "FILE", "merge another machine's export --json into your progress", NEED_PROGRESS },
	{ "merge", cmd_import_progress, "FILE", "the same as import-progress", NEED_PROGRESS },
};

enum {
	OPT_DB = 256, OPT_CORPUS, OPT_COLOR, OPT_CATEGORIES, OPT_ANKI,
	OPT_SCRIPT, OPT_FORMAT, OPT_MODE, OPT_RETENTION,
	OPT_ORDER, OPT_NEW, OPT_REVIEWS, OPT_LEARN_AHEAD,
	OPT_COLUMNS, OPT_LIST, OPT_PREFIX,
};

static const struct option longopts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "json", no_argument, NULL, 'j' },
	{ "raw", no_argument, NULL, 'r' },
	{ "width", required_argument, NULL, 'w' },
	{ "category", required_argument, NULL, 'c' },
	{ "letter", required_argument, NULL, 'l' },
	{ "headwords", no_argument, NULL, 'H' },
	{ "db", required_argument, NULL, OPT_DB },
	{ "corpus", required_argument, NULL, OPT_CORPUS },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "colour", required_argument, NULL, OPT_COLOR },
	{ "categories", required_argument, NULL, OPT_CATEGORIES },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "columns", required_argument, NULL, OPT_COLUMNS },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "mode", required_argument, NULL, OPT_MODE },
	{ "anki", required_argument, NULL, OPT_ANKI },
	{ "script", required_argument, NULL, OPT_SCRIPT },
	{ "retention", required_argument, NULL, OPT_RETENTION },
	{ "order", required_argument, NULL, OPT_ORDER },
	{ "new", required_argument, NULL, OPT_NEW },
	{ "reviews", required_argument, NULL, OPT_REVIEWS },
	{ "learn-ahead", required_argument, NULL, OPT_LEARN_AHEAD },
	{ "prefix", required_argument, NULL, OPT_PREFIX },
	{ NULL, 0, NULL, 0 },
};

static void
usage(FILE *fp)
{
	size_t i;

	fprintf(fp, "usage: lore [OPTIONS]                 open the browser\n");
	for (i = 0; i < nitems(commands); i++)
		fprintf(fp, "       lore %-10s %-14s %s\n", commands[i].name,
		    commands[i].args, commands[i].help);
	fputs("\noptions:\n"
	    "  --json             machine-readable output\n"
	    "  --width N          render at N columns (default: terminal or 80)\n"
	    "  --raw              define: print the Markdown source\n"
	    "  -c, --category C   list, quiz, export: only category C\n"
	    "  -l, --letter L     quiz, export: only terms under letter L (A-Z or #)\n"
	    "  -H, --headwords    search: headwords and aliases only\n"
	    "  --prefix P         list: headwords starting with P, case and punctuation\n"
	    "                     ignored (shell completion; -n N: the first N)\n"
	    "  --format F         import: lore, a, b, c, stardict, dictd, csv, notes,\n"
	    "                     anki, apkg (default: detect)\n"
	    "  --columns LIST     import: CSV columns, e.g. term,definition,-,category\n"
	    "  --list             import: the StarDict and dictd dictionaries installed\n"
	    "  -n N, --mode M     quiz: N distinct cards; M: define,reverse,typed,choice,cloze,recent\n"
	    "  --retention R      quiz: desired retention, 0.70..0.99 (default: config, 0.9)\n"
	    "  --order O          quiz: new cards by links (default), random or alphabetical\n"
	    "  --new N, --reviews N  quiz: new cards (20) and reviews (200) a day\n"
	    "  --learn-ahead MIN  quiz: show a learning card this early at the end (20)\n"
	    "  --anki FILE        export: an Anki deck (tab-separated, HTML)\n"
	    "  --color WHEN       auto, always or never (NO_COLOR is honoured)\n"
	    "  --db PATH          your database (default $XDG_DATA_HOME/lore/glossary.db, or LORE_DB)\n"
	    "  --corpus PATH      the bundled corpus (default: installed copy, or LORE_CORPUS)\n"
	    "  -h, --help         this help;  -V, --version  the version\n"
	    "\nbrowser: type a word to find it (letters never run commands), Enter\n"
	    "  opens, / searches every definition, F2 studies, ? or F1 shows every\n"
	    "  key, F10 or C-q quits; in the reader j k Space b g G scroll, / n N\n"
	    "  search the page, Tab Enter follow links, [ ] back and forward, q closes.\n"
	    "\nexit status: 0 found, 1 not found, 2 usage or data error.\n"
	    "See lore(1) for the keys of the browser and lore(5) for the file format.\n",
	    fp);
}

/* $XDG_DATA_HOME/lore/FILE, or ~/.local/share/lore/FILE; NULL when there
 * is no absolute home to put it in (then never ./.local/share: a
 * database that moves with the current directory is a lost one). */
static char *
data_path(const char *file)
{
	struct buf b = { 0 };
	char *path;

	buf_printf(&b, "lore/%s", file);
	path = xdg_path("XDG_DATA_HOME", ".local/share", b.s);
	buf_free(&b);
	return path;
}

/* FILE in the directory of this binary when it is there (access mode):
 * a fresh build runs as ./lore, beside its corpus.db and lore-browser. */
static char *
beside_self(const char *file, int mode)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;
	struct buf b = { 0 };

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return NULL;
	*slash = '\0';
	buf_printf(&b, "%s/%s", exe, file);
	if (access(b.s, mode) == 0)
		return buf_take(&b);
	buf_free(&b);
	return NULL;
}

/* The bundled corpus: LORE_CORPUS, else next to an uninstalled binary,
 * else the installed copy. */
static char *
bundled_path(void)
{
	const char *env = getenv("LORE_CORPUS");
	char *p;

	if (env != NULL && env[0] != '\0')
		return xstrdup(env);
	if ((p = beside_self("corpus.db", R_OK)) != NULL)
		return p;
	return xstrdup(LORE_PKGDATADIR "/corpus.db");
}

static void
on_signal(int sig)
{
	(void)sig;
	cli_interrupted = 1;
}

/* A whole number from lo to hi, else a message naming the option. Read as
 * a long and checked before it is narrowed: 4294967376 is not 80. */
static bool
number_arg(const char *opt, const char *arg, long lo, long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (end == arg || *end != '\0' || errno == ERANGE || v < lo || v > hi) {
		if (hi == LONG_MAX)
			cli_error("%s wants a positive number", opt);
		else
			cli_error("%s wants %ld..%ld", opt, lo, hi);
		return false;
	}
	*out = v;
	return true;
}

/* The option ch with its argument into o (paths into *bundled, *user).
 * Returns -1 to go on, else the exit status. */
static int
take_option(struct cli *o, int ch, char **bundled, char **user)
{
	static const char *const colors[] = { "never", "always", "auto" };
	char *end;
	long v;

	switch (ch) {
	case 'h':
		usage(stdout);
		return EXIT_FOUND;
	case 'V':
		printf("%s\n", PACKAGE_STRING);
		return EXIT_FOUND;
	case 'j':
		o->json = true;
		break;
	case 'r':
		o->raw = true;
		break;
	case 'w':
		if (!number_arg("--width", optarg, 20, 1000, &v))
			return EXIT_USAGE;
		o->width = (int)v;
		break;
	case 'n':
		if (!number_arg("-n", optarg, 1, LONG_MAX, &o->count))
			return EXIT_USAGE;
		break;
	case 'c':
		o->category = optarg;
		break;
	case 'l':
		o->letter = optarg;
		break;
	case 'H':
		o->headwords = true;
		break;
	case OPT_DB:
		free(*user);
		*user = xstrdup(optarg);
		break;
	case OPT_CORPUS:
		free(*bundled);
		*bundled = xstrdup(optarg);
		break;
	case OPT_COLOR:
		for (v = 0; v < (long)nitems(colors); v++)
			if (strcmp(optarg, colors[v]) == 0)
				break;
		if (v == (long)nitems(colors)) {
			cli_error("--color wants auto, always or never");
			return EXIT_USAGE;
		}
		o->color = v == 2 ? -1 : (int)v;
		break;
	case OPT_CATEGORIES:
		o->categories = optarg;
		break;
	case OPT_FORMAT:
		o->format = optarg;
		break;
	case OPT_COLUMNS:
		o->columns = optarg;
		break;
	case OPT_LIST:
		o->list = true;
		break;
	case OPT_MODE:
		o->mode = optarg;
		break;
	case OPT_ANKI:
		o->anki = optarg;
		break;
	case OPT_PREFIX:
		o->prefix = optarg;
		break;
	case OPT_SCRIPT:
		o->script = optarg;
		break;
	case OPT_RETENTION:
		o->retention = strtod(optarg, &end);
		if (end == optarg || *end != '\0' ||
		    !(o->retention >= CONF_RETENTION_MIN &&
		    o->retention <= CONF_RETENTION_MAX)) {
			cli_error("--retention wants %.2f..%.2f",
			    CONF_RETENTION_MIN, CONF_RETENTION_MAX);
			return EXIT_USAGE;
		}
		break;
	case OPT_ORDER:
		if ((o->order = conf_order_parse(optarg)) == 0) {
			cli_error("--order wants links, random or alphabetical");
			return EXIT_USAGE;
		}
		break;
	case OPT_NEW:
		if (!number_arg("--new", optarg, 0, 9999, &v))
			return EXIT_USAGE;
		o->new_per_day = v + 1;
		break;
	case OPT_REVIEWS:
		if (!number_arg("--reviews", optarg, 0, 99999, &v))
			return EXIT_USAGE;
		o->reviews_per_day = v + 1;
		break;
	case OPT_LEARN_AHEAD:
		if (!number_arg("--learn-ahead", optarg, 0, 1440, &v))
			return EXIT_USAGE;
		o->learn_ahead = v + 1;
		break;
	default:
		usage(stderr);
		return EXIT_USAGE;
	}
	return -1;
}

/* Where the databases are: options first, then LORE_DB, LORE_PROGRESS and
 * LORE_CORPUS, then the XDG places. */
static void
find_databases(char **bundled, char **user, char **progress)
{
	const char *env;

	if (*bundled == NULL)
		*bundled = bundled_path();
	if (*user == NULL && (env = getenv("LORE_DB")) != NULL && env[0] != '\0')
		*user = xstrdup(env);
	if (*user == NULL)
		*user = data_path("glossary.db");
	if ((env = getenv("LORE_PROGRESS")) != NULL && env[0] != '\0')
		*progress = xstrdup(env);
	else
		*progress = data_path("progress.db");
}

/* Long commands stop cleanly: imports roll back, lists end. */
static void
catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

#ifdef LORE_BROWSER_EXEC
/* lore with no command: the browser is the program lore-browser, beside
 * an uninstalled lore or in the package's libexec directory, run with the
 * same arguments. lore itself does not link curses: its loading and
 * binding were an eighth of a `lore define` (0.6M of 4.5M
 * instructions). */
static int
run_browser(const struct cli *o, char **argv)
{
	char *path;

	if (o->script == NULL && (!isatty(STDIN_FILENO) || !o->tty)) {
		cli_error("the browser needs a terminal; try 'lore list' "
		    "or 'lore --help'");
		return EXIT_USAGE;
	}
	if ((path = beside_self("lore-browser", X_OK)) != NULL) {
		execv(path, argv);
		free(path);
	}
	execv(LORE_PKGLIBEXECDIR "/lore-browser", argv);
	cli_error("cannot start the browser %s: %s",
	    LORE_PKGLIBEXECDIR "/lore-browser", strerror(errno));
	return EXIT_USAGE;
}
#else
/* lore with no command: the browser, on a terminal or with a key script.
 * This is lore-browser, which lore runs for it. */
static int
run_browser(const struct cli *o, char **argv)
{
	struct tui_opts to = { o->progress, NULL, o->script, NULL, o->color,
	    o->now };
	struct corpus *c;
	int rc;

	(void)argv;
	if (o->script == NULL && (!isatty(STDIN_FILENO) || !o->tty)) {
		cli_error("the browser needs a terminal; try 'lore list' "
		    "or 'lore --help'");
		return EXIT_USAGE;
	}
	if ((c = cli_open(o)) == NULL)
		return EXIT_USAGE;
	/* The quiz view and the recent lookups need progress.db; a failure
	 * only disables them. */
	if (o->progress != NULL)
		(void)cli_mkdir_for(o->progress);
	/* The browser installs its own handlers. */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	rc = tui_run(c, &to);
	corpus_close(c);
	return rc;
}
#endif

/* The end of a command: output that could not all be written (a full
 * disk, an I/O error) is an error, and lore says so; it used to end with
 * status 2 and not a word. A reader that went away (lore list | head) is
 * no error worth a message. */
static int
output_check(int rc)
{
	int e;

	errno = 0;
	if (fflush(stdout) == 0 && !ferror(stdout))
		return rc;
	e = errno;
	if (e != EPIPE)
		cli_error("cannot write the output: %s", e != 0 ? strerror(e) :
		    "write error");
	return rc == EXIT_FOUND ? EXIT_USAGE : rc;
}

/* lore COMMAND ARGS: the command, once what it needs has a place. */
static int
run_command(struct cli *o, int argc, char **argv)
{
	const struct command *cmd = NULL;
	unsigned need;
	bool u;
	int rc;

	for (size_t i = 0; i < nitems(commands) && cmd == NULL; i++)
		if (strcmp(argv[0], commands[i].name) == 0)
			cmd = &commands[i];
	if (cmd == NULL) {
		cli_error("unknown command '%s'", argv[0]);
		usage(stderr);
		return EXIT_USAGE;
	}
	need = cmd->needs;
	u = (need & NEED_USER) && o->user == NULL;
	if (u || (((need & NEED_PROGRESS) || ((need & NEED_PROGRESS_JSON) &&
	    o->json)) && o->progress == NULL)) {
		cli_error("%s: nowhere to keep your %s: HOME is not an "
		    "absolute path and uid %ld has no home directory; set "
		    "HOME, XDG_DATA_HOME or %s", argv[0], u ? "glossary" :
		    "progress", (long)getuid(), u ? "LORE_DB" :
		    "LORE_PROGRESS");
		return EXIT_USAGE;
	}
	if (!(need & TEXT_LOCALE))
		setlocale(LC_ALL, "");
	rc = cmd->run(o, argc - 1, argv + 1);
	return output_check(rc);
}

int
main(int argc, char **argv)
{
	struct cli o = { 0 };
	char *bundled = NULL, *user = NULL, *progress = NULL, **args = argv;
	struct winsize ws;
	int ch, rc = -1;

	/* The rest of the locale when the command uses it (run_command). */
	setlocale(LC_CTYPE, "");
	setlocale(LC_MESSAGES, "");
	o.ascii = strcmp(nl_langinfo(CODESET), "UTF-8") != 0;
	o.tty = isatty(STDOUT_FILENO);
	o.color = -1;
	o.width = 80;
	if (o.tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		o.width = ws.ws_col;
	o.script = getenv("LORE_SCRIPT");
	o.now = getenv("LORE_NOW");

	while (rc < 0 && (ch = getopt_long(argc, argv, "hVjrw:c:l:Hn:",
	    longopts, NULL)) != -1)
		rc = take_option(&o, ch, &bundled, &user);
	if (rc < 0) {
		argc -= optind;
		argv += optind;
		find_databases(&bundled, &user, &progress);
		o.bundled = bundled;
		o.user = user;
		o.progress = progress;
		catch_signals();
		if (argc == 0)
			setlocale(LC_ALL, "");
		rc = argc == 0 ? run_browser(&o, args) :
		    run_command(&o, argc, argv);
	}
	free(bundled);
	free(user);
	free(progress);
	return rc;
}
