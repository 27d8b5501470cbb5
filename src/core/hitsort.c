/* hitsort.c - search hits sorted in bounded memory: sorted runs in a
 * temporary file, merged (hitsort.h). */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#include "hitsort.h"
#include "util.h"

#define HITSORT_READ	(16 * 1024)	/* read buffer of one run */
#define HITSORT_IOV	256		/* records a spill write gathers */

/* A hit as stored: this, then sortkey, headword, NUL, line, NUL (so
 * that hitmerge_next's strings are C strings). The match is inside the
 * line, whose length is 32 bits. */
struct hdr {
	int64_t		rank, key, lineno, srcid, srcline;
	uint32_t	ms, ml;
	int32_t		where;
	uint32_t	count, sklen, hwlen, linelen;
};

struct run {
	off_t	at, len;
};

/*
 * What a record sorts by, in an array beside the records: comparing two
 * records reads two random places of a buffer of megabytes (two cache
 * misses a compare), while most compares are decided by the rank and the
 * first eight bytes of the sortkey. 16 bytes, so that a hit costs the
 * budget what it did with an array of offsets and a larger header.
 */
struct skey {
	uint64_t	pre;	/* sortkey[0..8), big-endian, zero-padded */
	int32_t		rank;	/* clamped to RANK_MIN..RANK_MAX */
	uint32_t	off;	/* of the record in mem */
};

#define RANK_MIN	(-INT32_MAX)
#define RANK_MAX	INT32_MAX

struct hitsort {
	size_t		 budget;
	struct buf	 mem;		/* records, back to back */
	struct skey	*idx;		/* their keys */
	size_t		 n, cap;
	FILE		*fp;		/* runs, created at the first (a
					 * tmpfile; written by write_sorted
					 * and read through its descriptor) */
	struct run	*runs;
	size_t		 nruns, rcap;
	off_t		 end;
};

static size_t
rec_size(const char *p)
{
	struct hdr h;

	memcpy(&h, p, sizeof h);
	return sizeof h + h.sklen + h.hwlen + 1 + h.linelen + 1;
}

/* (rank, sortkey bytes, key): the order of ORDER BY rank, sortkey, key
 * with SQLite's BINARY collation. */
static int
rec_cmp(const char *a, const char *b)
{
	struct hdr x, y;
	int c;

	memcpy(&x, a, sizeof x);
	memcpy(&y, b, sizeof y);
	if (x.rank != y.rank)
		return x.rank < y.rank ? -1 : 1;
	c = memcmp(a + sizeof x, b + sizeof y, x.sklen < y.sklen ? x.sklen :
	    y.sklen);
	if (c != 0)
		return c;
	if (x.sklen != y.sklen)
		return x.sklen < y.sklen ? -1 : 1;
	return x.key < y.key ? -1 : x.key > y.key;
}

/* The first eight bytes of a sortkey as a number that sorts as memcmp
 * sorts them (a shorter key is padded with zeros: a tie, then decided by
 * rec_cmp, so "ab" and "ab\0" still sort by length). */
static uint64_t
key_prefix(const char *sk, size_t len)
{
	uint64_t v = 0;

	for (size_t i = 0; i < 8; i++)
		v = v << 8 | (i < len ? (unsigned char)sk[i] : 0);
	return v;
}

/* The key of a hit of rank rank and sortkey sk (off left 0). */
static struct skey
key_of(int64_t rank, const char *sk, size_t sklen)
{
	struct skey k = { key_prefix(sk, sklen), (int32_t)(rank < RANK_MIN ?
	    RANK_MIN : rank > RANK_MAX ? RANK_MAX : rank), 0 };

	return k;
}

/* Does the record xr of key x sort before the record yr of key y? */
static inline bool
key_less(const struct skey *x, const char *xr, const struct skey *y,
    const char *yr)
{
	if (x->rank != y->rank)
		return x->rank < y->rank;
	/* a clamped rank stands for many: only the records can tell */
	if (x->pre != y->pre && x->rank != RANK_MIN && x->rank != RANK_MAX)
		return x->pre < y->pre;
	return rec_cmp(xr, yr) < 0;
}

/* key_less of two keys of the records at base. */
static inline bool
skey_less(const struct skey *x, const struct skey *y, const char *base)
{
	return key_less(x, base + x->off, y, base + y->off);
}

/*
 * Sort v[0..n) by skey_less: runs of SKEY_RUN by insertion, then merged
 * bottom-up through a buffer as large. Keys are unique (the key breaks
 * ties), so any correct sort gives this order; this one compares in
 * line, where qsort() called a comparator (a spill sorts about 7,500
 * keys, and a search that matches a quarter of a million terms spills
 * thirty times: 1.6% of its CPU went to qsort, 0.9% comes here).
 */
