/* read_csv.c - spreadsheets saved as CSV or TSV (RFC 4180: a field in
 * double quotes may hold the separator, newlines and "" for a quote).
 *
 * The separator is a tab for .tsv, a comma for a .csv whose first line
 * has one, otherwise the most frequent of tab, comma and semicolon in the
 * first line. A first row
 * whose cells name columns (term, definition, category, aliases, and the
 * synonyms in the table below) is a header and picks the columns; --columns
 * names them instead ("term,definition,-,category"; "-" skips one);
 * without either the columns are term, definition. Definitions are
 * Markdown, as in lore's own format, so $math$ stays math. */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "import.h"
#include "util.h"

enum role { R_SKIP, R_TERM, R_DEF, R_CAT, R_ALIASES, R_RELATED };

static const struct {
	const char	*name;
	enum role	 role;
} names[] = {
	{ "term", R_TERM }, { "headword", R_TERM }, { "word", R_TERM },
	{ "name", R_TERM }, { "front", R_TERM }, { "concept", R_TERM },
	{ "keyword", R_TERM }, { "entry", R_TERM },
	{ "definition", R_DEF }, { "body", R_DEF }, { "meaning", R_DEF },
	{ "description", R_DEF }, { "back", R_DEF }, { "answer", R_DEF },
	{ "explanation", R_DEF }, { "gloss", R_DEF }, { "text", R_DEF },
	{ "category", R_CAT }, { "tags", R_CAT }, { "tag", R_CAT },
	{ "topic", R_CAT }, { "subject", R_CAT }, { "area", R_CAT },
	{ "aliases", R_ALIASES }, { "alias", R_ALIASES },
	{ "synonyms", R_ALIASES }, { "abbreviation", R_ALIASES },
	{ "acronym", R_ALIASES }, { "also", R_ALIASES },
	{ "related", R_RELATED }, { "see also", R_RELATED },
	{ "skip", R_SKIP }, { "-", R_SKIP },
};

/* The role a column name asks for; -1 when it names none. */
static int
role_of(const char *s, size_t n)
{
	size_t i;

	while (n > 0 && isspace((unsigned char)*s))
		s++, n--;
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	for (i = 0; i < nitems(names); i++)
		if (strlen(names[i].name) == n &&
		    strncasecmp(names[i].name, s, n) == 0)
			return (int)names[i].role;
	return -1;
}

void
csv_rows_free(struct csv_rows *t)
{
	for (size_t i = 0; i < t->n; i++) {
		for (size_t k = 0; k < t->r[i].n; k++)
			free(t->r[i].c[k].s);
		free(t->r[i].c);
	}
	free(t->r);
}

static char
separator(const char *path, const char *buf, size_t len)
{
	static const char seps[] = "\t,;";
	size_t count[3] = { 0 }, i, best = 1;
	bool q = false, csv = false;

	if (path != NULL) {
		size_t n = strlen(path);

		if (n >= 4 && strcasecmp(path + n - 4, ".tsv") == 0)
			return '\t';
		csv = n >= 4 && strcasecmp(path + n - 4, ".csv") == 0;
	}
	for (i = 0; i < len && (q || buf[i] != '\n'); i++) {
		const char *p;

		if (buf[i] == '"')
			q = !q;
		else if (!q && buf[i] != '\0' && (p = strchr(seps, buf[i])) != NULL)
			count[p - seps]++;
	}
	/* A .csv is comma-separated unless its first line has no comma:
	 * Excel in much of Europe writes semicolons. */
	if (csv && count[1] > 0)
		return ',';
	for (i = 0; i < 3; i++)
		if (count[i] > count[best])
			best = i;
	return seps[best];
}

bool
csv_blank(const struct csv_cell *c)
{
	for (size_t i = 0; i < c->n; i++)
		if (!isspace((unsigned char)c->s[i]))
			return false;
	return true;
}

