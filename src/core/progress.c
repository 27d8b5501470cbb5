/* progress.c - review log and card states in the user's progress.db. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "dberr.h"
#include "progress.h"
#include "util.h"

#define DAY	86400

struct progress {
	sqlite3	*db;
	char	*path;
	int	 version;	/* user_version found on open */
	bool	 fixed_offset;
	int	 offset;	/* seconds east of UTC when fixed_offset */
};

/* Migrations: migrations[i] takes user_version i to i + 1. Append only;
 * never edit a shipped entry, old files replay the list from where they
 * stopped. */
static const char *const migrations[] = {
	/* 0 -> 1 */
	"CREATE TABLE card ("
	"  slug TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  state INTEGER NOT NULL,"
	"  step INTEGER NOT NULL,"
	"  stability REAL NOT NULL,"
	"  difficulty REAL NOT NULL,"
	"  due INTEGER NOT NULL,"
	"  last_review INTEGER NOT NULL,"
	"  reps INTEGER NOT NULL,"
	"  lapses INTEGER NOT NULL,"
	"  scheduled_days INTEGER NOT NULL,"
	"  elapsed_days INTEGER NOT NULL,"
	"  introduced INTEGER NOT NULL,"	/* time of the first review */
	"  PRIMARY KEY (slug, kind)"
	") STRICT;"
	"CREATE INDEX card_due ON card(due);"
	"CREATE INDEX card_introduced ON card(introduced);"
	/* Everything needed to replay or export the history with another
	 * scheduler: inputs (ts, grade, elapsed days) and both states. */
	"CREATE TABLE review_log ("
	"  id INTEGER PRIMARY KEY,"
	"  slug TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  ts INTEGER NOT NULL,"
	"  grade INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 4),"
	"  elapsed_days INTEGER NOT NULL,"
	"  scheduled_days INTEGER NOT NULL,"
	"  retrievability REAL NOT NULL,"
	"  state_before INTEGER NOT NULL,"
	"  state_after INTEGER NOT NULL,"
	"  stability_before REAL NOT NULL,"
	"  stability_after REAL NOT NULL,"
	"  difficulty_before REAL NOT NULL,"
	"  difficulty_after REAL NOT NULL,"
	"  due_after INTEGER NOT NULL,"
	"  FOREIGN KEY (slug, kind) REFERENCES card(slug, kind)"
	"    ON UPDATE CASCADE ON DELETE CASCADE"
	") STRICT;"
	"CREATE INDEX review_log_ts ON review_log(ts);"
	"CREATE INDEX review_log_card ON review_log(slug, kind, ts);"
	"CREATE TABLE lookup ("
	"  slug TEXT NOT NULL,"
	"  ts INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX lookup_ts ON lookup(ts);",
};

static int
fail(struct progress *p, int status, char *err, size_t errlen,
    const char *what)
{
	char why[256];

	snprintf(err, errlen, "%s: %s: %s", p->path, what, p->db != NULL ?
	    db_why(p->db, p->path, why, sizeof why) : "out of memory");
	return status;
}

