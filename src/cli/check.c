/* check.c - lore check: audit corpus sources before they are shipped. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "import.h"
#include "msg.h"
#include "render.h"
#include "texmath.h"
#include "text.h"
#include "util.h"

struct name {
	char	*fold;
	size_t	 entry;		/* index into the entry list */
	bool	 alias;
};

struct audit {
	struct entry	*e;		/* every entry of every file */
	const char	**file;		/* the file of each entry */
	size_t		 n;
	struct name	*names;
	size_t		 nnames;
	char		**cats;
	size_t		 ncats;
	size_t		 problems;
	bool		*linked;	/* another entry links to this one */
	bool		 cats_known;	/* a category list was read */
	/* totals */
	size_t		 letters[27], *percat, with_formula, display, tall,
			 formulas, links, words_lo, words_hi, orphans;
};

static void problem(struct audit *a, size_t i, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
problem(struct audit *a, size_t i, const char *fmt, ...)
{
	struct buf pre = { 0 };
	va_list ap;

	buf_printf(&pre, "%s:%ld: %s: ", a->file[i], a->e[i].line,
	    a->e[i].headword);
	va_start(ap, fmt);
	msg_vprint(pre.s, fmt, ap);
	va_end(ap);
	buf_free(&pre);
	a->problems++;
}

static int
name_cmp(const void *x, const void *y)
{
	const struct name *p = x, *q = y;
	int c = strcmp(p->fold, q->fold);

	if (c != 0)
		return c;
	return p->alias - q->alias;
}

static const struct name *
find_name(const struct audit *a, const char *s)
{
	struct name key = { text_fold(s), 0, false };
	const struct name *n;
	size_t lo = 0, hi = a->nnames;

	/* lower bound, so a headword is found before an alias */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (strcmp(a->names[mid].fold, key.fold) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	n = lo < a->nnames && strcmp(a->names[lo].fold, key.fold) == 0 ?
	    &a->names[lo] : NULL;
	free(key.fold);
	return n;
}

/* The whole of the file at path into b; false, with the error printed,
 * when it cannot be read to its end (a directory, an I/O error). */
static bool
read_file(const char *path, const char *what, struct buf *b)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0) {
		cli_error("%s: cannot read %s: %s", path, what, strerror(errno));
		return false;
	}
	rc = read_all(fd, IMPORT_MAX_FILE, b);
	if (rc != 0)
		cli_error("%s: cannot read %s: %s", path, what, rc < 0 ?
		    strerror(errno) : "file too large");
	close(fd);
	return rc == 0;
}

static bool
load_categories(struct audit *a, const char *path)
{
	struct buf b = { 0 };
	char *line, *save = NULL;

	if (!read_file(path, "the category list", &b)) {
		buf_free(&b);
		return false;
	}
	for (line = strtok_r(b.s != NULL ? b.s : "", "\n", &save);
	    line != NULL; line = strtok_r(NULL, "\n", &save)) {
		char *colon = strchr(line, ':');

		if (line[0] == '#' || colon == NULL)
			continue;
		*colon = '\0';
		a->cats = xreallocarray(a->cats, a->ncats + 1, sizeof *a->cats);
		a->cats[a->ncats++] = xstrdup(line);
	}
	buf_free(&b);
	a->percat = xcalloc(a->ncats + 1, sizeof *a->percat);
	return true;
}

static bool
load_file(struct audit *a, const char *path)
{
	struct entries es = { 0 };
	char err[1024];
	struct buf b = { 0 };
	size_t i;

	if (!read_file(path, "it", &b)) {
		buf_free(&b);
		a->problems++;
		return false;
	}
	if (import_parse(path, b.s != NULL ? b.s : "", b.len, IMPORT_LORE, &es,
	    err, sizeof err) != 0) {
		enum import_format f = import_detect(path, b.s != NULL ? b.s :
		    "", b.len);

		/* A glossary of another format is not broken lore: say so. */
		if (f != IMPORT_LORE && f != IMPORT_AUTO)
			cli_note("%s: a glossary in format %s, not lore's own "
			    "(man 5 lore); lore check audits lore files, "
			    "lore import reads this one", path,
			    import_format_name(f));
		else
			cli_note("%s", err);
		buf_free(&b);
		a->problems++;
		return true;
	}
	buf_free(&b);
	a->e = xreallocarray(a->e, a->n + es.n, sizeof *a->e);
	a->file = xreallocarray(a->file, a->n + es.n, sizeof *a->file);
	for (i = 0; i < es.n; i++) {
		a->file[a->n] = path;
		a->e[a->n++] = es.v[i];
	}
	free(es.v);
	return true;
}

struct fstate {
	struct audit	*a;
	size_t		 i;
	size_t		 n, display, tall, bad;
};

