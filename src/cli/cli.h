/* cli.h - what every subcommand shares: options, paths, output helpers. */
#ifndef LORE_CLI_H
#define LORE_CLI_H

#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct corpus;

/* Exit statuses, as documented in lore(1). */
enum {
	EXIT_FOUND = 0,
	EXIT_NOTFOUND = 1,
	EXIT_USAGE = 2,		/* also data errors */
};

struct cli {
	const char	*bundled;	/* bundled corpus.db, may not exist */
	const char	*user;		/* the user's glossary.db */
	const char	*progress;	/* the user's progress.db */
	const char	*category;	/* --category */
	const char	*letter;	/* --letter */
	const char	*format;	/* --format */
	const char	*columns;	/* --columns (import of CSV) */
	const char	*mode;		/* --mode (quiz) */
	const char	*script;	/* --script (TUI key script) */
	const char	*categories;	/* --categories (build) */
	const char	*anki;		/* --anki FILE (export) */
	const char	*now;		/* LORE_NOW: the quiz clock, pinned */
	const char	*prefix;	/* --prefix P (list) */
	long		 count;		/* -n */
	double		 retention;	/* --retention, 0 for FSRS's default */
	/* quiz: --order (CONF_ORDER_*), and --new, --reviews, --learn-ahead
	 * as value + 1; 0: not given (the config or the default decides). */
	int		 order;
	long		 new_per_day, reviews_per_day, learn_ahead;
	int		 width;		/* --width, else the terminal's, else 80 */
	int		 color;		/* -1 auto, 0 never, 1 always */
	bool		 json;
	bool		 raw;
	bool		 headwords;	/* search: headwords and aliases only */
	bool		 list;		/* import --list: installed dictionaries */
	bool		 ascii;		/* the locale is not UTF-8 */
	bool		 tty;		/* stdout is a terminal */
};

extern volatile sig_atomic_t cli_interrupted;

/* Open the corpora for reading; prints the error and returns NULL. */
struct corpus	*cli_open(const struct cli *o);
/* Colour and bold on stdout? Only on a terminal, never with NO_COLOR. */
bool		 cli_styled(const struct cli *o);
/* Print text sanitized: no escape sequences from the data reach stdout. */
void		 cli_puts(FILE *fp, const char *s);
/* A JSON string literal (sanitized, escaped). */
void		 json_str(FILE *fp, const char *s);
/* A JSON number that reads back as v exactly (null if not finite). */
void		 json_num(FILE *fp, double v);
/* Messages on stderr, escaped (msg.h), so arguments, file names and file
 * contents quoted in them cannot drive the terminal. cli_error prefixes
 * "lore: "; cli_note prints lines that start with a file name
 * ("FILE:LINE: ..."). */
void		 cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void		 cli_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
struct rdoc;
struct buf;
/* Print rendered lines, trailing blanks trimmed; with ansi, styles become
 * SGR escape codes. cli_doc_to_buf appends them to b instead (lore
 * search renders its hits on two threads into buffers of its own). */
void		 cli_print_doc(const struct rdoc *d, FILE *fp, bool ansi);
void		 cli_doc_to_buf(const struct rdoc *d, struct buf *b, bool ansi);
/* s on one line and a caret under byte offset off (a bad regex). */
void		 cli_caret(const char *s, size_t off);
/* A letter argument: 'A'..'Z' (either case) or '#'; 0 for none, -1 bad. */
char		 cli_letter(const char *s);
/* Make the directory that will hold path (mode 0700 for new ones). */
int		 cli_mkdir_for(const char *path);

int	cmd_define(struct cli *o, int argc, char **argv);
int	cmd_list(struct cli *o, int argc, char **argv);
int	cmd_categories(struct cli *o, int argc, char **argv);
int	cmd_search(struct cli *o, int argc, char **argv);
int	cmd_render(struct cli *o, int argc, char **argv);
int	cmd_import(struct cli *o, int argc, char **argv);
int	cmd_build(struct cli *o, int argc, char **argv);
int	cmd_check(struct cli *o, int argc, char **argv);
int	cmd_quiz(struct cli *o, int argc, char **argv);
int	cmd_stats(struct cli *o, int argc, char **argv);
int	cmd_export(struct cli *o, int argc, char **argv);
int	cmd_import_progress(struct cli *o, int argc, char **argv);

struct progress;
struct srs_params;
/* progress.db opened for writing (its directory made); prints the error
 * and returns NULL. */
struct progress	*cli_progress_open(const struct cli *o);
/* The scheduler's settings of the config and of --retention. */
void		 cli_quiz_params(const struct cli *o, struct srs_params *p);

#endif