static int
exec(struct progress *p, const char *sql, char *err, size_t errlen,
    const char *what)
{
	if (sqlite3_exec(p->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return fail(p, PROGRESS_ERROR, err, errlen, what);
	return PROGRESS_OK;
}

static int
pragma_int(struct progress *p, const char *sql, int *v)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(p->db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

static int
check_writable(struct progress *p, char *err, size_t errlen)
{
	if (p->version > PROGRESS_SCHEMA_VERSION) {
		snprintf(err, errlen, "%s: written by a newer lore (schema "
		    "version %d, this lore knows %d); upgrade lore to use it "
		    "(the file is left as it is)", p->path, p->version,
		    PROGRESS_SCHEMA_VERSION);
		return PROGRESS_TOO_NEW;
	}
	return PROGRESS_OK;
}

/* Bring the schema up to date inside one IMMEDIATE transaction, reading
 * user_version again under the lock: two lore processes starting at once
 * must not both run a migration. */
static int
migrate(struct progress *p, char *err, size_t errlen)
{
	char sql[64];
	int v, appid, ntables, i, status;

	/* Up to date, the usual case: no write lock, so that stats and a
	 * second quiz start while another quiz is saving a grade. */
	if (pragma_int(p, "PRAGMA user_version", &v) == 0 &&
	    pragma_int(p, "PRAGMA application_id", &appid) == 0 &&
	    appid == PROGRESS_APPLICATION_ID && v >= PROGRESS_SCHEMA_VERSION) {
		p->version = v;
		return PROGRESS_OK;
	}
	if (exec(p, "BEGIN IMMEDIATE", err, errlen, "cannot lock") != 0)
		return PROGRESS_ERROR;
	if (pragma_int(p, "PRAGMA user_version", &v) != 0 ||
	    pragma_int(p, "PRAGMA application_id", &appid) != 0 ||
	    pragma_int(p, "SELECT count(*) FROM sqlite_schema", &ntables) != 0) {
		status = fail(p, PROGRESS_ERROR, err, errlen,
		    "cannot read the schema");
		goto rollback;
	}
	/* An empty file, or one we created, is ours; anything else is not,
	 * even an SQLite file with application_id 0. */
	if (appid != PROGRESS_APPLICATION_ID &&
	    (appid != 0 || v != 0 || ntables != 0)) {
		snprintf(err, errlen, "%s: not a lore progress database "
		    "(application_id 0x%08X); move it away or pass another path",
		    p->path, (unsigned)appid);
		status = PROGRESS_FOREIGN;
		goto rollback;
	}
	p->version = v;
	if (v >= PROGRESS_SCHEMA_VERSION) {
		exec(p, "COMMIT", err, errlen, "commit");
		return PROGRESS_OK;
	}
	for (i = v; i < (int)nitems(migrations); i++) {
		if (sqlite3_exec(p->db, migrations[i], NULL, NULL, NULL) !=
		    SQLITE_OK) {
			snprintf(sql, sizeof sql, "migration to version %d", i + 1);
			status = fail(p, PROGRESS_ERROR, err, errlen, sql);
			goto rollback;
		}
	}
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d; "
	    "PRAGMA user_version = %d", PROGRESS_APPLICATION_ID,
	    PROGRESS_SCHEMA_VERSION);
	if ((status = exec(p, sql, err, errlen, "set schema version")) != 0)
		goto rollback;
	if ((status = exec(p, "COMMIT", err, errlen, "commit migration")) != 0)
		goto rollback;
	p->version = PROGRESS_SCHEMA_VERSION;
	return PROGRESS_OK;
rollback:
	sqlite3_exec(p->db, "ROLLBACK", NULL, NULL, NULL);
	return status;
}

int
progress_open(struct progress **pp, const char *path, char *err,
    size_t errlen)
{
	struct progress *p;
	const char *s;
	char *uri;
	int status, appid, rc;

	*pp = NULL;
	p = xcalloc(1, sizeof *p);
	p->path = xstrdup(path);
	if ((s = db_not_file(path)) != NULL) {
		snprintf(err, errlen, "%s: %s", path, s);
		status = PROGRESS_ERROR;
		goto bad;
	}
	/* ":memory:" is progress_peek's empty database. */
	uri = strcmp(path, ":memory:") == 0 ? xstrdup(path) :
	    file_uri(path, NULL);
	rc = sqlite3_open_v2(uri, &p->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_URI, NULL);
	free(uri);
	if (rc != SQLITE_OK) {
		status = fail(p, PROGRESS_ERROR, err, errlen, "cannot open");
		goto bad;
	}
	sqlite3_extended_result_codes(p->db, 1);
	sqlite3_busy_timeout(p->db, DB_BUSY_MS);
	/* Look before touching: WAL mode would change a foreign file. */
	if (pragma_int(p, "PRAGMA application_id", &appid) != 0) {
		char why[256];

		/* Not necessarily foreign: damaged, read-only, locked. */
		snprintf(err, errlen, "%s: %s", path, db_why(p->db, path, why,
		    sizeof why));
		status = sqlite3_errcode(p->db) == SQLITE_NOTADB ?
		    PROGRESS_FOREIGN : PROGRESS_ERROR;
		goto bad;
	}
	if (appid != 0 && appid != PROGRESS_APPLICATION_ID) {
		snprintf(err, errlen, "%s: not a lore progress database "
		    "(application_id 0x%08X); move it away or pass another path",
		    path, (unsigned)appid);
		status = PROGRESS_FOREIGN;
		goto bad;
	}
	if ((status = exec(p, "PRAGMA foreign_keys = ON", err, errlen,
	    "foreign keys")) != 0)
		goto bad;
	/* A newer lore's file is only read: not even its journal mode is
	 * changed, nor a migration tried. */
	if (pragma_int(p, "PRAGMA user_version", &p->version) == 0 &&
	    p->version > PROGRESS_SCHEMA_VERSION) {
		*pp = p;
		return PROGRESS_OK;
	}
	if ((status = exec(p, "PRAGMA journal_mode = WAL", err, errlen,
	    "cannot switch to WAL")) != 0)
		goto bad;
	if ((status = exec(p, "PRAGMA synchronous = NORMAL", err, errlen,
	    "synchronous")) != 0)
		goto bad;
	if ((status = migrate(p, err, errlen)) != 0)
		goto bad;
	*pp = p;
	return PROGRESS_OK;
bad:
	sqlite3_close(p->db);
	free(p->path);
	free(p);
	return status;
}

int
progress_check_writable(struct progress *p, char *err, size_t errlen)
{
	return check_writable(p, err, errlen);
}

int
progress_close(struct progress *p)
{
	int rc;

	if (p == NULL)
		return PROGRESS_OK;
	rc = sqlite3_close(p->db);
	free(p->path);
	free(p);
	return rc == SQLITE_OK ? PROGRESS_OK : PROGRESS_ERROR;
}

void
progress_set_utc_offset(struct progress *p, int seconds)
{
	p->fixed_offset = true;
	p->offset = seconds;
}

void
progress_use_localtime(struct progress *p)
{
	p->fixed_offset = false;
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if (a % b != 0 && (a < 0) != (b < 0))
		q--;
	return q;
}

/* Howard Hinnant's days_from_civil / civil_from_days: calendar arithmetic
 * without depending on timegm(). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = floor_div(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

int64_t
progress_day(const struct progress *p, int64_t ts)
{
	struct tm tm;
	time_t t = (time_t)ts;

	if (p->fixed_offset)
		return floor_div(ts + p->offset, DAY);
	if (localtime_r(&t, &tm) == NULL)
		return floor_div(ts, DAY);
	return days_from_civil(tm.tm_year + 1900LL, tm.tm_mon + 1, tm.tm_mday);
}

int64_t
progress_day_start(const struct progress *p, int64_t day)
{
	struct tm tm;
	int64_t y;
	time_t t;

	if (p->fixed_offset)
		return day * DAY - p->offset;
	memset(&tm, 0, sizeof tm);
	civil_from_days(day, &y, &tm.tm_mon, &tm.tm_mday);
	tm.tm_year = (int)(y - 1900);
	tm.tm_mon--;
	tm.tm_isdst = -1;
	if ((t = mktime(&tm)) == (time_t)-1)
		return day * DAY;
	return (int64_t)t;
}

int64_t
progress_day_end(const struct progress *p, int64_t ts)
{
	return progress_day_start(p, progress_day(p, ts) + 1);
}

#define CARD_COLUMNS "slug, kind, state, step, stability, difficulty, due, " \
	"last_review, reps, lapses, scheduled_days, elapsed_days"

static void
card_from_row(sqlite3_stmt *st, int col, struct srs_card *c)
{
	memset(c, 0, sizeof *c);
	c->state = sqlite3_column_int(st, col);
	c->step = sqlite3_column_int(st, col + 1);
	c->stability = sqlite3_column_double(st, col + 2);
	c->difficulty = sqlite3_column_double(st, col + 3);
	c->due = sqlite3_column_int64(st, col + 4);
	c->last_review = sqlite3_column_int64(st, col + 5);
	c->reps = sqlite3_column_int(st, col + 6);
	c->lapses = sqlite3_column_int(st, col + 7);
	c->scheduled_days = sqlite3_column_int(st, col + 8);
	c->elapsed_days = sqlite3_column_int(st, col + 9);
}

static int
card_read(struct progress *p, const char *slug, const char *kind,
    int64_t now, struct srs_card *out, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(p->db, "SELECT " CARD_COLUMNS " FROM card "
	    "WHERE slug = ?1 AND kind = ?2", -1, &st, NULL) != SQLITE_OK)
		return fail(p, PROGRESS_ERROR, err, errlen, "read card");
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		card_from_row(st, 2, out);
		sqlite3_finalize(st);
		return PROGRESS_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(p, PROGRESS_ERROR, err, errlen, "read card");
	srs_card_new(out, now);
	return PROGRESS_NOT_FOUND;
}

int
progress_card_get(struct progress *p, const char *slug, const char *kind,
    int64_t now, struct srs_card *out, char *err, size_t errlen)
{
	return card_read(p, slug, kind, now, out, err, errlen);
}

static const char card_upsert[] =
	"INSERT INTO card (" CARD_COLUMNS ", introduced) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
	"ON CONFLICT (slug, kind) DO UPDATE SET state = excluded.state, "
	"step = excluded.step, stability = excluded.stability, "
	"difficulty = excluded.difficulty, due = excluded.due, "
	"last_review = excluded.last_review, reps = excluded.reps, "
	"lapses = excluded.lapses, scheduled_days = excluded.scheduled_days, "
	"elapsed_days = excluded.elapsed_days";

static const char log_insert[] =
	"INSERT INTO review_log (slug, kind, ts, grade, elapsed_days, "
	"scheduled_days, retrievability, state_before, state_after, "
	"stability_before, stability_after, difficulty_before, "
	"difficulty_after, due_after) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";

int
progress_review(struct progress *p, const char *slug, const char *kind,
    const struct srs_params *params, int64_t now, enum srs_grade grade,
    struct srs_card *out, char *err, size_t errlen)
{
	return progress_review_undoable(p, slug, kind, params, now, grade, out,
	    NULL, err, errlen);
}

/* A review's outcome, as review_log keeps it, from parameter at on:
 * elapsed and scheduled days, retrievability, then state, stability and
 * difficulty before and after, and the new due time. */
static void
bind_outcome(sqlite3_stmt *st, int at, const struct srs_card *before,
    const struct srs_card *after, double r)
{
	sqlite3_bind_int(st, at, after->elapsed_days);
	sqlite3_bind_int(st, at + 1, after->scheduled_days);
	sqlite3_bind_double(st, at + 2, r);
	sqlite3_bind_int(st, at + 3, before->state);
	sqlite3_bind_int(st, at + 4, after->state);
	sqlite3_bind_double(st, at + 5, before->stability);
	sqlite3_bind_double(st, at + 6, after->stability);
	sqlite3_bind_double(st, at + 7, before->difficulty);
	sqlite3_bind_double(st, at + 8, after->difficulty);
	sqlite3_bind_int64(st, at + 9, after->due);
}

/* The parameters of card_upsert: a card's key, its state, and the time
 * it was introduced (its first review). */
static void
bind_card(sqlite3_stmt *st, const char *slug, const char *kind,
    const struct srs_card *c, int64_t introduced)
{
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, c->state);
	sqlite3_bind_int(st, 4, c->step);
	sqlite3_bind_double(st, 5, c->stability);
	sqlite3_bind_double(st, 6, c->difficulty);
	sqlite3_bind_int64(st, 7, c->due);
	sqlite3_bind_int64(st, 8, c->last_review);
	sqlite3_bind_int(st, 9, c->reps);
	sqlite3_bind_int(st, 10, c->lapses);
	sqlite3_bind_int(st, 11, c->scheduled_days);
	sqlite3_bind_int(st, 12, c->elapsed_days);
	sqlite3_bind_int64(st, 13, introduced);
}

int
progress_review_undoable(struct progress *p, const char *slug,
    const char *kind, const struct srs_params *params, int64_t now,
    enum srs_grade grade, struct srs_card *out, struct progress_undo *undo,
    char *err, size_t errlen)
{
	bool existed;

	struct srs_card before, after;
	sqlite3_stmt *st = NULL;
	double r;
	int status;

	if ((status = check_writable(p, err, errlen)) != 0)
		return status;
	if (grade < SRS_AGAIN || grade > SRS_EASY) {
		snprintf(err, errlen, "grade %d is not 1 (again) to 4 (easy)",
		    (int)grade);
		return PROGRESS_ERROR;
	}
	/* IMMEDIATE takes the write lock before reading the card, so two
	 * lore processes grading the same card serialise instead of one of
	 * them failing to upgrade its read lock ("database is locked"). */
	if (exec(p, "BEGIN IMMEDIATE", err, errlen, "cannot lock") != 0)
		return PROGRESS_ERROR;
	status = card_read(p, slug, kind, now, &before, err, errlen);
	if (status != PROGRESS_OK && status != PROGRESS_NOT_FOUND)
		goto rollback;
	existed = status == PROGRESS_OK;
	r = srs_retrievability(params, &before, now);
	srs_review(params, &before, now, grade, &after);

	if (sqlite3_prepare_v2(p->db, card_upsert, -1, &st, NULL) != SQLITE_OK)
		goto sqlfail;
	bind_card(st, slug, kind, &after, now);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto sqlfail;
	sqlite3_finalize(st);

	if (sqlite3_prepare_v2(p->db, log_insert, -1, &st, NULL) != SQLITE_OK)
		goto sqlfail;
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int(st, 4, grade);
	bind_outcome(st, 5, &before, &after, r);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto sqlfail;
	sqlite3_finalize(st);
	st = NULL;

	if ((status = exec(p, "COMMIT", err, errlen, "cannot save the review")) != 0)
		goto rollback;
	if (out != NULL)
		*out = after;
	if (undo != NULL) {
		memset(undo, 0, sizeof *undo);
		undo->log_id = sqlite3_last_insert_rowid(p->db);
		snprintf(undo->slug, sizeof undo->slug, "%s", slug);
		snprintf(undo->kind, sizeof undo->kind, "%s", kind);
		undo->existed = existed;
		undo->before = before;
	}
	return PROGRESS_OK;
sqlfail:
	status = fail(p, PROGRESS_ERROR, err, errlen, "cannot save the review");
rollback:
	sqlite3_finalize(st);
	sqlite3_exec(p->db, "ROLLBACK", NULL, NULL, NULL);
	return status;
}

int
progress_undo(struct progress *p, const struct progress_undo *u, char *err,
    size_t errlen)
{
	const struct srs_card *b = &u->before;
	sqlite3_stmt *st = NULL;
	int status, rc;

	if ((status = check_writable(p, err, errlen)) != 0)
		return status;
	if (exec(p, "BEGIN IMMEDIATE", err, errlen, "cannot lock") != 0)
		return PROGRESS_ERROR;
	/* The row must still be the card's last review: undoing under a
	 * newer grade would leave the card and its log disagreeing. */
	if (sqlite3_prepare_v2(p->db, "SELECT max(id) FROM review_log "
	    "WHERE slug = ?1 AND kind = ?2", -1, &st, NULL) != SQLITE_OK)
		goto sqlfail;
	sqlite3_bind_text(st, 1, u->slug, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, u->kind, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW)
		goto sqlfail;
	if (sqlite3_column_type(st, 0) == SQLITE_NULL ||
	    sqlite3_column_int64(st, 0) != u->log_id) {
		snprintf(err, errlen, "%s: cannot undo: %s (%s) was graded "
		    "again since", p->path, u->slug, u->kind);
		status = PROGRESS_ERROR;
		goto rollback;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(p->db, "DELETE FROM review_log WHERE id = ?1",
	    -1, &st, NULL) != SQLITE_OK)
		goto sqlfail;
	sqlite3_bind_int64(st, 1, u->log_id);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto sqlfail;
	sqlite3_finalize(st);
	st = NULL;
	if (!u->existed) {
		if (sqlite3_prepare_v2(p->db, "DELETE FROM card WHERE slug = ?1 "
		    "AND kind = ?2", -1, &st, NULL) != SQLITE_OK)
			goto sqlfail;
	} else {
		if (sqlite3_prepare_v2(p->db, "UPDATE card SET state = ?3, "
		    "step = ?4, stability = ?5, difficulty = ?6, due = ?7, "
		    "last_review = ?8, reps = ?9, lapses = ?10, "
		    "scheduled_days = ?11, elapsed_days = ?12 "
		    "WHERE slug = ?1 AND kind = ?2", -1, &st, NULL) != SQLITE_OK)
			goto sqlfail;
		sqlite3_bind_int(st, 3, b->state);
		sqlite3_bind_int(st, 4, b->step);
		sqlite3_bind_double(st, 5, b->stability);
		sqlite3_bind_double(st, 6, b->difficulty);
		sqlite3_bind_int64(st, 7, b->due);
		sqlite3_bind_int64(st, 8, b->last_review);
		sqlite3_bind_int(st, 9, b->reps);
		sqlite3_bind_int(st, 10, b->lapses);
		sqlite3_bind_int(st, 11, b->scheduled_days);
		sqlite3_bind_int(st, 12, b->elapsed_days);
	}
	sqlite3_bind_text(st, 1, u->slug, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, u->kind, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto sqlfail;
	sqlite3_finalize(st);
	st = NULL;
	if ((status = exec(p, "COMMIT", err, errlen, "cannot undo")) != 0)
		goto rollback;
	return PROGRESS_OK;
sqlfail:
	status = fail(p, PROGRESS_ERROR, err, errlen, "cannot undo");
rollback:
	sqlite3_finalize(st);
	sqlite3_exec(p->db, "ROLLBACK", NULL, NULL, NULL);
	return status;
}

static const char card_replace[] =
	"INSERT INTO card (" CARD_COLUMNS ", introduced) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
	"ON CONFLICT (slug, kind) DO UPDATE SET state = excluded.state, "
	"step = excluded.step, stability = excluded.stability, "
	"difficulty = excluded.difficulty, due = excluded.due, "
	"last_review = excluded.last_review, reps = excluded.reps, "
	"lapses = excluded.lapses, scheduled_days = excluded.scheduled_days, "
	"elapsed_days = excluded.elapsed_days, "
	"introduced = excluded.introduced";

/* Replay every card over its reviews, rewriting the log rows' states
 * and the card table: what progress_review would have written had the
 * reviews come one by one in time order. */
static int
replay_all(struct progress *p, const struct srs_params *params,
    size_t *ncards, char *err, size_t errlen)
{
	sqlite3_stmt *rd = NULL, *up = NULL, *card = NULL;
	struct srs_card c, before;
	char *slug = NULL, *kind = NULL;
	int64_t introduced = 0;
	double r;
	int rc;
	bool have = false;

	*ncards = 0;
	if (sqlite3_prepare_v2(p->db, "SELECT id, slug, kind, ts, grade "
	    "FROM review_log ORDER BY slug, kind, ts, grade, id", -1, &rd,
	    NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(p->db, "UPDATE review_log SET elapsed_days = ?2, "
	    "scheduled_days = ?3, retrievability = ?4, state_before = ?5, "
	    "state_after = ?6, stability_before = ?7, stability_after = ?8, "
	    "difficulty_before = ?9, difficulty_after = ?10, due_after = ?11 "
	    "WHERE id = ?1", -1, &up, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(p->db, card_replace, -1, &card, NULL) !=
	    SQLITE_OK)
		goto sqlfail;
	for (;;) {
		const char *s, *k;
		bool same;

		rc = sqlite3_step(rd);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			goto sqlfail;
		s = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(rd, 1) :
		    NULL;
		k = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(rd, 2) :
		    NULL;
		same = have && s != NULL && strcmp(s, slug) == 0 &&
		    strcmp(k, kind) == 0;
		if (have && !same) {
			/* The card as its last review left it; introduced
			 * is its first review. */
			sqlite3_reset(card);
			bind_card(card, slug, kind, &c, introduced);
			if (sqlite3_step(card) != SQLITE_DONE)
				goto sqlfail;
			(*ncards)++;
			have = false;
		}
		if (rc == SQLITE_DONE)
			break;
		if (!have) {
			free(slug);
			free(kind);
			slug = xstrdup(s);
			kind = xstrdup(k);
			introduced = sqlite3_column_int64(rd, 3);
			srs_card_new(&c, introduced);
			have = true;
		}
		before = c;
		r = srs_retrievability(params, &before, sqlite3_column_int64(rd,
		    3));
		srs_review(params, &before, sqlite3_column_int64(rd, 3),
		    (enum srs_grade)sqlite3_column_int(rd, 4), &c);
		sqlite3_reset(up);
		sqlite3_bind_int64(up, 1, sqlite3_column_int64(rd, 0));
		bind_outcome(up, 2, &before, &c, r);
		if (sqlite3_step(up) != SQLITE_DONE)
			goto sqlfail;
	}
	sqlite3_finalize(rd);
	sqlite3_finalize(up);
	sqlite3_finalize(card);
	free(slug);
	free(kind);
	return PROGRESS_OK;
sqlfail:
	fail(p, PROGRESS_ERROR, err, errlen, "cannot replay the reviews");
	sqlite3_finalize(rd);
	sqlite3_finalize(up);
	sqlite3_finalize(card);
	free(slug);
	free(kind);
	return PROGRESS_ERROR;
}

int
progress_merge(struct progress *p, const struct progress_review_in *in,
    size_t n, const struct srs_params *params, size_t *added, size_t *cards,
    char *err, size_t errlen)
{
	sqlite3_stmt *ins = NULL, *newcard = NULL;
	size_t i, nadd = 0, ncards = 0;
	int status;

	if ((status = check_writable(p, err, errlen)) != 0)
		return status;
	for (i = 0; i < n; i++)
		if (in[i].slug == NULL || in[i].slug[0] == '\0' ||
		    in[i].kind == NULL || in[i].kind[0] == '\0' ||
		    in[i].ts < 0 || in[i].grade < SRS_AGAIN ||
		    in[i].grade > SRS_EASY) {
			snprintf(err, errlen, "review %zu: want a slug, a kind, a "
			    "time and a grade 1-4; nothing was merged", i + 1);
			return PROGRESS_ERROR;
		}
	if (exec(p, "BEGIN IMMEDIATE", err, errlen, "cannot lock") != 0)
		return PROGRESS_ERROR;
	/* A card row first (the log refers to it), replaced by the replay. */
	if (sqlite3_prepare_v2(p->db, "INSERT OR IGNORE INTO card (" CARD_COLUMNS
	    ", introduced) VALUES (?1, ?2, 0, 0, 0, 0, ?3, 0, 0, 0, 0, 0, ?3)",
	    -1, &newcard, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(p->db, "INSERT INTO review_log (slug, kind, ts, "
	    "grade, elapsed_days, scheduled_days, retrievability, state_before, "
	    "state_after, stability_before, stability_after, difficulty_before, "
	    "difficulty_after, due_after) SELECT ?1, ?2, ?3, ?4, 0, 0, 0, 0, 0, "
	    "0, 0, 0, 0, 0 WHERE NOT EXISTS (SELECT 1 FROM review_log WHERE "
	    "slug = ?1 AND kind = ?2 AND ts = ?3 AND grade = ?4)", -1, &ins,
	    NULL) != SQLITE_OK)
		goto sqlfail;
	for (i = 0; i < n; i++) {
		sqlite3_reset(newcard);
		sqlite3_bind_text(newcard, 1, in[i].slug, -1, SQLITE_STATIC);
		sqlite3_bind_text(newcard, 2, in[i].kind, -1, SQLITE_STATIC);
		sqlite3_bind_int64(newcard, 3, in[i].ts);
		if (sqlite3_step(newcard) != SQLITE_DONE)
			goto sqlfail;
		sqlite3_reset(ins);
		sqlite3_bind_text(ins, 1, in[i].slug, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, in[i].kind, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 3, in[i].ts);
		sqlite3_bind_int(ins, 4, in[i].grade);
		if (sqlite3_step(ins) != SQLITE_DONE)
			goto sqlfail;
		nadd += (size_t)sqlite3_changes(p->db);
	}
	sqlite3_finalize(newcard);
	sqlite3_finalize(ins);
	newcard = ins = NULL;
	/* The log as a set on both sides of every merge, or merging A into
	 * B and B into A would keep different copies of a repeated review. */
	if (exec(p, "DELETE FROM review_log WHERE id NOT IN (SELECT min(id) "
	    "FROM review_log GROUP BY slug, kind, ts, grade)", err, errlen,
	    "cannot merge") != 0)
		goto rollback;
	if ((status = replay_all(p, params, &ncards, err, errlen)) != 0)
		goto rollback;
	if ((status = exec(p, "COMMIT", err, errlen, "cannot merge")) != 0)
		goto rollback;
	if (added != NULL)
		*added = nadd;
	if (cards != NULL)
		*cards = ncards;
	return PROGRESS_OK;
sqlfail:
	status = fail(p, PROGRESS_ERROR, err, errlen, "cannot merge");
rollback:
	sqlite3_finalize(newcard);
	sqlite3_finalize(ins);
	sqlite3_exec(p->db, "ROLLBACK", NULL, NULL, NULL);
	return status == 0 ? PROGRESS_ERROR : status;
}

static int
items_query(struct progress *p, sqlite3_stmt *st, struct progress_item **items,
    size_t *n, char *err, size_t errlen)
{
	struct progress_item *v = NULL;
	size_t len = 0, cap = 0;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = xgrow(v, len, &cap, 16, sizeof *v);
		v[len].slug = xstrdup((const char *)sqlite3_column_text(st, 0));
		v[len].kind = xstrdup((const char *)sqlite3_column_text(st, 1));
		card_from_row(st, 2, &v[len].card);
		len++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		progress_items_free(v, len);
		*items = NULL;
		*n = 0;
		return fail(p, PROGRESS_ERROR, err, errlen, "list cards");
	}
	*items = v;
	*n = len;
	return PROGRESS_OK;
}

int
progress_due(struct progress *p, int64_t now, size_t limit,
    struct progress_item **items, size_t *n, char *err, size_t errlen)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(p->db, "SELECT " CARD_COLUMNS " FROM card "
	    "WHERE due <= ?1 ORDER BY due, slug, kind LIMIT ?2", -1, &st,
	    NULL) != SQLITE_OK)
		return fail(p, PROGRESS_ERROR, err, errlen, "list due cards");
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, limit == 0 ? -1 : (sqlite3_int64)limit);
	return items_query(p, st, items, n, err, errlen);
}

int
progress_cards(struct progress *p, struct progress_item **items, size_t *n,
    char *err, size_t errlen)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(p->db, "SELECT " CARD_COLUMNS " FROM card "
	    "ORDER BY slug, kind", -1, &st, NULL) != SQLITE_OK)
		return fail(p, PROGRESS_ERROR, err, errlen, "list cards");
	return items_query(p, st, items, n, err, errlen);
}

