/* read_anki.c - Anki: the plain-text notes export and .apkg/.colpkg decks.
 *
 * The text export starts with "#key:value" lines (#separator, #html,
 * #columns, #tags column, #notetype column, #deck column, #guid column)
 * over rows in the CSV manner. A deck is a zip holding the collection, an
 * SQLite file: collection.anki21b (zstd-compressed, Anki 2.1.50 on),
 * collection.anki21 or collection.anki2, tried in that order (a newer
 * deck also carries an old-style collection.anki2 that only says to
 * update Anki). Its note types name their fields, and the names decide
 * the term (Front, Term, Word...) and the definition (Back, Definition,
 * Answer...); otherwise the first field is the term and the second the
 * definition. A cloze note's term is its first deletion and its body the
 * text with the deletions filled in. HTML becomes Markdown (html.c),
 * MathJax \(...\) and \[...\] become $...$ and $$...$$, images and
 * [sound:...] are dropped and counted. The first tag is the category.
 *
 * lore's own `export --anki` reads back exactly: its rows are tagged
 * "lore", and their fields are decoded by the inverse of what the export
 * wrote, not as general HTML. */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sqlite3.h>
#include "csv.h"
#include "decklib.h"
#include "html.h"
#include "import.h"
#include "text.h"
#include "util.h"

#define COLLECTION_MAX	(512u << 20)	/* inflated bytes of a collection */

enum role { F_OTHER, F_TERM, F_DEF, F_CLOZE, F_EXTRA, F_TAGS, F_SKIP };

static const struct {
	const char	*name;
	enum role	 role;
} field_names[] = {
	{ "front", F_TERM }, { "term", F_TERM }, { "word", F_TERM },
	{ "headword", F_TERM }, { "question", F_TERM }, { "expression", F_TERM },
	{ "vocabulary", F_TERM }, { "concept", F_TERM },
	{ "back", F_DEF }, { "definition", F_DEF }, { "answer", F_DEF },
	{ "meaning", F_DEF }, { "explanation", F_DEF },
	{ "text", F_CLOZE },
	{ "extra", F_EXTRA }, { "back extra", F_EXTRA }, { "notes", F_EXTRA },
	{ "tags", F_TAGS },
};

static enum role
role_of(const char *s, size_t n)
{
	char *t = import_trimdup(s, n);

	for (size_t i = 0; i < nitems(field_names); i++)
		if (strcasecmp(field_names[i].name, t) == 0) {
			free(t);
			return field_names[i].role;
		}
	free(t);
	return F_OTHER;
}

/* ---- fields ---- */

/* Cloze deletions {{c1::text::hint}} as their text; *first gets the
 * first one's text when it is NULL. */
static char *
unclose(const char *s, size_t n, char **first)
{
	struct buf b = { 0 };
	size_t i = 0;

	while (i < n) {
		const char *c, *e;

		if (i + 4 < n && s[i] == '{' && s[i + 1] == '{' &&
		    (s[i + 2] == 'c' || s[i + 2] == 'C') &&
		    (c = memmem(s + i, n - i, "::", 2)) != NULL &&
		    (e = memmem(c, (size_t)(s + n - c), "}}", 2)) != NULL) {
			const char *t = c + 2, *h = memmem(t, (size_t)(e - t), "::", 2);
			size_t tn = (size_t)((h != NULL ? h : e) - t);
			bool digits = true;

			for (const char *d = s + i + 3; d < c; d++)
				digits &= isdigit((unsigned char)*d) != 0;
			if (digits && c > s + i + 3) {
				if (first != NULL && *first == NULL)
					*first = xstrndup(t, tn);
				buf_add(&b, t, tn);
				i = (size_t)(e - s) + 2;
				continue;
			}
		}
		buf_addc(&b, s[i++]);
	}
	return buf_take(&b);
}

/* [sound:x.mp3] dropped and counted. */
static char *
unsound(const char *s, size_t *media)
{
	struct buf b = { 0 };
	const char *p = s, *q, *e;

	while ((q = strstr(p, "[sound:")) != NULL &&
	    (e = strchr(q, ']')) != NULL) {
		buf_add(&b, p, (size_t)(q - p));
		(*media)++;
		p = e + 1;
	}
	buf_adds(&b, p);
	return buf_take(&b);
}

