/* import.c - which reader a file needs, the helpers readers share, and the
 * one-transaction store of what they read. */
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

#include "aliaspack.h"
#include "corpus.h"
#include "dberr.h"
#include "gram.h"
#include "import.h"
#include "link.h"
#include "lookup.h"
#include "senses.h"
#include "read_dict.h"
#include "text.h"
#include "util.h"

/* In the order detection tries them: the last takes what no other claims. */
static const struct import_reader *const readers[] = {
	&import_read_stardict,
	&import_read_dictd,
	&import_read_csv,
	&import_read_notes,
	&import_read_apkg,
	&import_read_anki,
	&import_read_lore,
	&import_read_dump,
	&import_read_page,
	&import_read_glossary,
};

static const struct import_reader *
reader_of(enum import_format f)
{
	size_t i;

	for (i = 0; i < nitems(readers); i++)
		if (readers[i]->format == f)
			return readers[i];
	return NULL;
}

const char *
import_format_name(enum import_format f)
{
	const struct import_reader *r = reader_of(f);

	if (f == IMPORT_AUTO)
		return "auto";
	return r != NULL ? r->name : "?";
}

enum import_format
import_format_parse(const char *name)
{
	size_t i;

	if (strcasecmp(name, "auto") == 0)
		return IMPORT_AUTO;
	for (i = 0; i < nitems(readers); i++)
		if (strcasecmp(name, readers[i]->name) == 0)
			return readers[i]->format;
	return (enum import_format)-1;
}

void
import_seterr(char *err, size_t errsz, const char *path, long line,
    const char *fmt, ...)
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

void
import_split_lines(const char *buf, size_t len, struct import_lines *ls)
{
	size_t i = 0, cap = 0;

	ls->v = NULL;
	ls->n = 0;
	while (i < len) {
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t e = nl != NULL ? (size_t)(nl - buf) : len, n = e - i;

		if (n > 0 && buf[e - 1] == '\r')
			n--;
		ls->v = xgrow(ls->v, ls->n, &cap, 256, sizeof *ls->v);
		ls->v[ls->n].s = buf + i;
		ls->v[ls->n].n = n;
		ls->v[ls->n].no = (long)ls->n + 1;
		ls->n++;
		i = e + 1;
	}
}

bool
import_blank(const struct import_line *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!isspace((unsigned char)l->s[i]))
			return false;
	return true;
}

bool
import_starts(const struct import_line *l, const char *p)
{
	size_t n = strlen(p);

	return l->n >= n && memcmp(l->s, p, n) == 0;
}

