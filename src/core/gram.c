/* gram.c - the block trigram index of gram.h.
 *
 * A first version with no index at all: gram_blocks says "scan every
 * block", which is always correct. */
#include "config.h"

#include <stdlib.h>

#include "gram.h"
#include "util.h"

struct gram {
	int	unused;
};

struct gram *
gram_new(void)
{
	return xcalloc(1, sizeof(struct gram));
}

void
gram_add(struct gram *g, int64_t id, const char *text, size_t len)
{
	(void)g, (void)id, (void)text, (void)len;
}

int
gram_store(struct gram *g, sqlite3 *db, const char *schema, char *err,
    size_t errsz)
{
	(void)g, (void)db, (void)schema, (void)err, (void)errsz;
	return 0;
}

void
gram_free(struct gram *g)
{
	free(g);
}

int
gram_blocks(sqlite3 *db, const char *schema, char *const *lits, size_t n,
    unsigned char **bits, int64_t *nblocks)
{
	(void)db, (void)schema, (void)lits, (void)n;
	*bits = NULL;
	*nblocks = 0;
	return 0;
}
