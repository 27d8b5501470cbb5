/* import.h - glossary files into a corpus database.
 *
 * A file is read whole, handed to the reader for its format, and what the
 * reader gives back is written in one transaction, so a bad or interrupted
 * file leaves the database as it was.
 *
 * Readers (one file each, named by what they read):
 *   read_lore.c   lore's own format (man 5 lore)
 *   read_lines.c  line-per-entry glossaries found in the wild: "a", header
 *                 lines of comma-separated names over Markdown bodies; "b",
 *                 a scraped web page of header / blank / one-line body; "c",
 *                 an encyclopedia dump of title / blank / body with
 *                 == Section == markers
 * and beside them link.c (mentions of other terms become related links)
 * and import.c (detection, the helpers below, the store). */
#ifndef LORE_IMPORT_H
#define LORE_IMPORT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

struct corpus;

enum import_format {
	IMPORT_AUTO = 0,
	IMPORT_LORE,
	IMPORT_A,	/* line-per-entry glossary (read_lines.c) */
	IMPORT_B,	/* scraped web page (read_lines.c) */
	IMPORT_C,	/* encyclopedia dump (read_lines.c) */
	IMPORT_STARDICT, /* StarDict .ifo/.idx/.dict[.dz]/.syn (read_stardict.c) */
	IMPORT_DICTD,	/* dictd .index/.dict[.dz] (read_dictd.c) */
	IMPORT_CSV,	/* CSV and TSV with or without a header (read_csv.c) */
	IMPORT_NOTES,	/* a folder of Markdown notes (read_notes.c) */
	IMPORT_ANKI,	/* Anki's plain-text notes export (read_anki.c) */
	IMPORT_APKG,	/* Anki .apkg/.colpkg decks (read_anki.c) */
};

#define IMPORT_MAX_FILE		(256u << 20)	/* bytes in one file */
#define IMPORT_MAX_LINE		(4u << 20)	/* bytes in one line */
#define IMPORT_MAX_NAMES	256		/* aliases or related per entry */

struct entry {
	char	 *headword;
	char	**aliases;
	size_t	  naliases;
	char	 *category;	/* NULL when the format has none */
	char	**related;
	size_t	  nrelated;
	bool	  explicit_related;
	char	 *body;
	long	  line;
};

struct entries {
	struct entry	*v;
	size_t		 n, cap;
	size_t		 skipped;	/* lines of page chrome left out (format B),
					 * or articles with nothing to show */
	long		 skipped_line;
	size_t		 media;		/* images and sounds dropped */
	char		*title;		/* a dictionary's name, or NULL */
	char		*notes;		/* a dictionary's notes, or NULL */
	const char	*columns;	/* in: CSV columns (--columns), or NULL */
	bool		 senses;	/* a repeated headword is another sense,
					 * as dictionaries have it, not a slip
					 * worth a warning */
};

/* Warnings (duplicates, removed control characters) go through this. */
typedef void (*import_warn_fn)(void *arg, const char *path, long line,
		    const char *msg);

struct import_opts {
	enum import_format	 format;
	const char		*columns;	/* CSV: "term,definition,..." */
	const char		*bundled;	/* names to link to, or NULL */
	import_warn_fn		 warn;
	void			*warn_arg;
	volatile sig_atomic_t	*cancel;	/* set by a signal: roll back */
};

struct import_report {
	enum import_format	format;
	size_t			entries;	/* entries read from the file */
	size_t			added;		/* new terms */
	size_t			merged;		/* duplicates merged as senses */
	size_t			replaced;	/* terms of an earlier import dropped */
	size_t			skipped;	/* articles with nothing to show */
	size_t			media;		/* images and sounds dropped */
	char			title[256];	/* a dictionary's own name, or "" */
};

const char		*import_format_name(enum import_format f);
enum import_format	 import_format_parse(const char *name);
/* The format of a file from its name (may be NULL) and bytes. */
enum import_format	 import_detect(const char *path, const char *buf,
			    size_t len);

/* Parse buf as format f (not AUTO). On error returns -1 and writes
 * "path:line: message" to err. */
int	import_parse(const char *path, const char *buf, size_t len,
	    enum import_format f, struct entries *out, char *err, size_t errsz);
void	entries_free(struct entries *es);

/* Read, check, parse and store one file in one transaction. Returns 0, or
 * -1 with "path:line: message" in err and the database unchanged. */
