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
    "@term Zebra\n@category x\n\nStripes and softmax again.\n\n"
    /* Aliases only, the second of several; pipes, brackets, counts. */
    "@term Gradient descent\n@aliases steepest walk; GD; hill climber\n"
    "@category x\n\nAn optimizer: x|y pipes, [a|b] brackets, A-1.\n\n"
    "@term Convolution\n@aliases conv layer\n@category x\n\nSliding "
    "kernels over Abc-2 grids; a]b and ttention.\n";

/* A second corpus for the user's side of the union: one headword also
 * in the bundled one, and hits only here. */
static const char user_src[] =
    "@term Zebra\n@category y\n\nA user's own zebra note: convolution.\n\n"
    "@term Quokka\n@aliases happy marsupial\n@category y\n\nSmiles; "
    "softmax of smiles.\n";

struct collect {
	struct buf	out;
	long		n;
};

static bool
collect(const struct search_hit *h, void *arg)
{
	struct collect *c = arg;

	buf_printf(&c->out, "%lld %s|%ld|%.*s\n", (long long)h->key,
	    h->headword, h->lineno,
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
			buf_printf(&b, "%lld %s|0|%.*s\n", (long long)r[i].key,
			    t.headword, (int)ml,
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
				buf_printf(&b, "%lld %s|0|%.*s\n",
				    (long long)r[i].key, t.headword,
				    (int)ml, al.s + ms);
			else if (!(flags & SEARCH_HEADWORDS_ONLY) &&
			    search_exec(s, t.body, strlen(t.body), 0, &ms, &ml,
			    err, sizeof err) == 1) {
				long line = 1;

				for (size_t k = 0; k < ms; k++)
					line += t.body[k] == '\n';
				buf_printf(&b, "%lld %s|%ld|%.*s\n",
				    (long long)r[i].key, t.headword, line,
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

static int
cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lines of s in byte order, so ranked and A-Z runs compare as sets. */
static char *
sorted_lines(const char *s)
{
	char *copy = xstrdup(s), **v = NULL, *p, *save = NULL;
	size_t n = 0, i;
	struct buf b = { 0 };

	for (p = strtok_r(copy, "\n", &save); p != NULL;
	    p = strtok_r(NULL, "\n", &save)) {
		v = xreallocarray(v, n + 1, sizeof *v);
		v[n++] = p;
	}
	xqsort(v, n, sizeof *v, cmp_line);
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s\n", v[i]);
	free(v);
	free(copy);
	return buf_take(&b);
}

/* search_run() must find exactly what full_scan() finds (ranked: the
 * same hits, in another order). */
static long split_rows;	/* > 0: force the two-thread scan from this many rows */

static void
check_equal(struct corpus *c, const char *label, const char *pat,
    unsigned flags)
{
	struct collect got = { { 0 }, 0 };
	char err[256], *want;
	struct search *s;
	long n;

	s = search_compile(pat, SEARCH_SMARTCASE, err, sizeof err, NULL);
	if (s == NULL) {
		ok(0, "compile %s: %s", pat, err);
		return;
	}
	if (split_rows > 0)
		search_set_split_rows(s, split_rows);
	n = search_run(s, c, flags, collect, &got, NULL, err, sizeof err);
	want = full_scan(c, pat, flags & ~(unsigned)SEARCH_RANKED);
	if (flags & SEARCH_RANKED) {
		char *a = sorted_lines(got.out.s != NULL ? got.out.s : "");
		char *w = sorted_lines(want);

		buf_free(&got.out);
		buf_adds(&got.out, a);
		free(want);
		want = w;
		free(a);
	}
	ok(n >= 0 && strcmp(got.out.s != NULL ? got.out.s : "", want) == 0,
	    "%s: search equals a full scan for /%s/ (%ld hits, prefilter %s)",
	    label, pat, n, search_prefilter(s) != NULL ? search_prefilter(s) :
	    "none");
	if (strcmp(got.out.s != NULL ? got.out.s : "", want) != 0)
		tap_diag("got:\n%s# want:\n%s", got.out.s ? got.out.s : "",
		    want);
	free(want);
	buf_free(&got.out);
	search_free(s);
}

struct order {
	struct buf	names;
	int		last;
	bool		sorted;
};

static bool
collect_order(const struct search_hit *h, void *arg)
{
	struct order *o = arg;

	buf_printf(&o->names, "%s%s", o->names.len > 0 ? "," : "",
	    h->headword);
	if ((int)h->where < o->last)
		o->sorted = false;
	o->last = (int)h->where;
	return true;
}

/* Ranked: the headword first, then where the match is, then how often. */
static void
check_ranked(struct corpus *c)
{
	static const struct {
		const char *pat, *want;
	} rows[] = {
		/* Softmax's headword, then two first sentences, A-Z (an
		 * A-Z run gives Attention, Softmax, Zebra). */
		{ "softmax", "Softmax,Attention,Zebra" },
		{ "attention", "Attention" },
		/* an alias before a body, however often the body says it */
		{ "walk|stripes", "Gradient descent,Zebra" },
		{ "conv", "Convolution" },
	};
	char err[256];

	for (size_t i = 0; i < nitems(rows); i++) {
		struct search *s = search_compile(rows[i].pat, SEARCH_SMARTCASE,
		    err, sizeof err, NULL);
		struct order o = { { 0 }, 0, true };

		if (s != NULL && split_rows > 0)
			search_set_split_rows(s, split_rows);
		if (s == NULL || search_run(s, c, SEARCH_RANKED, collect_order,
		    &o, NULL, err, sizeof err) < 0)
			ok(0, "ranked /%s/: %s", rows[i].pat, err);
		else {
			ok(strncmp(o.names.s != NULL ? o.names.s : "",
			    rows[i].want, strlen(rows[i].want)) == 0 && o.sorted,
			    "ranked /%s/ starts %s (got %s)", rows[i].pat,
			    rows[i].want, o.names.s != NULL ? o.names.s : "");
		}
		buf_free(&o.names);
		search_free(s);
	}
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
		/* alternations: every branch must find its rows */
		"softmax|stripes", "kernels|climber|marsupial",
		"zebra|x*", "softmax|\\d", "stripes|",
		"(?:soft(max|ware)|bayes)", "(att|zeb)(ention|ra)",
		"(climb|walk)er|smiles", "(?i)ZEBRA|attention",
		"(?i:ZEBRA)|attention", "(?-i:Zebra)|attention",
		"^Zebra|max$", "^(?:conv|quok)", "stri[p|x]es|naive",
		"[]a]b|zzzz", "x\\|y|quokka", "softmax\\|x",
		"(?=.*smiles)quokka|zebra", "(?<=a )zebra|stripes",
		"(stripes)?kernels|attention", "(grad)*ient|stripes",
		"(sli|zzz)+ding|marsupial", "(?<name>kernel|climber)s?",
		"(?|grid|walk)|softmax",
		/* literals that are not what they look like */
		"\\x41ttention", "\\x{41}bc-2", "\\QAbc-2\\E|stripes",
		"Ab\\Qc-\\E*2", "[[:alpha:]]ttention|zzzz", "a{38}",
		"\\cAttention|convolution", "\\pLttention", "(?#x)zebra|stripes",
		"Attention", "GD|walk", "attention(?i)",
	};
	/* What the prefilter asks the trigram index for: if it dropped a
	 * branch, the equality tests above would miss that branch's rows. */
	static const struct {
		const char *pat, *fts;
	} filters[] = {
		{ "zebra|attention", "\"zebra\" OR \"attention\"" },
		{ "kernels|climber|marsupial",
		  "\"kernels\" OR \"climber\" OR \"marsupial\"" },
		{ "(att|zeb)(ention|ra)", "\"att\" OR \"zeb\"" },
		{ "(?i)ZEBRA|attention", "\"ZEBRA\" OR \"attention\"" },
		{ "the (stripes|kernel)s", "\"stripes\" OR \"kernel\"" },
		{ "(?:soft(max|ware)|bayes)", "\"soft\" OR \"bayes\"" },
		{ "gradient descent", "\"gradient descent\"" },
		{ "colou?r", "\"colo\"" },
		{ "ab+cd", "none" },
		{ "zebra|x*", "none" },
		{ "stripes|", "none" },
		{ "x\\|y|quokka", "none" },
		{ "stri[p|x]es|naive", "\"stri\" OR \"naive\"" },
		{ "[]a]bcd|zzzz", "\"bcd\" OR \"zzzz\"" },
		{ "a{100}", "none" },
		{ "\\x41ttention", "none" },
		{ "\\QAbc\\E|stripes", "none" },
		{ "(?x)zebra", "none" },
		{ "(*UCP)zebra", "none" },
		{ "(?=zebra)|x", "none" },
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
		check_equal(c, "bundled", pats[i], 0);
		check_equal(c, "bundled, headwords", pats[i],
		    SEARCH_HEADWORDS_ONLY);
		check_equal(c, "bundled, ranked", pats[i], SEARCH_RANKED);
	}
	check_ranked(c);
	/* A full scan of a large bundled corpus is split across two
	 * threads and merged: force it here. */
	split_rows = 1;
	for (i = 0; i < nitems(pats); i++) {
		check_equal(c, "bundled, two threads", pats[i], 0);
		check_equal(c, "bundled, two threads, ranked", pats[i],
		    SEARCH_RANKED);
	}
	check_ranked(c);
	split_rows = 0;
	for (i = 0; i < nitems(filters); i++) {
		s = search_compile(filters[i].pat, SEARCH_SMARTCASE, err,
		    sizeof err, NULL);
		is_str(s == NULL ? "(error)" : search_prefilter(s) != NULL ?
		    search_prefilter(s) : "none",
		    filters[i].fts, "prefilter for /%s/", filters[i].pat);
		search_free(s);
	}

	/* The user's corpus and the bundled one, searched as one. */
	{
		struct buf b = { 0 };
		char *usrc, *udb;
		struct corpus *uc;

		buf_printf(&b, "%s/u.lore", dir);
		usrc = buf_take(&b);
		buf_printf(&b, "%s/u.db", dir);
		udb = buf_take(&b);
		fp = fopen(usrc, "w");
		fputs(user_src, fp);
		fclose(fp);
		if (corpus_open_rw(&uc, udb, err, sizeof err) != CORPUS_OK ||
		    import_file(uc, usrc, &io, &rep, err, sizeof err) != 0)
			tap_skip_all(err);
		corpus_close(uc);
		if (corpus_open(&uc, db, udb, err, sizeof err) != CORPUS_OK)
			tap_skip_all(err);
		for (i = 0; i < nitems(pats); i++)
			check_equal(uc, "user+bundled", pats[i], 0);
		corpus_close(uc);
		free(usrc), free(udb);
	}
	{
		struct collect got = { { 0 }, 0 };

		s = search_compile("softmax", SEARCH_SMARTCASE, err, sizeof err,
		    NULL);
		search_run(s, c, SEARCH_HEADWORDS_ONLY, collect, &got, NULL, err,
		    sizeof err);
		is_str(got.out.s != NULL ? strchr(got.out.s, ' ') + 1 : "",
		    "Softmax|0|Softmax\n", "headwords only");
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
