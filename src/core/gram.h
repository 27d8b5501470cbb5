/* gram.h - which blocks of terms may hold a string: a trigram index.
 *
 * The search scans term rows itself (search.c); for a pattern with a
 * required literal this index tells it which blocks of term ids can
 * hold one, so it skips the rest. A block is the 64 ids sharing
 * id >> GRAM_SHIFT. For every block the index keeps the set of
 * trigrams of the text of its terms (headword, aliases and body, as
 * written), folded: ASCII letters to lower case, and U+017F (long s)
 * and U+212A (Kelvin sign) to "s" and "k", the two non-ASCII
 * characters PCRE2's caseless matching takes for ASCII letters. Other
 * bytes are kept as they are, so a trigram may hold a part of a UTF-8
 * sequence, a space or a newline.
 *
 * Storage: table gram(tri INTEGER PRIMARY KEY, blocks BLOB NOT NULL),
 * tri = (b0 << 16) | (b1 << 8) | b2 of the folded bytes, blocks the
 * ascending block numbers as unsigned LEB128 varints of their
 * differences (the first from -1, so block 0 is a 1). The index is a
 * superset: a writer adds the trigrams of every text it stores and
 * never removes any (a deleted or rewritten term leaves stale
 * trigrams, which only cost a block read), so a block it does not
 * list for a literal cannot hold that literal.
 */
#ifndef LORE_GRAM_H
#define LORE_GRAM_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#define GRAM_SHIFT	6

struct gram;		/* trigrams gathered by a writer, not yet stored */

struct gram	*gram_new(void);
/* The trigrams of text[0..len) belong to term id's block. */
void		 gram_add(struct gram *g, int64_t id, const char *text,
		    size_t len);
/* Merge what g gathered into schema.gram (inside the caller's
 * transaction); 0 or -1 with err set. g is empty after it. */
int		 gram_store(struct gram *g, sqlite3 *db, const char *schema,
		    char *err, size_t errsz);
void		 gram_free(struct gram *g);

/*
 * The blocks of schema that may hold one of lits[0..n) (each at least
 * three bytes; matched without regard to case): *bits gets a bitmap,
 * bit b of byte b >> 3 for block b, *nblocks its size in blocks (ids
 * beyond it are in no listed block). Returns 1 with the bitmap, 0 when
 * schema has no usable index (scan every block; *bits NULL), -1 on a
 * database error. The caller frees *bits.
 */
int		 gram_blocks(sqlite3 *db, const char *schema,
		    char *const *lits, size_t n, unsigned char **bits,
		    int64_t *nblocks);

#endif
