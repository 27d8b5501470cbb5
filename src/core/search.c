/* search.c - PCRE2 over the corpus, with an FTS5 trigram prefilter. */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
#define SEARCH_SPLIT_ROWS	20000	/* a full scan this large takes two threads */
#define SEARCH_CLOCK_EVERY	1024	/* callouts between clock reads */

struct search {
	pcre2_code		*re;
	pcre2_code		*fast;	/* same, no callouts; NULL if unsafe */
	pcre2_match_data	*md;
	pcre2_match_context	*mc;
	pcre2_jit_stack		*js;
	char			*fts;	/* FTS5 query for the rows a match can be in */
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

/*
 * Required literals. Every match of the pattern contains at least one of
 * the strings in a struct lits (n == 0: none is known), so the trigram
 * index can narrow the rows to those holding one of them. Only plain
 * ASCII letters, digits and spaces count, which PCRE2 and the trigram
 * tokenizer fold alike (FTS5 folds U+017F and U+212A too). Whatever the
 * parser is unsure of is "no literal", never a guess: that only costs a
 * full scan.
 */
struct lits {
	char	**v;
	size_t	  n;
	size_t	  minlen;	/* of the shortest in v */
};

struct lex {
	const char	*p;
	size_t		 i, n;
};

static void
lits_free(struct lits *l)
{
	strv_free(l->v, l->n);
	memset(l, 0, sizeof *l);
}

/* Keep the more selective of best and cand (longer literals have rarer
 * trigrams; then fewer of them); free the other. */
static void
lits_keep(struct lits *best, struct lits *cand)
{
	if (cand->n > 0 && (best->n == 0 || cand->minlen > best->minlen ||
	    (cand->minlen == best->minlen && cand->n < best->n))) {
		lits_free(best);
		*best = *cand;
		memset(cand, 0, sizeof *cand);
	} else
		lits_free(cand);
}

static void
run_close(struct buf *run, struct lits *best)
{
	if (run->len >= SEARCH_MIN_LITERAL) {
		struct lits l = { xcalloc(1, sizeof *l.v), 1, run->len };

		l.v[0] = xstrndup(run->s, run->len);
		lits_keep(best, &l);
	}
	run->len = 0;
}

/* Skip a quantifier at x->i, if any; its minimum count, 1 without one.
 * Anything PCRE2 might read as a counted repeat ("{,3}" and "{ 2 }" are
 * in newer versions) counts as one that may repeat zero times. */
static long
quantifier(struct lex *x, bool *quantified)
{
	const char *p = x->p;
	size_t i = x->i, j;
	long min = 1;

	*quantified = true;
	if (i < x->n && (p[i] == '*' || p[i] == '?'))
		min = 0, i++;
	else if (i < x->n && p[i] == '+')
		i++;
	else if (i < x->n && p[i] == '{') {
		for (j = i + 1; j < x->n && (isdigit((unsigned char)p[j]) ||
		    p[j] == ',' || p[j] == ' '); j++)
			;
		if (j == i + 1 || j >= x->n || p[j] != '}') {
			*quantified = false;	/* a literal '{' */
			return 1;
		}
		min = isdigit((unsigned char)p[i + 1]) ? atol(p + i + 1) : 0;
		i = j + 1;
	} else {
		*quantified = false;
		return 1;
	}
	if (i < x->n && (p[i] == '+' || p[i] == '?'))
		i++;	/* possessive or lazy */
	x->i = i;
	return min;
}

static bool parse_alt(struct lex *, struct lits *);

/* One "(...)" at x->i. *usable: its content must match where the group
 * stands (not a lookaround); *zero: it matched nothing ("(?i)"). */
static bool
parse_group(struct lex *x, struct lits *out, bool *usable, bool *zero)
{
	const char *p = x->p;
	size_t i = x->i + 1;

	memset(out, 0, sizeof *out);
	*usable = true;
	*zero = false;
	if (i < x->n && p[i] == '*')
		return false;	/* verbs, (*pla:...), start options */
	if (i < x->n && p[i] == '?') {
		char c = ++i < x->n ? p[i] : '\0';

		if (c == ':' || c == '>' || c == '|')
			i++;
		else if (c == '=' || c == '!')
			i++, *usable = false;
		else if (c == '<' && i + 1 < x->n && (p[i + 1] == '=' ||
		    p[i + 1] == '!'))
			i += 2, *usable = false;
		else if (c == '<' || c == '\'' || (c == 'P' && i + 1 < x->n &&
		    p[i + 1] == '<')) {
			const char *e = memchr(p + i + 1, c == '\'' ? '\'' :
			    '>', x->n - i - 1);

			if (e == NULL)
				return false;
			i = (size_t)(e - p) + 1;
		} else {
			/* Option settings; x or xx would change how the rest
			 * reads, the others do not matter to a superset. */
			while (i < x->n && strchr("imnsJU^-", p[i]) != NULL &&
			    p[i] != '\0')
				i++;
			if (i >= x->n || (p[i] != ')' && p[i] != ':'))
				return false;
			if (p[i] == ')') {
				x->i = i + 1;
				*zero = true;
				return true;
			}
			i++;
		}
	}
	x->i = i;
	if (!parse_alt(x, out))
		return false;
	if (x->i >= x->n || p[x->i] != ')') {
		lits_free(out);
		return false;
	}
	x->i++;
	return true;
}

/* Skip one backslash escape at x->i; false when unsure. */
static bool
skip_escape(struct lex *x)
{
	const char *p = x->p;
	char e;

	if (x->i + 1 >= x->n)
		return false;
	e = p[x->i + 1];
	/* \Q..\E and a lone \E are invisible to a following quantifier,
	 * which would then apply to what came before. */
	if (e == 'Q' || e == 'E')
		return false;
	x->i += 2;
	if (strchr("xocpPNgk", e) != NULL || isdigit((unsigned char)e)) {
		/* An escape with an argument: skip it and, to be safe,
		 * every letter or digit after it ("\x41bc" is "Abc"). */
		if (e == 'c' && x->i < x->n)
			x->i++;
		else if (x->i < x->n && strchr("{<'", p[x->i]) != NULL) {
			char close = p[x->i] == '{' ? '}' : p[x->i] == '<' ?
			    '>' : '\'';
			const char *q = memchr(p + x->i, close, x->n - x->i);

			if (q == NULL)
				return false;
			x->i = (size_t)(q - p) + 1;
		}
		while (x->i < x->n && isalnum((unsigned char)p[x->i]))
			x->i++;
	}
	return true;
}

/* Skip a character class at x->i ("[]a]", "[^]a]", "[[:alpha:]|]"). */
static bool
skip_class(struct lex *x)
{
	const char *p = x->p;
	size_t j = x->i + 1;

	if (j < x->n && p[j] == '^')
		j++;
	if (j < x->n && p[j] == ']')
		j++;
	while (j < x->n && p[j] != ']') {
		if (p[j] == '\\') {
			if (j + 1 >= x->n || p[j + 1] == 'Q' || p[j + 1] == 'E')
				return false;
			j += 2;
		} else if (p[j] == '[' && j + 1 < x->n &&
		    strchr(":.=", p[j + 1]) != NULL) {
			char d = p[j + 1];
			size_t k;

			for (k = j + 2; k + 1 < x->n; k++)
				if (p[k] == d && p[k + 1] == ']')
					break;
			j = k + 1 < x->n ? k + 2 : j + 1;
		} else
			j++;
	}
	if (j >= x->n)
		return false;
	x->i = j + 1;
	return true;
}

/* A sequence up to '|', ')' or the end: the best of its literal runs and
 * of its groups that must match. */
static bool
parse_seq(struct lex *x, struct lits *best)
{
	const char *p = x->p;
	struct buf run = { 0 };

	memset(best, 0, sizeof *best);
	while (x->i < x->n && p[x->i] != '|' && p[x->i] != ')') {
		unsigned char c = (unsigned char)p[x->i];
		struct lits sub = { 0 };
		bool lit = false, group = false, zero = false, q;
		long min;

		if (c == '\\') {
			if (!skip_escape(x))
				goto bail;
		} else if (c == '[') {
			if (!skip_class(x))
				goto bail;
		} else if (c == '(') {
			if (!parse_group(x, &sub, &group, &zero))
				goto bail;
		} else {
			lit = c < 0x80 && (isalnum(c) || c == ' ');
			x->i++;
		}
		min = quantifier(x, &q);
		if (zero && q) {
			lits_free(&sub);	/* "(?i)*": leave it to PCRE2 */
			goto bail;
		}
		if (lit && min >= 1)
			buf_addc(&run, (char)c);
		if (!lit || q)
			run_close(&run, best);
		if (group && min >= 1)
			lits_keep(best, &sub);
		else
			lits_free(&sub);
	}
	run_close(&run, best);
	buf_free(&run);
	return true;
bail:
	buf_free(&run);
	lits_free(best);
	return false;
}

/* Branches up to ')' or the end: one of each branch's literals. */
static bool
parse_alt(struct lex *x, struct lits *out)
{
	bool none = false;

	memset(out, 0, sizeof *out);
	for (;;) {
		struct lits b;

		if (!parse_seq(x, &b)) {
			lits_free(out);
			return false;
		}
		if (b.n == 0)
			none = true;	/* this branch needs no literal */
		else if (!none) {
			out->v = xreallocarray(out->v, out->n + b.n,
			    sizeof *out->v);
			memcpy(out->v + out->n, b.v, b.n * sizeof *b.v);
			out->minlen = out->n == 0 || b.minlen < out->minlen ?
			    b.minlen : out->minlen;
			out->n += b.n;
			free(b.v);
			b.v = NULL, b.n = 0;
		}
		lits_free(&b);
		if (x->i < x->n && x->p[x->i] == '|') {
			x->i++;
			continue;
		}
		break;
	}
	if (none)
		lits_free(out);
	return true;
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

/* The FTS5 query that finds every row a match can be in ("lit" or
 * "lit1" OR "lit2" ...), or NULL: scan everything. */
static char *
fts_query(const char *pattern)
{
	struct lex x = { pattern, 0, strlen(pattern) };
	struct lits l;
	struct buf b = { 0 };

	if (!parse_alt(&x, &l))
		return NULL;
	if (x.i != x.n || l.n == 0) {
		lits_free(&l);
		return NULL;
	}
	for (size_t k = 0; k < l.n; k++) {
		char *q = fts_phrase(l.v[k]);

		if (k > 0)
			buf_adds(&b, " OR ");
		buf_adds(&b, q);
		free(q);
	}
	lits_free(&l);
	return buf_take(&b);
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
	matcher_init(s);
	s->fts = fts_query(pattern);
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
	if (!s->twin) {
		pcre2_code_free(s->re);
		pcre2_code_free(s->fast);
	}
	free(s->fts);
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
	return s->fts;
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

/* Printable ASCII comes out of text_sanitize() unchanged. */
static bool
plain_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f)
			return false;
	return true;
}

/* A hit as it goes through SQLite's sorter: this, then the raw line. */
struct hitrec {
	long	 lineno;
	size_t	 ms, ml;	/* the match, inside the line */
	int	 where;		/* enum search_where */
	unsigned count;		/* matches in the body (SEARCH_RANKED) */
};

/* Report one hit: line[0..len) holds the first match at ms, ml long. */
static bool
emit(const char *line, size_t len, const struct hitrec *rec,
    int64_t key, const char *headword, search_cb cb, void *arg)
{
	size_t ms = rec->ms, ml = rec->ml;
	long lineno = rec->lineno;
	struct search_hit h;
	size_t n;
	bool go;

	h.key = key;
	h.lineno = lineno;
	h.where = (enum search_where)rec->where;
	h.count = rec->count;
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
	h.headword = plain_ascii(headword, strlen(headword)) ?
	    xstrdup(headword) : text_sanitize(headword, strlen(headword), false,
	    NULL);
	go = cb(&h, arg);
	free(h.line);
	free(h.headword);
	return go;
}

/* State of one search_run() shared with the SQL function lore_hit. */
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
	bool		 have_last;	/* lore_hit's answer for row last */
	int64_t		 last;
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
	size_t ls = ms, le = ms + ml;