char *
import_trimdup(const char *s, size_t n)
{
	while (n > 0 && isspace((unsigned char)*s))
		s++, n--;
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

/* ---- entries ---- */

struct entry *
import_entry_new(struct entries *es, long line)
{
	struct entry *e;

	es->v = xgrow(es->v, es->n, &es->cap, 64, sizeof *es->v);
	e = &es->v[es->n++];
	memset(e, 0, sizeof *e);
	e->line = line;
	return e;
}

/* False when the name was dropped for going over IMPORT_MAX_NAMES. */
bool
import_names_add(char ***v, size_t *n, const char *s, size_t len)
{
	char *name = import_trimdup(s, len);
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
bool
import_names_split(char ***v, size_t *n, const char *s, size_t len, char sep)
{
	size_t i = 0, start = 0;
	bool all = true;

	for (i = 0; i <= len; i++)
		if (i == len || s[i] == sep) {
			all &= import_names_add(v, n, s + start, i - start);
			start = i + 1;
		}
	return all;
}

static void
entry_free(struct entry *e)
{
	free(e->headword);
	free(e->category);
	free(e->body);
	strv_free(e->aliases, e->naliases);
	strv_free(e->related, e->nrelated);
}

void
entries_free(struct entries *es)
{
	size_t i;

	for (i = 0; i < es->n; i++)
		entry_free(&es->v[i]);
	free(es->v);
	free(es->title);
	free(es->notes);
	memset(es, 0, sizeof *es);
}

/* Join lines [from, to) as a body, without leading/trailing blank lines. */
char *
import_join_body(const struct import_lines *ls, size_t from, size_t to, bool unescape_at)
{
	struct buf b = { 0 };
	size_t i;

	while (from < to && import_blank(&ls->v[from]))
		from++;
	while (to > from && import_blank(&ls->v[to - 1]))
		to--;
	for (i = from; i < to; i++) {
		const struct import_line *l = &ls->v[i];

		if (unescape_at && l->n >= 2 && l->s[0] == '@' && l->s[1] == '@')
			buf_add(&b, l->s + 1, l->n - 1);
		else
			buf_add(&b, l->s, l->n);
		if (i + 1 < to)
			buf_addc(&b, '\n');
	}
	return buf_take(&b);
}

enum import_format
import_detect(const char *path, const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < nitems(readers); i++)
		if (readers[i]->detect(path, buf, len))
			return readers[i]->format;
	return readers[nitems(readers) - 1]->format;
}

int
import_parse(const char *path, const char *buf, size_t len,
    enum import_format f, struct entries *out, char *err, size_t errsz)
{
	const struct import_reader *r = reader_of(f);
	int rc;

	if (r == NULL) {
		import_seterr(err, errsz, path, 0, "unknown format");
		rc = -1;
	} else
		rc = r->read(path, buf, len, out, err, errsz);
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
	int r;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		import_seterr(err, errsz, path, 0, "%s", strerror(errno));
		return NULL;
	}
	/* sb says nothing when fstat failed: only errno does. */
	if (fstat(fd, &sb) != 0) {
		import_seterr(err, errsz, path, 0, "%s", strerror(errno));
		close(fd);
		return NULL;
	}
	if (S_ISDIR(sb.st_mode)) {
		import_seterr(err, errsz, path, 0, "is a directory");
		close(fd);
		return NULL;
	}
	/* Say so before reading 256 MiB of it (the loop below still
	 * catches pipes and files that grow). */
	if (S_ISREG(sb.st_mode) && (uintmax_t)sb.st_size > IMPORT_MAX_FILE) {
		import_seterr(err, errsz, path, 0, "file too large (more than %u MiB)",
		    IMPORT_MAX_FILE >> 20);
		close(fd);
		return NULL;
	}
	if ((r = read_all(fd, IMPORT_MAX_FILE, &b)) != 0) {
		if (r > 0)
			import_seterr(err, errsz, path, 0, "file too large (more "
			    "than %u MiB)", IMPORT_MAX_FILE >> 20);
		else
			import_seterr(err, errsz, path, 0, "%s", strerror(errno));
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
		import_seterr(err, errsz, path, line_of(buf, (size_t)(nul - buf)),
		    "NUL byte in text (is this a binary file?)");
		return -1;
	}
	if (!text_utf8_valid(buf, len, &bad)) {
		import_seterr(err, errsz, path, line_of(buf, bad), "invalid UTF-8 "
		    "(byte 0x%02x); convert the file with iconv",
		    (unsigned char)buf[bad]);
		return -1;
	}
	for (i = 0; i <= len; i++)
		if (i == len || buf[i] == '\n') {
			if (i - start > IMPORT_MAX_LINE) {
				import_seterr(err, errsz, path, line_of(buf, start),
				    "line longer than %u MiB",
				    IMPORT_MAX_LINE >> 20);
				return -1;
			}
			start = i + 1;
		}
	return 0;
}

/* ---- storing ---- */

