/* fuzz-search.c - search_compile() and search_exec() on any pattern.
 *
 * The first byte picks the flags, the rest is the pattern. A pattern
 * either fails to compile with "offset N: ..." (N inside the pattern), or
 * runs over fixed subjects, long backtracking bait among them, and every
 * call either matches inside the subject, does not match, or stops at the
 * match limit or deadline with a message. libFuzzer's -timeout catches a
 * bound that does not hold; the corpus replay under gcc makes the same
 * calls.
 *
 * Then search_run() differentially, on the two small corpora of
 * ../scan-corpus.h (built once, in a temporary directory; the second
 * with its trigram index, so that only some blocks are read), and on both
 * at once (a user's file beside a bundled one): the scan field
 * by field on one thread must find what a naive search of each term
 * through corpus_get() finds (A-Z), and the buffered scan, on one thread
 * and on two with every hit spilled to its own sorted run, must report
 * exactly the same hits, lines, offsets and order (ranked too: bit 3 of
 * the first byte). A run that stops at a limit is not compared. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "search.h"
#include "../scan-corpus.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char	 aaaa[4096];
static char	 words[4096];

static void
subjects_init(void)
{
	size_t i;

	if (aaaa[0] != '\0')
		return;
	/* What "(a+)+$" and "(\w+\s?)+$" blow up on: a long run that
	 * almost matches. */
	memset(aaaa, 'a', sizeof aaaa - 2);
	aaaa[sizeof aaaa - 2] = '!';
	for (i = 0; i < sizeof words - 1; i++)
		words[i] = i % 7 == 6 ? ' ' : "softmx"[i % 7 % 6];
}

/* Returns -1 at the limit: a caller gives up there, as search_run does. */
static int
run(struct search *s, const char *subj, size_t len)
{
	char err[256];
	size_t start = 0, ms, ml, n;
	int rc;

	/* Every match, the way a highlighter walks a line. */
	for (n = 0; n < 64 && start <= len; n++) {
		err[0] = '\0';
		rc = search_exec(s, subj, len, start, &ms, &ml, err, sizeof err);
		if (rc == 0)
			return 0;
		if (rc < 0) {
			if (strstr(err, "too complex") == NULL &&
			    strncmp(err, "match error", 11) != 0)
				abort();
			return -1;
		}
		if (rc != 1 || ms < start || ms > len || ml > len - ms)
			abort();
		start = ms + (ml > 0 ? ml : 1);
	}
	return 0;
}

static char	 scan_dir[64];

static void
scan_cleanup(void)
{
	static const char *const files[] = {
		"scan.db", "scan.lore", "blocks.db", "blocks.lore",
	};
	char path[128];

	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", scan_dir, files[i]);
		unlink(path);
	}
	rmdir(scan_dir);
}

/* Corpus i: 0 the rows' edges, 1 the blocks. */
static struct corpus *
scan_corpus(int i)
{
	static struct corpus *c[3];
	static int tried;
	char err[256], *db[2];

	if (tried++)
		return c[i];
	strcpy(scan_dir, "/tmp/lore-fuzz-scan-XXXXXX");
	if (mkdtemp(scan_dir) == NULL)
		abort();
	atexit(scan_cleanup);
	db[0] = scan_corpus_build(scan_dir, err, sizeof err);
	db[1] = db[0] != NULL ? scan_blocks_build(scan_dir, err, sizeof err) :
	    NULL;
	/* The third has both: the blocks as the bundled file and the scan
	 * corpus as the user's, so that the second thread, given the big
	 * file's aliases, must wait for the first to match the other's. */
	if (db[1] == NULL || corpus_open(&c[0], db[0], NULL, err,
	    sizeof err) != CORPUS_OK || corpus_open(&c[1], db[1], NULL, err,
	    sizeof err) != CORPUS_OK || corpus_open(&c[2], db[1], db[0], err,
	    sizeof err) != CORPUS_OK) {
		fprintf(stderr, "fuzz-search: %s\n", err);
		abort();
	}
	free(db[0]);
	free(db[1]);
	return c[i];
}

static bool
limit_message(const char *err)
{
	return strstr(err, "too complex") != NULL ||
	    strncmp(err, "match error", 11) == 0;
}

static void
scan_diff(struct corpus *c, const char *pat, unsigned cflags, unsigned flags)
{
	static const struct {
		long	split;
		size_t	budget;
	} way[] = { { 0, 0 }, { 1, 1 } };
	char err[256], *brief = NULL, *want, *naive;

	err[0] = '\0';
	if ((want = scan_run(c, pat, cflags, flags, 0, 0, true, &brief, err,
	    sizeof err)) == NULL) {
		if (!limit_message(err))
			abort();
		return;
	}
	if (!(flags & SEARCH_RANKED) &&
	    (naive = scan_naive(c, pat, cflags, flags)) != NULL) {
		if (strcmp(naive, brief) != 0) {
			fprintf(stderr, "exact scan:\n%snaive:\n%s", brief, naive);
			abort();
		}
		free(naive);
	}
	for (size_t i = 0; i < sizeof way / sizeof way[0]; i++) {
		char *got = scan_run(c, pat, cflags, flags, way[i].split,
		    way[i].budget, false, NULL, err, sizeof err);

		if (got == NULL ? !limit_message(err) : strcmp(got, want) != 0) {
			fprintf(stderr, "way %zu:\n%swant:\n%s", i,
			    got != NULL ? got : err, want);
			abort();
		}
		free(got);
	}
	free(want);
	free(brief);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const fixed[] = {
		"",
		"softmax",
		"Naive-Bayes classifier",
		"C++ and C# and $\\frac{a}{b}$",
		"Straße über ÆØÅ 漢字 😀",
		"line one\nline two\n\nline four",
		"\xff\xfe invalid \xc3( utf-8 \xe2\x82",
		"\x1b[31mred\x1b[0m \xe2\x80\xae bidi",
	};
	struct search *s;
	char *pat, err[256];
	size_t erroff = (size_t)-1, i;
	unsigned flags;

	if (size < 1 || size > 8192)
		return 0;
	subjects_init();
	flags = data[0] & (SEARCH_HEADWORDS_ONLY | SEARCH_CASELESS |
	    SEARCH_SMARTCASE);
	if ((pat = malloc(size)) == NULL)
		abort();
	memcpy(pat, data + 1, size - 1);
	pat[size - 1] = '\0';

	err[0] = '\0';
	if ((s = search_compile(pat, flags, err, sizeof err, &erroff)) == NULL) {
		if (strncmp(err, "offset ", 7) != 0 || erroff > strlen(pat) + 1)
			abort();
		free(pat);
		return 0;
	}
	for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		if (run(s, fixed[i], strlen(fixed[i])) < 0)
			goto out;
	if (run(s, aaaa, strlen(aaaa)) < 0 || run(s, words, strlen(words)) < 0)
		goto out;
	/* The same pattern as free text: what the query box may send. */
	run(s, pat, strlen(pat));
	for (i = 0; i < 3; i++)
		scan_diff(scan_corpus((int)i), pat, flags & (SEARCH_CASELESS |
		    SEARCH_SMARTCASE), (flags & SEARCH_HEADWORDS_ONLY) |
		    (data[0] & SEARCH_RANKED));
out:
	search_free(s);
	free(pat);
	return 0;
}
