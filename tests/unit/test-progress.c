/* test-progress.c - progress.db: creation, migrations, refusal of foreign
 * and newer files, durability, two writers, stats on pinned times. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "progress.h"
#include "srs.h"
#include "tap.h"
#include "../testdir.h"

/* 2024-03-10 12:00:00 UTC, a Sunday; all times below are pinned to it. */
#define NOW	1710072000LL
#define DAY	86400LL

static struct srs_params params;

/* progress_open() on dir/name. */
static int
open_in(struct progress **p, const char *name, char *err, size_t errsz)
{
	char *file = path(name);
	int rc = progress_open(p, file, err, errsz);

	free(file);
	return rc;
}

static void
test_create(void)
{
	struct progress *p;
	char err[512];
	const char *name = "fresh.db";
	char *file;
	FILE *fp;

	is_int(open_in(&p, name, err, sizeof err), PROGRESS_OK,
	    "create a fresh progress.db");
	is_int(progress_close(p), PROGRESS_OK, "close leaves no statement open");
	is_int(qint(name, "PRAGMA application_id"), PROGRESS_APPLICATION_ID,
	    "application_id is LORP");
	is_int(qint(name, "PRAGMA user_version"), PROGRESS_SCHEMA_VERSION,
	    "user_version is the schema version");
	is_int(qint(name, "SELECT count(*) FROM sqlite_schema WHERE "
	    "name IN ('card', 'review_log', 'lookup')"), 3, "three tables");
	is_int(qint(name, "SELECT count(*) FROM pragma_table_list WHERE "
	    "strict AND name IN ('card', 'review_log', 'lookup')"), 3,
	    "tables are STRICT");
	is_int(open_in(&p, name, err, sizeof err), PROGRESS_OK,
	    "reopen an up-to-date file");
	progress_close(p);

	name = "empty.db";
	file = path(name);
	fp = fopen(file, "w");
	free(file);
	fclose(fp);
	is_int(open_in(&p, name, err, sizeof err), PROGRESS_OK,
	    "an empty file is migrated from version 0");
	progress_close(p);
	is_int(qint(name, "PRAGMA user_version"), PROGRESS_SCHEMA_VERSION,
	    "empty file reaches the schema version");
}

static void
test_refuse(void)
{
	struct progress *p = NULL;
	struct srs_card c;
	char err[512];
	const char *name;
	char *file;
	FILE *fp;

	name = "foreign.db";
	exec(name, "PRAGMA application_id = 1234; CREATE TABLE t(x)");
	is_int(open_in(&p, name, err, sizeof err), PROGRESS_FOREIGN,
	    "another application_id is refused");
	ok(p == NULL && strstr(err, "not a lore progress database") != NULL,
	    "with a clear message: %s", err);
	is_int(qint(name, "SELECT journal_mode = 'wal' FROM pragma_journal_mode"), 0,
	    "the foreign file was not switched to WAL");

	name = "other.db";
	exec(name, "CREATE TABLE t(x)");
	is_int(open_in(&p, name, err, sizeof err), PROGRESS_FOREIGN,
	    "an SQLite file of someone else with application_id 0 is refused");

	name = "text.db";
	file = path(name);
	fp = fopen(file, "w");
	free(file);
	fputs("this is not a database, just some text that is long enough "
	    "to fill the SQLite header of one hundred bytes........\n", fp);
	fclose(fp);
	is_int(open_in(&p, name, err, sizeof err), PROGRESS_FOREIGN,
	    "a text file is refused");

	name = "newer.db";
	is_int(open_in(&p, name, err, sizeof err), PROGRESS_OK, "create");
	progress_close(p);
	exec(name, "PRAGMA user_version = 99");
	is_int(open_in(&p, name, err, sizeof err), PROGRESS_OK,
	    "a newer user_version still opens for reading");
	is_int(progress_card_get(p, "x", "define", NOW, &c, err, sizeof err),
	    PROGRESS_NOT_FOUND, "and can be read");
	is_int(progress_review(p, "x", "define", &params, NOW, SRS_GOOD, NULL,
	    err, sizeof err), PROGRESS_TOO_NEW, "but refuses a review");
	ok(strstr(err, "newer lore") != NULL && strstr(err, "99") != NULL,
	    "with a clear message: %s", err);
	is_int(progress_note_lookup(p, "x", NOW, err, sizeof err),
	    PROGRESS_TOO_NEW, "and refuses a lookup note");
	progress_close(p);
	is_int(qint(name, "PRAGMA user_version"), 99,
	    "the newer user_version is left alone");
}

