/* stats.c - the numbers and the text charts of lore stats, shared by the
 * CLI and the browser. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "stats.h"

void
stats_day_label(struct progress *p, int64_t day, bool iso, char *buf,
    size_t len)
{
	time_t t = (time_t)progress_day_start(p, day);
	struct tm tm;
	size_t n = 0;

	if (localtime_r(&t, &tm) != NULL)
		n = iso ? strftime(buf, len, "%Y-%m-%d", &tm) :
		    strftime(buf, len, "%a %m-%d", &tm);
	if (n == 0)
		snprintf(buf, len, "?");
}

int
stats_load(struct progress *p, int64_t now, struct stats_all *a, char *err,
    size_t errsz)
{
	memset(a, 0, sizeof *a);
	if (progress_stats(p, now, STATS_DAYS, &a->st, err, errsz) !=
	    PROGRESS_OK || progress_stats(p, now, RETENTION_DAYS, &a->st30,
	    err, errsz) != PROGRESS_OK || progress_stats(p, now, YEAR_DAYS,
	    &a->year, err, errsz) != PROGRESS_OK ||
	    progress_forecast(p, now, FORECAST_DAYS, a->forecast, err,
	    errsz) != PROGRESS_OK) {
		stats_free(a);
		return -1;
	}
	return 0;
}

void
stats_free(struct stats_all *a)
{
	progress_stats_free(&a->st);
	progress_stats_free(&a->st30);
	progress_stats_free(&a->year);
}

/* A vertical bar chart of the forecast: one column of two cells a day,
 * eighths of a cell in Unicode, '#' and '.' in ASCII. */
static void
chart_forecast(struct buf *b, bool ascii, const int *v, int n)
{
	static const char *const eighth[] = { " ", "\xe2\x96\x81",
	    "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84", "\xe2\x96\x85",
	    "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88" };
	int max = 0, total = 0, r, i, lvl, h, pos;

	for (i = 0; i < n; i++) {
		if (v[i] > max)
			max = v[i];
		total += v[i];
	}
	buf_printf(b, "\nDue in the next %d days: %d card%s\n", n, total,
	    total == 1 ? "" : "s");
	if (max == 0)
		return;
	for (r = CHART_ROWS - 1; r >= 0; r--) {
		if (r == CHART_ROWS - 1)
			buf_printf(b, "%5d |", max);
		else
			buf_adds(b, r == 0 ? "    0 |" : "      |");
		for (i = 0; i < n; i++) {
			/* Rounded up: a day with one card shows a mark. */
			h = (v[i] * CHART_ROWS * 8 + max - 1) / max;
			lvl = h - r * 8;
			lvl = lvl < 0 ? 0 : lvl > 8 ? 8 : lvl;
			if (ascii)
				buf_adds(b, lvl == 0 ? "  " : lvl == 8 ? "##" : "..");
			else {
				buf_adds(b, eighth[lvl]);
				buf_adds(b, eighth[lvl]);
			}
		}
		buf_addc(b, '\n');
	}
	buf_printf(b, "      +");
	for (i = 0; i < n; i++)
		buf_adds(b, i % 7 == 0 ? "+-" : "--");
	/* Each label starts under its tick. */
	pos = 12;
	buf_adds(b, "\n       today");
	for (i = 7; i < n; i += 7)
		{
			int pad = 7 + i * 2 - pos > 0 ? 7 + i * 2 - pos : 1;

			buf_printf(b, "%*s+%dd", pad, "", i);
			pos += pad + 2 + (i >= 10);
		}
	buf_addc(b, '\n');
}

/* A year of reviews as a calendar, GitHub style: a column a week, Monday
 * on top, darker for more reviews (quarters of the busiest day). */
