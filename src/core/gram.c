/* gram.c - the block trigram index of gram.h: gathering, storing, asking.
 *
 * The writer sees every trigram of every text (130 million for 100K
 * generated entries), so the path of one trigram is two array reads: a
 * bit of "seen in this block already" (2 MiB, stays in cache), and only
 * at its first sighting in a block the trigram's slot in a direct table
 * of 2^24 entries (64 MiB of address space, of which only the pages of
 * trigrams that occur are ever touched) and a varint appended to its
 * list. Blocks normally come in ascending order (new terms get growing
 * ids); a text added to an older block (a sense merged into an older
 * term) is kept aside and merged in when the lists are stored. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gram.h"
#include "util.h"

#define TRI_SPACE	(1u << 24)

struct list {
	uint32_t	 tri;
	uint32_t	 len, cap;
	int64_t		 last;		/* last block appended, -1 none */
	unsigned char	*buf;		/* delta varints, first from -1 */
};

struct late {			/* a block that came after a higher one */
	uint32_t	tri;
	int64_t		block;
};

struct gram {
	uint32_t	*slot;		/* tri -> index + 1 into lists, 0: none */
	struct list	*lists;
	size_t		 nlists, caplists;
	struct late	*late;
	size_t		 nlate, caplate;
	/* The trigrams seen in block cur, to skip repeats cheaply. */
	uint64_t	*seen;
	uint32_t	*seenv;
	size_t		 nseen, capseen;
	int64_t		 cur;
	unsigned char	*fold;		/* scratch for a folded text */
	size_t		 foldcap;
};

/* ---- folding and varints ---- */

/* text folded as gram.h says into out (at least len bytes); its length. */
static size_t
fold(const char *text, size_t len, unsigned char *out)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (c < 0x80) {
			out[n++] = c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
			continue;
		}
		if (c == 0xC5 && i + 1 < len && s[i + 1] == 0xBF) {
			c = 's';	/* U+017F long s */
			i++;
		} else if (c == 0xE2 && i + 2 < len && s[i + 1] == 0x84 &&
		    s[i + 2] == 0xAA) {
			c = 'k';	/* U+212A Kelvin sign */
			i += 2;
		}
		out[n++] = c;
	}
	return n;
}

