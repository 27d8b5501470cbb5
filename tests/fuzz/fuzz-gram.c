/* fuzz-gram.c - the block trigram index (gram.h) is a superset.
 *
 * The input is cut at NUL bytes: every piece but the last is the text of
 * a term, whose first byte moves the id (forward by its low 7 bits, or
 * back to an older block when its high bit is set, as a merged sense
 * does); the last piece is a literal. The texts are stored by two
 * gram_store calls (the second merging into what the first wrote). Then
 * every text that holds the literal, folded as gram.h says, must be in a
 * block gram_blocks lists, and a literal too short for a trigram must
 * give "scan everything". A violation aborts. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "gram.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAXTEXTS	256

/* gram.h's folding, written apart from gram.c's. */
static size_t
ref_fold(const uint8_t *s, size_t n, uint8_t *out)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (i + 1 < n && s[i] == 0xC5 && s[i + 1] == 0xBF)
			out[k++] = 's', i++;
		else if (i + 2 < n && s[i] == 0xE2 && s[i + 1] == 0x84 &&
		    s[i + 2] == 0xAA)
			out[k++] = 'k', i += 2;
		else
			out[k++] = s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i];
	}
	return k;
}

static int
holds(const uint8_t *h, size_t hn, const uint8_t *n, size_t nn)
{
	for (size_t i = 0; i + nn <= hn; i++)
		if (memcmp(h + i, n, nn) == 0)
			return 1;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *text[MAXTEXTS];
	size_t len[MAXTEXTS], n = 0, i, start = 0;
	int64_t id[MAXTEXTS], cur = 0;
	uint8_t *a, *b;
	char *lit;
	sqlite3 *db;
	struct gram *g;
	unsigned char *bits;
	int64_t nblocks;
	size_t alen, blen;
	int rc;

	/* The pieces before the last NUL are texts. */
	for (i = 0; i < size && n < MAXTEXTS; i++)
		if (data[i] == 0) {
			if (i > start) {
				uint8_t step = data[start];

				cur = step & 0x80 ? (cur > (step & 0x7F) ? cur -
				    (step & 0x7F) * 16 : 0) : cur + step * 4;
				if (cur < 0)
					cur = 0;
				id[n] = cur;
				text[n] = data + start + 1;
				len[n++] = i - start - 1;
			}
			start = i + 1;
		}
	lit = malloc(size - start + 1);
	memcpy(lit, data + start, size - start);
	lit[size - start] = '\0';
	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_exec(db, "CREATE TABLE term(id INTEGER PRIMARY KEY);"
	    "CREATE TABLE gram(tri INTEGER PRIMARY KEY, blocks BLOB NOT NULL)",
	    NULL, NULL, NULL) != SQLITE_OK)
		abort();
	g = gram_new();
	for (i = 0; i < n; i++) {
		char sql[64];

		snprintf(sql, sizeof sql, "INSERT OR IGNORE INTO term VALUES"
		    " (%lld)", (long long)id[i]);
		sqlite3_exec(db, sql, NULL, NULL, NULL);
		gram_add(g, id[i], (const char *)text[i], len[i]);
		if (i == n / 2 && gram_store(g, db, "main", NULL, 0) != 0)
			abort();
	}
	if (gram_store(g, db, "main", NULL, 0) != 0)
		abort();
	gram_free(g);

	a = malloc(strlen(lit) + 1);
	alen = ref_fold((const uint8_t *)lit, strlen(lit), a);
	{
		char *const lits[1] = { lit };

		rc = gram_blocks(db, "main", lits, 1, &bits, &nblocks);
	}
	if (rc < 0)
		abort();
	if (alen < 3 && n > 0 && rc != 0)
		abort();	/* too short for a trigram: scan all */
	for (i = 0; rc == 1 && i < n; i++) {
		int64_t blk = id[i] >> GRAM_SHIFT;

		b = malloc(len[i] + 1);
		blen = ref_fold(text[i], len[i], b);
		if (holds(b, blen, a, alen) && (blk >= nblocks ||
		    !(bits[blk >> 3] & (1u << (blk & 7)))))
			abort();
		free(b);
	}
	free(bits);
	free(a);
	free(lit);
	sqlite3_close(db);
	return 0;
}
