/* import.c - readers for each glossary format and the one-transaction store. */
#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "corpus.h"
#include "dberr.h"
#include "import.h"
#include "text.h"
#include "util.h"

static const char *const format_names[] = {
	[IMPORT_AUTO] = "auto",
	[IMPORT_LORE] = "lore",
	[IMPORT_A] = "a",
	[IMPORT_B] = "b",
	[IMPORT_C] = "c",
};

const char *
import_format_name(enum import_format f)
{
	return (size_t)f < nitems(format_names) ? format_names[f] : "?";
}

enum import_format
import_format_parse(const char *name)
{
	size_t i;

	for (i = 0; i < nitems(format_names); i++)
		if (strcasecmp(name, format_names[i]) == 0)
			return (enum import_format)i;
	return (enum import_format)-1;
}

static void
seterr(char *err, size_t errsz, const char *path, long line, const char *fmt,
    ...)
{
	va_list ap;
	int n;

	if (err == NULL || errsz == 0)
		return;
	n = line > 0 ? snprintf(err, errsz, "%s:%ld: ", path, line) :
	    snprintf(err, errsz, "%s: ", path);
	if (n < 0 || (size_t)n >= errsz)
		return;
	va_start(ap, fmt);
	vsnprintf(err + n, errsz - (size_t)n, fmt, ap);
	va_end(ap);
	/* Messages quote the file and its name: an escape sequence there
	 * must not reach the terminal that shows the error. */
	{
		size_t len;
		char *c = text_sanitize(err, strlen(err), false, &len);

		/* U+FFFD is longer than the byte it replaces: cut on a
		 * character boundary. */
		if (len >= errsz)
			for (len = errsz - 1; len > 0 &&
			    ((unsigned char)c[len] & 0xC0) == 0x80; len--)
				;
		memcpy(err, c, len);
		err[len] = '\0';
		free(c);
	}
}

/* ---- lines ---- */

struct line {
	const char	*s;
	size_t		 n;	/* without the newline (and without a CR) */
	long		 no;
};

struct lines {
	struct line	*v;
	size_t		 n;
};

static void
split_lines(const char *buf, size_t len, struct lines *ls)
{
	size_t i = 0, cap = 0;

	ls->v = NULL;
	ls->n = 0;
	while (i < len) {
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t e = nl != NULL ? (size_t)(nl - buf) : len, n = e - i;

		if (n > 0 && buf[e - 1] == '\r')
			n--;
		if (ls->n == cap) {
			cap = cap ? cap * 2 : 256;
			ls->v = xreallocarray(ls->v, cap, sizeof *ls->v);
		}
		ls->v[ls->n].s = buf + i;
		ls->v[ls->n].n = n;
		ls->v[ls->n].no = (long)ls->n + 1;
		ls->n++;
		i = e + 1;
	}
}

static bool
blank(const struct line *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!isspace((unsigned char)l->s[i]))
			return false;
	return true;
}

static bool
starts(const struct line *l, const char *p)
{
	size_t n = strlen(p);

	return l->n >= n && memcmp(l->s, p, n) == 0;
}

