/* read_lines.c - glossaries found in the wild that write one entry as a
 * header line and its body as lines after it: "a" (header lines of
 * comma-separated names over Markdown bodies), "b" (a scraped web page:
 * header / blank / one-line body) and "c" (an encyclopedia dump: title /
 * blank / body paragraphs with == Section == markers). */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import.h"
#include "structure.h"
#include "text.h"
#include "util.h"

/* ---- format A: header lines of comma-separated names ---- */

/* Block state the header rule must respect: code fences and $$ blocks. */
struct mdstate {
	bool	fence;
	char	fch;
	bool	math;
};

static void
mdstate_feed(struct mdstate *m, const struct import_line *l)
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
is_header_a(const struct import_line *l, const struct import_line *next)
{
	static const char bad[] = "=:;{}[]\\$*|<>\"`";
	size_t i, start = 0;
	unsigned char c0;
	bool comma = false;

	if (l->n == 0 || l->n > 600 || next == NULL || import_blank(next))
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
	if (isupper(c0) && !import_starts(next, "**"))
		return false;
	return true;
}

/* Inside a code fence or a $$ block only a header with the strongest
 * evidence counts: all lowercase and followed by a bold line. Real files
 * lose closing fences and $$ when a body is cut short, and without this
 * one lost $$ would swallow every entry after it. */
static bool
strong_header(const struct import_line *l, const struct import_line *next)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (isupper((unsigned char)l->s[i]))
			return false;
	return import_starts(next, "**");
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
glossary_entries(const char *path, const struct import_lines *ls,
    struct entries *es, char *err, size_t errsz)
{
	struct mdstate m = { 0 };
	bool *hdr = xcalloc(ls->n + 1, sizeof *hdr);
	char **cats = NULL;
	size_t ncats = 0, i, first = ls->n;

	for (i = 0; i < ls->n; i++) {
		const struct import_line *next = i + 1 < ls->n ? &ls->v[i + 1] : NULL;

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
		import_seterr(err, errsz, path, 1, "no entry header found (format A "
		    "wants lines like 'name, alias, category')");
		return -1;
	}
	for (i = 0; i < first; i++)
		if (!import_blank(&ls->v[i])) {
			free(hdr);
			import_seterr(err, errsz, path, ls->v[i].no, "text before the "
			    "first entry header");
			return -1;
		}
	/* Two-name headers are "name, category": learn the categories. */
	for (i = first; i < ls->n; i++) {
		const char *c;

		if (!hdr[i] || (c = memchr(ls->v[i].s, ',', ls->v[i].n)) == NULL ||
		    memchr(c + 1, ',', ls->v[i].n - (size_t)(c + 1 - ls->v[i].s)))
			continue;
		import_names_add(&cats, &ncats, c + 1,
		    ls->v[i].n - (size_t)(c + 1 - ls->v[i].s));
	}
	for (i = first; i < ls->n;) {
		const struct import_line *h = &ls->v[i];
		struct entry *e = import_entry_new(es, h->no);
		char **names = NULL;
		size_t nn = 0, j, end;

		import_names_split(&names, &nn, h->s, h->n, ',');
		nn = dedupe_names(names, nn);
		e->headword = names[0];
		if (nn >= 2 && (nn == 2 || in_list(cats, ncats, names[nn - 1]) ||
		    in_list((char *const *)known_categories,
		    nitems(known_categories), names[nn - 1]))) {
			e->category = names[--nn];
		}
		for (j = 1; j < nn; j++)
			import_names_add(&e->aliases, &e->naliases, names[j],
			    strlen(names[j])), free(names[j]);
		free(names);
		dedupe_aliases(e);
		for (end = i + 1; end < ls->n && !hdr[end]; end++)
			;
		e->body = import_join_body(ls, i + 1, end, false);
		if (structure_line_blocks(e->body)) {
			char *md = structure_recover(e->body);

			free(e->body);
			e->body = md;
		}
		i = end;
	}
	strv_free(cats, ncats);
	free(hdr);
	return 0;
}

/* ---- formats B and C: blank-line separated paragraphs ---- */

struct para {
	size_t	 from, to;	/* line indices [from, to) */
};

