/* test-quiz.c - card kinds, answer checking, sessions. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "quiz.h"
#include "tap.h"

#define NOW	1710072000LL	/* 2024-03-10 12:00 UTC */
#define DAY	86400LL

static const char *const softmax_al[] = { "normalized exponential" };
static const char *const relu_al[] = { "rectified linear unit" };
static const char *const nb_al[] = { "naive Bayes classifier" };

static const struct quiz_term terms[] = {
	{ "softmax", "softmax", "activation",
	  "The **softmax** function turns **logits** into probabilities. "
	  "Softmax is also called the normalized exponential. "
	  "$$\\sigma(z)_i = e^{z_i} / \\sum_j e^{z_j}$$",
	  softmax_al, 1 },
	{ "relu", "ReLU", "activation",
	  "A **rectified linear unit** (ReLU) outputs **max(0, x)**; "
	  "PReLU learns the slope.", relu_al, 1 },
	{ "gelu", "GELU", "activation", "Gaussian error linear unit.", NULL, 0 },
	{ "sigmoid", "sigmoid", "activation", "The logistic function.", NULL, 0 },
	{ "tanh", "tanh", "activation", "Hyperbolic tangent.", NULL, 0 },
	{ "adam", "Adam", "optimizer", "Adaptive moments.", NULL, 0 },
	{ "sgd", "SGD", "optimizer", "Stochastic gradient descent.", NULL, 0 },
	{ "naive-bayes", "Naive Bayes", "classical",
	  "**Naive Bayes** assumes independent features. A naive Bayes "
	  "classifier is fast.", nb_al, 1 },
	{ "kl-divergence", "KL divergence", "information",
	  "Relative entropy: $$D_{KL}(P\\|Q) = \\sum P \\log(P/Q)$$ and more.",
	  NULL, 0 },
	{ "dropout", "dropout", "regularization", "Zeroes units at random.",
	  NULL, 0 },
	{ "dbscan", "DBSCAN", "clustering",
	  "Core point: see below. A **core point** has many neighbours; a "
	  "border point is near a **Core Point**. Clusters are chains of core "
	  "points, not of hardcore pointers.", NULL, 0 },
};
#define NTERMS	(sizeof terms / sizeof terms[0])

static size_t
find(const char *slug)
{
	size_t i;

	for (i = 0; i < NTERMS; i++) {
		if (strcmp(terms[i].slug, slug) == 0)
			return i;
	}
	return 0;
}

static void
test_kinds(void)
{
	struct quiz_card c;

	is_str(quiz_kind_name(QUIZ_CLOZE), "cloze", "kind name");
	is_int(quiz_kind_parse("typed"), QUIZ_TYPED, "parse kind");
	is_int(quiz_kind_parse("bogus"), -1, "unknown kind");
	ok(quiz_kind_auto(QUIZ_TYPED) && quiz_kind_auto(QUIZ_CHOICE) &&
	    !quiz_kind_auto(QUIZ_DEFINE) && !quiz_kind_auto(QUIZ_REVERSE) &&
	    !quiz_kind_auto(QUIZ_CLOZE), "typed and choice grade themselves");
	is_int(quiz_verdict_grade(QUIZ_CORRECT), SRS_GOOD, "correct -> Good");
	is_int(quiz_verdict_grade(QUIZ_ALMOST), SRS_HARD, "almost -> Hard");
	is_int(quiz_verdict_grade(QUIZ_WRONG), SRS_AGAIN, "wrong -> Again");

	is_int(quiz_card_make(terms, NTERMS, find("relu"), QUIZ_DEFINE, 1, &c),
	    0, "define card");
	is_str(c.prompt, "ReLU", "define: prompt is the term");
	is_str(c.answer, terms[find("relu")].body, "define: answer is the body");
	quiz_card_free(&c);
}