void
progress_items_free(struct progress_item *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(items[i].slug);
		free(items[i].kind);
	}
	free(items);
}

static int
count_query(struct progress *p, const char *sql, int64_t a, int64_t b,
    int *out, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(p->db, sql, -1, &st, NULL) != SQLITE_OK)
		return fail(p, PROGRESS_ERROR, err, errlen, "count");
	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_int64(st, 1, a);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, b);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return fail(p, PROGRESS_ERROR, err, errlen, "count");
	return PROGRESS_OK;
}

int
progress_new_today(struct progress *p, int64_t now, int *count, char *err,
    size_t errlen)
{
	int64_t day = progress_day(p, now);

	return count_query(p, "SELECT count(*) FROM card "
	    "WHERE introduced >= ?1 AND introduced < ?2",
	    progress_day_start(p, day), progress_day_start(p, day + 1), count,
	    err, errlen);
}

int
progress_reviews_today(struct progress *p, int64_t now, int *count,
    char *err, size_t errlen)
{
	int64_t day = progress_day(p, now);

	return count_query(p, "SELECT count(*) FROM review_log "
	    "WHERE ts >= ?1 AND ts < ?2 AND state_before = 2",
	    progress_day_start(p, day), progress_day_start(p, day + 1), count,
	    err, errlen);
}