static size_t
paragraphs(const struct import_lines *ls, struct para **out)
{
	size_t i = 0, n = 0, cap = 0;

	*out = NULL;
	while (i < ls->n) {
		while (i < ls->n && import_blank(&ls->v[i]))
			i++;
		if (i == ls->n)
			break;
		*out = xgrow(*out, n, &cap, 64, sizeof **out);
		(*out)[n].from = i;
		while (i < ls->n && !import_blank(&ls->v[i]))
			i++;
		(*out)[n++].to = i;
	}
	return n;
}

static bool
para_is_title(const struct import_lines *ls, const struct para *p, size_t maxlen)
{
	const struct import_line *l = &ls->v[p->from];

	return p->to - p->from == 1 && l->n > 0 && l->n <= maxlen &&
	    strchr(".!?:", l->s[l->n - 1]) == NULL;
}

static void
warn_skip(struct entries *es, const struct import_lines *ls, const struct para *p)
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

/* Cells of s[0..n) split at '|', trimmed, appended to v. */
static size_t
split_cells(const char *s, size_t n, char ***v, size_t *nv)
{
	size_t i, start = 0, before = *nv;

	for (i = 0; i <= n; i++)
		if (i == n || s[i] == '|') {
			*v = xreallocarray(*v, *nv + 1, sizeof **v);
			(*v)[(*nv)++] = import_trimdup(s + start, i - start);
			start = i + 1;
		}
	return *nv - before;
}

static void
table_row(struct buf *b, char *const *cells, size_t n, bool first)
{
	size_t i;

	buf_adds(b, first ? "|" : "\n|");
	for (i = 0; i < n; i++) {
		buf_addc(b, ' ');
		buf_adds(b, cells[i]);
		buf_adds(b, " |");
	}
}

/*
 * A code block of a text table, flattened: "``` A | B ---|--- a1 | b1 a2 |
 * b2 ```". Its rows lost their line breaks, so the last cell of one row
 * and the first of the next share a piece between pipes: the next row
 * starts at the last word there that opens with a capital or a digit
 * (the first column of such tables names things: "Block sparse", "80%").
 * A Markdown table goes to b and true comes back; false leaves b alone.
 */
static bool
fenced_table(const char *s, size_t n, struct buf *out)
{
	struct buf tb = { 0 }, *b = &tb;
	char **hdr = NULL, **cells = NULL, **row;
	size_t nh = 0, nc = 0, i, j, sep = n, sepe = 0, pipes = 0, k;
	bool ok = false;

	/* the separator: a word of dashes and pipes */
	for (i = 0; i < n && sep == n; i++) {
		size_t dashes = 0, bars = 0;

		if (i > 0 && s[i - 1] != ' ')
			continue;
		for (j = i; j < n && s[j] != ' '; j++)
			if (s[j] == '-')
				dashes++;
			else if (s[j] == '|')
				bars++;
			else if (s[j] != ':')
				break;
		if ((j == n || s[j] == ' ') && dashes >= 3 && bars >= 1)
			sep = i, sepe = j, pipes = bars;
	}
	if (sep == n || memchr(s, '|', sep) == NULL)
		return false;
	for (i = 0; i < sep && s[i] == ' '; i++)
		;
	if (s[i] == '|' || split_cells(s + i, sep - i, &hdr, &nh) != pipes + 1)
		goto out;
	split_cells(s + sepe, n - sepe, &cells, &nc);
	if (nc < nh || (nc - 1) % (nh - 1) != 0)
		goto out;
	ok = true;
	table_row(b, hdr, nh, true);
	buf_adds(b, "\n|");
	for (i = 0; i < nh; i++)
		buf_adds(b, "---|");
	row = xcalloc(nh, sizeof *row);
	row[0] = xstrdup(cells[0]);
	for (i = 1, k = 1; i < nc; i++) {
		char *c = cells[i], *cut = NULL, *p;

		if (k < nh - 1 || i == nc - 1) {
			row[k++] = xstrdup(c);
			continue;
		}
		for (p = c; *p != '\0'; p++)	/* an empty cell has no p[-1] */
			if (p > c && p[-1] == ' ' && (isupper((unsigned char)*p) ||
			    isdigit((unsigned char)*p)))
				cut = p;
		if (cut == NULL) {
			ok = false;
			break;
		}
		row[k] = import_trimdup(c, (size_t)(cut - c));
		table_row(b, row, nh, false);
		for (j = 0; j < nh; j++)
			free(row[j]), row[j] = NULL;
		row[0] = xstrdup(cut);
		k = 1;
	}
	if (ok && k == nh)
		table_row(b, row, nh, false);
	ok = ok && k == nh;
	strv_free(row, nh);
	if (ok) {
		buf_para(out);
		buf_add(out, tb.s, tb.len);
		buf_para(out);
	}
out:
	buf_free(&tb);
	strv_free(hdr, nh);
	strv_free(cells, nc);
	return ok;
}

