/* search.c - PCRE2 over the corpus, with an FTS5 trigram prefilter. */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pcre2.h>
#include <sqlite3.h>

#include "corpus.h"
#include "search.h"
#include "text.h"
#include "util.h"

#define SEARCH_MATCH_LIMIT	100000	/* per subject: see engineering notes */
#define SEARCH_DEPTH_LIMIT	10000
#define SEARCH_HEAP_LIMIT	8192	/* KiB */
#define SEARCH_MAX_PATTERN	4096
#define SEARCH_MIN_LITERAL	3	/* the trigram index needs three */
#define SEARCH_EXEC_MS		250	/* one search_exec() */
#define SEARCH_RUN_MS		2000	/* one whole search_run() */
#define SEARCH_CLOCK_EVERY	1024	/* callouts between clock reads */

struct search {
	pcre2_code		*re;
	pcre2_code		*fast;	/* same, no callouts; NULL if unsafe */
	pcre2_match_data	*md;
	pcre2_match_context	*mc;
	pcre2_jit_stack		*js;
	char			*literal;	/* a substring every match has, or NULL */
	struct timespec		 deadline;
	unsigned		 ticks;
	bool			 in_run;	/* search_run() set the deadline */
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

/*
 * The longest run of plain letters, digits and spaces that every match
 * must contain. Any alternation, group or flag setting gives up (a run
 * inside a group might be optional); a character followed by a quantifier
 * ends the run before it. Returning NULL is always safe: it only means no
 * prefilter.
 */
static char *
required_literal(const char *p)
{
	size_t i, best = 0, bstart = 0, start = 0, n = strlen(p);
	bool cls = false;

	for (i = 0; i < n; i++)
		if (p[i] == '|' || p[i] == '(' || p[i] == ')')
			return NULL;
	for (i = 0; i <= n; i++) {
		unsigned char c = i < n ? (unsigned char)p[i] : 0;
		bool plain = !cls && (isalnum(c) || c == ' ');

		if (plain && i + 1 < n && strchr("*+?{", p[i + 1]) != NULL)
			plain = false;
		if (!plain) {
			if (i - start > best) {
				best = i - start;
				bstart = start;
			}
			start = i + 1;
			if (c == '\\' && i + 1 < n)
				i++, start = i + 1;
			else if (c == '[')
				cls = true;
			else if (c == ']' && cls)
				cls = false;
		}
	}
	return best >= SEARCH_MIN_LITERAL ? xstrndup(p + bstart, best) : NULL;
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
	s->md = pcre2_match_data_create_from_pattern(s->re, NULL);
	s->mc = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(s->mc, SEARCH_MATCH_LIMIT);
	pcre2_set_depth_limit(s->mc, SEARCH_DEPTH_LIMIT);
	pcre2_set_heap_limit(s->mc, SEARCH_HEAP_LIMIT);
	pcre2_set_callout(s->mc, callout, s);
	s->js = pcre2_jit_stack_create(32 * 1024, 512 * 1024, NULL);
	if (s->js != NULL)
		pcre2_jit_stack_assign(s->mc, NULL, s->js);
	s->literal = required_literal(pattern);
	return s;
}

void
search_free(struct search *s)
{
	if (s == NULL)
		return;
	pcre2_match_data_free(s->md);
	pcre2_match_context_free(s->mc);
	pcre2_jit_stack_free(s->js);
	pcre2_code_free(s->re);
	pcre2_code_free(s->fast);
	free(s->literal);
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

/* text as one FTS5 phrase: "...", inner quotes doubled. */
static char *
fts_phrase(const char *text)
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

char *
search_fts_quote(const char *text)
{
	struct buf b = { 0 };
	const char *p = text;

	while (*p != '\0') {
		const char *q;

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		for (q = p; *q != '\0' && *q != ' ' && *q != '\t'; q++)
			;
		if (b.len > 0)
			buf_addc(&b, ' ');
		buf_addc(&b, '"');
		for (; p < q; p++) {
			if (*p == '"')
				buf_addc(&b, '"');
			buf_addc(&b, *p);
		}
		buf_addc(&b, '"');
	}
	/* Blank text: an empty phrase matches nothing, where "" would be an
	 * FTS5 syntax error. */
	if (b.len == 0)
		buf_adds(&b, "\"\"");
	return buf_take(&b);
}

/* Report one hit: the matching line of subject around offset ms. */
static bool
emit(const char *subject, size_t len, size_t ms, size_t ml, long lineno,
    int64_t key, const char *headword, search_cb cb, void *arg)
{
	struct search_hit h;
	size_t ls = ms, le = ms + ml, n;
	char *before, *line, *hw;
	bool go;

	while (ls > 0 && subject[ls - 1] != '\n')
		ls--;
	while (le < len && subject[le] != '\n')
		le++;
	if (lineno > 0)
		for (size_t i = 0; i < ls; i++)
			if (subject[i] == '\n')
				lineno++;
	/* Offsets must survive sanitizing: clean the part before the
	 * match and the match on their own. */
	before = text_sanitize(subject + ls, ms - ls, false, &n);
	h.mstart = n;
	line = text_sanitize(subject + ls, ms + ml - ls, false, &n);
	h.mlen = n - h.mstart;
	free(line);
	line = text_sanitize(subject + ls, le - ls, false, NULL);
	free(before);
	/* The database may have been written by something other than the
	 * importer: callers print the headword as it comes. */
	hw = text_sanitize(headword, strlen(headword), false, NULL);
	h.key = key;
	h.headword = hw;
	h.line = line;
	h.lineno = lineno;
	go = cb(&h, arg);
	free(line);
	free(hw);
	return go;
}

/* State of one search_run() shared with the SQL function lore_match. */
struct run {
	struct search	*s;
	char		*err;
	size_t		 errsz;
	bool		 failed;	/* limit hit: err is set */
	volatile int	*cancel;
};

/* Does the first match of s fall in subject? For aliases, each name
 * (one per line) on its own, so "^soft" may match any of them. */
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

/* lore_match(text [, lines]): 1 if the pattern matches. Runs inside the
 * scan, so only hits reach the sorter (and the caller). */
static void
sql_match(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct run *r = sqlite3_user_data(ctx);
	const char *t = (const char *)sqlite3_value_text(argv[0]);
	size_t ms, ml;
	int rc;

	if (t == NULL || r->failed) {
		sqlite3_result_int(ctx, 0);
		return;
	}
	rc = match_field(r->s, t, (size_t)sqlite3_value_bytes(argv[0]),
	    argc > 1, &ms, &ml, r->err, r->errsz);
	if (rc < 0) {
		r->failed = true;
		sqlite3_result_error(ctx, r->err, -1);
		return;
	}
	sqlite3_result_int(ctx, rc);
}

static int
progress(void *arg)
{
	struct run *r = arg;

	return r->cancel != NULL && *r->cancel;
}

/* Rows the run may scan: its time budget grows with them. */
static int64_t
corpus_rows(struct corpus *c)
{
	sqlite3 *db = corpus_db(c);
	int64_t n = 0;

	for (int d = 0; d < 2; d++) {
		sqlite3_stmt *st;
		char sql[64];

		if (!corpus_has(c, d))
			continue;
		snprintf(sql, sizeof sql, "SELECT max(rowid) FROM %s.term",
		    d == 0 ? "u" : "b");
		if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			n += sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	return n;
}

long
search_run(struct search *s, struct corpus *c, unsigned flags, search_cb cb,
    void *arg, volatile int *cancel, char *err, size_t errsz)
{
	sqlite3 *db = corpus_db(c);
	sqlite3_stmt *st;
	struct buf sql = { 0 };
	struct run r = { s, err, errsz, false, cancel };
	long hits = 0;
	int rc = 0, step;

	/*
	 * The scan runs in storage order (rowid, or the prefilter's rowids),
	 * not A-Z: walking term_sort read body pages at random, each several
	 * times (2x the time at 100K terms, more once the file outgrows the
	 * page cache). lore_match keeps only hits; "+sortkey" stops SQLite
	 * from walking the index for the ORDER BY, so the hits are sorted
	 * (SQLite's sorter spills to a temporary file, so memory stays
	 * bounded). Aliases are fetched only for rows whose headword and
	 * body did not match.
	 */
	buf_adds(&sql, "SELECT key, headword, body, (SELECT group_concat(name,"
	    " char(10)) FROM a WHERE a.id = t.id AND a.key = t.key) FROM t"
	    " WHERE (lore_match(headword)");
	if (!(flags & SEARCH_HEADWORDS_ONLY))
		buf_adds(&sql, " OR lore_match(body)");
	buf_adds(&sql, " OR lore_match((SELECT group_concat(name, char(10))"
	    " FROM a WHERE a.id = t.id AND a.key = t.key), 1))");
	if (s->literal != NULL) {
		/* Every match contains the literal, so only rows the trigram
		 * index finds it in can match. */
		bool first = true;

		buf_adds(&sql, " AND key IN (");
		for (int d = 0; d < 2; d++) {
			if (!corpus_has(c, d))
				continue;
			if (!first)
				buf_adds(&sql, " UNION ALL ");
			buf_printf(&sql, "SELECT (rowid << 1) | %d FROM %s.term_fts"
			    " WHERE term_fts MATCH ?1", d, d == 0 ? "u" : "b");
			first = false;
		}
		buf_adds(&sql, ")");
	}
	buf_adds(&sql, " ORDER BY +sortkey, +key");
	if (sqlite3_create_function(db, "lore_match", -1, SQLITE_UTF8, &r,
	    sql_match, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql.s, -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errsz, "sqlite: %s", sqlite3_errmsg(db));
		buf_free(&sql);
		return -1;
	}
	buf_free(&sql);
	/* One budget for the whole scan, so a pattern just under the limit
	 * on every row cannot add up to minutes; it grows by 10 ms per
	 * thousand rows, as a plain scan of a million rows takes seconds. */
	deadline_set(s, SEARCH_RUN_MS + (long)(corpus_rows(c) / 100));
	s->in_run = true;
	if (cancel != NULL)
		sqlite3_progress_handler(db, 10000, progress, &r);
	if (s->literal != NULL) {
		/* One phrase: the literal may hold spaces. */
		char *q = fts_phrase(s->literal);

		sqlite3_bind_text(st, 1, q, -1, SQLITE_TRANSIENT);
		free(q);
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t key = sqlite3_column_int64(st, 0);
		const char *hw = (const char *)sqlite3_column_text(st, 1);
		const char *body = (const char *)sqlite3_column_text(st, 2);
		const char *al = (const char *)sqlite3_column_text(st, 3);
		size_t ms, ml;

		if (cancel != NULL && *cancel)
			break;
		/* A hit: find where, headword first, then aliases, then
		 * the body, and report that line. */
		if ((rc = search_exec(s, hw, strlen(hw), 0, &ms, &ml, err,
		    errsz)) == 1) {
			hits++;
			if (!emit(hw, strlen(hw), ms, ml, 0, key, hw, cb, arg))
				break;
			continue;
		}
		if (rc < 0)
			break;
		if (al != NULL && (rc = match_field(s, al, strlen(al), true, &ms,
		    &ml, err, errsz)) == 1) {
			hits++;
			if (!emit(al, strlen(al), ms, ml, 0, key, hw, cb, arg))
				break;
			continue;
		}
		if (rc < 0 || (flags & SEARCH_HEADWORDS_ONLY) || body == NULL)
			continue;
		if ((rc = search_exec(s, body, strlen(body), 0, &ms, &ml, err,
		    errsz)) == 1) {
			hits++;
			if (!emit(body, strlen(body), ms, ml, 1, key, hw, cb, arg))
				break;
		}
	}
	if (rc >= 0 && step != SQLITE_ROW && step != SQLITE_DONE &&
	    !(cancel != NULL && *cancel)) {
		if (!r.failed)
			snprintf(err, errsz, "sqlite: %s", sqlite3_errmsg(db));
		rc = -1;
	}
	sqlite3_finalize(st);
	sqlite3_progress_handler(db, 0, NULL, NULL);
	sqlite3_create_function(db, "lore_match", -1, SQLITE_UTF8, NULL, NULL,
	    NULL, NULL);
	s->in_run = false;
	return rc < 0 ? -1 : hits;
}
