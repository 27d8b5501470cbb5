/* test-lookup.c - the ranker over the bundled corpus: query -> first hit.
 *
 * Reads the built corpus.db ($LORE_CORPUS, set by make check). The corpus
 * grows, so the rows are ones new terms cannot change: exact headwords and
 * aliases, initials and typos no other name comes near, and the failures
 * issue 12 reported. Each failing row prints the query and the first
 * hits. To add a row: a query, the headword that must come first (NULL:
 * nothing may be found), its kind, and what `define` does with it (SHOW:
 * shows that term; LIST: lists candidates, exit 1). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "lookup.h"
#include "tap.h"
#include "util.h"

enum define { ANY, SHOW, LIST };

struct row {
	const char	*query;
	const char	*first;		/* headword of the first hit, NULL: none */
	int		 kind;		/* enum lookup_kind, -1: any */
	enum define	 define;
	const char	*matched;	/* the alias reported, when not NULL */
};

#define E LOOKUP_EXACT
#define P LOOKUP_PREFIX
#define W LOOKUP_WORD
#define I LOOKUP_INITIALS
#define T LOOKUP_TYPO
#define A LOOKUP_ABBREV
#define B LOOKUP_BODY

static const struct row rows[] = {
	/* exact headwords, any case and punctuation */
	{ "softmax", "Softmax", E, SHOW, NULL },
	{ "SOFTMAX", "Softmax", E, SHOW, NULL },
	{ "Adam", "Adam", E, SHOW, NULL },
	{ "attention", "Attention", E, SHOW, NULL },
	{ "dropout", "Dropout", E, SHOW, NULL },
	{ "Transformer", "Transformer", E, SHOW, NULL },
	{ "q learning", "Q-learning", E, SHOW, NULL },
	{ "Q-LEARNING", "Q-learning", E, SHOW, NULL },
	{ "kl divergence", "KL divergence", E, SHOW, NULL },
	{ "Bellman equation", "Bellman equation", E, SHOW, NULL },
	{ "layer normalization", "Layer normalization", E, SHOW, NULL },
	{ "batch-normalization", "Batch normalization", E, SHOW, NULL },
	{ "gradient descent", "Gradient descent", E, SHOW, NULL },
	{ "policy gradient", "Policy gradient", E, SHOW, NULL },
	{ "Mixture of experts", "Mixture of experts", E, SHOW, NULL },
	{ "proximal policy optimization", "Proximal policy optimization", E,
	    SHOW, NULL },
	{ "long short-term memory", "Long short-term memory", E, SHOW, NULL },
	{ "Yield", "Yield", E, SHOW, NULL },
	{ "Etching", "Etching", E, SHOW, NULL },
	{ "Decision tree", "Decision tree", E, SHOW, NULL },
	{ "Ring all-reduce", "Ring all-reduce", E, SHOW, NULL },
	{ "Equalized odds", "Equalized odds", E, SHOW, NULL },
	{ "Jaccard index", "Jaccard index", E, SHOW, NULL },
	{ "Latency", "Latency", E, SHOW, NULL },
	/* a dash in the headword, spaces in the query */
	{ "actor critic", "Actor–critic", E, SHOW, NULL },
	{ "Jensen Shannon divergence", "Jensen–Shannon divergence", E, SHOW,
	    NULL },
	{ "bias variance tradeoff", "Bias–variance tradeoff", E, SHOW, NULL },

	/* declared aliases, abbreviations first */
	{ "ppo", "Proximal policy optimization", E, SHOW, "PPO" },
	{ "PPO", "Proximal policy optimization", E, SHOW, "PPO" },
	{ "rlhf", "Reinforcement learning from human feedback", E, SHOW,
	    "RLHF" },
	{ "sgd", "Stochastic gradient descent", E, SHOW, "SGD" },
	{ "lstm", "Long short-term memory", E, SHOW, "LSTM" },
	{ "bn", "Batch normalization", E, SHOW, "BN" },
	{ "gae", "Generalized advantage estimation", E, SHOW, "GAE" },
	{ "MoE", "Mixture of experts", E, SHOW, "MoE" },
	{ "LayerNorm", "Layer normalization", E, SHOW, "LayerNorm" },
	{ "relative entropy", "KL divergence", E, SHOW, "relative entropy" },
	{ "JS divergence", "Jensen–Shannon divergence", E, SHOW,
	    "JS divergence" },
	{ "QAT", "Quantization-aware training", E, SHOW, "QAT" },
	{ "autodiff", "Automatic differentiation", E, SHOW, "autodiff" },
	{ "A2C", "A3C", E, SHOW, "A2C" },
	{ "Jaccard similarity", "Jaccard index", E, SHOW, NULL },
	{ "behavioural cloning", "Behavior cloning", E, SHOW, NULL },
	{ "Adam with decoupled weight decay", "AdamW", E, SHOW, NULL },
	{ "Yeo-Johnson transform", "Yeo–Johnson transformation", E, SHOW,
	    NULL },
	{ "x-vectors", "x-vector", E, SHOW, NULL },
	{ "layout vs schematic", "Layout versus schematic", E, SHOW, NULL },

	/* a headword that starts with the query */
	{ "bellman", "Bellman equation", P, SHOW, NULL },
	{ "kl div", "KL divergence", P, SHOW, NULL },
	{ "layer norm", "Layer normalization", E, SHOW, "LayerNorm" },
	{ "layer normal", "Layer normalization", P, SHOW, NULL },
	{ "grad desc", "Gradient descent", P, ANY, NULL },
	{ "policy grad", "Policy gradient", P, ANY, NULL },
	{ "proximal pol", "Proximal policy optimization", P, SHOW, NULL },
	{ "jensen shan", "Jensen–Shannon divergence", P, SHOW, NULL },

	/* a later word of a headword or alias */
	{ "shannon divergence", "Jensen–Shannon divergence", W, ANY, NULL },
	{ "all-reduce", "All-reduce", E, SHOW, NULL },
	{ "ring all", "Ring all-reduce", P, SHOW, NULL },
	{ "assignment problem", "Credit assignment problem", W, ANY, NULL },
	{ "oriented gradients", "Histogram of oriented gradients", W, ANY,
	    NULL },

	/* initials nobody declared */
	{ "bvt", "Bias–variance tradeoff", I, SHOW, NULL },
	{ "btm", "Bradley–Terry model", W, LIST, "BT model" },
	{ "csl", "Chinchilla scaling law", I, SHOW, NULL },
	/* two initials now (Graph rewiring's "expander graph propagation"):
	 * a list, the headword's first */
	{ "egp", "Epsilon-greedy policy", I, LIST, NULL },
	{ "fcl", "Fully connected layer", W, LIST, "FC layer" },
	{ "hnm", "Hard negative mining", I, SHOW, NULL },
	/* a word of an alias ("Euler sampler") before initials */
	{ "eul", "Diffusion sampler", W, ANY, "Euler sampler" },
	{ "euvl", "Extreme ultraviolet lithography", -1, SHOW, NULL },
	{ "gaat", "Gate-all-around transistor", I, SHOW, NULL },
	{ "zsct", "Zero-shot chain-of-thought", I, SHOW, NULL },
	{ "aurc", "Area under the ROC curve", I, SHOW, NULL },
	{ "autrc", "Area under the ROC curve", I, SHOW, NULL },
	{ "cotp", "Chain-of-thought prompting", I, SHOW, NULL },

	/* typos, one or two edits */
	{ "sofmax", "Softmax", T, SHOW, NULL },
	{ "softmx", "Softmax", T, SHOW, NULL },
	{ "atention", "Attention", T, SHOW, NULL },
	{ "transfomer", "Transformer", T, SHOW, NULL },
	{ "dropuot", "Dropout", T, SHOW, NULL },
	{ "bellmann equation", "Bellman equation", T, SHOW, NULL },
	{ "gradient decsent", "Gradient descent", T, SHOW, NULL },
	{ "q-lerning", "Q-learning", T, SHOW, NULL },

	/* letters in order: suggested, never shown */
	{ "attn", NULL, -1, LIST, NULL },

	/* alias against headword: a prefix of another entry's alias is
	 * never the term (issue 12) */
	{ "reactive ion", NULL, -1, LIST, NULL },
	{ "ReAct", "ReAct", E, SHOW, NULL },
	{ "Regression", "Regression analysis", E, SHOW, "regression" },
	{ "Die", NULL, -1, LIST, NULL },
	{ "Bandwidth", NULL, -1, LIST, NULL },
	{ "Fairness", NULL, -1, LIST, NULL },
	{ "transf", NULL, -1, LIST, NULL },

	/* nothing at all */
	{ "qzxvj", NULL, -1, LIST, NULL },
	{ "zzzzzzzz", NULL, -1, LIST, NULL },
	{ "--", NULL, -1, LIST, NULL },
	{ "", NULL, -1, LIST, NULL },
	{ "x", NULL, -1, ANY, NULL },
};

