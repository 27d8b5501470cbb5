/* import.h - glossary files into a corpus database.
 *
 * Four formats are read: lore's own (man 5 lore) and three found in the
 * wild (A: header lines of comma-separated names over Markdown bodies;
 * B: a scraped web page of header / blank / one-line body; C: an
 * encyclopedia dump of title / blank / body with == Section == markers).
 * A file is parsed whole before anything is written, and written in one
 * transaction, so a bad or interrupted file leaves the database as it was. */
#ifndef LORE_IMPORT_H
#define LORE_IMPORT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

struct corpus;

enum import_format {
	IMPORT_AUTO = 0,
	IMPORT_LORE,
	IMPORT_A,
	IMPORT_B,
	IMPORT_C,
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
	size_t		 skipped;	/* lines of page chrome left out (format B) */
	long		 skipped_line;
};

/* Warnings (duplicates, removed control characters) go through this. */
typedef void (*import_warn_fn)(void *arg, const char *path, long line,
		    const char *msg);

struct import_opts {
	enum import_format	 format;
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
};

const char		*import_format_name(enum import_format f);
enum import_format	 import_format_parse(const char *name);
enum import_format	 import_detect(const char *buf, size_t len);

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

#endif
