/* stats.h - what lore stats and the browser's stats screen show: counts,
 * true retention, a forecast of due cards and a year of reviews, drawn as
 * plain text charts (Unicode, or ASCII), no colour. */
#ifndef LORE_STATS_H
#define LORE_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "progress.h"
#include "util.h"

#define STATS_DAYS	14	/* the reviews-per-day chart */
#define FORECAST_DAYS	30
#define RETENTION_DAYS	30
#define YEAR_WEEKS	53
#define YEAR_DAYS	(YEAR_WEEKS * 7)
#define CHART_ROWS	6

/* What lore stats shows: the counts and the 14 days' chart (st), true
 * retention over 30 days (st30), a year of reviews, and the forecast. */
struct stats_all {
	struct progress_stats	 st, st30, year;
	int			 forecast[FORECAST_DAYS];
};


/* Everything from progress.db as of now; free with stats_free. */
int	 stats_load(struct progress *p, int64_t now, struct stats_all *a,
	    char *err, size_t errsz);
void	 stats_free(struct stats_all *a);
/* The text of lore stats into b, charts width columns wide at most. */
void	 stats_text(struct buf *b, bool ascii, int width, struct progress *p,
	    int64_t now, const struct stats_all *a);
/* "Sun 03-10", or "2024-03-10" when iso, for a local day. */
void	 stats_day_label(struct progress *p, int64_t day, bool iso, char *buf,
	    size_t len);

#endif