static char *
trimdup(const char *s, size_t n)
{
	while (n > 0 && isspace((unsigned char)*s))
		s++, n--;
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

/* ---- entries ---- */

static struct entry *
entry_new(struct entries *es, long line)
{
	struct entry *e;

	if (es->n == es->cap) {
		es->cap = es->cap ? es->cap * 2 : 64;
		es->v = xreallocarray(es->v, es->cap, sizeof *es->v);
	}
	e = &es->v[es->n++];
	memset(e, 0, sizeof *e);
	e->line = line;
	return e;
}

/* False when the name was dropped for going over IMPORT_MAX_NAMES. */
static bool
names_add(char ***v, size_t *n, const char *s, size_t len)
{
	char *name = trimdup(s, len);
	bool full = *n >= IMPORT_MAX_NAMES;

	if (name[0] == '\0' || full) {
		free(name);
		return !full;
	}
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = name;
	return true;
}

/* Split "a; b; c" (or with sep ',') into names. False when some went
 * over IMPORT_MAX_NAMES. */
static bool
names_split(char ***v, size_t *n, const char *s, size_t len, char sep)
{
	size_t i = 0, start = 0;
	bool all = true;

	for (i = 0; i <= len; i++)
		if (i == len || s[i] == sep) {
			all &= names_add(v, n, s + start, i - start);
			start = i + 1;
		}
	return all;
}

static void
entry_free(struct entry *e)
{
	size_t i;

	free(e->headword);
	free(e->category);
	free(e->body);
	for (i = 0; i < e->naliases; i++)
		free(e->aliases[i]);
	free(e->aliases);
	for (i = 0; i < e->nrelated; i++)
		free(e->related[i]);
	free(e->related);
}

void
entries_free(struct entries *es)
{
	size_t i;

	for (i = 0; i < es->n; i++)
		entry_free(&es->v[i]);
	free(es->v);
	memset(es, 0, sizeof *es);
}

/* Join lines [from, to) as a body, without leading/trailing blank lines. */
static char *
join_body(const struct lines *ls, size_t from, size_t to, bool unescape_at)
{
	struct buf b = { 0 };
	size_t i;

	while (from < to && blank(&ls->v[from]))
		from++;
	while (to > from && blank(&ls->v[to - 1]))
		to--;
	for (i = from; i < to; i++) {
		const struct line *l = &ls->v[i];

		if (unescape_at && l->n >= 2 && l->s[0] == '@' && l->s[1] == '@')
			buf_add(&b, l->s + 1, l->n - 1);
		else
			buf_add(&b, l->s, l->n);
		if (i + 1 < to)
			buf_addc(&b, '\n');
	}
	return buf_take(&b);
}

/* ---- lore format ---- */

static int
parse_lore(const char *path, const struct lines *ls, struct entries *es,
    char *err, size_t errsz)
{
	struct entry *e = NULL;
	size_t i = 0, body;

	for (; i < ls->n; i++) {
		const struct line *l = &ls->v[i];

		if (blank(l) || l->s[0] == '#')
			continue;
		if (starts(l, "@term ") || starts(l, "@term\t"))
			break;
		seterr(err, errsz, path, l->no, "expected '@term NAME' to start "
		    "an entry (see man 5 lore)");
		return -1;
	}
	while (i < ls->n) {
		const struct line *l = &ls->v[i];

		e = entry_new(es, l->no);
		e->headword = trimdup(l->s + 5, l->n - 5);
		e->explicit_related = true;
		if (e->headword[0] == '\0') {
			seterr(err, errsz, path, l->no, "@term has no name");
			return -1;
		}
		for (i++; i < ls->n && ls->v[i].n > 0 && ls->v[i].s[0] == '@' &&
		    !starts(&ls->v[i], "@@"); i++) {
			const struct line *f = &ls->v[i];
			const char *sp = memchr(f->s, ' ', f->n);
			size_t klen = sp != NULL ? (size_t)(sp - f->s) : f->n;
			const char *val = f->s + klen;
			size_t vlen = f->n - klen;

			if (klen == 8 && (memcmp(f->s, "@aliases", 8) == 0 ||
			    memcmp(f->s, "@related", 8) == 0)) {
				bool al = f->s[1] == 'a';

				/* Keeping the first 256 would lose the rest
				 * without a word. */
				if (!names_split(al ? &e->aliases : &e->related,
				    al ? &e->naliases : &e->nrelated, val, vlen,
				    ';')) {
					seterr(err, errsz, path, f->no, "more than "
					    "%d names in %s for '%s'",
					    IMPORT_MAX_NAMES, al ? "@aliases" :
					    "@related", e->headword);
					return -1;
				}
			} else if (klen == 9 && memcmp(f->s, "@category", 9) == 0) {
				if (e->category != NULL) {
					seterr(err, errsz, path, f->no,
					    "a second @category for '%s'",
					    e->headword);
					return -1;
				}
				e->category = trimdup(val, vlen);
			} else if (klen == 5 && memcmp(f->s, "@term", 5) == 0) {
				seterr(err, errsz, path, f->no, "'%s' has no body "
				    "(a blank line and text must follow its fields)",
				    e->headword);
				return -1;
			} else {
				seterr(err, errsz, path, f->no, "unknown field "
				    "'%.*s' (expected @aliases, @category or "
				    "@related)", (int)(klen > 40 ? 40 : klen), f->s);
				return -1;
			}
		}
		body = i;
		for (; i < ls->n; i++) {
			const struct line *b = &ls->v[i];

			if (starts(b, "@term ") || starts(b, "@term\t"))
				break;
			if (b->n > 0 && b->s[0] == '@' && !starts(b, "@@")) {
				seterr(err, errsz, path, b->no, "a body line may not "
				    "start with '@' (write '@@' for a literal '@')");
				return -1;
			}
		}
		e->body = join_body(ls, body, i, true);
		if (e->body[0] == '\0') {
			seterr(err, errsz, path, e->line, "'%s' has no body",
			    e->headword);
			return -1;
		}
	}
	return 0;
}

/* ---- format A: header lines of comma-separated names ---- */

/* Block state the header rule must respect: code fences and $$ blocks. */
struct mdstate {
	bool	fence;
	char	fch;
	bool	math;
};

static void
mdstate_feed(struct mdstate *m, const struct line *l)
{
	size_t i = 0, n = 0;

	while (i < l->n && l->s[i] == ' ' && i < 3)
		i++;
	if (i + 3 <= l->n && (l->s[i] == '`' || l->s[i] == '~') &&
	    l->s[i + 1] == l->s[i] && l->s[i + 2] == l->s[i]) {
		if (!m->fence) {
			m->fence = true;
			m->fch = l->s[i];
		} else if (l->s[i] == m->fch)
			m->fence = false;
		return;
	}
	if (m->fence)
		return;
	for (i = 0; i + 1 < l->n; i++)
		if (l->s[i] == '$' && l->s[i + 1] == '$')
			n++, i++;
	if (n % 2 == 1)
		m->math = !m->math;
}

static size_t
count_words(const char *s, size_t n)
{
	size_t i, w = 0;
	bool in = false;

	for (i = 0; i < n; i++) {
		bool sp = s[i] == ' ';

		if (!sp && !in)
			w++;
		in = !sp;
	}
	return w;
}

/*
 * The format-A header rule. A line is a header when it is outside code
 * fences and $$ blocks, has at least one comma, does not start like
 * Markdown or a formula (space, * - + | # > $ ` \ or "1."), holds none of
 * = : ; { } [ ] \ $ * | < > " ` and no arrow, does not end like a
 * sentence, and every name is 1-8 words and at most 80 bytes. A header
 * starting with a capital must also be followed by a bold line, the way
 * real files open a definition, so prose with commas is not taken.
 */
static bool
is_header_a(const struct line *l, const struct line *next)
{
	static const char bad[] = "=:;{}[]\\$*|<>\"`";
	size_t i, start = 0;
	unsigned char c0;
	bool comma = false;

	if (l->n == 0 || l->n > 600 || next == NULL || blank(next))
		return false;
	c0 = (unsigned char)l->s[0];
	if (isspace(c0) || strchr("*-+|#>$`\\@", c0) != NULL)
		return false;
	if (isdigit(c0)) {
		for (i = 0; i < l->n && isdigit((unsigned char)l->s[i]); i++)
			;
		if (i < l->n && (l->s[i] == '.' || l->s[i] == ')'))
			return false;
	}
	if (strchr(".!?", l->s[l->n - 1]) != NULL)
		return false;
	for (i = 0; i < l->n; i++) {
		if (memchr(bad, l->s[i], sizeof bad - 1) != NULL)
			return false;
		if ((unsigned char)l->s[i] == 0xE2 && i + 1 < l->n &&
		    ((unsigned char)l->s[i + 1] == 0x86 ||
		    (unsigned char)l->s[i + 1] == 0x87))
			return false;	/* arrows U+2190..U+21FF */
		if (l->s[i] == ',')
			comma = true;
	}
	if (!comma)
		return false;
	for (i = 0; i <= l->n; i++) {
		if (i < l->n && l->s[i] != ',')
			continue;
		{
			const char *p = l->s + start;
			size_t n = i - start, w;

			while (n > 0 && *p == ' ')
				p++, n--;
			while (n > 0 && p[n - 1] == ' ')
				n--;
			w = count_words(p, n);
			if (n == 0 || n > 80 || w == 0 || w > 8)
				return false;
		}
		start = i + 1;
	}
	if (isupper(c0) && !starts(next, "**"))
		return false;
	return true;
}

/* Inside a code fence or a $$ block only a header with the strongest
 * evidence counts: all lowercase and followed by a bold line. Real files
 * lose closing fences and $$ when a body is cut short, and without this
 * one lost $$ would swallow every entry after it. */
static bool
strong_header(const struct line *l, const struct line *next)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (isupper((unsigned char)l->s[i]))
			return false;
	return starts(next, "**");
}

/* Categories that a format-A header's last name may be, besides the ones
 * the file itself uses in two-name headers. */
static const char *const known_categories[] = {
	"ai safety", "generative models", "model optimization", "llm",
	"machine learning", "deep learning", "computer vision", "nlp",
	"reinforcement learning", "distributed training", "hardware",
	"semiconductor", "graph neural networks", "multimodal ai",
	"model architecture", "llm architecture", "training", "inference",
};

static bool
in_list(char *const *v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcasecmp(v[i], s) == 0)
			return true;
	return false;
}

/* "lvi, lvi, failure analysis": drop repeated names, keep the first. */
static size_t
dedupe_names(char **v, size_t n)
{
	size_t i, j, k = 0;

	for (i = 0; i < n; i++) {
		char *f = text_fold(v[i]);
		bool dup = false;

		for (j = 0; j < k && !dup; j++) {
			char *g = text_fold(v[j]);

			dup = strcmp(f, g) == 0;
			free(g);
		}
		free(f);
		if (dup)
			free(v[i]);
		else
			v[k++] = v[i];
	}
	return k;
}

static void
dedupe_aliases(struct entry *e)
{
	size_t i, j, k = 0;
	char *hf = text_fold(e->headword);

	for (i = 0; i < e->naliases; i++) {
		char *f = text_fold(e->aliases[i]);
		bool dup = strcmp(f, hf) == 0 || f[0] == '\0';

		for (j = 0; j < k && !dup; j++) {
			char *g = text_fold(e->aliases[j]);

			dup = strcmp(f, g) == 0;
			free(g);
		}
		free(f);
		if (dup)
			free(e->aliases[i]);
		else
			e->aliases[k++] = e->aliases[i];
	}
	e->naliases = k;
	free(hf);
}

