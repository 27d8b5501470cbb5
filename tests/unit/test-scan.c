/* test-scan.c - the buffered, two-thread, spilling scan of search_run()
 * finds what a search of each row on its own finds, in the same order.
 *
 * Every pattern runs on the corpus of scan-corpus.h four ways: field by
 * field on one thread (search_set_exact: the reference), and buffered on
 * one thread, on two, and on two with a sort budget so small that every
 * hit is a run of its own in the temporary file. The reference itself is
 * checked against a naive search through corpus_get(). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gram.h"
#include "hitsort.h"
#include "tap.h"
#include "../scan-corpus.h"

/* Patterns at the rows' edges: ^ and $ where a body line or the buffer
 * has them, \b at a row's ends, matches across the newline between two
 * rows, and what must not be searched as one buffer (\A \z \Z \G \K,
 * \R, \X, possessive quantifiers). */
static const char *const pats[] = {
	"^Zeta", "^Zeta first$", "here$", "^second", "^$", "^", "$", "^\\s*$",
	"\\bends", "ends\\b", "\\Bnd", "\\bfoo\\b", "e\\b", "\\Ba",
	"omega\\sAlpha", "omega\\nAlpha|Alpha beta", "omega.Alpha",
	"[a\\n]+lpha", "ega\\s+Al", "\\s", "\\n", "\\s$", "[^x]$", "\\W$",
	"\\Afoo", "foo\\z", "foo\\Z", "\\Gfoo", "\\Aends", "space\\s\\z",
	"o\\Kmega", "\\n\\KAlpha", "e\\Kn",
	"\\s*+$", " *+$", "e\\s++", "[ \\n]{1,3}+Alpha", "\\R$", "\\X$",
	"\\r$", "line\\R", "line\\X$", "\\r\\n",
	"(?m)^second", "(?s)omega.Alpha", "(?m)ends$", "x*", "e{2,}", ".*",
	"o(?=\\n)", "(?<=\\n)Alpha", "(?<!a)line", "foo|bar", "a{2}|\\d",
	"[A-Z][a-z]+-[0-9]\\b", "\\b[A-Z][a-z]+-[0-9]\\b", "kappa",
	"Kappa", "straße", "STRASSE", "(?i)ſtraße", "first one", "cr$",
	"^bar", "^omega", "start$", "Alpha", "alpha beta|zeta",
	"(a|e)nds", "(?:foo )+foo", "foo( foo)*$", "y\\W*$", "\\by\\b",
	"y.$", "y..", "x.", "\\W\\n", "\\C\\n",
	/* With an anchor (pattern.h): the pattern runs on the rows that
	 * hold one, alone; across rows, aliases, multibyte, caseless. */
	"\\w+-[0-9]", "[a-z]+-[0-9]\\b", "[A-Z][a-z]+-[0-9]", ".appa-\\d",
	"\\s+first\\.", "e\\s+Al", "[A-Z]\\w+ beta", "\\w+ße", "\\w*ASSE",
	"\\w+ar foo", "o+ st", "\\w+ga\\b", "[a-z]+ega\\sAl", "\\S+ends",
	/* Caseless with one literal: a needle (needle.h) finds the rows,
	 * the whole pattern or the pattern run on them; 'k' and 's' match
	 * U+212A and U+017F too, which no needle may lose. */
	"kelvin scale", "kelvin", "scale", "elvin on", "cale of", "KELVIN",
	"gradient descent", "descent", "radient", "gradient\\s+descent",
	"\\bkelvin\\b", "descent$", "kappa-3 sigma", "appa-3", "zeta first", "omega", "foo foo",
	"ends here", "line", "the",
};

static const unsigned flagsets[] = {
	0, SEARCH_HEADWORDS_ONLY, SEARCH_RANKED,
	SEARCH_RANKED | SEARCH_HEADWORDS_ONLY,
};

static const struct {
	const char	*name;
	long		 split;
	size_t		 budget;
} variants[] = {
	{ "one thread", 0, 0 },
	{ "two threads", 1, 0 },
	{ "one thread, spilled", 0, 1 },
	{ "two threads, spilled", 1, 1 },
};

static int
same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/*
 * With SEARCH_SOURCES, every hit ends in "|SOURCE:LINE": the user's
 * file (even keys) is dir/u/scan.lore, the bundled one dir/scan.lore,
 * and the line is the one of the term's "@term" in it.
 */