static void
test_durable(void)
{
	struct progress *p;
	struct srs_card c, got;
	char err[512];
	const char *name = "durable.db";

	open_in(&p, name, err, sizeof err);
	is_int(progress_review(p, "softmax", "define", &params, NOW, SRS_GOOD,
	    &c, err, sizeof err), PROGRESS_OK, "review a new card");
	is_int(c.state, SRS_LEARNING, "it is learning");
	is_int(c.due, NOW + 600, "due in 10 minutes");
	progress_close(p);

	/* Read back with a separate plain connection first: the row must be
	 * in the file (or its WAL), not just in our process. */
	is_int(qint(name, "SELECT count(*) FROM review_log WHERE "
	    "slug = 'softmax' AND kind = 'define' AND grade = 3 AND "
	    "state_before = 0 AND state_after = 1"), 1, "the log row is there");

	open_in(&p, name, err, sizeof err);
	is_int(progress_card_get(p, "softmax", "define", NOW, &got, err,
	    sizeof err), PROGRESS_OK, "card found after reopen");
	ok(got.stability == c.stability && got.due == c.due &&
	    got.state == c.state && got.step == c.step && got.reps == 1,
	    "with the same state");
	is_int(progress_card_get(p, "softmax", "typed", NOW, &got, err,
	    sizeof err), PROGRESS_NOT_FOUND, "a sibling kind is a separate card");
	is_int(got.state, SRS_NEW, "and comes back new");
	is_int(progress_review(p, "softmax", "define", &params, NOW, 7, NULL,
	    err, sizeof err), PROGRESS_ERROR, "grade 7 is refused");
	progress_close(p);
}

/* Two processes grading in turns with no pause: busy_timeout and BEGIN
 * IMMEDIATE must make every write wait rather than fail. */
static void
test_two_writers(void)
{
	struct progress *a, *b;
	char err[512], slug[32];
	const char *name = "two.db";
	int i, fails = 0, status;
	pid_t pid;

	open_in(&a, name, err, sizeof err);
	open_in(&b, name, err, sizeof err);
	for (i = 0; i < 40; i++) {
		snprintf(slug, sizeof slug, "term-%d", i % 7);
		if (progress_review(a, slug, "define", &params, NOW + i * 60,
		    SRS_GOOD, NULL, err, sizeof err) != PROGRESS_OK)
			fails++;
		if (progress_review(b, slug, "define", &params, NOW + i * 60 + 1,
		    SRS_HARD, NULL, err, sizeof err) != PROGRESS_OK)
			fails++;
	}
	is_int(fails, 0, "two connections interleaved: no failed review%s%s",
	    fails ? ": " : "", fails ? err : "");
	progress_close(a);
	progress_close(b);

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		open_in(&a, name, err, sizeof err);
		for (i = 0; i < 200; i++) {
			snprintf(slug, sizeof slug, "child-%d", i % 5);
			if (progress_review(a, slug, "typed", &params,
			    NOW + DAY + i, SRS_GOOD, NULL, err, sizeof err) != 0) {
				fprintf(stderr, "child: %s\n", err);
				_exit(1);
			}
		}
		_exit(progress_close(a) == PROGRESS_OK ? 0 : 1);
	}
	open_in(&b, name, err, sizeof err);
	for (i = 0; i < 200; i++) {
		snprintf(slug, sizeof slug, "parent-%d", i % 5);
		if (progress_review(b, slug, "typed", &params, NOW + DAY + i,
		    SRS_GOOD, NULL, err, sizeof err) != PROGRESS_OK) {
			fails++;
			tap_diag("parent: %s", err);
			break;
		}
	}
	progress_close(b);
	waitpid(pid, &status, 0);
	ok(fails == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "two processes writing at once: no \"database is locked\"");
	is_int(qint(name, "SELECT count(*) FROM review_log"), 480,
	    "all 480 reviews are logged");
}

