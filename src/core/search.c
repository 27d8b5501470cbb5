/* search.c - PCRE2 over the corpus: a scan of the term rows on two
 * threads, one regex call per buffer of rows, narrowed by the block
 * trigram index (gram.h) and, within a buffer, by the pattern's anchor
 * (pattern.h). */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <ctype.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <pcre2.h>
#include <sqlite3.h>

#include "aliaspack.h"
#include "corpus.h"
#include "dberr.h"
#include "gram.h"
#include "hitsort.h"
#include "needle.h"
#include "pattern.h"
#include "search.h"
#include "text.h"
#include "util.h"

#define SEARCH_MATCH_LIMIT	100000	/* per subject: see engineering notes */
#define SEARCH_DEPTH_LIMIT	10000
#define SEARCH_HEAP_LIMIT	8192	/* KiB */
#define SEARCH_MAX_PATTERN	4096
#define SEARCH_EXEC_MS		250	/* one search_exec() */
#define SEARCH_RUN_MS		2000	/* one whole search_run() */
#define SEARCH_SPLIT_ROWS	20000	/* a full scan this large takes two threads */
#define SEARCH_CLOCK_EVERY	1024	/* callouts between clock reads */
#define SEARCH_BATCH		(256 * 1024)	/* bytes of rows per filter call */
#define SEARCH_SORT_BUDGET	(8u << 20)	/* hits in memory, both threads */

struct search {
	pcre2_code		*re;
	pcre2_code		*fast;	/* same, no callouts; NULL if unsafe */
	pcre2_match_data	*md;
	pcre2_match_context	*mc;
	pcre2_jit_stack		*js;
	pcre2_code		*filter;	/* fast, multiline: see scan_filter */
	pcre2_code		*anchor;	/* filter's pattern_anchor, or NULL */
	struct needle		*needle;	/* the one literal, caseless */
	bool			 whole;		/* the needle is the pattern */
	pcre2_match_data	*fmd;
	pcre2_match_context	*fmc;
	char			**lits;	/* every match holds one of these */
	size_t			 nlits;
	char			*desc;	/* the literals, for search_prefilter */
	size_t			 budget;	/* hits kept in memory */
	bool			 exact;		/* no buffer search (tests) */
	struct timespec		 deadline;
	unsigned		 ticks;
	bool			 in_run;	/* search_run() set the deadline */
	long			 split_rows;	/* split a full scan from this many rows */
	bool			 twin;		/* re and fast belong to another */
};

static void
deadline_set(struct search *s, long ms)
{
	clock_gettime(CLOCK_MONOTONIC, &s->deadline);
	s->deadline.tv_sec += ms / 1000;
	s->deadline.tv_nsec += (ms % 1000) * 1000000L;
	if (s->deadline.tv_nsec >= 1000000000L) {
		s->deadline.tv_sec++;
		s->deadline.tv_nsec -= 1000000000L;
	}
}

/*
 * The match limit counts backtracking, not time: work inside one step,
 * like a lookahead scanning the rest of the line or a backreference
 * comparing a long capture, is free. "(?:(?=a*!)a)*$" ran 14 s and
 * "(a*)\1+$" 12 s on one 4 KB line without reaching it. So every pattern
 * item calls this (PCRE2_AUTO_CALLOUT, JIT too), and a read of the clock
 * now and then ends the match at the deadline, reported like the limit.
 */
static int
callout(pcre2_callout_block *cb, void *arg)
{
	struct search *s = arg;
	struct timespec now;

	(void)cb;
	if (++s->ticks % SEARCH_CLOCK_EVERY != 0)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec > s->deadline.tv_sec || (now.tv_sec ==
	    s->deadline.tv_sec && now.tv_nsec >= s->deadline.tv_nsec))
		return PCRE2_ERROR_MATCHLIMIT;
	return 0;
}


/* text as one quoted phrase: "...", inner quotes doubled. */
static char *
quoted(const char *text)
{
	struct buf b = { 0 };

	buf_addc(&b, '"');
	for (; *text != '\0'; text++) {
		if (*text == '"')
			buf_addc(&b, '"');
		buf_addc(&b, *text);
	}
	buf_addc(&b, '"');
	return buf_take(&b);
}

/* The literals every match of pattern holds one of, into s->lits, and
 * their description ("lit1" OR "lit2" ...); none: scan every block. */
static void
lits_find(struct search *s, const char *pattern)
{
	struct buf b = { 0 };

	pattern_literals(pattern, &s->lits, &s->nlits);
	for (size_t k = 0; k < s->nlits; k++) {
		char *q = quoted(s->lits[k]);

		if (k > 0)
			buf_adds(&b, " OR ");
		buf_adds(&b, q);
		free(q);
	}
	if (s->nlits > 0)
		s->desc = buf_take(&b);
}

/*
 * Can the pattern do unbounded work inside one matching step? Lookarounds,
 * backreferences, recursion, verbs and other (?...) constructs can, and so
 * can a quantified group: those keep PCRE2_AUTO_CALLOUT and its clock. Anything else is bounded by the
 * match limit per subject, and the clock is read between subjects, so it
 * runs without callouts (which made the JIT code 3-4x slower: a call into
 * libpcre2 for every pattern item).
 */
static bool
plain_pattern(const char *p)
{
	for (size_t i = 0; p[i] != '\0'; i++) {
		if (p[i] == '\\') {
			if (p[i + 1] == '\0')
				return false;
			i++;
			if (isdigit((unsigned char)p[i]) || strchr("gkQ", p[i]))
				return false;
			continue;
		}
		if (p[i] == '(' && (p[i + 1] == '*' || (p[i + 1] == '?' &&
		    p[i + 2] != ':')))
			return false;
		/* A repeated group: each iteration may rescan the line, and
		 * the match limit did not stop "(?:a|b)*?a\w*!." (68 s on
		 * one 4 KB line, fuzz-search: corpus/search/timeout-group). */
		if (p[i] == ')' && p[i + 1] != '\0' &&
		    strchr("*+?{", p[i + 1]) != NULL)
			return false;
	}
	return true;
}

/*
 * May the rows be searched as one buffer (scan_filter)? A match in one
 * field on its own must then be a match where the field stands in the
 * buffer, between newlines. Plain patterns (above) have no lookarounds,
 * backreferences, verbs or option changes; with PCRE2_MULTILINE, ^ and
 * $ hold wherever they held at a field's ends, and \b, \B see the
 * newline as the end of the subject (a non-word character). What is
 * left reads beyond the field: \A \z \Z \G (where the subject ends),
 * \K (a match reported in the next row, started in this one), and what
 * matches atomically and may swallow the newline after it, so
 * that the rest fails where it matched at the field's end: \R and \X
 * ("\r" then the newline are one), possessive quantifiers.
 */
static bool
buffer_safe(const char *p)
{
	for (size_t i = 0; p[i] != '\0'; i++) {
		if (p[i] == '\\') {
			if (p[i + 1] == '\0' || strchr("AzZGKRX", p[i + 1]) != NULL)
				return false;
			i++;
			continue;
		}
		if (strchr("*+?}", p[i]) != NULL && p[i + 1] == '+')
			return false;
	}
	return true;
}

/* Is a newline "\n" alone? With CRLF, ANYCRLF or ANY, the "\r" a field
 * ends with and the newline after it would be one, where $ cannot
 * stand between them. */
static bool
newline_lf(void)
{
	uint32_t nl = 0;

	return pcre2_config(PCRE2_CONFIG_NEWLINE, &nl) >= 0 &&
	    nl == PCRE2_NEWLINE_LF;
}

static bool
deadline_passed(const struct search *s)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > s->deadline.tv_sec || (now.tv_sec ==
	    s->deadline.tv_sec && now.tv_nsec >= s->deadline.tv_nsec);
}

static bool
has_upper(const char *p)
{
	size_t i;

	for (i = 0; p[i] != '\0'; i++) {
		if (p[i] == '\\' && p[i + 1] != '\0') {
			i++;	/* \W, \S, \D are classes, not capitals */
			continue;
		}
		if (isupper((unsigned char)p[i]))
			return true;
	}
	return false;
}

/* Match data, limits, the clock's callout and a JIT stack for s->re. */
static void
matcher_init(struct search *s)
{
	s->md = pcre2_match_data_create_from_pattern(s->re, NULL);
	s->mc = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(s->mc, SEARCH_MATCH_LIMIT);
	pcre2_set_depth_limit(s->mc, SEARCH_DEPTH_LIMIT);
	pcre2_set_heap_limit(s->mc, SEARCH_HEAP_LIMIT);
	pcre2_set_callout(s->mc, callout, s);
	s->js = pcre2_jit_stack_create(32 * 1024, 512 * 1024, NULL);
	if (s->js != NULL)
		pcre2_jit_stack_assign(s->mc, NULL, s->js);
	if (s->filter != NULL) {
		s->fmd = pcre2_match_data_create(1, NULL);
		s->fmc = pcre2_match_context_copy(s->mc);
		pcre2_set_callout(s->fmc, NULL, NULL);
	}
}