static int
parse_a(const char *path, const struct lines *ls, struct entries *es,
    char *err, size_t errsz)
{
	struct mdstate m = { 0 };
	bool *hdr = xcalloc(ls->n + 1, sizeof *hdr);
	char **cats = NULL;
	size_t ncats = 0, i, first = ls->n;

	for (i = 0; i < ls->n; i++) {
		const struct line *next = i + 1 < ls->n ? &ls->v[i + 1] : NULL;

		if (is_header_a(&ls->v[i], next) && ((!m.fence && !m.math) ||
		    strong_header(&ls->v[i], next))) {
			hdr[i] = true;
			memset(&m, 0, sizeof m);
			if (first == ls->n)
				first = i;
			continue;
		}
		mdstate_feed(&m, &ls->v[i]);
	}
	if (first == ls->n) {
		free(hdr);
		seterr(err, errsz, path, 1, "no entry header found (format A "
		    "wants lines like 'name, alias, category')");
		return -1;
	}
	for (i = 0; i < first; i++)
		if (!blank(&ls->v[i])) {
			free(hdr);
			seterr(err, errsz, path, ls->v[i].no, "text before the "
			    "first entry header");
			return -1;
		}
	/* Two-name headers are "name, category": learn the categories. */
	for (i = first; i < ls->n; i++) {
		const char *c;

		if (!hdr[i] || (c = memchr(ls->v[i].s, ',', ls->v[i].n)) == NULL ||
		    memchr(c + 1, ',', ls->v[i].n - (size_t)(c + 1 - ls->v[i].s)))
			continue;
		names_add(&cats, &ncats, c + 1,
		    ls->v[i].n - (size_t)(c + 1 - ls->v[i].s));
	}
	for (i = first; i < ls->n;) {
		const struct line *h = &ls->v[i];
		struct entry *e = entry_new(es, h->no);
		char **names = NULL;
		size_t nn = 0, j, end;

		names_split(&names, &nn, h->s, h->n, ',');
		nn = dedupe_names(names, nn);
		e->headword = names[0];
		if (nn >= 2 && (nn == 2 || in_list(cats, ncats, names[nn - 1]) ||
		    in_list((char *const *)known_categories,
		    nitems(known_categories), names[nn - 1]))) {
			e->category = names[--nn];
		}
		for (j = 1; j < nn; j++)
			names_add(&e->aliases, &e->naliases, names[j],
			    strlen(names[j])), free(names[j]);
		free(names);
		dedupe_aliases(e);
		for (end = i + 1; end < ls->n && !hdr[end]; end++)
			;
		e->body = join_body(ls, i + 1, end, false);
		i = end;
	}
	for (i = 0; i < ncats; i++)
		free(cats[i]);
	free(cats);
	free(hdr);
	return 0;
}

/* ---- formats B and C: blank-line separated paragraphs ---- */

struct para {
	size_t	 from, to;	/* line indices [from, to) */
};

static size_t
paragraphs(const struct lines *ls, struct para **out)
{
	size_t i = 0, n = 0, cap = 0;

	*out = NULL;
	while (i < ls->n) {
		while (i < ls->n && blank(&ls->v[i]))
			i++;
		if (i == ls->n)
			break;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		(*out)[n].from = i;
		while (i < ls->n && !blank(&ls->v[i]))
			i++;
		(*out)[n++].to = i;
	}
	return n;
}

static bool
para_is_title(const struct lines *ls, const struct para *p, size_t maxlen)
{
	const struct line *l = &ls->v[p->from];

	return p->to - p->from == 1 && l->n > 0 && l->n <= maxlen &&
	    strchr(".!?:", l->s[l->n - 1]) == NULL;
}

static void
warn_skip(struct entries *es, const struct lines *ls, const struct para *p)
{
	es->skipped += p->to - p->from;
	if (es->skipped_line == 0)
		es->skipped_line = ls->v[p->from].no;
}

/* End (one past) of a table row of ncols cells starting at the '|' at s+i:
 * the byte after its ncols+1-th pipe, or 0 when the row is cut short. */
static size_t
row_end(const char *s, size_t n, size_t i, size_t ncols)
{
	size_t pipes = 0;

	for (; i < n; i++)
		if (s[i] == '|' && ++pipes == ncols + 1)
			return i + 1;
	return 0;
}

static void
buf_rtrim(struct buf *b)
{
	while (b->len > 0 && b->s[b->len - 1] == ' ')
		b->len--;
	if (b->s != NULL)
		b->s[b->len] = '\0';
}

/* End the paragraph so far: exactly one blank line, none at the start. */
static void
buf_para(struct buf *b)
{
	while (b->len > 0 && (b->s[b->len - 1] == ' ' || b->s[b->len - 1] == '\n'))
		b->len--;
	if (b->s != NULL)
		b->s[b->len] = '\0';
	if (b->len > 0)
		buf_adds(b, "\n\n");
}

/* A table separator row starts at s+i: "|---|", "|:--", "| ---". */
static bool
at_separator(const char *s, size_t n, size_t i)
{
	return s[i] == '|' && i + 2 < n && (s[i + 1] == '-' || s[i + 1] == ':' ||
	    (s[i + 1] == ' ' && (s[i + 2] == '-' || s[i + 2] == ':')));
}

/*
 * A scraped page flattens each body onto one line: tables become
 * "| a | b | |---|---| | c | d |" and section titles run into the text.
 * Give tables back their rows (md4c then draws them) and put bold titles
 * that follow a sentence on a paragraph of their own. Anything that does
 * not look like a table or a title stays as it was.
 */
static char *
unflatten_b(const char *s)
{
	struct buf b = { 0 };
	size_t n = strlen(s), i = 0, k, e;

	while (i < n) {
		if (at_separator(s, n, i)) {
			size_t se = i + 1, ncols = 0, hs, pipes = 0, j;

			/* the separator row: cells of dashes and colons */
			for (;;) {
				for (j = se; j < n && s[j] == ' '; j++)
					;
				if (j >= n || (s[j] != '-' && s[j] != ':'))
					break;
				while (j < n && strchr("-: ", s[j]) != NULL)
					j++;
				if (j >= n || s[j] != '|')
					break;
				ncols++;
				se = j + 1;
			}
			/* the header row: back over ncols+1 pipes */
			for (hs = i; hs > 0 && pipes < ncols + 1; hs--)
				if (s[hs - 1] == '|')
					pipes++;
			if (ncols >= 1 && pipes == ncols + 1 && b.len >= i - hs) {
				b.len -= i - hs;	/* take the header back */
				buf_para(&b);
				buf_add(&b, s + hs, i - hs);
				buf_rtrim(&b);
				buf_addc(&b, '\n');
				buf_add(&b, s + i, se - i);
				for (i = se; ; i = e) {
					for (k = i; k < n && s[k] == ' '; k++)
						;
					if (k >= n || s[k] != '|' ||
					    (e = row_end(s, n, k, ncols)) == 0)
						break;
					buf_addc(&b, '\n');
					buf_add(&b, s + k, e - k);
				}
				buf_para(&b);
				while (i < n && s[i] == ' ')
					i++;
				continue;
			}
		}
		/* a bold title after a sentence: a paragraph of its own */
		if (s[i] == '*' && i + 1 < n && s[i + 1] == '*' && b.len > 1) {
			const char *close = strstr(s + i + 2, "**");
			size_t last = b.len - 1;

			if (b.s[last] == ' ')
				last--;
			if (close != NULL && close - (s + i) < 100 &&
			    strchr(".:)`!?", b.s[last]) != NULL &&
			    count_words(s + i, (size_t)(close - (s + i))) <= 8) {
				size_t ce = (size_t)(close - s) + 2;

				buf_para(&b);
				buf_add(&b, s + i, ce - i);
				i = ce;
				if (i + 1 < n && s[i] == ' ' &&
				    (isupper((unsigned char)s[i + 1]) ||
				    s[i + 1] == '`' || s[i + 1] == '|')) {
					buf_adds(&b, "\n\n");
					i++;
				}
				continue;
			}
		}
		buf_addc(&b, s[i++]);
	}
	return buf_take(&b);
}