int
csv_parse(const char *path, const char *buf, size_t len, char sep,
    long first, struct csv_rows *t, char *err, size_t errsz)
{
	struct buf cell = { 0 };
	struct csv_row row = { 0 };
	size_t i = 0;
	long line = first;

	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	row.line = first;
	while (i <= len) {
		bool end_row = i == len || buf[i] == '\n' ||
		    (buf[i] == '\r' && (i + 1 == len || buf[i + 1] == '\n'));

		if (i < len && buf[i] == '"' && cell.len == 0) {
			long open = line;

			for (i++;; i++) {
				if (i >= len) {
					import_seterr(err, errsz, path, open, "a "
					    "quoted field opened here never closes "
					    "(a \" is missing)");
					buf_free(&cell);
					for (size_t k = 0; k < row.n; k++)
						free(row.c[k].s);
					free(row.c);
					return -1;
				}
				if (buf[i] == '"') {
					if (i + 1 < len && buf[i + 1] == '"') {
						buf_addc(&cell, '"');
						i++;
						continue;
					}
					i++;
					break;
				}
				if (buf[i] == '\n')
					line++;
				if (buf[i] != '\r')
					buf_addc(&cell, buf[i]);
			}
			/* Text after the closing quote joins the field. */
			continue;
		}
		if (i == len || buf[i] == sep || end_row) {
			row.c = xreallocarray(row.c, row.n + 1, sizeof *row.c);
			row.c[row.n].n = cell.len;
			row.c[row.n++].s = buf_take(&cell);
			if (i < len && buf[i] == '\r')
				i++;
			if (end_row) {
				bool empty = true;

				for (size_t k = 0; k < row.n; k++)
					if (!csv_blank(&row.c[k]))
						empty = false;
				if (empty) {
					for (size_t k = 0; k < row.n; k++)
						free(row.c[k].s);
					free(row.c);
				} else {
					t->r = xgrow(t->r, t->n, &t->cap, 64,
					    sizeof *t->r);
					t->r[t->n++] = row;
				}
				memset(&row, 0, sizeof row);
				line++;
				row.line = line;
			}
			i++;
			continue;
		}
		buf_addc(&cell, buf[i]);
		i++;
	}
	buf_free(&cell);
	free(row.c);
	return 0;
}

/* Names in a cell: split on ';' or '|', or on ',' when it has neither. */
static void
split_names(char ***v, size_t *n, const struct csv_cell *c)
{
	char sep = memchr(c->s, ';', c->n) != NULL ? ';' :
	    memchr(c->s, '|', c->n) != NULL ? '|' : ',';

	(void)import_names_split(v, n, c->s, c->n, sep);
}

/* The first tag of a category or tags cell: tags are separated by
 * commas, semicolons or bars, or by spaces when it has none of these. */
static char *
first_tag(const struct csv_cell *c)
{
	const char *stops = memchr(c->s, ',', c->n) != NULL ||
	    memchr(c->s, ';', c->n) != NULL || memchr(c->s, '|', c->n) != NULL ?
	    ",;|" : " \t";
	size_t i = 0, k;

	while (i < c->n && (isspace((unsigned char)c->s[i]) || c->s[i] == '#' ||
	    strchr(stops, c->s[i]) != NULL))
		i++;
	for (k = i; k < c->n && strchr(stops, c->s[k]) == NULL; k++)
		;
	return import_trimdup(c->s + i, k - i);
}