int
progress_reviews(struct progress *p,
    bool (*cb)(const struct progress_log *, void *), void *arg, char *err,
    size_t errlen)
{
	struct progress_log l;
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(p->db, "SELECT id, slug, kind, ts, grade, "
	    "elapsed_days, scheduled_days, retrievability, state_before, "
	    "state_after, stability_before, stability_after, difficulty_before, "
	    "difficulty_after, due_after FROM review_log ORDER BY id", -1, &st,
	    NULL) != SQLITE_OK)
		return fail(p, PROGRESS_ERROR, err, errlen, "read the review log");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		l.id = sqlite3_column_int64(st, 0);
		l.slug = (const char *)sqlite3_column_text(st, 1);
		l.kind = (const char *)sqlite3_column_text(st, 2);
		l.ts = sqlite3_column_int64(st, 3);
		l.grade = sqlite3_column_int(st, 4);
		l.elapsed_days = sqlite3_column_int(st, 5);
		l.scheduled_days = sqlite3_column_int(st, 6);
		l.retrievability = sqlite3_column_double(st, 7);
		l.state_before = sqlite3_column_int(st, 8);
		l.state_after = sqlite3_column_int(st, 9);
		l.stability_before = sqlite3_column_double(st, 10);
		l.stability_after = sqlite3_column_double(st, 11);
		l.difficulty_before = sqlite3_column_double(st, 12);
		l.difficulty_after = sqlite3_column_double(st, 13);
		l.due_after = sqlite3_column_int64(st, 14);
		if (!cb(&l, arg)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(p, PROGRESS_ERROR, err, errlen, "read the review log");
	return PROGRESS_OK;
}

