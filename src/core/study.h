/* study.h - what a quiz needs around the cards, for the CLI and the TUI:
 * the clock (LORE_NOW), the terms of a scope (letter, category, search,
 * recent lookups) and a session built against progress.db. */
#ifndef LORE_STUDY_H
#define LORE_STUDY_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "corpus.h"
#include "progress.h"
#include "quiz.h"
#include "srs.h"

struct search;

/* "Now" for scheduling: pinned (main passes LORE_NOW, unix seconds) so
 * that tests can replay days; otherwise the wall clock at every call. */
struct study_clock {
	bool	 pinned;
	int64_t	 t;		/* pinned time, or the time of init */
};

/* pin: unix seconds as text, or NULL or "" for the wall clock. -1 with
 * err filled when pin is not unix seconds; the clock then runs on the
 * wall clock. */
int	 study_clock_init(struct study_clock *ck, const char *pin, char *err,
	    size_t errsz);
int64_t	 study_clock_now(const struct study_clock *ck);

/* Terms with their quiz views (q[i] points into t[i]). */
struct study_terms {
	struct term		*t;
	struct quiz_term	*q;
	size_t			 n, cap;
};

/* What to quiz on; every field narrows, zero means no restriction. */
struct study_scope {
	char		 letter;	/* 'A'..'Z' or '#' */
	const char	*category;
	struct search	*re;		/* headword, aliases or body match */
	unsigned	 search_flags;	/* for search_run */
	char	       **only;		/* slugs, sorted by strcmp */
	size_t		 nonly;
};

/* The terms of scope in A-Z order. Pages of the index are walked with a
 * cursor, so only the terms kept are held. stop (may be NULL) is polled
 * and ends the walk early with -1 and an empty err. */
int	 study_terms_load(struct corpus *c, const struct study_scope *sc,
	    const volatile sig_atomic_t *stop, struct study_terms *ts,
	    char *err, size_t errsz);
void	 study_terms_free(struct study_terms *ts);

/* The most recent distinct lookups, at most limit, sorted by strcmp for
 * study_scope.only. Free with study_slugs_free. */
int	 study_recent(struct progress *p, size_t limit, char ***slugs,
	    size_t *n, char *err, size_t errsz);
void	 study_slugs_free(char **slugs, size_t n);

/* What a session deals: Anki's defaults from study_opts_default(). */
struct study_opts {
	unsigned	 kinds;		/* 1 << quiz kind; 0: all */
	size_t		 length;	/* distinct cards */
	enum quiz_order	 order;		/* of new cards */
	size_t		 new_per_day;
	size_t		 reviews_per_day;
};

#define STUDY_NEW_PER_DAY	20
#define STUDY_REVIEWS_PER_DAY	200

void	 study_opts_default(struct study_opts *so);

/* Build a session over ts from what progress.db knows: cards of kinds
 * outside so->kinds are pushed out of reach (due never) rather than
 * dropped, so that they still bury their siblings. The seed is now: a
 * pinned clock replays the same cards. Returns a PROGRESS_* status;
 * *items (free()) and *n get the session. */
int	 study_session(struct progress *p, const struct study_terms *ts,
	    const struct study_opts *so, int64_t now,
	    struct quiz_item **items, size_t *n, char *err, size_t errsz);

/* What a session over ts would hold (quiz_session_counts), for the
 * chooser, before it starts. */
int	 study_counts(struct progress *p, const struct study_terms *ts,
	    const struct study_opts *so, int64_t now, struct quiz_counts *out,
	    char *err, size_t errsz);

/* The four outcomes of grading slug/kind now, for "3 Good 10m" labels;
 * out[0] is Again. */
int	 study_preview(struct progress *p, const struct srs_params *params,
	    const char *slug, enum quiz_kind kind, int64_t now,
	    struct srs_card out[4], char *err, size_t errsz);

/* "Again", "Hard", "Good", "Easy". */
const char *study_grade_label(enum srs_grade g);

#endif
