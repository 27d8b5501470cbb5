/* hitsort.h - search hits in order, in bounded memory.
 *
 * A scan finds hits in storage order; they are reported by (rank,
 * sortkey bytes, key). Each scanning thread adds its hits to its own
 * struct hitsort, which keeps them in memory up to a budget and then
 * writes them, sorted, as a run to a temporary file; the caller merges
 * the runs of every thread and what is still in memory. So a search
 * that matches a million terms holds a few megabytes, not the hits. */
#ifndef LORE_HITSORT_H
#define LORE_HITSORT_H

#include <stddef.h>
#include <stdint.h>

struct hitsort;
struct hitmerge;

/* One hit; the strings point into the scanner's buffers (hitsort_add)
 * or the merger's (hitmerge_next, valid until the next call; there
 * headword[hwlen] and line[linelen] are NUL). */
struct hitrow {
	int64_t		 rank;		/* sorts first: 0 unless ranked */
	int64_t		 key;		/* sorts last */
	long		 lineno;
	size_t		 ms, ml;	/* the match inside line */
	int		 where;		/* enum search_where */
	unsigned	 count;
	int64_t		 srcid;		/* the term's source_id, -1: none */
	long		 srcline;	/* and its line there */
	const char	*sortkey, *headword, *line;
	size_t		 sklen, hwlen, linelen;
};

/* budget: bytes of hits kept in memory before a run is written. */
struct hitsort	*hitsort_new(size_t budget);
/* 0, or -1 with err set when a run cannot be written. */
int		 hitsort_add(struct hitsort *h, const struct hitrow *r,
		    char *err, size_t errsz);
/* Runs written so far (for tests of the spill). */
size_t		 hitsort_runs(const struct hitsort *h);
void		 hitsort_free(struct hitsort *h);

/* Merge v[0..n) (each then belongs to the merger, which frees them). */
struct hitmerge	*hitmerge_new(struct hitsort **v, size_t n);
/* 1 with the next hit in *r, 0 at the end, -1 with err set. */
int		 hitmerge_next(struct hitmerge *m, struct hitrow *r,
		    char *err, size_t errsz);
void		 hitmerge_free(struct hitmerge *m);

#endif
