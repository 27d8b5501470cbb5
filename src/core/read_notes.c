/* read_notes.c - a folder of Markdown notes (Obsidian, Foam, Zettlr...), one
 * note a term.
 *
 * The folder is walked recursively in name order; hidden files and
 * folders (.obsidian/, .trash/) are skipped, and so are symbolic links to
 * folders, which could loop. A note's headword is its file name without
 * .md, unless its YAML front matter has a title; `aliases` become
 * aliases, the first of `category`, `tags` or `tag` the category (lists
 * in either YAML form). A first "# Heading" that repeats the headword is
 * dropped. [[Target]] and [[Target|label]] are lore's own links already;
 * a [[Target#Section]] links to the note; embedded images and sounds
 * (![[x.png]], ![alt](x.png)) are dropped and counted, an embedded note
 * (![[Other note]]) becomes a link. $ and $$ math is lore's. */
#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gzfile.h"
#include "import.h"
#include "text.h"
#include "util.h"

#define NOTE_MAX	(16u << 20)	/* bytes in one note */
#define NOTES_MAX	200000		/* notes in one folder */

static bool
is_note(const char *name)
{
	size_t n = strlen(name);

	return (n > 3 && strcasecmp(name + n - 3, ".md") == 0) ||
	    (n > 9 && strcasecmp(name + n - 9, ".markdown") == 0);
}

