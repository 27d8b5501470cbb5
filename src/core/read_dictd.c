/* read_dictd.c - dictd dictionaries (FOLDOC, the Jargon File, WordNet...):
 * NAME.index with NAME.dict or NAME.dict.dz.
 *
 * An index line is "word TAB offset TAB length", both numbers in base 64
 * (A-Z a-z 0-9 + /), with an optional fourth column, the headword as
 * written. An article repeats its headword on its first line and is
 * indented and wrapped at about 70 columns. Here the headword line goes,
 * the indent goes, wrapped paragraphs are joined (the renderer wraps them
 * to the window), and a paragraph indented further than the rest is kept
 * line for line as a code block. {braces} are FOLDOC's and the Jargon
 * File's cross-references: [[links]], and the entry's related terms. A
 * leading "<programming, tool>" is FOLDOC's subject: the category.
 * The 00-database-short and 00-database-info articles are the
 * dictionary's name and notes, not terms; the other 00-database-* ones
 * are dictfmt's bookkeeping. A headword found more than once is one term
 * with a sense for each (the store merges them). */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "import.h"
#include "read_dict.h"
#include "text.h"
#include "util.h"

static bool
b64(const char *s, size_t n, uint64_t *v)
{
	static const char digits[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;

	*v = 0;
	if (n == 0 || n > 10)
		return false;
	for (i = 0; i < n; i++) {
		const char *p = s[i] != '\0' ? strchr(digits, s[i]) : NULL;

		if (p == NULL)
			return false;
		*v = *v << 6 | (uint64_t)(p - digits);
	}
	return true;
}

static size_t
indent(const char *s, size_t n)
{
	size_t i = 0, col = 0;

	for (; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
		col = s[i] == '\t' ? (col / 8 + 1) * 8 : col + 1;
	return i == n ? SIZE_MAX : col;	/* blank: no indent at all */
}

/* Text with {cross-references} as escaped Markdown and [[links]]; the
 * targets go to e's related names. */
static void
add_text(struct buf *b, const char *s, size_t n, struct entry *e)
{
	size_t i = 0;

	while (i < n) {
		const char *o = memchr(s + i, '{', n - i), *c;

		if (o == NULL || (c = memchr(o, '}', (size_t)(s + n - o))) ==
		    NULL || memchr(o + 1, '{', (size_t)(c - o - 1)) != NULL ||
		    c - o - 1 > 120 || c == o + 1) {
			size_t end = o != NULL ? (size_t)(o - s) + 1 : n;

			md_escape(b, s + i, end - i);
			i = end;
			continue;
		}
		md_escape(b, s + i, (size_t)(o - (s + i)));
		/* {text (http://...)} is a web link: its text and address. */
		if (memmem(o, (size_t)(c - o), "://", 3) != NULL) {
			md_escape(b, o + 1, (size_t)(c - o - 1));
			i = (size_t)(c - s) + 1;
			continue;
		}
		/* "[[" and "]]" cannot be in a link's name. */
		char *t = dict_clean(o + 1, (size_t)(c - o - 1));
		for (char *p = t; *p != '\0'; p++)
			if (*p == '[' || *p == ']')
				*p = ' ';
		buf_printf(b, "[[%s]]", t);
		(void)import_names_add(&e->related, &e->nrelated, t, strlen(t));
		free(t);
		i = (size_t)(c - s) + 1;
	}
}

/* FOLDOC's "<subject, subject>" at the start of the text: the first
 * subject, and where the text goes on. */
static char *
subject(const char *s, size_t n, size_t *after)
{
	const char *c;
	size_t k;

	if (n < 3 || s[0] != '<' || (c = memchr(s, '>', n)) == NULL ||
	    c - s > 80)
		return NULL;
	for (k = 1; s + k < c; k++)
		if (!isalnum((unsigned char)s[k]) && s[k] != ' ' && s[k] != ',' &&
		    s[k] != '-' && s[k] != '/')
			return NULL;
	for (k = 1; s + k < c && s[k] != ','; k++)
		;
	*after = (size_t)(c - s) + 1;
	while (*after < n && s[*after] == ' ')
		(*after)++;
	char *name = import_trimdup(s + 1, k - 1);
	for (char *p = name; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	return name;
}

/* An article (its headword line gone) as Markdown. */
static char *
article(const char *s, size_t n, struct entry *e)
{
	struct import_lines ls;
	struct buf b = { 0 }, para = { 0 };
	size_t base, i, j;
	bool first = true, *brk;	/* brk: a line that ends a paragraph */

	import_split_lines(s, n, &ls);
	/* FOLDOC wraps a long URL onto a line of its own at column 0 and
	 * leaves a line of spaces where it was: not a paragraph's end. */
	brk = xcalloc(ls.n + 1, sizeof *brk);
	for (i = 0; i < ls.n; i++)
		brk[i] = import_blank(&ls.v[i]) && !(ls.v[i].n > 0 &&
		    i + 1 < ls.n && !import_blank(&ls.v[i + 1]) &&
		    indent(ls.v[i + 1].s, ls.v[i + 1].n) == 0);
	/* The text's indent is the commonest one (an article may wrap a
	 * line badly, leaving a short indent behind); a paragraph indented
	 * further as a whole is an example, kept line for line. */
	{
		size_t count[17] = { 0 }, best = 0;

		for (i = 0; i < ls.n; i++) {
			size_t in = indent(ls.v[i].s, ls.v[i].n);

			if (in != SIZE_MAX)
				count[in > 16 ? 16 : in]++;
		}
		for (i = 1; i < 17; i++)
			if (count[i] > count[best])
				best = i;
		base = best;
	}
	for (i = 0; i < ls.n;) {
		bool code = true;

		if (brk[i]) {
			i++;
			continue;
		}
		for (j = i; j < ls.n && !brk[j]; j++)
			if (indent(ls.v[j].s, ls.v[j].n) <= base + 1)
				code = false;
		if (b.len > 0)
			buf_add(&b, "\n\n", 2);
		if (code) {
			size_t cut = SIZE_MAX;

			for (size_t k = i; k < j; k++)
				if (indent(ls.v[k].s, ls.v[k].n) < cut)
					cut = indent(ls.v[k].s, ls.v[k].n);
			buf_adds(&b, "```\n");
			for (; i < j; i++) {
				const struct import_line *l = &ls.v[i];
				size_t k = 0, col = 0;

				while (k < l->n && col < cut && (l->s[k] == ' ' ||
				    l->s[k] == '\t'))
					col = l->s[k++] == '\t' ? (col / 8 + 1) * 8 :
					    col + 1;
				buf_add(&b, l->s + k, l->n - k);
				buf_addc(&b, '\n');
			}
			buf_adds(&b, "```");
			continue;
		}
		buf_reset(&para);
		for (; i < j; i++) {
			const struct import_line *l = &ls.v[i];
			size_t k = 0;

			while (k < l->n && (l->s[k] == ' ' || l->s[k] == '\t'))
				k++;
			if (k == l->n)
				continue;	/* the line of spaces above */
			if (para.len > 0)
				buf_addc(&para, ' ');
			buf_add(&para, l->s + k, l->n - k);
		}
		size_t from = 0;
		if (first && e->category == NULL)
			e->category = subject(para.s, para.len, &from);
		first = false;
		/* A list-like start would become a list: keep it text. */
		if (from < para.len && strchr("#-+|>=", para.s[from]) != NULL)
			buf_addc(&b, '\\');
		add_text(&b, para.s + from, para.len - from, e);
	}
	free(ls.v);
	free(brk);
	buf_free(&para);
	return buf_take(&b);
}

static bool
is_meta(const char *w, size_t n)
{
	return (n >= 11 && strncasecmp(w, "00-database", 11) == 0) ||
	    (n >= 10 && strncasecmp(w, "00database", 10) == 0);
}

/* The text of a 00-database-* article, its first line (the name) gone. */
static char *
meta_text(const char *s, size_t n)
{
	const char *nl = memchr(s, '\n', n);
	struct import_lines ls;
	struct buf b = { 0 };
	size_t i;

	if (nl == NULL)
		return dict_clean("", 0);
	n -= (size_t)(nl + 1 - s);
	s = nl + 1;
	import_split_lines(s, n, &ls);
	for (i = 0; i < ls.n; i++) {
		size_t k = 0;

		while (k < ls.v[i].n && ls.v[i].s[k] == ' ')
			k++;
		if (b.len > 0)
			buf_addc(&b, '\n');
		buf_add(&b, ls.v[i].s + k, ls.v[i].n - k);
	}
	free(ls.v);
	char *r = dict_clean_text(b.s != NULL ? b.s : "", b.len);
	buf_free(&b);
	return r;
}

/* One line of the index. */
struct ixline {
	const char	*w;	/* the word: the fourth column when there is one */
	size_t		 wn;
	uint64_t	 off, len;
	long		 no;
	size_t		 at;	/* its place in the index */
	size_t		 first;	/* the place of the first line naming the
				 * same article */
};

static int
by_article(const void *a, const void *b)
{
	const struct ixline *x = *(const struct ixline *const *)a;
	const struct ixline *y = *(const struct ixline *const *)b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

/* Whether name is one of the words of the index lines [g, g + ng). */
static bool
indexed_as(struct ixline *const *g, size_t ng, const char *name)
{
	for (size_t k = 0; k < ng; k++) {
		char *w = dict_clean(g[k]->w, g[k]->wn);
		bool same = strcasecmp(w, name) == 0;

		free(w);
		if (same)
			return true;
	}
	return false;
}

static bool
named(const struct entry *e, const char *name)
{
	if (strcasecmp(e->headword, name) == 0)
		return true;
	for (size_t k = 0; k < e->naliases; k++)
		if (strcasecmp(e->aliases[k], name) == 0)
			return true;
	return false;
}

/*
 * The names of an article: the lines at its top, before its first blank
 * or indented line, that the index names it by. FOLDOC writes
 * "abstract data type" then "ADT" there and indexes the article under
 * both: one term, with ADT its alias. The first line is the headword as
 * written; when the index does not name it, the index's word is the
 * headword and the article's text is left whole. The other words of the
 * index are aliases. Returns where the text goes on.
 */
static size_t
article_names(const char *a, size_t an, struct ixline *const *g, size_t ng,
    struct entry *e)
{
	size_t i = 0, text = 0;
	bool top = true;

	while (i < an) {
		const char *nl = memchr(a + i, '\n', an - i);
		size_t end = nl != NULL ? (size_t)(nl - a) : an;
		char *name;

		if (end == i || a[i] == ' ' || a[i] == '\t' || end - i > 200)
			break;
		name = dict_clean(a + i, end - i);
		if (name[0] == '\0' || !indexed_as(g, ng, name)) {
			free(name);
			break;
		}
		if (top)
			e->headword = name;
		else {
			if (!named(e, name))
				(void)import_names_add(&e->aliases,
				    &e->naliases, name, strlen(name));
			free(name);
		}
		top = false;
		text = i = nl != NULL ? end + 1 : an;
	}
	if (e->headword == NULL)
		e->headword = dict_clean(g[0]->w, g[0]->wn);
	for (size_t k = 0; k < ng; k++) {
		char *w = dict_clean(g[k]->w, g[k]->wn);

		if (w[0] != '\0' && !named(e, w))
			(void)import_names_add(&e->aliases, &e->naliases, w,
			    strlen(w));
		free(w);
	}
	return text;
}

int
dictd_parse(const char *path, const struct dict_files *df,
    struct entries *out, char *err, size_t errsz)
{
	struct import_lines ls;
	struct ixline *ix = NULL, **sorted = NULL;
	size_t i, nix = 0;
	int rc = -1;

	import_split_lines(df->idx, df->idxlen, &ls);
	ix = xcalloc(ls.n + 1, sizeof *ix);
	for (i = 0; i < ls.n; i++) {
		const struct import_line *l = &ls.v[i];
		const char *f[4];
		size_t fn[4], nf = 0, k, start = 0;
		uint64_t off, len;

		if (import_blank(l))
			continue;
		for (k = 0; k <= l->n && nf < 4; k++)
			if (k == l->n || l->s[k] == '\t') {
				f[nf] = l->s + start;
				fn[nf++] = k - start;
				start = k + 1;
			}
		if (nf < 3 || !b64(f[1], fn[1], &off) || !b64(f[2], fn[2], &len)) {
			import_seterr(err, errsz, path, l->no, "not a dictd index "
			    "line (word, tab, offset, tab, length in base 64)");
			goto out;
		}
		if (off > df->dictlen || len > df->dictlen - off) {
			import_seterr(err, errsz, path, l->no, "'%.*s' points past "
			    "the end of %s (%llu+%llu > %zu bytes)",
			    (int)(fn[0] > 80 ? 80 : fn[0]), f[0], df->dictname,
			    (unsigned long long)off, (unsigned long long)len,
			    df->dictlen);
			goto out;
		}
		const char *a = df->dict + off;
		size_t an = (size_t)len;
		if (is_meta(f[0], fn[0])) {
			char **slot = NULL;

			if (fn[0] == 17 && strncasecmp(f[0], "00-database-short", 17) == 0)
				slot = &out->title;
			else if (fn[0] == 16 && strncasecmp(f[0], "00-database-info", 16) == 0)
				slot = &out->notes;
			if (slot != NULL) {
				free(*slot);
				*slot = meta_text(a, an);
			}
			continue;
		}
		ix[nix].w = nf == 4 && fn[3] > 0 ? f[3] : f[0];
		ix[nix].wn = nf == 4 && fn[3] > 0 ? fn[3] : fn[0];
		ix[nix].off = off, ix[nix].len = len;
		ix[nix].no = l->no;
		ix[nix].at = ix[nix].first = nix;
		nix++;
	}
	/* The lines naming one article, together; each knows the first. */
	sorted = xcalloc(nix + 1, sizeof *sorted);
	for (i = 0; i < nix; i++)
		sorted[i] = &ix[i];
	qsort(sorted, nix, sizeof *sorted, by_article);
	for (i = 1; i < nix; i++)
		if (sorted[i]->off == sorted[i - 1]->off &&
		    sorted[i]->len == sorted[i - 1]->len)
			sorted[i]->first = sorted[i - 1]->first;
	for (i = 0; i < nix; i++) {
		struct ixline *x = &ix[i], **g;
		size_t ng = 0, from;

		if (x->first != x->at)
			continue;	/* named under its first word */
		/* the group: where x is in sorted order, and those after */
		g = bsearch(&x, sorted, nix, sizeof *sorted, by_article);
		while (g + ng < sorted + nix && g[ng]->first == x->at)
			ng++;
		struct entry *e = import_entry_new(out, x->no);
		const char *a = df->dict + x->off;
		from = article_names(a, (size_t)x->len, g, ng, e);
		e->explicit_related = true;
		char *md = article(a + from, (size_t)x->len - from, e);
		e->body = dict_clean_text(md, strlen(md));
		free(md);
		if (!dict_storable(e->headword) || e->body[0] == '\0') {
			out->n--;	/* nothing to show */
			free(e->headword);
			free(e->body);
			free(e->category);
			strv_free(e->related, e->nrelated);
			strv_free(e->aliases, e->naliases);
			out->skipped++;
		}
	}
	out->senses = true;
	rc = 0;
out:
	free(sorted);
	free(ix);
	free(ls.v);
	return rc;
}
