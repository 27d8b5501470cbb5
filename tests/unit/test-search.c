/* test-search.c - the trigram prefilter never changes what PCRE2 finds;
 * limits and errors are reported, not hidden. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "corpus.h"
#include "import.h"
#include "search.h"
#include "tap.h"
#include "util.h"

static const char corpus_src[] =
    "@term Attention\n@category x\n\nWeights values by softmax of QK^T.\n"
    "Used in transformers since 2017.\n\n"
    "@term Straße model\n@aliases street\n@category x\n\nA Unicode "
    "headword: naïve café ΣΑΣ σας.\n\n"
    "@term Naive Bayes\n@aliases naive-bayes\n@category x\n\nAssumes "
    "conditional independence; C++ and C# examples.\n\n"
    "@term Softmax\n@category x\n\nexp over sum of exp.\nThe SOFTMAX "
    "is smooth.\n\n"
    "@term aaaa\n@category x\n\naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\n\n"
    "@term Zebra\n@category x\n\nStripes and softmax again.\n";

struct collect {
	struct buf	out;
	long		n;
};

static bool
collect(const struct search_hit *h, void *arg)
{
	struct collect *c = arg;

	buf_printf(&c->out, "%s|%ld|%.*s\n", h->headword, h->lineno,
	    (int)h->mlen, h->line + h->mstart);
	c->n++;
	return true;
}

/* The same search without the prefilter: every row through PCRE2. */
static char *
full_scan(struct corpus *c, const char *pat, unsigned flags)
{
	struct buf b = { 0 };
	struct term_ref r[64];
	size_t n, i, ms, ml;
	char err[256];
	struct search *s = search_compile(pat, SEARCH_SMARTCASE, err,
	    sizeof err, NULL);

	n = corpus_page(c, NULL, 0, 0, NULL, r, 64);
	for (i = 0; i < n; i++) {
		struct term t;
		struct collect one = { { 0 }, 0 };

		corpus_get(c, r[i].key, &t, NULL, 0);
		/* Reuse the real order of checks: headword, aliases, body. */
		if (search_exec(s, t.headword, strlen(t.headword), 0, &ms, &ml,
		    err, sizeof err) == 1)
			buf_printf(&b, "%s|0|%.*s\n", t.headword, (int)ml,
			    t.headword + ms);
		else {
			struct buf al = { 0 };
			for (size_t k = 0; k < t.naliases; k++) {
				if (k > 0)
					buf_addc(&al, '\n');
				buf_adds(&al, t.aliases[k]);
			}
			if (al.len > 0 && search_exec(s, al.s, al.len, 0, &ms,
			    &ml, err, sizeof err) == 1)
				buf_printf(&b, "%s|0|%.*s\n", t.headword,
				    (int)ml, al.s + ms);
			else if (!(flags & SEARCH_HEADWORDS_ONLY) &&
			    search_exec(s, t.body, strlen(t.body), 0, &ms, &ml,
			    err, sizeof err) == 1) {
				long line = 1;

				for (size_t k = 0; k < ms; k++)
					line += t.body[k] == '\n';
				buf_printf(&b, "%s|%ld|%.*s\n", t.headword, line,
				    (int)ml, t.body + ms);
			}
			buf_free(&al);
		}
		(void)one;
		term_free(&t);
		term_ref_free(&r[i]);
	}
	search_free(s);
	return buf_take(&b);
}