/* The hits of a LIST row's query that define must not show. */
static const struct {
	const char	*query;
	const char	*not_first;	/* must not be the only name shown */
	const char	*listed;	/* must be among the candidates */
} lists[] = {
	{ "reactive ion", "Etching", "Etching" },
	{ "Die", "Yield", "Yield" },
	{ "Bandwidth", "Ring all-reduce", "High-bandwidth memory" },
	{ "Fairness", "Equalized odds", "Equalized odds" },
	{ "attn", "FlashAttention", "Attention" },
};

static const char *
kind_name(int k)
{
	static const char *const names[] = { "exact", "prefix", "word",
	    "initials", "typo", "abbrev", "body" };

	return k >= 0 && (size_t)k < nitems(names) ? names[k] : "any";
}

static void
diag_hits(const struct lookup_hit *h, size_t n)
{
	for (size_t i = 0; i < n && i < 5; i++)
		tap_diag("  %zu. %s%s%s%s (%s)", i + 1, h[i].headword,
		    h[i].matched != NULL ? " [" : "",
		    h[i].matched != NULL ? h[i].matched : "",
		    h[i].matched != NULL ? "]" : "", kind_name((int)h[i].kind));
}

static bool
complete_one(const char *headword, void *arg)
{
	struct buf *b = arg;

	buf_printf(b, "%s%s|", b->len == 0 ? "|" : "", headword);
	return true;
}

