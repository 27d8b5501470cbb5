/* lookup.c - the one ranked lookup of a name (see lookup.h for the order). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "corpus.h"
#include "gram.h"
#include "lookup.h"
#include "text.h"
#include "util.h"

/* Rows one kind may read from its index range. A short prefix at a million
 * terms matches tens of thousands; the next keystroke narrows it, so the
 * browser reads a screenful's worth and define reads more. */
#define CAP_INCREMENTAL	60
#define CAP_FULL	5000
/* Up to this many terms the ABBREV and TYPO scans read every name; above
 * it only names that share the query's first byte, and in the browser
 * only SCAN_SLICE of those. */
#define SCAN_ALL_MAX	30000
#define SCAN_SLICE	4000
#define FEW		5	/* browser: typos, bodies when fewer names */
/* The browser's scans (typos, bodies) stop after this long: what they
 * found by then is shown, and the next keystroke starts afresh. */
#define SLOW_BUDGET_MS	4
#define WORD_TAILS	8	/* tails per name: "a b c d ..." is quadratic */
#define WORD_TAIL_MAX	64	/* bytes of a stored tail */

#define WORDS_MAX	32	/* words of a name looked at */

/* A name cut into folded words: word i is s[start[i]..start[i+1]). */
struct words {
	struct buf	 b;
	size_t		 n;
	size_t		 start[WORDS_MAX + 1];
};

static void	words_split(const char *name, struct words *w);
static size_t	word_len(const struct words *w, size_t i);
static bool	words_prefix(const struct words *name, const struct words *q,
		    size_t *at);

enum {
	Q_EXACT, Q_PREFIX, Q_ALIAS_PREFIX, Q_WORD, Q_INITIALS, Q_SCAN_ALL,
	Q_SCAN_RANGE, Q_TERM, Q_ALIASES, Q_COMPLETE, Q_BODY_U, Q_BODY_B,
	Q_COUNT
};

/* Every query that finds candidates gives (key, what matched, headword,
 * sortkey, folded length of the headword): what matched is NULL for the
 * headword, an alias's name, or the word table's kind. */
#define HW	"t.headword, t.sortkey, length(t.fold)"
#define JOIN_T(x) " JOIN t ON t.id = " x ".id AND t.key = " x ".key"

/* The exact names are statements per database (corpus_sql_for: "@." its
 * schema, "@db" its bit of the key), without the union views, in two
 * parts: the headwords (EXACT_HEAD), then the aliases and the word
 * table's whole names (left out before schema 5). A headword folded like
 * the query ranks before anything the second part finds (an alias; a
 * whole name, whose headword's fold is longer), so a define of a
 * headword typed exactly prepares and runs the first only (see
 * LOOKUP_DEFINE). */
#define HW_DB	"t.headword, t.sortkey, length(t.fold)"
#define EXACT_HEAD \
	"SELECT (id << 1) | @db, NULL, headword, sortkey, length(fold)" \
	" FROM @.term WHERE fold = ?1"
#define EXACT_ALIASES \
	"SELECT (t.id << 1) | @db, a.name, " HW_DB " FROM" \
	" @.alias a JOIN @.term t ON t.id = a.term_id WHERE a.fold = ?1"
#define EXACT_WORDS \
	" UNION ALL SELECT (t.id << 1) | @db, w.kind, " HW_DB " FROM" \
	" @.word w JOIN @.term t ON t.id = w.term_id" \
	" WHERE w.fold = ?1 AND w.kind >= 4"

