/* rline-same.h - whether two rendered lines are the same text with the
 * same spans: a snippet's window against the whole snippet. Shared by
 * tests/unit/test-snippet.c and tests/fuzz/fuzz-markdown.c (static: each
 * includes it once). */
#ifndef LORE_TESTS_RLINE_SAME_H
#define LORE_TESTS_RLINE_SAME_H

#include <stdbool.h>
#include <string.h>

#include "render.h"

static bool
rline_same(const struct rline *x, const struct rline *y)
{
	if (x->len != y->len || memcmp(x->text, y->text, x->len) != 0 ||
	    x->nspans != y->nspans)
		return false;
	for (size_t j = 0; j < x->nspans; j++)
		if (x->spans[j].off != y->spans[j].off ||
		    x->spans[j].len != y->spans[j].len ||
		    x->spans[j].style != y->spans[j].style ||
		    x->spans[j].link != y->spans[j].link)
			return false;
	return true;
}

#endif