struct log_seen {
	char	 order[9];	/* slug initials in the order given */
	int	 grades[8];
	size_t	 n;
};

static bool
log_cb(const struct progress_log *l, void *arg)
{
	struct log_seen *ls = arg;

	if (ls->n < sizeof ls->grades / sizeof ls->grades[0]) {
		ls->order[ls->n] = l->slug[0];
		ls->grades[ls->n] = l->grade;
	}
	ls->n++;
	return true;
}

static void
test_due_lookups(void)
{
	struct log_seen ls = { "", { 0 }, 0 };
	struct progress *p;
	struct progress_item *it;
	char err[512], **slugs;
	size_t n, i;
	int count;

	open_in(&p, "due.db", err, sizeof err);
	/* b due in 1 minute (Again), a in 10 minutes (Good), c in 8 days. */
	progress_review(p, "a", "define", &params, NOW, SRS_GOOD, NULL, err,
	    sizeof err);
	progress_review(p, "b", "define", &params, NOW, SRS_AGAIN, NULL, err,
	    sizeof err);
	progress_review(p, "c", "define", &params, NOW, SRS_EASY, NULL, err,
	    sizeof err);
	is_int(progress_due(p, NOW + 30, 0, &it, &n, err, sizeof err),
	    PROGRESS_OK, "list due");
	is_int(n, 0, "nothing due after 30 s");
	progress_items_free(it, n);
	progress_due(p, NOW + 3600, 0, &it, &n, err, sizeof err);
	ok(n == 2 && strcmp(it[0].slug, "b") == 0 && strcmp(it[1].slug, "a") == 0,
	    "after an hour: b then a, oldest due first");
	progress_items_free(it, n);
	progress_due(p, NOW + 30 * DAY, 1, &it, &n, err, sizeof err);
	ok(n == 1 && strcmp(it[0].slug, "b") == 0, "limit 1");
	progress_items_free(it, n);
	progress_cards(p, &it, &n, err, sizeof err);
	is_int(n, 3, "three cards in all");
	progress_items_free(it, n);

	is_int(progress_new_today(p, NOW, &count, err, sizeof err), PROGRESS_OK,
	    "new today");
	is_int(count, 3, "three new cards today");
	progress_new_today(p, NOW + DAY, &count, err, sizeof err);
	is_int(count, 0, "none tomorrow");

	progress_note_lookup(p, "relu", NOW, err, sizeof err);
	progress_note_lookup(p, "gelu", NOW + 5, err, sizeof err);
	progress_note_lookup(p, "relu", NOW + 10, err, sizeof err);
	progress_note_lookup(p, "adam", NOW + 10, err, sizeof err);
	is_int(progress_recent_lookups(p, 10, &slugs, &n, err, sizeof err),
	    PROGRESS_OK, "recent lookups");
	ok(n == 3 && strcmp(slugs[0], "adam") == 0 &&
	    strcmp(slugs[1], "relu") == 0 && strcmp(slugs[2], "gelu") == 0,
	    "distinct, newest first, ties by insertion");
	for (i = 0; i < n; i++)
		free(slugs[i]);
	free(slugs);
	is_int(progress_reviews(p, log_cb, &ls, err, sizeof err), PROGRESS_OK,
	    "read the review log");
	ok(ls.n == 3 && strcmp(ls.order, "abc") == 0 &&
	    ls.grades[0] == SRS_GOOD && ls.grades[1] == SRS_AGAIN &&
	    ls.grades[2] == SRS_EASY, "review log in order, with grades");
	is_int(progress_close(p), PROGRESS_OK, "close after listing");
}

