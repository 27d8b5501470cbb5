/* fuzz-search.c - search_compile() and search_exec() on any pattern.
 *
 * The first byte picks the flags, the rest is the pattern. A pattern
 * either fails to compile with "offset N: ..." (N inside the pattern), or
 * runs over fixed subjects, long backtracking bait among them, and every
 * call either matches inside the subject, does not match, or stops at the
 * match limit or deadline with a message. libFuzzer's -timeout catches a
 * bound that does not hold; the corpus replay under gcc makes the same
 * calls. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"

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
out:
	search_free(s);
	free(pat);
	return 0;
}