static inline void
put_varint(unsigned char **buf, uint32_t *len, uint32_t *cap, uint64_t v)
{
	if (*cap - *len < 10) {
		size_t c = *cap < 16 ? 16 : (size_t)*cap * 2;

		*buf = xrealloc(*buf, c);
		*cap = (uint32_t)c;
	}
	while (v >= 0x80) {
		(*buf)[(*len)++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	(*buf)[(*len)++] = (unsigned char)v;
}

/* The next varint of p[0..end), or -1 when it is cut short. */
static int64_t
get_varint(const unsigned char **p, const unsigned char *end)
{
	uint64_t v = 0;
	int shift = 0;

	while (*p < end && shift < 63) {
		unsigned char c = *(*p)++;

		v |= (uint64_t)(c & 0x7F) << shift;
		if (!(c & 0x80))
			return (int64_t)v;
		shift += 7;
	}
	return -1;
}

/* A block list into blocks (grown as needed); the count, or stops at the
 * first bad byte (a damaged list gives what it can, never a crash). */
static size_t
decode(const unsigned char *p, size_t len, int64_t **blocks, size_t *cap)
{
	const unsigned char *end = p + len;
	int64_t b = -1, d;
	size_t n = 0;

	while (p < end && (d = get_varint(&p, end)) > 0) {
		if (n == *cap) {
			*cap = *cap < 64 ? 64 : *cap * 2;
			*blocks = xreallocarray(*blocks, *cap, sizeof **blocks);
		}
		b += d;
		(*blocks)[n++] = b;
	}
	return n;
}

static void
encode(const int64_t *blocks, size_t n, unsigned char **buf, uint32_t *len,
    uint32_t *cap)
{
	int64_t prev = -1;

	for (size_t i = 0; i < n; i++) {
		put_varint(buf, len, cap, (uint64_t)(blocks[i] - prev));
		prev = blocks[i];
	}
}

/* ---- the writer ---- */

struct gram *
gram_new(void)
{
	struct gram *g = xcalloc(1, sizeof *g);

	g->slot = xcalloc(TRI_SPACE, sizeof *g->slot);
	g->seen = xcalloc(TRI_SPACE / 64, sizeof *g->seen);
	g->cur = -1;
	return g;
}

static void
forget_seen(struct gram *g)
{
	for (size_t i = 0; i < g->nseen; i++)
		g->seen[g->seenv[i] >> 6] = 0;
	g->nseen = 0;
}

static void
add_tri(struct gram *g, uint32_t tri, int64_t block)
{
	struct list *l;

	if (g->slot[tri] == 0) {
		g->lists = xgrow(g->lists, g->nlists, &g->caplists, 1024,
		    sizeof *g->lists);
		l = &g->lists[g->nlists++];
		memset(l, 0, sizeof *l);
		l->tri = tri;
		l->last = -1;
		g->slot[tri] = (uint32_t)g->nlists;
	}
	l = &g->lists[g->slot[tri] - 1];
	if (block > l->last) {
		put_varint(&l->buf, &l->len, &l->cap,
		    (uint64_t)(block - l->last));
		l->last = block;
	} else if (block < l->last) {
		g->late = xgrow(g->late, g->nlate, &g->caplate, 64,
		    sizeof *g->late);
		g->late[g->nlate].tri = tri;
		g->late[g->nlate++].block = block;
	}
}

void
gram_add(struct gram *g, int64_t id, const char *text, size_t len)
{
	int64_t block = id >> GRAM_SHIFT;
	const unsigned char *f;
	size_t n, i;
	uint32_t tri;

	if (len < 3 || id < 0)
		return;
	if (len > g->foldcap) {
		g->foldcap = len + len / 2;
		free(g->fold);
		g->fold = xmalloc(g->foldcap);
	}
	n = fold(text, len, g->fold);
	if (n < 3)
		return;
	if (block != g->cur) {
		forget_seen(g);
		g->cur = block;
	}
	f = g->fold;
	tri = (uint32_t)f[0] << 8 | f[1];
	for (i = 2; i < n; i++) {
		uint64_t bit;

		tri = (tri << 8 | f[i]) & (TRI_SPACE - 1);
		bit = (uint64_t)1 << (tri & 63);
		if (g->seen[tri >> 6] & bit)
			continue;
		g->seen[tri >> 6] |= bit;
		g->seenv = xgrow(g->seenv, g->nseen, &g->capseen, 4096,
		    sizeof *g->seenv);
		g->seenv[g->nseen++] = tri;
		add_tri(g, tri, block);
	}
}

static int
cmp_list(const void *a, const void *b)
{
	const struct list *x = a, *y = b;

	return x->tri < y->tri ? -1 : x->tri > y->tri;
}

static int
cmp_i64(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

static int
cmp_late(const void *a, const void *b)
{
	const struct late *x = a, *y = b;

	if (x->tri != y->tri)
		return x->tri < y->tri ? -1 : 1;
	return x->block < y->block ? -1 : x->block > y->block;
}

/* Sorted a[0..na) and b[0..nb) without repeats into out; the count. */
static size_t
merge(const int64_t *a, size_t na, const int64_t *b, size_t nb, int64_t *out)
{
	size_t i = 0, j = 0, n = 0;

	while (i < na || j < nb) {
		int64_t v;

		if (j == nb || (i < na && a[i] < b[j]))
			v = a[i++];
		else if (i == na || b[j] < a[i])
			v = b[j++];
		else
			v = a[i++], j++;
		if (n == 0 || out[n - 1] != v)
			out[n++] = v;
	}
	return n;
}

static void
empty(struct gram *g)
{
	for (size_t i = 0; i < g->nlists; i++) {
		g->slot[g->lists[i].tri] = 0;
		free(g->lists[i].buf);
	}
	g->nlists = 0;
	g->nlate = 0;
	forget_seen(g);
	g->cur = -1;
}

static void
seterr(char *err, size_t errsz, sqlite3 *db)
{
	if (err != NULL && errsz > 0)
		snprintf(err, errsz, "trigram index: %s", sqlite3_errmsg(db));
}

int
gram_store(struct gram *g, sqlite3 *db, const char *schema, char *err,
    size_t errsz)
{
	sqlite3_stmt *get = NULL, *put = NULL;
	int64_t *old = NULL, *add = NULL, *both = NULL;
	size_t capold = 0, capadd = 0, capboth = 0, k = 0, i;
	unsigned char *buf = NULL;
	uint32_t blen, bcap = 0;
	char *sql;
	bool any = false;
	int rc = -1;

	if (g->nlists == 0) {
		empty(g);
		return 0;
	}
	sql = sqlite3_mprintf("SELECT blocks FROM \"%w\".gram WHERE tri = ?",
	    schema);
	if (sqlite3_prepare_v2(db, sql, -1, &get, NULL) != SQLITE_OK) {
		sqlite3_free(sql);
		goto out;
	}
	sqlite3_free(sql);
	sql = sqlite3_mprintf("INSERT OR REPLACE INTO \"%w\".gram(tri, blocks)"
	    " VALUES (?, ?)", schema);
	if (sqlite3_prepare_v2(db, sql, -1, &put, NULL) != SQLITE_OK) {
		sqlite3_free(sql);
		goto out;
	}
	sqlite3_free(sql);
	/* Into an empty table (a first import, a build) there is nothing to
	 * merge with: no look-up per trigram. */
	{
		sqlite3_stmt *st;

		sql = sqlite3_mprintf("SELECT 1 FROM \"%w\".gram LIMIT 1",
		    schema);
		if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
			sqlite3_free(sql);
			goto out;
		}
		sqlite3_free(sql);
		any = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
	}
	/* In key order: each insert appends to the table's B-tree. */
	for (i = 0; i < g->nlists; i++)
		g->slot[g->lists[i].tri] = 0;
	xqsort(g->lists, g->nlists, sizeof *g->lists, cmp_list);
	xqsort(g->late, g->nlate, sizeof *g->late, cmp_late);
	for (i = 0; i < g->nlists; i++) {
		struct list *l = &g->lists[i];
		const unsigned char *ob = NULL;
		size_t nold = 0, nadd, n, olen = 0;
		bool late = false;

		while (k < g->nlate && g->late[k].tri < l->tri)
			k++;
		late = k < g->nlate && g->late[k].tri == l->tri;
		if (any) {
			sqlite3_bind_int64(get, 1, l->tri);
			if (sqlite3_step(get) == SQLITE_ROW) {
				ob = sqlite3_column_blob(get, 0);
				olen = (size_t)sqlite3_column_bytes(get, 0);
			} else if (sqlite3_errcode(db) != SQLITE_DONE &&
			    sqlite3_errcode(db) != SQLITE_OK)
				goto out;
		}
		if (ob == NULL && !late) {
			sqlite3_bind_int64(put, 1, l->tri);
			sqlite3_bind_blob(put, 2, l->buf, (int)l->len,
			    SQLITE_STATIC);
		} else {
			nold = ob != NULL ? decode(ob, olen, &old, &capold) : 0;
			nadd = decode(l->buf, l->len, &add, &capadd);
			for (; k < g->nlate && g->late[k].tri == l->tri; k++) {
				add = xgrow(add, nadd, &capadd, 64, sizeof *add);
				add[nadd++] = g->late[k].block;
			}
			if (late)
				xqsort(add, nadd, sizeof *add, cmp_i64);
			if (nold + nadd > capboth) {
				capboth = nold + nadd;
				both = xreallocarray(both, capboth,
				    sizeof *both);
			}
			n = merge(old, nold, add, nadd, both);
			blen = 0;
			encode(both, n, &buf, &blen, &bcap);
			sqlite3_bind_int64(put, 1, l->tri);
			sqlite3_bind_blob(put, 2, buf, (int)blen,
			    SQLITE_STATIC);
		}
		if (sqlite3_step(put) != SQLITE_DONE)
			goto out;
		sqlite3_reset(put);
		sqlite3_reset(get);
	}
	rc = 0;
out:
	if (rc != 0)
		seterr(err, errsz, db);
	sqlite3_finalize(get);
	sqlite3_finalize(put);
	free(old), free(add), free(both), free(buf);
	empty(g);
	return rc;
}

void
gram_free(struct gram *g)
{
	if (g == NULL)
		return;
	empty(g);
	free(g->slot);
	free(g->seen);
	free(g->seenv);
	free(g->lists);
	free(g->late);
	free(g->fold);
	free(g);
}

/* ---- the reader ---- */

struct posting {
	unsigned char	*p;
	size_t		 len;
};

static int
cmp_posting(const void *a, const void *b)
{
	const struct posting *x = a, *y = b;

	return x->len < y->len ? -1 : x->len > y->len;
}

/* Keep of cand[0..n) the blocks list p[0..len) also has; the count. */
static size_t
intersect(int64_t *cand, size_t n, const unsigned char *p, size_t len)
{
	const unsigned char *end = p + len;
	int64_t b = -1, d;
	size_t i = 0, kept = 0;

	while (i < n && p < end && (d = get_varint(&p, end)) > 0) {
		b += d;
		while (i < n && cand[i] < b)
			i++;
		if (i < n && cand[i] == b)
			cand[kept++] = cand[i++];
	}
	return kept;
}

static sqlite3_stmt *
prep(sqlite3 *db, const char *fmt, const char *schema)
{
	sqlite3_stmt *st = NULL;
	char *sql = sqlite3_mprintf(fmt, schema, schema);

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		st = NULL;
	sqlite3_free(sql);
	return st;
}

/* The blocks that may hold literal lit (folded, f[0..n)) set in bits:
 * those listed for every one of its trigrams. 0, or -1 on an error. */
static int
literal_blocks(sqlite3 *db, sqlite3_stmt *get, const unsigned char *f,
    size_t n, unsigned char *bits, int64_t nblocks)
{
	struct posting *ps = xcalloc(n, sizeof *ps);
	uint32_t *tris = xcalloc(n, sizeof *tris);
	int64_t *cand = NULL;
	size_t ntri = 0, i, j, ncand, cap = 0;
	int rc = 0;

	for (i = 0; i + 2 < n; i++) {
		uint32_t t = (uint32_t)f[i] << 16 | (uint32_t)f[i + 1] << 8 |
		    f[i + 2];

		for (j = 0; j < ntri && tris[j] != t; j++)
			;
		if (j == ntri)
			tris[ntri++] = t;
	}
	for (i = 0; i < ntri; i++) {
		sqlite3_bind_int64(get, 1, tris[i]);
		if (sqlite3_step(get) != SQLITE_ROW) {
			rc = sqlite3_errcode(db) == SQLITE_DONE ||
			    sqlite3_errcode(db) == SQLITE_OK ? 0 : -1;
			sqlite3_reset(get);
			goto out;	/* a trigram no text has */
		}
		ps[i].len = (size_t)sqlite3_column_bytes(get, 0);
		ps[i].p = xmalloc(ps[i].len + 1);
		memcpy(ps[i].p, sqlite3_column_blob(get, 0), ps[i].len);
		sqlite3_reset(get);
	}
	/* From the shortest list: every later one only narrows it. */
	xqsort(ps, ntri, sizeof *ps, cmp_posting);
	ncand = decode(ps[0].p, ps[0].len, &cand, &cap);
	for (i = 1; i < ntri && ncand > 0; i++)
		ncand = intersect(cand, ncand, ps[i].p, ps[i].len);
	for (i = 0; i < ncand; i++)
		if (cand[i] < nblocks)
			bits[cand[i] >> 3] |= (unsigned char)(1u << (cand[i] & 7));
out:
	for (i = 0; i < ntri; i++)
		free(ps[i].p);
	free(ps);
	free(tris);
	free(cand);
	return rc;
}

int
gram_blocks(sqlite3 *db, const char *schema, char *const *lits, size_t n,
    unsigned char **bits, int64_t *nblocks)
{
	sqlite3_stmt *st, *get = NULL;
	unsigned char *f = NULL, *b = NULL;
	int64_t maxid = -1;
	size_t i;
	int rc = 0;
	bool has = false, filled = false;

	*bits = NULL;
	*nblocks = 0;
	/* Older files have no gram; one with terms and an empty gram was
	 * written by other means. Either way: scan everything. */
	st = prep(db, "SELECT 1 FROM \"%w\".sqlite_schema WHERE type = 'table'"
	    " AND name = 'gram'", schema);
	if (st == NULL)
		return -1;
	has = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (!has)
		return 0;
	st = prep(db, "SELECT (SELECT max(id) FROM \"%w\".term),"
	    " EXISTS (SELECT 1 FROM \"%w\".gram)", schema);
	if (st == NULL)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return -1;
	}
	if (sqlite3_column_type(st, 0) != SQLITE_NULL)
		maxid = sqlite3_column_int64(st, 0);
	filled = sqlite3_column_int(st, 1) != 0;
	sqlite3_finalize(st);
	if (maxid >= 0 && !filled)
		return 0;
	/* A literal too short for a trigram may be anywhere. */
	for (i = 0; i < n; i++) {
		size_t len = strlen(lits[i]);

		f = xrealloc(f, len + 1);
		if (fold(lits[i], len, f) < 3) {
			free(f);
			return 0;
		}
	}
	*nblocks = maxid < 0 ? 0 : (maxid >> GRAM_SHIFT) + 1;
	b = xcalloc((size_t)(*nblocks + 7) / 8 + 1, 1);
	get = prep(db, "SELECT blocks FROM \"%w\".gram WHERE tri = ?", schema);
	if (get == NULL)
		rc = -1;
	for (i = 0; i < n && rc == 0 && *nblocks > 0; i++) {
		size_t len = strlen(lits[i]);

		f = xrealloc(f, len + 1);
		rc = literal_blocks(db, get, f, fold(lits[i], len, f), b,
		    *nblocks);
	}
	sqlite3_finalize(get);
	free(f);
	if (rc != 0) {
		free(b);
		*nblocks = 0;
		return -1;
	}
	*bits = b;
	return 1;
}