/* The pattern's anchor (pattern.h), compiled with its options; NULL when
 * it has none. */
static pcre2_code *
compile_anchor(const char *pattern, uint32_t opts)
{
	char *a = pattern_anchor(pattern, (opts & PCRE2_CASELESS) != 0);
	pcre2_code *re = NULL;
	int code;
	PCRE2_SIZE off;

	if (a != NULL) {
		re = pcre2_compile((PCRE2_SPTR)a, PCRE2_ZERO_TERMINATED, opts,
		    &code, &off, NULL);
		if (re != NULL)
			(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	}
	free(a);
	return re;
}

struct search *
search_compile(const char *pattern, unsigned flags, char *err, size_t errsz,
    size_t *erroff)
{
	struct search *s;
	pcre2_compile_context *cc;
	uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF |
	    PCRE2_AUTO_CALLOUT;
	PCRE2_SIZE off = 0;
	int code;

	if ((flags & SEARCH_CASELESS) ||
	    ((flags & SEARCH_SMARTCASE) && !has_upper(pattern)))
		opts |= PCRE2_CASELESS;
	cc = pcre2_compile_context_create(NULL);
	pcre2_set_max_pattern_length(cc, SEARCH_MAX_PATTERN);
	pcre2_set_parens_nest_limit(cc, 64);
	s = xcalloc(1, sizeof *s);
	s->split_rows = SEARCH_SPLIT_ROWS;
	s->re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts,
	    &code, &off, cc);
	pcre2_compile_context_free(cc);
	if (s->re == NULL) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(code, msg, sizeof msg);
		snprintf(err, errsz, "offset %zu: %s", (size_t)off, (char *)msg);
		if (erroff != NULL)
			*erroff = (size_t)off;
		free(s);
		return NULL;
	}
	(void)pcre2_jit_compile(s->re, PCRE2_JIT_COMPLETE);	/* else interpreter */
	if (plain_pattern(pattern)) {
		cc = pcre2_compile_context_create(NULL);
		pcre2_set_max_pattern_length(cc, SEARCH_MAX_PATTERN);
		pcre2_set_parens_nest_limit(cc, 64);
		s->fast = pcre2_compile((PCRE2_SPTR)pattern,
		    PCRE2_ZERO_TERMINATED, opts & ~(uint32_t)PCRE2_AUTO_CALLOUT,
		    &code, &off, cc);
		pcre2_compile_context_free(cc);
		if (s->fast != NULL)
			(void)pcre2_jit_compile(s->fast, PCRE2_JIT_COMPLETE);
	}
	if (s->fast != NULL && buffer_safe(pattern) && newline_lf()) {
		cc = pcre2_compile_context_create(NULL);
		pcre2_set_max_pattern_length(cc, SEARCH_MAX_PATTERN);
		pcre2_set_parens_nest_limit(cc, 64);
		s->filter = pcre2_compile((PCRE2_SPTR)pattern,
		    PCRE2_ZERO_TERMINATED, (opts & ~(uint32_t)PCRE2_AUTO_CALLOUT) |
		    PCRE2_MULTILINE, &code, &off, cc);
		pcre2_compile_context_free(cc);
		if (s->filter != NULL)
			(void)pcre2_jit_compile(s->filter, PCRE2_JIT_COMPLETE);
	}
	if (s->filter != NULL)
		s->anchor = compile_anchor(pattern, (opts &
		    ~(uint32_t)PCRE2_AUTO_CALLOUT) | PCRE2_MULTILINE);
	s->budget = SEARCH_SORT_BUDGET;
	matcher_init(s);
	lits_find(s, pattern);
	/* Without case, a needle finds the literal 2-3 times sooner than
	 * the JIT; with case kept, the JIT's memchr is as quick. */
	if (s->filter != NULL && s->nlits == 1 && (opts & PCRE2_CASELESS)) {
		s->needle = needle_new(s->lits[0], true);
		s->whole = s->needle != NULL &&
		    strcmp(needle_text(s->needle), pattern) == 0;
	}
	return s;
}

/* A second matcher for another thread: the compiled code is shared
 * (PCRE2 allows that), match data, limits, clock and JIT stack are not. */
static struct search *
search_twin(const struct search *s)
{
	struct search *t = xcalloc(1, sizeof *t);

	t->re = s->re;
	t->fast = s->fast;
	t->filter = s->filter;
	t->anchor = s->anchor;
	t->needle = s->needle;
	t->whole = s->whole;
	t->exact = s->exact;
	t->twin = true;
	matcher_init(t);
	t->deadline = s->deadline;
	t->in_run = s->in_run;
	return t;
}

void
search_free(struct search *s)
{
	if (s == NULL)
		return;
	pcre2_match_data_free(s->md);
	pcre2_match_context_free(s->mc);
	pcre2_jit_stack_free(s->js);
	pcre2_match_data_free(s->fmd);
	pcre2_match_context_free(s->fmc);
	if (!s->twin) {
		pcre2_code_free(s->re);
		pcre2_code_free(s->fast);
		pcre2_code_free(s->filter);
		pcre2_code_free(s->anchor);
		needle_free(s->needle);
		strv_free(s->lits, s->nlits);
		free(s->desc);
	}
	free(s);
}

int
search_exec(struct search *s, const char *subject, size_t len, size_t start,
    size_t *ms, size_t *ml, char *err, size_t errsz)
{
	PCRE2_SIZE *ov;
	int rc;

	if (!s->in_run)
		deadline_set(s, SEARCH_EXEC_MS);
	if (s->fast != NULL) {
		/* No callouts: the run's clock is read per subject. */
		rc = s->in_run && ++s->ticks % 64 == 0 && deadline_passed(s) ?
		    PCRE2_ERROR_MATCHLIMIT : pcre2_match(s->fast,
		    (PCRE2_SPTR)subject, len, start, 0, s->md, s->mc);
	} else
		rc = pcre2_match(s->re, (PCRE2_SPTR)subject, len, start, 0,
		    s->md, s->mc);
	if (rc >= 0) {
		ov = pcre2_get_ovector_pointer(s->md);
		*ms = ov[0];
		*ml = ov[1] >= ov[0] ? ov[1] - ov[0] : 0;
		return 1;
	}
	if (rc == PCRE2_ERROR_NOMATCH || rc == PCRE2_ERROR_PARTIAL)
		return 0;
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT)
		snprintf(err, errsz, "pattern too complex (backtracking or time "
		    "limit reached); simplify it, e.g. avoid nested quantifiers");
	else {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(rc, msg, sizeof msg);
		snprintf(err, errsz, "match error: %s", (char *)msg);
	}
	return -1;
}

const char *
search_prefilter(const struct search *s)
{
	return s->desc;
}

/* Printable ASCII comes out of text_sanitize() unchanged. */
static bool
plain_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f)
			return false;
	return true;
}

/* A hit as row_match() records it: this, then the raw line. */
struct hitrec {
	long	 lineno;
	size_t	 ms, ml;	/* the match, inside the line */
	int	 where;		/* enum search_where */
	unsigned count;		/* matches in the body (SEARCH_RANKED) */
};

/* The paths of the sources hits name (SEARCH_SOURCES), the last few
 * kept: a file's terms tend to come together, and most corpora are a
 * few files. */
#define SOURCES_KEPT	16

struct sources {
	sqlite3		*db;
	sqlite3_stmt	*st[2];		/* per database */
	struct {
		int64_t	 id;
		int	 d;
		char	*path;
	}		 kept[SOURCES_KEPT];
	size_t		 n, next;
};

static const char *const schema_of[2] = { "u", "b" };

static const char *
source_path(struct sources *sp, int d, int64_t id)
{
	sqlite3_stmt *st;
	struct buf sql = { 0 };
	char *path = NULL;
	size_t i;

	if (id < 0)
		return NULL;
	for (i = 0; i < sp->n; i++)
		if (sp->kept[i].id == id && sp->kept[i].d == d)
			return sp->kept[i].path;
	if (sp->st[d] == NULL) {
		buf_printf(&sql, "SELECT path FROM %s.source WHERE id = ?",
		    schema_of[d]);
		if (sqlite3_prepare_v2(sp->db, sql.s, -1, &sp->st[d], NULL) !=
		    SQLITE_OK)
			sp->st[d] = NULL;
		buf_free(&sql);
		if (sp->st[d] == NULL)
			return NULL;
	}
	st = sp->st[d];
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_text(st, 0) != NULL)
		path = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (path == NULL)
		return NULL;
	i = sp->n < SOURCES_KEPT ? sp->n++ : sp->next++ % SOURCES_KEPT;
	free(sp->kept[i].path);
	sp->kept[i].id = id;
	sp->kept[i].d = d;
	sp->kept[i].path = path;
	return path;
}

