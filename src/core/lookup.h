/* lookup.h - one ranked lookup of a name: what `define`, did-you-mean,
 * shell completion and the browser's type-to-find all use.
 *
 * A query is folded (text_fold: case and punctuation ignored) and matched
 * against every headword and alias, best kind first:
 *
 *   LOOKUP_EXACT      the whole headword or alias           "softmax", "ppo"
 *   LOOKUP_PREFIX     the headword starts with it            "transfo"
 *   LOOKUP_WORD       an alias, or a later word of the       "norm" -> Layer
 *                     headword or an alias, starts with it   normalization
 *   LOOKUP_INITIALS   the initials of the headword's words   "rlhf", "sgd"
 *                     (with and without "of", "from"...)
 *   LOOKUP_TYPO       a few edits away (text_distance),      "sofmax"
 *                     how many scaled to its length
 *   LOOKUP_ABBREV     its letters in order, first one first  "attn"
 *   LOOKUP_BODY       its text holds every word of it (of three
 *                     characters or more; the trigram index, gram.h)
 *
 * Among hits of one kind, a headword beats an alias, fewer edits beat more,
 * a shorter headword beats a longer one, then A-Z. A term appears once, at
 * its best kind. Every kind except ABBREV, TYPO and BODY is an indexed
 * range query (the schema's word table holds the later words and initials),
 * so LOOKUP_INCREMENTAL, which bounds the rest, settles in a few
 * milliseconds per keystroke at a million terms.
 *
 * Nothing here prints; the corpus handle is the one corpus_open gave. */
#ifndef LORE_LOOKUP_H
#define LORE_LOOKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct corpus;
struct lookup;			/* opaque: prepared statements, scratch */

enum lookup_kind {
	LOOKUP_EXACT,
	LOOKUP_PREFIX,
	LOOKUP_WORD,
	LOOKUP_INITIALS,
	LOOKUP_TYPO,
	LOOKUP_ABBREV,
	LOOKUP_BODY,
};

enum lookup_flags {
	/* One call per keystroke: each indexed kind reads a screenful of
	 * its range; TYPO, ABBREV and BODY run only when the names gave
	 * fewer than five hits, read a bounded slice, and stop after a few
	 * milliseconds with what they found. */
	LOOKUP_INCREMENTAL	= 1 << 0,
	LOOKUP_NO_TYPO		= 1 << 1,	/* no ABBREV, no TYPO */
	LOOKUP_NO_BODY		= 1 << 2,
	/* define: stop as soon as lookup_best would pick a term from the
	 * hits found so far (an exact name ends the lookup before the
	 * prefixes are read, a single prefix before the typos are); the
	 * hits are then only those. When it picks none, the same hits as
	 * without the flag. */
	LOOKUP_DEFINE		= 1 << 3,
};

struct lookup_hit {
	int64_t		 key;		/* corpus_get's key */
	char		*headword;	/* as written (unsanitized) */
	char		*matched;	/* the alias that matched, or NULL when
					 * the headword did (or for BODY) */
	enum lookup_kind kind;
	unsigned	 dist;		/* edits for LOOKUP_TYPO, gaps between the
					 * runs of letters for ABBREV; else 0 */
};

enum lookup_status {
	LOOKUP_OK = 0,
	LOOKUP_ERROR,			/* message in err */
};

/* Prepare lookups on an open corpus (which must outlive the lookup). */
enum lookup_status lookup_open(struct lookup **lp, struct corpus *c,
		    char *err, size_t errsz);
void		lookup_close(struct lookup *l);

/* Up to limit hits for query, best first, into out. Returns the number
 * written; free them with lookup_hits_free. An empty query (nothing left
 * after folding) finds nothing. */
size_t		lookup_query(struct lookup *l, const char *query,
		    unsigned flags, struct lookup_hit *out, size_t limit);
void		lookup_hits_free(struct lookup_hit *h, size_t n);

/* The hit `define` may show without asking: the only exact match (a
 * headword beats an alias), else the only headword that starts with the
 * query, else the only initials match, else a single typo closer than
 * any other. -1 when there is none: the hits are candidates. A prefix
 * of some other entry's alias is never the term. */
long		lookup_best(const struct lookup_hit *h, size_t n);

/* Headwords starting with prefix (folded), A-Z, for shell completion:
 * fn is called for each until it returns false or max were given (0: no
 * limit). Returns the number given. */
size_t		lookup_complete(struct lookup *l, const char *prefix,
		    size_t max, bool (*fn)(const char *headword, void *arg),
		    void *arg);

/* The rows of the word table for one headword or alias, given to fn: */
enum lookup_row {
	LOOKUP_ROW_TAIL,	/* folded, from a word after the first on:
				 * "normalization" of "layer normalization" */
	LOOKUP_ROW_INITIALS,	/* "rlfhf", and "rlhf" without the little
				 * words ("of", "from"...) */
	LOOKUP_ROW_WHOLE,	/* its words joined, when that is not its fold
				 * ("actorcritic" of "Actor–critic") */
};
/* The importer and the schema migration share it. */
void		lookup_words(const char *name,
		    void (*fn)(const char *fold, enum lookup_row row, void *arg),
		    void *arg);

#endif