static int
csv_read(const char *path, const char *buf, size_t len, struct entries *out,
    char *err, size_t errsz)
{
	struct csv_rows t = { 0 };
	int *roles = NULL;
	size_t ncol = 0, first = 0, i, k;
	int rc = -1;
	bool header = false;

	if (csv_parse(path, buf, len, separator(path, buf, len), 1, &t, err,
	    errsz) != 0)
		goto out;
	if (t.n == 0)
		return 0;
	/* A header: every cell names a column, and one names the term. */
	header = true;
	for (k = 0; k < t.r[0].n; k++)
		if (role_of(t.r[0].c[k].s, t.r[0].c[k].n) < 0 &&
		    !csv_blank(&t.r[0].c[k]))
			header = false;
	if (out->columns != NULL) {
		const char *p = out->columns;

		for (;;) {
			const char *e = strchr(p, ',');
			size_t n = e != NULL ? (size_t)(e - p) : strlen(p);
			int r = role_of(p, n);

			if (r < 0) {
				import_seterr(err, errsz, path, 0, "--columns: "
				    "'%.*s' is not a column lore knows (term, "
				    "definition, category, aliases, related, -)",
				    (int)n, p);
				goto out;
			}
			roles = xreallocarray(roles, ncol + 1, sizeof *roles);
			roles[ncol++] = r;
			if (e == NULL)
				break;
			p = e + 1;
		}
	} else if (header) {
		ncol = t.r[0].n;
		roles = xcalloc(ncol, sizeof *roles);
		for (k = 0; k < ncol; k++) {
			int r = role_of(t.r[0].c[k].s, t.r[0].c[k].n);

			roles[k] = r < 0 ? R_SKIP : r;
		}
	} else {
		ncol = 2;
		roles = xcalloc(ncol, sizeof *roles);
		roles[0] = R_TERM;
		roles[1] = R_DEF;
	}
	first = header ? 1 : 0;
	{
		bool term = false, def = false;

		for (k = 0; k < ncol; k++)
			term |= roles[k] == R_TERM, def |= roles[k] == R_DEF;
		if (!term || !def) {
			import_seterr(err, errsz, path, 1, "the %s names no %s "
			    "column (use --columns term,definition,...)",
			    out->columns != NULL ? "--columns list" : "header",
			    term ? "definition" : "term");
			goto out;
		}
	}
	for (i = first; i < t.n; i++) {
		const struct csv_row *r = &t.r[i];
		struct entry *e = import_entry_new(out, r->line);

		for (k = 0; k < ncol && k < r->n; k++) {
			const struct csv_cell *c = &r->c[k];

			switch (roles[k]) {
			case R_TERM:
				free(e->headword);
				e->headword = import_trimdup(c->s, c->n);
				break;
			case R_DEF:
				free(e->body);
				e->body = import_trimdup(c->s, c->n);
				break;
			case R_CAT:
				if (e->category == NULL && !csv_blank(c))
					e->category = first_tag(c);
				break;
			case R_ALIASES:
				split_names(&e->aliases, &e->naliases, c);
				break;
			case R_RELATED:
				split_names(&e->related, &e->nrelated, c);
				e->explicit_related = true;
				break;
			case R_SKIP:
				break;
			}
		}
		if (e->headword == NULL || e->headword[0] == '\0') {
			import_seterr(err, errsz, path, r->line, "this row has no "
			    "term (column %zu is empty)", (size_t)1);
			goto out;
		}
		if (e->body == NULL || e->body[0] == '\0') {
			import_seterr(err, errsz, path, r->line, "'%s' has no "
			    "definition", e->headword);
			goto out;
		}
	}
	rc = 0;
out:
	free(roles);
	csv_rows_free(&t);
	return rc;
}

/* A .csv or .tsv file, or a first line that is a header naming a term
 * and a definition column. */
static bool
csv_detect(const char *path, const char *buf, size_t len)
{
	const char *nl = memchr(buf, '\n', len);
	size_t n = nl != NULL ? (size_t)(nl - buf) : len, i, start = 0;
	char sep;
	bool term = false, def = false;

	if (path != NULL) {
		size_t pn = strlen(path);

		if (pn >= 4 && (strcasecmp(path + pn - 4, ".csv") == 0 ||
		    strcasecmp(path + pn - 4, ".tsv") == 0))
			return true;
	}
	sep = separator(NULL, buf, n);
	if (memchr(buf, sep, n) == NULL)
		return false;
	for (i = 0; i <= n; i++)
		if (i == n || buf[i] == sep || buf[i] == '\r') {
			const char *s = buf + start;
			size_t cn = i - start;
			int r;

			if (cn >= 2 && s[0] == '"' && s[cn - 1] == '"')
				s++, cn -= 2;
			if ((r = role_of(s, cn)) < 0)
				return false;
			term |= r == R_TERM;
			def |= r == R_DEF;
			start = i + 1;
			if (i < n && buf[i] == '\r')
				break;
		}
	return term && def;
}

const struct import_reader import_read_csv = {
	.format = IMPORT_CSV,
	.name = "csv",
	.detect = csv_detect,
	.read = csv_read,
};
