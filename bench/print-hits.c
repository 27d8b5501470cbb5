/* print-hits - time the printing of a search's hits without the scan: the
 * hits are collected first, then each is rendered as `lore search` shows
 * it (render_snippet_window at width 78, the lines around the match written
 * to /dev/null). Prints "runs median_ms hits lines" for one pattern; the
 * scan is timed by bench/run. RUNS (default 5; 0 for the scan alone) lets
 * `perf stat -e instructions` count the printing as a difference. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clock.h"
#include "corpus.h"
#include "render.h"
#include "search.h"
#include "util.h"

struct hits {
	struct search_hit	*v;
	size_t			 n, cap;
};

static bool
keep(const struct search_hit *h, void *arg)
{
	struct hits *hs = arg;

	if (h->lineno == 0)
		return true;	/* headwords and aliases print as they are */
	hs->v = xgrow(hs->v, hs->n, &hs->cap, 1024, sizeof *hs->v);
	hs->v[hs->n] = *h;
	hs->v[hs->n].headword = xstrdup(h->headword);
	hs->v[hs->n].line = xstrdup(h->line);
	hs->n++;
	return true;
}

/* One printing of every hit; its own function so that valgrind
 * --tool=callgrind --toggle-collect=print_all counts it alone. */
static size_t __attribute__((noinline))
print_all(const struct hits *hs, const struct render_opts *ro, FILE *null)
{
	size_t lines = 0;

	for (size_t i = 0; i < hs->n; i++) {
		const struct search_hit *h = &hs->v[i];
		struct rdoc doc = { 0 };
		size_t first, j;

		render_snippet_window(h->line, h->mstart, h->mlen, ro, 1, 2,
		    &doc, &first);
		for (j = first > 1 ? first - 1 : 0; j < doc.n && j <= first + 2;
		    j++, lines++) {
			fwrite(doc.lines[j].text, 1, doc.lines[j].len, null);
			fputc('\n', null);
		}
		rdoc_free(&doc);
	}
	return lines;
}

/* HITS-FILE: the hits as "mstart mlen length\nline\n", so that a run
 * under valgrind, too slow for the search's time limit, reads them. */
static bool
load(struct hits *hs, const char *path)
{
	FILE *fp = fopen(path, "r");
	struct search_hit h = { 0 };
	size_t len;

	if (fp == NULL)
		return false;
	while (fscanf(fp, "%zu %zu %zu", &h.mstart, &h.mlen, &len) == 3 &&
	    fgetc(fp) == '\n') {
		h.line = xmalloc(len + 1);
		if (fread(h.line, 1, len, fp) != len)
			break;
		h.line[len] = '\0';
		h.headword = xstrdup("");
		h.lineno = 1;
		(void)fgetc(fp);
		keep(&h, hs);
		free(h.line);
		free(h.headword);
	}
	fclose(fp);
	return true;
}

static void
save(const struct hits *hs, const char *path)
{
	FILE *fp = fopen(path, "w");

	for (size_t i = 0; fp != NULL && i < hs->n; i++)
		fprintf(fp, "%zu %zu %zu\n%s\n", hs->v[i].mstart, hs->v[i].mlen,
		    strlen(hs->v[i].line), hs->v[i].line);
	if (fp != NULL)
		fclose(fp);
}

int
main(int argc, char **argv)
{
	struct render_opts ro = { 78, false, true, render_memo_new() };
	struct hits hs = { 0 };
	struct corpus *c;
	struct search *s;
	char err[512];
	size_t off, lines = 0;
	double t[5];
	FILE *null;
	int runs = 5;

	if (argc >= 4)
		runs = atoi(argv[3]);
	if (argc < 3 || argc > 5 || runs < 0 || runs > 5) {
		fprintf(stderr, "usage: print-hits CORPUS.db PATTERN [RUNS "
		    "[HITS-FILE]]\n");
		return 2;
	}
	if ((null = fopen("/dev/null", "w")) == NULL)
		return 2;
	if (argc < 5 || !load(&hs, argv[4])) {
		if ((s = search_compile(argv[2], SEARCH_SMARTCASE, err,
		    sizeof err, &off)) == NULL || corpus_open(&c, argv[1],
		    NULL, err, sizeof err) != CORPUS_OK || search_run(s, c,
		    SEARCH_RANKED, keep, &hs, NULL, err, sizeof err) < 0) {
			fprintf(stderr, "print-hits: %s\n", err);
			return 2;
		}
		search_free(s);
		corpus_close(c);
		if (argc == 5)
			save(&hs, argv[4]);
	}
	for (int r = 0; r < runs; r++) {
		double t0 = now_ms();

		lines = print_all(&hs, &ro, null);
		t[r] = now_ms() - t0;
	}
	if (runs > 0)
		qsort(t, (size_t)runs, sizeof *t, cmp_double);
	printf("%d %.1f %zu %zu\n", runs, runs > 0 ? t[runs / 2] : 0.0, hs.n,
	    lines);
	fclose(null);
	render_memo_free(ro.memo);
	for (size_t i = 0; i < hs.n; i++) {
		free(hs.v[i].headword);
		free(hs.v[i].line);
	}
	free(hs.v);
	return 0;
}
