/* search.h - regex search over headwords, aliases and bodies.
 *
 * PCRE2 with JIT and a match limit does the matching. search_run reads
 * the term rows itself, on two threads for a large corpus, and runs the
 * regex over buffers of many rows at once where that cannot lose a match;
 * the rows holding one are then matched field by field. For patterns
 * with literals of three or more characters the block trigram index
 * (gram.h) first narrows the rows read. Neither changes the result, only
 * the time it takes. */
#ifndef LORE_SEARCH_H
#define LORE_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct corpus;
struct search;		/* opaque: compiled pattern, match data, limits */

enum search_flags {
	SEARCH_HEADWORDS_ONLY	= 1 << 0,	/* headwords and aliases, not bodies */
	SEARCH_CASELESS		= 1 << 1,	/* force caseless */
	SEARCH_SMARTCASE	= 1 << 2,	/* caseless unless the pattern has a capital */
	/* search_run: best first, not A-Z: by where the first match is
	 * (enum search_where), then by how often the body matches, then
	 * A-Z. The same hits as without it. */
	SEARCH_RANKED		= 1 << 3,
	/* search_run: each hit says the file its term came from and the
	 * line (search_hit.source, .srcline), read with the row it is. */
	SEARCH_SOURCES		= 1 << 4,
};

/* Where a term's first match is, best first. */
enum search_where {
	SEARCH_IN_HEADWORD,		/* the whole headword */
	SEARCH_IN_HEADWORD_START,	/* the start of the headword */
	SEARCH_IN_HEADWORD_WORD,	/* elsewhere in the headword */
	SEARCH_IN_ALIAS,
	SEARCH_IN_FIRST_SENTENCE,	/* of the body */
	SEARCH_IN_BODY,
};

struct search_hit {
	int64_t	 key;
	char	*headword;	/* sanitized, like line */
	char	*line;		/* the matching line (sanitized, one line) */
	size_t	 mstart, mlen;	/* the first match inside line, in bytes */
	long	 lineno;	/* 0 = headword or alias, else body line number */
	enum search_where where;
	unsigned count;		/* matches in the body, with SEARCH_RANKED */
	const char *source;	/* with SEARCH_SOURCES: the term's file, or */
	long	 srcline;	/* NULL; and its line there (0: unknown) */
};

/* Compile pattern. On error returns NULL and writes "offset N: message"
 * to err and the offset to *erroff. */
struct search	*search_compile(const char *pattern, unsigned flags,
		    char *err, size_t errsz, size_t *erroff);
void		 search_free(struct search *s);
/* Find the first match of s in subject[0..len) at or after start. Returns 1
 * (match, *ms and *ml set), 0 (none) or -1 (match limit hit: the pattern is
 * too expensive; err says so). */
int		 search_exec(struct search *s, const char *subject, size_t len,
		    size_t start, size_t *ms, size_t *ml, char *err, size_t errsz);

typedef bool (*search_cb)(const struct search_hit *hit, void *arg);
/* Run s over the corpus; cb is called for each hit in A-Z order (or
 * ranked: SEARCH_RANKED) and may
 * return false to stop. cancel, when not NULL, is polled and stops the scan
 * when it becomes true. Returns hits seen, or -1 with err set. */
long		 search_run(struct search *s, struct corpus *c, unsigned flags,
		    search_cb cb, void *arg, volatile int *cancel,
		    char *err, size_t errsz);
/* Split a scan over two threads from this many rows up (default 20000):
 * tests force it on a small corpus. */
void		 search_set_split_rows(struct search *s, long rows);
/* Keep this many bytes of hits in memory (default 8 MiB), then sort
 * them to a temporary file: tests force it with a tiny budget. 0 is the
 * default. */
void		 search_set_sort_budget(struct search *s, size_t bytes);
/* Match every row field by field, never a buffer of rows at once: the
 * reference the buffered scan is tested against. */
void		 search_set_exact(struct search *s, bool exact);
/* The literals one of which every match holds, as "lit1" OR "lit2"
 * (the trigram index narrows the rows read to blocks holding one), or
 * NULL when s reads every row (for tests, and to explain a slow search). */
const char	*search_prefilter(const struct search *s);

#endif