static void
test_reverse(void)
{
	struct quiz_card c;

	quiz_card_make(terms, NTERMS, find("relu"), QUIZ_REVERSE, 1, &c);
	is_str(c.prompt, "A **____** (____) outputs **max(0, x)**; "
	    "____ learns the slope.",
	    "reverse: headword and alias blanked, and PReLU whole");
	is_str(c.answer, "ReLU", "reverse: answer is the term");
	quiz_card_free(&c);
	quiz_card_make(terms, NTERMS, find("softmax"), QUIZ_REVERSE, 1, &c);
	ok(strstr(c.prompt, "oftmax") == NULL && strstr(c.prompt,
	    "normalized exponential") == NULL,
	    "reverse: every case of the headword and the alias blanked");
	quiz_card_free(&c);
	quiz_card_make(terms, NTERMS, find("naive-bayes"), QUIZ_TYPED, 1, &c);
	is_str(c.prompt, "**____** assumes independent features. A ____ is fast.",
	    "longest alias blanked whole");
	quiz_card_free(&c);
}

static void
test_blank_compounds(void)
{
	static const char *const bert_al[] = { "Bidirectional Encoder" };
	struct quiz_term t = { "x", "Attention", "", "FlashAttention "
	    "computes attention in tiles, as self-attention does. Attentional.",
	    NULL, 0 };
	char *p;

	p = quiz_blank_terms(&t);
	is_str(p, "____ computes ____ in tiles, as self-____ does. ____.",
	    "the whole word that holds the headword is blanked");
	free(p);
	t.headword = "Adam";
	t.body = "AdamW decouples weight decay from Adam.";
	p = quiz_blank_terms(&t);
	is_str(p, "____ decouples weight decay from ____.",
	    "AdamW is blanked whole, not as ____W");
	free(p);
	t.headword = "BERT";
	t.body = "RoBERTa and DistilBERT retrain Bidirectional Encoders.";
	t.aliases = bert_al;
	t.naliases = 1;
	p = quiz_blank_terms(&t);
	is_str(p, "____ and ____ retrain ____.",
	    "inside a word, and aliases too");
	free(p);
	t.headword = "AI";
	t.body = "AI systems, AIs and a chair; OpenAI said ai.";
	t.aliases = NULL;
	t.naliases = 0;
	p = quiz_blank_terms(&t);
	is_str(p, "____ systems, ____ and a chair; OpenAI said ____.",
	    "a two-letter headword only as a word of its own");
	free(p);
	t.headword = "AMP";
	t.body = "AMP, for example, is not Camp but amp; GAMP and AMPs are.";
	p = quiz_blank_terms(&t);
	is_str(p, "____, for example, is not Camp but ____; ____ and ____ are.",
	    "inside a word its capitals must be capitals");
	free(p);
	t.headword = "eta";
	t.body = "The eta of $\\theta$, not zeta, but SlowEta and etas.";
	p = quiz_blank_terms(&t);
	is_str(p, "The ____ of $\\theta$, not zeta, but ____ and ____.",
	    "inside a word a lowercase form starts a capitalised part");
	free(p);
	t.headword = "tanh";
	t.body = "Tanh is $\\tanh(x)$, or $$\\mathrm{Tanh}(x) = y$$ in a "
	    "display.";
	p = quiz_blank_terms(&t);
	is_str(p, "____ is $\\_\\_\\_\\_(x)$, or "
	    "$$\\mathrm{\\_\\_\\_\\_}(x) = y$$ in a display.",
	    "in math the blank is escaped and takes the command's backslash");
	free(p);
}

