/* quiz.h - flashcards made from glossary terms, and review sessions.
 *
 * The caller supplies the terms (from the corpus, already filtered by
 * letter, category or search) and what progress.db knows about their
 * cards; nothing here reads a database. A card is a (slug, kind) pair, and
 * the kind names below are what progress.db stores. */
#ifndef LORE_QUIZ_H
#define LORE_QUIZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "progress.h"
#include "srs.h"

struct quiz_term {
	const char		*slug;
	const char		*headword;
	const char		*category;
	const char		*body;		/* Markdown + LaTeX */
	const char *const	*aliases;
	size_t			 naliases;
};

enum quiz_kind {
	QUIZ_DEFINE,	/* term -> definition; reveal, the user grades 1-4 */
	QUIZ_REVERSE,	/* definition (term blanked) -> term; user grades */
	QUIZ_TYPED,	/* definition -> type the term; graded automatically */
	QUIZ_CHOICE,	/* definition -> pick the term of 4; automatic */
	QUIZ_CLOZE,	/* a key phrase blanked as "[...]"; user grades */
	QUIZ_NKINDS
};
#define QUIZ_KIND_ALL	((1u << QUIZ_NKINDS) - 1)

#define QUIZ_BLANK	"____"
#define QUIZ_CLOZE_GAP	"[...]"

struct quiz_card {
	enum quiz_kind	 kind;
	size_t		 term;		/* index into the caller's terms */
	char		*prompt;	/* shown first */
	char		*answer;	/* revealed after */
	char		*choices[4];	/* QUIZ_CHOICE: headwords */
	size_t		 nchoices;
	size_t		 correct;	/* index of the right choice */
};

enum quiz_verdict {
	QUIZ_WRONG,
	QUIZ_ALMOST,	/* a near miss: small edit distance */
	QUIZ_CORRECT
};

const char *quiz_kind_name(enum quiz_kind k);
/* -1 when name is not a kind. */
int	 quiz_kind_parse(const char *name);
/* True for kinds graded from the answer (typed, choice); the others ask
 * the user for 1-4. */
bool	 quiz_kind_auto(enum quiz_kind k);
/* The grade for an automatically graded answer: correct -> Good, almost
 * -> Hard, wrong -> Again. */
enum srs_grade quiz_verdict_grade(enum quiz_verdict v);

/* Make card kind for terms[idx]. Returns 0, or -1 when the kind does not
 * apply (cloze: the body has no bold phrase or display formula; choice:
 * fewer than two terms). Distractors for choice cards come from the same
 * category first, chosen and placed by seed: same seed, same card. */
int	 quiz_card_make(const struct quiz_term *terms, size_t nterms,
	    size_t idx, enum quiz_kind kind, uint64_t seed,
	    struct quiz_card *card);
void	 quiz_card_free(struct quiz_card *card);

/* body with the headword and every alias blanked as "____", ignoring
 * ASCII case. A form of 3 or more characters blanks the whole word it is
 * part of ("FlashAttention", "AdamW") when it reads as a part of it: its
 * inner capitals are capitals there, and inside a word it starts a
 * capitalised part unless it has inner capitals ("ReLU" for ELU, not
 * "example" for AMP). A shorter form blanks only a word of its own or its
 * plural. In math the blank is written \_\_\_\_ and takes a command's
 * backslash with it. */
char	*quiz_blank_terms(const struct quiz_term *t);
/* The cloze gap of body: the first bold phrase that is not a form of the
 * term, else the first display formula; *phrase gets the hidden text.
 * Every other whole-word occurrence of it, in any case, is a gap too.
 * NULL when there is none. */
char	*quiz_cloze(const struct quiz_term *t, char **phrase);

/* Check a typed answer against the headword and aliases, ignoring case and
 * punctuation (text_fold). A near miss is within 2 edits, or 20% of the
 * length for long terms, and only 1 edit for terms of up to 4 characters
 * (or "gan" would pass for "rnn"); a swap of two neighbours is one edit.
 * For QUIZ_ALMOST, *diff (if diff is not NULL) gets the closest form as
 * written, with the differences marked: "[t]" a missing character, "(x)"
 * an extra one, "[a/e]" a expected where e was typed, "[am/ma]" a swap. */
enum quiz_verdict quiz_check_typed(const struct quiz_term *t,
	    const char *input, char **diff);
enum quiz_verdict quiz_check_choice(const struct quiz_card *card,
	    size_t picked);
/* The marked difference between expected and got, by code point,
 * ignoring what text_fold ignores, shown on expected as written (its
 * spaces and case kept). */
char	*quiz_diff(const char *expected, const char *got);

/* The order new cards are dealt in. */
enum quiz_order {
	QUIZ_ORDER_LINKS,	/* a term after the terms its body links to */
	QUIZ_ORDER_RANDOM,
	QUIZ_ORDER_ALPHA	/* the caller's order, A-Z */
};

/* The order of the terms for new cards, in out[0..nterms): with
 * QUIZ_ORDER_LINKS a term comes after the terms its body links to
 * ([[Target]], by headword or alias, among terms) that are not yet known
 * (known[i]: the user has seen a card of term i; may be NULL); among the
 * terms ready, the most linked to first (the foundations), then the
 * caller's order. A cycle is broken at a term of it found from the most
 * linked-to term left, the same every time; a term never comes before
 * one it links to unless both are in a cycle.
 * QUIZ_ORDER_RANDOM shuffles by seed. */