#define SKEY_RUN	16

static void
skey_sort(struct skey *v, size_t n, const char *base)
{
	struct skey *a = v, *b, *t, *tmp;

	for (size_t lo = 0; lo < n; lo += SKEY_RUN) {
		size_t hi = n - lo > SKEY_RUN ? lo + SKEY_RUN : n;

		for (size_t i = lo + 1; i < hi; i++) {
			struct skey k = v[i];
			size_t j = i;

			for (; j > lo && skey_less(&k, &v[j - 1], base); j--)
				v[j] = v[j - 1];
			v[j] = k;
		}
	}
	if (n <= SKEY_RUN)
		return;
	b = tmp = xreallocarray(NULL, n, sizeof *tmp);
	for (size_t w = SKEY_RUN; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = n - lo > w ? lo + w : n;
			size_t hi = n - mid > w ? mid + w : n;
			size_t i = lo, j = mid, k = lo;

			while (i < mid && j < hi)
				b[k++] = skey_less(&a[j], &a[i], base) ? a[j++] :
				    a[i++];
			while (i < mid)
				b[k++] = a[i++];
			while (j < hi)
				b[k++] = a[j++];
		}
		t = a, a = b, b = t;
	}
	if (a != v)
		memcpy(v, a, n * sizeof *v);
	free(tmp);
}

static void
rec_row(const char *p, struct hitrow *r)
{
	struct hdr h;

	memcpy(&h, p, sizeof h);
	r->rank = h.rank;
	r->key = h.key;
	r->lineno = (long)h.lineno;
	r->ms = (size_t)h.ms;
	r->ml = (size_t)h.ml;
	r->where = h.where;
	r->count = h.count;
	r->srcid = h.srcid;
	r->srcline = (long)h.srcline;
	r->sklen = h.sklen;
	r->hwlen = h.hwlen;
	r->linelen = h.linelen;
	r->sortkey = p + sizeof h;
	r->headword = r->sortkey + h.sklen;
	r->line = r->headword + h.hwlen + 1;
}

struct hitsort *
hitsort_new(size_t budget)
{
	struct hitsort *h = xcalloc(1, sizeof *h);

	h->budget = budget;
	return h;
}

/* The records in memory, sorted (the caller frees the array). */
static const char **
mem_sorted(struct hitsort *h)
{
	const char **v = xreallocarray(NULL, h->n + 1, sizeof *v);

	skey_sort(h->idx, h->n, h->mem.s);
	for (size_t i = 0; i < h->n; i++)
		v[i] = h->mem.s + h->idx[i].off;
	return v;
}

/*
 * The records v[0..n), back to back, at offset at of fd: gathered by the
 * kernel, HITSORT_IOV at a time, rather than copied into a stdio buffer
 * first.
 */
static int
write_sorted(int fd, const char **v, size_t n, off_t at)
{
	struct iovec iov[HITSORT_IOV];
	size_t i = 0;

	while (i < n) {
		size_t k = 0, want = 0, done = 0;
		ssize_t got;
		int first = 0;

		for (; k < nitems(iov) && i + k < n; k++) {
			iov[k].iov_base = (void *)(uintptr_t)v[i + k];
			iov[k].iov_len = rec_size(v[i + k]);
			want += iov[k].iov_len;
		}
		while (done < want) {
			got = pwritev(fd, iov + first, (int)k - first, at);
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0) {
				if (got == 0)
					errno = EIO;
				return -1;
			}
			done += (size_t)got;
			at += got;
			/* a short write: go on from where it stopped */
			while (first < (int)k && (size_t)got >= iov[first].iov_len)
				got -= (ssize_t)iov[first++].iov_len;
			if (first < (int)k) {
				iov[first].iov_base = (char *)iov[first].iov_base +
				    got;
				iov[first].iov_len -= (size_t)got;
			}
		}
		i += k;
	}
	return 0;
}

static int
spill(struct hitsort *h, char *err, size_t errsz)
{
	const char **v;
	struct run r;

	if (h->fp == NULL && (h->fp = tmpfile()) == NULL) {
		snprintf(err, errsz, "cannot sort the hits: temporary file: %s",
		    strerror(errno));
		return -1;
	}
	v = mem_sorted(h);
	r.at = h->end;
	if (write_sorted(fileno(h->fp), v, h->n, h->end) < 0) {
		free(v);
		snprintf(err, errsz, "cannot sort the hits: temporary file: %s",
		    strerror(errno));
		return -1;
	}
	free(v);
	r.len = (off_t)h->mem.len;
	h->end += r.len;
	h->runs = xgrow(h->runs, h->nruns, &h->rcap, 8, sizeof *h->runs);
	h->runs[h->nruns++] = r;
	h->mem.len = 0;
	h->n = 0;
	return 0;
}