static const char *const lookup_sql[Q_COUNT] = {
	[Q_EXACT] = EXACT_HEAD,
	[Q_PREFIX] = "SELECT key, NULL, " HW " FROM t WHERE fold > ?1 AND"
	    " fold < ?2 LIMIT ?3",
	[Q_ALIAS_PREFIX] = "SELECT a.key, a.name, " HW " FROM a" JOIN_T("a")
	    " WHERE a.fold > ?1 AND a.fold < ?2 LIMIT ?3",
	[Q_WORD] = "SELECT w.key, w.kind, " HW " FROM w" JOIN_T("w")
	    " WHERE w.fold >= ?1 AND w.fold < ?2 AND w.kind IN (0, 1, 4, 5)"
	    " LIMIT ?3",
	[Q_INITIALS] = "SELECT w.key, w.kind, " HW " FROM w" JOIN_T("w")
	    " WHERE w.fold = ?1 AND w.kind IN (2, 3)",
	/* The scans give (fold, key, alias name or NULL, 1 for a later word
	 * of a headword: "normalisation", Layer normalization), each from its
	 * own index alone: the term a name belongs to is read (Q_TERM) only
	 * when the name is close enough. Joining every name to its term cost
	 * a read of a term page per name, 80M instructions for the 11,500
	 * names under one letter at 100K terms. */
	[Q_SCAN_ALL] = "SELECT fold, key, NULL, 0 FROM t"
	    " UNION ALL SELECT fold, key, name, 0 FROM a"
	    " UNION ALL SELECT fold, key, NULL, 1 FROM w WHERE kind = 0",
	[Q_SCAN_RANGE] = "SELECT * FROM (SELECT fold, key, NULL, 0 FROM t"
	    " WHERE fold >= ?1 AND fold < ?2 LIMIT ?3)"
	    " UNION ALL SELECT * FROM (SELECT fold, key, name, 0 FROM a"
	    " WHERE fold >= ?1 AND fold < ?2 LIMIT ?3)"
	    " UNION ALL SELECT * FROM (SELECT fold, key, NULL, 1 FROM w"
	    " WHERE fold >= ?1 AND fold < ?2 AND kind = 0 LIMIT ?3)",
	[Q_TERM] = "SELECT key, NULL, " HW " FROM t WHERE id = ?1 >> 1 AND"
	    " key = ?1",
	[Q_ALIASES] = "SELECT name FROM a WHERE id = ?1 >> 1 AND key = ?1"
	    " ORDER BY pos",
	[Q_COMPLETE] = "SELECT headword, fold FROM t WHERE fold >= ?1 AND"
	    " fold < ?2 ORDER BY fold",
	/* The terms of a range of ids, with their text: the body tier
	 * reads the blocks the trigram index gives (gram.h). */
	[Q_BODY_U] = "SELECT (t.id << 1) | 0, NULL, t.headword, t.sortkey,"
	    " length(t.fold), (SELECT group_concat(name, char(10)) FROM"
	    " u.alias WHERE term_id = t.id), t.body FROM u.term t"
	    " WHERE t.id >= ?1 AND t.id < ?2 ORDER BY t.id",
	[Q_BODY_B] = "SELECT (t.id << 1) | 1, NULL, t.headword, t.sortkey,"
	    " length(t.fold), (SELECT group_concat(name, char(10)) FROM"
	    " b.alias WHERE term_id = t.id), t.body FROM b.term t"
	    " WHERE t.id >= ?1 AND t.id < ?2 ORDER BY t.id",
};

/* Statements are prepared when first used: a define that finds its name
 * exactly needs only Q_EXACT. */
struct lookup {
	struct corpus	*c;
	sqlite3		*db;
	sqlite3_stmt	*st[Q_COUNT];	/* NULL: that database is absent */
	bool		 tried[Q_COUNT];	/* st[i] was prepared (or failed) */
	sqlite3_stmt	*exact[2][2];	/* [db][0] headwords, [db][1] the
					 * other exact names (when first used) */
	bool		 exact_tried[2];
	size_t		 nterms;	/* SIZE_MAX until the scan asks */
	struct timespec	 deadline;	/* of a slow part; tv_sec 0: none */
};

static void
deadline_set(struct lookup *l, bool on)
{
	memset(&l->deadline, 0, sizeof l->deadline);
	if (!on)
		return;
	clock_gettime(CLOCK_MONOTONIC, &l->deadline);
	l->deadline.tv_nsec += SLOW_BUDGET_MS * 1000000L;
	if (l->deadline.tv_nsec >= 1000000000L) {
		l->deadline.tv_sec++;
		l->deadline.tv_nsec -= 1000000000L;
	}
}

static bool
deadline_passed(const struct lookup *l)
{
	struct timespec now;

	if (l->deadline.tv_sec == 0)
		return false;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > l->deadline.tv_sec || (now.tv_sec ==
	    l->deadline.tv_sec && now.tv_nsec >= l->deadline.tv_nsec);
}

/* One candidate while a query is ranked. */
struct cand {
	int64_t		 key;
	enum lookup_kind kind;
	int		 alias;		/* 0 the headword matched, 1 an alias */
	unsigned	 dist;
	char		*matched;	/* alias as written, when known */
	char		*headword;
	char		*sortkey;
	size_t		 len;		/* folded length of the headword */
};

struct cands {
	struct cand	*v;
	size_t		 n, cap;
};

static int
prepare(struct lookup *l, sqlite3 *db, const char *sql, sqlite3_stmt **st)
{
	return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
	    NULL);
}

/* The exact aliases and whole names of database db, prepared when first
 * used; NULL when db is absent. */
static sqlite3_stmt *
exact_names(struct lookup *l, int db)
{
	if (!l->exact_tried[db] && l->exact[db][0] != NULL) {
		char *sql = corpus_sql_for(db, corpus_version(l->c, db) >= 5 ?
		    EXACT_ALIASES EXACT_WORDS : EXACT_ALIASES);

		l->exact_tried[db] = true;
		if (prepare(l, l->db, sql, &l->exact[db][1]) != SQLITE_OK) {
			sqlite3_finalize(l->exact[db][1]);
			l->exact[db][1] = NULL;
		}
		free(sql);
	}
	return l->exact[db][1];
}

/* Statement q, prepared now if it was not yet; NULL when its database is
 * absent or it cannot be prepared (lookup_open proved the schema). The
 * queries over the union views make them (corpus_db). */
static sqlite3_stmt *
stmt(struct lookup *l, int q)
{
	if (!l->tried[q]) {
		l->tried[q] = true;
		if ((q == Q_BODY_U && !corpus_has(l->c, 0)) ||
		    (q == Q_BODY_B && !corpus_has(l->c, 1)))
			return NULL;
		l->db = corpus_db(l->c);
		if (prepare(l, l->db, lookup_sql[q], &l->st[q]) != SQLITE_OK) {
			sqlite3_finalize(l->st[q]);
			l->st[q] = NULL;
		}
	}
	return l->st[q];
}