static void
test_stats(void)
{
	struct progress *p;
	struct progress_stats st;
	struct srs_card c;
	char err[512];
	int64_t t;

	open_in(&p, "stats.db", err, sizeof err);
	/* Day -6: one review (outside the streak). Days -3, -2, -1: reviews.
	 * "x" graduates to review on day -3 and is then reviewed as a
	 * review card twice: Good on day -2, Again on day -1. */
	t = NOW - 6 * DAY;
	progress_review(p, "old", "define", &params, t, SRS_EASY, NULL, err,
	    sizeof err);
	t = NOW - 3 * DAY;
	progress_review(p, "x", "define", &params, t, SRS_EASY, &c, err,
	    sizeof err);
	progress_review(p, "y", "define", &params, t + 60, SRS_GOOD, NULL, err,
	    sizeof err);
	progress_review(p, "x", "define", &params, NOW - 2 * DAY, SRS_GOOD, &c,
	    err, sizeof err);
	progress_review(p, "x", "define", &params, NOW - 1 * DAY, SRS_AGAIN, &c,
	    err, sizeof err);

	is_int(progress_stats(p, NOW, 7, &st, err, sizeof err), PROGRESS_OK,
	    "stats");
	is_int(st.per_day[0], 0, "no reviews today");
	is_int(st.per_day[1], 1, "one yesterday");
	is_int(st.per_day[2], 1, "one two days ago");
	is_int(st.per_day[3], 2, "two three days ago");
	is_int(st.per_day[6], 1, "one six days ago");
	is_int(st.streak, 3, "streak of 3 ends yesterday");
	is_int(st.reviews, 5, "five reviews");
	is_int(st.cards, 3, "three cards");
	is_int(st.retention_reviews, 2, "two reviews of review-state cards");
	ok(st.retention == 0.5, "retention 1 of 2 (got %g)", st.retention);
	/* old: Easy, 8 days -> due day +2; x relearning due yesterday + 10m;
	 * y learning due day -3. */
	is_int(st.due_today, 2, "x and y are due today");
	is_int(st.due_week, 3, "and old within the week");
	is_int(st.new_today, 0, "no new cards today");
	progress_stats_free(&st);

	progress_review(p, "z", "define", &params, NOW, SRS_GOOD, NULL, err,
	    sizeof err);
	progress_stats(p, NOW, 7, &st, err, sizeof err);
	is_int(st.streak, 4, "a review today makes it 4");
	is_int(st.per_day[0], 1, "one today");
	is_int(st.new_today, 1, "one new card today");
	progress_stats_free(&st);

	/* The scan stops at the first review before the window once the
	 * streak is over: that used to be reported as an error ("stats: not
	 * an error"), whenever older reviews exist. */
	is_int(progress_stats(p, NOW + 2 * DAY, 7, &st, err, sizeof err),
	    PROGRESS_OK, "two days later: stats (%s)", err);
	is_int(st.streak, 0, "two days later the streak is gone");
	is_int(st.per_day[2], 1, "and today's review is two days ago");
	progress_stats_free(&st);
	is_int(progress_stats(p, NOW + 60 * DAY, 7, &st, err, sizeof err),
	    PROGRESS_OK, "60 days later, no review in the window: stats");
	is_int(st.reviews, 6, "all six reviews counted");
	progress_stats_free(&st);

	/* At UTC-13 it is still the day before at 12:00 UTC, so the review
	 * at NOW counts for the local day of NOW - 1 day 12:00. */
	progress_set_utc_offset(p, -13 * 3600);
	progress_stats(p, NOW, 7, &st, err, sizeof err);
	is_int(st.per_day[0], 1, "UTC-13: 12:00 UTC review is local today");
	is_int(progress_day(p, NOW), progress_day(p, NOW - 12 * 3600) ,
	    "UTC-13: day boundary moves");
	ok(progress_day(p, NOW) != progress_day(p, NOW + 12 * 3600),
	    "UTC-13: 00:00 next UTC day is a different local day");
	progress_stats_free(&st);
	progress_use_localtime(p);
	is_int(progress_day_start(p, progress_day(p, NOW)), NOW - 12 * 3600,
	    "TZ=UTC: the day starts at 00:00 UTC");
	is_int(progress_day_end(p, NOW), NOW + 12 * 3600,
	    "TZ=UTC: and ends at 00:00 UTC the next day");
	is_int(progress_day_end(p, NOW + 12 * 3600 - 1), NOW + 12 * 3600,
	    "its last second is still today");
	progress_close(p);
}