int	import_file(struct corpus *c, const char *path,
	    const struct import_opts *o, struct import_report *rep,
	    char *err, size_t errsz);

/* Store the documented category list ("name: description" lines). */
int	import_categories(struct corpus *c, const char *path, char *err,
	    size_t errsz);

/*
 * ---- writing a reader ----
 *
 * A reader is a struct import_reader in a file of its own, listed in the
 * readers table of import.c (in the order detection tries them) and given
 * an enum import_format value above.
 *
 * detect() looks at the file's name (NULL when there is none) and its
 * bytes, and says whether they are its format. It must be cheap and must
 * not allocate what it does not free. The last reader of the table takes
 * whatever no other one claims.
 *
 * read() gets the file's bytes (len of them, not NUL-terminated: valid
 * UTF-8 without NUL bytes when import_file calls it, anything at all
 * under the fuzzers) and its name for messages. For each entry it calls
 * import_entry_new(out, line) and fills the entry with malloc'd strings:
 * headword (required, not blank), aliases and related (import_names_add
 * keeps the IMPORT_MAX_NAMES limit), category (or NULL), body (Markdown
 * with $...$ math, required) and explicit_related when the format states
 * its links (otherwise link.c finds them from mentions). On a malformed
 * file it returns -1 with import_seterr(err, errsz, path, line, ...),
 * which writes "path:line: message"; entries already made are freed by
 * the caller. Nothing is written to the database by a reader.
 */
struct import_reader {
	enum import_format	 format;
	const char		*name;		/* for --format and sources */
	unsigned		 takes;		/* IMPORT_TAKES_* */
	bool	(*detect)(const char *path, const char *buf, size_t len);
	int	(*read)(const char *path, const char *buf, size_t len,
		    struct entries *out, char *err, size_t errsz);
};

/* What read() is given: by default a text file's bytes (valid UTF-8, no
 * NUL). With IMPORT_TAKES_PATH, a folder or a file it claims by its name
 * alone, with no bytes (buf "" and len 0, to detect() too): it opens what
 * it needs itself (a folder of notes, a zip of any size). */
#define IMPORT_TAKES_PATH	1u

extern const struct import_reader import_read_lore;	/* read_lore.c */
extern const struct import_reader import_read_stardict;	/* read_dict.c */
extern const struct import_reader import_read_dictd;	/* read_dict.c */
extern const struct import_reader import_read_csv;	/* read_csv.c */
extern const struct import_reader import_read_notes;	/* read_notes.c */
extern const struct import_reader import_read_anki;	/* read_anki.c */
extern const struct import_reader import_read_apkg;	/* read_anki.c */
extern const struct import_reader import_read_glossary;	/* read_lines.c */
extern const struct import_reader import_read_page;	/* read_lines.c */
extern const struct import_reader import_read_dump;	/* read_lines.c */

/* "path:line: message" (or "path: message" when line is 0) into err,
 * with control characters of the path and message made harmless. */
void	import_seterr(char *err, size_t errsz, const char *path, long line,
	    const char *fmt, ...)
#if defined(__GNUC__)
	    __attribute__((format(printf, 5, 6)))
#endif
	    ;

/* A new zeroed entry at the end of es, read from line. */
struct entry	*import_entry_new(struct entries *es, long line);
/* Append a trimmed copy of s[0..len) to the names v; blank names are
 * dropped. False when it was dropped for going over IMPORT_MAX_NAMES. */
bool	import_names_add(char ***v, size_t *n, const char *s, size_t len);
/* Split "a; b; c" (sep ';' or ',') with import_names_add. */
bool	import_names_split(char ***v, size_t *n, const char *s, size_t len,
	    char sep);
char	*import_trimdup(const char *s, size_t n);

/* Line-based readers: the file as lines, without newline or CR. */
struct import_line {
	const char	*s;
	size_t		 n;
	long		 no;	/* 1-based line number */
};

struct import_lines {
	struct import_line	*v;
	size_t			 n;
};

void	import_split_lines(const char *buf, size_t len, struct import_lines *ls);
bool	import_blank(const struct import_line *l);
bool	import_starts(const struct import_line *l, const char *prefix);
/* Lines [from, to) joined as a body, without leading or trailing blank
 * lines; with unescape_at, "@@" at a line's start becomes "@". */
char	*import_join_body(const struct import_lines *ls, size_t from,
	    size_t to, bool unescape_at);

#endif