enum lookup_status
lookup_open(struct lookup **lp, struct corpus *c, char *err, size_t errsz)
{
	struct lookup *l = xcalloc(1, sizeof *l);

	l->c = c;
	l->db = corpus_db_plain(c);
	l->nterms = SIZE_MAX;
	for (int db = 0; db < 2; db++) {
		char *sql;
		int rc;

		if (!corpus_has(c, db))
			continue;
		sql = corpus_sql_for(db, EXACT_HEAD);
		rc = prepare(l, l->db, sql, &l->exact[db][0]);
		free(sql);
		if (rc != SQLITE_OK) {
			if (err != NULL && errsz > 0)
				snprintf(err, errsz, "lookup: %s",
				    sqlite3_errmsg(l->db));
			lookup_close(l);
			*lp = NULL;
			return LOOKUP_ERROR;
		}
	}
	*lp = l;
	return LOOKUP_OK;
}

void
lookup_close(struct lookup *l)
{
	if (l == NULL)
		return;
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(l->st[i]);
	for (int db = 0; db < 2; db++) {
		sqlite3_finalize(l->exact[db][0]);
		sqlite3_finalize(l->exact[db][1]);
	}
	free(l);
}

static void
reset(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

/* Add a candidate; st's columns from `col` on are its headword, sortkey
 * and folded headword length, and its key is column 0. */
static void
add(struct cands *cs, sqlite3_stmt *st, int col, enum lookup_kind kind,
    int alias, unsigned dist, const unsigned char *matched)
{
	const unsigned char *h = sqlite3_column_text(st, col);
	const unsigned char *k = sqlite3_column_text(st, col + 1);
	struct cand *c;

	if (h == NULL)
		return;
	cs->v = xgrow(cs->v, cs->n, &cs->cap, 64, sizeof *cs->v);
	c = &cs->v[cs->n++];
	memset(c, 0, sizeof *c);
	c->key = sqlite3_column_int64(st, 0);
	c->kind = kind;
	c->alias = alias;
	c->dist = dist;
	c->matched = matched != NULL ? xstrdup((const char *)matched) : NULL;
	c->headword = xstrdup((const char *)h);
	c->sortkey = xstrdup(k != NULL ? (const char *)k : "");
	c->len = (size_t)sqlite3_column_int64(st, col + 2);
}

static void
cands_free(struct cands *cs)
{
	for (size_t i = 0; i < cs->n; i++) {
		free(cs->v[i].matched);
		free(cs->v[i].headword);
		free(cs->v[i].sortkey);
	}
	free(cs->v);
	memset(cs, 0, sizeof *cs);
}

/* Run st (bound by the caller) and add each row: column 0 the key, column
 * 1 either an alias name (text), NULL (the headword) or a word kind. */
static void
collect(struct cands *cs, sqlite3_stmt *st, enum lookup_kind kind)
{
	if (st == NULL)
		return;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int t = sqlite3_column_type(st, 1);

		if (t == SQLITE_INTEGER) {	/* the word table's kind */
			int k = sqlite3_column_int(st, 1);

			/* A headword's whole words: "actor critic" starts
			 * Actor–critic as much as "actor" does. */
			add(cs, st, 2, kind == LOOKUP_WORD && k == 4 ?
			    LOOKUP_PREFIX : kind, k & 1, 0, NULL);
		} else
			add(cs, st, 2, kind, t == SQLITE_TEXT, 0,
			    sqlite3_column_text(st, 1));
	}
	reset(st);
}

static void
range(struct lookup *l, struct cands *cs, int q, enum lookup_kind kind,
    const char *fold, const char *end, size_t cap)
{
	sqlite3_stmt *st = stmt(l, q);

	if (st == NULL)
		return;
	sqlite3_bind_text(st, 1, fold, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, end, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)cap);
	collect(cs, st, kind);
}

/* Edits a typo may have: none up to 3 bytes ("bn" is an abbreviation, not
 * a typo of "bo"), then about one in four. */
static size_t
typo_cap(size_t len)
{
	return len < 4 ? 0 : len < 6 ? 1 : len < 9 ? 2 : 3;
}

/* q's bytes appear in f in order, the first at the start: "attn" in
 * "attention". Returns the number of gaps between the runs of q found
 * together (1 for "attn"), or -1. */
static int
abbrev_gaps(const char *q, const char *f)
{
	int gaps = 0;
	bool run = true;

	if (*q != *f)
		return -1;
	for (; *f != '\0' && *q != '\0'; f++) {
		if (*f == *q) {
			q++;
			gaps += !run;
			run = true;
		} else
			run = false;
	}
	return *q == '\0' ? gaps : -1;
}