/* u: a review taken back leaves the card and the log as they were, the
 * card gone when it was new; a review under a newer grade is refused. */
static void
test_undo(void)
{
	struct progress *p;
	struct progress_undo u1, u2;
	struct srs_card c1, c2, got;
	char err[512];
	const char *name = "undo.db";

	open_in(&p, name, err, sizeof err);
	is_int(progress_review_undoable(p, "relu", "define", &params, NOW,
	    SRS_GOOD, &c1, &u1, err, sizeof err), PROGRESS_OK, "undo: grade");
	ok(!u1.existed && u1.log_id > 0, "the first grade of a new card");
	is_int(progress_review_undoable(p, "relu", "define", &params,
	    NOW + 700, SRS_GOOD, &c2, &u2, err, sizeof err), PROGRESS_OK,
	    "grade it again");
	ok(u2.existed && u2.before.due == c1.due, "undo keeps the card before");
	is_int(progress_undo(p, &u1, err, sizeof err), PROGRESS_ERROR,
	    "an older grade under a newer one is not undone");
	is_int(qint(name, "SELECT count(*) FROM review_log"), 2,
	    "and nothing changed");
	is_int(progress_undo(p, &u2, err, sizeof err), PROGRESS_OK,
	    "undo the last grade");
	is_int(progress_card_get(p, "relu", "define", NOW, &got, err,
	    sizeof err), PROGRESS_OK, "the card is still there");
	ok(got.due == c1.due && got.state == c1.state && got.step == c1.step &&
	    got.reps == c1.reps && got.stability == c1.stability &&
	    got.last_review == c1.last_review, "as after the first grade");
	is_int(qint(name, "SELECT count(*) FROM review_log"), 1,
	    "its log row is gone");
	is_int(progress_undo(p, &u1, err, sizeof err), PROGRESS_OK,
	    "undo the first grade too");
	is_int(progress_card_get(p, "relu", "define", NOW, &got, err,
	    sizeof err), PROGRESS_NOT_FOUND, "the card is new again");
	is_int(qint(name, "SELECT count(*) FROM review_log"), 0,
	    "the log is empty");
	is_int(progress_undo(p, &u1, err, sizeof err), PROGRESS_ERROR,
	    "undoing twice is refused");
	progress_close(p);
}

/* Merge: two halves of one history, merged in either order, or twice,
 * give the cards of the whole. */
struct logcopy {
	struct progress_review_in	 v[64];
	char				 slug[64][32], kind[64][16];
	size_t				 n;
};

static bool
copy_review(const struct progress_log *l, void *arg)
{
	struct logcopy *lc = arg;

	if (lc->n < 64) {
		snprintf(lc->slug[lc->n], sizeof lc->slug[0], "%s", l->slug);
		snprintf(lc->kind[lc->n], sizeof lc->kind[0], "%s", l->kind);
		lc->v[lc->n].slug = lc->slug[lc->n];
		lc->v[lc->n].kind = lc->kind[lc->n];
		lc->v[lc->n].ts = l->ts;
		lc->v[lc->n].grade = l->grade;
		lc->n++;
	}
	return true;
}

static bool
same_cards(struct progress *a, struct progress *b)
{
	struct progress_item *x, *y;
	size_t nx, ny, i;
	char err[256];
	bool same;

	progress_cards(a, &x, &nx, err, sizeof err);
	progress_cards(b, &y, &ny, err, sizeof err);
	same = nx == ny;
	for (i = 0; same && i < nx; i++) {
		const struct srs_card *c = &x[i].card, *d = &y[i].card;

		same = strcmp(x[i].slug, y[i].slug) == 0 &&
		    strcmp(x[i].kind, y[i].kind) == 0 && c->state == d->state &&
		    c->step == d->step && c->stability == d->stability &&
		    c->difficulty == d->difficulty && c->due == d->due &&
		    c->last_review == d->last_review && c->reps == d->reps &&
		    c->lapses == d->lapses;
		if (!same)
			tap_diag("%s/%s differs", x[i].slug, x[i].kind);
	}
	progress_items_free(x, nx);
	progress_items_free(y, ny);
	return same;
}