int
progress_note_lookup(struct progress *p, const char *slug, int64_t ts,
    char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int rc, status;

	if ((status = check_writable(p, err, errlen)) != 0)
		return status;
	if (sqlite3_prepare_v2(p->db, "INSERT INTO lookup (slug, ts) "
	    "VALUES (?1, ?2)", -1, &st, NULL) != SQLITE_OK)
		return fail(p, PROGRESS_ERROR, err, errlen, "note lookup");
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, ts);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(p, PROGRESS_ERROR, err, errlen, "note lookup");
	return PROGRESS_OK;
}

int
progress_recent_lookups(struct progress *p, size_t limit, char ***slugs,
    size_t *n, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	char **v = NULL;
	size_t len = 0, cap = 0;
	int rc;

	*slugs = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(p->db, "SELECT slug FROM lookup GROUP BY slug "
	    "ORDER BY max(ts) DESC, max(rowid) DESC LIMIT ?1", -1, &st,
	    NULL) != SQLITE_OK)
		return fail(p, PROGRESS_ERROR, err, errlen, "recent lookups");
	sqlite3_bind_int64(st, 1, limit == 0 ? -1 : (sqlite3_int64)limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = xgrow(v, len, &cap, 16, sizeof *v);
		v[len++] = xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		strv_free(v, len);
		return fail(p, PROGRESS_ERROR, err, errlen, "recent lookups");
	}
	*slugs = v;
	*n = len;
	return PROGRESS_OK;
}