/* Add the term of key, read by Q_TERM (the scans give only names). */
static void
add_term(struct lookup *l, struct cands *cs, int64_t key,
    enum lookup_kind kind, int alias, unsigned dist,
    const unsigned char *matched)
{
	sqlite3_stmt *st = stmt(l, Q_TERM);

	if (st == NULL)
		return;
	sqlite3_bind_int64(st, 1, key);
	if (sqlite3_step(st) == SQLITE_ROW)
		add(cs, st, 2, kind, alias, dist, matched);
	reset(st);
}

/* ABBREV and TYPO: distance from every name in reach. */
static void
scan(struct lookup *l, struct cands *cs, const char *fold, bool incremental)
{
	size_t len = strlen(fold), cap = typo_cap(len), counts[27];
	bool all;
	sqlite3_stmt *st;
	char first[2] = { fold[0], '\0' }, *end = NULL;

	if (len < 3)
		return;
	if (l->nterms == SIZE_MAX)
		l->nterms = corpus_letter_counts(l->c, NULL, counts);
	all = l->nterms <= SCAN_ALL_MAX;
	if ((st = stmt(l, all ? Q_SCAN_ALL : Q_SCAN_RANGE)) == NULL)
		return;
	if (!all) {
		end = text_prefix_end(first);
		sqlite3_bind_text(st, 1, first, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, end, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, incremental ? SCAN_SLICE : -1);
	}
	for (size_t rows = 0; sqlite3_step(st) == SQLITE_ROW; rows++) {
		const char *f = (const char *)sqlite3_column_text(st, 0);
		int64_t key = sqlite3_column_int64(st, 1);
		const unsigned char *name = sqlite3_column_text(st, 2);
		size_t flen = (size_t)sqlite3_column_bytes(st, 0), d;

		if (rows % 128 == 127 && deadline_passed(l))
			break;

		if (f == NULL)
			continue;
		int gaps;

		if (cap > 0 && (d = text_distance(fold, f, cap)) <= cap) {
			/* A typo of a later word is one edit further
			 * than one of the whole name. */
			d += (size_t)sqlite3_column_int(st, 3);
			if (d > 0 && d <= cap)
				add_term(l, cs, key, LOOKUP_TYPO, name != NULL,
				    (unsigned)d, name);
			continue;
		}
		/* Few gaps: "attn" is Attention, not A/B testing. */
		if (flen > len && flen <= 4 * len &&
		    (gaps = abbrev_gaps(fold, f)) >= 0 &&
		    (size_t)gaps <= (len - 1) / 3)
			add_term(l, cs, key, LOOKUP_ABBREV, name != NULL,
			    (unsigned)gaps, name);
	}
	reset(st);
	free(end);
}

/* The query's words for the body tier, ASCII folded: split at white
 * space, and, as FTS5's trigram tokenizer did, words of fewer than three
 * characters left out (alone they found nothing). */
static size_t
body_words(const char *query, char ***words)
{
	const unsigned char *p = (const unsigned char *)query, *q;
	size_t n = 0, cap = 0;

	*words = NULL;
	while (*p != '\0') {
		size_t chars = 0;

		while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
			p++;
		for (q = p; *q != '\0' && *q != ' ' && !(*q >= '\t' &&
		    *q <= '\r'); q++)
			chars += (*q & 0xC0) != 0x80;
		if (chars >= 3) {
			char *w = xstrndup((const char *)p, (size_t)(q - p));

			for (char *c = w; *c != '\0'; c++)
				if (*c >= 'A' && *c <= 'Z')
					*c += 'a' - 'A';
			*words = xgrow(*words, n, &cap, 4, sizeof **words);
			(*words)[n++] = w;
		}
		p = q;
	}
	return n;
}

/* Whether every word is in the text of st's row (headword, aliases,
 * body: columns 2, 5 and 6), without regard to ASCII case. */
static bool
body_has(sqlite3_stmt *st, char *const *words, size_t n, struct buf *low)
{
	static const int cols[] = { 2, 5, 6 };

	buf_reset(low);
	for (size_t i = 0; i < nitems(cols); i++) {
		const char *s = (const char *)sqlite3_column_text(st, cols[i]);

		if (s == NULL)
			continue;
		buf_addc(low, '\n');
		buf_add(low, s, (size_t)sqlite3_column_bytes(st, cols[i]));
	}
	for (size_t i = 0; i < low->len; i++)
		if (low->s[i] >= 'A' && low->s[i] <= 'Z')
			low->s[i] += 'a' - 'A';
	for (size_t i = 0; i < n; i++)
		if (low->len == 0 || memmem(low->s, low->len, words[i],
		    strlen(words[i])) == NULL)
			return false;
	return true;
}

/* The blocks of schema that may hold every word (NULL: all), from the
 * trigram index; *nblocks its size. */
static unsigned char *
body_blocks(sqlite3 *db, const char *schema, char *const *words, size_t n,
    int64_t *nblocks)
{
	unsigned char *all = NULL, *bits;
	int64_t nb;

	*nblocks = 0;
	for (size_t i = 0; i < n; i++) {
		if (gram_blocks(db, schema, &words[i], 1, &bits, &nb) != 1) {
			free(all);
			return NULL;	/* no index (an older file): scan */
		}
		if (all == NULL) {
			all = bits;
			*nblocks = nb;
			continue;
		}
		for (int64_t k = 0; k < (*nblocks + 7) / 8; k++)
			all[k] &= k < (nb + 7) / 8 ? bits[k] : 0;
		free(bits);
	}
	return all;
}