	while (ls > 0 && subject[ls - 1] != '\n')
		ls--;
	while (le < len && subject[le] != '\n')
		le++;
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
	return r->abits == NULL || (key >= 0 && key < r->nabits &&
	    (r->abits[key >> 3] & (1u << (key & 7))) != 0);
}

/* Does body[0..at) end a first sentence: a '.', '!' or '?' before a
 * space, or a blank line? */
static bool
first_sentence(const char *body, size_t blen, size_t at)
{
	for (size_t i = 0; i < at && i < blen; i++) {
		if ((body[i] == '.' || body[i] == '!' || body[i] == '?') &&
		    i + 1 < blen && (body[i + 1] == ' ' || body[i + 1] == '\n'))
			return false;
		if (body[i] == '\n' && i + 1 < blen && body[i + 1] == '\n')
			return false;
	}
	return true;
}

/* Matches of s in body, up to SEARCH_COUNT_MAX (beyond that, more says
 * little and costs a regex call each): -1 at the limit. */
#define SEARCH_COUNT_MAX	16

static int
count_matches(struct search_scan *r, const char *body, size_t blen, unsigned *n)
{
	size_t off = 0, ms, ml;
	int rc;

	*n = 0;
	while (*n < SEARCH_COUNT_MAX && off <= blen &&
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
 * position), body, into r->hit. -1: limit hit. */
static int
row_match(struct search_scan *r, int64_t key, const char *hw, size_t hwlen,
    const char *body, size_t blen)
{
	size_t ms, ml;
	int rc, where = -1;

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
		if ((rc = search_exec(r->s, body, blen, 0, &ms, &ml, r->err,
		    r->errsz)) <= 0)
			return rc;
		where = first_sentence(body, blen, ms) ?
		    SEARCH_IN_FIRST_SENTENCE : SEARCH_IN_BODY;
		record(r, body, blen, ms, ml, 1, where);
	}
	/* Ranked: how often the body says it orders hits of one place. */
	if (r->flags & SEARCH_RANKED) {
		struct hitrec h;

		memcpy(&h, r->hit.s, sizeof h);
		if (count_matches(r, body, blen, &h.count) < 0)
			return -1;
		memcpy(r->hit.s, &h, sizeof h);
	}
	return 0;
}