/* A general field: HTML (or text) as Markdown. */
static char *
field_markdown(const char *s, size_t n, bool html, size_t *media)
{
	struct html_stats st = { 0 };
	char *a = xstrndup(s, n), *b = unsound(a, media), *md;

	md = html ? html_to_markdown(b, strlen(b), &st) :
	    text_to_markdown(b, strlen(b));
	*media += st.media;
	free(a);
	free(b);
	return md;
}

/* The inverse of lore's export (anki_field in src/cli/quiz.c). */
static char *
lore_field(const char *s, size_t n)
{
	static const struct {
		const char	*from, *to;
	} map[] = {
		{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" },
		{ "&quot;", "\"" }, { "<br>", "\n" }, { "<b>", "**" },
		{ "</b>", "**" }, { "\\(", "$" }, { "\\)", "$" },
		{ "\\[", "$$" }, { "\\]", "$$" },
		{ "<span class=\"lore-link\">", "[[" }, { "</span>", "]]" },
		{ "&#36;", "\\$" }, { "\\\\", "\\\\" },
	};
	struct buf b = { 0 };
	size_t i = 0, k;

	while (i < n) {
		for (k = 0; k < nitems(map); k++) {
			size_t fl = strlen(map[k].from);

			if (n - i >= fl && memcmp(s + i, map[k].from, fl) == 0) {
				buf_adds(&b, map[k].to);
				i += fl;
				break;
			}
		}
		if (k == nitems(map))
			buf_addc(&b, s[i++]);
	}
	return buf_take(&b);
}

/* Tags: the first one is the category; a lore row is tagged "lore". */
static char *
tags_category(const char *s, size_t n, bool *lore)
{
	size_t i = 0, k;
	char *cat = NULL;

	*lore = false;
	while (i < n) {
		while (i < n && isspace((unsigned char)s[i]))
			i++;
		for (k = i; k < n && !isspace((unsigned char)s[k]); k++)
			;
		if (k > i) {
			if (k - i == 4 && memcmp(s + i, "lore", 4) == 0)
				*lore = true;
			else if (cat == NULL)
				cat = xstrndup(s + i, k - i);
		}
		i = k;
	}
	return cat;
}

/* "<i>Also: a; b</i><br><br>" at the start of a lore row's definition. */
static const char *
lore_aliases(struct entry *e, const char *s)
{
	const char *end;

	if (strncmp(s, "<i>Also: ", 9) != 0 ||
	    (end = strstr(s, "</i><br><br>")) == NULL)
		return s;
	const char *p = s + 9;
	while (p < end) {
		const char *c = strstr(p, "; ");
		size_t len = c != NULL && c < end ? (size_t)(c - p) :
		    (size_t)(end - p);
		char *a = lore_field(p, len);

		(void)import_names_add(&e->aliases, &e->naliases, a, strlen(a));
		free(a);
		p += len + (c != NULL && c < end ? 2 : 0);
	}
	return end + 12;
}

/* One note from its fields, given their roles. */
struct note {
	const char	*const *f;	/* fields */
	const size_t	*fn;
	const enum role	*roles;
	size_t		 n;
	const char	*tags;
	size_t		 tagsn;
	bool		 html;
};

static void
note_entry(const struct note *nt, struct entries *out, long line)
{
	struct entry *e;
	struct buf body = { 0 };
	char *term = NULL, *cloze_first = NULL, *cat;
	size_t i, term_i = SIZE_MAX, def_i = SIZE_MAX, cloze_i = SIZE_MAX;
	bool lore = false;

	cat = tags_category(nt->tags != NULL ? nt->tags : "", nt->tagsn, &lore);
	for (i = 0; i < nt->n; i++) {
		if (nt->roles[i] == F_TERM && term_i == SIZE_MAX)
			term_i = i;
		else if (nt->roles[i] == F_DEF && def_i == SIZE_MAX)
			def_i = i;
		else if (nt->roles[i] == F_CLOZE && cloze_i == SIZE_MAX)
			cloze_i = i;
	}
	/* No names that say: a field with {{c1::...}} is a cloze, else the
	 * first field is the term and the second the definition. */
	for (i = 0; term_i == SIZE_MAX && cloze_i == SIZE_MAX && i < nt->n; i++)
		if (nt->roles[i] != F_SKIP && nt->roles[i] != F_TAGS &&
		    memmem(nt->f[i], nt->fn[i], "{{c", 3) != NULL &&
		    memmem(nt->f[i], nt->fn[i], "::", 2) != NULL)
			cloze_i = i;
	if (term_i == SIZE_MAX && cloze_i == SIZE_MAX) {
		for (i = 0; i < nt->n && nt->roles[i] == F_SKIP; i++)
			;
		term_i = i;
		for (i++; i < nt->n && nt->roles[i] == F_SKIP; i++)
			;
		if (def_i == SIZE_MAX)
			def_i = i;
	}
	e = import_entry_new(out, line);
	e->category = cat;
	if (lore && term_i < nt->n && def_i < nt->n) {
		term = lore_field(nt->f[term_i], nt->fn[term_i]);
		char *d = xstrndup(nt->f[def_i], nt->fn[def_i]);
		const char *rest = lore_aliases(e, d);
		char *md = lore_field(rest, strlen(rest));

		buf_adds(&body, md);
		free(md);
		free(d);
	} else if (term_i < nt->n) {
		term = field_markdown(nt->f[term_i], nt->fn[term_i], nt->html,
		    &out->media);
		if (def_i < nt->n) {
			char *md = field_markdown(nt->f[def_i], nt->fn[def_i],
			    nt->html, &out->media);

			buf_adds(&body, md);
			free(md);
		}
	} else if (cloze_i < nt->n) {
		char *t = unclose(nt->f[cloze_i], nt->fn[cloze_i], &cloze_first);
		char *md = field_markdown(t, strlen(t), nt->html, &out->media);

		buf_adds(&body, md);
		free(md);
		free(t);
		if (cloze_first != NULL)
			term = field_markdown(cloze_first, strlen(cloze_first),
			    nt->html, &out->media);
	}
	/* Other fields (Extra, and fields with no role) follow. */
	for (i = 0; !lore && i < nt->n; i++) {
		if (i == term_i || i == def_i || i == cloze_i ||
		    nt->roles[i] == F_SKIP || nt->roles[i] == F_TAGS)
			continue;
		char *md = field_markdown(nt->f[i], nt->fn[i], nt->html,
		    &out->media);

		if (md[0] != '\0') {
			if (body.len > 0)
				buf_add(&body, "\n\n", 2);
			buf_adds(&body, md);
		}
		free(md);
	}
	/* A term is a name: a line of plain text, no Markdown escapes. */
	if (term != NULL && !lore) {
		char *u = unclose(term, strlen(term), NULL);
		size_t w = 0;

		/* Escapes undone, emphasis marks (from <b>, <i>) dropped. */
		for (size_t r = 0; u[r] != '\0'; r++) {
			if (u[r] == '\\' && u[r + 1] != '\0' &&
			    strchr("\\*_`[]$<>#-+|=.", u[r + 1]) != NULL)
				r++;
			else if (u[r] == '*' || u[r] == '`')
				continue;
			u[w++] = u[r] == '\n' ? ' ' : u[r];
		}
		u[w] = '\0';
		free(term);
		term = u;
	}
	e->headword = import_trimdup(term != NULL ? term : "", term != NULL ?
	    strlen(term) : 0);
	e->body = import_trimdup(body.s != NULL ? body.s : "", body.len);
	free(term);
	free(cloze_first);
	buf_free(&body);
}

/* An entry with nothing to show is dropped and counted. */
static void
drop_empty(struct entries *out, size_t from)
{
	size_t w = from;

	for (size_t i = from; i < out->n; i++) {
		struct entry *e = &out->v[i];

		if (e->headword[0] == '\0' || e->body[0] == '\0') {
			free(e->headword);
			free(e->body);
			free(e->category);
			strv_free(e->aliases, e->naliases);
			out->skipped++;
			continue;
		}
		out->v[w++] = *e;
	}
	out->n = w;
}

/* ---- the text export ---- */

static char
sep_named(const char *s, size_t n)
{
	static const struct {
		const char	*name;
		char		 c;
	} seps[] = {
		{ "tab", '\t' }, { "comma", ',' }, { "semicolon", ';' },
		{ "space", ' ' }, { "pipe", '|' }, { "colon", ':' },
	};

	for (size_t i = 0; i < nitems(seps); i++)
		if (strlen(seps[i].name) == n && strncasecmp(seps[i].name, s, n) == 0)
			return seps[i].c;
	return n == 1 ? s[0] : '\t';
}

/* A 1-based column number, or 0. */
static long
column(const char *s, size_t n)
{
	long v = 0;

	for (size_t i = 0; i < n && s[i] >= '0' && s[i] <= '9' && v < 1000; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static bool
anki_detect(const char *path, const char *buf, size_t len)
{
	(void)path;
	return (len >= 11 && memcmp(buf, "#separator:", 11) == 0) ||
	    (len >= 6 && memcmp(buf, "#html:", 6) == 0) ||
	    (len >= 9 && memcmp(buf, "#columns:", 9) == 0) ||
	    (len >= 10 && memcmp(buf, "#notetype:", 10) == 0) ||
	    (len >= 17 && memcmp(buf, "#notetype column:", 17) == 0);
}

static int
anki_read(const char *path, const char *buf, size_t len, struct entries *out,
    char *err, size_t errsz)
{
	struct csv_rows rows = { 0 };
	enum role *roles = NULL;
	size_t nroles = 0, off = 0, i, k;
	long hdr = 0;
	char sep = '\t';
	bool html = false;
	long tags_col = 0, skip_col[3] = { 0 };
	const char *columns = NULL;
	size_t columns_n = 0;
	int rc = -1;

	while (off < len && buf[off] == '#') {
		const char *nl = memchr(buf + off, '\n', len - off);
		size_t n = nl != NULL ? (size_t)(nl - (buf + off)) : len - off;
		const char *l = buf + off, *colon = memchr(l, ':', n);

		if (n > 0 && l[n - 1] == '\r')
			n--;
		if (colon != NULL) {
			size_t kn = (size_t)(colon - l) - 1, vn = n - kn - 2;
			const char *v = colon + 1;

#define KEY(key) (kn == sizeof(key) - 1 && strncasecmp(l + 1, key, kn) == 0)
			if (KEY("separator"))
				sep = sep_named(v, vn);
			else if (KEY("html"))
				html = vn == 4 && strncasecmp(v, "true", 4) == 0;
			else if (KEY("columns"))
				columns = v, columns_n = vn;
			else if (KEY("tags column"))
				tags_col = column(v, vn);
			else if (KEY("notetype column"))
				skip_col[0] = column(v, vn);
			else if (KEY("deck column"))
				skip_col[1] = column(v, vn);
			else if (KEY("guid column"))
				skip_col[2] = column(v, vn);
#undef KEY
		}
		off += n + (nl != NULL ? (size_t)(nl - (l + n)) + 1 : 0);
		hdr++;
	}
	if (columns != NULL) {
		size_t s = 0;

		for (i = 0; i <= columns_n; i++)
			if (i == columns_n || columns[i] == sep) {
				roles = xreallocarray(roles, nroles + 1, sizeof *roles);
				roles[nroles++] = role_of(columns + s, i - s);
				s = i + 1;
			}
	}
	if (csv_parse(path, buf + off, len - off, sep, hdr + 1, &rows, err,
	    errsz) != 0)
		goto out;
	for (i = 0; i < rows.n; i++) {
		const struct csv_row *r = &rows.r[i];
		const char **f = xcalloc(r->n + 1, sizeof *f);
		size_t *fn = xcalloc(r->n + 1, sizeof *fn);
		enum role *rl = xcalloc(r->n + 1, sizeof *rl);
		struct note nt = { .f = f, .fn = fn, .roles = rl, .html = html };

		for (k = 0; k < r->n; k++) {
			f[k] = r->c[k].s;
			fn[k] = r->c[k].n;
			rl[k] = k < nroles ? roles[k] : F_OTHER;
			for (size_t s = 0; s < 3; s++)
				if (skip_col[s] == (long)k + 1)
					rl[k] = F_SKIP;
			if (tags_col == (long)k + 1 || rl[k] == F_TAGS) {
				rl[k] = F_TAGS;
				nt.tags = r->c[k].s;
				nt.tagsn = r->c[k].n;
			}
		}
		nt.n = r->n;
		note_entry(&nt, out, r->line);
		free(f);
		free(fn);
		free(rl);
	}
	drop_empty(out, 0);
	rc = 0;
out:
	free(roles);
	csv_rows_free(&rows);
	return rc;
}

const struct import_reader import_read_anki = {
	.format = IMPORT_ANKI,
	.name = "anki",
	.detect = anki_detect,
	.read = anki_read,
};

/* ---- decks ---- */

struct notetype {
	int64_t		 id;
	enum role	*roles;
	size_t		 n;
	bool		 cloze;
};

static void
notetypes_free(struct notetype *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].roles);
	free(v);
}

static struct notetype *
notetype_get(struct notetype **v, size_t *n, int64_t id)
{
	for (size_t i = 0; i < *n; i++)
		if ((*v)[i].id == id)
			return &(*v)[i];
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	memset(&(*v)[*n], 0, sizeof **v);
	(*v)[*n].id = id;
	return &(*v)[(*n)++];
}

static void
notetype_field(struct notetype *t, int64_t ord, const char *name)
{
	if (ord < 0 || ord > 1000)
		return;
	if ((size_t)ord >= t->n) {
		t->roles = xreallocarray(t->roles, (size_t)ord + 1,
		    sizeof *t->roles);
		for (size_t i = t->n; i <= (size_t)ord; i++)
			t->roles[i] = F_OTHER;
		t->n = (size_t)ord + 1;
	}
	t->roles[ord] = name != NULL ? role_of(name, strlen(name)) : F_OTHER;
}

/* Note types and their field names: the tables of schema 18 (Anki
 * 2.1.28 on), else the JSON in col.models. */
static void
load_notetypes(sqlite3 *db, struct notetype **v, size_t *n)
{
	static const char *const sql[] = {
		"SELECT ntid, ord, name FROM fields ORDER BY ntid, ord",
		"SELECT CAST(m.key AS INTEGER), json_extract(f.value, '$.ord'),"
		" json_extract(f.value, '$.name') FROM col,"
		" json_each(col.models) m, json_each(json_extract(m.value,"
		" '$.flds')) f",
	};
	sqlite3_stmt *st;

	for (size_t q = 0; q < nitems(sql); q++) {
		if (sqlite3_prepare_v2(db, sql[q], -1, &st, NULL) != SQLITE_OK)
			continue;
		while (sqlite3_step(st) == SQLITE_ROW)
			notetype_field(notetype_get(v, n,
			    sqlite3_column_int64(st, 0)),
			    sqlite3_column_int64(st, 1),
			    (const char *)sqlite3_column_text(st, 2));
		sqlite3_finalize(st);
		if (*n > 0)
			return;
	}
}

static int
collection_read(const char *path, sqlite3 *db, struct entries *out,
    char *err, size_t errsz)
{
	struct notetype *types = NULL;
	size_t ntypes = 0, from = out->n;
	sqlite3_stmt *st;
	int rc = -1, step;

	load_notetypes(db, &types, &ntypes);
	if (sqlite3_prepare_v2(db, "SELECT mid, tags, flds FROM notes ORDER BY id",
	    -1, &st, NULL) != SQLITE_OK) {
		import_seterr(err, errsz, path, 0, "not an Anki collection (%s)",
		    sqlite3_errmsg(db));
		notetypes_free(types, ntypes);
		return -1;
	}
	long line = 0;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const struct notetype *t = NULL;
		const char *flds = (const char *)sqlite3_column_text(st, 2);
		const char *tags = (const char *)sqlite3_column_text(st, 1);
		int64_t mid = sqlite3_column_int64(st, 0);
		char **f = NULL;
		size_t *fn = NULL, nf = 0;
		enum role *rl = NULL;

		line++;
		for (size_t i = 0; i < ntypes; i++)
			if (types[i].id == mid)
				t = &types[i];
		if (flds == NULL)
			flds = "";
		/* Fields are separated by 0x1f. */
		for (const char *p = flds;;) {
			const char *e = strchr(p, '\x1f');
			size_t len = e != NULL ? (size_t)(e - p) : strlen(p);

			f = xreallocarray(f, nf + 1, sizeof *f);
			fn = xreallocarray(fn, nf + 1, sizeof *fn);
			rl = xreallocarray(rl, nf + 1, sizeof *rl);
			/* A collection's text is what its writer put there:
			 * made valid UTF-8 without controls here. */
			f[nf] = text_sanitize(p, len, true, &fn[nf]);
			rl[nf] = t != NULL && nf < t->n ? t->roles[nf] : F_OTHER;
			nf++;
			if (e == NULL || nf > 1000)
				break;
			p = e + 1;
		}
		size_t tagsn = 0;
		char *ctags = text_sanitize(tags != NULL ? tags : "", tags != NULL ?
		    strlen(tags) : 0, false, &tagsn);
		struct note nt = { .f = (const char *const *)f, .fn = fn,
		    .roles = rl, .n = nf, .tags = ctags, .tagsn = tagsn,
		    .html = true };
		note_entry(&nt, out, line);
		for (size_t k = 0; k < nf; k++)
			free(f[k]);
		free(ctags);
		free(f);
		free(fn);
		free(rl);
	}
	if (step != SQLITE_DONE)
		import_seterr(err, errsz, path, 0, "the collection is damaged "
		    "(%s)", sqlite3_errmsg(db));
	else
		rc = 0;
	sqlite3_finalize(st);
	notetypes_free(types, ntypes);
	drop_empty(out, from);
	return rc;
}