/* LOOKUP_BODY: up to cap terms of each database whose headword, aliases
 * or body hold every word of the query, in the blocks the trigram index
 * leaves; within the deadline. */
static void
body(struct lookup *l, struct cands *cs, const char *query, size_t cap)
{
	char **words;
	size_t nw = body_words(query, &words);
	struct buf low = { 0 };
	bool late = false;

	for (int q = Q_BODY_U; q <= Q_BODY_B && nw > 0 && !late; q++) {
		sqlite3_stmt *st = stmt(l, q);
		unsigned char *bits;
		int64_t nblocks, b = 0, from, to;
		size_t found = 0, rows = 0;

		if (st == NULL)
			continue;
		bits = body_blocks(l->db, q == Q_BODY_U ? "u" : "b", words, nw,
		    &nblocks);
		while (found < cap && !late) {
			if (bits == NULL) {	/* every term, once */
				if (b++ > 0)
					break;
				from = 0, to = INT64_MAX;
			} else {
				/* The next run of listed blocks. */
				while (b < nblocks && !(bits[b >> 3] &
				    (1u << (b & 7))))
					b++;
				if (b >= nblocks)
					break;
				from = b << GRAM_SHIFT;
				while (b < nblocks && (bits[b >> 3] &
				    (1u << (b & 7))))
					b++;
				to = b << GRAM_SHIFT;
			}
			sqlite3_bind_int64(st, 1, from);
			sqlite3_bind_int64(st, 2, to);
			while (found < cap && sqlite3_step(st) == SQLITE_ROW) {
				if (++rows % 64 == 0 && deadline_passed(l)) {
					late = true;
					break;
				}
				if (body_has(st, words, nw, &low)) {
					add(cs, st, 2, LOOKUP_BODY, 0, 0, NULL);
					found++;
				}
			}
			reset(st);
		}
		free(bits);
	}
	strv_free(words, nw);
	buf_free(&low);
}

static int
cmp_rank(const struct cand *x, const struct cand *y)
{
	int r;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->alias != y->alias)
		return x->alias < y->alias ? -1 : 1;
	if (x->dist != y->dist)
		return x->dist < y->dist ? -1 : 1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	if ((r = strcmp(x->sortkey, y->sortkey)) != 0)
		return r;
	/* The same name in both: the user's own (db 0) first. */
	if ((x->key & 1) != (y->key & 1))
		return (x->key & 1) < (y->key & 1) ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

static int
cmp_cand(const void *a, const void *b)
{
	return cmp_rank(a, b);
}

/* By key, best first: the first of each key is the one kept. */
static int
cmp_key(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->alias != y->alias)
		return x->alias < y->alias ? -1 : 1;
	return x->dist < y->dist ? -1 : x->dist > y->dist;
}

struct which {
	const char	*fold;
	bool		 initials;
	bool		 hit;
};

static void
which_word(const char *f, enum lookup_row row, void *arg)
{
	struct which *w = arg;

	if (w->initials ? row == LOOKUP_ROW_INITIALS && strcmp(f, w->fold) == 0 :
	    row != LOOKUP_ROW_INITIALS && strncmp(f, w->fold,
	    strlen(w->fold)) == 0)
		w->hit = true;
}

/* The alias of key whose words matched (the word table keeps only which
 * kind of name it was). */
static char *
matched_alias(struct lookup *l, int64_t key, const char *fold, bool initials)
{
	sqlite3_stmt *st = stmt(l, Q_ALIASES);
	char *m = NULL;

	if (st == NULL)
		return NULL;
	sqlite3_bind_int64(st, 1, key);
	while (m == NULL && sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		struct which w = { fold, initials, false };
		char *f = text_fold(name);

		lookup_words(name, which_word, &w);
		if (w.hit || (!initials && strncmp(f, fold, strlen(fold)) == 0))
			m = xstrdup(name);
		free(f);
	}
	reset(st);
	return m;
}

/* A copy of candidate from, found another way. */
static void
add_copy(struct cands *cs, const struct cand *from, enum lookup_kind kind,
    int alias, const unsigned char *matched)
{
	struct cand *c;

	cs->v = xgrow(cs->v, cs->n, &cs->cap, 64, sizeof *cs->v);
	c = &cs->v[cs->n++];
	*c = *from;
	c->kind = kind;
	c->alias = alias;
	c->dist = 0;
	c->matched = matched != NULL ? xstrdup((const char *)matched) : NULL;
	c->headword = xstrdup(from->headword);
	c->sortkey = xstrdup(from->sortkey);
}

/* The query's words start words of the candidate's headword or one of its
 * aliases ("grad desc": Gradient descent). */
