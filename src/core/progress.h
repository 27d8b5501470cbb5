/* progress.h - the user's review history and card states (progress.db).
 *
 * One SQLite file per user, normally $XDG_DATA_HOME/lore/progress.db (the
 * caller works out the path). WAL with synchronous=NORMAL: readers never
 * wait for a writer, and a grade is durable once progress_review() has
 * returned. Cards are keyed by (slug, kind): the stable slug of a term and
 * a card type such as "define"; nothing here depends on the corpus.
 *
 * Every function returns a PROGRESS_* status and, on failure, fills the
 * caller's err buffer with a message that names the file and what to do. */
#ifndef LORE_PROGRESS_H
#define LORE_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "srs.h"

/* 'LORP' in PRAGMA application_id; user_version counts migrations. */
#define PROGRESS_APPLICATION_ID	0x4C4F5250
#define PROGRESS_SCHEMA_VERSION	1

enum progress_status {
	PROGRESS_OK = 0,
	PROGRESS_NOT_FOUND,	/* no such card yet: *out is a new card */
	PROGRESS_ERROR,		/* SQLite or I/O error, see err */
	PROGRESS_FOREIGN,	/* the file is not a lore progress database */
	PROGRESS_TOO_NEW	/* written by a newer lore: read-only for us */
};

struct progress;

/* A card as stored: its key and scheduling state. */
struct progress_item {
	char		*slug;
	char		*kind;
	struct srs_card	 card;
};

struct progress_stats {
	int	 due_today;	/* reviewed cards due before tomorrow starts */
	int	 due_week;	/* ... before the 7th day from today ends */
	int	 cards;		/* cards reviewed at least once */
	int	 new_today;	/* cards first reviewed today */
	int	 reviews;	/* all reviews ever */
	int	*per_day;	/* per_day[0] today, per_day[i] i days ago */
	int	 ndays;
	/* Over the last ndays: reviews of cards in review state, and the
	 * share of them graded Hard or better; retention is -1 when none. */
	int	 retention_reviews;
	double	 retention;
	/* Consecutive days with a review, ending today or yesterday. */
	int	 streak;
};

/* Open or create the database at path and bring its schema up to date.
 * A file that belongs to another program gives PROGRESS_FOREIGN and no
 * handle. A file from a newer lore opens (PROGRESS_OK) but refuses
 * writes with PROGRESS_TOO_NEW. */
int	 progress_open(struct progress **pp, const char *path, char *err,
	    size_t errlen);
/* PROGRESS_TOO_NEW, with the message, for a file from a newer lore: the
 * commands that would misread or change it (quiz, stats, export) stop. */
int	 progress_check_writable(struct progress *p, char *err, size_t errlen);
/* Close; PROGRESS_ERROR if a statement was left open (a bug). */
int	 progress_close(struct progress *p);
/* Local days for "today", the daily limit, streaks: by default from TZ
 * (localtime); this fixes them at UTC + seconds instead. */
void	 progress_set_utc_offset(struct progress *p, int seconds);
void	 progress_use_localtime(struct progress *p);
/* The local day number (days since 1970-01-01 local) of ts, and the first
 * second of a local day. */
int64_t	 progress_day(const struct progress *p, int64_t ts);
int64_t	 progress_day_start(const struct progress *p, int64_t day);
/* The first second of the local day after the one ts falls on: "due
 * today" is due before this, for stats and for the quiz alike. */
int64_t	 progress_day_end(const struct progress *p, int64_t ts);

/* The stored state of one card; PROGRESS_NOT_FOUND with a new card due at
 * now when it was never reviewed. */
int	 progress_card_get(struct progress *p, const char *slug,
	    const char *kind, int64_t now, struct srs_card *out, char *err,
	    size_t errlen);
/* Grade a card at now: reads its state, schedules with params, writes the
 * card and a review_log row in one IMMEDIATE transaction, commits. out
 * (may be NULL) gets the new state. */
int	 progress_review(struct progress *p, const char *slug, const char *kind,
	    const struct srs_params *params, int64_t now, enum srs_grade grade,
	    struct srs_card *out, char *err, size_t errlen);