/* "...accuracy loss **Dynamic Sparsification:**" before a list: the bold
 * title that ends in ':' goes on a paragraph of its own. */
static void
title_before_list(struct buf *b)
{
	size_t e = b->len, k;

	if (e < 6 || memcmp(b->s + e - 3, ":**", 3) != 0)
		return;
	for (k = e - 3; k >= 2; k--)
		if (b->s[k - 1] == '*' && b->s[k - 2] == '*')
			break;
	if (k < 3 || k - 2 == 0 || b->s[k - 3] != ' ' ||
	    memchr(b->s + k, '\n', e - k) != NULL)
		return;
	{
		char *t = xstrndup(b->s + k - 2, e - (k - 2));

		b->len = k - 2;
		buf_para(b);
		buf_adds(b, t);
		free(t);
	}
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
	bool bold = false;	/* inside a **span**: its "**" closes it */

	while (i < n) {
		if (s[i] == '`' && i + 3 < n && s[i + 1] == '`' &&
		    s[i + 2] == '`') {
			const char *close = strstr(s + i + 3, "```");

			if (close != NULL && fenced_table(s + i + 3,
			    (size_t)(close - (s + i + 3)), &b)) {
				i = (size_t)(close - s) + 3;
				while (i < n && s[i] == ' ')
					i++;
				continue;
			}
		}
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
		if (s[i] == '*' && i + 1 < n && s[i + 1] == '*' && !bold &&
		    b.len > 1) {
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
		/* " - **Label**": a list item the page ran into the text */
		if (!bold && s[i] == ' ' && i + 4 < n && s[i + 1] == '-' &&
		    s[i + 2] == ' ' && s[i + 3] == '*' && s[i + 4] == '*' &&
		    s[i + 5] != ' ' && b.len > 0) {
			buf_rtrim(&b);
			title_before_list(&b);
			buf_adds(&b, "\n- ");
			i += 3;
			continue;
		}
		if (s[i] == '*' && i + 1 < n && s[i + 1] == '*') {
			/* " ** " is an operator (x ** 2), not emphasis */
			if (!(i > 0 && s[i - 1] == ' ' && i + 2 < n &&
			    s[i + 2] == ' '))
				bold = !bold;
			buf_add(&b, s + i, 2);
			i += 2;
			continue;
		}
		buf_addc(&b, s[i++]);
	}
	return buf_take(&b);
}

static int
page_entries(const char *path, const struct import_lines *ls,
    struct entries *es, char *err, size_t errsz)
{
	struct para *ps;
	size_t np = paragraphs(ls, &ps), i;

	for (i = 0; i < np; i++) {
		const struct import_line *h = &ls->v[ps[i].from];
		const struct import_line *b;
		struct entry *e;
		char **names = NULL;
		size_t nn = 0, j;

		if (i + 1 >= np || !para_is_title(ls, &ps[i], 600) ||
		    ps[i + 1].to - ps[i + 1].from != 1) {
			warn_skip(es, ls, &ps[i]);
			continue;
		}
		b = &ls->v[ps[i + 1].from];
		if (!import_starts(b, "**") && b->n < 120) {
			warn_skip(es, ls, &ps[i]);
			continue;
		}
		e = import_entry_new(es, h->no);
		import_names_split(&names, &nn, h->s, h->n, ',');
		if (nn == 0) {
			import_seterr(err, errsz, path, h->no, "empty entry header");
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
			char *one = import_trimdup(b->s, b->n);

			e->body = unflatten_b(one);
			free(one);
		}
		i++;
	}
	free(ps);
	if (es->n == 0) {
		import_seterr(err, errsz, path, 1, "no entries found (format B wants "
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
			char *tex = import_trimdup(s + at + sizeof key - 1,
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
		/* "layer l {\displaystyle l} . The": the dump spaces the
		 * formula from its punctuation; "$l$ ." reads badly */
		if (i + 1 < n && s[i] == ' ' && s[i + 1] != '\0' &&
		    strchr(".,;:!?)", s[i + 1]) != NULL &&
		    (i + 2 == n || isspace((unsigned char)s[i + 2])))
			i++;
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
dump_entries(const char *path, const struct import_lines *ls,
    struct entries *es, char *err, size_t errsz)
{
	struct para *ps;
	size_t np = paragraphs(ls, &ps), i;

	for (i = 0; i < np; i++) {
		const struct import_line *h = &ls->v[ps[i].from];
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
		e = import_entry_new(es, h->no);
		e->headword = import_trimdup(h->s, h->n);
		for (k = ps[i + 1].from; k < ps[i + 1].to; k++) {
			buf_add(&raw, ls->v[k].s, ls->v[k].n);
			buf_addc(&raw, '\n');
		}
		body = convert_displaystyle(raw.s, raw.len);
		sec = convert_sections(body);
		e->body = import_trimdup(sec, strlen(sec));
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
					import_names_add(&e->aliases, &e->naliases,
					    bo + hl + 2,
					    (size_t)(close - (bo + hl + 2)));
			}
		}
		i++;
	}
	free(ps);
	if (es->n == 0) {
		import_seterr(err, errsz, path, 1, "no entries found (format C wants "
		    "title, blank line, body paragraphs)");
		return -1;
	}
	return 0;
}

/* " == History == ": a capitalised title between == markers (code in a
 * format-B body may say "a == b", which is not one). */
static bool
has_section_marker(const struct import_line *l)
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


/* B and C separate every paragraph by a blank line and put each body on
 * one long line; A has almost no blank lines. Only C has encyclopedia
 * formulas and "== Section ==". 1 for B, 2 for C, 0 for neither. */
static int
paragraph_kind(const char *buf, size_t len)
{
	struct import_lines ls;
	size_t i, blanks = 0, longlines = 0;
	bool sections = false;
	int kind = 0;

	import_split_lines(buf, len, &ls);
	for (i = 0; i < ls.n; i++) {
		const struct import_line *l = &ls.v[i];

		if (import_blank(l))
			blanks++;
		else if (l->n > 100) {
			longlines++;
			if (has_section_marker(l) ||
			    memmem(l->s, l->n, "{\\displaystyle", 14) != NULL)
				sections = true;
		}
	}
	if (ls.n > 0 && blanks * 5 >= ls.n && longlines > 0)
		kind = sections ? 2 : 1;
	free(ls.v);
	return kind;
}

static bool
page_detect(const char *path, const char *buf, size_t len)
{
	(void)path;
	return paragraph_kind(buf, len) == 1;
}

static bool
dump_detect(const char *path, const char *buf, size_t len)
{
	(void)path;
	return paragraph_kind(buf, len) == 2;
}

/* The fallback of detection: it never claims a file by itself. */
static bool
glossary_detect(const char *path, const char *buf, size_t len)
{
	(void)path, (void)buf, (void)len;
	return true;
}

typedef int entries_fn(const char *, const struct import_lines *,
    struct entries *, char *, size_t);

static int
read_with(entries_fn *fn, const char *path, const char *buf, size_t len,
    struct entries *out, char *err, size_t errsz)
{
	struct import_lines ls;
	int rc;

	import_split_lines(buf, len, &ls);
	rc = fn(path, &ls, out, err, errsz);
	free(ls.v);
	return rc;
}

static int
glossary_read(const char *path, const char *buf, size_t len,
    struct entries *out, char *err, size_t errsz)
{
	return read_with(glossary_entries, path, buf, len, out, err, errsz);
}

static int
page_read(const char *path, const char *buf, size_t len, struct entries *out,
    char *err, size_t errsz)
{
	return read_with(page_entries, path, buf, len, out, err, errsz);
}

static int
dump_read(const char *path, const char *buf, size_t len, struct entries *out,
    char *err, size_t errsz)
{
	return read_with(dump_entries, path, buf, len, out, err, errsz);
}

const struct import_reader import_read_glossary = {
	.format = IMPORT_A,
	.name = "a",
	.detect = glossary_detect,
	.read = glossary_read,
};

const struct import_reader import_read_page = {
	.format = IMPORT_B,
	.name = "b",
	.detect = page_detect,
	.read = page_read,
};

const struct import_reader import_read_dump = {
	.format = IMPORT_C,
	.name = "c",
	.detect = dump_detect,
	.read = dump_read,
};