static void
test_typed(void)
{
	const struct quiz_term *sm = &terms[find("softmax")];
	const struct quiz_term *relu = &terms[find("relu")];
	const struct quiz_term *nb = &terms[find("naive-bayes")];
	char *diff;

	is_int(quiz_check_typed(sm, "softmax", NULL), QUIZ_CORRECT, "exact");
	is_int(quiz_check_typed(sm, "  SoftMax! ", NULL), QUIZ_CORRECT,
	    "case and punctuation ignored");
	is_int(quiz_check_typed(sm, "Normalized-Exponential", NULL),
	    QUIZ_CORRECT, "an alias is accepted");
	is_int(quiz_check_typed(relu, "rectified linear unit", NULL),
	    QUIZ_CORRECT, "alias of an acronym");
	is_int(quiz_check_typed(nb, "naive-bayes", NULL), QUIZ_CORRECT,
	    "hyphen for space");
	is_int(quiz_check_typed(sm, "sofmax", &diff), QUIZ_ALMOST,
	    "one letter missing is almost");
	is_str(diff, "sof[t]max", "near-miss diff marks the missing letter");
	free(diff);
	is_int(quiz_check_typed(sm, "softmox", &diff), QUIZ_ALMOST,
	    "one letter wrong is almost");
	is_str(diff, "softm[a/o]x", "substitution diff");
	free(diff);
	is_int(quiz_check_typed(nb, "naive bays clasifier", &diff),
	    QUIZ_ALMOST, "two edits in a long alias is almost");
	is_str(diff, "naive Bay[e]s clas[s]ifier",
	    "diff against the closest form, as written");
	free(diff);
	is_int(quiz_check_typed(&terms[find("adam")], "Adma", &diff),
	    QUIZ_ALMOST, "a swap of two letters is one edit");
	is_str(diff, "Ad[am/ma]", "and shows as a swap");
	free(diff);
	is_int(quiz_check_typed(nb, "NAIEV-bayes", &diff), QUIZ_ALMOST,
	    "a swap in a long form");
	is_str(diff, "Nai[ve/EV] Bayes", "shown on the answer, spaces and case "
	    "kept, the typed letters as typed");
	free(diff);
	is_int(quiz_check_typed(sm, "sigmoid", &diff), QUIZ_WRONG,
	    "another word is wrong");
	ok(diff == NULL, "no diff when wrong");
	is_int(quiz_check_typed(sm, "", NULL), QUIZ_WRONG, "empty is wrong");
	is_int(quiz_check_typed(sm, "!!!", NULL), QUIZ_WRONG,
	    "punctuation only is wrong");
	is_int(quiz_check_typed(relu, "relx", NULL), QUIZ_ALMOST,
	    "short term: one edit is almost");
	is_int(quiz_check_typed(relu, "rexx", NULL), QUIZ_WRONG,
	    "short term: two edits are wrong");
	diff = quiz_diff("softmax", "softmaxx");
	is_str(diff, "softmax(x)", "extra letter shown in parentheses");
	free(diff);
	diff = quiz_diff("soft max", "softtmax");
	is_str(diff, "soft(t) max", "an extra letter before a space");
	free(diff);
	diff = quiz_diff("\xce\xb1\xce\xb2", "\xce\xb1");
	is_str(diff, "\xce\xb1[\xce\xb2]", "diff works by code point");
	free(diff);
}

static void
test_choice(void)
{
	struct quiz_card a, b;
	size_t i, sgd = 0, act = 0;
	int same = 1;

	is_int(quiz_card_make(terms, NTERMS, find("softmax"), QUIZ_CHOICE, 42,
	    &a), 0, "choice card");
	is_int(a.nchoices, 4, "four choices");
	is_str(a.choices[a.correct], "softmax", "the right one is the term");
	for (i = 0; i < a.nchoices; i++) {
		if (i != a.correct && strcmp(terms[find(
		    strcmp(a.choices[i], "ReLU") == 0 ? "relu" :
		    strcmp(a.choices[i], "GELU") == 0 ? "gelu" :
		    a.choices[i])].category, "activation") == 0)
			act++;
	}
	is_int(act, 3, "distractors come from the same category");
	ok(strstr(a.prompt, "oftmax") == NULL, "the prompt hides the term");
	quiz_card_make(terms, NTERMS, find("softmax"), QUIZ_CHOICE, 42, &b);
	same = a.correct == b.correct;
	for (i = 0; i < 4; i++)
		same &= strcmp(a.choices[i], b.choices[i]) == 0;
	ok(same, "same seed, same choices in the same order");
	is_int(quiz_check_choice(&a, a.correct), QUIZ_CORRECT, "pick right");
	is_int(quiz_check_choice(&a, (a.correct + 1) % 4), QUIZ_WRONG,
	    "pick wrong");
	quiz_card_free(&a);
	quiz_card_free(&b);

	quiz_card_make(terms, NTERMS, find("adam"), QUIZ_CHOICE, 7, &a);
	is_int(a.nchoices, 4, "small category: still four choices");
	for (i = 0; i < a.nchoices; i++)
		sgd += strcmp(a.choices[i], "SGD") == 0;
	is_int(sgd, 1, "the only other optimizer is among them");
	quiz_card_free(&a);

	is_int(quiz_card_make(terms, 1, 0, QUIZ_CHOICE, 7, &a), -1,
	    "one term: no choice card");
}