/* What it takes to take a review back: the log row and the card before. */
struct progress_undo {
	int64_t		 log_id;
	char		 slug[256];
	char		 kind[32];
	bool		 existed;	/* the card had been reviewed before */
	struct srs_card	 before;
};

/* progress_review, filling *undo (when not NULL) for progress_undo. */
int	 progress_review_undoable(struct progress *p, const char *slug,
	    const char *kind, const struct srs_params *params, int64_t now,
	    enum srs_grade grade, struct srs_card *out,
	    struct progress_undo *undo, char *err, size_t errlen);
/* Take a review back in one IMMEDIATE transaction: its review_log row goes
 * and the card is as it was before (or gone, when it was new). Refused
 * (PROGRESS_ERROR) when the card was graded again since, here or by
 * another lore, so nothing newer is lost. */
int	 progress_undo(struct progress *p, const struct progress_undo *undo,
	    char *err, size_t errlen);
/* Cards due at or before now, oldest due first, at most limit (0: all). */
int	 progress_due(struct progress *p, int64_t now, size_t limit,
	    struct progress_item **items, size_t *n, char *err, size_t errlen);
/* Every reviewed card, by slug then kind. */
int	 progress_cards(struct progress *p, struct progress_item **items,
	    size_t *n, char *err, size_t errlen);
void	 progress_items_free(struct progress_item *items, size_t n);
/* Cards first reviewed on the local day of now. */
int	 progress_new_today(struct progress *p, int64_t now, int *count,
	    char *err, size_t errlen);

/* Reviews on the local day of now of cards that were in review (the
 * daily review limit counts these). */
int	 progress_reviews_today(struct progress *p, int64_t now, int *count,
	    char *err, size_t errlen);

/* One row of the review log, as progress_reviews() hands it over. */
struct progress_log {
	int64_t		 id;
	const char	*slug;
	const char	*kind;
	int64_t		 ts;
	enum srs_grade	 grade;
	int		 elapsed_days;
	int		 scheduled_days;
	double		 retrievability;	/* at ts, before the review */
	enum srs_state	 state_before, state_after;
	double		 stability_before, stability_after;
	double		 difficulty_before, difficulty_after;
	int64_t		 due_after;
};

/* Call cb for every review ever recorded, oldest first (for exports);
 * the strings live until cb returns. cb returns false to stop. */
int	 progress_reviews(struct progress *p,
	    bool (*cb)(const struct progress_log *, void *), void *arg,
	    char *err, size_t errlen);

/* A review from another machine's log (lore export --json). */
struct progress_review_in {
	const char	*slug;
	const char	*kind;
	int64_t		 ts;
	enum srs_grade	 grade;
};

/* Merge another machine's reviews into this log, in one IMMEDIATE
 * transaction: the log becomes the union (a review is one (slug, kind,
 * ts, grade); duplicates collapse), and every card is replayed with
 * params over its reviews in time order (ties by grade), so that merging
 * in any order, or twice, gives the same cards. *added (may be NULL) gets
 * the reviews that were new here, *cards the cards replayed. */
int	 progress_merge(struct progress *p, const struct progress_review_in *in,
	    size_t n, const struct srs_params *params, size_t *added,
	    size_t *cards, char *err, size_t errlen);

/* Remember that slug was looked up at ts. */
int	 progress_note_lookup(struct progress *p, const char *slug, int64_t ts,
	    char *err, size_t errlen);
/* Distinct slugs, most recently looked up first, at most limit. Free each
 * string and the array. */
int	 progress_recent_lookups(struct progress *p, size_t limit,
	    char ***slugs, size_t *n, char *err, size_t errlen);

/* Counts as of now, with per_day over the last ndays (>= 1) days. Free
 * with progress_stats_free(). */
int	 progress_stats(struct progress *p, int64_t now, int ndays,
	    struct progress_stats *st, char *err, size_t errlen);
void	 progress_stats_free(struct progress_stats *st);
/* Cards falling due on each of the ndays local days from today:
 * counts[0] today (overdue cards included), counts[i] i days later. */
int	 progress_forecast(struct progress *p, int64_t now, int ndays,
	    int *counts, char *err, size_t errlen);

#endif