static int
parse_b(const char *path, const struct lines *ls, struct entries *es,
    char *err, size_t errsz)
{
	struct para *ps;
	size_t np = paragraphs(ls, &ps), i;

	for (i = 0; i < np; i++) {
		const struct line *h = &ls->v[ps[i].from];
		const struct line *b;
		struct entry *e;
		char **names = NULL;
		size_t nn = 0, j;

		if (i + 1 >= np || !para_is_title(ls, &ps[i], 600) ||
		    ps[i + 1].to - ps[i + 1].from != 1) {
			warn_skip(es, ls, &ps[i]);
			continue;
		}
		b = &ls->v[ps[i + 1].from];
		if (!starts(b, "**") && b->n < 120) {
			warn_skip(es, ls, &ps[i]);
			continue;
		}
		e = entry_new(es, h->no);
		names_split(&names, &nn, h->s, h->n, ',');
		if (nn == 0) {
			seterr(err, errsz, path, h->no, "empty entry header");
			free(ps);
			return -1;
		}
		e->headword = names[0];
		for (j = 1; j < nn; j++)
			e->aliases = xreallocarray(e->aliases, j, sizeof(char *)),
			    e->aliases[e->naliases++] = names[j];
		free(names);
		dedupe_aliases(e);
		{
			char *one = trimdup(b->s, b->n);

			e->body = unflatten_b(one);
			free(one);
		}
		i++;
	}
	free(ps);
	if (es->n == 0) {
		seterr(err, errsz, path, 1, "no entries found (format B wants "
		    "a header line, a blank line and a one-line body)");
		return -1;
	}
	return 0;
}

/* Offset of the brace closing the group that opens at s[0]. */
static size_t
group_end(const char *s)
{
	size_t i, depth = 0;

	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] == '\\' && s[i + 1] != '\0')
			i++;
		else if (s[i] == '{')
			depth++;
		else if (s[i] == '}' && --depth == 0)
			return i;
	}
	return (size_t)-1;
}

/* Visible characters of a LaTeX string: what its alt-text would show. */
static size_t
latex_visible(const char *s, size_t n, bool set[256])
{
	size_t i, count = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\\') {
			if (i + 1 < n && isalpha((unsigned char)s[i + 1])) {
				while (i + 1 < n && isalpha((unsigned char)s[i + 1]))
					i++;
				count++;	/* a command shows as one symbol */
			} else if (i + 1 < n) {
				set[(unsigned char)s[++i]] = true;
				count++;
			}
		} else if (c == '{' || c == '}' || c == '^' || c == '_' ||
		    isspace(c))
			continue;
		else {
			set[c] = true;
			count++;
		}
	}
	return count;
}

/*
 * Encyclopedia dumps write each formula twice: an alt-text of spaced
 * glyphs, then {\displaystyle LATEX}. Keep the LaTeX as $...$ and drop the
 * alt-text: walk back over the words before it while every ASCII
 * character of a word appears in the formula, and no further than the
 * formula has visible characters (plus a little for symbols like ∈).
 */
static char *
convert_displaystyle(const char *s, size_t n)
{
	static const char key[] = "{\\displaystyle";
	struct buf b = { 0 };
	size_t i = 0;

	while (i < n) {
		const char *p = NULL;
		size_t at, j, depth, budget, used = 0, cut;
		bool set[256] = { false };

		for (j = i; j + sizeof key - 1 <= n; j++)
			if (memcmp(s + j, key, sizeof key - 1) == 0) {
				p = s + j;
				break;
			}
		if (p == NULL) {
			buf_add(&b, s + i, n - i);
			break;
		}
		at = (size_t)(p - s);
		/* the matching close brace */
		for (j = at, depth = 0; j < n; j++) {
			if (s[j] == '\\' && j + 1 < n) {
				j++;
				continue;
			}
			if (s[j] == '{')
				depth++;
			else if (s[j] == '}' && --depth == 0)
				break;
		}
		if (j >= n) {
			buf_add(&b, s + i, n - i);
			break;
		}
		budget = latex_visible(s + at + sizeof key - 1,
		    j - at - (sizeof key - 1), set) + 2;
		cut = at;
		while (cut > i) {
			size_t e = cut, w;
			bool okw = true;

			while (e > i && s[e - 1] == ' ')
				e--;
			for (w = e; w > i && s[w - 1] != ' '; w--)
				;
			if (w == e)
				break;
			for (size_t k = w; k < e; k++) {
				unsigned char c = (unsigned char)s[k];

				if (c < 0x80 && !set[c])
					okw = false;
				if (c < 0x80 || (c & 0xC0) == 0xC0)
					used++;
			}
			if (!okw || used > budget)
				break;
			cut = w;
		}
		buf_add(&b, s + i, cut - i);
		buf_adds(&b, "$");
		{
			char *tex = trimdup(s + at + sizeof key - 1,
			    j - at - (sizeof key - 1));
			size_t tl = strlen(tex);

			/* {\displaystyle {X}}: the inner group is the formula */
			if (tl >= 2 && tex[0] == '{' && group_end(tex) == tl - 1)
				buf_add(&b, tex + 1, tl - 2);
			else
				buf_adds(&b, tex);
			free(tex);
		}
		buf_adds(&b, "$");
		i = j + 1;
	}
	return buf_take(&b);
}

/* " == Section == " markers become bold paragraph headings. */
static char *
convert_sections(const char *s)
{
	struct buf b = { 0 };
	const char *p = s;

	while (*p != '\0') {
		const char *o = strstr(p, " ==");
		const char *c;
		size_t lv;

		if (o == NULL) {
			buf_adds(&b, p);
			break;
		}
		for (lv = 0; o[1 + lv] == '='; lv++)
			;
		c = o + 1 + lv;
		while (*c == ' ')
			c++;
		{
			const char *close = strstr(c, " ==");

			if (close == NULL || close - c > 120 || close == c) {
				buf_add(&b, p, (size_t)(o - p) + 3);
				p = o + 3;
				continue;
			}
			buf_add(&b, p, (size_t)(o - p));
			buf_adds(&b, "\n\n**");
			buf_add(&b, c, (size_t)(close - c));
			buf_adds(&b, "**\n\n");
			p = close + 1;
			while (*p == '=')
				p++;
			while (*p == ' ')
				p++;
		}
	}
	return buf_take(&b);
}