static void
test_cloze(void)
{
	struct quiz_card c;

	is_int(quiz_card_make(terms, NTERMS, find("softmax"), QUIZ_CLOZE, 1, &c),
	    0, "cloze card");
	is_str(c.answer, "logits", "the first bold phrase that is not the term");
	ok(strstr(c.prompt, "turns [...] into") != NULL &&
	    strstr(c.prompt, "**softmax**") != NULL, "gap in place: %s", c.prompt);
	quiz_card_free(&c);
	quiz_card_make(terms, NTERMS, find("relu"), QUIZ_CLOZE, 1, &c);
	is_str(c.answer, "max(0, x)", "a bold alias is skipped too");
	quiz_card_free(&c);
	quiz_card_make(terms, NTERMS, find("kl-divergence"), QUIZ_CLOZE, 1, &c);
	is_str(c.answer, "$$D_{KL}(P\\|Q) = \\sum P \\log(P/Q)$$",
	    "no bold: the display formula");
	is_str(c.prompt, "Relative entropy: [...] and more.", "formula blanked");
	quiz_card_free(&c);
	is_int(quiz_card_make(terms, NTERMS, find("naive-bayes"), QUIZ_CLOZE, 1,
	    &c), -1, "only the term in bold and no formula: no cloze card");
	is_int(quiz_card_make(terms, NTERMS, find("dropout"), QUIZ_CLOZE, 1, &c),
	    -1, "nothing to blank: no cloze card");
	quiz_card_make(terms, NTERMS, find("dbscan"), QUIZ_CLOZE, 1, &c);
	is_str(c.answer, "core point", "cloze of a phrase said again");
	is_str(c.prompt, "[...]: see below. A [...] has many neighbours; a "
	    "border point is near a [...]. Clusters are chains of [...]s, not "
	    "of hardcore pointers.",
	    "every whole-word occurrence is a gap, bold or not, in any case");
	quiz_card_free(&c);
}

static struct progress_item
known(const char *slug, const char *kind, int64_t due, int64_t last)
{
	struct progress_item it;

	memset(&it, 0, sizeof it);
	it.slug = (char *)slug;
	it.kind = (char *)kind;
	srs_card_new(&it.card, due);
	it.card.state = SRS_REVIEW;
	it.card.stability = 5;
	it.card.difficulty = 5;
	it.card.due = due;
	it.card.last_review = last;
	return it;
}