static void
sources_free(struct sources *sp)
{
	for (size_t i = 0; i < sp->n; i++)
		free(sp->kept[i].path);
	sqlite3_finalize(sp->st[0]);
	sqlite3_finalize(sp->st[1]);
}

/* Report one hit, in the order of the sort; sp: SEARCH_SOURCES. */
static bool
emit(const struct hitrow *r, struct sources *sp, search_cb cb, void *arg)
{
	size_t ms = r->ms, ml = r->ml, len = r->linelen;
	const char *line = r->line;
	/* A headword is a string: callers print it as it comes, up to a
	 * NUL the database may hold. */
	size_t hwlen = strnlen(r->headword, r->hwlen);
	struct search_hit h;
	size_t n;
	bool go;

	h.key = r->key;
	h.lineno = r->lineno;
	h.where = (enum search_where)r->where;
	h.count = r->count;
	h.source = sp != NULL ? source_path(sp, (int)(r->key & 1), r->srcid) :
	    NULL;
	h.srcline = r->srcline;
	if (text_ascii_run(line, len) == len &&
	    text_ascii_run(r->headword, hwlen) == hwlen) {
		/* The common case: both as they are, and the merger's
		 * copies end in a NUL (hitsort.h): no copy. */
		h.line = (char *)line;
		h.headword = (char *)r->headword;
		h.mstart = ms;
		h.mlen = ml;
		return cb(&h, arg);
	}
	if (plain_ascii(line, len)) {
		h.line = xstrndup(line, len);
		h.mstart = ms;
		h.mlen = ml;
	} else {
		/* Offsets must survive sanitizing: clean the part before
		 * the match and the match on their own. */
		free(text_sanitize(line, ms, false, &n));
		h.mstart = n;
		free(text_sanitize(line, ms + ml, false, &n));
		h.mlen = n - h.mstart;
		h.line = text_sanitize(line, len, false, NULL);
	}
	/* The database may have been written by something other than the
	 * importer: callers print the headword as it comes. */
	h.headword = plain_ascii(r->headword, hwlen) ?
	    xstrndup(r->headword, hwlen) : text_sanitize(r->headword, hwlen,
	    false, NULL);
	go = cb(&h, arg);
	free(h.line);
	free(h.headword);
	return go;
}

/* What row_match() needs of one scanning thread. */
struct search_scan {
	struct search	*s;
	unsigned	 flags;
	char		*err;
	size_t		 errsz;
	bool		 failed;	/* limit hit: err is set */
	volatile int	*cancel;
	unsigned char	*abits;		/* full scan: keys with a matching alias */
	int64_t		 nabits;
	sqlite3_stmt	*aliases;	/* one term's aliases, by position */
	struct buf	 hit;		/* empty: no hit */
};

/* Does the first match of s fall in subject? For aliases, each line on
 * its own, so "^soft" may match any of them. */
static int
match_field(struct search *s, const char *subject, size_t len, bool lines,
    size_t *ms, size_t *ml, char *err, size_t errsz)
{
	size_t off = 0;

	if (!lines)
		return search_exec(s, subject, len, 0, ms, ml, err, errsz);
	while (off <= len) {
		const char *nl = memchr(subject + off, '\n', len - off);
		size_t end = nl != NULL ? (size_t)(nl - subject) : len;
		int rc = search_exec(s, subject + off, end - off, 0, ms, ml, err,
		    errsz);

		if (rc != 0) {
			*ms += off;
			return rc;
		}
		if (nl == NULL)
			break;
		off = end + 1;
	}
	return 0;
}

/* Encode the hit at subject[ms..ms+ml) as the line around it. */
static void
record(struct search_scan *r, const char *subject, size_t len, size_t ms, size_t ml,
    long lineno, int where)
{
	struct hitrec h = { 0 };
	const char *nl;
	size_t ls = 0, le = len;

	if (ms > 0 && (nl = memrchr(subject, '\n', ms)) != NULL)
		ls = (size_t)(nl - subject) + 1;
	if (ms + ml < len && (nl = memchr(subject + ms + ml, '\n',
	    len - ms - ml)) != NULL)
		le = (size_t)(nl - subject);
	if (lineno > 0)
		for (const char *p = subject; (p = memchr(p, '\n', ls -
		    (size_t)(p - subject))) != NULL; p++)
			lineno++;
	h.lineno = lineno;
	h.ms = ms - ls;
	h.ml = ml;
	h.where = where;
	r->hit.len = 0;
	buf_add(&r->hit, (const char *)&h, sizeof h);
	buf_add(&r->hit, subject + ls, le - ls);
}

/* May one of the term's aliases match? Always, unless a full scan's
 * alias pass said no. */
static bool
alias_maybe(const struct search_scan *r, int64_t key)
{
	/* Two threads may be setting bits (alias_part): a relaxed atomic
	 * load is a plain load on every target lore builds for. */
	return r->abits == NULL || (key >= 0 && key < r->nabits &&
	    (__atomic_load_n(&r->abits[key >> 3], __ATOMIC_RELAXED) &
	    (1u << (key & 7))) != 0);
}

/* Does body[0..at) end a first sentence: a '.', '!' or '?' before a
 * space, or a blank line? */
static bool
first_sentence(const char *body, size_t blen, size_t at)
{
	/* 1: may end a sentence before a space or newline; 2: a paragraph
	 * before a newline; other bytes are passed over with one look */
	static const unsigned char end[256] = {
		['.'] = 1, ['!'] = 1, ['?'] = 1, ['\n'] = 2,
	};

	for (size_t i = 0; i < at && i + 1 < blen; i++) {
		unsigned char k = end[(unsigned char)body[i]];

		if (k == 1 && (body[i + 1] == ' ' || body[i + 1] == '\n'))
			return false;
		if (k == 2 && body[i + 1] == '\n')
			return false;
	}
	return true;
}

/* Matches of s in body, up to SEARCH_COUNT_MAX (beyond that, more says
 * little and costs a regex call each): -1 at the limit. */
#define SEARCH_COUNT_MAX	16

/* May a match start at or after off? Not without an anchor (pattern.h)
 * there, which the JIT finds far sooner than the pattern fails: the
 * search for the next match of a count ends on such a failure, over the
 * rest of the body. The exact scan (tests' reference) does without. */
static bool
anchor_after(struct search *s, const char *body, size_t blen, size_t off)
{
	if (s->exact || off > blen)
		return true;
	if (s->needle != NULL)
		return needle_find(s->needle, body, blen, off) != SIZE_MAX;
	if (s->anchor == NULL)
		return true;
	pcre2_set_match_limit(s->fmc, SEARCH_MATCH_LIMIT);
	return pcre2_match(s->anchor, (PCRE2_SPTR)body, blen, off, 0, s->fmd,
	    s->fmc) != PCRE2_ERROR_NOMATCH;
}

static int
count_matches(struct search_scan *r, const char *body, size_t blen,
    size_t off, unsigned *n)
{
	size_t ms, ml;
	int rc;

	while (*n < SEARCH_COUNT_MAX && off <= blen &&
	    anchor_after(r->s, body, blen, off) &&
	    (rc = search_exec(r->s, body, blen, off, &ms, &ml, r->err,
	    r->errsz)) != 0) {
		if (rc < 0)
			return -1;
		(*n)++;
		off = ms + (ml > 0 ? ml : 1);
	}
	return 0;
}

/* The first match of one row, in the order headword, aliases (by their
 * position), body, into r->hit. -1: limit hit. No match of the body
 * starts before bfrom (the buffer search says so; beyond blen: none). */