static int
parse_c(const char *path, const struct lines *ls, struct entries *es,
    char *err, size_t errsz)
{
	struct para *ps;
	size_t np = paragraphs(ls, &ps), i;

	for (i = 0; i < np; i++) {
		const struct line *h = &ls->v[ps[i].from];
		struct entry *e;
		char *body, *sec;
		struct buf raw = { 0 };
		size_t k;

		if (!para_is_title(ls, &ps[i], 200) || i + 1 >= np) {
			warn_skip(es, ls, &ps[i]);
			continue;
		}
		/* The first title of a dump is written twice. */
		if (i + 2 < np && para_is_title(ls, &ps[i + 1], 200) &&
		    ls->v[ps[i + 1].from].n == h->n &&
		    memcmp(ls->v[ps[i + 1].from].s, h->s, h->n) == 0)
			i++;
		e = entry_new(es, h->no);
		e->headword = trimdup(h->s, h->n);
		for (k = ps[i + 1].from; k < ps[i + 1].to; k++) {
			buf_add(&raw, ls->v[k].s, ls->v[k].n);
			buf_addc(&raw, '\n');
		}
		body = convert_displaystyle(raw.s, raw.len);
		sec = convert_sections(body);
		e->body = trimdup(sec, strlen(sec));
		free(body), free(sec), buf_free(&raw);
		/* "Transfer learning (TL) is ..." gives the alias TL. */
		{
			size_t hl = strlen(e->headword);
			const char *bo = e->body;

			if (strncasecmp(bo, e->headword, hl) == 0 &&
			    bo[hl] == ' ' && bo[hl + 1] == '(') {
				const char *close = strchr(bo + hl + 2, ')');

				if (close != NULL && close - (bo + hl + 2) <= 12 &&
				    close > bo + hl + 2)
					names_add(&e->aliases, &e->naliases,
					    bo + hl + 2,
					    (size_t)(close - (bo + hl + 2)));
			}
		}
		i++;
	}
	free(ps);
	if (es->n == 0) {
		seterr(err, errsz, path, 1, "no entries found (format C wants "
		    "title, blank line, body paragraphs)");
		return -1;
	}
	return 0;
}

/* " == History == ": a capitalised title between == markers (code in a
 * format-B body may say "a == b", which is not one). */
static bool
has_section_marker(const struct line *l)
{
	const char *p = l->s, *end = l->s + l->n, *q;

	while ((q = memmem(p, (size_t)(end - p), " == ", 4)) != NULL) {
		const char *t = q + 4, *c;

		if (t < end && isupper((unsigned char)*t) &&
		    (c = memmem(t, (size_t)(end - t), " ==", 3)) != NULL &&
		    c - t < 80 && memchr(t, '=', (size_t)(c - t)) == NULL)
			return true;
		p = q + 4;
	}
	return false;
}

enum import_format
import_detect(const char *buf, size_t len)
{
	struct lines ls;
	size_t i, blanks = 0, longlines = 0;
	bool sections = false;
	enum import_format f = IMPORT_A;

	split_lines(buf, len, &ls);
	for (i = 0; i < ls.n; i++) {
		const struct line *l = &ls.v[i];

		if (blank(l) || l->s[0] == '#')
			continue;
		if (starts(l, "@term"))
			f = IMPORT_LORE;
		break;
	}
	if (f != IMPORT_LORE) {
		for (i = 0; i < ls.n; i++) {
			const struct line *l = &ls.v[i];

			if (blank(l))
				blanks++;
			else if (l->n > 100) {
				longlines++;
				if (has_section_marker(l) ||
				    memmem(l->s, l->n, "{\\displaystyle", 14) != NULL)
					sections = true;
			}
		}
		/* B and C separate every paragraph by a blank line and put
		 * each body on one long line; A has almost no blank lines.
		 * Only C has encyclopedia formulas and "== Section ==". */
		if (ls.n > 0 && blanks * 5 >= ls.n && longlines > 0)
			f = sections ? IMPORT_C : IMPORT_B;
	}
	free(ls.v);
	return f;
}

int
import_parse(const char *path, const char *buf, size_t len,
    enum import_format f, struct entries *out, char *err, size_t errsz)
{
	struct lines ls;
	int rc;

	split_lines(buf, len, &ls);
	switch (f) {
	case IMPORT_LORE:
		rc = parse_lore(path, &ls, out, err, errsz);
		break;
	case IMPORT_A:
		rc = parse_a(path, &ls, out, err, errsz);
		break;
	case IMPORT_B:
		rc = parse_b(path, &ls, out, err, errsz);
		break;
	case IMPORT_C:
		rc = parse_c(path, &ls, out, err, errsz);
		break;
	default:
		seterr(err, errsz, path, 0, "unknown format");
		rc = -1;
	}
	free(ls.v);
	if (rc != 0)
		entries_free(out);
	return rc;
}

/* ---- reading and checking a file ---- */

static char *
read_file(const char *path, size_t *len, char *err, size_t errsz)
{
	struct stat sb;
	struct buf b = { 0 };
	char chunk[65536];
	ssize_t r;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		seterr(err, errsz, path, 0, "%s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &sb) != 0 || S_ISDIR(sb.st_mode)) {
		seterr(err, errsz, path, 0, "%s", S_ISDIR(sb.st_mode) ?
		    "is a directory" : strerror(errno));
		close(fd);
		return NULL;
	}
	/* Say so before reading 256 MiB of it (the loop below still
	 * catches pipes and files that grow). */
	if (S_ISREG(sb.st_mode) && (uintmax_t)sb.st_size > IMPORT_MAX_FILE) {
		seterr(err, errsz, path, 0, "file too large (more than %u MiB)",
		    IMPORT_MAX_FILE >> 20);
		close(fd);
		return NULL;
	}
	for (;;) {
		r = read(fd, chunk, sizeof chunk);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (b.len + (size_t)r > IMPORT_MAX_FILE) {
			seterr(err, errsz, path, 0, "file too large (more than "
			    "%u MiB)", IMPORT_MAX_FILE >> 20);
			buf_free(&b);
			close(fd);
			return NULL;
		}
		buf_add(&b, chunk, (size_t)r);
	}
	if (r < 0) {
		seterr(err, errsz, path, 0, "%s", strerror(errno));
		buf_free(&b);
		close(fd);
		return NULL;
	}
	close(fd);
	*len = b.len;
	return buf_take(&b);
}

static long
line_of(const char *buf, size_t off)
{
	long n = 1;
	size_t i;

	for (i = 0; i < off; i++)
		if (buf[i] == '\n')
			n++;
	return n;
}

/* NUL bytes, bad UTF-8 and monster lines make a file malformed. */
static int
check_bytes(const char *path, const char *buf, size_t len, char *err,
    size_t errsz)
{
	const char *nul = memchr(buf, '\0', len);
	size_t bad, i, start = 0;

	if (nul != NULL) {
		seterr(err, errsz, path, line_of(buf, (size_t)(nul - buf)),
		    "NUL byte in text (is this a binary file?)");
		return -1;
	}
	if (!text_utf8_valid(buf, len, &bad)) {
		seterr(err, errsz, path, line_of(buf, bad), "invalid UTF-8 "
		    "(byte 0x%02x); convert the file with iconv",
		    (unsigned char)buf[bad]);
		return -1;
	}
	for (i = 0; i <= len; i++)
		if (i == len || buf[i] == '\n') {
			if (i - start > IMPORT_MAX_LINE) {
				seterr(err, errsz, path, line_of(buf, start),
				    "line longer than %u MiB",
				    IMPORT_MAX_LINE >> 20);
				return -1;
			}
			start = i + 1;
		}
	return 0;
}

/* ---- names for mention links: a small open-addressing set ---- */

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