int
main(void)
{
	static const char *const pats[] = {
		"softmax", "SOFTMAX", "(?i)SOFTMAX", "^Soft", "max$",
		"soft(?=max)", "(?<!exp )over", "stra(ss|ß)e", "ΣΑΣ", "σας",
		"naïve", "C\\+\\+", "naive-bayes", "[Ss]tripes", "in transformers",
		"\\bexp\\b", "a{3}b?", "x*", "since 20\\d\\d", "indep.ndence",
		"caf[eé]", "(?x) s o f t", "street", "zebra|attention",
	};
	char dir[64] = "/tmp/lore-search-XXXXXX", err[256], *db, *src, cmd[96];
	struct import_opts io = { .format = IMPORT_LORE };
	struct import_report rep;
	struct corpus *c;
	struct search *s;
	size_t i, off = 0, ms, ml;
	FILE *fp;

	if (mkdtemp(dir) == NULL)
		tap_skip_all("no temporary directory");
	{
		struct buf b = { 0 };

		buf_printf(&b, "%s/c.lore", dir);
		src = buf_take(&b);
		buf_printf(&b, "%s/c.db", dir);
		db = buf_take(&b);
	}
	fp = fopen(src, "w");
	fputs(corpus_src, fp);
	fclose(fp);
	if (corpus_open_rw(&c, db, err, sizeof err) != CORPUS_OK ||
	    import_file(c, src, &io, &rep, err, sizeof err) != 0)
		tap_skip_all(err);
	corpus_close(c);
	if (corpus_open(&c, db, NULL, err, sizeof err) != CORPUS_OK)
		tap_skip_all(err);

	for (i = 0; i < nitems(pats); i++) {
		struct collect got = { { 0 }, 0 };
		char *want;
		long n;

		s = search_compile(pats[i], SEARCH_SMARTCASE, err, sizeof err,
		    NULL);
		if (s == NULL) {
			ok(0, "compile %s: %s", pats[i], err);
			continue;
		}
		n = search_run(s, c, 0, collect, &got, NULL, err, sizeof err);
		want = full_scan(c, pats[i], 0);
		ok(n >= 0 && strcmp(got.out.s != NULL ? got.out.s : "", want) == 0,
		    "prefiltered search equals a full scan for /%s/ (%ld hits)",
		    pats[i], n);
		if (strcmp(got.out.s != NULL ? got.out.s : "", want) != 0)
			tap_diag("got:\n%s# want:\n%s", got.out.s ? got.out.s : "",
			    want);
		free(want);
		buf_free(&got.out);
		search_free(s);
	}
	{
		struct collect got = { { 0 }, 0 };

		s = search_compile("softmax", SEARCH_SMARTCASE, err, sizeof err,
		    NULL);
		search_run(s, c, SEARCH_HEADWORDS_ONLY, collect, &got, NULL, err,
		    sizeof err);
		is_str(got.out.s, "Softmax|0|Softmax\n", "headwords only");
		buf_free(&got.out);
		search_free(s);
	}

	s = search_compile("a(b", 0, err, sizeof err, &off);
	ok(s == NULL && off == 3 && strstr(err, "offset 3") != NULL,
	    "a bad regex reports its offset (%s)", err);
	s = search_compile("(a+)+[^a]{2}$", 0, err, sizeof err, NULL);
	ok(s != NULL, "a pathological pattern compiles");
	{
		const char *subj = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!";
		int rc = search_exec(s, subj, strlen(subj), 0, &ms, &ml, err,
		    sizeof err);

		ok(rc == -1 && strstr(err, "too complex") != NULL,
		    "the match limit stops it with a message (%s)", err);
	}
	{
		struct collect got = { { 0 }, 0 };
		long n = search_run(s, c, 0, collect, &got, NULL, err, sizeof err);

		ok(n == -1, "and stops the whole search (%ld)", n);
		buf_free(&got.out);
	}
	search_free(s);
	{
		volatile int stop = 1;
		struct collect got = { { 0 }, 0 };

		s = search_compile("a", 0, err, sizeof err, NULL);
		search_run(s, c, 0, collect, &got, &stop, err, sizeof err);
		is_int(got.n, 0, "a set cancel flag stops the scan");
		search_free(s);
		buf_free(&got.out);
	}
	s = search_compile("x", 0, err, sizeof err, NULL);
	ok(search_exec(s, "a\xff" "x", 3, 0, &ms, &ml, err, sizeof err) == 1 &&
	    ms == 2, "invalid UTF-8 in a subject is not an error");
	search_free(s);

	corpus_close(c);
	free(db), free(src);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		tap_diag("cleanup failed");
	return done_testing();
}