struct store {
	sqlite3		*db;
	sqlite3_stmt	*find, *ins_term, *ins_alias, *ins_rel, *cat, *ins_cat,
			*upd_body, *slug_taken, *ins_word, *gram_text,
			*count_alias, *count_rel;
	bool		 senses;	/* the format repeats headwords for senses */
	struct gram	*gram;		/* the trigrams of what this file wrote */
	struct buf	 text;		/* scratch: a term's text for gram */
	/* The word-table rows of the file, inserted at the end in key
	 * order: one at a time as met, each went to a random page. */
	struct buf	 folds;
	struct word_row	*words;
	size_t		 nwords, capwords;
};

struct word_row {
	size_t	 off;		/* of its fold in folds, NUL-terminated */
	int64_t	 id;
	int	 kind;
};

static const char *const store_sql[] = {
	"SELECT t.id, t.body, s.path, t.line, t.source_id FROM term t"
	" LEFT JOIN source s ON s.id = t.source_id WHERE t.fold = ?",
	"INSERT INTO term(slug, headword, fold, sortkey, letter, category_id,"
	" body, source_id, line) VALUES (?,?,?,?,?,?,?,?,?)",
	/* pos: the term's count of rows before it (add_names). */
	"INSERT OR IGNORE INTO alias(term_id, pos, name, fold) VALUES"
	" (?, ?, ?, ?)",
	"INSERT OR IGNORE INTO related(term_id, pos, name, fold, explicit)"
	" VALUES (?, ?, ?, ?, ?)",
	"SELECT id FROM category WHERE name = ?",
	"INSERT INTO category(name) VALUES (?)",
	"UPDATE term SET body = ? WHERE id = ?",
	"SELECT 1 FROM term WHERE slug = ?",
	CORPUS_WORD_INSERT,
	CORPUS_GRAM_TEXT " WHERE id = ?",
	"SELECT count(*) FROM alias WHERE term_id = ?",
	"SELECT count(*) FROM related WHERE term_id = ?",
};

