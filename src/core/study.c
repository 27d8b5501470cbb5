/* study.c - the scope, clock and session of a quiz, shared by the line
 * quiz (cli/quiz.c) and the quiz view (tui/view_quiz.c). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "search.h"
#include "study.h"
#include "util.h"

int
study_clock_init(struct study_clock *ck, const char *pin, char *err,
    size_t errsz)
{
	char *end;
	long long v;

	ck->pinned = false;
	ck->t = (int64_t)time(NULL);
	if (pin == NULL || pin[0] == '\0')
		return 0;
	errno = 0;
	v = strtoll(pin, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0) {
		snprintf(err, errsz, "LORE_NOW='%.40s': want unix seconds, e.g. "
		    "LORE_NOW=$(date +%%s)", pin);
		return -1;
	}
	ck->pinned = true;
	ck->t = v;
	return 0;
}

int64_t
study_clock_now(const struct study_clock *ck)
{
	return ck->pinned ? ck->t : (int64_t)time(NULL);
}

struct keyset {
	int64_t				*v;
	size_t				 n, cap;
	const volatile sig_atomic_t	*stop;
};

static bool
collect_key(const struct search_hit *h, void *arg)
{
	struct keyset *ks = arg;

	if (ks->n == 0 || ks->v[ks->n - 1] != h->key) {
		ks->v = xgrow(ks->v, ks->n, &ks->cap, 64, sizeof *ks->v);
		ks->v[ks->n++] = h->key;
	}
	return ks->stop == NULL || !*ks->stop;
}

static int
key_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
study_terms_free(struct study_terms *ts)
{
	size_t i;

	for (i = 0; i < ts->n; i++)
		term_free(&ts->t[i]);
	free(ts->t);
	free(ts->q);
	memset(ts, 0, sizeof *ts);
}

struct load {
	struct corpus			*c;
	const struct study_scope	*sc;
	const struct keyset		*ks;
	struct study_terms		*ts;
	const volatile sig_atomic_t	*stop;
	char				*err;
	size_t				 errsz;
	int				 rc;
};

static bool
load_one(const struct term_ref *r, void *arg)
{
	struct load *ld = arg;
	struct study_terms *ts = ld->ts;
	const struct study_scope *sc = ld->sc;

	if (sc->re != NULL && bsearch(&r->key, ld->ks->v, ld->ks->n,
	    sizeof *ld->ks->v, key_cmp) == NULL)
		return true;
	ts->t = xgrow(ts->t, ts->n, &ts->cap, 64, sizeof *ts->t);
	if (corpus_get(ld->c, r->key, &ts->t[ts->n], ld->err, ld->errsz) !=
	    CORPUS_OK) {
		ld->rc = -1;
		return false;
	}
	if (sc->only != NULL && bsearch(&ts->t[ts->n].slug, sc->only,
	    sc->nonly, sizeof *sc->only, str_cmp) == NULL) {
		term_free(&ts->t[ts->n]);
		return true;
	}
	ts->n++;
	return ld->stop == NULL || !*ld->stop;
}

int
study_terms_load(struct corpus *c, const struct study_scope *sc,
    const volatile sig_atomic_t *stop, struct study_terms *ts, char *err,
    size_t errsz)
{
	struct keyset ks = { .stop = stop };
	struct load ld = { c, sc, &ks, ts, stop, err, errsz, 0 };
	size_t i;

	memset(ts, 0, sizeof *ts);
	err[0] = '\0';
	if (sc->re != NULL) {
		if (search_run(sc->re, c, sc->search_flags, collect_key, &ks,
		    NULL, err, errsz) < 0) {
			free(ks.v);
			return -1;
		}
		xqsort(ks.v, ks.n, sizeof *ks.v, key_cmp);
	}
	corpus_each(c, sc->letter, sc->category, load_one, &ld);
	free(ks.v);
	if (ld.rc != 0) {
		study_terms_free(ts);
		return -1;
	}
	ts->q = xcalloc(ts->n + 1, sizeof *ts->q);
	for (i = 0; i < ts->n; i++) {
		ts->q[i].slug = ts->t[i].slug;
		ts->q[i].headword = ts->t[i].headword;
		ts->q[i].category = ts->t[i].category;
		ts->q[i].body = ts->t[i].body;
		ts->q[i].aliases = (const char *const *)ts->t[i].aliases;
		ts->q[i].naliases = ts->t[i].naliases;
	}
	return 0;
}

int
study_recent(struct progress *p, size_t limit, char ***slugs, size_t *n,
    char *err, size_t errsz)
{
	int st;

	*slugs = NULL;
	*n = 0;
	if ((st = progress_recent_lookups(p, limit, slugs, n, err, errsz)) !=
	    PROGRESS_OK)
		return st;
	xqsort(*slugs, *n, sizeof **slugs, str_cmp);
	return PROGRESS_OK;
}

void
study_slugs_free(char **slugs, size_t n)
{
	strv_free(slugs, n);
}

void
study_opts_default(struct study_opts *so)
{
	memset(so, 0, sizeof *so);
	so->length = 20;
	so->order = QUIZ_ORDER_LINKS;
	so->new_per_day = STUDY_NEW_PER_DAY;
	so->reviews_per_day = STUDY_REVIEWS_PER_DAY;
}

/* What progress.db knows, and the options as quiz_session_build takes
 * them. Free known with progress_items_free. */