static bool
sources_right(const char *hits)
{
	for (const char *p = hits; *p != '\0'; p = strchr(p, '\n') + 1) {
		const char *end = strchr(p, '\n'), *bar = end;
		long long key = strtoll(p, NULL, 10);
		char want[64];
		const char *sp = strchr(p, ' ') + 1, *hw_end;
		long line;

		const char *colon = end;

		while (bar > p && bar[-1] != '|')
			bar--;
		while (colon > bar && colon[-1] != ':')
			colon--;
		line = strtol(colon, NULL, 10);
		hw_end = strchr(sp, '|');
		/* the line of "@term HEADWORD" in the source */
		snprintf(want, sizeof want, "@term %.*s\n", (int)(hw_end - sp), sp);
		bool user = colon - bar >= 13 &&
		    memcmp(colon - 13, "/u/scan.lore:", 13) == 0;

		if (bar == p || line < 1 || (key % 2 == 0) != user) {
			tap_diag("source: %.*s", (int)(end - p), p);
			return false;
		}
		const char *q = scan_corpus_src;
		for (long n = 1; n < line && q != NULL; n++)
			q = (q = strchr(q, '\n')) != NULL ? q + 1 : NULL;
		if (q == NULL || strncmp(q, want, strlen(want)) != 0) {
			tap_diag("source line %ld is not %s", line, want);
			return false;
		}
	}
	return true;
}

static void
check_pattern(struct corpus *c, const char *label, const char *pat,
    unsigned flags)
{
	char err[256], *brief = NULL, *want, *naive = NULL;
	bool good = true;

	want = scan_run(c, pat, SEARCH_SMARTCASE, flags, 0, 0, true, &brief,
	    err, sizeof err);
	if (want == NULL) {
		ok(0, "%s: /%s/ (flags %u): %s", label, pat, flags, err);
		return;
	}
	if (!(flags & SEARCH_RANKED)) {
		naive = scan_naive(c, pat, SEARCH_SMARTCASE, flags);
		if (!same(brief, naive)) {
			tap_diag("exact scan:\n%s# naive:\n%s", brief,
			    naive != NULL ? naive : "(limit)\n");
			good = false;
		}
	}
	for (size_t v = 0; v < nitems(variants); v++) {
		char *got = scan_run(c, pat, SEARCH_SMARTCASE, flags,
		    variants[v].split,
		    variants[v].budget, false, NULL, err, sizeof err);

		if (!same(got, want)) {
			tap_diag("%s:\n%s# want:\n%s", variants[v].name,
			    got != NULL ? got : err, want);
			good = false;
		}
		free(got);
	}
	if ((flags & SEARCH_SOURCES) && !sources_right(want))
		good = false;
	ok(good, "%s: /%s/ (flags %u): %zu bytes of hits, the same every way",
	    label, pat, flags, strlen(want));
	free(want);
	free(brief);
	free(naive);
}