int
main(void)
{
	const char *db = getenv("LORE_CORPUS");
	struct lookup_hit h[12];
	struct corpus *c;
	struct lookup *l;
	char err[512];
	size_t i, j, n;

	if (db == NULL)
		db = "corpus.db";
	if (corpus_open(&c, db, NULL, err, sizeof err) != CORPUS_OK)
		tap_skip_all(err);
	if (lookup_open(&l, c, err, sizeof err) != LOOKUP_OK) {
		ok(0, "lookup_open: %s", err);
		return done_testing();
	}
	for (i = 0; i < nitems(rows); i++) {
		const struct row *r = &rows[i];
		long best;
		bool good;

		n = lookup_query(l, r->query, 0, h, nitems(h));
		best = lookup_best(h, n);
		if (r->first == NULL)
			good = r->define == ANY ? true :
			    best < 0 && (n == 0 || r->define == LIST);
		else
			good = n > 0 && strcmp(h[0].headword, r->first) == 0 &&
			    (r->kind < 0 || (int)h[0].kind == r->kind) &&
			    (r->define != SHOW || best == 0) &&
			    (r->define != LIST || best < 0) &&
			    (r->matched == NULL || (h[0].matched != NULL &&
			    strcmp(h[0].matched, r->matched) == 0));
		/* Nothing to find: no hit at all unless it is a list. */
		if (r->first == NULL && r->define == LIST && r->query[0] != '\0'
		    && strspn(r->query, "qzxvj-") == strlen(r->query))
			good = good && n == 0;
		ok(good, "row %zu: '%s' -> %s (%s, %s)", i + 1, r->query,
		    r->first != NULL ? r->first : "nothing", kind_name(r->kind),
		    r->define == SHOW ? "define shows it" : r->define == LIST ?
		    "define lists candidates" : "first");
		if (!good)
			diag_hits(h, n);
		lookup_hits_free(h, n);
	}

	/* define's candidates for the queries issue 12 reported. */
	for (i = 0; i < nitems(lists); i++) {
		bool listed = false;

		n = lookup_query(l, lists[i].query, 0, h, nitems(h));
		for (j = 0; j < n; j++)
			if (strcmp(h[j].headword, lists[i].listed) == 0)
				listed = true;
		ok(lookup_best(h, n) < 0 && listed, "'%s' is not shown as %s; "
		    "%s is a candidate", lists[i].query, lists[i].not_first,
		    lists[i].listed);
		if (!(lookup_best(h, n) < 0 && listed))
			diag_hits(h, n);
		lookup_hits_free(h, n);
	}

	/* LOOKUP_DEFINE (what define asks): the same term shown or the same
	 * candidates listed for every row, and nothing read after a stage
	 * that decided: an exact name gives exact hits only, a single prefix
	 * no typo or abbreviation. */
	{
		struct lookup_hit d[12];
		size_t same = 0, rows_n = nitems(rows) + nitems(lists), nd;

		for (i = 0; i < rows_n; i++) {
			const char *q = i < nitems(rows) ? rows[i].query :
			    lists[i - nitems(rows)].query;
			long b, bd;

			n = lookup_query(l, q, 0, h, nitems(h));
			nd = lookup_query(l, q, LOOKUP_DEFINE, d, nitems(d));
			b = lookup_best(h, n);
			bd = lookup_best(d, nd);
			if (b >= 0 ? bd >= 0 && d[bd].key == h[b].key : bd < 0 &&
			    nd == n)
				same++;
			else
				tap_diag("LOOKUP_DEFINE differs for '%s'", q);
			lookup_hits_free(h, n);
			lookup_hits_free(d, nd);
		}
		is_int(same, rows_n, "LOOKUP_DEFINE: define's answer is the "
		    "same for all %zu queries", rows_n);
		nd = lookup_query(l, "softmax", LOOKUP_DEFINE, d, nitems(d));
		for (j = 0; j < nd && d[j].kind == LOOKUP_EXACT; j++)
			;
		ok(nd >= 1 && j == nd, "LOOKUP_DEFINE: an exact name reads no "
		    "prefix (%zu hits, %zu exact)", nd, j);
		lookup_hits_free(d, nd);
		nd = lookup_query(l, "kl div", LOOKUP_DEFINE, d, nitems(d));
		for (j = 0; j < nd && d[j].kind < LOOKUP_TYPO; j++)
			;
		ok(nd >= 1 && j == nd && lookup_best(d, nd) >= 0 &&
		    strcmp(d[lookup_best(d, nd)].headword, "KL divergence") == 0,
		    "LOOKUP_DEFINE: 'kl div' is KL divergence, with no typo "
		    "read (%zu hits, %zu names)", nd, j);
		lookup_hits_free(d, nd);
	}

	/* Did-you-mean is short: a typo query gets at most five close
	 * candidates before any body hit. */
	n = lookup_query(l, "atention", LOOKUP_NO_BODY, h, nitems(h));
	for (i = 0; i < n && h[i].kind <= LOOKUP_TYPO; i++)
		;
	ok(n > 0 && h[0].dist == 1, "a typo's first hit is one edit away");
	lookup_hits_free(h, n);

	/* Type-to-find: once a prefix of a headword finds it among the
	 * first hits, every longer one does, "proxi" at the latest, and the
	 * whole name puts it first. */
	{
		static const char word[] = "Proximal policy optimization";
		size_t from = 0, lost = 0;

		for (i = 1; i <= strlen(word); i++) {
			char *q = xstrndup(word, i);
			bool found = false;

			n = lookup_query(l, q, LOOKUP_INCREMENTAL, h, nitems(h));
			for (j = 0; j < n; j++)
				found = found || strcmp(h[j].headword, word) == 0;
			if (found && from == 0)
				from = i;
			if (!found && from > 0 && lost == 0)
				lost = i;
			if (i == strlen(word))
				ok(n > 0 && strcmp(h[0].headword, word) == 0,
				    "type-to-find: the whole name is first");
			lookup_hits_free(h, n);
			free(q);
		}
		ok(from > 0 && from <= 5 && lost == 0, "type-to-find finds it "
		    "from '%.*s' on (from %zu, lost at %zu)", 5, word, from,
		    lost);
	}

	/* Completion: headwords starting with the prefix, multi-word ones
	 * whole, a limit kept. */
	{
		struct buf got = { 0 };

		n = lookup_complete(l, "bellman e", 0, complete_one, &got);
		ok(n >= 1 && strstr(got.s != NULL ? got.s : "",
		    "|Bellman equation|") != NULL, "complete 'bellman e' gives "
		    "Bellman equation (%s)", got.s != NULL ? got.s : "");
		buf_free(&got);
		n = lookup_complete(l, "s", 3, complete_one, &got);
		is_int(n, 3, "complete stops at its limit");
		buf_free(&got);
		n = lookup_complete(l, "qzxvj", 0, complete_one, &got);
		is_int(n, 0, "complete of nothing gives nothing");
		buf_free(&got);
	}
	lookup_close(l);
	corpus_close(c);
	return done_testing();
}
