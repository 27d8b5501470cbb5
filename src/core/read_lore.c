/* read_lore.c - lore's own format (man 5 lore): "@term NAME", field lines,
 * a blank line, a Markdown body. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"

static int
lore_entries(const char *path, const struct import_lines *ls,
    struct entries *es, char *err, size_t errsz)
{
	struct entry *e = NULL;
	size_t i = 0, body;

	for (; i < ls->n; i++) {
		const struct import_line *l = &ls->v[i];

		if (import_blank(l) || l->s[0] == '#')
			continue;
		if (import_starts(l, "@term ") || import_starts(l, "@term\t"))
			break;
		import_seterr(err, errsz, path, l->no, "expected '@term NAME' to start "
		    "an entry (see man 5 lore)");
		return -1;
	}
	while (i < ls->n) {
		const struct import_line *l = &ls->v[i];

		e = import_entry_new(es, l->no);
		e->headword = import_trimdup(l->s + 5, l->n - 5);
		e->explicit_related = true;
		if (e->headword[0] == '\0') {
			import_seterr(err, errsz, path, l->no, "@term has no name");
			return -1;
		}
		for (i++; i < ls->n && ls->v[i].n > 0 && ls->v[i].s[0] == '@' &&
		    !import_starts(&ls->v[i], "@@"); i++) {
			const struct import_line *f = &ls->v[i];
			const char *sp = memchr(f->s, ' ', f->n);
			size_t klen = sp != NULL ? (size_t)(sp - f->s) : f->n;
			const char *val = f->s + klen;
			size_t vlen = f->n - klen;

			if (klen == 8 && (memcmp(f->s, "@aliases", 8) == 0 ||
			    memcmp(f->s, "@related", 8) == 0)) {
				bool al = f->s[1] == 'a';

				/* Keeping the first 256 would lose the rest
				 * without a word. */
				if (!import_names_split(al ? &e->aliases : &e->related,
				    al ? &e->naliases : &e->nrelated, val, vlen,
				    ';')) {
					import_seterr(err, errsz, path, f->no, "more than "
					    "%d names in %s for '%s'",
					    IMPORT_MAX_NAMES, al ? "@aliases" :
					    "@related", e->headword);
					return -1;
				}
			} else if (klen == 9 && memcmp(f->s, "@category", 9) == 0) {
				if (e->category != NULL) {
					import_seterr(err, errsz, path, f->no,
					    "a second @category for '%s'",
					    e->headword);
					return -1;
				}
				e->category = import_trimdup(val, vlen);
			} else if (klen == 5 && memcmp(f->s, "@term", 5) == 0) {
				import_seterr(err, errsz, path, f->no, "'%s' has no body "
				    "(a blank line and text must follow its fields)",
				    e->headword);
				return -1;
			} else {
				import_seterr(err, errsz, path, f->no, "unknown field "
				    "'%.*s' (expected @aliases, @category or "
				    "@related)", (int)(klen > 40 ? 40 : klen), f->s);
				return -1;
			}
		}
		body = i;
		for (; i < ls->n; i++) {
			const struct import_line *b = &ls->v[i];

			if (import_starts(b, "@term ") || import_starts(b, "@term\t"))
				break;
			if (b->n > 0 && b->s[0] == '@' && !import_starts(b, "@@")) {
				import_seterr(err, errsz, path, b->no, "a body line may not "
				    "start with '@' (write '@@' for a literal '@')");
				return -1;
			}
		}
		e->body = import_join_body(ls, body, i, true);
		if (e->body[0] == '\0') {
			import_seterr(err, errsz, path, e->line, "'%s' has no body",
			    e->headword);
			return -1;
		}
	}
	return 0;
}


static int
lore_read(const char *path, const char *buf, size_t len, struct entries *out,
    char *err, size_t errsz)
{
	struct import_lines ls;
	int rc;

	import_split_lines(buf, len, &ls);
	rc = lore_entries(path, &ls, out, err, errsz);
	free(ls.v);
	return rc;
}

/* The first line that is not blank or a comment opens an entry. */
static bool
lore_detect(const char *path, const char *buf, size_t len)
{
	size_t i = 0;

	(void)path;
	while (i < len) {
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t e = nl != NULL ? (size_t)(nl - buf) : len;
		struct import_line l = { buf + i, e - i, 0 };

		if (l.n > 0 && buf[e - 1] == '\r')
			l.n--;
		if (!import_blank(&l) && l.s[0] != '#')
			return import_starts(&l, "@term");
		i = e + 1;
	}
	return false;
}

const struct import_reader import_read_lore = {
	.format = IMPORT_LORE,
	.name = "lore",
	.detect = lore_detect,
	.read = lore_read,
};