static int
row_match(struct search_scan *r, int64_t key, const char *hw, size_t hwlen,
    const char *body, size_t blen, size_t bfrom)
{
	size_t ms, ml;
	int rc, where = -1;
	unsigned counted = 0;

	r->hit.len = 0;
	if (hw != NULL && (rc = search_exec(r->s, hw, hwlen, 0, &ms, &ml,
	    r->err, r->errsz)) != 0) {
		if (rc < 0)
			return rc;
		where = ms == 0 && ml == hwlen ? SEARCH_IN_HEADWORD :
		    ms == 0 ? SEARCH_IN_HEADWORD_START : SEARCH_IN_HEADWORD_WORD;
		record(r, hw, hwlen, ms, ml, 0, where);
	}
	if (where < 0 && r->aliases != NULL && alias_maybe(r, key)) {
		sqlite3_bind_int64(r->aliases, 1, key);
		rc = 0;
		while (rc == 0 && sqlite3_step(r->aliases) == SQLITE_ROW) {
			const char *a = (const char *)sqlite3_column_text(
			    r->aliases, 0);
			size_t alen = (size_t)sqlite3_column_bytes(r->aliases, 0);

			if (a != NULL && (rc = match_field(r->s, a, alen, true,
			    &ms, &ml, r->err, r->errsz)) > 0) {
				where = SEARCH_IN_ALIAS;
				record(r, a, alen, ms, ml, 0, where);
			}
		}
		sqlite3_reset(r->aliases);
		if (rc < 0)
			return rc;
	}
	if (body == NULL || (r->flags & SEARCH_HEADWORDS_ONLY))
		return 0;
	if (where < 0) {
		if (bfrom > blen || (rc = search_exec(r->s, body, blen, bfrom,
		    &ms, &ml, r->err, r->errsz)) == 0)
			return 0;
		if (rc < 0)
			return rc;
		where = first_sentence(body, blen, ms) ?
		    SEARCH_IN_FIRST_SENTENCE : SEARCH_IN_BODY;
		record(r, body, blen, ms, ml, 1, where);
		/* The count goes on after this match, as its own first
		 * call from bfrom would have found it. */
		counted = 1;
		bfrom = ms + (ml > 0 ? ml : 1);
	}
	/* Ranked: how often the body says it orders hits of one place. */
	if (r->flags & SEARCH_RANKED) {
		struct hitrec h;

		memcpy(&h, r->hit.s, sizeof h);
		h.count = counted;
		if (count_matches(r, body, blen, bfrom, &h.count) < 0)
			return -1;
		memcpy(r->hit.s, &h, sizeof h);
	}
	return 0;
}

static int
progress(void *arg)
{
	struct search_scan *r = arg;

	return r->cancel != NULL && *r->cancel;
}

/* The ids of each database: [lo, hi), empty when it is not there. */
static void
corpus_ids(struct corpus *c, int64_t lo[2], int64_t hi[2])
{
	sqlite3 *db = corpus_db(c);

	for (int d = 0; d < 2; d++) {
		sqlite3_stmt *st;
		char sql[96];

		lo[d] = hi[d] = 0;
		if (!corpus_has(c, d))
			continue;
		/* Two subqueries: min() and max() in one statement scan
		 * the table, each alone reads one end of the b-tree. */
		snprintf(sql, sizeof sql, "SELECT (SELECT min(id) FROM %s.term),"
		    " (SELECT max(id) FROM %s.term)", schema_of[d], schema_of[d]);
		if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW &&
		    sqlite3_column_type(st, 0) != SQLITE_NULL) {
			lo[d] = sqlite3_column_int64(st, 0);
			hi[d] = sqlite3_column_int64(st, 1);
			hi[d] += hi[d] < INT64_MAX;
		}
		sqlite3_finalize(st);
	}
}

/*
 * A full scan matches every alias up front, in one pass over the alias
 * tables (small: names only), rather than looking up each term's aliases
 * as its row goes by. It keeps one bit per key: a row whose headword
 * misses looks its aliases up only when its bit is set, so the pass
 * costs an eighth of a byte per term whatever the pattern matches (an
 * array of the matching aliases held 40 MB for "e" at a million terms).
 */
/* Names gathered for one filter call: name i is text[off[i]..) up to
 * its newline. */
struct names {
	struct buf	 text;
	int64_t		*key;
	size_t		*off;
	size_t		 n, cap;
	/* Or a part of an alias pack: names in its blob, not in text;
	 * its keys decoded when one is asked for (most names never are). */
	const char		*packed;
	const unsigned char	*pkeys;
	int			 d;
};

/* Key i of nm, -1 for an id out of range (a pack is read as it is). */
static int64_t
names_key(const struct search_scan *r, const struct names *nm, size_t i)
{
	int64_t id;

	if (nm->pkeys == NULL)
		return nm->key[i];
	id = aliaspack_key(nm->pkeys, i);
	return id >= 0 && id <= r->nabits >> 1 ? id << 1 | nm->d : -1;
}

static void
alias_set(struct search_scan *r, int64_t key)
{
	if (key < 0 || key >= r->nabits)	/* a pack's stray id */
		return;
	__atomic_fetch_or(&r->abits[key >> 3], (unsigned char)(1u << (key & 7)),
	    __ATOMIC_RELAXED);
}

/* Name i on its own, exactly. */
static int
alias_check(struct search_scan *r, const struct names *nm, size_t i)
{
	const char *text = nm->packed != NULL ? nm->packed : nm->text.s;
	size_t ms, ml, end = i + 1 < nm->n ? nm->off[i + 1] : nm->text.len;
	int64_t key = names_key(r, nm, i);
	int rc;

	/* Set already: an earlier alias of the term matched. */
	if (alias_maybe(r, key))
		return 0;
	rc = match_field(r->s, text + nm->off[i], end - 1 - nm->off[i], true,
	    &ms, &ml, r->err, r->errsz);
	if (rc > 0)
		alias_set(r, key);
	return rc < 0 ? -1 : 0;
}

/* The names gathered: one filter call finds the next name with a match,
 * as scan_filter() does for rows (a call of 66,000 names each took 6 of
 * the 11 ms of the pass at 100K terms). */
static int
alias_flush(struct search_scan *r, struct names *nm)
{
	struct search *s = r->s;
	size_t next = 0;
	int rc = 0;

	while (next < nm->n && rc == 0) {
		size_t at, lo, hi;
		int m = pcre2_match(s->filter, (PCRE2_SPTR)(nm->packed != NULL ?
		    nm->packed : nm->text.s), nm->text.len, nm->off[next], 0,
		    s->fmd, s->fmc);

		if (m == PCRE2_ERROR_NOMATCH)
			break;
		if (m < 0) {	/* a limit: each name alone, as ever */
			for (; next < nm->n && rc == 0; next++)
				rc = alias_check(r, nm, next);
			break;
		}
		at = pcre2_get_ovector_pointer(s->fmd)[0];
		for (lo = next, hi = nm->n; hi - lo > 1;) {
			size_t mid = lo + (hi - lo) / 2;

			if (nm->off[mid] <= at)
				lo = mid;
			else
				hi = mid;
		}
		rc = alias_check(r, nm, lo);
		next = lo + 1;
	}
	nm->n = 0;
	nm->text.len = 0;
	return rc;
}

/* Set the bit of every key st gives (key, name) whose alias matches. */
static int
alias_rows(struct search_scan *r, sqlite3 *db, sqlite3_stmt *st)
{
	struct names nm = { 0 };
	bool buffered = r->s->filter != NULL && !r->s->exact;
	int step, rc = 0;

	if (buffered)
		pcre2_set_match_limit(r->s->fmc, SEARCH_MATCH_LIMIT * 1000);
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t key = sqlite3_column_int64(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		size_t len = (size_t)sqlite3_column_bytes(st, 1), ms, ml;

		/* Set already: an earlier alias of the term matched. */
		if (name == NULL || key < 0 || key >= r->nabits ||
		    alias_maybe(r, key))
			continue;
		if (buffered) {
			if (nm.n == nm.cap) {
				nm.key = xgrow(nm.key, nm.n, &nm.cap, 1024,
				    sizeof *nm.key);
				nm.off = xreallocarray(nm.off, nm.cap,
				    sizeof *nm.off);
			}
			nm.key[nm.n] = key;
			nm.off[nm.n++] = nm.text.len;
			buf_add(&nm.text, name, len);
			buf_add(&nm.text, "\n", 1);
			if (nm.text.len >= SEARCH_BATCH)
				rc = alias_flush(r, &nm);
			continue;
		}
		if ((rc = match_field(r->s, name, len, true, &ms, &ml, r->err,
		    r->errsz)) > 0)
			alias_set(r, key);
		rc = rc < 0 ? -1 : 0;
	}
	if (rc == 0 && nm.n > 0)
		rc = alias_flush(r, &nm);
	sqlite3_reset(st);
	buf_free(&nm.text);
	free(nm.key);
	free(nm.off);
	if (rc == 0 && step != SQLITE_DONE && step != SQLITE_ROW) {
		snprintf(r->err, r->errsz, "sqlite: %s", sqlite3_errmsg(db));
		return -1;
	}
	return rc;
}

/* The aliases of database d whose fold is in [from, to) (NULL: no
 * bound), read from its table as schema names it. */