static void
test_merge(void)
{
	static const struct { const char *slug; int day, min, grade; } h[] = {
		{ "relu", 0, 0, 1 }, { "relu", 0, 2, 3 }, { "relu", 0, 13, 3 },
		{ "gelu", 0, 5, 4 }, { "tanh", 0, 6, 2 }, { "tanh", 0, 20, 3 },
		{ "relu", 1, 0, 3 }, { "tanh", 1, 1, 1 }, { "tanh", 1, 12, 3 },
		{ "relu", 4, 0, 2 }, { "gelu", 8, 0, 3 }, { "tanh", 9, 0, 4 },
		{ "relu", 9, 5, 1 }, { "relu", 9, 16, 3 }, { "gelu", 30, 0, 3 },
	};
	struct progress *whole, *a, *b;
	struct logcopy *all = calloc(1, sizeof *all);
	struct progress_review_in h1[16], h2[16];
	size_t i, n1 = 0, n2 = 0, added, cards;
	char err[512];

	open_in(&whole, "whole.db", err, sizeof err);
	for (i = 0; i < sizeof h / sizeof h[0]; i++)
		progress_review(whole, h[i].slug, "define", &params,
		    NOW + h[i].day * DAY + h[i].min * 60, h[i].grade, NULL, err,
		    sizeof err);
	progress_reviews(whole, copy_review, all, err, sizeof err);
	is_int(all->n, 15, "merge: a history of 15 reviews");
	/* Two machines: every other review on each. */
	for (i = 0; i < all->n; i++) {
		if (i % 2 == 0)
			h1[n1++] = all->v[i];
		else
			h2[n2++] = all->v[i];
	}
	open_in(&a, "half-a.db", err, sizeof err);
	open_in(&b, "half-b.db", err, sizeof err);
	is_int(progress_merge(a, h1, n1, &params, &added, &cards, err,
	    sizeof err), PROGRESS_OK, "merge the first half into an empty file");
	is_int(added, n1, "every review is new there");
	ok(!same_cards(a, whole), "half a history is not the whole");
	is_int(progress_merge(a, h2, n2, &params, &added, &cards, err,
	    sizeof err), PROGRESS_OK, "then the second half");
	ok(added == n2 && cards == 3, "7 reviews added, 3 cards replayed");
	ok(same_cards(a, whole), "the two halves merge to the state of the whole");
	progress_merge(b, h2, n2, &params, NULL, NULL, err, sizeof err);
	progress_merge(b, h1, n1, &params, NULL, NULL, err, sizeof err);
	ok(same_cards(b, whole), "in the other order too");
	is_int(progress_merge(b, all->v, all->n, &params, &added, NULL, err,
	    sizeof err), PROGRESS_OK, "merging everything again");
	is_int(added, 0, "adds nothing");
	ok(same_cards(b, whole), "and changes nothing");
	is_int(qint("half-b.db", "SELECT count(*) FROM review_log"), 15,
	    "the log holds each review once");
	is_int(qint("half-b.db", "SELECT count(*) FROM card WHERE "
	    "slug = 'relu' AND introduced = 1710072000"), 1,
	    "a card was introduced at its first review, whichever half had it");
	h1[0].grade = 9;
	is_int(progress_merge(b, h1, 1, &params, NULL, NULL, err, sizeof err),
	    PROGRESS_ERROR, "a grade 9 is refused");
	ok(same_cards(b, whole), "and nothing was merged");
	progress_close(whole);
	progress_close(a);
	progress_close(b);
	free(all);
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");

	setenv("TZ", "UTC", 1);
	tzset();
	srs_params_default(&params);
	snprintf(dir, sizeof dir, "%s/lore-progress-XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		tap_skip_all("cannot make a temporary directory");
	test_create();
	test_refuse();
	test_durable();
	test_two_writers();
	test_due_lookups();
	test_stats();
	test_undo();
	test_merge();
	if (tap_failed == 0) {
		char cmd[300];

		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			tap_diag("could not remove %s", dir);
	} else
		tap_diag("files kept in %s", dir);
	return done_testing();
}
