/* srs.c - FSRS-6 scheduling, arithmetic only.
 *
 * Each formula follows ts-fsrs 5.x (BasicScheduler, enable_short_term on,
 * enable_fuzz off) operation for operation, including where it rounds to 8
 * decimals and where it uses JavaScript's Math.round, so that replaying its
 * review sequences gives the same stability and the same due times. Where
 * ts-fsrs does something surprising it is kept and the comment says so. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "srs.h"

#define S_MIN	0.001
#define S_MAX	36500.0
#define DAY	86400

static const double srs_default_w[SRS_NPARAMS] = {
	0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001,
	1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014,
	1.8729, 0.5425, 0.0912, 0.0658, 0.1542
};

/* JavaScript Math.round: ties go towards +infinity. x - floor(x) is exact
 * for every double, so this is the same number in both languages. */
static double
js_round(double x)
{
	double r = floor(x);

	return x - r >= 0.5 ? r + 1 : r;
}

/* ts-fsrs roundTo(x, 8): most intermediate results are cut to 8 decimals,
 * and leaving that out drifts by ~1e-8 per review. */
static double
round8(double x)
{
	return js_round(x * 1e8) / 1e8;
}

static double
clampd(double v, double lo, double hi)
{
	return fmin(fmax(v, lo), hi);
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

void
srs_params_default(struct srs_params *p)
{
	memset(p, 0, sizeof *p);
	memcpy(p->w, srs_default_w, sizeof p->w);
	p->retention = 0.9;
	p->maximum_interval = 36500;
	p->learning[0] = 1;
	p->learning[1] = 10;
	p->nlearning = 2;
	p->relearning[0] = 10;
	p->nrelearning = 1;
}

int
srs_params_check(const struct srs_params *p, char *err, size_t errlen)
{
	size_t i;

	if (!(p->retention > 0 && p->retention <= 1)) {
		snprintf(err, errlen, "desired retention %g is out of range: "
		    "use a value above 0 and at most 1 (e.g. 0.9)", p->retention);
		return -1;
	}
	if (p->maximum_interval < 1) {
		snprintf(err, errlen, "maximum interval %d is out of range: "
		    "use at least 1 day", p->maximum_interval);
		return -1;
	}
	if (p->nlearning > SRS_MAXSTEPS || p->nrelearning > SRS_MAXSTEPS) {
		snprintf(err, errlen, "too many learning steps (at most %d)",
		    SRS_MAXSTEPS);
		return -1;
	}
	for (i = 0; i < p->nlearning; i++) {
		if (p->learning[i] < 0) {
			snprintf(err, errlen, "learning step %zu is negative", i + 1);
			return -1;
		}
	}
	for (i = 0; i < p->nrelearning; i++) {
		if (p->relearning[i] < 0) {
			snprintf(err, errlen, "relearning step %zu is negative", i + 1);
			return -1;
		}
	}
	return 0;
}

void
srs_card_new(struct srs_card *c, int64_t now)
{
	memset(c, 0, sizeof *c);
	c->state = SRS_NEW;
	c->due = now;
}

/* F such that R(S, S) = 0.9 for the decay -w20, rounded as ts-fsrs does. */
static double
decay_factor(const struct srs_params *p, double *decay)
{
	*decay = -p->w[20];
	return round8(exp((1.0 / *decay) * log(0.9)) - 1);
}

double
srs_forgetting_curve(const struct srs_params *p, double days, double s)
{
	double decay, factor = decay_factor(p, &decay);

	return round8(pow(1 + factor * days / s, decay));
}

int
srs_elapsed_days(int64_t last, int64_t now)
{
	return (int)(floor_div(now, DAY) - floor_div(last, DAY));
}

double
srs_retrievability(const struct srs_params *p, const struct srs_card *c,
    int64_t now)
{
	int64_t t;

	if (c->state == SRS_NEW)
		return 0;
	/* Unlike scheduling, ts-fsrs counts whole 24-hour periods here. */
	t = floor_div(now - c->last_review, DAY);
	if (t < 0)
		t = 0;
	return srs_forgetting_curve(p, (double)t, c->stability);
}

static double
interval_modifier(const struct srs_params *p)
{
	double decay, factor = decay_factor(p, &decay);

	return round8((pow(p->retention, 1 / decay) - 1) / factor);
}

static int
next_interval(const struct srs_params *p, double s)
{
	double ivl = js_round(s * interval_modifier(p));

	if (ivl < 1)
		ivl = 1;
	if (ivl > p->maximum_interval)
		ivl = p->maximum_interval;
	return (int)ivl;
}

static double
init_stability(const struct srs_params *p, int g)
{
	return fmax(p->w[g - 1], 0.1);
}

static double
init_difficulty(const struct srs_params *p, int g)
{
	return round8(p->w[4] - exp((g - 1) * p->w[5]) + 1);
}

/* Linear damping towards 10, then mean reversion towards D0(Easy); D0(Easy)
 * is not clamped first, as in ts-fsrs. */
static double
next_difficulty(const struct srs_params *p, double d, int g)
{
	const double *w = p->w;
	double delta = -w[6] * (g - 3);
	double next = d + round8(delta * (10 - d) / 9);

	next = round8(w[7] * init_difficulty(p, SRS_EASY) + (1 - w[7]) * next);
	return clampd(next, 1, 10);
}

static double
next_recall_stability(const struct srs_params *p, double d, double s,
    double r, int g)
{
	const double *w = p->w;
	double hard = g == SRS_HARD ? w[15] : 1;
	double easy = g == SRS_EASY ? w[16] : 1;

	return round8(clampd(s * (1 + exp(w[8]) * (11 - d) * pow(s, -w[9]) *
	    (exp((1 - r) * w[10]) - 1) * hard * easy), S_MIN, S_MAX));
}

static double
next_forget_stability(const struct srs_params *p, double d, double s,
    double r)
{
	const double *w = p->w;

	return round8(clampd(w[11] * pow(d, -w[12]) *
	    (pow(s + 1, w[13]) - 1) * exp((1 - r) * w[14]), S_MIN, S_MAX));
}

/* Same-day reviews: FSRS-6 damps the gain by S^-w19 so that cramming a card
 * many times in one day does not inflate its stability. */
static double
next_short_term_stability(const struct srs_params *p, double s, int g)
{
	const double *w = p->w;
	double sinc = pow(s, -w[19]) * exp(w[17] * (g - 3 + w[18]));

	if (g >= SRS_HARD)
		sinc = fmax(sinc, 1);
	return round8(clampd(s * sinc, S_MIN, S_MAX));
}

/* The memory state after grade g, t days after the last review; r < 0
 * means "compute R from t". */
static void
next_memory(const struct srs_params *p, const struct srs_card *c, int t,
    int g, double r, struct srs_card *out)
{
	double d = c->difficulty, s = c->stability, ns;

	if (d == 0 && s == 0) {
		out->difficulty = clampd(init_difficulty(p, g), 1, 10);
		out->stability = init_stability(p, g);
		return;
	}
	if (r < 0)
		r = srs_forgetting_curve(p, t, s);
	if (t == 0)
		ns = next_short_term_stability(p, s, g);
	else if (g == SRS_AGAIN) {
		/* A lapse never leaves S above S / e^(w17 w18), the most a
		 * same-day Good could take it back up. */
		ns = clampd(round8(s / exp(p->w[17] * p->w[18])), S_MIN,
		    next_forget_stability(p, d, s, r));
	} else
		ns = next_recall_stability(p, d, s, r, g);
	out->difficulty = next_difficulty(p, d, g);
	out->stability = ns;
}

/* ts-fsrs BasicLearningStepsStrategy: the minutes until the next step and
 * that step's index, or 0 minutes to graduate to a day interval. */
static void
learning_step(const struct srs_params *p, const struct srs_card *c, int g,
    int *minutes, int *next)
{
	const int *steps;
	size_t n;
	int cur = c->step > 0 ? c->step : 0;

	*minutes = 0;
	*next = 0;
	if (c->state == SRS_RELEARNING || c->state == SRS_REVIEW) {
		steps = p->relearning;
		n = p->nrelearning;
	} else {
		steps = p->learning;
		n = p->nlearning;
	}
	if (n == 0 || (size_t)cur >= n)
		return;
	if (c->state == SRS_REVIEW) {
		if (g == SRS_AGAIN)
			*minutes = steps[cur];
		return;
	}
	switch (g) {
	case SRS_AGAIN:
		*minutes = steps[0];
		break;
	case SRS_HARD:
		if (n == 1)
			*minutes = (int)js_round(steps[0] * 1.5);
		else
			*minutes = (int)js_round((steps[0] + steps[1]) / 2.0);
		*next = cur;
		break;
	case SRS_GOOD:
		if ((size_t)cur + 1 < n && steps[cur + 1] != 0) {
			*minutes = steps[cur + 1];
			*next = cur + 1;
		}
		break;
	default:
		break;
	}
	if (*minutes < 0)
		*minutes = 0;
}

static void
apply_learning_steps(const struct srs_params *p, const struct srs_card *cur,
    int64_t now, int g, enum srs_state to, struct srs_card *next)
{
	int minutes, step, ivl;

	learning_step(p, cur, g, &minutes, &step);
	if (minutes > 0 && minutes < 1440) {
		next->step = step;
		next->scheduled_days = 0;
		next->state = to;
		next->due = now + (int64_t)minutes * 60;
		return;
	}
	next->state = SRS_REVIEW;
	if (minutes >= 1440) {
		next->step = step;
		next->due = now + (int64_t)minutes * 60;
		next->scheduled_days = minutes / 1440;
	} else {
		next->step = 0;
		ivl = next_interval(p, next->stability);
		next->scheduled_days = ivl;
		next->due = now + (int64_t)ivl * DAY;
	}
}

void
srs_preview(const struct srs_params *p, const struct srs_card *in,
    int64_t now, struct srs_card out[4])
{
	struct srs_card cur = *in;
	double r;
	int t = 0, g, hard, good, easy;
	enum srs_state to;

	if (in->state != SRS_NEW && in->last_review != 0)
		t = srs_elapsed_days(in->last_review, now);
	cur.last_review = now;
	cur.elapsed_days = t;
	cur.reps++;

	if (in->state != SRS_REVIEW) {
		to = in->state == SRS_NEW ? SRS_LEARNING : in->state;
		for (g = SRS_AGAIN; g <= SRS_EASY; g++) {
			out[g - 1] = cur;
			next_memory(p, &cur, t, g, -1, &out[g - 1]);
			apply_learning_steps(p, &cur, now, g, to, &out[g - 1]);
		}
		return;
	}

	r = srs_forgetting_curve(p, t, cur.stability);
	for (g = SRS_AGAIN; g <= SRS_EASY; g++) {
		out[g - 1] = cur;
		next_memory(p, &cur, t, g, r, &out[g - 1]);
	}
	/* Keep Hard < Good < Easy in whole days even when the stabilities
	 * round to the same interval. */
	hard = next_interval(p, out[1].stability);
	good = next_interval(p, out[2].stability);
	if (hard > good)
		hard = good;
	if (good < hard + 1)
		good = hard + 1;
	easy = next_interval(p, out[3].stability);
	if (easy < good + 1)
		easy = good + 1;
	out[1].scheduled_days = hard;
	out[2].scheduled_days = good;
	out[3].scheduled_days = easy;
	for (g = SRS_HARD; g <= SRS_EASY; g++) {
		out[g - 1].state = SRS_REVIEW;
		out[g - 1].step = 0;
		out[g - 1].due = now + (int64_t)out[g - 1].scheduled_days * DAY;
	}
	apply_learning_steps(p, &cur, now, SRS_AGAIN, SRS_RELEARNING, &out[0]);
	out[0].lapses++;
}

void
srs_review(const struct srs_params *p, const struct srs_card *in,
    int64_t now, enum srs_grade g, struct srs_card *out)
{
	struct srs_card all[4];

	if (g < SRS_AGAIN || g > SRS_EASY)
		g = SRS_AGAIN;
	srs_preview(p, in, now, all);
	*out = all[g - 1];
}

char *
srs_format_interval(int64_t secs, char *buf, size_t len)
{
	double days;

	if (secs < 60)
		snprintf(buf, len, "now");
	else if (secs < 3600)
		snprintf(buf, len, "%lldm", (long long)(secs + 30) / 60);
	else if (secs < DAY)
		snprintf(buf, len, "%lldh", (long long)(secs + 1800) / 3600);
	else {
		days = (double)secs / DAY;
		if (days < 31)
			snprintf(buf, len, "%.0fd", floor(days + 0.5));
		else if (days < 365)
			snprintf(buf, len, "%.1fmo", days / 30);
		else
			snprintf(buf, len, "%.1fy", days / 365);
	}
	return buf;
}

const char *
srs_state_name(enum srs_state s)
{
	static const char *const names[] = {
		"new", "learning", "review", "relearning"
	};

	return s >= SRS_NEW && s <= SRS_RELEARNING ? names[s] : "?";
}

const char *
srs_grade_name(enum srs_grade g)
{
	static const char *const names[] = { "again", "hard", "good", "easy" };

	return g >= SRS_AGAIN && g <= SRS_EASY ? names[g - 1] : "?";
}