static int
alias_part(struct search_scan *r, sqlite3 *db, const char *schema, int d,
    const char *from, const char *to)
{
	sqlite3_stmt *st;
	char sql[160];
	int rc;

	snprintf(sql, sizeof sql, "SELECT (term_id << 1) | %d, name FROM"
	    " %s.alias%s%s", d, schema, from != NULL ? " WHERE fold >= ?1" :
	    to != NULL ? " WHERE fold < ?2" : "", from != NULL && to != NULL ?
	    " AND fold < ?2" : "");
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(r->err, r->errsz, "sqlite: %s", sqlite3_errmsg(db));
		return -1;
	}
	if (from != NULL)
		sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
	if (to != NULL)
		sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	rc = alias_rows(r, db, st);
	sqlite3_finalize(st);
	return rc;
}

/* The parts of one database's alias pack (aliaspack.h) the threads of a
 * full scan share: each takes the next until there are none, then waits
 * for the parts the other took (done), not for the other to arrive (a
 * thread started late takes none: a barrier waited up to 5 ms for it,
 * the whole pack takes one thread 1.1 ms at 100K terms). bad: a part was
 * missing or malformed, so each thread that sees it reads the alias
 * rows of that database itself (bits set from the other parts only cost
 * a look at a term's aliases, which row_match reads from the rows). */
struct apack {
	int64_t		 n;		/* -1: no pack to trust, rows */
	atomic_llong	 next;
	atomic_int	 bad;
	int64_t		 done;		/* parts taken and finished */
	bool		 all;		/* every alias of every database */
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
};

/* The second thread's rows may be the other database's, whose aliases
 * the first thread matches alone: it waits for all of them (apack_all). */
static void
apack_wait_all(struct apack *p)
{
	pthread_mutex_lock(&p->mu);
	while (!p->all)
		pthread_cond_wait(&p->cv, &p->mu);
	pthread_mutex_unlock(&p->mu);
}

static void
apack_all(struct apack *p)
{
	pthread_mutex_lock(&p->mu);
	p->all = true;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

static void
apack_done(struct apack *p)
{
	pthread_mutex_lock(&p->mu);
	if (++p->done >= p->n)
		pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

/* The names of the part st holds into nm, in place: the blob is the
 * buffer a filter call searches (valid until st moves). false: the part
 * is malformed. */
static bool
apack_names(sqlite3_stmt *st, int d, struct names *nm)
{
	const unsigned char *keys = sqlite3_column_blob(st, 0);
	const char *names = sqlite3_column_blob(st, 1);
	size_t nkeys = (size_t)sqlite3_column_bytes(st, 0) / 8, off = 0;
	size_t len = (size_t)sqlite3_column_bytes(st, 1);

	if (keys == NULL || names == NULL || len == 0 || nkeys * 8 !=
	    (size_t)sqlite3_column_bytes(st, 0) || names[len - 1] != '\n')
		return false;
	if (nm->cap < nkeys) {
		nm->cap = nkeys;
		nm->off = xreallocarray(nm->off, nkeys, sizeof *nm->off);
	}
	for (nm->n = 0; off < len; nm->n++) {
		if (nm->n == nkeys)
			return false;
		nm->off[nm->n] = off;
		off = (size_t)((const char *)memchr(names + off, '\n',
		    len - off) - names) + 1;
	}
	if (nm->n != nkeys)
		return false;
	nm->packed = names;
	nm->pkeys = keys;
	nm->d = d;
	nm->text.len = len;
	return true;
}

/* Parts of database d's pack, taken from p until none is left. */
static int
alias_pack(struct search_scan *r, sqlite3 *db, const char *schema, int d,
    struct apack *p)
{
	struct names nm = { 0 };
	bool buffered = r->s->filter != NULL && !r->s->exact;
	sqlite3_stmt *st;
	char sql[96];
	long long i;
	int rc = 0;

	snprintf(sql, sizeof sql, "SELECT keys, names FROM %s.alias_pack"
	    " WHERE part = ?1", schema);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		atomic_store(&p->bad, 1);
		return alias_part(r, db, schema, d, NULL, NULL);
	}
	if (buffered)
		pcre2_set_match_limit(r->s->fmc, SEARCH_MATCH_LIMIT * 1000);
	/* Every part taken is marked done, failed or not: the other
	 * thread may be waiting for it. */
	while (rc == 0 && (i = atomic_fetch_add(&p->next, 1)) < p->n) {
		sqlite3_bind_int64(st, 1, i);
		if (atomic_load(&p->bad))
			;
		else if (sqlite3_step(st) != SQLITE_ROW ||
		    !apack_names(st, d, &nm))
			atomic_store(&p->bad, 1);	/* apack_done wakes */
		else if (buffered)
			rc = alias_flush(r, &nm);
		else
			for (size_t k = 0; k < nm.n && rc == 0; k++)
				rc = alias_check(r, &nm, k);
		sqlite3_reset(st);
		apack_done(p);
	}
	sqlite3_finalize(st);
	buf_free(&nm.text);
	free(nm.key);
	free(nm.off);
	if (rc < 0)
		return rc;
	pthread_mutex_lock(&p->mu);
	while (p->done < p->n && !atomic_load(&p->bad))
		pthread_cond_wait(&p->cv, &p->mu);
	pthread_mutex_unlock(&p->mu);
	/* A part found wanting: every alias row of the database, read by
	 * each thread that sees it (maybe both). */
	if (atomic_load(&p->bad))
		rc = alias_part(r, db, schema, d, NULL, NULL);
	return rc;
}

/*
 * Where to cut the aliases of database d in two halves of about the same
 * size, for two threads: the letter that headwords reach half their
 * count at (letter_count, a few rows), lowercased as folds are; aliases
 * start with the same letters as headwords, near enough. NULL: no cut.
 */
static char *
alias_cut(sqlite3 *db, int d)
{
	sqlite3_stmt *st;
	char sql[96], *cut = NULL;
	int64_t n[27] = { 0 }, total = 0, seen = 0;

	snprintf(sql, sizeof sql, "SELECT letter, n FROM %s.letter_count",
	    schema_of[d]);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *l = (const char *)sqlite3_column_text(st, 0);
		int64_t k = sqlite3_column_int64(st, 1);

		if (l != NULL && k > 0) {
			n[l[0] >= 'A' && l[0] <= 'Z' ? l[0] - 'A' + 1 : 0] += k;
			total += k;
		}
	}
	sqlite3_finalize(st);
	/* '#' first: folds of other headwords start with digits, which
	 * sort before letters. */
	for (int i = 0; i < 27 && total > 1; i++) {
		if (seen > 0 && seen + n[i] > total / 2) {
			cut = xstrdup((char[]){ (char)('a' + i - 1), '\0' });
			break;
		}
		seen += n[i];
	}
	return cut;
}

/*
 * The scan. The ids to read are a list of ranges (the blocks the trigram
 * index allows, or every id); from split_rows ids up they are cut in two
 * halves, and a second thread on connections of its own reads the upper
 * one. Each thread copies its rows into a buffer, headword "\n" body
 * "\n" each, and runs one regex call over it (scan_filter): only the
 * rows holding a match, and those with a matching alias, go through
 * row_match() one field at a time, which decides exactly as a search of
 * each row on its own. Hits go to each thread's hitsort; the caller's
 * thread merges them and calls back, so the order is that of one sort
 * by (rank, sortkey, key), whatever the threads and the budget.
 */

struct range {
	int	d;		/* 0 user, 1 bundled */
	int64_t	lo, hi;		/* ids [lo, hi) */
};

/* A row in the buffer: headword at off, body after its newline. */
struct entry {
	int64_t	key;
	int64_t	srcid;		/* SEARCH_SOURCES: source_id, -1 none */
	long	srcline;
	size_t	off, hwlen, blen;
	size_t	sk, sklen;	/* the sortkey, in the worker's sk */
	bool	hwnull, bnull;
};

struct worker {
	struct search_scan	 r;
	/* A full scan on two threads: this one also matches the aliases of
	 * database ad from fold acut on, before the barrier; or takes parts
	 * of its pack apack. */
	pthread_barrier_t	*abar;
	int			 ad;
	const char		*acut;
	struct apack		*apack;
	sqlite3			*db[2];	/* per database */
	const char		*schema[2];
	bool			 own;	/* db[] opened by this worker */
	sqlite3_stmt		*rows[2], *aliases[2];
	const struct range	*rg;	/* every chunk; both threads take from */
	size_t			 nrg;
	atomic_size_t		*next;	/* the next chunk to read */
	struct buf		 text, sk;
	struct entry		*e;
	size_t			 ne, ecap;
	struct hitsort		*hits;
	pthread_t		 tid;
	int			 rc;	/* -1: failed, err says why */
	atomic_int		*failed;	/* either thread: the other stops */
	char			 err[512];
};