static int
row_cmp(const void *a, const void *b)
{
	const struct hitrow *x = a, *y = b;
	size_t n = x->sklen < y->sklen ? x->sklen : y->sklen;
	int c;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	if ((c = memcmp(x->sortkey, y->sortkey, n)) != 0)
		return c;
	if (x->sklen != y->sklen)
		return x->sklen < y->sklen ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

/* Many hits, a budget of a few of them: runs in the file, merged. */
static void
check_hitsort(void)
{
	enum { N = 3000 };
	static struct hitrow rows[N];
	static char keys[N][20];
	/* Prefixes of eight bytes that many keys share (hitsort compares
	 * them as one number first), bytes above 0x7f and NULs among them. */
	static const char *const pre[] = { "aaaaaaaa", "aaaaaaa\xff",
	    "\xff\0aaaaa", "ab\0\0\0\0\0\0" };
	struct hitsort *h[2] = { hitsort_new(512), hitsort_new(1 << 20) };
	struct hitmerge *m;
	struct hitrow r;
	char err[256];
	size_t n = 0, runs;
	bool order = true, cstr = true;
	int rc;

	srand(7);
	for (size_t i = 0; i < N; i++) {
		/* Sortkeys of 0-7 bytes, a NUL among them, shared often;
		 * or of up to 19 bytes, the first eight of them shared. */
		const char *p = rand() % 2 ? pre[rand() % nitems(pre)] : NULL;

		rows[i].sklen = (size_t)rand() % (p != NULL ? 20 : 8);
		for (size_t k = 0; k < rows[i].sklen; k++)
			keys[i][k] = p != NULL && k < 8 ? p[k] :
			    "ab\0\xff"[rand() % (p != NULL ? 4 : 3)];
		rows[i].sortkey = keys[i];
		/* ranks beyond 32 bits, which hitsort's keys clamp */
		rows[i].rank = i % 15 != 0 ? rand() % 3 :
		    (int64_t[]){ INT64_MIN, INT64_MIN + 1, INT64_MAX - 1,
		    INT64_MAX, -(int64_t)INT32_MAX, INT32_MAX }[rand() % 6];
		rows[i].key = (int64_t)i;
		rows[i].headword = "hw";
		rows[i].hwlen = 2;
		rows[i].line = "line of the hit";
		rows[i].linelen = (size_t)rand() % 16;
		rows[i].lineno = (long)i;
		if (hitsort_add(h[i % 2], &rows[i], err, sizeof err) < 0)
			break;
	}
	runs = hitsort_runs(h[0]);
	qsort(rows, N, sizeof *rows, row_cmp);
	m = hitmerge_new(h, 2);
	while ((rc = hitmerge_next(m, &r, err, sizeof err)) == 1) {
		if (n >= N || r.key != rows[n].key || r.lineno !=
		    rows[n].lineno || r.linelen != rows[n].linelen ||
		    memcmp(r.line, "line of the hit", r.linelen) != 0)
			order = false;
		/* emit() hands these on as C strings, uncopied */
		if (r.line[r.linelen] != '\0' || r.headword[r.hwlen] != '\0')
			cstr = false;
		n++;
	}
	hitmerge_free(m);
	ok(runs > 10, "a small budget writes runs (%zu)", runs);
	ok(rc == 0 && n == N && order,
	    "runs and memory merge into one sorted stream (%zu of %d)", n, N);
	ok(cstr, "merged hits' headword and line end in a NUL");
}

int
main(void)
{
	char dir[64] = "/tmp/lore-scan-XXXXXX", err[256], cmd[96], sub[96];
	char *db, *udb;
	struct corpus *c;

	if (mkdtemp(dir) == NULL)
		tap_skip_all("no temporary directory");
	snprintf(sub, sizeof sub, "%s/u", dir);
	if ((db = scan_corpus_build(dir, err, sizeof err)) == NULL ||
	    mkdir(sub, 0700) != 0 ||
	    (udb = scan_corpus_build(sub, err, sizeof err)) == NULL)
		tap_skip_all(err);

	check_hitsort();
	if (corpus_open(&c, db, NULL, err, sizeof err) != CORPUS_OK)
		tap_skip_all(err);
	for (size_t i = 0; i < nitems(pats); i++)
		for (size_t f = 0; f < nitems(flagsets); f++)
			check_pattern(c, "bundled", pats[i], flagsets[f]);
	corpus_close(c);
	/* Both databases: the second thread reads the other one's ids. */
	if (corpus_open(&c, db, udb, err, sizeof err) != CORPUS_OK)
		tap_skip_all(err);
	for (size_t i = 0; i < nitems(pats); i++)
		check_pattern(c, "user+bundled", pats[i], SEARCH_RANKED |
		    SEARCH_SOURCES);
	corpus_close(c);
	free(db);
	/* Reading only the blocks the trigram index lists. */
	if ((db = scan_blocks_build(dir, err, sizeof err)) == NULL ||
	    corpus_open(&c, db, NULL, err, sizeof err) != CORPUS_OK)
		tap_skip_all(err);
	{
		static const char *const lits[] = {
			"needle", "Haystack", "straw", "needle|straw",
			"haystack 0\\d\\d|needle", "number 19\\d", "zzzz",
			"Number 400", "Number 001", "^Number 06[0-9]",
			"straw 395", "straw 39\\d|Number 399",
			/* An anchor in every row, a match in a tenth: the
			 * scan stops looking for the anchor first. */
			"Number [0-9]+0\\.", "\\w+ 39[0-9]",
		};

		for (size_t i = 0; i < nitems(lits); i++)
			for (size_t f = 0; f < nitems(flagsets); f++)
				check_pattern(c, "blocks", lits[i], flagsets[f]);
	}
	{
		char *got = scan_run(c, "needle", SEARCH_SMARTCASE, 0, 0, 0,
		    false, NULL, err, sizeof err);

		char *needle[] = { "needle" };
		unsigned char *bits = NULL;
		int64_t nb = 0;
		int rc = gram_blocks(corpus_db(c), "b", needle, 1, &bits, &nb);

		/* 10, 190-200, 390: blocks 0, 2, 3 and 6, three runs. */
		ok(rc == 1 && nb >= 7 && bits != NULL && bits[0] == 0x4D,
		    "the index lists some blocks for needle (%d, %lld blocks)",
		    rc, (long long)nb);
		free(bits);
		ok(got != NULL && strstr(got, "Term 010|1|") != NULL &&
		    strstr(got, "Term 195|1|") != NULL &&
		    strstr(got, "Term 390|1|") != NULL,
		    "the blocks read hold the needles");
		free(got);
	}
	corpus_close(c);

	free(db), free(udb);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		tap_diag("cleanup failed");
	return done_testing();
}