int
hitsort_add(struct hitsort *h, const struct hitrow *r, char *err, size_t errsz)
{
	struct hdr d = { 0 };
	size_t size = sizeof d + r->sklen + r->hwlen + 1 + r->linelen + 1;

	/* offsets in idx are 32 bits, whatever the budget */
	if (h->n > 0 && (h->mem.len + size + h->n * sizeof *h->idx >
	    h->budget || h->mem.len + size > UINT32_MAX) &&
	    spill(h, err, errsz) < 0)
		return -1;
	d.rank = r->rank;
	d.key = r->key;
	d.lineno = r->lineno;
	d.ms = (uint32_t)r->ms;
	d.ml = (uint32_t)r->ml;
	d.where = r->where;
	d.count = r->count;
	d.srcid = r->srcid;
	d.srcline = r->srcline;
	d.sklen = (uint32_t)r->sklen;
	d.hwlen = (uint32_t)r->hwlen;
	d.linelen = (uint32_t)r->linelen;
	h->idx = xgrow(h->idx, h->n, &h->cap, 256, sizeof *h->idx);
	h->idx[h->n] = key_of(r->rank, r->sortkey, r->sklen);
	h->idx[h->n++].off = (uint32_t)h->mem.len;
	buf_add(&h->mem, (const char *)&d, sizeof d);
	buf_add(&h->mem, r->sortkey, r->sklen);
	buf_add(&h->mem, r->headword, r->hwlen);
	buf_addc(&h->mem, '\0');
	buf_add(&h->mem, r->line, r->linelen);
	buf_addc(&h->mem, '\0');
	return 0;
}

size_t
hitsort_runs(const struct hitsort *h)
{
	return h->nruns;
}

void
hitsort_free(struct hitsort *h)
{
	if (h == NULL)
		return;
	buf_free(&h->mem);
	free(h->idx);
	free(h->runs);
	if (h->fp != NULL)
		fclose(h->fp);
	free(h);
}

/* One sorted stream: the records in memory, or a run in the file. */
struct src {
	const char	**v;		/* in memory: sorted */
	size_t		  i, n;
	int		  fd;		/* a run: -1 for memory */
	off_t		  pos, end;	/* the part of the run not yet read */
	struct buf	  rb;		/* read, from rpos on not yet used */
	size_t		  rpos;
	const char	 *cur;		/* the current record; NULL: done */
	struct skey	  k;		/* its key: most compares stop there */
};

struct hitmerge {
	struct hitsort	**hs;
	size_t		  nhs;
	struct src	 *src;
	size_t		  nsrc;
	size_t		 *heap;		/* sources with a record, least first */
	size_t		  nheap;
	long		  last;		/* the source returned last, -1 none */
	bool		  failed;
};

/* At least need unread bytes in s->rb: 0, or -1 (read error, or the
 * run ends short). */
static int
src_fill(struct src *s, size_t need)
{
	size_t have = s->rb.len - s->rpos;

	if (have >= need)
		return 0;
	if (have > 0)
		memmove(s->rb.s, s->rb.s + s->rpos, have);
	s->rb.len = have;
	s->rpos = 0;
	while (s->rb.len < need) {
		size_t want = need - s->rb.len < HITSORT_READ ? HITSORT_READ :
		    need - s->rb.len;
		ssize_t got;

		if ((off_t)want > s->end - s->pos)
			want = (size_t)(s->end - s->pos);
		if (want == 0)
			return -1;
		buf_grow(&s->rb, want);
		got = pread(s->fd, s->rb.s + s->rb.len, want, s->pos);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return -1;
		s->rb.len += (size_t)got;
		s->pos += got;
	}
	return 0;
}

/* The records in memory are read in sorted order, from places all over
 * the buffer: ask for the one after the current early, so that it is in
 * the cache when the merge compares it and the caller reads its line
 * (the header and the first 256 bytes; the rest follows in sequence).
 * Merging 22,800 hits (two threads' worth, lines of the character
 * class's hits at 100K) and reading their lines: 2.9-3.3 ms without,
 * 2.3 ms with. */
static inline void
prefetch_rec(const char *p)
{
#if defined(__GNUC__)
	for (int i = 0; i < 4; i++)
		__builtin_prefetch(p + 64 * i);
#else
	(void)p;
#endif
}

/* Move s to its next record: 1, 0 at its end, -1 on a read error. */
static void
src_key(struct src *s)
{
	struct hdr h;

	memcpy(&h, s->cur, sizeof h);
	s->k = key_of(h.rank, s->cur + sizeof h, h.sklen);
}

