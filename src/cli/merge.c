/* merge.c - lore import-progress (lore merge): another machine's review
 * log, from its `lore export --json`, merged into this one.
 *
 * Only the reviews are read, as (slug, kind, ts, grade): the card states
 * in the file are what its machine computed, and are computed again here
 * by progress_merge() over the union of both logs. The reader is a small
 * strict JSON parser: a file that is not a lore export is refused before
 * anything is written. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf.h"
#include "progress.h"
#include "srs.h"
#include "util.h"

#define JSON_DEPTH	64
#define MERGE_MAX_BYTES	(512L * 1024 * 1024)

struct json {
	const char	*s, *end;
	const char	*what;		/* the first error */
	int		 depth;
};

struct reviews {
	struct progress_review_in	*v;
	size_t				 n, cap;
	bool				 format;	/* "format":"lore-progress" */
};

static void
ws(struct json *j)
{
	while (j->s < j->end && (*j->s == ' ' || *j->s == '\t' ||
	    *j->s == '\n' || *j->s == '\r'))
		j->s++;
}

static bool
bad(struct json *j, const char *what)
{
	if (j->what == NULL)
		j->what = what;
	return false;
}

static bool
lit(struct json *j, char c)
{
	ws(j);
	if (j->s < j->end && *j->s == c) {
		j->s++;
		return true;
	}
	return false;
}

static int
hex4(const char *p)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		int c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