static void
check_formula(void *arg, const char *tex, size_t len, bool display)
{
	struct fstate *fs = arg;
	struct tm_out out = { 0 };
	int rc;

	rc = texmath_render(tex, len, display ? TM_DISPLAY : 0, 80, &out);
	fs->n++;
	if (display) {
		fs->display++;
		if (out.nrows > 1)
			fs->tall++;
	}
	if (out.unknown_name[0] != '\0') {
		char *t = xstrndup(tex, len > 60 ? 60 : len);

		problem(fs->a, fs->i, "unknown command %s in formula: %s",
		    out.unknown_name, t);
		free(t);
		fs->bad++;
	} else if (rc != 0 || out.unknown > 0) {
		char *t = xstrndup(tex, len > 60 ? 60 : len);

		problem(fs->a, fs->i, "formula does not render cleanly: %s", t);
		free(t);
		fs->bad++;
	}
	tm_out_free(&out);
}

static size_t
count_words(const char *s)
{
	size_t n = 0;
	bool in = false;

	for (; *s != '\0'; s++) {
		bool sp = *s == ' ' || *s == '\n' || *s == '\t';

		if (!sp && !in)
			n++;
		in = !sp;
	}
	return n;
}

/* The first paragraph must be prose that makes a sentence. */
static bool
has_definition(const char *body)
{
	const char *end = strstr(body, "\n\n");
	size_t n = end != NULL ? (size_t)(end - body) : strlen(body);
	const char *dot;

	if (strchr("#-*|$`>", body[0]) != NULL && strncmp(body, "**", 2) != 0)
		return false;
	/* A sentence ends, or leads into a formula or list with a colon. */
	dot = memchr(body, '.', n);
	if (dot == NULL)
		dot = memchr(body, ':', n);
	return dot != NULL && count_words(body) >= 6;
}

static void
check_wikilinks(struct audit *a, size_t i)
{
	const char *p = a->e[i].body;

	while ((p = strstr(p, "[[")) != NULL) {
		const char *q = strstr(p + 2, "]]");
		char *name;

		if (q == NULL)
			break;
		name = xstrndup(p + 2, (size_t)(q - p - 2));
		if (strchr(name, '|') != NULL)
			*strchr(name, '|') = '\0';
		const struct name *to = find_name(a, name);

		if (to == NULL)
			problem(a, i, "in-body link [[%s]] goes nowhere", name);
		else if (to->entry != i)
			a->linked[to->entry] = true;
		a->links++;
		free(name);
		p = q + 2;
	}
}

static void
audit_entries(struct audit *a)
{
	size_t i, j, wl = 0, wh = 0;

	for (i = 0; i < a->n; i++) {
		struct entry *e = &a->e[i];
		struct fstate fs = { a, i, 0, 0, 0, 0 };
		char *sk = text_slug(e->headword);
		char l = sk[0] >= 'a' && sk[0] <= 'z' ? (char)(sk[0] - 'a') : 26;
		size_t w = count_words(e->body);
		bool known = false;

		free(sk);
		a->letters[(int)l]++;
		for (j = 0; j < a->ncats && e->category != NULL; j++)
			if (strcmp(a->cats[j], e->category) == 0) {
				a->percat[j]++;
				known = true;
			}
		if (!known && a->cats_known)
			problem(a, i, "category '%s' is not in the documented "
			    "set", e->category != NULL ? e->category : "(none)");
		for (j = 0; j < e->nrelated; j++) {
			const struct name *n = find_name(a, e->related[j]);

			if (n == NULL)
				problem(a, i, "related term '%s' does not exist",
				    e->related[j]);
			else if (n->entry == i)
				problem(a, i, "related to itself via '%s'",
				    e->related[j]);
			else
				a->linked[n->entry] = true;
			a->links++;
		}
		check_wikilinks(a, i);
		if (!has_definition(e->body))
			problem(a, i, "%s", "the body does not open with a "
			    "definition sentence");
		render_each_math(e->body, check_formula, &fs);
		a->formulas += fs.n;
		a->with_formula += fs.n > 0;
		a->display += fs.display > 0;
		a->tall += fs.tall > 0;
		wl += w < 80;
		wh += w > 250;
	}
	a->words_lo = wl;
	a->words_hi = wh;
}

static void
index_names(struct audit *a)
{
	size_t i, j;

	for (i = 0; i < a->n; i++) {
		a->names = xreallocarray(a->names, a->nnames + 1 +
		    a->e[i].naliases, sizeof *a->names);
		a->names[a->nnames++] = (struct name){ text_fold(a->e[i].headword),
		    i, false };
		for (j = 0; j < a->e[i].naliases; j++)
			a->names[a->nnames++] = (struct name){
			    text_fold(a->e[i].aliases[j]), i, true };
	}
	xqsort(a->names, a->nnames, sizeof *a->names, name_cmp);
	for (i = 1; i < a->nnames; i++) {
		const struct name *p = &a->names[i - 1], *q = &a->names[i];

		if (strcmp(p->fold, q->fold) != 0 || p->entry == q->entry)
			continue;
		if (!p->alias && !q->alias)
			problem(a, q->entry, "duplicate headword (also '%s')",
			    a->e[p->entry].headword);
		else
			problem(a, q->entry, "alias or headword clashes with "
			    "'%s'", a->e[p->entry].headword);
	}
}