static void
store_close(struct store *s)
{
	sqlite3_stmt **v = &s->find;
	size_t i;

	for (i = 0; i < nitems(store_sql); i++)
		sqlite3_finalize(v[i]);
	gram_free(s->gram);
	buf_free(&s->text);
	buf_free(&s->folds);
	free(s->words);
	s->gram = NULL;
	s->words = NULL;
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
	s->gram = gram_new();
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

struct word_add {
	struct store	*s;
	int64_t		 id;
	int		 alias;
};

static void
word_add(const char *fold, enum lookup_row row, void *arg)
{
	struct word_add *w = arg;
	struct store *s = w->s;
	struct word_row *r;

	s->words = xgrow(s->words, s->nwords, &s->capwords, 4096,
	    sizeof *s->words);
	r = &s->words[s->nwords++];
	r->off = s->folds.len;
	r->id = w->id;
	r->kind = (int)row * 2 + w->alias;
	buf_add(&s->folds, fold, strlen(fold) + 1);
}

/* The word rows of a headword or alias, kept for store_words. */
static void
add_words(struct store *s, int64_t id, const char *name, bool alias)
{
	struct word_add w = { s, id, alias ? 1 : 0 };

	lookup_words(name, word_add, &w);
}

/* The primary key's order: fold (bytes, as SQLite's BINARY), kind, id. */
static const char *sort_folds;

static int
cmp_word(const void *a, const void *b)
{
	const struct word_row *x = a, *y = b;
	int r = strcmp(sort_folds + x->off, sort_folds + y->off);

	if (r != 0)
		return r;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int
store_words(struct store *s)
{
	sort_folds = s->folds.s;
	xqsort(s->words, s->nwords, sizeof *s->words, cmp_word);
	sort_folds = NULL;
	for (size_t i = 0; i < s->nwords; i++) {
		sqlite3_bind_text(s->ins_word, 1, s->folds.s + s->words[i].off,
		    -1, SQLITE_STATIC);
		sqlite3_bind_int64(s->ins_word, 2, s->words[i].id);
		sqlite3_bind_int(s->ins_word, 3, s->words[i].kind);
		if (sqlite3_step(s->ins_word) != SQLITE_DONE) {
			sqlite3_reset(s->ins_word);
			return -1;
		}
		sqlite3_reset(s->ins_word);
	}
	s->nwords = 0;
	buf_reset(&s->folds);
	return 0;
}

/* The rows of table (count: a statement of its count per term) that term
 * id has: 0 for a term this import has just written, which has none. */
static int
rows_of(sqlite3_stmt *count, int64_t id, bool merged, int64_t *n)
{
	int rc;

	*n = 0;
	if (!merged)
		return 0;
	sqlite3_bind_int64(count, 1, id);
	if ((rc = sqlite3_step(count)) == SQLITE_ROW)
		*n = sqlite3_column_int64(count, 0);
	sqlite3_reset(count);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* A name's pos is the count of the term's names before it: counted in C
 * from the rows that were stored (INSERT OR IGNORE leaves out a fold the
 * term has), not by a subquery per row, which cost an index seek for
 * each of the 3.7M alias and related rows of 1M generated terms. */
static int
add_names(struct store *s, int64_t id, const struct entry *e, bool merged)
{
	int64_t pos;
	size_t i;

	if (rows_of(s->count_alias, id, merged, &pos) != 0)
		return -1;
	for (i = 0; i < e->naliases; i++) {
		char *f = text_fold(e->aliases[i]);

		sqlite3_bind_int64(s->ins_alias, 1, id);
		sqlite3_bind_int64(s->ins_alias, 2, pos);
		sqlite3_bind_text(s->ins_alias, 3, e->aliases[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(s->ins_alias, 4, f, -1, SQLITE_TRANSIENT);
		free(f);
		bool stored;

		if (step_done(s->ins_alias) != 0)
			return -1;
		stored = sqlite3_changes(s->db) > 0;
		pos += stored;
		add_words(s, id, e->aliases[i], true);
		/* The text gram indexes has the aliases stored (one
		 * with the fold of another is not). */
		if (stored) {
			buf_addc(&s->text, '\n');
			buf_adds(&s->text, e->aliases[i]);
		}
	}
	if (e->nrelated > 0 && rows_of(s->count_rel, id, merged, &pos) != 0)
		return -1;
	for (i = 0; i < e->nrelated; i++) {
		char *f = text_fold(e->related[i]);

		sqlite3_bind_int64(s->ins_rel, 1, id);
		sqlite3_bind_int64(s->ins_rel, 2, pos);
		sqlite3_bind_text(s->ins_rel, 3, e->related[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(s->ins_rel, 4, f, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(s->ins_rel, 5, e->explicit_related);
		if (f[0] != '\0') {
			if (step_done(s->ins_rel) != 0) {
				free(f);
				return -1;
			}
			pos += sqlite3_changes(s->db) > 0;
		}
		sqlite3_reset(s->ins_rel);
		sqlite3_clear_bindings(s->ins_rel);
		free(f);
	}
	return 0;
}

/* The trigram index gets the text of a new term as the schema joins it
 * (corpus_gram_text): headword, aliases, body, one per line; s->text has
 * the headword and the aliases add_names stored. */
static void
gram_entry(struct store *s, int64_t id, const struct entry *e)
{
	buf_addc(&s->text, '\n');
	buf_adds(&s->text, e->body);
	gram_add(s->gram, id, s->text.s, s->text.len);
}

/* A term that changed (a sense or an alias merged in): its whole text
 * again, read back. Its old trigrams stay: the index is a superset. */
static int
gram_reread(struct store *s, int64_t id)
{
	int rc;

	sqlite3_bind_int64(s->gram_text, 1, id);
	if ((rc = sqlite3_step(s->gram_text)) == SQLITE_ROW)
		corpus_gram_text(s->gram, s->gram_text, &s->text);
	sqlite3_reset(s->gram_text);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
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
	bool merged = false;

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
		 * is merged into the first as another sense, numbered as a
		 * dictionary numbers them; one that repeats a sense word
		 * for word is not added twice. */
		struct buf msg = { 0 };
		const char *old = (const char *)sqlite3_column_text(s->find, 1);
		const char *where = (const char *)sqlite3_column_text(s->find, 2);
		long where_line = (long)sqlite3_column_int64(s->find, 3);
		char *body;
		int dup;

		id = sqlite3_column_int64(s->find, 0);
		merged = true;
		body = senses_merge(old != NULL ? old : "", where != NULL ?
		    where : "?", where_line, e->body, path, e->line, &dup);
		if (dup != 0)
			buf_printf(&msg, "duplicate headword '%s' (first defined "
			    "at %s:%ld): the same text as its sense %d, left "
			    "out", e->headword, where != NULL ? where : "?",
			    where_line, dup);
		else
			buf_printf(&msg, "duplicate headword '%s' (first defined "
			    "at %s:%ld): merged as sense %d", e->headword,
			    where != NULL ? where : "?", where_line,
			    senses_count(body));
		sqlite3_reset(s->find);
		sqlite3_clear_bindings(s->find);
		rc = 0;
		if (body != NULL) {
			sqlite3_bind_text(s->upd_body, 1, body, -1,
			    SQLITE_TRANSIENT);
			sqlite3_bind_int64(s->upd_body, 2, id);
			rc = step_done(s->upd_body);
		}
		free(body);
		if (o->warn != NULL && !s->senses)
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
		add_words(s, id, e->headword, false);
	}
	buf_reset(&s->text);
	buf_adds(&s->text, e->headword);
	if (rc == 0 && (rc = add_names(s, id, e, merged)) == 0) {
		if (merged)
			rc = gram_reread(s, id);
		else
			gram_entry(s, id, e);
	}
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
/* A dictionary's name and notes, kept with its source row. */
static int
source_about(sqlite3 *db, int64_t source_id, const char *title,
    const char *notes)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, "UPDATE source SET title = ?, notes = ?"
	    " WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, title != NULL ? title : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, notes != NULL ? notes : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, source_id);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(st);
	return rc;
}

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
		/* The rows that name the terms go first, by hand: the
		 * import runs without foreign keys (import_file). Their
		 * trigrams stay in gram: a superset (gram.h). */
		char *sql = sqlite3_mprintf(
		    "DELETE FROM word WHERE term_id IN (SELECT id FROM term"
		    " WHERE source_id = %lld);"
		    "DELETE FROM alias WHERE term_id IN (SELECT id FROM term"
		    " WHERE source_id = %lld);"
		    "DELETE FROM related WHERE term_id IN (SELECT id FROM term"
		    " WHERE source_id = %lld);"
		    "DELETE FROM term WHERE source_id = %lld;"
		    "DELETE FROM source WHERE id = %lld;",
		    (long long)old, (long long)old, (long long)old,
		    (long long)old, (long long)old);

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
	/* Where SQLite puts temporary tables is a matter of speed: a failure
	 * leaves a slower connection, not a wrong one. */
	(void)exec(db, sql);
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
	import_seterr(err, errsz, path, 0, "cannot store it in %s: %s", file,
	    db_why(db, file, why, sizeof why));
}

/* A failed write: about the database when SQLite says so (I/O, a full
 * disk, a read-only, locked or damaged file), else about the entry at
 * line of path. Which write meets a full disk first depends on the page
 * size and the cache, so both kinds come here. */
static void
store_err(sqlite3 *db, const char *path, long line, char *err, size_t errsz)
{
	switch (sqlite3_errcode(db) & 0xff) {
	case SQLITE_IOERR: case SQLITE_FULL: case SQLITE_READONLY:
	case SQLITE_CANTOPEN: case SQLITE_CORRUPT: case SQLITE_NOTADB:
	case SQLITE_BUSY: case SQLITE_LOCKED: case SQLITE_PERM:
		dberr(db, path, err, errsz);
		break;
	default:
		import_seterr(err, errsz, path, line, "%s", sqlite3_errmsg(db));
	}
}

/* The bytes a reader gets for path, and its format when f is AUTO: a
 * reader that takes a path (a folder of notes, a deck) gets no bytes;
 * every other one gets the file's, which must be text. */
static int
load_input(const char *path, enum import_format *f, char **buf, size_t *len,
    char *err, size_t errsz)
{
	const struct import_reader *r;
	struct stat sb;
	size_t i;
	bool dir = stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);

	*buf = NULL;
	for (i = 0; *f == IMPORT_AUTO && i < nitems(readers); i++)
		if ((readers[i]->takes & IMPORT_TAKES_PATH) &&
		    readers[i]->detect(path, "", 0))
			*f = readers[i]->format;
	r = reader_of(*f);
	if (r != NULL && (r->takes & IMPORT_TAKES_PATH) && (dir ||
	    r->detect(path, "", 0))) {
		*buf = xstrdup("");
		*len = 0;
		return 0;
	}
	if (dir) {
		import_seterr(err, errsz, path, 0, "is a directory%s", *f ==
		    IMPORT_AUTO ? " with no notes or dictionary lore can read" :
		    "");
		return -1;
	}
	if ((*buf = read_file(path, len, err, errsz)) == NULL)
		return -1;
	if (*f == IMPORT_AUTO)
		*f = import_detect(path, *buf, *len);
	if (check_bytes(path, *buf, *len, err, errsz) != 0) {
		free(*buf);
		*buf = NULL;
		return -1;
	}
	return 0;
}

int
import_file(struct corpus *c, const char *path, const struct import_opts *o,
    struct import_report *rep, char *err, size_t errsz)
{
	sqlite3 *db = corpus_db(c);
	struct entries es = { 0 };
	struct link_names *ln = NULL;
	struct store s;
	char *buf, *real, *sql, *main_file = NULL;
	size_t len, i;
	int64_t source_id;
	enum import_format f = o->format;
	bool attached = false, bulk = false;
	int temp_store;

	memset(rep, 0, sizeof *rep);
	/* A dictionary named by any of its files, or by its folder, is
	 * imported by its main file (.ifo, .index). */
	if ((main_file = dict_main_file(path)) != NULL)
		path = main_file;
	if (load_input(path, &f, &buf, &len, err, errsz) != 0) {
		free(main_file);
		return -1;
	}
	rep->format = f;
	es.columns = o->columns;
	if (import_parse(path, buf, len, f, &es, err, errsz) != 0) {
		free(buf);
		free(main_file);
		return -1;
	}
	free(buf);
	rep->entries = es.n;
	rep->skipped = f == IMPORT_B ? 0 : es.skipped;
	rep->media = es.media;
	if (es.title != NULL)
		snprintf(rep->title, sizeof rep->title, "%s", es.title);
	if (es.skipped > 0 && f == IMPORT_B && o->warn != NULL) {
		char msg[128];

		snprintf(msg, sizeof msg, "%zu line%s of page text that is not an "
		    "entry skipped", es.skipped, es.skipped == 1 ? "" : "s");
		o->warn(o->warn_arg, path, es.skipped_line, msg);
	}

	real = realpath(path, NULL);
	/*
	 * Statements that write several rows keep a journal of the pages
	 * they change (so did the FTS5 index before schema 7, a nested one
	 * for every page it wrote: in a temp file, 400,000 write calls for
	 * 20K entries; the sorters of CREATE INDEX after a bulk write and
	 * of the word rows use temp storage too). In memory for a file's
	 * first import, where
	 * nothing else is journaled. Not when it replaces terms: deleting
	 * them journals the pages they were on (hundreds of MB at 100K), and
	 * not outside the transaction (lore build's VACUUM would build its
	 * copy in memory). SQLITE_CONFIG_STMTJRNL_SPILL at 4 MiB would do
	 * both, but SQLite 3.40 failed a re-import with SQLITE_FULL when
	 * such a journal spilled.
	 */
	temp_store = query_int(db, "PRAGMA temp_store", 0);
	/* Left by a DETACH that failed after an earlier import (not
	 * possible inside the transaction): the ATTACH below says whether
	 * this worked. */
	if (sqlite3_db_filename(db, "bundled") != NULL)
		(void)exec(db, "DETACH bundled");
	if (!imported_before(db, real != NULL ? real : path))
		(void)exec(db, "PRAGMA temp_store=MEMORY");	/* speed only */
	/* Every row the store writes names a term it has just written or
	 * found, and replace_source deletes what names a term by hand: the
	 * foreign keys' checks only cost a read of the parent's page for
	 * every word, alias and related row (a random page of term, at 100K
	 * terms mostly not in the cache). Cannot change in a transaction. */
	(void)exec(db, "PRAGMA foreign_keys=OFF");
	if (exec(db, "BEGIN IMMEDIATE") != 0) {
		dberr(db, path, err, errsz);
		restore_temp_store(db, temp_store);
		(void)exec(db, "PRAGMA foreign_keys=ON");
		free(real);
		free(main_file);
		entries_free(&es);
		return -1;
	}
	if (replace_source(db, real != NULL ? real : path, f, &source_id,
	    &rep->replaced) != 0 || store_open(&s, db) != 0) {
		dberr(db, path, err, errsz);
		goto rollback_nostore;
	}
	s.senses = es.senses;
	/* Into an empty database: the plain indexes after the rows (a
	 * build that dropped them makes them at its end). */
	if (query_int(db, "SELECT NOT EXISTS (SELECT 1 FROM term)", 0) &&
	    !corpus_indexes_dropped(db)) {
		if (corpus_indexes_late(db, true) != 0) {
			dberr(db, path, err, errsz);
			goto rollback;
		}
		bulk = true;
	}
	if ((es.title != NULL || es.notes != NULL) &&
	    source_about(db, source_id, es.title, es.notes) != 0) {
		dberr(db, path, err, errsz);
		goto rollback;
	}
	/* Formats without related fields get links from mentions. */
	if (f != IMPORT_LORE) {
		ln = link_names_new();
		link_names_load(ln, db, "main");
		if (o->bundled != NULL && access(o->bundled, R_OK) == 0) {
			char *uri = file_uri(o->bundled, "mode=ro&immutable=1");

			sql = sqlite3_mprintf("ATTACH %Q AS bundled", uri);
			attached = exec(db, sql) == 0;
			sqlite3_free(sql);
			free(uri);
			if (attached)
				link_names_load(ln, db, "bundled");
		}
		for (i = 0; i < es.n; i++) {
			link_names_add(ln, es.v[i].headword, es.v[i].headword);
			for (size_t k = 0; k < es.v[i].naliases; k++)
				link_names_add(ln, es.v[i].aliases[k],
				    es.v[i].headword);
		}
		link_mentions(ln, es.v, es.n);
	}
	if (corpus_alias_pack_hold(db, true) != 0) {
		dberr(db, path, err, errsz);
		goto rollback;
	}
	for (i = 0; i < es.n; i++) {
		int rc;

		if (o->cancel != NULL && *o->cancel) {
			import_seterr(err, errsz, path, es.v[i].line, "interrupted; "
			    "nothing from this file was stored");
			goto rollback;
		}
		if ((rc = store_entry(&s, real != NULL ? real : path, source_id,
		    &es.v[i], o, rep)) != 0) {
			if (rc == -2)
				import_seterr(err, errsz, path, es.v[i].line,
				    "headword has no letters or digits");
			else
				store_err(db, path, es.v[i].line, err, errsz);
			goto rollback;
		}
	}
	/* The alias pack, held for the rows above (corpus.h), emptied and
	 * filled again; not in the middle of a build (its indexes
	 * dropped), which fills it once at its end. */
	if (corpus_alias_pack_hold(db, false) != 0 ||
	    store_words(&s) != 0 || (bulk && corpus_indexes_late(db, false) !=
	    0) || gram_store(s.gram, db, "main", NULL, 0) != 0 ||
	    (!corpus_indexes_dropped(db) && aliaspack_fill(db, "main") != 0)) {
		store_err(db, path, 0, err, errsz);
		goto rollback;
	}
	sql = sqlite3_mprintf("UPDATE source SET entries = %lld WHERE id = %lld",
	    (long long)es.n, (long long)source_id);
	if (exec(db, sql) != 0) {
		sqlite3_free(sql);
		dberr(db, path, err, errsz);
		goto rollback;
	}
	sqlite3_free(sql);
	store_close(&s);
	if (exec(db, "COMMIT") != 0) {
		dberr(db, path, err, errsz);
		goto rollback_nostore;
	}
	restore_temp_store(db, temp_store);
	(void)exec(db, "PRAGMA foreign_keys=ON");
	/* The file is stored; a DETACH that failed is only worth a word
	 * (the next import detaches it first). */
	if (attached && exec(db, "DETACH bundled") != 0 && o->warn != NULL)
		o->warn(o->warn_arg, path, 0, "the bundled corpus stays "
		    "attached (DETACH failed)");
	link_names_free(ln);
	entries_free(&es);
	free(real);
	free(main_file);
	return 0;
rollback:
	store_close(&s);
rollback_nostore:
	/* A failed ROLLBACK leaves the transaction open: say so, or the
	 * next statement on this connection fails with a message about
	 * something else. (SQLite rolls it back when the connection
	 * closes, so nothing of the file is stored.) */
	if (exec(db, "ROLLBACK") != 0 && !sqlite3_get_autocommit(db) &&
	    o->warn != NULL)
		o->warn(o->warn_arg, path, 0, "the rollback failed; nothing "
		    "was stored, and the database is unchanged once lore exits");
	restore_temp_store(db, temp_store);
	(void)exec(db, "PRAGMA foreign_keys=ON");
	/* The next import detaches what is left (see above). */
	if (attached)
		(void)exec(db, "DETACH bundled");
	link_names_free(ln);
	entries_free(&es);
	free(real);
	free(main_file);
	return -1;
}

int
import_categories(struct corpus *c, const char *path, char *err, size_t errsz)
{
	sqlite3 *db = corpus_db(c);
	sqlite3_stmt *st;
	struct import_lines ls;
	char *buf;
	size_t len, i;
	int rc = 0;

	if ((buf = read_file(path, &len, err, errsz)) == NULL)
		return -1;
	if (sqlite3_prepare_v2(db, "INSERT INTO category(name, description)"
	    " VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET description ="
	    " excluded.description", -1, &st, NULL) != SQLITE_OK) {
		import_seterr(err, errsz, path, 0, "%s", sqlite3_errmsg(db));
		free(buf);
		return -1;
	}
	import_split_lines(buf, len, &ls);
	for (i = 0; i < ls.n && rc == 0; i++) {
		const struct import_line *l = &ls.v[i];
		const char *colon = memchr(l->s, ':', l->n);
		char *name, *desc;

		if (import_blank(l) || l->s[0] == '#')
			continue;
		if (colon == NULL) {
			import_seterr(err, errsz, path, l->no, "expected 'name: description'");
			rc = -1;
			break;
		}
		name = import_trimdup(l->s, (size_t)(colon - l->s));
		desc = import_trimdup(colon + 1, l->n - (size_t)(colon + 1 - l->s));
		sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, desc, -1, SQLITE_TRANSIENT);
		free(name), free(desc);
		if (step_done(st) != 0) {
			import_seterr(err, errsz, path, l->no, "%s", sqlite3_errmsg(db));
			rc = -1;
		}
	}
	sqlite3_finalize(st);
	free(ls.v);
	free(buf);
	return rc;
}