/* The collection's bytes out of the zip: the newest format present. */
static char *
collection_bytes(const struct decklib *L, const char *path, zip_t *z,
    size_t *len, size_t *media, char *err, size_t errsz)
{
	static const char *const names[] = {
		"collection.anki21b", "collection.anki21", "collection.anki2",
	};
	zip_int64_t n = L->zip_get_num_entries(z, 0);
	size_t which;
	zip_stat_t zs;
	zip_file_t *zf;
	char *raw;

	for (zip_int64_t i = 0; i < n; i++) {
		const char *nm = L->zip_get_name(z, (zip_uint64_t)i, 0);

		if (nm != NULL && nm[0] >= '0' && nm[0] <= '9' &&
		    strspn(nm, "0123456789") == strlen(nm))
			(*media)++;	/* media files are named 0, 1, 2... */
	}
	for (which = 0; which < nitems(names); which++)
		if (L->zip_stat(z, names[which], 0, &zs) == 0)
			break;
	if (which == nitems(names)) {
		import_seterr(err, errsz, path, 0, "a zip without an Anki "
		    "collection (no collection.anki21b, .anki21 or .anki2)");
		return NULL;
	}
	if (!(zs.valid & ZIP_STAT_SIZE) || zs.size > COLLECTION_MAX) {
		import_seterr(err, errsz, path, 0, "its collection is larger "
		    "than %u MiB", COLLECTION_MAX >> 20);
		return NULL;
	}
	if ((zf = L->zip_fopen(z, names[which], 0)) == NULL) {
		import_seterr(err, errsz, path, 0, "%s: %s", names[which],
		    L->zip_strerror(z));
		return NULL;
	}
	raw = xmalloc((size_t)zs.size + 1);
	zip_int64_t got = L->zip_fread(zf, raw, zs.size);
	L->zip_fclose(zf);
	if (got < 0 || (zip_uint64_t)got != zs.size) {
		import_seterr(err, errsz, path, 0, "%s is damaged in the zip",
		    names[which]);
		free(raw);
		return NULL;
	}
	if (which != 0) {
		*len = (size_t)zs.size;
		return raw;
	}
	/* anki21b: one zstd frame, whose size may not be written down. */
	unsigned long long sz = L->ZSTD_getFrameContentSize(raw, (size_t)zs.size);
	if (sz == ZSTD_CONTENTSIZE_ERROR) {
		import_seterr(err, errsz, path, 0, "collection.anki21b is not "
		    "zstd data");
		free(raw);
		return NULL;
	}
	{
		ZSTD_DStream *ds = L->ZSTD_createDStream();
		ZSTD_inBuffer in = { raw, (size_t)zs.size, 0 };
		struct buf b = { 0 };
		size_t r = 1;

		L->ZSTD_initDStream(ds);
		while (in.pos < in.size && r != 0) {
			buf_grow(&b, 1u << 20);
			ZSTD_outBuffer o = { b.s, b.cap - 1, b.len };

			r = L->ZSTD_decompressStream(ds, &o, &in);
			b.len = o.pos;
			if (L->ZSTD_isError(r) || b.len > COLLECTION_MAX) {
				import_seterr(err, errsz, path, 0, "collection."
				    "anki21b: %s", L->ZSTD_isError(r) ?
				    L->ZSTD_getErrorName(r) : "too large");
				L->ZSTD_freeDStream(ds);
				buf_free(&b);
				free(raw);
				return NULL;
			}
			if (o.pos < o.size && in.pos == in.size)
				break;
		}
		L->ZSTD_freeDStream(ds);
		free(raw);
		if (r != 0) {
			import_seterr(err, errsz, path, 0, "collection.anki21b is "
			    "cut short");
			buf_free(&b);
			return NULL;
		}
		*len = b.len;
		return buf_take(&b);
	}
}