static bool
cancelled(const struct search_scan *r)
{
	return r->cancel != NULL && *r->cancel;
}

static int
limit_error(struct search_scan *r)
{
	snprintf(r->err, r->errsz, "pattern too complex (backtracking or "
	    "time limit reached); simplify it, e.g. avoid nested quantifiers");
	return -1;
}

/* Row i through the exact per-field match; its hit to w->hits. at:
 * where the buffer search found the first match in it (past its end:
 * none, an alias may match; 0: it could not tell).
 *
 * A match of the headword on its own is one where it stands in the
 * buffer (buffer_safe), and the buffer search reports the first: one
 * found in the body, or none, says the headword has none, and its
 * regex call is saved (most hits of a common pattern are in bodies). */
static int
verify(struct worker *w, size_t i, size_t at)
{
	const struct entry *e = &w->e[i];
	const char *hw = w->text.s + e->off;
	size_t boff = e->off + e->hwlen + 1;
	struct hitrec h;
	struct hitrow row;

	w->r.aliases = w->aliases[e->key & 1];
	if (row_match(&w->r, e->key, e->hwnull || at >= boff ? NULL : hw,
	    e->hwlen,
	    e->bnull ? NULL : hw + e->hwlen + 1, e->blen, at > boff ? at - boff :
	    0) < 0)
		return -1;
	if (w->r.hit.len < sizeof h)
		return 0;
	memcpy(&h, w->r.hit.s, sizeof h);
	row.rank = w->r.flags & SEARCH_RANKED ? (int64_t)h.where * 1000 +
	    (SEARCH_COUNT_MAX - (h.count < SEARCH_COUNT_MAX ? h.count :
	    SEARCH_COUNT_MAX)) : 0;
	row.key = e->key;
	row.lineno = h.lineno;
	row.ms = h.ms;
	row.ml = h.ml;
	row.where = h.where;
	row.count = h.count;
	row.srcid = e->srcid;
	row.srcline = e->srcline;
	row.sortkey = e->sklen > 0 ? w->sk.s + e->sk : "";
	row.sklen = e->sklen;
	row.headword = hw;
	row.hwlen = e->hwnull ? 0 : e->hwlen;
	row.line = w->r.hit.s + sizeof h;
	row.linelen = w->r.hit.len - sizeof h;
	return hitsort_add(w->hits, &row, w->r.err, w->r.errsz);
}

/* The row whose text holds byte at: the last one starting at or before. */
static size_t
entry_at(const struct worker *w, size_t lo, size_t at)
{
	size_t hi = w->ne;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (w->e[mid].off <= at)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The next place at or after pos a match may hold: narrowed, where the
 * needle or the anchor is, else the pattern's own first match. 1: *at is
 * set; 0: none; -1: the match limit. */
static int
buffer_next(struct worker *w, bool narrowed, size_t pos, size_t *at)
{
	struct search *s = w->r.s;
	int rc;

	if (narrowed && s->needle != NULL) {
		*at = needle_find(s->needle, w->text.s, w->text.len, pos);
		return *at != SIZE_MAX;
	}
	rc = pcre2_match(narrowed ? s->anchor : s->filter,
	    (PCRE2_SPTR)w->text.s, w->text.len, pos, 0, s->fmd, s->fmc);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0)
		return -1;
	*at = pcre2_get_ovector_pointer(s->fmd)[0];
	return 1;
}

/*
 * The rows in the buffer: one regex call finds the next row with a
 * match (buffer_safe: every row that matches on its own does here), and
 * the next call starts at the row after it. A call that hits its limit
 * (the buffer is larger than a row) leaves the rest of the buffer to
 * row_match, which applies the limit row by row as ever.
 *
 * With a needle (needle.h) or an anchor (pattern.h), the search finds
 * the next row holding one, and the pattern runs on that row alone: a
 * row without one cannot match. When most rows hold one, that is two
 * calls a row where one would do, so from then on the buffer is
 * searched as a whole; unless the needle is the whole pattern, and
 * where it is, is where the row's first match is.
 */
static int
scan_filter(struct worker *w)
{
	struct search *s = w->r.s;
	size_t next = 0, pos = 0, seen = 0, held = 0;
	bool narrowed = s->needle != NULL || s->anchor != NULL;

	while (next < w->ne) {
		size_t i, at, from = next;
		int rc;

		pcre2_set_match_limit(s->fmc, SEARCH_MATCH_LIMIT *
		    (uint32_t)(w->ne - next < 1000 ? w->ne - next : 1000));
		rc = buffer_next(w, narrowed, pos, &at);
		if (rc == 0)
			break;
		if (rc < 0) {
			for (; next < w->ne; next++)
				if (verify(w, next, 0) < 0)
					return -1;
			return 0;
		}
		i = entry_at(w, next, at);
		for (; next < i; next++)
			if (alias_maybe(&w->r, w->e[next].key) &&
			    verify(w, next, SIZE_MAX) < 0)
				return -1;
		if (narrowed && !s->whole) {
			size_t end = i + 1 < w->ne ? w->e[i + 1].off :
			    w->text.len;

			pcre2_set_match_limit(s->fmc, SEARCH_MATCH_LIMIT);
			rc = pcre2_match(s->filter, (PCRE2_SPTR)w->text.s, end,
			    w->e[i].off, 0, s->fmd, s->fmc);
			/* No match: only an alias may; a limit: field by
			 * field, as above. */
			at = rc >= 0 ? pcre2_get_ovector_pointer(s->fmd)[0] :
			    rc == PCRE2_ERROR_NOMATCH ? SIZE_MAX : 0;
			seen += i + 1 - from;
			if (++held >= 64 && held * 2 > seen)
				narrowed = false;
		}
		if ((at != SIZE_MAX || alias_maybe(&w->r, w->e[i].key)) &&
		    verify(w, i, at) < 0)
			return -1;
		next = i + 1;
		if (next < w->ne)
			pos = w->e[next].off;
	}
	for (; next < w->ne; next++)
		if (alias_maybe(&w->r, w->e[next].key) &&
		    verify(w, next, SIZE_MAX) < 0)
			return -1;
	return 0;
}

/* Search the rows gathered so far, then forget them. */
static int
scan_flush(struct worker *w)
{
	int rc = 0;

	if (w->ne > 0 && !cancelled(&w->r) && !atomic_load(w->failed)) {
		if (deadline_passed(w->r.s))
			rc = limit_error(&w->r);
		else if (w->r.s->filter != NULL && !w->r.s->exact)
			rc = scan_filter(w);
		else
			for (size_t i = 0; i < w->ne && rc == 0; i++)
				rc = verify(w, i, 0);
	}
	w->ne = 0;
	w->text.len = 0;
	w->sk.len = 0;
	return rc;
}

/* The statements of database d on the worker's connection. */
static int
scan_prepare(struct worker *w, int d)
{
	struct buf sql = { 0 };
	int rc;

	if (w->rows[d] != NULL)
		return 0;
	buf_printf(&sql, "SELECT id, sortkey, headword, %s%s FROM %s.term"
	    " WHERE id >= ?1 AND id < ?2", w->r.flags & SEARCH_HEADWORDS_ONLY ?
	    "NULL" : "body", w->r.flags & SEARCH_SOURCES ?
	    ", source_id, line" : "", w->schema[d]);
	rc = sqlite3_prepare_v2(w->db[d], sql.s, -1, &w->rows[d], NULL);
	buf_free(&sql);
	/* A key's aliases by position. The caller's connection has the
	 * view a (which knows schemas before alias.pos); a worker's own
	 * needs schema 3 or later, or it is not started. */
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(w->db[d], w->own ? "SELECT name FROM"
		    " main.alias WHERE term_id = ?1 >> 1 ORDER BY pos" :
		    "SELECT name FROM a WHERE id = ?1 >> 1 AND key = ?1"
		    " ORDER BY pos", -1, &w->aliases[d], NULL);
	if (rc != SQLITE_OK) {
		snprintf(w->r.err, w->r.errsz, "sqlite: %s",
		    sqlite3_errmsg(w->db[d]));
		return -1;
	}
	return 0;
}

