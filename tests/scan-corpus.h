/* scan-corpus.h - a small corpus for the buffered scan of search.c, and
 * a naive search to check it against.
 *
 * search_run() copies rows into one buffer, headword "\n" body "\n" each,
 * in id order, and searches the buffer at once. These rows meet at the
 * edges where that could go wrong: a body that ends in a space, in "\r",
 * in "\n", in a cut UTF-8 sequence, an empty body, one starting with
 * "\n", a body whose end and
 * the next row's headword make a match together, a line that starts
 * with what a ^ pattern wants in the middle of a body. Shared by
 * tests/unit/test-scan.c and tests/fuzz/fuzz-search.c (static: each
 * includes it once). */
#ifndef LORE_TESTS_SCAN_CORPUS_H
#define LORE_TESTS_SCAN_CORPUS_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "corpus.h"
#include "import.h"
#include "search.h"
#include "util.h"

/* In id order: each body then the next headword meet in the buffer. */
static const char scan_corpus_src[] =
    "@term Alpha\n@aliases first one; omega start\n@category x\n\n"
    "placeholder\n\n"
    "@term Beta\n@category x\n\nplaceholder\n\n"
    "@term Carriage\n@aliases cr\n@category x\n\nplaceholder\n\n"
    "@term Delta\n@category x\n\nplaceholder\n\n"
    "@term Epsilon\n@category x\n\nplaceholder\n\n"
    "@term Eta\n@aliases end here\n@category x\n\nplaceholder\n\n"
    "@term Gamma\n@category x\n\nplaceholder\n\n"
    "@term Alpha beta\n@category x\n\nplaceholder\n\n"
    "@term foo\n@aliases foo bar; bar foo\n@category x\n\nplaceholder\n\n"
    "@term Iota\n@category x\n\nplaceholder\n\n"
    "@term Kappa-1\n@category x\n\nplaceholder\n\n"
    "@term Lambda\n@aliases Zeta first\n@category x\n\nplaceholder\n\n"
    "@term Mu\n@category x\n\nplaceholder\n\n"
    "@term straße\n@category x\n\nplaceholder\n\n"
    "@term Nu\n@aliases \xc5\xbf""cale of \xe2\x84\xaa""elvin\n@category x\n\n"
    "placeholder\n\n"
    "@term Xi\n@category x\n\nplaceholder\n";

/* Bodies the importer would tidy, written to the rows afterwards. */
static const struct {
	const char	*headword, *body;
} scan_corpus_bodies[] = {
	{ "Alpha", "Zeta first\nsecond line ends here\nomega" },
	{ "Beta", "ends with space " },
	{ "Carriage", "a line\r" },
	{ "Delta", "" },
	{ "Epsilon", "\nleading newline\n\nZeta after a blank" },
	{ "Eta", "trailing newline\n" },
	{ "Gamma", "word-9 Abc-1 and omega" },
	{ "Alpha beta", "Alpha beta. foo foo foo\nfoo" },
	{ "foo", "foo" },
	{ "Iota", "bar\n  indented foo  \n" },
	{ "Kappa-1", "Kappa-1 and kappa-2. Zeta first." },
	{ "Lambda", "x\xff y \xe2\x82" },
	{ "Mu", "ends\r\n" },
	{ "straße", "Straße STRASSE ſtraße" },
	/* Caseless, k and s also match U+212A and U+017F (needle.h). */
	{ "Nu", "Degrees \xe2\x84\xaa""elvin on the \xc5\xbf""cale; KELVIN SCALE,"
	    " kelvin scale.\nGradient Descent, gradient descent, gradient\n"
	    "descent" },
	{ "Xi", "only \xe2\x84\xaa""appa-3 \xc5\xbf""igma here" },
};