/* lore_rank(hit): where it matched, then how often, as one number that
 * sorts best first (0 for a search that is not ranked). */
static void
sql_rank(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const void *b = sqlite3_value_blob(argv[0]);
	struct hitrec h;

	(void)argc;
	if (b == NULL || (size_t)sqlite3_value_bytes(argv[0]) < sizeof h) {
		sqlite3_result_int(ctx, 0);
		return;
	}
	memcpy(&h, b, sizeof h);
	sqlite3_result_int64(ctx, (sqlite3_int64)h.where * 1000 +
	    (SEARCH_COUNT_MAX - (h.count < SEARCH_COUNT_MAX ? h.count :
	    SEARCH_COUNT_MAX)));
}

/* lore_hit(key, headword, body): the row's first match as a struct hitrec
 * and its line, or NULL. Runs inside the scan, so only hits reach the
 * sorter, and as one line each, not the whole body. The WHERE clause and
 * the result column both call it for the same row: the second call
 * reuses the first's answer. */
static void
sql_hit(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct search_scan *r = sqlite3_user_data(ctx);
	int64_t key = sqlite3_value_int64(argv[0]);

	(void)argc;
	if (!r->failed && !(r->have_last && r->last == key)) {
		const char *hw = (const char *)sqlite3_value_text(argv[1]);
		size_t hwlen = (size_t)sqlite3_value_bytes(argv[1]);
		const char *body = (const char *)sqlite3_value_text(argv[2]);
		size_t blen = (size_t)sqlite3_value_bytes(argv[2]);

		r->have_last = true;
		r->last = key;
		if (row_match(r, key, hw, hwlen, body, blen) < 0)
			r->failed = true;
	}
	if (r->failed)
		sqlite3_result_error(ctx, r->err, -1);
	else if (r->hit.len == 0)
		sqlite3_result_null(ctx);
	else
		sqlite3_result_blob(ctx, r->hit.s, (int)r->hit.len,
		    SQLITE_TRANSIENT);
}