static int
scan_range(struct worker *w, const struct range *g)
{
	sqlite3_stmt *st = w->rows[g->d];
	int step;

	sqlite3_bind_int64(st, 1, g->lo);
	sqlite3_bind_int64(st, 2, g->hi);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct entry *e;
		const char *hw = (const char *)sqlite3_column_text(st, 2);
		size_t hwlen = (size_t)sqlite3_column_bytes(st, 2);
		const char *body = (const char *)sqlite3_column_text(st, 3);
		size_t blen = (size_t)sqlite3_column_bytes(st, 3);
		const void *sk = sqlite3_column_blob(st, 1);
		size_t sklen = (size_t)sqlite3_column_bytes(st, 1);

		w->e = xgrow(w->e, w->ne, &w->ecap, 256, sizeof *w->e);
		e = &w->e[w->ne++];
		e->key = sqlite3_column_int64(st, 0) << 1 | g->d;
		e->srcid = -1;
		e->srcline = 0;
		if ((w->r.flags & SEARCH_SOURCES) &&
		    sqlite3_column_type(st, 4) != SQLITE_NULL) {
			e->srcid = sqlite3_column_int64(st, 4);
			e->srcline = (long)sqlite3_column_int64(st, 5);
		}
		e->off = w->text.len;
		e->hwlen = hw != NULL ? hwlen : 0;
		e->blen = body != NULL ? blen : 0;
		e->hwnull = hw == NULL;
		e->bnull = body == NULL;
		e->sk = w->sk.len;
		e->sklen = sk != NULL ? sklen : 0;
		if (sk != NULL)
			buf_add(&w->sk, sk, sklen);
		buf_grow(&w->text, e->hwlen + e->blen + 2);
		if (hw != NULL)
			memcpy(w->text.s + w->text.len, hw, hwlen);
		w->text.len += e->hwlen;
		w->text.s[w->text.len++] = '\n';
		if (body != NULL)
			memcpy(w->text.s + w->text.len, body, blen);
		w->text.len += e->blen;
		w->text.s[w->text.len++] = '\n';
		if (w->text.len >= SEARCH_BATCH && scan_flush(w) < 0) {
			sqlite3_reset(st);
			return -1;
		}
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE && !cancelled(&w->r)) {
		snprintf(w->r.err, w->r.errsz, "sqlite: %s",
		    sqlite3_errmsg(w->db[g->d]));
		return -1;
	}
	return 0;
}

/* Chunks one at a time from the queue the threads share, so neither is
 * left idle while the other still has rows (halves cut in advance ended
 * up to 14 ms apart at 100K terms). */
static int
scan_ranges(struct worker *w)
{
	size_t i;

	while ((i = atomic_fetch_add(w->next, 1)) < w->nrg &&
	    !cancelled(&w->r) && !atomic_load(w->failed))
		if (scan_prepare(w, w->rg[i].d) < 0 ||
		    scan_range(w, &w->rg[i]) < 0) {
			atomic_store(w->failed, 1);
			return -1;
		}
	if (scan_flush(w) < 0) {
		atomic_store(w->failed, 1);
		return -1;
	}
	return 0;
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	int rc = 0;

	if (w->apack != NULL) {
		if ((rc = alias_pack(&w->r, w->db[w->ad], w->schema[w->ad],
		    w->ad, w->apack)) < 0)
			atomic_store(w->failed, 1);
		apack_wait_all(w->apack);
	}
	if (w->abar != NULL) {
		rc = alias_part(&w->r, w->db[w->ad], w->schema[w->ad], w->ad,
		    w->acut, NULL);
		if (rc < 0)
			atomic_store(w->failed, 1);
		pthread_barrier_wait(w->abar);
	}
	w->rc = rc < 0 ? -1 : scan_ranges(w);
	return NULL;
}

static void
worker_init(struct worker *w, const struct search_scan *r,
    struct search *s, size_t budget, atomic_int *failed)
{
	memset(w, 0, sizeof *w);
	w->failed = failed;
	w->r = *r;
	w->r.s = s;
	w->r.aliases = NULL;
	memset(&w->r.hit, 0, sizeof w->r.hit);
	w->hits = hitsort_new(budget);
}

static void
worker_close(struct worker *w)
{
	for (int d = 0; d < 2; d++) {
		sqlite3_finalize(w->rows[d]);
		sqlite3_finalize(w->aliases[d]);
		if (w->own && w->db[d] != NULL) {
			sqlite3_exec(w->db[d], "COMMIT", NULL, NULL, NULL);
			sqlite3_close(w->db[d]);
		}
		w->rows[d] = w->aliases[d] = NULL;
		w->db[d] = NULL;
	}
	w->own = false;
}

static void
worker_free(struct worker *w)
{
	worker_close(w);
	buf_free(&w->text);
	buf_free(&w->sk);
	buf_free(&w->r.hit);
	free(w->e);
	hitsort_free(w->hits);
}

/* A thread's own connections (no mutex: one thread uses them): each
 * database its ranges read, as corpus.c attaches it (the bundled file
 * is immutable), with the statements prepared, so that a failure here
 * means the caller's connection, or scanning alone. */