/* Build dir/scan.db; its path, or NULL on error. */
static char *
scan_corpus_build(const char *dir, char *err, size_t errsz)
{
	struct import_opts io = { .format = IMPORT_LORE };
	struct import_report rep;
	struct corpus *c;
	struct buf src = { 0 }, db = { 0 };
	sqlite3_stmt *st;
	FILE *fp;

	buf_printf(&src, "%s/scan.lore", dir);
	buf_printf(&db, "%s/scan.db", dir);
	if ((fp = fopen(src.s, "w")) == NULL) {
		snprintf(err, errsz, "cannot write %s", src.s);
		goto fail;
	}
	fputs(scan_corpus_src, fp);
	fclose(fp);
	if (corpus_open_rw(&c, db.s, err, errsz) != CORPUS_OK)
		goto fail;
	if (import_file(c, src.s, &io, &rep, err, errsz) != 0 ||
	    sqlite3_prepare_v2(corpus_db(c), "UPDATE term SET body = ?1"
	    " WHERE headword = ?2", -1, &st, NULL) != SQLITE_OK) {
		corpus_close(c);
		goto fail;
	}
	for (size_t i = 0; i < sizeof scan_corpus_bodies /
	    sizeof scan_corpus_bodies[0]; i++) {
		sqlite3_bind_text(st, 1, scan_corpus_bodies[i].body, -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(st, 2, scan_corpus_bodies[i].headword, -1,
		    SQLITE_STATIC);
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	/* The rewritten bodies are not in the trigram index: without one
	 * every row is read. */
	sqlite3_exec(corpus_db(c), "DROP TABLE IF EXISTS gram", NULL, NULL,
	    NULL);
	corpus_close(c);
	buf_free(&src);
	return buf_take(&db);
fail:
	buf_free(&src);
	buf_free(&db);
	return NULL;
}

/*
 * 400 terms, so 7 blocks of the trigram index: the literals of a search
 * pick some blocks, in runs, and the second thread's half starts inside
 * one of them ("needle": ids 1-63, 128-255 and 384-400, cut at 169). Every term's body names its number; "needle" is in the
 * bodies of some, "Haystack" in the headwords and "straw" in the aliases
 * of others ("straw 395" alone in the last block, a sixteenth of the
 * ids: only its aliases are read).
 */
static char *
scan_blocks_build(const char *dir, char *err, size_t errsz)
{
	struct import_opts io = { .format = IMPORT_LORE };
	struct import_report rep;
	struct corpus *c;
	struct buf src = { 0 }, db = { 0 }, text = { 0 };
	FILE *fp;
	int rc;

	for (int i = 1; i <= 400; i++) {
		buf_printf(&text, "@term %s %03d\n", i % 97 == 5 ? "Haystack" :
		    "Term", i);
		if (i % 101 == 3 || i == 395)
			buf_printf(&text, "@aliases straw %d\n", i);
		buf_printf(&text, "@category x\n\nNumber %03d%s.\n\n", i,
		    i == 10 || (i >= 190 && i <= 200) || i == 390 ? ", a needle" :
		    "");
	}
	buf_printf(&src, "%s/blocks.lore", dir);
	buf_printf(&db, "%s/blocks.db", dir);
	if ((fp = fopen(src.s, "w")) == NULL)
		return NULL;
	fputs(text.s, fp);
	fclose(fp);
	buf_free(&text);
	rc = corpus_open_rw(&c, db.s, err, errsz) == CORPUS_OK ? 0 : -1;
	if (rc == 0) {
		rc = import_file(c, src.s, &io, &rep, err, errsz);
		corpus_close(c);
	}
	buf_free(&src);
	if (rc != 0) {
		buf_free(&db);
		return NULL;
	}
	return buf_take(&db);
}

/* What a hit says that the naive search knows too. */
static void
scan_line(struct buf *b, int64_t key, long lineno, int where)
{
	buf_printf(b, "%lld|%ld|%c\n", (long long)key, lineno,
	    where <= SEARCH_IN_HEADWORD_WORD ? 'h' : where == SEARCH_IN_ALIAS ?
	    'a' : 'b');
}

struct scan_naive {
	struct corpus	*c;
	struct search	*s;
	unsigned	 flags;
	struct buf	 out;
	bool		 limit;		/* a match limit was hit */
};

/* One field on its own (an alias: each of its lines on its own). */
static int
scan_field(struct scan_naive *n, const char *text, bool lines, size_t *at)
{
	size_t len = strlen(text), off = 0, ms, ml;
	char err[256];

	for (;;) {
		const char *nl = lines ? memchr(text + off, '\n', len - off) :
		    NULL;
		size_t end = nl != NULL ? (size_t)(nl - text) : len;
		int rc = search_exec(n->s, text + off, end - off, 0, &ms, &ml,
		    err, sizeof err);

		if (rc != 0) {
			*at = off + ms;
			return rc;
		}
		if (nl == NULL)
			return 0;
		off = end + 1;
	}
}

static bool
scan_naive_term(const struct term_ref *r, void *arg)
{
	struct scan_naive *n = arg;
	struct term t;
	size_t at;
	int rc;

	if (corpus_get(n->c, r->key, &t, NULL, 0) != CORPUS_OK)
		return true;
	if ((rc = scan_field(n, t.headword, false, &at)) != 0) {
		if (rc > 0)
			scan_line(&n->out, r->key, 0, SEARCH_IN_HEADWORD);
		goto done;
	}
	for (size_t k = 0; k < t.naliases; k++)
		if ((rc = scan_field(n, t.aliases[k], true, &at)) != 0) {
			if (rc > 0)
				scan_line(&n->out, r->key, 0, SEARCH_IN_ALIAS);
			goto done;
		}
	if (!(n->flags & SEARCH_HEADWORDS_ONLY) &&
	    (rc = scan_field(n, t.body, false, &at)) > 0) {
		long line = 1;

		for (size_t k = 0; k < at; k++)
			line += t.body[k] == '\n';
		scan_line(&n->out, r->key, line, SEARCH_IN_BODY);
	}
done:
	if (rc < 0)
		n->limit = true;
	term_free(&t);
	return true;
}

/* Every term in A-Z order, each field matched on its own: what an
 * unranked search_run must find. NULL when a limit was hit. */
static char *
scan_naive(struct corpus *c, const char *pat, unsigned cflags,
    unsigned flags)
{
	struct scan_naive n = { c, NULL, flags, { 0 }, false };
	char err[256];

	if ((n.s = search_compile(pat, cflags, err, sizeof err,
	    NULL)) == NULL)
		return NULL;
	corpus_each(c, 0, NULL, scan_naive_term, &n);
	search_free(n.s);
	if (n.limit) {
		buf_free(&n.out);
		return NULL;
	}
	buf_adds(&n.out, "");
	return buf_take(&n.out);
}

struct scan_got {
	struct buf	short_;		/* as scan_line */
	struct buf	full;		/* everything a hit says */
};

static bool
scan_collect(const struct search_hit *h, void *arg)
{
	struct scan_got *g = arg;

	scan_line(&g->short_, h->key, h->lineno, (int)h->where);
	buf_printf(&g->full, "%lld %s|%ld|%d|%u|%zu+%zu|%s",
	    (long long)h->key, h->headword, h->lineno, (int)h->where, h->count,
	    h->mstart, h->mlen, h->line);
	if (h->source != NULL)	/* SEARCH_SOURCES */
		buf_printf(&g->full, "|%s:%ld", h->source, h->srcline);
	buf_addc(&g->full, '\n');
	return true;
}

/* search_run with the test hooks: pat compiled with cflags, split from
 * split rows (0: default), budget bytes of hits in memory (0: default),
 * exact: no buffer. Hits in full (and *brief as scan_line) or NULL on
 * an error (err). */
static char *
scan_run(struct corpus *c, const char *pat, unsigned cflags, unsigned flags,
    long split, size_t budget, bool exact, char **brief, char *err,
    size_t errsz)
{
	struct scan_got g = { { 0 }, { 0 } };
	struct search *s = search_compile(pat, cflags, err, errsz, NULL);
	long n;

	if (s == NULL)
		return NULL;
	search_set_split_rows(s, split);
	search_set_sort_budget(s, budget);
	search_set_exact(s, exact);
	n = search_run(s, c, flags, scan_collect, &g, NULL, err, errsz);
	search_free(s);
	buf_adds(&g.short_, "");
	buf_adds(&g.full, "");
	if (n < 0) {
		buf_free(&g.short_);
		buf_free(&g.full);
		return NULL;
	}
	if (brief != NULL)
		*brief = buf_take(&g.short_);
	buf_free(&g.short_);
	return buf_take(&g.full);
}

#endif
