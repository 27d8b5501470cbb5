/* read_dict.c - finding and loading the files of StarDict and dictd
 * dictionaries (see read_dict.h); the parsing is in read_stardict.c and
 * read_dictd.c. */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gzfile.h"
#include "import.h"
#include "read_dict.h"
#include "text.h"
#include "util.h"

#define IFO_MAGIC	"StarDict's dict ifo file"
#define DICT_MAX	(1024u << 20)	/* inflated bytes of one file */

static char *
clean(const char *s, size_t n, bool keep_newlines)
{
	size_t len;
	char *c = text_sanitize(s, n, keep_newlines, &len), *r;

	r = import_trimdup(c, len);
	free(c);
	return r;
}

char *
dict_clean(const char *s, size_t n)
{
	return clean(s, n, false);
}

char *
dict_clean_text(const char *s, size_t n)
{
	return clean(s, n, true);
}

bool
dict_storable(const char *headword)
{
	char *slug = text_slug(headword);
	bool ok = slug[0] != '\0';

	free(slug);
	return ok;
}

static bool
ends(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

static bool
is_file(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* The only file of dir whose name ends in suffix, or NULL. */
static char *
only_file(const char *dir, const char *suffix)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char *hit = NULL;
	int n = 0;

	if (d == NULL)
		return NULL;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);

		if (de->d_name[0] != '.' && ends(de->d_name, len, suffix)) {
			struct buf b = { 0 };

			buf_printf(&b, "%s/%s", dir, de->d_name);
			if (is_file(b.s) && n++ == 0)
				hit = buf_take(&b);
			buf_free(&b);
		}
	}
	closedir(d);
	if (n != 1) {
		free(hit);
		return NULL;
	}
	return hit;
}

char *
dict_main_file(const char *path)
{
	static const char *const parts[] = {
		".idx.gz", ".idx", ".dict.dz", ".dict", ".syn.dz", ".syn",
		".index", ".ifo",
	};
	static const char *const ifo[] = { ".ifo", NULL };
	static const char *const index[] = { ".index", NULL };
	struct stat sb;
	size_t n = strlen(path), i;
	char *r;

	if (stat(path, &sb) != 0)
		return NULL;
	if (S_ISDIR(sb.st_mode)) {
		if ((r = only_file(path, ".ifo")) != NULL)
			return r;
		return only_file(path, ".index");
	}
	for (i = 0; i < nitems(parts); i++)
		if (ends(path, n, parts[i])) {
			size_t base = n - strlen(parts[i]);

			if ((r = gz_sibling(path, base, ifo)) != NULL)
				return r;
			if ((r = gz_sibling(path, base, index)) != NULL)
				return r;
		}
	return NULL;
}

/* The companion files of the dictionary whose main file is path, base
 * its name without the main file's suffix. */
struct loaded {
	char	*idx, *dict, *syn;
	char	*idxname, *dictname, *synname;
};

static void
loaded_free(struct loaded *l)
{
	free(l->idx);
	free(l->dict);
	free(l->syn);
	free(l->idxname);
	free(l->dictname);
	free(l->synname);
}

static int
load(const char *path, size_t base, const char *const *suf, char **name,
    char **data, size_t *len, bool optional, const char *what, char *err,
    size_t errsz)
{
	if ((*name = gz_sibling(path, base, suf)) == NULL) {
		if (optional)
			return 0;
		import_seterr(err, errsz, path, 0, "its %s is missing (looked "
		    "for %.*s%s%s%s)", what, (int)base, path, suf[0],
		    suf[1] != NULL ? " and " : "", suf[1] != NULL ? suf[1] : "");
		return -1;
	}
	if ((*data = gz_slurp(*name, DICT_MAX, len, err, errsz)) == NULL)
		return -1;
	return 0;
}

static bool
stardict_detect(const char *path, const char *buf, size_t len)
{
	(void)path;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		buf += 3, len -= 3;
	return len >= strlen(IFO_MAGIC) &&
	    memcmp(buf, IFO_MAGIC, strlen(IFO_MAGIC)) == 0;
}

static int
stardict_read(const char *path, const char *buf, size_t len,
    struct entries *out, char *err, size_t errsz)
{
	static const char *const idx[] = { ".idx", ".idx.gz", NULL };
	static const char *const dict[] = { ".dict", ".dict.dz", NULL };
	static const char *const syn[] = { ".syn", ".syn.dz", NULL };
	struct loaded l = { 0 };
	struct dict_files df = { .ifo = buf, .ifolen = len };
	size_t n = strlen(path), base = ends(path, n, ".ifo") ? n - 4 : n;
	int rc = -1;

	if (load(path, base, idx, &l.idxname, &l.idx, &df.idxlen, false,
	    "index", err, errsz) != 0 ||
	    load(path, base, dict, &l.dictname, &l.dict, &df.dictlen, false,
	    "articles file", err, errsz) != 0 ||
	    load(path, base, syn, &l.synname, &l.syn, &df.synlen, true,
	    "synonyms", err, errsz) != 0)
		goto out;
	df.idx = l.idx, df.idxname = l.idxname;
	df.dict = l.dict, df.dictname = l.dictname;
	df.syn = l.syn, df.synname = l.synname;
	rc = stardict_parse(path, &df, out, err, errsz);
out:
	loaded_free(&l);
	return rc;
}