static void
test_session(void)
{
	struct quiz_session_opts o;
	struct quiz_item *v;
	struct progress_item k[6];
	size_t n, i, nnew = 0;

	memset(&o, 0, sizeof o);
	o.now = NOW;
	o.day_start = NOW - 12 * 3600;
	o.length = 20;
	o.new_limit = 3;
	o.new_today = 1;
	o.kinds = 1u << QUIZ_DEFINE;

	k[0] = known("gelu", "define", NOW - 100, NOW - 5 * DAY);
	k[1] = known("tanh", "define", NOW - 5000, NOW - 9 * DAY);
	k[2] = known("adam", "define", NOW + 1000, NOW - 2 * DAY);
	/* softmax: define reviewed today, typed due: the typed card is
	 * buried, and softmax gets no new card either. */
	k[3] = known("softmax", "define", NOW + 3 * DAY, NOW - 3600);
	k[4] = known("softmax", "typed", NOW - 9000, NOW - 4 * DAY);
	/* A card of a term the caller filtered out. */
	k[5] = known("transformer", "define", NOW - 99999, NOW - 9 * DAY);

	n = quiz_session_build(terms, NTERMS, k, 6, &o, &v);
	ok(n >= 2 && v[0].term == find("tanh") && !v[0].is_new &&
	    v[1].term == find("gelu") && !v[1].is_new,
	    "due cards first, oldest due first");
	for (i = 0; i < n; i++) {
		ok(v[i].term != find("softmax"), "item %zu is not the buried "
		    "sibling", i);
		nnew += v[i].is_new;
	}
	is_int(nnew, 2, "new cards: daily limit 3 minus 1 already today");
	ok(n == 4 && v[2].term == find("relu") && v[2].kind == QUIZ_DEFINE &&
	    v[3].term == find("sigmoid"),
	    "new cards in terms order, skipping known and buried terms");
	ok(v[2].card.state == SRS_NEW && v[2].card.due == NOW, "new card state");
	free(v);

	o.length = 1;
	n = quiz_session_build(terms, NTERMS, k, 6, &o, &v);
	ok(n == 1 && v[0].term == find("tanh"), "session length 1");
	free(v);

	o.length = 20;
	o.new_today = 5;
	n = quiz_session_build(terms, NTERMS, k, 6, &o, &v);
	is_int(n, 2, "daily new limit reached: only due cards");
	free(v);

	/* The next day nothing is buried any more. */
	o.now = NOW + DAY;
	o.day_start = NOW + 12 * 3600;
	o.new_today = 0;
	o.new_limit = 1;
	n = quiz_session_build(terms, NTERMS, k, 6, &o, &v);
	for (i = 0, nnew = 0; i < n; i++)
		nnew += v[i].term == find("softmax") && v[i].kind == QUIZ_TYPED;
	is_int(nnew, 1, "next day the sibling is shown again");
	for (i = 0, nnew = 0; i < n; i++)
		nnew += v[i].term == find("softmax");
	is_int(nnew, 1, "one card per term per session");
	free(v);

	/* Restrict to a category: the caller passes only those terms. */
	o.now = NOW;
	o.day_start = NOW - 12 * 3600;
	o.kinds = 1u << QUIZ_CLOZE;
	o.new_limit = 20;
	n = quiz_session_build(terms + 7, 3, NULL, 0, &o, &v);
	ok(n == 1 && v[0].term == 1 && v[0].kind == QUIZ_CLOZE,
	    "cloze new cards only for terms that have a gap");
	free(v);
}

/* Review cards are due by the day, as lore stats counts them; learning
 * steps of minutes keep their time. */
static void
test_due_by_day(void)
{
	struct quiz_session_opts o;
	struct quiz_item *v;
	struct progress_item k[4];
	size_t n, i;
	bool seen[NTERMS] = { false };

	memset(&o, 0, sizeof o);
	o.now = NOW;				/* 12:00 */
	o.day_start = NOW - 12 * 3600;
	o.day_end = NOW + 12 * 3600;
	o.new_limit = 1;
	o.new_today = 1;			/* due cards only */
	/* Reviewed 8 days ago at 15:00, due at 15:00 today. */
	k[0] = known("gelu", "define", NOW + 3 * 3600,
	    NOW - 8 * DAY + 3 * 3600);
	/* Due at 00:30 tomorrow. */
	k[1] = known("tanh", "define", NOW + 12 * 3600 + 1800, NOW - 5 * DAY);
	/* A 10-minute learning step, and a relearning step due at 18:00. */
	k[2] = known("adam", "define", NOW + 600, NOW);
	k[2].card.state = SRS_LEARNING;
	k[3] = known("sgd", "define", NOW + 6 * 3600, NOW - 4 * 3600);
	k[3].card.state = SRS_RELEARNING;

	n = quiz_session_build(terms, NTERMS, k, 4, &o, &v);
	for (i = 0; i < n; i++)
		seen[v[i].term] = true;
	ok(seen[find("gelu")], "a review card due later today is due now");
	ok(!seen[find("tanh")], "one due tomorrow is not");
	ok(!seen[find("adam")] && !seen[find("sgd")],
	    "learning steps of minutes or hours keep their exact time");
	is_int(n, 1, "one card in all");
	free(v);

	/* An interday learning step counts by the day. */
	k[2].card.last_review = NOW - DAY;
	n = quiz_session_build(terms, NTERMS, k, 4, &o, &v);
	ok(n == 2 && v[0].term == find("adam") && v[1].term == find("gelu"),
	    "an interday learning step is due by the day too, oldest first");
	free(v);

	o.day_end = 0;
	n = quiz_session_build(terms, NTERMS, k, 4, &o, &v);
	is_int(n, 0, "without day_end, due means due by now");
	free(v);
}