static int
session_opts(struct progress *p, const struct study_opts *opts, int64_t now,
    struct quiz_session_opts *so, struct progress_item **known,
    size_t *nknown, char *err, size_t errsz)
{
	int st, newtoday = 0, revtoday = 0, k;
	unsigned kinds = opts->kinds;
	size_t i;

	memset(so, 0, sizeof *so);
	*known = NULL;
	*nknown = 0;
	if ((st = progress_cards(p, known, nknown, err, errsz)) != PROGRESS_OK)
		return st;
	if ((st = progress_new_today(p, now, &newtoday, err, errsz)) !=
	    PROGRESS_OK || (st = progress_reviews_today(p, now, &revtoday, err,
	    errsz)) != PROGRESS_OK) {
		progress_items_free(*known, *nknown);
		*known = NULL;
		*nknown = 0;
		return st;
	}
	if (kinds != 0)
		for (i = 0; i < *nknown; i++) {
			k = quiz_kind_parse((*known)[i].kind);
			if (k < 0 || (kinds & (1u << k)) == 0)
				(*known)[i].card.due = INT64_MAX;
		}
	so->now = now;
	so->day_start = progress_day_start(p, progress_day(p, now));
	so->day_end = progress_day_end(p, now);
	so->length = opts->length;
	so->new_today = (size_t)newtoday;
	so->reviews_today = (size_t)revtoday;
	so->kinds = kinds;
	so->seed = (uint64_t)now;
	so->order = opts->order;
	/* 0 in quiz_session_opts means the default; a limit of 0 here
	 * means none today, which a full count says as well. */
	so->new_limit = opts->new_per_day > 0 ? opts->new_per_day : 1;
	if (opts->new_per_day == 0)
		so->new_today = 1;
	so->review_limit = opts->reviews_per_day > 0 ? opts->reviews_per_day :
	    1;
	if (opts->reviews_per_day == 0)
		so->reviews_today = 1;
	return PROGRESS_OK;
}

int
study_session(struct progress *p, const struct study_terms *ts,
    const struct study_opts *opts, int64_t now, struct quiz_item **items,
    size_t *n, char *err, size_t errsz)
{
	struct quiz_session_opts so;
	struct progress_item *known;
	size_t nknown;
	int st;

	*items = NULL;
	*n = 0;
	if ((st = session_opts(p, opts, now, &so, &known, &nknown, err,
	    errsz)) != PROGRESS_OK)
		return st;
	*n = quiz_session_build(ts->q, ts->n, known, nknown, &so, items);
	progress_items_free(known, nknown);
	return PROGRESS_OK;
}

int
study_counts(struct progress *p, const struct study_terms *ts,
    const struct study_opts *opts, int64_t now, struct quiz_counts *out,
    char *err, size_t errsz)
{
	struct quiz_session_opts so;
	struct progress_item *known;
	size_t nknown;
	int st;

	memset(out, 0, sizeof *out);
	if ((st = session_opts(p, opts, now, &so, &known, &nknown, err,
	    errsz)) != PROGRESS_OK)
		return st;
	quiz_session_counts(ts->q, ts->n, known, nknown, &so, out);
	progress_items_free(known, nknown);
	return PROGRESS_OK;
}

int
study_preview(struct progress *p, const struct srs_params *params,
    const char *slug, enum quiz_kind kind, int64_t now, struct srs_card out[4],
    char *err, size_t errsz)
{
	struct srs_card cur;
	int st;

	st = progress_card_get(p, slug, quiz_kind_name(kind), now, &cur, err,
	    errsz);
	if (st != PROGRESS_OK && st != PROGRESS_NOT_FOUND)
		return st;
	srs_preview(params, &cur, now, out);
	return PROGRESS_OK;
}

const char *
study_grade_label(enum srs_grade g)
{
	static const char *const label[] = { "Again", "Hard", "Good", "Easy" };

	return g >= SRS_AGAIN && g <= SRS_EASY ? label[g - 1] : "?";
}