int
progress_stats(struct progress *p, int64_t now, int ndays,
    struct progress_stats *s, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int64_t today = progress_day(p, now), day, expect;
	int64_t tomorrow = progress_day_end(p, now);
	int64_t from;
	int status, rc, good = 0;
	bool streak_open = true;

	memset(s, 0, sizeof *s);
	if (ndays < 1)
		ndays = 1;
	s->ndays = ndays;
	s->per_day = xcalloc((size_t)ndays, sizeof *s->per_day);
	s->retention = -1;
	from = progress_day_start(p, today - ndays + 1);

	if ((status = count_query(p, "SELECT count(*) FROM card WHERE due < ?1",
	    tomorrow, 0, &s->due_today, err, errlen)) != 0 ||
	    (status = count_query(p, "SELECT count(*) FROM card WHERE due < ?1",
	    progress_day_start(p, today + 8), 0, &s->due_week, err,
	    errlen)) != 0 ||
	    (status = count_query(p, "SELECT count(*) FROM card", 0, 0,
	    &s->cards, err, errlen)) != 0 ||
	    (status = count_query(p, "SELECT count(*) FROM review_log", 0, 0,
	    &s->reviews, err, errlen)) != 0 ||
	    (status = progress_new_today(p, now, &s->new_today, err,
	    errlen)) != 0)
		goto bad;

	/* Newest first: per-day buckets for the window, retention over the
	 * window, and the streak, which stops at the first missing day. */
	if (sqlite3_prepare_v2(p->db, "SELECT ts, grade, state_before "
	    "FROM review_log WHERE ts < ?1 ORDER BY ts DESC", -1, &st,
	    NULL) != SQLITE_OK) {
		status = fail(p, PROGRESS_ERROR, err, errlen, "stats");
		goto bad;
	}
	sqlite3_bind_int64(st, 1, tomorrow);
	expect = today;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t ts = sqlite3_column_int64(st, 0);

		day = progress_day(p, ts);
		if (ts >= from) {
			if (today - day >= 0 && today - day < ndays)
				s->per_day[today - day]++;
			if (sqlite3_column_int(st, 2) == SRS_REVIEW) {
				s->retention_reviews++;
				good += sqlite3_column_int(st, 1) > SRS_AGAIN;
			}
		} else if (!streak_open) {
			rc = SQLITE_DONE;	/* nothing older counts */
			break;
		}
		if (!streak_open || day > expect)
			continue;
		if (day == expect) {
			s->streak++;
			expect--;
		} else if (expect == today && day == today - 1) {
			/* No review yet today keeps yesterday's streak. */
			s->streak++;
			expect = day - 1;
		} else
			streak_open = false;
	}
	if (rc != SQLITE_DONE) {
		/* The message before finalize, which resets the error. */
		status = fail(p, PROGRESS_ERROR, err, errlen, "stats");
		sqlite3_finalize(st);
		goto bad;
	}
	sqlite3_finalize(st);
	if (s->retention_reviews > 0)
		s->retention = (double)good / s->retention_reviews;
	return PROGRESS_OK;
bad:
	progress_stats_free(s);
	return status;
}

int
progress_forecast(struct progress *p, int64_t now, int ndays, int *counts,
    char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int64_t today = progress_day(p, now), day;
	int rc;

	memset(counts, 0, (size_t)ndays * sizeof *counts);
	if (sqlite3_prepare_v2(p->db, "SELECT due FROM card WHERE due < ?1",
	    -1, &st, NULL) != SQLITE_OK)
		return fail(p, PROGRESS_ERROR, err, errlen, "forecast");
	sqlite3_bind_int64(st, 1, progress_day_start(p, today + ndays));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		day = progress_day(p, sqlite3_column_int64(st, 0)) - today;
		counts[day < 0 ? 0 : day]++;
	}
	if (rc != SQLITE_DONE) {
		fail(p, PROGRESS_ERROR, err, errlen, "forecast");
		sqlite3_finalize(st);
		return PROGRESS_ERROR;
	}
	sqlite3_finalize(st);
	return PROGRESS_OK;
}

void
progress_stats_free(struct progress_stats *s)
{
	free(s->per_day);
	s->per_day = NULL;
}
