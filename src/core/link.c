/* link.c - mentions of other terms in a body become related links. */
#include "config.h"

#include <ctype.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <sqlite3.h>

#include "import.h"
#include "link.h"
#include "text.h"
#include "util.h"

/* Names for mention links: a small open-addressing set. */

struct nameset {
	char	**fold;
	char	**name;
	uint64_t *hash;		/* of each fold: most probes end on it */
	/* Eight bits per slot, one set by each fold's hash: most phrases
	 * of a body are no name, and this answers them from a few hundred
	 * KB instead of with cache misses in the table (60% of the mention
	 * finder's time at 100K names). */
	uint64_t *bits;
	size_t	  cap, n;
	size_t	  maxlen;	/* of the longest fold: longer phrases miss */
};

#define HASH_START	1469598103934665603ULL	/* FNV-1a */

/* h, the hash of some bytes, continued by s[0..n): the hash of both. */
static uint64_t
hash_more(uint64_t h, const char *s, size_t n)
{
	while (n-- > 0)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static uint64_t
hash_mem(const char *s, size_t n)
{
	return hash_more(HASH_START, s, n);
}

static void nameset_add(struct nameset *ns, const char *fold, const char *name);

/* The bit of ns->bits for hash h: bits the table index does not use. */
static size_t
nameset_bit(const struct nameset *ns, uint64_t h)
{
	return (size_t)(h >> 29) & (ns->cap * 8 - 1);
}

static void
nameset_grow(struct nameset *ns)
{
	struct nameset big = { 0 };
	size_t i;

	big.cap = ns->cap ? ns->cap * 2 : 1024;
	big.fold = xcalloc(big.cap, sizeof *big.fold);
	big.name = xcalloc(big.cap, sizeof *big.name);
	big.hash = xcalloc(big.cap, sizeof *big.hash);
	big.bits = xcalloc(big.cap / 8, sizeof *big.bits);
	for (i = 0; i < ns->cap; i++)
		if (ns->fold[i] != NULL) {
			nameset_add(&big, ns->fold[i], ns->name[i]);
			free(ns->fold[i]);
			free(ns->name[i]);
		}
	free(ns->fold);
	free(ns->name);
	free(ns->hash);
	free(ns->bits);
	*ns = big;
}

static void
nameset_add(struct nameset *ns, const char *fold, const char *name)
{
	size_t i, len = strlen(fold);
	uint64_t h = hash_mem(fold, len);

	if ((ns->n + 1) * 2 > ns->cap)
		nameset_grow(ns);
	if (len > ns->maxlen)
		ns->maxlen = len;
	for (i = h & (ns->cap - 1); ns->fold[i] != NULL;
	    i = (i + 1) & (ns->cap - 1))
		if (ns->hash[i] == h && strcmp(ns->fold[i], fold) == 0)
			return;
	ns->hash[i] = h;
	ns->bits[nameset_bit(ns, h) / 64] |= 1ULL << (nameset_bit(ns, h) % 64);
	ns->fold[i] = xstrdup(fold);
	ns->name[i] = xstrdup(name);
	ns->n++;
}

/* The name whose fold is the n bytes at fold, whose hash is h, or
 * NULL. */
static const char *
nameset_get(const struct nameset *ns, const char *fold, size_t n,
    uint64_t h)
{
	size_t i;

	if (ns->cap == 0 || n > ns->maxlen)
		return NULL;
	if ((ns->bits[nameset_bit(ns, h) / 64] &
	    (1ULL << (nameset_bit(ns, h) % 64))) == 0)
		return NULL;
	for (i = h & (ns->cap - 1); ns->fold[i] != NULL;
	    i = (i + 1) & (ns->cap - 1))
		if (ns->hash[i] == h && strncmp(ns->fold[i], fold, n) == 0 &&
		    ns->fold[i][n] == '\0')
			return ns->name[i];
	return NULL;
}

static void
nameset_free(struct nameset *ns)
{
	size_t i;

	for (i = 0; i < ns->cap; i++) {
		free(ns->fold[i]);
		free(ns->name[i]);
	}
	free(ns->fold);
	free(ns->name);
	free(ns->hash);
	free(ns->bits);
	memset(ns, 0, sizeof *ns);
}

/* Names of at least four folded characters only: "ai" or "moe" in a body
 * says too little to be a link. */
struct link_names {
	struct nameset	set;
	struct buf	fold;	/* the body being read, folded */
};

struct link_names *
link_names_new(void)
{
	return xcalloc(1, sizeof(struct link_names));
}

void
link_names_free(struct link_names *ln)
{
	if (ln == NULL)
		return;
	nameset_free(&ln->set);
	buf_free(&ln->fold);
	free(ln);
}

void
link_names_add(struct link_names *ln, const char *name, const char *headword)
{
	struct nameset *ns = &ln->set;
	char *f = text_fold(name);

	if (strlen(f) >= 4)
		nameset_add(ns, f, headword);
	free(f);
}

void
link_names_load(struct link_names *ln, sqlite3 *db, const char *schema)
{
	char *sql = sqlite3_mprintf("SELECT headword, headword FROM %s.term "
	    "UNION ALL SELECT a.name, t.headword FROM %s.alias a JOIN %s.term t "
	    "ON t.id = a.term_id", schema, schema, schema);
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK)
		while (sqlite3_step(st) == SQLITE_ROW)
			link_names_add(ln, (const char *)sqlite3_column_text(st, 0),
			    (const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	sqlite3_free(sql);
}

#define MENTION_MAX_WORDS	5
#define MENTION_MAX_LINKS	8

/* Append s[0..n) to b folded as text_fold() does. text_fold works byte by
 * byte, so the fold of a stretch of text is a stretch of the folded text. */
static void
fold_add(struct buf *b, const char *s, size_t n)
{
	size_t i;

	buf_grow(b, n);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'A' && c <= 'Z')
			b->s[b->len++] = (char)(c - 'A' + 'a');
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '+' || c == '#' || c >= 0x80)
			b->s[b->len++] = (char)c;
	}
	b->s[b->len] = '\0';
}