/* The session as it runs: learning steps come back when due, before the
 * rest of the deal; learn-ahead when nothing else is left; -n counts
 * distinct cards; undo puts everything back. */
static void
test_queue(void)
{
	struct srs_params pr;
	struct quiz_item it[3];
	struct quiz_queue q;
	struct srs_card a;
	int64_t t = NOW, day_end = NOW + 12 * 3600, first;
	size_t i;

	srs_params_default(&pr);
	memset(it, 0, sizeof it);
	for (i = 0; i < 3; i++) {
		it[i].term = i;
		it[i].is_new = true;
		srs_card_new(&it[i].card, t);
	}
	quiz_queue_init(&q, it, 3, -1);
	is_int(q.ahead, QUIZ_LEARN_AHEAD, "learn-ahead: 20 minutes by default");
	is_int(quiz_queue_next(&q, t), 0, "the deal starts");
	srs_review(&pr, &it[0].card, t, SRS_AGAIN, &a);
	quiz_queue_graded(&q, 0, &a, day_end);
	is_int(quiz_queue_next(&q, t), 1, "Again's step (1m) is not due: the "
	    "next dealt card");
	srs_review(&pr, &it[1].card, t, SRS_GOOD, &a);
	quiz_queue_graded(&q, 1, &a, day_end);
	is_int(quiz_queue_next(&q, t + 61), 0, "a minute later the Again card "
	    "comes back before the rest of the deal");
	ok(!it[0].is_new && it[0].card.state == SRS_LEARNING,
	    "as a learning card");
	srs_review(&pr, &it[0].card, t + 61, SRS_GOOD, &a);
	quiz_queue_graded(&q, 0, &a, day_end);
	is_int(quiz_queue_next(&q, t + 62), 2, "then the last dealt card");
	srs_review(&pr, &it[2].card, t + 62, SRS_EASY, &a);
	quiz_queue_graded(&q, 2, &a, day_end);
	is_int(quiz_queue_waiting(&q, &first), 2, "two cards in a step");
	is_int(first, t + 600, "the earliest due at 10m");
	is_int(quiz_queue_next(&q, t + 63), 1, "nothing else left: a step "
	    "within the learn-ahead limit is shown early");
	is_int(q.done, 3, "-n counts distinct cards: 3");
	is_int(q.reviews, 4, "in 4 grades");

	/* Undo: the last grade (card 2, Easy) comes back first. */
	is_int(quiz_queue_undo(&q), 2, "undo gives the last graded card");
	is_int(quiz_queue_next(&q, t + 63), 2, "and shows it next");
	ok(it[2].is_new && it[2].card.state == SRS_NEW, "as it was dealt");
	ok(q.done == 2 && q.reviews == 3, "counts taken back");
	is_int(quiz_queue_undo(&q), 0, "undo again: card 0's second grade");
	is_int(q.wait[0], t + 60, "its step is Again's again");
	srs_review(&pr, &it[0].card, t + 61, SRS_GOOD, &a);
	quiz_queue_graded(&q, 0, &a, day_end);
	is_int(quiz_queue_next(&q, t + 62), 2, "the deal goes on where it was");
	quiz_queue_free(&q);

	/* No learn-ahead: the session ends with steps still to come. */
	quiz_queue_init(&q, it, 1, 0);
	srs_card_new(&it[0].card, t);
	srs_review(&pr, &it[0].card, t, SRS_HARD, &a);
	quiz_queue_graded(&q, 0, &a, day_end);
	is_int(quiz_queue_next(&q, t + 1), -1, "learn-ahead 0: nothing to "
	    "show until the step is due");
	is_int(quiz_queue_next(&q, a.due), 0, "then Hard's step comes back");
	quiz_queue_free(&q);

	/* A step due after the day ends waits for the next session. */
	quiz_queue_init(&q, it, 1, -1);
	srs_card_new(&it[0].card, t);
	srs_review(&pr, &it[0].card, t, SRS_AGAIN, &a);
	quiz_queue_graded(&q, 0, &a, t + 30);
	is_int(quiz_queue_next(&q, t + 100), -1, "a step past the day's end "
	    "does not come back today");
	srs_review(&pr, &it[0].card, t, SRS_EASY, &a);
	quiz_queue_free(&q);
	quiz_queue_init(&q, it, 1, -1);
	quiz_queue_graded(&q, 0, &a, day_end);
	is_int(quiz_queue_next(&q, t + 1), -1, "a graduated card is done");
	quiz_queue_free(&q);
}