int
cmd_check(struct cli *o, int argc, char **argv)
{
	struct audit a = { 0 };
	struct buf catpath = { 0 };
	char **files = NULL;
	size_t nfiles = 0, i, missing = 0;
	int k;

	if (argc < 1) {
		cli_error("usage: lore check DIR|FILE... [--categories FILE]");
		return EXIT_USAGE;
	}
	for (k = 0; k < argc; k++) {
		DIR *d = opendir(argv[k]);
		struct dirent *de;

		if (d == NULL) {
			files = xreallocarray(files, nfiles + 1, sizeof *files);
			files[nfiles++] = xstrdup(argv[k]);
			continue;
		}
		if (catpath.len == 0)
			buf_printf(&catpath, "%s/categories", argv[k]);
		while ((de = readdir(d)) != NULL) {
			size_t n = strlen(de->d_name);
			struct buf p = { 0 };

			if (n < 6 || strcmp(de->d_name + n - 5, ".lore") != 0)
				continue;
			buf_printf(&p, "%s/%s", argv[k], de->d_name);
			files = xreallocarray(files, nfiles + 1, sizeof *files);
			files[nfiles++] = buf_take(&p);
		}
		closedir(d);
	}
	xqsort(files, nfiles, sizeof *files, (int (*)(const void *,
	    const void *))strcmp);
	/* The category list: --categories, the folder's, or data/'s; a
	 * file checked on its own, away from any, is checked without. */
	{
		const char *cp = o->categories != NULL ? o->categories :
		    catpath.len > 0 ? catpath.s : "data/categories";

		if (o->categories != NULL || catpath.len > 0 ||
		    access(cp, R_OK) == 0) {
			if (!load_categories(&a, cp)) {
				buf_free(&catpath);
				return EXIT_USAGE;
			}
			a.cats_known = true;
		}
	}
	for (i = 0; i < nfiles; i++)
		load_file(&a, files[i]);
	a.linked = xcalloc(a.n + 1, sizeof *a.linked);
	index_names(&a);
	audit_entries(&a);
	/* A corpus (a folder) should leave no entry unreachable: an orphan
	 * is one no other entry links to, in its body or its related list. */
	if (catpath.len > 0)
		for (i = 0; i < a.n; i++)
			if (!a.linked[i]) {
				problem(&a, i, "%s", "orphan: no other entry links "
				    "here (add a [[link]] where it is named)");
				a.orphans++;
			}
	/* Every letter covered is a corpus's goal, not a single file's. */
	for (i = 0; i < 26 && catpath.len > 0; i++)
		if (a.letters[i] == 0) {
			cli_note("lore check: no entries under %c",
			    (char)('A' + i));
			missing++;
		}
	a.problems += missing;

	printf("entries: %zu\n", a.n);
	printf("per letter:");
	for (i = 0; i < 27; i++)
		printf(" %c:%zu", i < 26 ? (char)('A' + i) : '#', a.letters[i]);
	printf("\nper category:\n");
	for (i = 0; i < a.ncats; i++)
		printf("  %-24s %zu\n", a.cats[i], a.percat[i]);
	printf("with a formula: %zu (%zu formulas); with display math: %zu, "
	    "of them laid out in 2-D: %zu\n", a.with_formula, a.formulas,
	    a.display, a.tall);
	printf("links (related and in-body): %zu; orphans: %zu\n", a.links,
	    a.orphans);
	printf("bodies under 80 words: %zu, over 250 words: %zu\n",
	    a.words_lo, a.words_hi);
	printf("problems: %zu\n", a.problems);

	for (i = 0; i < a.n; i++) {
		struct entries one = { .n = 1, .cap = 1 };

		/* entries_free frees the array too: give it a copy */
		one.v = xmalloc(sizeof *one.v);
		*one.v = a.e[i];
		entries_free(&one);
	}
	for (i = 0; i < a.nnames; i++)
		free(a.names[i].fold);
	for (i = 0; i < a.ncats; i++)
		free(a.cats[i]);
	for (i = 0; i < nfiles; i++)
		free(files[i]);
	free(a.cats), free(a.percat), free(a.names), free(a.e), free(a.file);
	free(a.linked);
	free(files);
	buf_free(&catpath);
	return a.problems == 0 ? EXIT_FOUND : EXIT_NOTFOUND;
}
