/* pattern.c - literals and an anchor every match of a pattern holds
 * (pattern.h). */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "pattern.h"
#include "util.h"

/*
 * Required literals. Every match of the pattern contains at least one of
 * the strings in a struct lits (n == 0: none is known), so the trigram
 * index can narrow the rows to those holding one of them. Only plain
 * ASCII letters, digits and spaces count, which PCRE2 and the trigram
 * index fold alike (gram.h folds U+017F and U+212A too). Whatever the
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
	if (run->len >= PATTERN_MIN_LITERAL) {
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

void
pattern_literals(const char *pattern, char ***v, size_t *n)
{
	struct lex x = { pattern, 0, strlen(pattern) };
	struct lits l;

	*v = NULL;
	*n = 0;
	if (!parse_alt(&x, &l))
		return;
	if (x.i != x.n || l.n == 0) {
		lits_free(&l);
		return;
	}
	*v = l.v;
	*n = l.n;
}

/* A run of items for the anchor: the pattern's text of each, joined. */
struct run {
	struct buf	 text;
	size_t		 items, lits;
};

/* Keep the better of best and the run in cur (above); cur starts over. */
static void
run_end(struct run *cur, struct run *best)
{
	if (cur->lits > 0 && (cur->lits > best->lits || (cur->lits ==
	    best->lits && cur->items > best->items))) {
		struct run t = *best;

		*best = *cur;
		*cur = t;
	}
	cur->text.len = 0;
	cur->items = cur->lits = 0;
}

static void
run_add(struct run *r, const char *p, size_t from, size_t to, bool lit)
{
	buf_add(&r->text, p + from, to - from);
	r->items++;
	r->lits += lit;
}

/* One UTF-8 character at p[i]: its length, 0 when it is not one. */
static size_t
utf8_len(const char *p, size_t i, size_t n)
{
	unsigned char c = (unsigned char)p[i];
	size_t len = c >= 0xf0 && c < 0xf5 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ?
	    2 : 0;

	if (len == 0 || c >= 0xf5 || i + len > n)
		return 0;
	for (size_t k = 1; k < len; k++)
		if (((unsigned char)p[i + k] & 0xc0) != 0x80)
			return 0;
	return len;
}

/* A class PCRE2's JIT finds as fast as a literal, case kept: letters,
 * digits and ranges of them ("[a-z]", "[0-9A-F]"); not negated, no
 * escapes, no "[:alpha:]". Caseless, or with Unicode properties (\w
 * and \d under UCP), PCRE2 tries a match at every candidate byte: 40
 * to 100 times slower than the pattern's own search. */
static bool
plain_class(const char *p, size_t from, size_t to)
{
	if (to - from < 3 || p[from + 1] == '^')
		return false;
	for (size_t i = from + 1; i < to - 1; i++)
		if (!isalnum((unsigned char)p[i]) && !(p[i] == '-' && i >
		    from + 1 && i < to - 2))
			return false;
	return true;
}

/* Is p[i] '{' the start of a counted repeat every PCRE2 reads as one,
 * "{2}", "{2,}" or "{2,5}"? Not "{2,,}" (text in 10.42) nor "{,5}" or
 * "{ 2 }" (text before 10.43, repeats after): an anchor must not
 * guess which. */
static bool
plain_count(const char *p, size_t i, size_t n)
{
	size_t j = i + 1, d;

	for (d = j; d < n && isdigit((unsigned char)p[d]); d++)
		;
	if (d == j)
		return false;
	if (d < n && p[d] == ',')
		for (d++; d < n && isdigit((unsigned char)p[d]); d++)
			;
	return d < n && p[d] == '}';
}

char *
pattern_anchor(const char *pattern, bool caseless)
{
	struct lex x = { pattern, 0, strlen(pattern) };
	const char *p = pattern;
	struct run cur = { 0 }, best = { 0 };
	size_t items = 0;
	bool repeated = false;	/* an item has a quantifier */
	char *out = NULL;

	while (x.i < x.n) {
		unsigned char c = (unsigned char)p[x.i];
		size_t at = x.i, end, len;
		bool lit = false, width = true, quick = true, q;
		long min;

		if (c == '\\') {
			char e = x.i + 1 < x.n ? p[x.i + 1] : '\0';

			if (e != '\0' && strchr("dDwWsShHvV", e) != NULL)
				quick = false;
			else if (e == 'b' || e == 'B')
				width = false;
			else if (e != '\0' && (unsigned char)e < 0x80 &&
			    !isalnum((unsigned char)e))
				lit = true;	/* "\.", "\-", "\\" */
			else
				goto none;
			x.i += 2;
		} else if (c == '[') {
			if (!skip_class(&x))
				goto none;
			quick = !caseless && plain_class(p, at, x.i);
		} else if (c == '^' || c == '$') {
			width = false;
			x.i++;
		} else if (c == '.') {
			quick = false;
			x.i++;
		} else if (c >= 0x80) {
			if ((len = utf8_len(p, x.i, x.n)) == 0)
				goto none;
			lit = true;
			x.i += len;
		} else if (strchr("()|*+?{", c) != NULL) {
			goto none;	/* groups, branches, "{" unread */
		} else {
			lit = true;
			x.i++;
		}
		end = x.i;
		if (x.i < x.n && p[x.i] == '{' && !plain_count(p, x.i, x.n))
			goto none;
		min = quantifier(&x, &q);
		if (!width) {
			if (q)
				goto none;
			continue;
		}
		items++;
		repeated |= q;
		if (!quick)
			run_end(&cur, &best);
		else if (!q)
			run_add(&cur, p, at, end, lit);
		else {
			if (min >= 1)
				run_add(&cur, p, at, end, lit);
			run_end(&cur, &best);
			if (min >= 1)
				run_add(&cur, p, at, end, lit);
		}
	}
	run_end(&cur, &best);
	/* Worth it when it leaves items or repetitions out ("\w+-based":
	 * PCRE2 tries a match at every letter, "-based" it finds with
	 * memchr); the very pattern less its assertions is found no
	 * sooner. */
	if (best.lits > 0 && (repeated || best.items < items))
		out = buf_take(&best.text);
none:
	buf_free(&cur.text);
	buf_free(&best.text);
	return out;
}