/* A dictd index: its name ends in .index and its first line is
 * "word TAB base64 TAB base64". */
static bool
dictd_detect(const char *path, const char *buf, size_t len)
{
	const char *nl = memchr(buf, '\n', len), *t1, *t2;
	size_t n = nl != NULL ? (size_t)(nl - buf) : len, i;

	if (path == NULL || !ends(path, strlen(path), ".index"))
		return false;
	if ((t1 = memchr(buf, '\t', n)) == NULL ||
	    (t2 = memchr(t1 + 1, '\t', (size_t)(buf + n - t1 - 1))) == NULL)
		return false;
	for (i = (size_t)(t1 - buf) + 1; i < n; i++)
		if (buf + i != t2 && !(buf[i] == '+' || buf[i] == '/' ||
		    (buf[i] >= '0' && buf[i] <= '9') ||
		    (buf[i] >= 'A' && buf[i] <= 'Z') ||
		    (buf[i] >= 'a' && buf[i] <= 'z')))
			return buf[i] == '\t';	/* a fourth column */
	return true;
}

static int
dictd_read(const char *path, const char *buf, size_t len,
    struct entries *out, char *err, size_t errsz)
{
	static const char *const dict[] = { ".dict", ".dict.dz", NULL };
	struct loaded l = { 0 };
	struct dict_files df = { .idx = buf, .idxlen = len, .idxname = path };
	size_t n = strlen(path), base = ends(path, n, ".index") ? n - 6 : n;
	int rc = -1;

	if (load(path, base, dict, &l.dictname, &l.dict, &df.dictlen, false,
	    "articles file", err, errsz) == 0) {
		df.dict = l.dict, df.dictname = l.dictname;
		rc = dictd_parse(path, &df, out, err, errsz);
	}
	loaded_free(&l);
	return rc;
}

const struct import_reader import_read_stardict = {
	.format = IMPORT_STARDICT,
	.name = "stardict",
	.detect = stardict_detect,
	.read = stardict_read,
};

const struct import_reader import_read_dictd = {
	.format = IMPORT_DICTD,
	.name = "dictd",
	.detect = dictd_detect,
	.read = dictd_read,
};

/* ---- installed dictionaries ---- */

static void
add_installed(struct dict_installed **v, size_t *n, const char *dir,
    const char *file, bool stardict)
{
	struct dict_installed *d;
	struct buf b = { 0 };
	size_t len = strlen(file) - (stardict ? 4 : 6);
	char *text;
	size_t tlen;

	buf_printf(&b, "%s/%s", dir, file);
	for (size_t i = 0; i < *n; i++)
		if (strlen((*v)[i].name) == len &&
		    strncmp((*v)[i].name, file, len) == 0) {
			buf_free(&b);	/* the same name in an earlier folder */
			return;
		}
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	d = &(*v)[(*n)++];
	memset(d, 0, sizeof *d);
	d->name = xstrndup(file, len);
	d->path = buf_take(&b);
	d->kind = xstrdup(stardict ? "stardict" : "dictd");
	d->words = -1;
	if ((text = gz_slurp(d->path, 64u << 20, &tlen, NULL, 0)) == NULL)
		return;
	if (stardict) {
		struct import_lines ls;

		import_split_lines(text, tlen, &ls);
		for (size_t i = 0; i < ls.n; i++) {
			const struct import_line *l = &ls.v[i];

			if (import_starts(l, "bookname="))
				d->title = dict_clean(l->s + 9, l->n - 9);
			else if (import_starts(l, "wordcount="))
				d->words = strtol(l->s + 10, NULL, 10);
		}
		free(ls.v);
	} else {
		/* Words: index lines that are not dictfmt's own. */
		const char *p = text, *e = text + tlen;

		d->words = 0;
		while (p < e) {
			const char *nl = memchr(p, '\n', (size_t)(e - p));
			size_t ln = nl != NULL ? (size_t)(nl - p) : (size_t)(e - p);

			if (ln > 0 && !(ln >= 11 && strncmp(p, "00-database", 11) == 0) &&
			    !(ln >= 10 && strncmp(p, "00database", 10) == 0))
				d->words++;
			p += ln + 1;
		}
	}
	free(text);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t
dict_installed(const char *const *dirs, struct dict_installed **out)
{
	size_t n = 0;

	*out = NULL;
	for (; *dirs != NULL; dirs++) {
		DIR *d = opendir(*dirs);
		struct dirent *de;
		char **names = NULL;
		size_t nn = 0;

		if (d == NULL)
			continue;
		while ((de = readdir(d)) != NULL) {
			size_t len = strlen(de->d_name);

			if (de->d_name[0] != '.' && (ends(de->d_name, len, ".ifo") ||
			    ends(de->d_name, len, ".index"))) {
				names = xreallocarray(names, nn + 1, sizeof *names);
				names[nn++] = xstrdup(de->d_name);
			}
		}
		closedir(d);
		/* readdir's order is the file system's. */
		xqsort(names, nn, sizeof *names, name_cmp);
		for (size_t i = 0; i < nn; i++) {
			add_installed(out, &n, *dirs, names[i],
			    ends(names[i], strlen(names[i]), ".ifo"));
			free(names[i]);
		}
		free(names);
	}
	return n;
}

void
dict_installed_free(struct dict_installed *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].path);
		free(v[i].kind);
		free(v[i].title);
	}
	free(v);
}