static void
words_check(struct lookup *l, struct cands *cs, const struct cand *c,
    const struct words *q)
{
	sqlite3_stmt *st = stmt(l, Q_ALIASES);
	struct words w;
	size_t at;
	bool hit = false;

	words_split(c->headword, &w);
	if (words_prefix(&w, q, &at)) {
		add_copy(cs, c, at == 0 ? LOOKUP_PREFIX : LOOKUP_WORD, 0, NULL);
		hit = true;
	}
	buf_free(&w.b);
	if (st == NULL)
		return;
	sqlite3_bind_int64(st, 1, c->key);
	while (!hit && sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *name = sqlite3_column_text(st, 0);

		words_split((const char *)name, &w);
		if (words_prefix(&w, q, &at)) {
			add_copy(cs, c, LOOKUP_WORD, 1, name);
			hit = true;
		}
		buf_free(&w.b);
	}
	reset(st);
}

/* A query of several words: the names one of whose words starts like its
 * longest word (the fewest rows), checked word by word. */
static void
multiword(struct lookup *l, struct cands *cs, const struct words *q,
    size_t cap)
{
	struct cands pre = { 0 };
	size_t i, longest = 0;
	char *first, *end;

	for (i = 1; i < q->n; i++)
		if (word_len(q, i) > word_len(q, longest))
			longest = i;
	first = xstrndup(q->b.s + q->start[longest], word_len(q, longest));
	end = text_prefix_end(first);

	range(l, &pre, Q_PREFIX, LOOKUP_PREFIX, first, end, cap);
	range(l, &pre, Q_ALIAS_PREFIX, LOOKUP_WORD, first, end, cap);
	range(l, &pre, Q_WORD, LOOKUP_WORD, first, end, cap);
	xqsort(pre.v, pre.n, sizeof *pre.v, cmp_key);
	for (i = 0; i < pre.n; i++)
		if (i == 0 || pre.v[i].key != pre.v[i - 1].key)
			words_check(l, cs, &pre.v[i], q);
	cands_free(&pre);
	free(first);
	free(end);
}

/* One row per term, at its best kind, best first. */
static void
rank(struct cands *cs)
{
	size_t i, j;

	xqsort(cs->v, cs->n, sizeof *cs->v, cmp_key);
	for (i = j = 0; i < cs->n; i++) {
		if (j > 0 && cs->v[j - 1].key == cs->v[i].key) {
			free(cs->v[i].matched);
			free(cs->v[i].headword);
			free(cs->v[i].sortkey);
			continue;
		}
		cs->v[j++] = cs->v[i];
	}
	cs->n = j;
	xqsort(cs->v, cs->n, sizeof *cs->v, cmp_cand);
}

/* The alias that matched, for the first limit candidates that lack it. */
static void
name_aliases(struct lookup *l, struct cands *cs, const char *fold,
    size_t limit)
{
	for (size_t i = 0; i < cs->n && i < limit; i++) {
		struct cand *c = &cs->v[i];

		if (c->alias && c->matched == NULL)
			c->matched = matched_alias(l, c->key, fold,
			    c->kind == LOOKUP_INITIALS);
	}
}

/* LOOKUP_DEFINE: do the candidates found so far name the term lookup_best
 * would show, whatever the later kinds add? They do when it picks one
 * (those kinds rank below every name, and a term keeps its best kind),
 * so the rest is not read: neither the names' ranges after an exact
 * match nor the typos and abbreviations (a scan of every name) after a
 * single prefix. When it picks none, the later kinds are the message's
 * "did you mean". */
static bool
decided(struct lookup *l, struct cands *cs, const char *fold, size_t limit)
{
	struct lookup_hit *h;
	size_t i, n;
	long best;

	if (cs->n == 0)
		return false;
	rank(cs);
	name_aliases(l, cs, fold, limit);
	n = cs->n < limit ? cs->n : limit;
	h = xcalloc(n, sizeof *h);
	for (i = 0; i < n; i++) {
		h[i].key = cs->v[i].key;
		h[i].headword = cs->v[i].headword;
		h[i].matched = cs->v[i].alias ? cs->v[i].matched : NULL;
		h[i].kind = cs->v[i].kind;
		h[i].dist = cs->v[i].dist;
	}
	best = lookup_best(h, n);
	free(h);
	return best >= 0;
}

/* The names equal to fold: headwords, and unless define has one (part
 * 0 decided), aliases and whole names. */
static void
find_exact(struct lookup *l, struct cands *cs, const char *fold, int part)
{
	for (int db = 0; db < 2; db++) {
		sqlite3_stmt *st = part == 0 ? l->exact[db][0] :
		    exact_names(l, db);

		if (st == NULL)
			continue;
		sqlite3_bind_text(st, 1, fold, -1, SQLITE_STATIC);
		collect(cs, st, LOOKUP_EXACT);
	}
}

size_t
lookup_query(struct lookup *l, const char *query, unsigned flags,
    struct lookup_hit *out, size_t limit)
{
	bool inc = (flags & LOOKUP_INCREMENTAL) != 0;
	bool define = !inc && (flags & LOOKUP_DEFINE) != 0;
	size_t cap = inc ? CAP_INCREMENTAL : CAP_FULL, n = 0, i, better;
	bool exact;
	char *fold = text_fold(query), *end;
	struct cands cs = { 0 };
	struct words qw;