/* The collection out of the zip at path (or in buf when len > 0). */
static char *
deck_collection(const struct decklib *L, const char *path, const char *buf,
    size_t len, size_t *clen, size_t *media, char *err, size_t errsz)
{
	zip_error_t ze;
	zip_source_t *src = NULL;
	zip_t *z = NULL;
	char *coll;
	int e = 0;

	L->zip_error_init(&ze);
	if (len > 0) {
		if ((src = L->zip_source_buffer_create(buf, len, 0, &ze)) != NULL &&
		    (z = L->zip_open_from_source(src, ZIP_RDONLY, &ze)) == NULL)
			L->zip_source_free(src);
	} else if ((z = L->zip_open(path, ZIP_RDONLY, &e)) == NULL)
		L->zip_error_init_with_code(&ze, e);
	if (z == NULL) {
		import_seterr(err, errsz, path, 0, "not a zip file (%s)",
		    L->zip_error_strerror(&ze));
		L->zip_error_fini(&ze);
		return NULL;
	}
	L->zip_error_fini(&ze);
	coll = collection_bytes(L, path, z, clen, media, err, errsz);
	L->zip_discard(z);
	return coll;
}

static int
anki_deck_parse(const char *path, const char *buf, size_t len,
    struct entries *out, char *err, size_t errsz)
{
	struct decklib L;
	sqlite3 *db = NULL;
	char *coll, why[160];
	size_t clen = 0, media = 0;
	int rc = -1;