static uint64_t
hash_mem(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	while (n-- > 0)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
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

/* The name whose fold is the n bytes at fold, or NULL. */
static const char *
nameset_get(const struct nameset *ns, const char *fold, size_t n)
{
	size_t i;
	uint64_t h;

	if (ns->cap == 0 || n > ns->maxlen)
		return NULL;
	h = hash_mem(fold, n);
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
static void
nameset_put(struct nameset *ns, const char *name, const char *headword)
{
	char *f = text_fold(name);

	if (strlen(f) >= 4)
		nameset_add(ns, f, headword);
	free(f);
}

static void
nameset_load(struct nameset *ns, sqlite3 *db, const char *schema)
{
	char *sql = sqlite3_mprintf("SELECT headword, headword FROM %s.term "
	    "UNION ALL SELECT a.name, t.headword FROM %s.alias a JOIN %s.term t "
	    "ON t.id = a.term_id", schema, schema, schema);
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK)
		while (sqlite3_step(st) == SQLITE_ROW)
			nameset_put(ns, (const char *)sqlite3_column_text(st, 0),
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
find_mentions(const struct nameset *ns, struct entry *e, struct buf *fb)
{
	const char *s = e->body, *from;
	size_t fs[MENTION_MAX_WORDS + 1], fe[MENTION_MAX_WORDS + 1], nw = 0;
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
			nw--;
		}
		fs[nw] = fb->len;
		from = s;
		while (*s != '\0' && (isalnum((unsigned char)*s) || *s == '-' ||
		    *s == '+' || (unsigned char)*s >= 0x80))
			s++;
		fold_add(fb, from, (size_t)(s - from));
		fe[nw] = fb->len;
		nw++;
		/* Longest phrase ending at this word wins. */
		for (k = nw; k >= 1; k--) {
			const char *f = fb->s + fs[nw - k], *hit;
			size_t flen = fe[nw - 1] - fs[nw - k];

			if (flen == selflen && memcmp(f, self, flen) == 0)
				continue;
			if ((hit = nameset_get(ns, f, flen)) == NULL)
				continue;
			for (j = 0; j < e->nrelated; j++)
				if (strcmp(e->related[j], hit) == 0)
					break;
			if (j == e->nrelated && strcasecmp(hit, e->headword) != 0)
				names_add(&e->related, &e->nrelated, hit,
				    strlen(hit));
			break;
		}
	}
	free(self);
}

/* ---- storing ---- */

struct store {
	sqlite3		*db;
	sqlite3_stmt	*find, *ins_term, *ins_alias, *ins_rel, *cat, *ins_cat,
			*fts_del, *fts_ins, *upd_body, *slug_taken, *fts_file;
};

static const char *const store_sql[] = {
	"SELECT t.id, t.body, s.path, t.line, t.source_id FROM term t"
	" LEFT JOIN source s ON s.id = t.source_id WHERE t.fold = ?",
	"INSERT INTO term(slug, headword, fold, sortkey, letter, category_id,"
	" body, source_id, line) VALUES (?,?,?,?,?,?,?,?,?)",
	"INSERT OR IGNORE INTO alias(term_id, pos, name, fold) VALUES"
	" (?1, (SELECT count(*) FROM alias WHERE term_id = ?1), ?2, ?3)",
	"INSERT OR IGNORE INTO related(term_id, pos, name, fold, explicit)"
	" VALUES (?, (SELECT count(*) FROM related WHERE term_id = ?1), ?, ?, ?)",
	"SELECT id FROM category WHERE name = ?",
	"INSERT INTO category(name) VALUES (?)",
	/* term_fts indexes the view term_fts_src (schema 4): a delete
	 * re-reads the text it indexed through the view, so it must come
	 * before the term changes. */
	"DELETE FROM term_fts WHERE rowid = ?",
	"INSERT INTO term_fts(rowid, headword, aliases, body) SELECT id,"
	" headword, aliases, body FROM term_fts_src WHERE id = ?",
	"UPDATE term SET body = ? WHERE id = ?",
	"SELECT 1 FROM term WHERE slug = ?",
	/* In rowid order: FTS5 writes out its pending terms whenever a
	 * rowid is lower than the one before. */
	"INSERT INTO term_fts(rowid, headword, aliases, body) SELECT id,"
	" headword, aliases, body FROM term_fts_src WHERE id IN"
	" (SELECT id FROM term WHERE source_id = ?) ORDER BY id",
};

static void
store_close(struct store *s)
{
	sqlite3_stmt **v = &s->find;
	size_t i;

	for (i = 0; i < nitems(store_sql); i++)
		sqlite3_finalize(v[i]);
}

static int
store_open(struct store *s, sqlite3 *db)
{
	sqlite3_stmt **v = &s->find;
	size_t i;

	memset(s, 0, sizeof *s);
	s->db = db;
	for (i = 0; i < nitems(store_sql); i++)
		if (sqlite3_prepare_v2(db, store_sql[i], -1, &v[i], NULL) !=
		    SQLITE_OK) {
			store_close(s);
			return -1;
		}
	return 0;
}

static int
step_done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

static int64_t
category_id(struct store *s, const char *name)
{
	int64_t id = 0;

	if (name == NULL || name[0] == '\0')
		return 0;
	sqlite3_bind_text(s->cat, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(s->cat) == SQLITE_ROW)
		id = sqlite3_column_int64(s->cat, 0);
	sqlite3_reset(s->cat);
	if (id != 0)
		return id;
	sqlite3_bind_text(s->ins_cat, 1, name, -1, SQLITE_STATIC);
	if (step_done(s->ins_cat) != 0)
		return -1;
	return sqlite3_last_insert_rowid(s->db);
}

static int
add_names(struct store *s, int64_t id, const struct entry *e)
{
	size_t i;

	for (i = 0; i < e->naliases; i++) {
		char *f = text_fold(e->aliases[i]);

		sqlite3_bind_int64(s->ins_alias, 1, id);
		sqlite3_bind_text(s->ins_alias, 2, e->aliases[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(s->ins_alias, 3, f, -1, SQLITE_TRANSIENT);
		free(f);
		if (step_done(s->ins_alias) != 0)
			return -1;
	}
	for (i = 0; i < e->nrelated; i++) {
		char *f = text_fold(e->related[i]);

		sqlite3_bind_int64(s->ins_rel, 1, id);
		sqlite3_bind_text(s->ins_rel, 2, e->related[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(s->ins_rel, 3, f, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(s->ins_rel, 4, e->explicit_related);
		if (f[0] != '\0' && step_done(s->ins_rel) != 0) {
			free(f);
			return -1;
		}
		sqlite3_reset(s->ins_rel);
		sqlite3_clear_bindings(s->ins_rel);
		free(f);
	}
	return 0;
}

static int
fts_step(sqlite3_stmt *st, int64_t id)
{
	sqlite3_bind_int64(st, 1, id);
	return step_done(st);
}

/* A slug nobody has: "softmax", else "softmax-2", "softmax-3"... */
static char *
free_slug(struct store *s, const char *headword)
{
	char *base = text_slug(headword), *slug = NULL;
	int n;

	if (base[0] == '\0') {
		free(base);
		base = xstrdup("term");
	}
	for (n = 1; n < 100000; n++) {
		bool taken;

		free(slug);
		if (n == 1)
			slug = xstrdup(base);
		else {
			struct buf b = { 0 };

			buf_printf(&b, "%s-%d", base, n);
			slug = buf_take(&b);
		}
		sqlite3_bind_text(s->slug_taken, 1, slug, -1, SQLITE_STATIC);
		taken = sqlite3_step(s->slug_taken) == SQLITE_ROW;
		sqlite3_reset(s->slug_taken);
		if (!taken)
			break;
	}
	free(base);
	return slug;
}

/* Control characters and escape sequences never reach the database. */
static size_t
clean_field(char **p, bool multiline)
{
	size_t before = strlen(*p), after;
	char *c = text_sanitize(*p, before, multiline, &after);

	free(*p);
	*p = c;
	return before != after;
}

static size_t
clean_entry(struct entry *e)
{
	size_t i, n = 0;

	n += clean_field(&e->headword, false);
	n += clean_field(&e->body, true);
	if (e->category != NULL)
		n += clean_field(&e->category, false);
	for (i = 0; i < e->naliases; i++)
		n += clean_field(&e->aliases[i], false);
	for (i = 0; i < e->nrelated; i++)
		n += clean_field(&e->related[i], false);
	return n;
}

static int
store_entry(struct store *s, const char *path, int64_t source_id,
    struct entry *e, const struct import_opts *o, struct import_report *rep)
{
	char *fold, *slug, *sortkey, letter[2] = { 0 };
	int64_t id = 0, cat;
	int rc = -1;
	bool older = false;

	if (clean_entry(e) && o->warn != NULL)
		o->warn(o->warn_arg, path, e->line, "control characters removed");
	fold = text_fold(e->headword);
	if (fold[0] == '\0') {
		free(fold);
		fold = text_slug(e->headword);
		if (fold[0] == '\0') {
			free(fold);
			errno = EINVAL;
			return -2;
		}
	}
	sqlite3_bind_text(s->find, 1, fold, -1, SQLITE_STATIC);
	if (sqlite3_step(s->find) == SQLITE_ROW) {
		/* The documented rule: a second entry with the same headword
		 * is merged into the first as another sense. */
		struct buf body = { 0 }, msg = { 0 };
		const char *old = (const char *)sqlite3_column_text(s->find, 1);
		const char *where = (const char *)sqlite3_column_text(s->find, 2);

		id = sqlite3_column_int64(s->find, 0);
		older = sqlite3_column_int64(s->find, 4) != source_id;
		buf_printf(&msg, "duplicate headword '%s' (first defined at %s:%lld):"
		    " merged as another sense", e->headword,
		    where != NULL ? where : "?",
		    (long long)sqlite3_column_int64(s->find, 3));
		buf_adds(&body, old);
		buf_printf(&body, "\n\n---\n\n*Another sense (%s:%ld):*\n\n%s",
		    path, e->line, e->body);
		sqlite3_reset(s->find);
		sqlite3_clear_bindings(s->find);
		/* A term of this file has no FTS row yet; an older one's
		 * goes before its text changes and comes back below. */
		rc = older ? fts_step(s->fts_del, id) : 0;
		if (rc == 0) {
			sqlite3_bind_text(s->upd_body, 1, body.s, -1,
			    SQLITE_TRANSIENT);
			sqlite3_bind_int64(s->upd_body, 2, id);
			rc = step_done(s->upd_body);
		}
		buf_free(&body);
		if (o->warn != NULL)
			o->warn(o->warn_arg, path, e->line, msg.s);
		buf_free(&msg);
		rep->merged++;
	} else {
		sqlite3_reset(s->find);
		sqlite3_clear_bindings(s->find);
		if ((cat = category_id(s, e->category)) < 0)
			goto out;
		slug = free_slug(s, e->headword);
		sortkey = corpus_sortkey(e->headword);
		letter[0] = corpus_letter(sortkey);
		sqlite3_bind_text(s->ins_term, 1, slug, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s->ins_term, 2, e->headword, -1, SQLITE_STATIC);
		sqlite3_bind_text(s->ins_term, 3, fold, -1, SQLITE_STATIC);
		sqlite3_bind_text(s->ins_term, 4, sortkey, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s->ins_term, 5, letter, -1, SQLITE_STATIC);
		if (cat > 0)
			sqlite3_bind_int64(s->ins_term, 6, cat);
		sqlite3_bind_text(s->ins_term, 7, e->body, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s->ins_term, 8, source_id);
		sqlite3_bind_int64(s->ins_term, 9, e->line);
		free(slug), free(sortkey);
		if ((rc = step_done(s->ins_term)) != 0)
			goto out;
		id = sqlite3_last_insert_rowid(s->db);
		rep->added++;
	}
	/* New terms of this file are indexed together at the end, in one
	 * statement: row by row, FTS5 wrote a segment per entry. */
	if (rc == 0 && (rc = add_names(s, id, e)) == 0 && older)
		rc = fts_step(s->fts_ins, id);
out:
	free(fold);
	return rc;
}

static int
exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/* Drop what an earlier import of the same file stored, so importing a file
 * again updates it instead of doubling it. */
static int
replace_source(sqlite3 *db, const char *path, enum import_format f,
    int64_t *source_id, size_t *replaced)
{
	sqlite3_stmt *st;
	int rc = -1;

	*replaced = 0;
	if (sqlite3_prepare_v2(db, "SELECT id FROM source WHERE path = ?", -1,
	    &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		int64_t old = sqlite3_column_int64(st, 0);
		char *sql = sqlite3_mprintf(
		    "DELETE FROM term_fts WHERE rowid IN (SELECT id FROM term"
		    " WHERE source_id = %lld);"
		    "DELETE FROM term WHERE source_id = %lld;"
		    "DELETE FROM source WHERE id = %lld;",
		    (long long)old, (long long)old, (long long)old);

		sqlite3_finalize(st);
		if (sqlite3_prepare_v2(db, "SELECT count(*) FROM term WHERE"
		    " source_id = ?", -1, &st, NULL) == SQLITE_OK) {
			sqlite3_bind_int64(st, 1, old);
			if (sqlite3_step(st) == SQLITE_ROW)
				*replaced = (size_t)sqlite3_column_int64(st, 0);
			sqlite3_finalize(st);
		}
		rc = exec(db, sql);
		sqlite3_free(sql);
		if (rc != 0)
			return -1;
	} else
		sqlite3_finalize(st);
	if (sqlite3_prepare_v2(db, "INSERT INTO source(path, format, imported)"
	    " VALUES (?, ?, ?)", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, import_format_name(f), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL));
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(st);
	*source_id = sqlite3_last_insert_rowid(db);
	return rc;
}

/* The first integer of a query, or dflt. */
static int
query_int(sqlite3 *db, const char *sql, int dflt)
{
	sqlite3_stmt *st;
	int v = dflt;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/*
 * FTS5 merges its segments a little after every write of pending terms
 * (automerge, default 4). One file's terms are indexed by one statement,
 * so within it that merging is wasted work: 0 turns it off for the
 * statement (the trigram index of 20K entries: 3.3 -> 2.4 s). Crisis
 * merges still bound the segments per level, and the old value comes back
 * before the commit, so the next write merges as before. Not when the
 * file replaced terms: merging is what drops their old text from the
 * index (without it a re-import of 20K entries left the file 265 MB
 * instead of 205 MB).
 */
static int
fts_automerge(sqlite3 *db, int v)
{
	char sql[96];

	snprintf(sql, sizeof sql, "INSERT INTO term_fts(term_fts, rank)"
	    " VALUES('automerge', %d)", v);
	return exec(db, sql);
}

/* Whether path was imported before (read outside the transaction: at
 * worst a concurrent import makes this one journal in a file). */
static bool
imported_before(sqlite3 *db, const char *path)
{
	sqlite3_stmt *st;
	bool yes = true;

	if (sqlite3_prepare_v2(db, "SELECT 1 FROM source WHERE path = ?", -1,
	    &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
		yes = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	return yes;
}

static void
restore_temp_store(sqlite3 *db, int v)
{
	char sql[48];

	snprintf(sql, sizeof sql, "PRAGMA temp_store=%d", v);
	exec(db, sql);
}

/* "disk I/O error" or "readonly database" is about the database, not the
 * file being imported: name it. */
static void
dberr(sqlite3 *db, const char *path, char *err, size_t errsz)
{
	const char *file = sqlite3_db_filename(db, "main");
	char why[256];

	if (file == NULL || file[0] == '\0')
		file = "the database";
	seterr(err, errsz, path, 0, "cannot store it in %s: %s", file,
	    db_why(db, file, why, sizeof why));
}

int
import_file(struct corpus *c, const char *path, const struct import_opts *o,
    struct import_report *rep, char *err, size_t errsz)
{
	sqlite3 *db = corpus_db(c);
	struct entries es = { 0 };
	struct nameset ns = { 0 };
	struct buf fold = { 0 };
	struct store s;
	char *buf, *real, *sql;
	size_t len, i;
	int64_t source_id;
	enum import_format f = o->format;
	bool attached = false;
	int temp_store, automerge;

	memset(rep, 0, sizeof *rep);
	if ((buf = read_file(path, &len, err, errsz)) == NULL)
		return -1;
	if (check_bytes(path, buf, len, err, errsz) != 0) {
		free(buf);
		return -1;
	}
	if (f == IMPORT_AUTO)
		f = import_detect(buf, len);
	rep->format = f;
	if (import_parse(path, buf, len, f, &es, err, errsz) != 0) {
		free(buf);
		return -1;
	}
	free(buf);
	rep->entries = es.n;
	if (es.skipped > 0 && o->warn != NULL) {
		char msg[128];

		snprintf(msg, sizeof msg, "%zu line%s of page text that is not an "
		    "entry skipped", es.skipped, es.skipped == 1 ? "" : "s");
		o->warn(o->warn_arg, path, es.skipped_line, msg);
	}

	real = realpath(path, NULL);
	/*
	 * Statements that write several rows keep a journal of the pages
	 * they change, and FTS5 runs a nested one for every page it writes,
	 * each journaling a page or two: in a temp file, 400,000 write calls
	 * for 20K entries. In memory for a file's first import, where
	 * nothing else is journaled. Not when it replaces terms: deleting
	 * them journals the pages they were on (hundreds of MB at 100K), and
	 * not outside the transaction (lore build's VACUUM would build its
	 * copy in memory). SQLITE_CONFIG_STMTJRNL_SPILL at 4 MiB would do
	 * both, but SQLite 3.40 failed a re-import with SQLITE_FULL when
	 * such a journal spilled.
	 */
	temp_store = query_int(db, "PRAGMA temp_store", 0);
	if (!imported_before(db, real != NULL ? real : path))
		exec(db, "PRAGMA temp_store=MEMORY");
	if (exec(db, "BEGIN IMMEDIATE") != 0) {
		dberr(db, path, err, errsz);
		restore_temp_store(db, temp_store);
		free(real);
		entries_free(&es);
		return -1;
	}
	if (replace_source(db, real != NULL ? real : path, f, &source_id,
	    &rep->replaced) != 0 || store_open(&s, db) != 0) {
		dberr(db, path, err, errsz);
		goto rollback_nostore;
	}
	/* Formats without related fields get links from mentions. */
	if (f != IMPORT_LORE) {
		nameset_load(&ns, db, "main");
		if (o->bundled != NULL && access(o->bundled, R_OK) == 0) {
			char *uri = file_uri(o->bundled, "mode=ro&immutable=1");

			sql = sqlite3_mprintf("ATTACH %Q AS bundled", uri);
			attached = exec(db, sql) == 0;
			sqlite3_free(sql);
			free(uri);
			if (attached)
				nameset_load(&ns, db, "bundled");
		}
		for (i = 0; i < es.n; i++) {
			nameset_put(&ns, es.v[i].headword, es.v[i].headword);
			for (size_t k = 0; k < es.v[i].naliases; k++)
				nameset_put(&ns, es.v[i].aliases[k],
				    es.v[i].headword);
		}
		for (i = 0; i < es.n; i++)
			find_mentions(&ns, &es.v[i], &fold);
		buf_free(&fold);
	}
	for (i = 0; i < es.n; i++) {
		int rc;

		if (o->cancel != NULL && *o->cancel) {
			seterr(err, errsz, path, es.v[i].line, "interrupted; "
			    "nothing from this file was stored");
			goto rollback;
		}
		if ((rc = store_entry(&s, real != NULL ? real : path, source_id,
		    &es.v[i], o, rep)) != 0) {
			if (rc == -2)
				seterr(err, errsz, path, es.v[i].line,
				    "headword has no letters or digits");
			else
				seterr(err, errsz, path, es.v[i].line, "%s",
				    sqlite3_errmsg(db));
			goto rollback;
		}
	}
	automerge = query_int(db, "SELECT v FROM term_fts_config WHERE"
	    " k = 'automerge'", 4);
	sqlite3_bind_int64(s.fts_file, 1, source_id);
	if ((rep->replaced == 0 && fts_automerge(db, 0) != 0) ||
	    step_done(s.fts_file) != 0 || fts_automerge(db, automerge) != 0) {
		seterr(err, errsz, path, 0, "%s", sqlite3_errmsg(db));
		goto rollback;
	}
	sql = sqlite3_mprintf("UPDATE source SET entries = %lld WHERE id = %lld",
	    (long long)es.n, (long long)source_id);
	exec(db, sql);
	sqlite3_free(sql);
	store_close(&s);
	if (exec(db, "COMMIT") != 0) {
		dberr(db, path, err, errsz);
		goto rollback_nostore;
	}
	restore_temp_store(db, temp_store);
	if (attached)
		exec(db, "DETACH bundled");
	nameset_free(&ns);
	entries_free(&es);
	free(real);
	return 0;
rollback:
	store_close(&s);
rollback_nostore:
	exec(db, "ROLLBACK");
	restore_temp_store(db, temp_store);
	if (attached)
		exec(db, "DETACH bundled");
	nameset_free(&ns);
	entries_free(&es);
	free(real);
	return -1;
}

int
import_categories(struct corpus *c, const char *path, char *err, size_t errsz)
{
	sqlite3 *db = corpus_db(c);
	sqlite3_stmt *st;
	struct lines ls;
	char *buf;
	size_t len, i;
	int rc = 0;

	if ((buf = read_file(path, &len, err, errsz)) == NULL)
		return -1;
	if (sqlite3_prepare_v2(db, "INSERT INTO category(name, description)"
	    " VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET description ="
	    " excluded.description", -1, &st, NULL) != SQLITE_OK) {
		seterr(err, errsz, path, 0, "%s", sqlite3_errmsg(db));
		free(buf);
		return -1;
	}
	split_lines(buf, len, &ls);
	for (i = 0; i < ls.n && rc == 0; i++) {
		const struct line *l = &ls.v[i];
		const char *colon = memchr(l->s, ':', l->n);
		char *name, *desc;

		if (blank(l) || l->s[0] == '#')
			continue;
		if (colon == NULL) {
			seterr(err, errsz, path, l->no, "expected 'name: description'");
			rc = -1;
			break;
		}
		name = trimdup(l->s, (size_t)(colon - l->s));
		desc = trimdup(colon + 1, l->n - (size_t)(colon + 1 - l->s));
		sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, desc, -1, SQLITE_TRANSIENT);
		free(name), free(desc);
		if (step_done(st) != 0) {
			seterr(err, errsz, path, l->no, "%s", sqlite3_errmsg(db));
			rc = -1;
		}
	}
	sqlite3_finalize(st);
	free(ls.v);
	free(buf);
	return rc;
}