/* What to teach first, on a small linked fixture: a term never before a
 * term it links to, unless both are in a cycle; the most linked-to first
 * among the ready; the same order every time. */
static const char *const sgd_al[] = { "stochastic gradient descent" };
static const struct quiz_term linked[] = {
	{ "activation", "Activation function", "", "Applied by a [[Neuron]].",
	  NULL, 0 },
	{ "backprop", "Backprop", "", "Uses [[Gradient|gradients]], the "
	  "[[chain rule]] and a [[Neural network]]; [[Backprop]] itself.",
	  NULL, 0 },
	{ "chain-rule", "Chain rule", "", "Of a [[Derivative]].", NULL, 0 },
	{ "chicken", "Chicken", "", "From an [[Egg]].", NULL, 0 },
	{ "derivative", "Derivative", "", "A rate of change.", NULL, 0 },
	{ "egg", "Egg", "", "From a [[Chicken]].", NULL, 0 },
	{ "gradient", "Gradient", "", "Every [[Derivative]]; see [[Nowhere]].",
	  NULL, 0 },
	{ "momentum", "Momentum", "", "Speeds up [[stochastic gradient "
	  "descent]].", NULL, 0 },
	{ "neural-network", "Neural network", "", "[[Neuron]]s with an "
	  "[[activation function]].", NULL, 0 },
	{ "neuron", "Neuron", "", "A unit.", NULL, 0 },
	{ "omelette", "Omelette", "", "Needs an [[Egg]].", NULL, 0 },
	{ "sgd", "SGD", "", "Follows the [[Gradient]].", sgd_al, 1 },
};
#define NLINKED	(sizeof linked / sizeof linked[0])

/* (from, to): from's body links to to. */
static const size_t link_pairs[][2] = {
	{ 0, 9 }, { 1, 6 }, { 1, 2 }, { 1, 8 }, { 2, 4 }, { 3, 5 }, { 5, 3 },
	{ 6, 4 }, { 7, 11 }, { 8, 9 }, { 8, 0 }, { 10, 5 }, { 11, 6 },
};

static void
test_new_order(void)
{
	size_t out[NLINKED], out2[NLINKED], pos[NLINKED], i, bad = 0;
	bool known[NLINKED] = { false };

	quiz_new_order(linked, NLINKED, NULL, QUIZ_ORDER_LINKS, 1, out);
	for (i = 0; i < NLINKED; i++)
		pos[out[i]] = i;
	for (i = 0; i < sizeof link_pairs / sizeof link_pairs[0]; i++) {
		size_t from = link_pairs[i][0], to = link_pairs[i][1];
		bool cycle = (from == 3 && to == 5) || (from == 5 && to == 3);

		if (pos[from] < pos[to] && !cycle) {
			tap_diag("%s before %s, which it links to",
			    linked[from].headword, linked[to].headword);
			bad++;
		}
	}
	is_int(bad, 0, "links order: no term before a term it links to");
	ok(pos[3] < pos[10] && pos[5] < pos[10], "a term behind a cycle (Omelette) "
	    "comes after the cycle");
	is_str(linked[out[0]].headword, "Derivative", "the foundations first: "
	    "Derivative, linked to twice, first of the ready (A-Z among equals)");
	is_str(linked[out[1]].headword, "Gradient", "then Gradient, ready "
	    "once Derivative is in, linked to twice (once by an alias)");
	ok(pos[9] < pos[2], "Neuron (linked twice) before Chain rule (once)");
	ok(pos[5] < pos[3], "the cycle is broken at its most linked-to term: "
	    "Egg, then Chicken");
	quiz_new_order(linked, NLINKED, NULL, QUIZ_ORDER_LINKS, 99, out2);
	ok(memcmp(out, out2, sizeof out) == 0, "the same order every time");

	/* A known term holds nothing up. */
	known[9] = true;
	quiz_new_order(linked, NLINKED, known, QUIZ_ORDER_LINKS, 1, out2);
	for (i = 0; i < NLINKED; i++)
		pos[out2[i]] = i;
	ok(pos[0] < pos[2], "Neuron known: Activation function is ready at "
	    "once, before Chain rule (which waits for Derivative)");

	quiz_new_order(linked, NLINKED, NULL, QUIZ_ORDER_ALPHA, 1, out2);
	for (i = 0; i < NLINKED && out2[i] == i; i++)
		;
	is_int(i, NLINKED, "alphabetical: the caller's order");
	quiz_new_order(linked, NLINKED, NULL, QUIZ_ORDER_RANDOM, 7, out);
	quiz_new_order(linked, NLINKED, NULL, QUIZ_ORDER_RANDOM, 7, out2);
	ok(memcmp(out, out2, sizeof out) == 0, "random: the same seed, the "
	    "same order");
	for (i = 0; i < NLINKED && out[i] == i; i++)
		;
	ok(i < NLINKED, "random: not A-Z");
}

