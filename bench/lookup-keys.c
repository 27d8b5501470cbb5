/* lookup-keys - time the lookup engine one keystroke at a time, as the
 * browser's type-to-find calls it: for every word given, each of its
 * prefixes in turn ("s", "so", "sof"...), one lookup_query per prefix.
 * Prints "median_ms p95_ms max_ms keys" for bench/run. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clock.h"
#include "corpus.h"
#include "lookup.h"
#include "util.h"

#define SHOWN	50	/* rows a tall browser window lists */

int
main(int argc, char **argv)
{
	struct lookup_hit hits[SHOWN];
	struct corpus *c;
	struct lookup *l;
	char err[512];
	double *t = NULL;
	size_t nt = 0, i, n;

	if (argc < 3) {
		fprintf(stderr, "usage: lookup-keys CORPUS.db WORD...\n");
		return 2;
	}
	if (corpus_open(&c, argv[1], NULL, err, sizeof err) != CORPUS_OK ||
	    lookup_open(&l, c, err, sizeof err) != LOOKUP_OK) {
		fprintf(stderr, "lookup-keys: %s\n", err);
		return 2;
	}
	for (int w = 2; w < argc; w++) {
		size_t len = strlen(argv[w]);

		for (i = 1; i <= len; i++) {
			char *q = xstrndup(argv[w], i);
			double t0 = now_ms();

			n = lookup_query(l, q, LOOKUP_INCREMENTAL, hits, SHOWN);
			t = xreallocarray(t, nt + 1, sizeof *t);
			t[nt++] = now_ms() - t0;
			lookup_hits_free(hits, n);
			free(q);
		}
	}
	xqsort(t, nt, sizeof *t, cmp_double);
	printf("%.2f %.2f %.2f %zu\n", t[nt / 2], t[nt * 95 / 100],
	    t[nt - 1], nt);
	free(t);
	lookup_close(l);
	corpus_close(c);
	return 0;
}