void	 quiz_new_order(const struct quiz_term *terms, size_t nterms,
	    const bool *known, enum quiz_order order, uint64_t seed,
	    size_t *out);

struct quiz_session_opts {
	int64_t		 now;
	int64_t		 day_start;	/* first second of the local today */
	int64_t		 day_end;	/* first second of tomorrow; 0: now */
	size_t		 length;	/* cards in the session; 0: 20 */
	size_t		 new_limit;	/* new cards per day; 0: 20 */
	size_t		 new_today;	/* already introduced today */
	unsigned	 kinds;		/* 1 << kind for new cards; 0: all */
	uint64_t	 seed;
	enum quiz_order	 order;		/* of new cards */
	size_t		 review_limit;	/* reviews per day; 0: 200 */
	size_t		 reviews_today;	/* already reviewed today */
};

struct quiz_item {
	size_t		 term;
	enum quiz_kind	 kind;
	bool		 is_new;
	struct srs_card	 card;		/* its state before this session */
};

/* Build a session: due cards first, oldest due first, up to the daily
 * review limit, then new cards (the first applicable kind in opts->kinds
 * of each term, terms in quiz_new_order) up to the daily new limit. A
 * term's next kind is new only once every card of it seen so far has
 * graduated (is in review), so siblings spread over days. Review cards are due by the day: any time before
 * opts->day_end, as lore stats counts "due today"; a (re)learning step of
 * less than a day is due at its exact time. A term gives at most one card
 * per session, and none when another kind of it was reviewed today
 * (siblings are buried). Known cards of terms not in terms are left out,
 * which is how the caller restricts a session to a letter, a category or
 * a search. Returns the number of items in *items (free() it). */
size_t	 quiz_session_build(const struct quiz_term *terms, size_t nterms,
	    const struct progress_item *known, size_t nknown,
	    const struct quiz_session_opts *opts, struct quiz_item **items);

/* What a selection holds before a session starts, as Anki's deck list
 * shows it: review cards due today, learning cards due today, the new
 * cards today's limit and the siblings rule would deal, and every new
 * card of the selection (each kind in opts->kinds not yet seen of each
 * term it applies to), said honestly. */
struct quiz_counts {
	size_t	 due, learning, new_today, new_total;
};

void	 quiz_session_counts(const struct quiz_term *terms, size_t nterms,
	    const struct progress_item *known, size_t nknown,
	    const struct quiz_session_opts *opts, struct quiz_counts *out);

/* ---- the session as it runs ----
 *
 * The dealt items (distinct cards, as many as -n asks) and, as in Anki,
 * the learning cards among them coming back within the session: a card
 * graded into a (re)learning step of today returns when the step is due,
 * before the rest of the deal; when the deal is done, a step due within
 * the learn-ahead limit is shown early rather than making the user wait.
 * Pure bookkeeping: the caller grades (progress_review) and passes the
 * card as it came out. */
#define QUIZ_LEARN_AHEAD	(20 * 60)	/* Anki's default, seconds */

struct quiz_undo {
	size_t		 item;
	size_t		 next;
	int64_t		 wait;
	struct quiz_item before;
	bool		 first;		/* the item's first grade */
};

struct quiz_queue {
	struct quiz_item	*items;		/* borrowed; their .card is
						 * updated as they are graded */
	size_t			 nitems;
	size_t			 next;		/* first item not yet dealt */
	int64_t			*wait;		/* per item: the step's due, 0
						 * when it does not come back */
	bool			*graded;	/* per item: graded once */
	int64_t			 ahead;		/* learn-ahead, seconds */
	size_t			 done;		/* items graded at least once */
	size_t			 reviews;	/* grades given */
	long			 pinned;	/* shown next (undo); -1 none */
	struct quiz_undo	*undo;
	size_t			 nundo, capundo;
};

/* ahead < 0: QUIZ_LEARN_AHEAD. */
void	 quiz_queue_init(struct quiz_queue *q, struct quiz_item *items,
	    size_t n, int64_t ahead);
void	 quiz_queue_free(struct quiz_queue *q);
/* The item to show at now, or -1 when the session is over: a learning
 * step that is due (the earliest), else the next dealt card, else a step
 * due within the learn-ahead limit. */
long	 quiz_queue_next(const struct quiz_queue *q, int64_t now);
/* Item i was graded; after is its card as progress_review left it. It
 * comes back when it is in a (re)learning step due before day_end. */
void	 quiz_queue_graded(struct quiz_queue *q, size_t i,
	    const struct srs_card *after, int64_t day_end);
/* Item i cannot be shown (its card does not apply): pass over it. */
void	 quiz_queue_skip(struct quiz_queue *q, size_t i);
/* Take back the last grade: the item it was given to (shown next), or -1
 * when there is none. The caller takes it back in progress.db too. */
long	 quiz_queue_undo(struct quiz_queue *q);
/* Learning steps still to come back, and the earliest's due (0: none). */
size_t	 quiz_queue_waiting(const struct quiz_queue *q, int64_t *first);

#endif