	if (decklib_open(&L, why, sizeof why) != 0) {
		import_seterr(err, errsz, path, 0, "%s", why);
		return -1;
	}
	coll = deck_collection(&L, path, buf, len, &clen, &media, err, errsz);
	decklib_close(&L);
	if (coll == NULL)
		return -1;
	/* The collection is opened where it lies, in memory, read-only. */
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK || clen == 0 ||
	    sqlite3_deserialize(db, "main", (unsigned char *)coll, (sqlite3_int64)clen,
	    (sqlite3_int64)clen, SQLITE_DESERIALIZE_READONLY) != SQLITE_OK) {
		import_seterr(err, errsz, path, 0, "its collection is not an "
		    "SQLite database");
		goto out;
	}
	rc = collection_read(path, db, out, err, errsz);
	out->media += media;
out:
	sqlite3_close(db);
	free(coll);
	return rc;
}

static bool
apkg_detect(const char *path, const char *buf, size_t len)
{
	size_t n = path != NULL ? strlen(path) : 0;

	if (len >= 4 && memcmp(buf, "PK\3\4", 4) != 0)
		return false;
	return (n >= 5 && strcasecmp(path + n - 5, ".apkg") == 0) ||
	    (n >= 7 && strcasecmp(path + n - 7, ".colpkg") == 0);
}

const struct import_reader import_read_apkg = {
	.format = IMPORT_APKG,
	.name = "apkg",
	.takes = IMPORT_TAKES_PATH,
	.detect = apkg_detect,
	.read = anki_deck_parse,
};