static void
put_utf8(struct buf *b, uint32_t cp)
{
	if (cp < 0x80)
		buf_addc(b, (char)cp);
	else if (cp < 0x800) {
		buf_addc(b, (char)(0xC0 | cp >> 6));
		buf_addc(b, (char)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		buf_addc(b, (char)(0xE0 | cp >> 12));
		buf_addc(b, (char)(0x80 | (cp >> 6 & 0x3F)));
		buf_addc(b, (char)(0x80 | (cp & 0x3F)));
	} else {
		buf_addc(b, (char)(0xF0 | cp >> 18));
		buf_addc(b, (char)(0x80 | (cp >> 12 & 0x3F)));
		buf_addc(b, (char)(0x80 | (cp >> 6 & 0x3F)));
		buf_addc(b, (char)(0x80 | (cp & 0x3F)));
	}
}

/* A string into *out (may be NULL: skipped). */
static bool
string(struct json *j, char **out)
{
	struct buf b = { 0 };
	int h, l;

	if (!lit(j, '"'))
		return bad(j, "a string expected");
	while (j->s < j->end && *j->s != '"') {
		unsigned char c = (unsigned char)*j->s++;

		if (c < 0x20) {
			buf_free(&b);
			return bad(j, "a control character in a string");
		}
		if (c != '\\') {
			buf_addc(&b, (char)c);
			continue;
		}
		if (j->s >= j->end)
			break;
		switch (c = (unsigned char)*j->s++) {
		case 'b': buf_addc(&b, '\b'); break;
		case 'f': buf_addc(&b, '\f'); break;
		case 'n': buf_addc(&b, '\n'); break;
		case 'r': buf_addc(&b, '\r'); break;
		case 't': buf_addc(&b, '\t'); break;
		case '"': case '\\': case '/': buf_addc(&b, (char)c); break;
		case 'u':
			if (j->end - j->s < 4 || (h = hex4(j->s)) < 0) {
				buf_free(&b);
				return bad(j, "a bad \\u escape");
			}
			j->s += 4;
			if (h >= 0xD800 && h < 0xDC00 && j->end - j->s >= 6 &&
			    j->s[0] == '\\' && j->s[1] == 'u' &&
			    (l = hex4(j->s + 2)) >= 0xDC00 && l < 0xE000) {
				j->s += 6;
				h = 0x10000 + ((h - 0xD800) << 10) + (l - 0xDC00);
			} else if (h >= 0xD800 && h < 0xE000)
				h = 0xFFFD;
			put_utf8(&b, (uint32_t)h);
			break;
		default:
			buf_free(&b);
			return bad(j, "a bad escape in a string");
		}
	}
	if (j->s >= j->end) {
		buf_free(&b);
		return bad(j, "a string runs to the end of the file");
	}
	j->s++;
	if (out != NULL)
		*out = b.s != NULL ? buf_take(&b) : xstrdup("");
	else
		buf_free(&b);
	return true;
}

/* A whole number (an exponent or a fraction is refused: times and grades
 * are integers). */
static bool
integer(struct json *j, int64_t *out)
{
	char *e;
	long long v;

	ws(j);
	errno = 0;
	v = strtoll(j->s, &e, 10);
	if (e == j->s || errno == ERANGE || e > j->end)
		return bad(j, "a whole number expected");
	if (e < j->end && (*e == '.' || *e == 'e' || *e == 'E'))
		return bad(j, "a whole number expected");
	j->s = e;
	*out = v;
	return true;
}

static bool value(struct json *j);

static bool
number(struct json *j)
{
	char *e;

	ws(j);
	(void)strtod(j->s, &e);
	if (e == j->s || e > j->end)
		return bad(j, "a value expected");
	j->s = e;
	return true;
}

static bool
container(struct json *j, char open, char close)
{
	bool first = true;

	if (!lit(j, open))
		return bad(j, "a value expected");
	if (++j->depth > JSON_DEPTH)
		return bad(j, "nested too deep");
	while (!lit(j, close)) {
		if (!first && !lit(j, ','))
			return bad(j, "',' expected");
		first = false;
		if (open == '{' && (!string(j, NULL) || !lit(j, ':')))
			return bad(j, "a \"key\": expected");
		if (!value(j))
			return false;
	}
	j->depth--;
	return true;
}

static bool
value(struct json *j)
{
	ws(j);
	if (j->s >= j->end)
		return bad(j, "a value expected");
	switch (*j->s) {
	case '{':
		return container(j, '{', '}');
	case '[':
		return container(j, '[', ']');
	case '"':
		return string(j, NULL);
	case 't':
	case 'f':
	case 'n': {
		static const char *const words[] = { "true", "false", "null" };

		for (size_t i = 0; i < nitems(words); i++)
			if ((size_t)(j->end - j->s) >= strlen(words[i]) &&
			    strncmp(j->s, words[i], strlen(words[i])) == 0) {
				j->s += strlen(words[i]);
				return true;
			}
		return bad(j, "a value expected");
	}
	default:
		return number(j);
	}
}

/* One review object: slug, kind, ts and grade; the rest is skipped. */
static bool
review(struct json *j, struct reviews *rv)
{
	struct progress_review_in r = { NULL, NULL, -1, 0 };
	char *key = NULL, *str;
	int64_t v;
	bool first = true, ok = true;

	if (!lit(j, '{'))
		return bad(j, "a review object expected");
	while (ok && !lit(j, '}')) {
		if (!first && !lit(j, ','))
			ok = bad(j, "',' expected");
		first = false;
		if (!ok || !string(j, &key) || !lit(j, ':')) {
			ok = bad(j, "a \"key\": expected");
			break;
		}
		if (strcmp(key, "slug") == 0 || strcmp(key, "kind") == 0) {
			if ((ok = string(j, &str))) {
				char **dst = (char **)(key[0] == 's' ? &r.slug :
				    &r.kind);

				free(*dst);
				*dst = str;
			}
		} else if (strcmp(key, "ts") == 0) {
			ok = integer(j, &r.ts);
		} else if (strcmp(key, "grade") == 0) {
			if ((ok = integer(j, &v)))
				r.grade = v >= 1 && v <= 4 ? (enum srs_grade)v : 0;
		} else
			ok = value(j);
		free(key);
		key = NULL;
	}
	free(key);
	if (!ok) {
		free((char *)r.slug);
		free((char *)r.kind);
		return false;
	}
	if (rv->n == rv->cap) {
		rv->cap = rv->cap ? rv->cap * 2 : 256;
		rv->v = xreallocarray(rv->v, rv->cap, sizeof *rv->v);
	}
	rv->v[rv->n++] = r;
	return true;
}

static bool
top(struct json *j, struct reviews *rv)
{
	char *key = NULL, *str;
	bool first = true, ok = true;

	if (!lit(j, '{'))
		return bad(j, "not a JSON object");
	while (ok && !lit(j, '}')) {
		if (!first && !lit(j, ','))
			return bad(j, "',' expected");
		first = false;
		if (!string(j, &key) || !lit(j, ':')) {
			free(key);
			return bad(j, "a \"key\": expected");
		}
		if (strcmp(key, "format") == 0 && (ok = string(j, &str))) {
			rv->format = strcmp(str, "lore-progress") == 0;
			free(str);
		} else if (strcmp(key, "reviews") == 0) {
			bool f = true;

			if (!lit(j, '['))
				ok = bad(j, "\"reviews\" is not an array");
			while (ok && !lit(j, ']')) {
				if (!f && !lit(j, ','))
					ok = bad(j, "',' expected");
				f = false;
				ok = ok && review(j, rv);
			}
		} else if (strcmp(key, "format") != 0)
			ok = value(j);
		free(key);
		key = NULL;
	}
	ws(j);
	if (ok && j->s != j->end)
		return bad(j, "more after the end of the object");
	return ok;
}

static void
reviews_free(struct reviews *rv)
{
	for (size_t i = 0; i < rv->n; i++) {
		free((char *)rv->v[i].slug);
		free((char *)rv->v[i].kind);
	}
	free(rv->v);
}

/* The whole file (or stdin for "-"), NUL-terminated. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	struct buf b = { 0 };
	char chunk[65536];
	size_t n;

	if (fp == NULL) {
		cli_error("%s: %s", path, strerror(errno));
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		if (b.len + n > (size_t)MERGE_MAX_BYTES) {
			cli_error("%s: larger than %ld MB; not a lore export?",
			    path, MERGE_MAX_BYTES >> 20);
			buf_free(&b);
			if (fp != stdin)
				fclose(fp);
			return NULL;
		}
		buf_add(&b, chunk, n);
	}
	if (ferror(fp)) {
		cli_error("%s: %s", path, strerror(errno));
		buf_free(&b);
		if (fp != stdin)
			fclose(fp);
		return NULL;
	}
	if (fp != stdin)
		fclose(fp);
	*len = b.len;
	return b.s != NULL ? buf_take(&b) : xstrdup("");
}

/* The line of the byte at off, for the message. */
static long
line_of(const char *s, const char *at)
{
	long line = 1;

	for (; s < at; s++)
		line += *s == '\n';
	return line;
}

int
cmd_import_progress(struct cli *o, int argc, char **argv)
{
	struct reviews rv = { 0 };
	struct json j;
	struct srs_params params;
	struct progress *p;
	size_t len = 0, added = 0, cards = 0;
	char *text, err[1024];
	int rc = EXIT_USAGE;

	if (argc != 1) {
		cli_error("usage: lore import-progress FILE (another machine's "
		    "lore export --json; - reads stdin)");
		return EXIT_USAGE;
	}
	if ((text = slurp(argv[0], &len)) == NULL)
		return EXIT_USAGE;
	j = (struct json){ text, text + len, NULL, 0 };
	if (!top(&j, &rv)) {
		cli_error("%s:%ld: %s; nothing was merged", argv[0],
		    line_of(text, j.s), j.what != NULL ? j.what : "bad JSON");
		goto out;
	}
	if (!rv.format) {
		cli_error("%s: not a lore progress export (no \"format\":"
		    "\"lore-progress\"); make one with lore export --json",
		    argv[0]);
		goto out;
	}
	srs_params_default(&params);
	cli_quiz_params(o, &params);
	if ((p = cli_progress_open(o)) == NULL)
		goto out;
	if (progress_merge(p, rv.v, rv.n, &params, &added, &cards, err,
	    sizeof err) != PROGRESS_OK) {
		cli_error("%s: %s", argv[0], err);
		progress_close(p);
		goto out;
	}
	progress_close(p);
	if (o->json)
		printf("{\"reviews\":%zu,\"added\":%zu,\"cards\":%zu}\n", rv.n,
		    added, cards);
	else
		printf("%s: %zu review%s, %zu new here; %zu card%s replayed.\n",
		    argv[0], rv.n, rv.n == 1 ? "" : "s", added, cards,
		    cards == 1 ? "" : "s");
	rc = EXIT_FOUND;
out:
	reviews_free(&rv);
	free(text);
	return rc;
}