static void
chart_year(struct buf *b, bool ascii, struct progress *p, int64_t now,
    const struct progress_stats *y)
{
	static const char *const utf[] = { "\xc2\xb7", "\xe2\x96\x91",
	    "\xe2\x96\x92", "\xe2\x96\x93", "\xe2\x96\x88" };
	static const char *const asc[] = { ".", "-", "+", "*", "#" };
	static const char *const rowname[] = { "Mon", "", "Wed", "", "Fri", "",
	    "" };
	int64_t today = progress_day(p, now);
	time_t t = (time_t)progress_day_start(p, today);
	struct tm tm;
	int wd, max = 0, total = 0, days = 0, row, col, ago, lvl, i, last = -9;
	char month[8], line[YEAR_WEEKS + 8];

	if (localtime_r(&t, &tm) == NULL)
		return;
	wd = (tm.tm_wday + 6) % 7;	/* Monday 0 */
	for (i = 0; i < y->ndays; i++) {
		if (y->per_day[i] > max)
			max = y->per_day[i];
		total += y->per_day[i];
		days += y->per_day[i] > 0;
	}
	buf_printf(b, "\nReviews in the last year: %d, on %d day%s\n", total, days,
	    days == 1 ? "" : "s");
	/* Month names over the week a month starts in. */
	memset(line, ' ', sizeof line);
	line[sizeof line - 1] = '\0';
	for (col = 0; col < YEAR_WEEKS; col++) {
		ago = (YEAR_WEEKS - 1 - col) * 7 + wd;	/* the Monday */
		t = (time_t)progress_day_start(p, today - ago);
		if (localtime_r(&t, &tm) == NULL || tm.tm_mday > 7 ||
		    col - last < 4 || col + 3 > YEAR_WEEKS)
			continue;
		strftime(month, sizeof month, "%b", &tm);
		memcpy(line + 4 + col, month, strlen(month) > 3 ? 3 :
		    strlen(month));
		last = col;
	}
	for (i = (int)sizeof line - 2; i >= 0 && line[i] == ' '; i--)
		line[i] = '\0';
	buf_printf(b, "%s\n", line);
	for (row = 0; row < 7; row++) {
		buf_printf(b, "%-3s ", rowname[row]);
		for (col = 0; col < YEAR_WEEKS; col++) {
			ago = (YEAR_WEEKS - 1 - col) * 7 + wd - row;
			if (ago < 0 || ago >= y->ndays) {
				buf_addc(b, ' ');
				continue;
			}
			lvl = y->per_day[ago] == 0 ? 0 :
			    1 + (y->per_day[ago] * 4 - 1) / max;
			buf_adds(b, ascii ? asc[lvl] : utf[lvl]);
		}
		buf_addc(b, '\n');
	}
	buf_printf(b, "    less %s%s%s%s%s more\n", ascii ? asc[0] : utf[0],
	    ascii ? asc[1] : utf[1], ascii ? asc[2] : utf[2],
	    ascii ? asc[3] : utf[3], ascii ? asc[4] : utf[4]);
}

void
stats_text(struct buf *b, bool ascii, int width, struct progress *p,
    int64_t now, const struct stats_all *a)
{
	const struct progress_stats *st = &a->st;
	int64_t today = progress_day(p, now);
	char date[32];
	int i, j, max = 1, bar, room;

	buf_printf(b, "Due today          %5d\n", st->due_today);
	buf_printf(b, "Due within 7 days  %5d\n", st->due_week);
	buf_printf(b, "Cards              %5d  (%d new today)\n", st->cards,
	    st->new_today);
	buf_printf(b, "Reviews            %5d\n", st->reviews);
	/* True retention: the share of reviews of cards in review that
	 * were passed (Hard or better). */
	if (a->st30.retention < 0)
		buf_printf(b, "Retention              -  (no reviews of learned cards "
		    "in %d days)\n", RETENTION_DAYS);
	else
		buf_printf(b, "Retention           %3.0f%%  (%d review%s of learned "
		    "cards in %d days passed)\n", a->st30.retention * 100,
		    a->st30.retention_reviews,
		    a->st30.retention_reviews == 1 ? "" : "s", RETENTION_DAYS);
	buf_printf(b, "Streak             %5d day%s\n", st->streak,
	    st->streak == 1 ? "" : "s");

	buf_printf(b, "\nReviews per day, last %d days\n", st->ndays);
	for (i = 0; i < st->ndays; i++)
		if (st->per_day[i] > max)
			max = st->per_day[i];
	room = width - 24;
	if (room > 50)
		room = 50;
	if (room < 10)
		room = 10;
	for (i = st->ndays - 1; i >= 0; i--) {
		stats_day_label(p, today - i, false, date, sizeof date);
		buf_printf(b, "  %-10s ", date);
		/* Round up, so a day with one review still shows a mark. */
		bar = (st->per_day[i] * room + max - 1) / max;
		for (j = 0; j < bar; j++)
			buf_adds(b, ascii ? "#" : "\xe2\x96\x88");
		if (st->per_day[i] > 0)
			buf_printf(b, " %d", st->per_day[i]);
		buf_adds(b, i == 0 ? "  (today)\n" : "\n");
	}
	chart_forecast(b, ascii, a->forecast, FORECAST_DAYS);
	chart_year(b, ascii, p, now, &a->year);
}