static int
path_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The notes under dir, appended to *v. */
static int
walk(const char *dir, int depth, char ***v, size_t *n, char *err,
    size_t errsz)
{
	DIR *d;
	struct dirent *de;

	if (depth > 64)
		return 0;
	if ((d = opendir(dir)) == NULL) {
		import_seterr(err, errsz, dir, 0, "%s", strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		struct stat sb;
		struct buf b = { 0 };

		if (de->d_name[0] == '.')
			continue;
		buf_printf(&b, "%s/%s", dir, de->d_name);
		if (lstat(b.s, &sb) != 0) {
			buf_free(&b);
			continue;
		}
		if (S_ISDIR(sb.st_mode)) {
			if (walk(b.s, depth + 1, v, n, err, errsz) != 0) {
				buf_free(&b);
				closedir(d);
				return -1;
			}
		} else if ((S_ISREG(sb.st_mode) || (S_ISLNK(sb.st_mode) &&
		    stat(b.s, &sb) == 0 && S_ISREG(sb.st_mode))) &&
		    is_note(de->d_name)) {
			if (*n >= NOTES_MAX) {
				import_seterr(err, errsz, dir, 0, "more than %d "
				    "notes", NOTES_MAX);
				buf_free(&b);
				closedir(d);
				return -1;
			}
			*v = xreallocarray(*v, *n + 1, sizeof **v);
			(*v)[(*n)++] = buf_take(&b);
		}
		buf_free(&b);
	}
	closedir(d);
	return 0;
}

/* A YAML scalar without its quotes. */
static char *
scalar(const char *s, size_t n)
{
	char *t = import_trimdup(s, n);
	size_t len = strlen(t);

	if (len >= 2 && (t[0] == '"' || t[0] == '\'') && t[len - 1] == t[0]) {
		memmove(t, t + 1, len - 2);
		t[len - 2] = '\0';
	}
	return t;
}

/* Add the items of a flow list "[a, b]" or a scalar "a, b" to v. */
static void
flow_items(char ***v, size_t *n, const char *s, size_t len)
{
	size_t i = 0, start;

	while (len > 0 && isspace((unsigned char)*s))
		s++, len--;
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	if (len >= 2 && s[0] == '[' && s[len - 1] == ']')
		s++, len -= 2;
	for (start = 0; i <= len; i++) {
		char q = 0;

		if (i < len && (s[i] == '"' || s[i] == '\'')) {
			q = s[i];
			for (i++; i < len && s[i] != q; i++)
				;
			continue;
		}
		if (i == len || s[i] == ',') {
			char *t = scalar(s + start, i - start);

			if (t[0] == '#')
				memmove(t, t + 1, strlen(t));
			(void)import_names_add(v, n, t, strlen(t));
			free(t);
			start = i + 1;
		}
	}
}

struct front {
	char	 *title;
	char	**aliases, **tags;
	size_t	  naliases, ntags;
	bool	  category;	/* tags came from `category` */
};

static void
front_free(struct front *f)
{
	free(f->title);
	strv_free(f->tags, f->ntags);
	/* aliases are handed to the entry */
}

/* The front matter of a note (lines [1, end) of ls). */
static void
front_parse(const struct import_lines *ls, size_t end, struct front *f)
{
	size_t i;

	for (i = 1; i < end; i++) {
		const struct import_line *l = &ls->v[i];
		const char *colon;
		size_t k, vn;
		char ***v = NULL;
		size_t *vc = NULL;

		if (l->n == 0 || isspace((unsigned char)l->s[0]) || l->s[0] == '#' ||
		    (colon = memchr(l->s, ':', l->n)) == NULL)
			continue;
		k = (size_t)(colon - l->s);
		vn = l->n - k - 1;
#define KEY(key) (k == sizeof(key) - 1 && strncasecmp(l->s, key, k) == 0)
		if (KEY("title")) {
			free(f->title);
			f->title = scalar(colon + 1, vn);
			continue;
		}
		if (KEY("aliases") || KEY("alias"))
			v = &f->aliases, vc = &f->naliases;
		else if (KEY("category") || KEY("categories")) {
			if (!f->category) {
				for (size_t t = 0; t < f->ntags; t++)
					free(f->tags[t]);
				f->ntags = 0;
			}
			f->category = true;
			v = &f->tags, vc = &f->ntags;
		} else if ((KEY("tags") || KEY("tag")) && !f->category)
			v = &f->tags, vc = &f->ntags;
#undef KEY
		if (v == NULL)
			continue;
		flow_items(v, vc, colon + 1, vn);
		/* A block list: "  - item" lines. */
		while (i + 1 < end) {
			const struct import_line *m = &ls->v[i + 1];
			size_t j = 0;

			while (j < m->n && isspace((unsigned char)m->s[j]))
				j++;
			if (j >= m->n || m->s[j] != '-' || (j + 1 < m->n &&
			    !isspace((unsigned char)m->s[j + 1])))
				break;
			flow_items(v, vc, m->s + j + 1, m->n - j - 1);
			i++;
		}
	}
}

static bool
media_name(const char *s, size_t n)
{
	static const char *const ext[] = {
		".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp",
		".pdf", ".mp3", ".wav", ".ogg", ".m4a", ".mp4", ".webm",
		".mov", ".excalidraw",
	};
	const char *bar = memchr(s, '|', n);

	if (bar != NULL)
		n = (size_t)(bar - s);
	for (size_t i = 0; i < nitems(ext); i++) {
		size_t k = strlen(ext[i]);

		if (n >= k && strncasecmp(s + n - k, ext[i], k) == 0)
			return true;
	}
	return false;
}

/* The body with embeds dropped or made links, and "#Section" taken off
 * link targets. */
static char *
body_links(const char *s, size_t n, size_t *media)
{
	struct buf b = { 0 };
	size_t i = 0;

	while (i < n) {
		const char *c;
		bool embed = s[i] == '!' && i + 2 < n && s[i + 1] == '[' &&
		    s[i + 2] == '[';

		if ((embed || (s[i] == '[' && i + 1 < n && s[i + 1] == '[')) &&
		    (c = memmem(s + i, n - i, "]]", 2)) != NULL &&
		    memchr(s + i, '\n', (size_t)(c - (s + i))) == NULL) {
			const char *t = s + i + (embed ? 3 : 2);
			size_t tn = (size_t)(c - t);
			const char *bar = memchr(t, '|', tn);
			const char *hash = memchr(t, '#', bar != NULL ?
			    (size_t)(bar - t) : tn);

			if (embed && media_name(t, tn)) {
				(*media)++;
			} else {
				buf_add(&b, "[[", 2);
				if (hash != NULL && hash > t) {
					buf_add(&b, t, (size_t)(hash - t));
					if (bar != NULL)
						buf_add(&b, bar, (size_t)(c - bar));
				} else
					buf_add(&b, t, tn);
				buf_add(&b, "]]", 2);
			}
			i = (size_t)(c - s) + 2;
			continue;
		}
		/* ![alt](file): an image; [text](url) stays. */
		if (s[i] == '!' && i + 1 < n && s[i + 1] == '[') {
			const char *close = memchr(s + i, ']', n - i);

			if (close != NULL && close + 1 < s + n && close[1] == '(' &&
			    (c = memchr(close, ')', (size_t)(s + n - close))) != NULL &&
			    memchr(s + i, '\n', (size_t)(c - (s + i))) == NULL) {
				(*media)++;
				i = (size_t)(c - s) + 1;
				continue;
			}
		}
		buf_addc(&b, s[i++]);
	}
	return buf_take(&b);
}

/* One note: name is its headword unless the front matter has a title. */
static int
note(const char *path, const char *name, size_t namelen, const char *buf,
    size_t len, struct entries *out, char *err, size_t errsz)
{
	struct import_lines ls;
	struct front f = { 0 };
	struct entry *e;
	size_t from = 0, i;
	char *body;

	import_split_lines(buf, len, &ls);
	if (ls.n > 0 && ls.v[0].n == 3 && memcmp(ls.v[0].s, "---", 3) == 0) {
		for (i = 1; i < ls.n; i++)
			if ((ls.v[i].n == 3 && (memcmp(ls.v[i].s, "---", 3) == 0 ||
			    memcmp(ls.v[i].s, "...", 3) == 0)))
				break;
		if (i == ls.n) {
			import_seterr(err, errsz, path, 1, "front matter opened "
			    "with --- never closes");
			free(ls.v);
			return -1;
		}
		front_parse(&ls, i, &f);
		from = i + 1;
	}
	e = import_entry_new(out, 1);
	e->headword = f.title != NULL && f.title[0] != '\0' ? xstrdup(f.title) :
	    import_trimdup(name, namelen);
	e->aliases = f.aliases;
	e->naliases = f.naliases;
	if (f.ntags > 0)
		e->category = xstrdup(f.tags[0]);
	front_free(&f);
	while (from < ls.n && import_blank(&ls.v[from]))
		from++;
	/* "# Headword" first says again what the entry's heading says. */
	if (from < ls.n && ls.v[from].n > 2 && ls.v[from].s[0] == '#' &&
	    ls.v[from].s[1] == ' ') {
		char *h = import_trimdup(ls.v[from].s + 2, ls.v[from].n - 2);
		char *fa = text_fold(h), *fb = text_fold(e->headword);

		if (strcmp(fa, fb) == 0)
			from++;
		free(h);
		free(fa);
		free(fb);
	}
	body = import_join_body(&ls, from, ls.n, false);
	e->body = body_links(body, strlen(body), &out->media);
	free(body);
	free(ls.v);
	if (e->headword[0] == '\0') {
		import_seterr(err, errsz, path, 1, "the note has no name");
		return -1;
	}
	if (e->body[0] == '\0') {
		/* An empty note (a stub Obsidian made for a link) is no term. */
		out->n--;
		free(e->headword);
		free(e->body);
		free(e->category);
		strv_free(e->aliases, e->naliases);
		out->skipped++;
	}
	return 0;
}

static const char *
base_name(const char *path, size_t *n)
{
	const char *slash = strrchr(path, '/'), *b = slash != NULL ? slash + 1 :
	    path, *dot = strrchr(b, '.');

	*n = dot != NULL && dot > b ? (size_t)(dot - b) : strlen(b);
	return b;
}

static int
notes_read(const char *path, const char *buf, size_t len,
    struct entries *out, char *err, size_t errsz)
{
	struct stat sb;
	char **files = NULL;
	size_t n = 0, i, nn;
	const char *name;
	int rc = -1;

	if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		name = base_name(path, &nn);
		return note(path, name, nn, buf, len, out, err, errsz);
	}
	if (walk(path, 0, &files, &n, err, errsz) != 0)
		goto out;
	xqsort(files, n, sizeof *files, path_cmp);
	for (i = 0; i < n; i++) {
		size_t flen, bad;
		char *text = gz_slurp(files[i], NOTE_MAX, &flen, err, errsz);

		if (text == NULL)
			goto out;
		if (memchr(text, '\0', flen) != NULL ||
		    !text_utf8_valid(text, flen, &bad)) {
			import_seterr(err, errsz, files[i], 0, "not UTF-8 text "
			    "(convert the note with iconv)");
			free(text);
			goto out;
		}
		name = base_name(files[i], &nn);
		if (note(files[i], name, nn, text, flen, out, err, errsz) != 0) {
			free(text);
			goto out;
		}
		free(text);
	}
	if (n == 0) {
		import_seterr(err, errsz, path, 0, "no Markdown notes (*.md) in "
		    "this folder");
		goto out;
	}
	rc = 0;
out:
	strv_free(files, n);
	return rc;
}

/* A folder, or a .md file that opens with front matter. */
static bool
notes_detect(const char *path, const char *buf, size_t len)
{
	struct stat sb;

	if (path == NULL)
		return false;
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		return true;
	return is_note(path) && len >= 4 && memcmp(buf, "---", 3) == 0 &&
	    (buf[3] == '\n' || buf[3] == '\r');
}

const struct import_reader import_read_notes = {
	.format = IMPORT_NOTES,
	.name = "notes",
	.takes = IMPORT_TAKES_PATH,
	.detect = notes_detect,
	.read = notes_read,
};