	if (fold[0] == '\0' || limit == 0) {
		free(fold);
		return 0;
	}
	if (cap < limit)
		cap = limit;
	end = NULL;
	find_exact(l, &cs, fold, 0);
	if (define && decided(l, &cs, fold, limit))
		goto out;
	find_exact(l, &cs, fold, 1);
	if (define && decided(l, &cs, fold, limit))
		goto out;
	words_split(query, &qw);
	end = text_prefix_end(fold);
	range(l, &cs, Q_PREFIX, LOOKUP_PREFIX, fold, end, cap);
	range(l, &cs, Q_ALIAS_PREFIX, LOOKUP_WORD, fold, end, cap);
	range(l, &cs, Q_WORD, LOOKUP_WORD, fold, end, cap);
	if (stmt(l, Q_INITIALS) != NULL) {
		sqlite3_bind_text(l->st[Q_INITIALS], 1, fold, -1,
		    SQLITE_STATIC);
		collect(&cs, l->st[Q_INITIALS], LOOKUP_INITIALS);
	}
	if (qw.n >= 2)
		multiword(l, &cs, &qw, cap);
	buf_free(&qw.b);
	if (define && decided(l, &cs, fold, limit))
		goto out;
	/* The slow kinds only when the names gave (almost) nothing: in the
	 * browser a few names, for define none for bodies. */
	deadline_set(l, inc);
	/* define: a name typed exactly is what it shows, whatever the
	 * typos and abbreviations around it. Reading every name for them
	 * cost 12 times the rest of a `lore define softmax` at 2,300
	 * terms, and grows with the corpus. (A name that only starts the
	 * query still wants them: "attn" is Attention's letters.) */
	for (i = 0, exact = false; !inc && i < cs.n; i++)
		exact |= cs.v[i].kind == LOOKUP_EXACT;
	if (!(flags & LOOKUP_NO_TYPO) && (inc ? cs.n < FEW : !exact))
		scan(l, &cs, fold, inc);
	better = cs.n;
	if (!(flags & LOOKUP_NO_BODY) && strlen(fold) >= 3 &&
	    better < (inc ? FEW : 1))
		body(l, &cs, query, inc ? limit : cap);
	deadline_set(l, false);
out:
	rank(&cs);
	name_aliases(l, &cs, fold, limit);
	for (i = 0; i < cs.n && n < limit; i++) {
		struct cand *c = &cs.v[i];
		struct lookup_hit *h = &out[n++];

		h->key = c->key;
		h->headword = c->headword;
		h->matched = c->alias ? c->matched : NULL;
		if (!c->alias)
			free(c->matched);
		h->kind = c->kind;
		h->dist = c->dist;
		c->headword = c->matched = NULL;
	}
	cands_free(&cs);
	free(fold);
	free(end);
	return n;
}

void
lookup_hits_free(struct lookup_hit *h, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(h[i].headword);
		free(h[i].matched);
		h[i].headword = h[i].matched = NULL;
	}
}

long
lookup_best(const struct lookup_hit *h, size_t n)
{
	size_t i, count[LOOKUP_BODY + 1] = { 0 };
	long first[LOOKUP_BODY + 1];

	for (i = 0; i <= LOOKUP_BODY; i++)
		first[i] = -1;
	for (i = 0; i < n; i++) {
		if (first[h[i].kind] < 0)
			first[h[i].kind] = (long)i;
		count[h[i].kind]++;
	}
	if (count[LOOKUP_EXACT] > 0) {
		/* Hits are ranked: a headword comes before every alias. */
		if (h[first[LOOKUP_EXACT]].matched == NULL ||
		    count[LOOKUP_EXACT] == 1)
			return first[LOOKUP_EXACT];
		return -1;
	}
	if (count[LOOKUP_PREFIX] > 0)
		return count[LOOKUP_PREFIX] == 1 ? first[LOOKUP_PREFIX] : -1;
	if (count[LOOKUP_WORD] > 0)
		return -1;
	if (count[LOOKUP_INITIALS] > 0)
		return count[LOOKUP_INITIALS] == 1 ? first[LOOKUP_INITIALS] : -1;
	if (count[LOOKUP_TYPO] > 0) {
		long t = first[LOOKUP_TYPO];

		if ((size_t)t + 1 < n && h[t + 1].kind == LOOKUP_TYPO &&
		    h[t + 1].dist == h[t].dist)
			return -1;
		return t;
	}
	return -1;
}

size_t
lookup_complete(struct lookup *l, const char *prefix, size_t max,
    bool (*fn)(const char *headword, void *arg), void *arg)
{
	sqlite3_stmt *st = stmt(l, Q_COMPLETE);
	char *fold, *end, *last = NULL;
	size_t n = 0;

	if (st == NULL)
		return 0;
	fold = text_fold(prefix);
	end = text_prefix_end(fold);

	/* An empty prefix: end is "" too; every fold is below "\xff". */
	sqlite3_bind_text(st, 1, fold, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, fold[0] != '\0' ? end : "\xff", -1,
	    SQLITE_STATIC);
	while ((max == 0 || n < max) && sqlite3_step(st) == SQLITE_ROW) {
		const char *f = (const char *)sqlite3_column_text(st, 1);

		/* The same headword in the user's glossary and the bundled
		 * one completes once. */
		if (f == NULL || (last != NULL && strcmp(last, f) == 0))
			continue;
		free(last);
		last = xstrdup(f);
		n++;
		if (!fn((const char *)sqlite3_column_text(st, 0), arg))
			break;
	}
	reset(st);
	free(last);
	free(fold);
	free(end);
	return n;
}