/* Siblings: a term's next kind is dealt only once its cards so far have
 * graduated, and never on a day one of them was reviewed. */
static void
test_siblings(void)
{
	struct quiz_session_opts o;
	struct quiz_item *v;
	struct progress_item k[1];
	size_t n;

	memset(&o, 0, sizeof o);
	o.now = NOW;
	o.day_start = NOW - 12 * 3600;
	o.day_end = NOW + 12 * 3600;
	o.length = 20;
	o.kinds = (1u << QUIZ_DEFINE) | (1u << QUIZ_REVERSE);
	o.order = QUIZ_ORDER_ALPHA;

	/* tanh's define card in a learning step due tomorrow. */
	k[0] = known("tanh", "define", NOW + DAY, NOW - DAY);
	k[0].card.state = SRS_LEARNING;
	n = quiz_session_build(terms + 4, 1, k, 1, &o, &v);
	is_int(n, 0, "a card still learning: no sibling yet");
	free(v);
	k[0].card.state = SRS_REVIEW;
	n = quiz_session_build(terms + 4, 1, k, 1, &o, &v);
	ok(n == 1 && v[0].kind == QUIZ_REVERSE && v[0].is_new,
	    "graduated (in review): the next kind is new");
	free(v);
	k[0].card.last_review = NOW - 3600;
	n = quiz_session_build(terms + 4, 1, k, 1, &o, &v);
	is_int(n, 0, "but not on the day it graduated: siblings spread over "
	    "days");
	free(v);
	{
		struct quiz_counts qc;

		k[0].card.state = SRS_LEARNING;
		k[0].card.due = NOW + 600;
		quiz_session_counts(terms + 4, 1, k, 1, &o, &qc);
		ok(qc.learning == 1 && qc.due == 0 && qc.new_today == 0 &&
		    qc.new_total == 1, "counts: one learning, its sibling new "
		    "but not today (%zu %zu %zu %zu)", qc.due, qc.learning,
		    qc.new_today, qc.new_total);
		k[0].card.state = SRS_REVIEW;
		k[0].card.due = NOW - DAY;
		k[0].card.last_review = NOW - 9 * DAY;
		quiz_session_counts(terms + 4, 1, k, 1, &o, &qc);
		ok(qc.learning == 0 && qc.due == 1 && qc.new_today == 1 &&
		    qc.new_total == 1, "counts: one due, and the sibling today");
		k[0].card.last_review = NOW - 3600;
	}
	o.review_limit = 1;
	o.reviews_today = 1;
	k[0].card.last_review = NOW - 9 * DAY;
	k[0].card.due = NOW - DAY;
	n = quiz_session_build(terms + 4, 1, k, 1, &o, &v);
	ok(n == 1 && v[0].kind == QUIZ_REVERSE, "the review limit reached: "
	    "the due define card waits (its sibling is new)");
	free(v);
}

int
main(void)
{
	test_queue();
	test_new_order();
	test_siblings();
	test_kinds();
	test_reverse();
	test_blank_compounds();
	test_typed();
	test_choice();
	test_cloze();
	test_session();
	test_due_by_day();
	return done_testing();
}