static int
progress(void *arg)
{
	struct search_scan *r = arg;

	return r->cancel != NULL && *r->cancel;
}

/* Rows of each database, by their largest rowid. */
static void
corpus_rows(struct corpus *c, int64_t n[2])
{
	sqlite3 *db = corpus_db(c);

	for (int d = 0; d < 2; d++) {
		sqlite3_stmt *st;
		char sql[64];

		n[d] = 0;
		if (!corpus_has(c, d))
			continue;
		snprintf(sql, sizeof sql, "SELECT max(rowid) FROM %s.term",
		    d == 0 ? "u" : "b");
		if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			n[d] = sqlite3_column_int64(st, 0);
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
static int
alias_pass(struct search_scan *r, sqlite3 *db, int64_t maxkey)
{
	sqlite3_stmt *st;
	int step;

	r->nabits = maxkey + 1;
	r->abits = xcalloc((size_t)(r->nabits >> 3) + 1, 1);
	if (sqlite3_prepare_v2(db, "SELECT key, name FROM a", -1, &st,
	    NULL) != SQLITE_OK) {
		snprintf(r->err, r->errsz, "sqlite: %s", sqlite3_errmsg(db));
		return -1;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t key = sqlite3_column_int64(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		size_t len = (size_t)sqlite3_column_bytes(st, 1), ms, ml;
		int rc;

		/* Set already: an earlier alias of the term matched. */
		if (name == NULL || key < 0 || key >= r->nabits ||
		    alias_maybe(r, key))
			continue;
		if ((rc = match_field(r->s, name, len, true, &ms, &ml, r->err,
		    r->errsz)) < 0) {
			sqlite3_finalize(st);
			return -1;
		}
		if (rc > 0)
			r->abits[key >> 3] |= (unsigned char)(1u << (key & 7));
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		snprintf(r->err, r->errsz, "sqlite: %s", sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

/* The scan's query for one database: hits as (key, sortkey, headword,
 * hit), sorted. */
static void
scan_sql(struct buf *sql, const char *schema, int d, unsigned flags,
    const char *cond)
{
	buf_printf(sql, "SELECT (id << 1) | %d AS key, sortkey, headword,"
	    " lore_hit((id << 1) | %d, headword, %s) AS h FROM %s.term"
	    " WHERE h NOT NULL%s", d, d, flags & SEARCH_HEADWORDS_ONLY ? "NULL" :
	    "body", schema, cond);
}

/*
 * A full scan of a large bundled corpus splits it: a second thread, on a
 * connection of its own (the file is immutable, so both see the same
 * rows), scans and sorts the upper half of the rowids while the caller's
 * thread does the rest; the two sorted streams are merged, so the hits
 * and their order are those of one scan. The callback runs on the
 * caller's thread only.
 */

struct half {
	pthread_t	 tid;
	sqlite3		*db;
	sqlite3_stmt	*st;
	struct search_scan	 r;
	char		 err[512];
	int		 step;		/* the first sqlite3_step(): the scan */
};

static void *
half_scan(void *arg)
{
	struct half *h = arg;

	h->step = sqlite3_step(h->st);
	return NULL;
}

static void
half_free(struct half *h)
{
	sqlite3_finalize(h->st);
	sqlite3_finalize(h->r.aliases);
	sqlite3_close(h->db);
	if (h->r.s != NULL)
		search_free(h->r.s);
	buf_free(&h->r.hit);
	memset(h, 0, sizeof *h);
}

/* Start the scan of rowids above lo of the bundled corpus; false: do
 * not split (the caller scans everything). */
static bool
half_start(struct half *h, const struct search_scan *r, sqlite3 *db, int64_t lo)
{
	const char *path = sqlite3_db_filename(db, "b");
	struct buf sql = { 0 };
	char *uri;

	memset(h, 0, sizeof *h);
	if (path == NULL || *path == '\0' || !sqlite3_threadsafe())
		return false;
	uri = file_uri(path, "mode=ro&immutable=1");
	h->r = *r;
	h->r.s = search_twin(r->s);
	h->r.err = h->err;
	h->r.errsz = sizeof h->err;
	h->r.aliases = NULL;
	memset(&h->r.hit, 0, sizeof h->r.hit);
	buf_adds(&sql, r->flags & SEARCH_RANKED ? "SELECT *, lore_rank(h) AS rk"
	    " FROM (" : "SELECT *, 0 AS rk FROM (");
	scan_sql(&sql, "main", 1, r->flags, " AND id > ?1");
	buf_adds(&sql, ") ORDER BY rk, +sortkey, +key");
	/* Its keys are all of the bundled corpus: (id << 1) | 1. Without
	 * alias.pos (schema < 3) the caller scans alone. */
	if (sqlite3_open_v2(uri, &h->db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_URI, NULL) != SQLITE_OK ||
	    sqlite3_create_function(h->db, "lore_hit", 3, SQLITE_UTF8, &h->r,
	    sql_hit, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(h->db, "lore_rank", 1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC, NULL, sql_rank, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h->db, sql.s, -1, &h->st, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h->db, "SELECT name FROM main.alias WHERE"
	    " term_id = ?1 >> 1 ORDER BY pos", -1, &h->r.aliases, NULL) !=
	    SQLITE_OK) {
		free(uri);
		buf_free(&sql);
		half_free(h);
		return false;
	}
	free(uri);
	buf_free(&sql);
	sqlite3_bind_int64(h->st, 1, lo);
	if (r->cancel != NULL)
		sqlite3_progress_handler(h->db, 10000, progress, &h->r);
	if (pthread_create(&h->tid, NULL, half_scan, h) != 0) {
		half_free(h);
		return false;
	}
	return true;
}

/* Which row comes first: (rank, sortkey, key), as ORDER BY. */
static int
row_cmp(sqlite3_stmt *a, sqlite3_stmt *b)
{
	const void *x = sqlite3_column_blob(a, 1), *y = sqlite3_column_blob(b, 1);
	size_t nx = (size_t)sqlite3_column_bytes(a, 1);
	size_t ny = (size_t)sqlite3_column_bytes(b, 1);
	int c = nx == 0 || ny == 0 ? 0 : memcmp(x, y, nx < ny ? nx : ny);
	int64_t kx, ky, rx = sqlite3_column_int64(a, 4),
	    ry = sqlite3_column_int64(b, 4);

	if (rx != ry)
		return rx < ry ? -1 : 1;
	if (c != 0)
		return c;
	if (nx != ny)
		return nx < ny ? -1 : 1;
	kx = sqlite3_column_int64(a, 0);
	ky = sqlite3_column_int64(b, 0);
	return kx < ky ? -1 : kx > ky;
}

void
search_set_split_rows(struct search *s, long rows)
{
	s->split_rows = rows > 0 ? rows : SEARCH_SPLIT_ROWS;
}

long
search_run(struct search *s, struct corpus *c, unsigned flags, search_cb cb,
    void *arg, volatile int *cancel, char *err, size_t errsz)
{
	sqlite3 *db = corpus_db(c);
	sqlite3_stmt *st = NULL;
	struct buf sql = { 0 };
	struct search_scan r = { .s = s, .flags = flags, .err = err, .errsz = errsz,
	    .cancel = cancel };
	struct half h = { 0 };
	bool split = false, first = true, fts = s->fts != NULL;
	int64_t rows[2];
	long hits = 0;
	int rc = 0, step = SQLITE_DONE, hstep = SQLITE_DONE;

	/* One budget for the whole scan, so a pattern just under the limit
	 * on every row cannot add up to minutes; it grows by 10 ms per
	 * thousand rows, as a plain scan of a million rows takes seconds. */
	corpus_rows(c, rows);
	deadline_set(s, SEARCH_RUN_MS + (long)((rows[0] + rows[1]) / 100));
	s->in_run = true;
	if (cancel != NULL)
		sqlite3_progress_handler(db, 10000, progress, &r);
	/*
	 * The scan runs in storage order (rowid, or the prefilter's rowids,
	 * which SQLite visits in order), not A-Z: walking term_sort read
	 * body pages at random, each several times. lore_hit keeps only
	 * hits, as their line; "+sortkey" stops SQLite from walking the
	 * index for the ORDER BY, so the hits are sorted (SQLite's sorter
	 * spills to a temporary file, so memory stays bounded).
	 */
	buf_adds(&sql, flags & SEARCH_RANKED ? "SELECT key, sortkey, headword,"
	    " h, lore_rank(h) AS rk FROM (" : "SELECT key, sortkey, headword,"
	    " h, 0 AS rk FROM (");
	/* Schema 7 has no term_fts: without it in every file, scan. */
	for (int d = 0; d < 2 && fts; d++) {
		sqlite3_stmt *q;

		if (corpus_has(c, d) && sqlite3_prepare_v2(db, d == 0 ?
		    "SELECT 1 FROM u.sqlite_schema WHERE name = 'term_fts'" :
		    "SELECT 1 FROM b.sqlite_schema WHERE name = 'term_fts'", -1,
		    &q, NULL) == SQLITE_OK) {
			fts = sqlite3_step(q) == SQLITE_ROW;
			sqlite3_finalize(q);
		}
	}
	for (int d = 0; d < 2; d++) {
		if (!corpus_has(c, d))
			continue;
		if (!first)
			buf_adds(&sql, " UNION ALL ");
		/* Every match contains one of the literals, so only rows
		 * the trigram index finds one in can match. */
		scan_sql(&sql, d == 0 ? "u" : "b", d, flags, fts ?
		    (d == 0 ? " AND id IN (SELECT rowid FROM u.term_fts WHERE"
		    " term_fts MATCH ?1)" : " AND id IN (SELECT rowid FROM"
		    " b.term_fts WHERE term_fts MATCH ?1)") : d == 1 ?
		    " AND id <= ?2" : "");
		first = false;
	}
	buf_adds(&sql, ") ORDER BY rk, +sortkey, +key");
	if (sqlite3_create_function(db, "lore_hit", 3, SQLITE_UTF8, &r,
	    sql_hit, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "lore_rank", 1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC, NULL, sql_rank, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql.s, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT name FROM a WHERE id = ?1 >> 1 AND"
	    " key = ?1 ORDER BY pos", -1, &r.aliases, NULL) != SQLITE_OK) {
		snprintf(err, errsz, "sqlite: %s", sqlite3_errmsg(db));
		rc = -1;
		goto out;
	}
	if (fts)
		sqlite3_bind_text(st, 1, s->fts, -1, SQLITE_STATIC);
	else {
		if ((rc = alias_pass(&r, db, (rows[0] > rows[1] ? rows[0] :
		    rows[1]) << 1 | 1)) < 0)
			goto out;
		split = rows[1] >= s->split_rows &&
		    rows[1] >= 2 && sysconf(_SC_NPROCESSORS_ONLN) > 1 &&
		    half_start(&h, &r, db, rows[1] / 2);
		sqlite3_bind_int64(st, 2, split ? rows[1] / 2 : INT64_MAX);
	}
	step = sqlite3_step(st);
	if (split) {
		pthread_join(h.tid, NULL);
		hstep = h.step;
	}
	while (step == SQLITE_ROW || hstep == SQLITE_ROW) {
		sqlite3_stmt *from = hstep != SQLITE_ROW || (step == SQLITE_ROW &&
		    row_cmp(st, h.st) <= 0) ? st : h.st;
		int64_t key = sqlite3_column_int64(from, 0);
		const char *hw = (const char *)sqlite3_column_text(from, 2);
		const char *hit = sqlite3_column_blob(from, 3);
		size_t hlen = (size_t)sqlite3_column_bytes(from, 3);
		struct hitrec rec;

		if (cancel != NULL && *cancel)
			break;
		if (hit != NULL && hlen >= sizeof rec) {
			memcpy(&rec, hit, sizeof rec);
			hits++;
			if (!emit(hit + sizeof rec, hlen - sizeof rec, &rec,
			    key, hw != NULL ? hw : "", cb, arg))
				break;
		}
		if (from == st)
			step = sqlite3_step(st);
		else
			hstep = sqlite3_step(h.st);
	}
	if (!(cancel != NULL && *cancel)) {
		if (step != SQLITE_ROW && step != SQLITE_DONE) {
			if (!r.failed)
				snprintf(err, errsz, "sqlite: %s",
				    sqlite3_errmsg(db));
			rc = -1;
		} else if (hstep != SQLITE_ROW && hstep != SQLITE_DONE) {
			if (h.r.failed)
				snprintf(err, errsz, "%s", h.err);
			else
				snprintf(err, errsz, "sqlite: %s",
				    sqlite3_errmsg(h.db));
			rc = -1;
		}
	}
out:
	buf_free(&sql);
	if (split)
		half_free(&h);
	sqlite3_finalize(st);
	sqlite3_finalize(r.aliases);
	sqlite3_progress_handler(db, 0, NULL, NULL);
	sqlite3_create_function(db, "lore_hit", 3, SQLITE_UTF8, NULL, NULL,
	    NULL, NULL);
	free(r.abits);
	buf_free(&r.hit);
	s->in_run = false;
	return rc < 0 ? -1 : hits;
}