/* ---- the words of a name ---- */

/* Little words the initials skip: "reinforcement learning from human
 * feedback" is RLHF. */
static const char *const little[] = {
	"a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or",
	"the", "to", "via", "with",
};

static bool
is_little(const char *w, size_t n)
{
	for (size_t i = 0; i < nitems(little); i++)
		if (strlen(little[i]) == n && memcmp(little[i], w, n) == 0)
			return true;
	return false;
}

/* Bytes of a separator at s, or 0: ASCII other than letters, digits, '+',
 * '#' and the apostrophe, and the Unicode spaces and dashes people put
 * between words (no-break space, middle dot, U+2010..U+2015, minus). */
static size_t
separator(const unsigned char *s)
{
	if (*s < 0x80)
		return (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '+' || *s == '#' ||
		    *s == '\'' ? 0 : 1;
	if (s[0] == 0xC2 && (s[1] == 0xA0 || s[1] == 0xB7))
		return 2;
	if (s[0] == 0xE2 && s[1] == 0x80 && s[2] >= 0x90 && s[2] <= 0x95)
		return 3;
	if (s[0] == 0xE2 && s[1] == 0x88 && s[2] == 0x92)
		return 3;
	return 0;
}

static void
words_split(const char *name, struct words *w)
{
	const unsigned char *p = (const unsigned char *)name, *q;
	size_t sep;

	memset(w, 0, sizeof *w);
	while (*p != '\0' && w->n < WORDS_MAX) {
		char *word, *f;

		while (*p != '\0' && (sep = separator(p)) > 0)
			p += sep;
		for (q = p; *q != '\0' && separator(q) == 0; q++)
			;
		word = xstrndup((const char *)p, (size_t)(q - p));
		f = text_fold(word);
		if (f[0] != '\0') {
			w->start[w->n++] = w->b.len;
			buf_adds(&w->b, f);
		}
		free(f);
		free(word);
		p = q;
	}
	w->start[w->n] = w->b.len;
	if (w->b.s == NULL)
		buf_adds(&w->b, "");
}

static size_t
word_len(const struct words *w, size_t i)
{
	return w->start[i + 1] - w->start[i];
}

/* Do the query's words start words of the name, one after another? *at
 * gets the first such word of the name. */
static bool
words_prefix(const struct words *name, const struct words *q, size_t *at)
{
	size_t k, i;

	for (k = 0; k + q->n <= name->n; k++) {
		for (i = 0; i < q->n; i++)
			if (word_len(q, i) > word_len(name, k + i) ||
			    memcmp(q->b.s + q->start[i], name->b.s +
			    name->start[k + i], word_len(q, i)) != 0)
				break;
		if (i == q->n) {
			*at = k;
			return true;
		}
	}
	return false;
}

void
lookup_words(const char *name,
    void (*fn)(const char *fold, enum lookup_row row, void *arg), void *arg)
{
	struct words w;
	struct buf tail = { 0 }, ini = { 0 }, big = { 0 };
	char *whole = text_fold(name);
	size_t k, i;

	words_split(name, &w);
	/* The whole name, when its words fold to something else than the
	 * name does: "actor critic" finds Actor–critic, whose fold keeps the
	 * dash. */
	if (w.b.len > 0 && strcmp(whole, w.b.s) != 0)
		fn(w.b.s, LOOKUP_ROW_WHOLE, arg);
	free(whole);
	/* Tails from each later word. */
	for (k = 1; k < w.n && k <= WORD_TAILS; k++) {
		size_t n = w.b.len - w.start[k];

		if (n > WORD_TAIL_MAX) {
			n = WORD_TAIL_MAX;
			while (n > 0 && ((unsigned char)w.b.s[w.start[k] + n] &
			    0xC0) == 0x80)
				n--;
		}
		buf_reset(&tail);
		buf_add(&tail, w.b.s + w.start[k], n);
		fn(tail.s, LOOKUP_ROW_TAIL, arg);
	}
	/* Initials: the first character of each word, whole. */
	for (i = 0; i < w.n; i++) {
		const char *s = w.b.s + w.start[i];
		size_t cl = 1;

		while (cl < word_len(&w, i) && ((unsigned char)s[cl] & 0xC0) ==
		    0x80)
			cl++;
		buf_add(&ini, s, cl);
		if (!is_little(s, word_len(&w, i)))
			buf_add(&big, s, cl);
	}
	if (w.n >= 2 && ini.len >= 2) {
		fn(ini.s, LOOKUP_ROW_INITIALS, arg);
		if (big.len >= 2 && strcmp(big.s, ini.s) != 0)
			fn(big.s, LOOKUP_ROW_INITIALS, arg);
	}
	buf_free(&w.b);
	buf_free(&tail);
	buf_free(&ini);
	buf_free(&big);
}
