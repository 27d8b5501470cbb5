/* test-srs.c - FSRS-6 against ts-fsrs (tests/data/fsrs-fixture.txt) and a
 * few facts checked by hand. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srs.h"
#include "tap.h"

#define EPS	1e-6

static void
test_facts(void)
{
	struct srs_params p;
	struct srs_card c, out[4], r;
	int64_t now = 1700000000;
	char buf[32], err[128];
	int g;

	srs_params_default(&p);
	is_int(p.w[20] == 0.1542, 1, "FSRS-6 decay w20 is 0.1542");
	srs_card_new(&c, now);
	srs_review(&p, &c, now, SRS_GOOD, &r);
	ok(fabs(r.stability - 2.3065) < EPS, "new card, Good: S = 2.3065 (got %.8f)",
	    r.stability);
	is_int(r.due - now, 600, "new card, Good: due in 10 minutes");
	is_int(r.state, SRS_LEARNING, "new card, Good: learning");
	is_int(r.step, 1, "new card, Good: second learning step");
	srs_review(&p, &c, now, SRS_AGAIN, &r);
	is_int(r.due - now, 60, "new card, Again: due in 1 minute");
	srs_review(&p, &c, now, SRS_HARD, &r);
	is_int(r.due - now, 360, "new card, Hard: due in 6 minutes (mean of 1m and 10m)");
	srs_review(&p, &c, now, SRS_EASY, &r);
	is_int(r.state, SRS_REVIEW, "new card, Easy: straight to review");
	ok(fabs(r.stability - 8.2956) < EPS, "new card, Easy: S = w3");
	is_int(r.scheduled_days, 8, "new card, Easy: 8 days");

	ok(fabs(srs_forgetting_curve(&p, 10, 10) - 0.9) < 1e-6,
	    "R(S, S) = 0.9");
	ok(srs_forgetting_curve(&p, 20, 10) < srs_forgetting_curve(&p, 5, 10),
	    "R falls with time");

	/* Monotonicity for review cards over a spread of memory states. */
	for (g = 0; g < 40; g++) {
		struct srs_card rc;

		srs_card_new(&rc, now);
		rc.state = SRS_REVIEW;
		rc.stability = 0.5 + g * 7.3;
		rc.difficulty = 1 + (g % 10) * 0.9;
		rc.last_review = now - (int64_t)(1 + g * 3) * 86400;
		rc.reps = 3;
		srs_preview(&p, &rc, now, out);
		if (!(out[3].scheduled_days > out[2].scheduled_days &&
		    out[2].scheduled_days > out[1].scheduled_days &&
		    out[1].due > out[0].due))
			break;
	}
	is_int(g, 40, "review cards: Easy > Good > Hard > Again for 40 states");

	srs_card_new(&c, now);
	srs_preview(&p, &c, now, out);
	is_str(srs_format_interval(out[2].due - now, buf, sizeof buf), "10m",
	    "label for Good on a new card");
	is_str(srs_format_interval(3 * 86400, buf, sizeof buf), "3d", "3 days label");
	is_str(srs_format_interval(400 * 86400, buf, sizeof buf), "1.1y", "years label");

	p.retention = 1.5;
	ok(srs_params_check(&p, err, sizeof err) == -1 && strstr(err, "retention"),
	    "retention above 1 is refused");
	srs_params_default(&p);
	ok(srs_params_check(&p, err, sizeof err) == 0, "defaults pass the check");

	/* A higher desired retention means shorter intervals. */
	{
		struct srs_params hi;
		struct srs_card rc, a, b;

		srs_params_default(&hi);
		hi.retention = 0.97;
		srs_card_new(&rc, now);
		rc.state = SRS_REVIEW;
		rc.stability = 30;
		rc.difficulty = 5;
		rc.last_review = now - 30 * 86400;
		srs_review(&p, &rc, now, SRS_GOOD, &a);
		srs_review(&hi, &rc, now, SRS_GOOD, &b);
		ok(b.scheduled_days < a.scheduled_days,
		    "retention 0.97 gives a shorter interval (%d < %d)",
		    b.scheduled_days, a.scheduled_days);
	}
}

static char *
fixture_path(void)
{
	const char *srcdir = getenv("srcdir");
	size_t n;
	char *path;

	if (srcdir == NULL)
		srcdir = ".";
	n = strlen(srcdir) + 64;
	path = malloc(n);
	snprintf(path, n, "%s/tests/data/fsrs-fixture.txt", srcdir);
	return path;
}

static void
test_fixture(void)
{
	struct srs_params p;
	struct srs_card c;
	char line[512], *path = fixture_path();
	FILE *fp = fopen(path, "r");
	double maxerr = 0, ret;
	long long seq, now, created, due;
	int grade, state, step, reps, lapses, sched, elapsed, maxivl;
	double r, s, d, rgot;
	int nseq = 0, nrev = 0, bad = 0, lineno = 0;

	if (!ok(fp != NULL, "open %s", path)) {
		free(path);
		return;
	}
	srs_params_default(&p);
	srs_card_new(&c, 0);
	while (fgets(line, sizeof line, fp) != NULL) {
		lineno++;
		if (line[0] == 'S') {
			if (sscanf(line, "S %lld %lf %d %lld", &seq, &ret, &maxivl,
			    &created) != 4) {
				bad++;
				continue;
			}
			srs_params_default(&p);
			p.retention = ret;
			p.maximum_interval = maxivl;
			srs_card_new(&c, created);
			nseq++;
			continue;
		}
		if (line[0] != 'R')
			continue;
		if (sscanf(line, "R %lld %lld %d %lf %lf %lf %d %d %lld %d %d %d %d",
		    &seq, &now, &grade, &r, &s, &d, &state, &step, &due, &reps,
		    &lapses, &sched, &elapsed) != 13) {
			bad++;
			continue;
		}
		nrev++;
		rgot = srs_retrievability(&p, &c, now);
		srs_review(&p, &c, now, grade, &c);
		maxerr = fmax(maxerr, fabs(rgot - r));
		maxerr = fmax(maxerr, fabs(c.stability - s));
		maxerr = fmax(maxerr, fabs(c.difficulty - d));
		if (fabs(rgot - r) > EPS || fabs(c.stability - s) > EPS ||
		    fabs(c.difficulty - d) > EPS || (int)c.state != state ||
		    c.step != step || c.due != due || c.reps != reps ||
		    c.lapses != lapses || c.scheduled_days != sched ||
		    c.elapsed_days != elapsed) {
			if (bad++ < 5)
				tap_diag("line %d (seq %lld): got R %.8f S %.8f D %.8f "
				    "state %d step %d due %lld reps %d lapses %d "
				    "ivl %d el %d", lineno, seq, rgot, c.stability,
				    c.difficulty, c.state, c.step, (long long)c.due,
				    c.reps, c.lapses, c.scheduled_days,
				    c.elapsed_days);
			/* Go on from the reference state, so one miss is
			 * reported once rather than for the rest of the
			 * sequence. */
			c.stability = s;
			c.difficulty = d;
			c.state = state;
			c.step = step;
			c.due = due;
			c.reps = reps;
			c.lapses = lapses;
		}
	}
	fclose(fp);
	free(path);
	ok(nseq >= 120, "fixture has %d sequences (>= 120)", nseq);
	is_int(bad, 0, "all %d fixture reviews match ts-fsrs (max error %.3g)",
	    nrev, maxerr);
	tap_diag("fixture: %d sequences, %d reviews, max abs error %.3g",
	    nseq, nrev, maxerr);
}

int
main(void)
{
	test_facts();
	test_fixture();
	return done_testing();
}