static int
src_next(struct src *s)
{
	if (s->fd < 0) {
		s->cur = s->i < s->n ? s->v[s->i++] : NULL;
		if (s->i < s->n)
			prefetch_rec(s->v[s->i]);
		if (s->cur != NULL)
			src_key(s);
		return s->cur != NULL;
	}
	if (s->cur != NULL)
		s->rpos += rec_size(s->cur);
	s->cur = NULL;
	if (s->rb.len - s->rpos == 0 && s->pos >= s->end)
		return 0;
	if (src_fill(s, sizeof(struct hdr)) < 0 ||
	    src_fill(s, rec_size(s->rb.s + s->rpos)) < 0)
		return -1;
	s->cur = s->rb.s + s->rpos;
	src_key(s);
	return 1;
}

static bool
heap_less(struct hitmerge *m, size_t a, size_t b)
{
	const struct src *x = &m->src[m->heap[a]], *y = &m->src[m->heap[b]];

	return key_less(&x->k, x->cur, &y->k, y->cur);
}

static void
heap_down(struct hitmerge *m, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, least = i, t;

		if (l < m->nheap && heap_less(m, l, least))
			least = l;
		if (r < m->nheap && heap_less(m, r, least))
			least = r;
		if (least == i)
			return;
		t = m->heap[i], m->heap[i] = m->heap[least], m->heap[least] = t;
		i = least;
	}
}

struct sorter {
	struct hitsort	 *h;
	const char	**v;
};

static void *
sort_thread(void *arg)
{
	struct sorter *t = arg;

	t->v = mem_sorted(t->h);
	return NULL;
}

struct hitmerge *
hitmerge_new(struct hitsort **v, size_t n)
{
	struct hitmerge *m = xcalloc(1, sizeof *m);
	struct sorter second = { n > 1 ? v[1] : NULL, NULL };
	size_t k = 0, total = 0;
	pthread_t tid;
	bool two;

	m->hs = xreallocarray(NULL, n + 1, sizeof *m->hs);
	memcpy(m->hs, v, n * sizeof *v);
	m->nhs = n;
	for (size_t i = 0; i < n; i++)
		total += v[i]->nruns + 1;
	m->src = xcalloc(total + 1, sizeof *m->src);
	m->heap = xcalloc(total + 1, sizeof *m->heap);
	/* The second thread's hits still in memory are sorted on a thread
	 * of their own while the first's are: the scan is over, the other
	 * core idle until the printing starts. 22,785 hits: 2.4 ms -> 1.3. */
	two = n > 1 && v[1]->n > 1 && pthread_create(&tid, NULL, sort_thread,
	    &second) == 0;
	for (size_t i = 0; i < n; i++) {
		struct hitsort *h = v[i];

		for (size_t r = 0; r < h->nruns; r++, k++) {
			m->src[k].fd = fileno(h->fp);
			m->src[k].pos = h->runs[r].at;
			m->src[k].end = h->runs[r].at + h->runs[r].len;
		}
		m->src[k].fd = -1;
		if (i == 1 && two) {
			pthread_join(tid, NULL);
			m->src[k].v = second.v;
		} else
			m->src[k].v = mem_sorted(h);
		m->src[k].n = h->n;
		k++;
	}
	m->nsrc = k;
	for (k = 0; k < m->nsrc; k++) {
		int rc = src_next(&m->src[k]);

		if (rc < 0)
			m->failed = true;
		else if (rc > 0)
			m->heap[m->nheap++] = k;
	}
	for (k = m->nheap; k-- > 0;)
		heap_down(m, k);
	m->last = -1;
	return m;
}

int
hitmerge_next(struct hitmerge *m, struct hitrow *r, char *err, size_t errsz)
{
	if (!m->failed && m->last >= 0) {
		int rc = src_next(&m->src[m->heap[0]]);

		if (rc < 0)
			m->failed = true;
		else if (rc == 0)
			m->heap[0] = m->heap[--m->nheap];
		if (m->nheap > 0)
			heap_down(m, 0);
		m->last = -1;
	}
	if (m->failed) {
		snprintf(err, errsz, "cannot sort the hits: temporary file "
		    "cannot be read");
		return -1;
	}
	if (m->nheap == 0)
		return 0;
	rec_row(m->src[m->heap[0]].cur, r);
	m->last = (long)m->heap[0];
	return 1;
}

void
hitmerge_free(struct hitmerge *m)
{
	if (m == NULL)
		return;
	for (size_t k = 0; k < m->nsrc; k++) {
		free(m->src[k].v);
		buf_free(&m->src[k].rb);
	}
	for (size_t i = 0; i < m->nhs; i++)
		hitsort_free(m->hs[i]);
	free(m->hs);
	free(m->src);
	free(m->heap);
	free(m);
}