/* Related links for formats without a field for them: the headwords and
 * aliases of other terms that the body mentions, in order, at most 8.
 * The body is folded once into fb as it is read; a phrase of the last
 * words is then a range of fb (a fold and three allocations per phrase
 * took 80% of a format-A import). */
static void
mentions_of(const struct nameset *ns, struct buf *fb, struct entry *e)
{
	const char *s = e->body, *from;
	size_t fs[MENTION_MAX_WORDS + 1], fe[MENTION_MAX_WORDS + 1], nw = 0;
	/* hs[j]: the hash of the phrase from word j to the last, kept as
	 * words come: each byte is hashed once a phrase, not once for
	 * every phrase a word ends (5 phrases end at each word) */
	uint64_t hs[MENTION_MAX_WORDS + 1];
	char *self = text_fold(e->headword);
	size_t selflen = strlen(self);

	buf_reset(fb);
	while (e->nrelated < MENTION_MAX_LINKS) {
		size_t k, j;

		from = s;
		while (*s != '\0' && !isalnum((unsigned char)*s) &&
		    (unsigned char)*s < 0x80)
			s++;
		fold_add(fb, from, (size_t)(s - from));
		if (*s == '\0')
			break;
		if (nw == MENTION_MAX_WORDS) {
			memmove(fs, fs + 1, (nw - 1) * sizeof *fs);
			memmove(fe, fe + 1, (nw - 1) * sizeof *fe);
			memmove(hs, hs + 1, (nw - 1) * sizeof *hs);
			nw--;
		}
		/* The gap before this word is in the phrases that go on. */
		for (j = 0; j < nw; j++)
			hs[j] = hash_more(hs[j], fb->s + fe[nw - 1], fb->len -
			    fe[nw - 1]);
		fs[nw] = fb->len;
		hs[nw] = HASH_START;
		from = s;
		while (*s != '\0' && (isalnum((unsigned char)*s) || *s == '-' ||
		    *s == '+' || (unsigned char)*s >= 0x80))
			s++;
		fold_add(fb, from, (size_t)(s - from));
		fe[nw] = fb->len;
		nw++;
		for (j = 0; j < nw; j++)
			hs[j] = hash_more(hs[j], fb->s + fs[nw - 1],
			    fe[nw - 1] - fs[nw - 1]);
		/* Longest phrase ending at this word wins. */
		for (k = nw; k >= 1; k--) {
			const char *f = fb->s + fs[nw - k], *hit;
			size_t flen = fe[nw - 1] - fs[nw - k];

			if (flen == selflen && memcmp(f, self, flen) == 0)
				continue;
			if ((hit = nameset_get(ns, f, flen, hs[nw - k])) ==
			    NULL)
				continue;
			for (j = 0; j < e->nrelated; j++)
				if (strcmp(e->related[j], hit) == 0)
					break;
			if (j == e->nrelated && strcasecmp(hit, e->headword) != 0)
				import_names_add(&e->related, &e->nrelated, hit,
				    strlen(hit));
			break;
		}
	}
	free(self);
}

/* Entries a second thread takes a half of: fewer are done in less time
 * than a thread takes to start. */
#define MENTION_SPLIT	2048

struct mention_half {
	const struct nameset	*ns;
	struct entry		*v;
	size_t			 n;
	struct buf		 fold;
};

static void *
mention_half(void *arg)
{
	struct mention_half *h = arg;

	for (size_t i = 0; i < h->n; i++)
		mentions_of(h->ns, &h->fold, &h->v[i]);
	buf_free(&h->fold);
	return NULL;
}

void
link_mentions(struct link_names *ln, struct entry *v, size_t n)
{
	struct mention_half h = { &ln->set, v + n / 2, n - n / 2, { 0 } };
	pthread_t tid;
	bool two = n >= MENTION_SPLIT && sysconf(_SC_NPROCESSORS_ONLN) > 1 &&
	    pthread_create(&tid, NULL, mention_half, &h) == 0;

	for (size_t i = 0; i < (two ? n / 2 : n); i++)
		mentions_of(&ln->set, &ln->fold, &v[i]);
	if (two)
		pthread_join(tid, NULL);
}