static bool
worker_own(struct worker *w, sqlite3 *main_db)
{
	w->own = true;
	if (!sqlite3_threadsafe())
		return false;
	for (size_t i = 0; i <= w->nrg; i++) {
		int d = i < w->nrg ? w->rg[i].d : w->ad;
		const char *path = sqlite3_db_filename(main_db, schema_of[d]);
		char *uri;
		int rc;

		if (w->db[d] != NULL || (i == w->nrg && w->abar == NULL &&
		    w->apack == NULL))
			continue;
		if (path == NULL || *path == '\0')
			return false;
		uri = file_uri(path, d == 1 ? "mode=ro&immutable=1" : "mode=ro");
		rc = sqlite3_open_v2(uri, &w->db[d], SQLITE_OPEN_READONLY |
		    SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
		free(uri);
		w->schema[d] = "main";
		/* One read transaction: the ranges of the user's file are
		 * read as of one moment, and an import running alongside
		 * is waited for, as the caller's connection waits. */
		/* Rows are read once, in order: a small page cache is as
		 * good as a large one, and smaller. */
		if (rc != SQLITE_OK || sqlite3_busy_timeout(w->db[d],
		    DB_BUSY_MS) != SQLITE_OK || sqlite3_exec(w->db[d],
		    "PRAGMA cache_size = -256; BEGIN", NULL, NULL, NULL) !=
		    SQLITE_OK || scan_prepare(w, d) < 0)
			return false;
		if (w->r.cancel != NULL)
			sqlite3_progress_handler(w->db[d], 10000, progress,
			    &w->r);
	}
	return true;
}

/* The ranges of ids to read: per database, the blocks the trigram index
 * lists for s's literals, or all. */
static int
scan_plan(struct search *s, sqlite3 *db, const int64_t lo[2],
    const int64_t hi[2], struct range **out, size_t *nout, int64_t *total,
    char *err, size_t errsz)
{
	size_t n = 0, cap = 0;
	struct range *v = NULL;

	*total = 0;
	for (int d = 0; d < 2; d++) {
		unsigned char *bits = NULL;
		int64_t nb = 0;
		int rc = 0;

		if (lo[d] >= hi[d])
			continue;
		if (s->nlits > 0 && (rc = gram_blocks(db, schema_of[d],
		    s->lits, s->nlits, &bits, &nb)) < 0) {
			snprintf(err, errsz, "sqlite: %s", sqlite3_errmsg(db));
			free(v);
			return -1;
		}
		if (rc == 0) {
			v = xgrow(v, n, &cap, 4, sizeof *v);
			v[n++] = (struct range){ d, lo[d], hi[d] };
			*total += hi[d] - lo[d];
			continue;
		}
		/* Runs of listed blocks, cut to the ids there are. */
		for (int64_t b = 0; b < nb; b++) {
			int64_t e = b, a, z;

			if (!(bits[b >> 3] & (1u << (b & 7))))
				continue;
			while (e + 1 < nb && (bits[(e + 1) >> 3] &
			    (1u << ((e + 1) & 7))))
				e++;
			a = b << GRAM_SHIFT;
			z = (e + 1) << GRAM_SHIFT;
			a = a > lo[d] ? a : lo[d];
			z = z < hi[d] ? z : hi[d];
			if (a < z) {
				v = xgrow(v, n, &cap, 4, sizeof *v);
				v[n++] = (struct range){ d, a, z };
				*total += z - a;
			}
			b = e;
		}
		free(bits);
	}
	*out = v;
	*nout = n;
	return 0;
}

/* Cut the ranges of v into chunks of at most size ids. */
static void
scan_chunks(struct range **v, size_t *n, int64_t size)
{
	struct range *c = NULL;
	size_t k = 0, cap = 0;

	for (size_t i = 0; i < *n; i++)
		for (int64_t lo = (*v)[i].lo; lo < (*v)[i].hi; lo += size) {
			c = xgrow(c, k, &cap, 64, sizeof *c);
			c[k].d = (*v)[i].d;
			c[k].lo = lo;
			c[k].hi = (*v)[i].hi - lo > size ? lo + size : (*v)[i].hi;
			k++;
		}
	free(*v);
	*v = c;
	*n = k;
}

/* The alias pass for a few blocks: the aliases of their ids only, by
 * the alias_term index, rather than every alias of the corpus. */
static int
alias_ranges(struct search_scan *r, sqlite3 *db, const struct range *rg,
    size_t nrg)
{
	sqlite3_stmt *st[2] = { NULL, NULL };
	int rc = 0;

	for (size_t i = 0; i < nrg && rc == 0; i++) {
		int d = rg[i].d;

		if (st[d] == NULL) {
			char sql[96];

			snprintf(sql, sizeof sql, "SELECT (term_id << 1) | %d, name"
			    " FROM %s.alias WHERE term_id >= ?1 AND term_id < ?2",
			    d, schema_of[d]);
			if (sqlite3_prepare_v2(db, sql, -1, &st[d], NULL) !=
			    SQLITE_OK) {
				snprintf(r->err, r->errsz, "sqlite: %s",
				    sqlite3_errmsg(db));
				rc = -1;
				break;
			}
		}
		sqlite3_bind_int64(st[d], 1, rg[i].lo);
		sqlite3_bind_int64(st[d], 2, rg[i].hi);
		rc = alias_rows(r, db, st[d]);
	}
	sqlite3_finalize(st[0]);
	sqlite3_finalize(st[1]);
	return rc;
}

void
search_set_split_rows(struct search *s, long rows)
{
	s->split_rows = rows > 0 ? rows : SEARCH_SPLIT_ROWS;
}

void
search_set_sort_budget(struct search *s, size_t bytes)
{
	s->budget = bytes > 0 ? bytes : SEARCH_SORT_BUDGET;
}

void
search_set_exact(struct search *s, bool exact)
{
	s->exact = exact;
}

long
search_run(struct search *s, struct corpus *c, unsigned flags, search_cb cb,
    void *arg, volatile int *cancel, char *err, size_t errsz)
{
	sqlite3 *db = corpus_db(c);
	struct search_scan r = { .s = s, .flags = flags, .err = err,
	    .errsz = errsz, .cancel = cancel };
	struct worker w[2];
	struct search *twin = NULL;
	struct range *rg = NULL;
	size_t nrg = 0;
	int64_t total, all, lo[2], hi[2];
	bool split = false, full;
	long hits = 0;
	int rc = 0, big;
	atomic_int failed = 0;
	atomic_size_t next = 0;
	pthread_barrier_t bar;
	char *cut = NULL;
	struct apack pk[2];

	memset(w, 0, sizeof w);
	for (int d = 0; d < 2; d++) {
		pk[d].n = -1;
		pk[d].done = 0;
		pk[d].all = false;
		atomic_init(&pk[d].next, 0);
		atomic_init(&pk[d].bad, 0);
		pthread_mutex_init(&pk[d].mu, NULL);
		pthread_cond_init(&pk[d].cv, NULL);
	}
	/* One budget for the whole scan, so a pattern just under the limit
	 * on every row cannot add up to minutes; it grows by 10 ms per
	 * thousand rows, as a plain scan of a million rows takes seconds. */
	corpus_ids(c, lo, hi);
	deadline_set(s, SEARCH_RUN_MS + (long)((hi[0] - lo[0] + hi[1] -
	    lo[1]) / 100));
	s->in_run = true;
	if (cancel != NULL)
		sqlite3_progress_handler(db, 10000, progress, &r);
	/* No block holds a literal: no term can match, by an alias either.
	 * A few blocks: only their aliases. Otherwise every alias (a full
	 * pass), on two threads when the scan takes two. */
	if ((rc = scan_plan(s, db, lo, hi, &rg, &nrg, &total, err,
	    errsz)) < 0)
		goto out;
	all = hi[0] - lo[0] + hi[1] - lo[1];
	full = nrg > 0 && total * 16 >= all;
	big = hi[1] - lo[1] > hi[0] - lo[0];
	if (nrg > 0) {
		r.nabits = (hi[0] > hi[1] ? hi[0] : hi[1]) << 1 | 1;
		r.abits = xcalloc((size_t)(r.nabits >> 3) + 1, 1);
	}
	if (nrg > 0 && !full && (rc = alias_ranges(&r, db, rg, nrg)) < 0)
		goto out;
	/* A full pass reads each database's alias pack where it has one
	 * to trust, its alias rows otherwise. */
	for (int d = 0; d < 2 && full; d++)
		if (lo[d] < hi[d])
			pk[d].n = aliaspack_parts(db, schema_of[d]);
	worker_init(&w[0], &r, s, s->budget / 2, &failed);
	if (total >= s->split_rows && total >= 2 &&
	    sysconf(_SC_NPROCESSORS_ONLN) > 1) {
		/* Chunks of an eighth of the rows that make a scan take
		 * two threads: 2,500 ids, about a millisecond each. */
		scan_chunks(&rg, &nrg, s->split_rows / 8 > 0 ?
		    s->split_rows / 8 : 1);
		twin = search_twin(s);
		worker_init(&w[1], &r, twin, s->budget / 2, &failed);
		w[1].err[0] = '\0';
		w[1].r.err = w[1].err;
		w[1].r.errsz = sizeof w[1].err;
		w[1].rg = rg;
		w[1].nrg = nrg;
		w[1].next = &next;
		/* The big database's aliases: parts of its pack taken by
		 * both threads, or rows cut at a letter. */
		if (full && pk[big].n > 0) {
			w[1].ad = big;
			w[1].apack = &pk[big];
		} else if (full && pk[big].n < 0 &&
		    (cut = alias_cut(db, big)) != NULL &&
		    pthread_barrier_init(&bar, NULL, 2) == 0) {
			w[1].abar = &bar;
			w[1].ad = big;
			w[1].acut = cut;
		}
		split = worker_own(&w[1], db) && pthread_create(&w[1].tid, NULL,
		    worker_main, &w[1]) == 0;
		if (!split) {
			if (w[1].abar != NULL)
				pthread_barrier_destroy(&bar);
			worker_free(&w[1]);
			memset(&w[1], 0, sizeof w[1]);
		}
	}
	if (full) {
		/* The second thread has the big database's aliases from
		 * the cut on, or the parts of its pack it takes; this one
		 * the rest. Both wait for both (alias_pack for the parts). */
		bool half = split && w[1].abar != NULL;

		for (int d = 0; d < 2 && rc == 0; d++)
			if (lo[d] < hi[d])
				rc = pk[d].n >= 0 ? alias_pack(&r, db,
				    schema_of[d], d, &pk[d]) : alias_part(&r,
				    db, schema_of[d], d, NULL, half && d == big ?
				    cut : NULL);
		if (rc < 0)
			atomic_store(&failed, 1);
		if (split && w[1].apack != NULL)
			apack_all(w[1].apack);
		if (half) {
			pthread_barrier_wait(&bar);
			pthread_barrier_destroy(&bar);
		}
		if (rc < 0) {
			if (split)
				pthread_join(w[1].tid, NULL);
			goto out;
		}
	}
	w[0].rg = rg;
	w[0].nrg = nrg;
	w[0].next = &next;
	if (!worker_own(&w[0], db)) {
		worker_close(&w[0]);
		w[0].db[0] = w[0].db[1] = db;
		w[0].schema[0] = schema_of[0];
		w[0].schema[1] = schema_of[1];
	}
	w[0].rc = scan_ranges(&w[0]);
	if (split)
		pthread_join(w[1].tid, NULL);
	if (cancelled(&r))
		goto out;
	if (w[0].rc < 0 || (split && w[1].rc < 0)) {
		if (w[0].rc >= 0)
			snprintf(err, errsz, "%s", w[1].err);
		rc = -1;
		goto out;
	}
	{
		struct hitsort *v[2] = { w[0].hits, w[1].hits };
		struct hitmerge *m = hitmerge_new(v, split ? 2 : 1);
		struct hitrow row;
		struct sources sp = { .db = db };
		int got;

		w[0].hits = w[1].hits = NULL;
		while (!cancelled(&r) && (got = hitmerge_next(m, &row, err,
		    errsz)) != 0) {
			if (got < 0) {
				rc = -1;
				break;
			}
			hits++;
			if (!emit(&row, flags & SEARCH_SOURCES ? &sp : NULL,
			    cb, arg))
				break;
		}
		hitmerge_free(m);
		sources_free(&sp);
	}
out:
	worker_free(&w[0]);
	if (split)
		worker_free(&w[1]);
	search_free(twin);
	free(rg);
	sqlite3_progress_handler(db, 0, NULL, NULL);
	free(r.abits);
	free(cut);
	for (int d = 0; d < 2; d++) {
		pthread_mutex_destroy(&pk[d].mu);
		pthread_cond_destroy(&pk[d].cv);
	}
	s->in_run = false;
	return rc < 0 ? -1 : hits;
}
