/* quiz.c - quiz, stats, export: flashcards on the command line.
 *
 * The quiz is a plain line-oriented loop so that it behaves the same on a
 * terminal and from a pipe: print a prompt, read one line, print, read the
 * grade, commit, repeat. Every grade is committed by progress_review()
 * before the next card is shown and only then acknowledged with a line
 * starting "Saved:", so a crash or a kill loses at most the card on screen. */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "conf.h"
#include "corpus.h"
#include "progress.h"
#include "quiz.h"
#include "render.h"
#include "search.h"
#include "srs.h"
#include "stats.h"
#include "study.h"
#include "text.h"
#include "util.h"

#define SGR_BOLD	"\033[1m"
#define SGR_DIM		"\033[2m"
#define SGR_GOOD	"\033[32m"
#define SGR_BAD		"\033[31m"
#define SGR_OFF		"\033[0m"

#define QUIZ_LENGTH	20	/* cards per session without -n */
#define RECENT_MAX	50	/* --mode recent: this many recent lookups */


/* The CLI's clock: a bad LORE_NOW is a usage error. */
static int
clock_init(const struct cli *o, struct study_clock *ck)
{
	char err[256];

	if (study_clock_init(ck, o->now, err, sizeof err) != 0) {
		cli_error("%s", err);
		return -1;
	}
	return 0;
}

static int64_t
clock_now(const struct study_clock *ck)
{
	return study_clock_now(ck);
}

/* Open progress.db, making its directory; prints the error. */
static struct progress *
progress_get(const struct cli *o)
{
	struct progress *p;
	char err[1024];

	if (cli_mkdir_for(o->progress) != 0) {
		cli_error("%s: cannot make its directory: %s", o->progress,
		    strerror(errno));
		return NULL;
	}
	if (progress_open(&p, o->progress, err, sizeof err) != PROGRESS_OK ||
	    progress_check_writable(p, err, sizeof err) != PROGRESS_OK) {
		cli_error("%s", err);
		progress_close(p);
		return NULL;
	}
	return p;
}

struct progress *
cli_progress_open(const struct cli *o)
{
	return progress_get(o);
}

/* For reading only: a progress.db that does not exist yet reads as an
 * empty one, and is not created by merely looking. */
static struct progress *
progress_peek(const struct cli *o)
{
	struct progress *p;
	char err[1024];

	if (access(o->progress, F_OK) == 0 || errno != ENOENT)
		return progress_get(o);
	if (progress_open(&p, ":memory:", err, sizeof err) != PROGRESS_OK) {
		cli_error("%s", err);
		return NULL;
	}
	return p;
}

/* ---- the terms a quiz or an export works on ---- */

/* The terms of --letter and --category, narrowed to those regex matches
 * (headword, aliases or body) and to the slugs in only (sorted), in A-Z
 * order. Prints errors and returns -1. */
static int
termset_load(const struct cli *o, struct corpus *c, const char *regex,
    char **only, size_t nonly, struct study_terms *ts)
{
	struct study_scope sc = { 0 };
	char err[512];
	size_t off;
	int rc;

	memset(ts, 0, sizeof *ts);
	if ((sc.letter = cli_letter(o->letter)) == (char)-1) {
		cli_error("--letter wants A-Z or #");
		return -1;
	}
	if (regex != NULL && (sc.re = search_compile(regex, SEARCH_SMARTCASE,
	    err, sizeof err, &off)) == NULL) {
		cli_error("bad regex: %s", err);
		cli_caret(regex, off);
		return -1;
	}
	sc.category = o->category;
	sc.only = only;
	sc.nonly = nonly;
	rc = study_terms_load(c, &sc, &cli_interrupted, ts, err, sizeof err);
	/* Never a failure without a word: a term that went away between
	 * the listing and its read (an import replacing it) leaves no
	 * message of its own. */
	if (rc != 0)
		cli_error("%s", err[0] != '\0' ? err : cli_interrupted ?
		    "interrupted" : "cannot read the terms (did an import "
		    "change them?); try again");
	search_free(sc.re);
	return rc;
}

/* ---- lore quiz ---- */

/* The quiz settings of the config file, as the browser reads them. */
struct quiz_conf {
	struct conf_quiz	 quiz;
	bool			 ours;	/* the error to come is on our line */
};

static int
conf_set_quiz(void *arg, const char *name, const char *value, char *err,
    size_t errsz)
{
	struct quiz_conf *qc = arg;
	int rc = conf_quiz_set(&qc->quiz, name, value, err, errsz);

	qc->ours = rc < 0;
	return rc < 0 ? -1 : 0;
}

/* The other lines are the browser's, and so are their errors: it reports
 * them, and lore quiz need not repeat them at every session. */
static void
conf_error_quiz(void *arg, const char *path, long line, const char *msg)
{
	struct quiz_conf *qc = arg;

	if (qc->ours || line == 0)
		cli_error("%s:%ld: %s", path, line, msg);
	qc->ours = false;
}

static void
quiz_conf_load(struct conf_quiz *q)
{
	static const struct conf_ops ops = { NULL, conf_set_quiz,
	    conf_error_quiz };
	struct quiz_conf qc = { { 0 }, false };
	char *path = conf_path();

	if (path != NULL)
		conf_load(path, &ops, &qc);
	free(path);
	*q = qc.quiz;
}

void
cli_quiz_params(const struct cli *o, struct srs_params *p)
{
	struct conf_quiz qconf;

	quiz_conf_load(&qconf);
	if (qconf.retention > 0)
		p->retention = qconf.retention;
	if (o->retention > 0)
		p->retention = o->retention;
}

/* --mode: a comma-separated list of card kinds (define, reverse, typed,
 * choice, cloze; "all" or "mixed" for every kind) and the selection
 * "recent". */
struct mode {
	unsigned	 kinds;
	bool		 recent;
};

static int
mode_parse(const char *s, struct mode *m)
{
	char *copy, *tok, *save = NULL;
	int k, rc = 0;

	m->kinds = 0;
	m->recent = false;
	if (s == NULL)
		return 0;
	copy = xstrdup(s);
	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		if (strcmp(tok, "recent") == 0)
			m->recent = true;
		else if (strcmp(tok, "all") == 0 || strcmp(tok, "mixed") == 0)
			m->kinds = QUIZ_KIND_ALL;
		else if ((k = quiz_kind_parse(tok)) >= 0)
			m->kinds |= 1u << k;
		else {
			cli_error("--mode %s: '%s' is not define, reverse, typed, "
			    "choice, cloze, all or recent", s, tok);
			rc = -1;
			break;
		}
	}
	free(copy);
	return rc;
}

struct session {
	const struct cli	*o;
	struct progress		*p;
	struct srs_params	 params;
	struct study_clock	 ck;
	struct study_terms		 ts;
	struct quiz_item	*items;
	size_t			 nitems;
	struct quiz_queue	 qq;
	/* One record per grade of this session, for u (undo). */
	struct graded {
		struct progress_undo	 u;
		int			 g;
	}			*undo;
	size_t			 nundo, capundo;
	int64_t			 learn_ahead;	/* seconds */
	uint64_t		 seed;
	bool			 sty;
	/* stdin is not a terminal: echo what is read, and every card
	 * reads a grade line (see card_run). */
	bool			 piped;
	bool			 quit;		/* stopped with a card on screen */
	char			*line;
	size_t			 linecap;
	int			 graded[4];
};

enum card_result {
	CARD_GRADED,
	CARD_SKIPPED,
	CARD_UNDO,
	CARD_QUIT,
	CARD_FAILED
};

/* One line of input without its line end; NULL at end of input or after
 * a signal, either of which ends the session. */
static const char *
read_answer(struct session *s)
{
	ssize_t n;

	fflush(stdout);
	if (cli_interrupted)
		return NULL;
	n = getline(&s->line, &s->linecap, stdin);
	if (n < 0 || cli_interrupted) {
		fputc('\n', stdout);
		return NULL;
	}
	while (n > 0 && (s->line[n - 1] == '\n' || s->line[n - 1] == '\r'))
		s->line[--n] = '\0';
	/* From a pipe nothing echoes what was read; put it in the transcript
	 * so that the output reads like the terminal session would. */
	if (s->piped) {
		cli_puts(stdout, s->line);
		fputc('\n', stdout);
	}
	return s->line;
}

/* Is l the one-letter command c ("q", "u", "?"), spaces aside? */
static bool
is_cmd(const char *l, char c)
{
	l += strspn(l, " ");
	return (l[0] == c || l[0] == (c ^ 0x20)) && l[1 + strspn(l + 1, " ")] ==
	    '\0';
}

static bool
is_quit(const char *l)
{
	while (*l == ' ')
		l++;
	return (l[0] == 'q' || l[0] == 'Q') && (l[1] == '\0' || l[1] == ' ' ||
	    strcmp(l + 1, "uit") == 0);
}

static bool
is_blank(const char *l)
{
	return l[strspn(l, " \t")] == '\0';
}

static void
keys_help(void)
{
	fputs("Keys: Enter shows the answer; then 1 Again, 2 Hard, 3 Good, "
	    "4 Easy,\nEnter takes the grade offered (Good, or what a typed "
	    "or picked answer earned);\nu undoes the last grade, q stops "
	    "(every grade given is already saved), ? this help.\n", stdout);
}

/* Print prompt and read a line; ? prints the keys and asks again. */
static const char *
ask(struct session *s, const char *prompt)
{
	const char *l;

	for (;;) {
		fputs(prompt, stdout);
		if ((l = read_answer(s)) == NULL || !is_cmd(l, '?'))
			return l;
		keys_help();
	}
}

static void
print_md(struct session *s, const char *md)
{
	struct render_opts ro = { s->o->width, s->o->ascii, true, NULL };
	struct rdoc doc = { 0 };

	render_markdown(md, strlen(md), &ro, &doc);
	cli_print_doc(&doc, stdout, s->sty);
	rdoc_free(&doc);
}

static void
print_styled(struct session *s, const char *sgr, const char *text)
{
	fputs(s->sty ? sgr : "", stdout);
	cli_puts(stdout, text);
	fputs(s->sty ? SGR_OFF : "", stdout);
}

static int
parse_grade(const char *l)
{
	size_t i;

	while (*l == ' ')
		l++;
	if (l[0] >= '1' && l[0] <= '4' && l[1 + strspn(l + 1, " ")] == '\0')
		return l[0] - '0';
	for (i = SRS_AGAIN; i <= SRS_EASY; i++) {
		if (l[0] != '\0' &&
		    strncasecmp(l, study_grade_label(i), strlen(l)) == 0)
			return (int)i;
	}
	return 0;
}

/* Ask for a grade, showing the interval each would give; an empty line
 * takes suggest (Good unless an answer earned another). 0: quit, -1:
 * undo the previous grade. */
static int
grade_ask(struct session *s, const struct quiz_term *t, enum quiz_kind kind,
    int suggest)
{
	struct srs_card out[4];
	char err[512], iv[32];
	const char *l;
	int64_t now = clock_now(&s->ck);
	int g, i;

	if (study_preview(s->p, &s->params, t->slug, kind, now, out, err,
	    sizeof err) != PROGRESS_OK) {
		cli_error("%s", err);
		return 0;
	}
	if (suggest == 0)
		suggest = SRS_GOOD;
	for (;;) {
		for (i = 0; i < 4; i++) {
			srs_format_interval(out[i].due - now, iv, sizeof iv);
			printf("%s%d %s %s", i > 0 ? "  " : "", i + 1,
			    study_grade_label(i + 1), iv);
		}
		printf("  (Enter: %d %s)", suggest, study_grade_label(suggest));
		if ((l = ask(s, " > ")) == NULL || is_quit(l))
			return 0;
		if (is_cmd(l, 'u'))
			return -1;
		if (is_blank(l))
			return suggest;
		if ((g = parse_grade(l)) != 0)
			return g;
		printf("Grade 1 (Again) to 4 (Easy), Enter for %s, u to undo "
		    "the last grade, or q to stop.\n", study_grade_label(suggest));
	}
}

/* Commit the grade, then acknowledge it: the "Saved:" line is printed
 * only once the review is durable in progress.db. */
static int
grade_save(struct session *s, size_t idx, int g)
{
	const struct quiz_item *it = &s->items[idx];
	const struct quiz_term *t = &s->ts.q[it->term];
	struct progress_undo u;
	struct srs_card after;
	char err[1024], iv[32];
	int64_t now = clock_now(&s->ck);

	if (progress_review_undoable(s->p, t->slug, quiz_kind_name(it->kind),
	    &s->params, now, (enum srs_grade)g, &after, &u, err, sizeof err) !=
	    PROGRESS_OK) {
		cli_error("%s", err);
		return -1;
	}
	s->undo = xgrow(s->undo, s->nundo, &s->capundo, 16, sizeof *s->undo);
	s->undo[s->nundo].u = u;
	s->undo[s->nundo++].g = g;
	quiz_queue_graded(&s->qq, idx, &after, progress_day_end(s->p, now));
	s->graded[g - 1]++;
	srs_format_interval(after.due - now, iv, sizeof iv);
	printf("Saved: %s, next in %s\n", study_grade_label(g), iv);
	fflush(stdout);
	return 0;
}

/* Take back the last grade, in progress.db and in the session. */
static void
grade_undo(struct session *s)
{
	struct graded *gr;
	char err[1024];

	if (s->nundo == 0) {
		printf("Nothing to undo in this session.\n");
		return;
	}
	gr = &s->undo[s->nundo - 1];
	if (progress_undo(s->p, &gr->u, err, sizeof err) != PROGRESS_OK) {
		cli_error("%s", err);
		return;
	}
	s->nundo--;
	s->graded[gr->g - 1]--;
	quiz_queue_undo(&s->qq);
	printf("Undone: %s on %s (%s) is taken back; the card comes again.\n",
	    study_grade_label(gr->g), gr->u.slug, gr->u.kind);
}

/* The verdict and the right answer; diff (from quiz_check_typed) shows a
 * near miss. */
static void
verdict_print(struct session *s, const struct quiz_term *t,
    enum quiz_verdict v, const char *diff)
{
	switch (v) {
	case QUIZ_CORRECT:
		print_styled(s, SGR_GOOD, "Correct: ");
		break;
	case QUIZ_ALMOST:
		print_styled(s, SGR_BAD, "Almost: ");
		if (diff != NULL) {
			cli_puts(stdout, diff);
			fputs("  (", stdout);
			print_styled(s, SGR_DIM, "[x] missing, (x) extra, "
			    "[want/got]");
			fputs(")\n  the answer is ", stdout);
		}
		break;
	default:
		print_styled(s, SGR_BAD, "Wrong: ");
		fputs("the answer is ", stdout);
		break;
	}
	print_styled(s, SGR_BOLD, t->headword);
	fputc('\n', stdout);
}

static void
answer_print(struct session *s, const struct quiz_term *t)
{
	fputs("Answer: ", stdout);
	print_styled(s, SGR_BOLD, t->headword);
	fputc('\n', stdout);
}

/* The answer line: q stops, u undoes the last grade. */
static enum card_result
answer_cmd(const char *l)
{
	if (l == NULL || is_quit(l))
		return CARD_QUIT;
	if (is_cmd(l, 'u'))
		return CARD_UNDO;
	return CARD_GRADED;
}

/* One card. On a terminal, typed and choice cards grade themselves. From
 * a pipe every card keeps to the same two lines, so that a script stays in
 * step whatever the kind: the answer (empty: show it), then the grade,
 * where an empty line takes the grade a typed or picked answer earned
 * (Good when the answer was only shown). */
static enum card_result
card_run(struct session *s, size_t idx)
{
	const struct quiz_item *it = &s->items[idx];
	const struct quiz_term *t = &s->ts.q[it->term];
	struct quiz_card card;
	enum quiz_verdict v = QUIZ_WRONG;
	enum card_result res = CARD_GRADED;
	const char *l;
	char *end, *diff, prompt[80];
	long pick;
	size_t i;
	int g = 0;		/* the earned grade, or 0 */

	if (quiz_card_make(s->ts.q, s->ts.n, it->term, it->kind, s->seed,
	    &card) != 0)
		return CARD_SKIPPED;
	printf("\n%s[%zu/%zu] %s, %s%s%s\n", s->sty ? SGR_DIM : "", idx + 1,
	    s->nitems, quiz_kind_name(it->kind),
	    it->is_new ? "new" : srs_state_name(it->card.state),
	    s->qq.graded[idx] ? ", again" : "", s->sty ? SGR_OFF : "");

	switch (it->kind) {
	case QUIZ_DEFINE:
		print_styled(s, SGR_BOLD, t->headword);
		l = ask(s, "\n\nWhat does it mean? (Enter: show, q: stop) > ");
		if ((res = answer_cmd(l)) != CARD_GRADED)
			goto out;
		fputc('\n', stdout);
		print_md(s, card.answer);
		fputc('\n', stdout);
		break;
	case QUIZ_REVERSE:
	case QUIZ_TYPED:
		fputs("Which term is this?\n\n", stdout);
		print_md(s, card.prompt);
		l = ask(s, it->kind == QUIZ_TYPED ? "\nType the term (Enter: "
		    "show, q: stop) > " : "\nYour answer (Enter: show, q: stop) > ");
		if ((res = answer_cmd(l)) != CARD_GRADED)
			goto out;
		if (is_blank(l)) {
			answer_print(s, t);
			break;
		}
		v = quiz_check_typed(t, l, &diff);
		verdict_print(s, t, v, diff);
		free(diff);
		if (it->kind == QUIZ_TYPED)
			g = quiz_verdict_grade(v);
		break;
	case QUIZ_CHOICE:
		fputs("Which term is this?\n\n", stdout);
		print_md(s, card.prompt);
		fputc('\n', stdout);
		for (i = 0; i < card.nchoices; i++) {
			printf("  %zu) ", i + 1);
			cli_puts(stdout, card.choices[i]);
			fputc('\n', stdout);
		}
		snprintf(prompt, sizeof prompt, "Pick 1-%zu (Enter: show, "
		    "q: stop) > ", card.nchoices);
		for (;;) {
			l = ask(s, prompt);
			if ((res = answer_cmd(l)) != CARD_GRADED)
				goto out;
			if (is_blank(l))
				break;
			pick = strtol(l, &end, 10);
			if (*end == '\0' && pick >= 1 &&
			    (size_t)pick <= card.nchoices) {
				v = quiz_check_choice(&card, (size_t)pick - 1);
				g = quiz_verdict_grade(v);
				break;
			}
			printf("Pick a number from 1 to %zu.\n", card.nchoices);
		}
		/* Enter shows the answer and asks for a grade, as the
		 * prompt says; it is not a wrong pick. */
		if (g == 0)
			answer_print(s, t);
		else
			verdict_print(s, t, v, NULL);
		break;
	case QUIZ_CLOZE:
		fputs("Fill the gap ", stdout);
		print_styled(s, SGR_BOLD, QUIZ_CLOZE_GAP);
		fputs(" in ", stdout);
		print_styled(s, SGR_BOLD, t->headword);
		fputs(":\n\n", stdout);
		print_md(s, card.prompt);
		l = ask(s, "\nYour answer (Enter: show, q: stop) > ");
		if ((res = answer_cmd(l)) != CARD_GRADED)
			goto out;
		fputs("Answer:\n", stdout);
		print_md(s, card.answer);
		fputc('\n', stdout);
		break;
	default:
		quiz_card_free(&card);
		return CARD_SKIPPED;
	}
	/* On a terminal an earned grade stands; from a pipe, and for a card
	 * only shown, the grade line decides. */
	if (g == 0 || s->piped) {
		g = grade_ask(s, t, it->kind, g);
		if (g < 0) {
			res = CARD_UNDO;
			goto out;
		}
		if (g == 0) {
			res = CARD_QUIT;
			goto out;
		}
	}
	if (grade_save(s, idx, g) != 0)
		res = CARD_FAILED;
out:
	quiz_card_free(&card);
	return res;
}

static void
session_summary(struct session *s)
{
	struct progress_stats st;
	char err[512], iv[32];
	int64_t now = clock_now(&s->ck), first;
	size_t i, waiting;

	if (s->qq.reviews == 0)
		printf("\nNo cards graded%s.\n", s->quit ? "; nothing saved" :
		    "");
	else {
		printf("\n%zu card%s reviewed (%zu grade%s saved)",
		    s->qq.done, s->qq.done == 1 ? "" : "s", s->qq.reviews,
		    s->qq.reviews == 1 ? "" : "s");
		for (i = 0; i < 4; i++)
			printf("%s %d %s", i == 0 ? ":" : ",", s->graded[i],
			    study_grade_label(i + 1));
		fputs(".\n", stdout);
	}
	if (s->quit)
		printf("Stopped: the card on screen was not graded; every "
		    "grade before it is saved.\n");
	waiting = quiz_queue_waiting(&s->qq, &first);
	if (waiting > 0) {
		srs_format_interval(first > now ? first - now : 0, iv,
		    sizeof iv);
		printf("%zu card%s in learning: the next is due in %s.\n",
		    waiting, waiting == 1 ? "" : "s", iv);
	}
	if (progress_stats(s->p, now, 1, &st, err,
	    sizeof err) == PROGRESS_OK) {
		printf("Due before tomorrow: %d; within 7 days: %d.\n",
		    st.due_today, st.due_week);
		progress_stats_free(&st);
	}
}

/* What the session deals: the defaults, then the config, then flags. */
static void
quiz_opts(const struct cli *o, const struct conf_quiz *qc,
    const struct mode *m, struct study_opts *so, int64_t *learn_ahead)
{
	study_opts_default(so);
	so->kinds = m->kinds != 0 ? m->kinds : qc->kinds;
	so->length = o->count > 0 ? (size_t)o->count : QUIZ_LENGTH;
	if (o->order != 0 || qc->new_order != 0)
		so->order = (enum quiz_order)((o->order != 0 ? o->order :
		    qc->new_order) - CONF_ORDER_LINKS);
	if (o->new_per_day != 0 || qc->new_per_day != 0)
		so->new_per_day = (size_t)(o->new_per_day != 0 ?
		    o->new_per_day : qc->new_per_day) - 1;
	if (o->reviews_per_day != 0 || qc->reviews_per_day != 0)
		so->reviews_per_day = (size_t)(o->reviews_per_day != 0 ?
		    o->reviews_per_day : qc->reviews_per_day) - 1;
	*learn_ahead = o->learn_ahead != 0 || qc->learn_ahead != 0 ?
	    (int64_t)((o->learn_ahead != 0 ? o->learn_ahead :
	    qc->learn_ahead) - 1) * 60 : QUIZ_LEARN_AHEAD;
}

int
cmd_quiz(struct cli *o, int argc, char **argv)
{
	struct session s = { 0 };
	struct corpus *c = NULL;
	struct conf_quiz qconf;
	struct study_opts so;
	struct mode m;
	char err[1024], **recent = NULL;
	size_t nrecent = 0;
	int64_t now;
	long idx;
	int rc = EXIT_USAGE;
	enum card_result r;

	if (argc > 1) {
		cli_error("usage: lore quiz [--category C] [--letter L] "
		    "[--mode MODE] [-n N] [--retention R] [REGEX]");
		return EXIT_USAGE;
	}
	if (mode_parse(o->mode, &m) != 0 || clock_init(o, &s.ck) != 0)
		return EXIT_USAGE;
	s.o = o;
	s.sty = cli_styled(o);
	s.piped = !isatty(STDIN_FILENO);
	srs_params_default(&s.params);
	quiz_conf_load(&qconf);
	if (qconf.retention > 0)
		s.params.retention = qconf.retention;
	if (o->retention > 0)
		s.params.retention = o->retention;
	quiz_opts(o, &qconf, &m, &so, &s.learn_ahead);
	if ((s.p = progress_get(o)) == NULL)
		return EXIT_USAGE;
	if (m.recent) {
		if (study_recent(s.p, RECENT_MAX, &recent, &nrecent, err,
		    sizeof err) != PROGRESS_OK) {
			cli_error("%s", err);
			goto out;
		}
		if (nrecent == 0) {
			cli_error("no recent lookups yet: look terms up first, or "
			    "leave out --mode recent");
			rc = EXIT_NOTFOUND;
			goto out;
		}
	}
	if ((c = cli_open(o)) == NULL)
		goto out;
	if (termset_load(o, c, argc > 0 ? argv[0] : NULL, recent, nrecent,
	    &s.ts) != 0)
		goto out;
	/* The session holds its own copies of the terms. */
	corpus_close(c);
	c = NULL;
	if (s.ts.n == 0) {
		cli_error("no terms to quiz on: check --category, --letter and "
		    "the regex ('lore categories' lists the categories)");
		rc = EXIT_NOTFOUND;
		goto out;
	}

	/* Same time, same cards: a pinned LORE_NOW replays a session. */
	now = clock_now(&s.ck);
	s.seed = (uint64_t)now;
	if (study_session(s.p, &s.ts, &so, now, &s.items, &s.nitems, err,
	    sizeof err) != PROGRESS_OK) {
		cli_error("%s", err);
		goto out;
	}
	quiz_queue_init(&s.qq, s.items, s.nitems, s.learn_ahead);
	if (s.nitems == 0) {
		printf("Nothing to review: no cards are due and today's new "
		    "cards are done.\n");
		session_summary(&s);
		rc = EXIT_NOTFOUND;
		goto out;
	}

	rc = EXIT_FOUND;
	while ((idx = quiz_queue_next(&s.qq, clock_now(&s.ck))) >= 0) {
		r = card_run(&s, (size_t)idx);
		if (r == CARD_SKIPPED)
			quiz_queue_skip(&s.qq, (size_t)idx);
		else if (r == CARD_UNDO)
			grade_undo(&s);
		if (r == CARD_FAILED)
			rc = EXIT_USAGE;
		if (r == CARD_QUIT)
			s.quit = true;
		if (r == CARD_QUIT || r == CARD_FAILED || cli_interrupted)
			break;
	}
	session_summary(&s);
out:
	study_slugs_free(recent, nrecent);
	quiz_queue_free(&s.qq);
	free(s.undo);
	free(s.items);
	free(s.line);
	study_terms_free(&s.ts);
	if (c != NULL)
		corpus_close(c);
	progress_close(s.p);
	return rc;
}

/* ---- lore stats ---- */


static void
stats_json(struct progress *p, int64_t now, const struct stats_all *a)
{
	const struct progress_stats *st = &a->st;
	int64_t today = progress_day(p, now);
	char date[32];
	int i;

	printf("{\"now\":%lld,\"due_today\":%d,\"due_week\":%d,\"cards\":%d,"
	    "\"new_today\":%d,\"reviews\":%d,\"retention\":", (long long)now,
	    st->due_today, st->due_week, st->cards, st->new_today,
	    st->reviews);
	if (a->st30.retention < 0)
		fputs("null", stdout);
	else
		printf("%.4f", a->st30.retention);
	printf(",\"retention_reviews\":%d,\"retention_days\":%d,"
	    "\"streak\":%d,\"per_day\":[", a->st30.retention_reviews,
	    RETENTION_DAYS, st->streak);
	for (i = st->ndays - 1; i >= 0; i--) {
		stats_day_label(p, today - i, true, date, sizeof date);
		printf("%s{\"date\":\"%s\",\"reviews\":%d}",
		    i == st->ndays - 1 ? "" : ",", date, st->per_day[i]);
	}
	fputs("],\"forecast\":[", stdout);
	for (i = 0; i < FORECAST_DAYS; i++) {
		stats_day_label(p, today + i, true, date, sizeof date);
		printf("%s{\"date\":\"%s\",\"due\":%d}", i ? "," : "", date,
		    a->forecast[i]);
	}
	fputs("],\"year\":[", stdout);
	for (i = a->year.ndays - 1; i >= 0; i--)
		printf("%s%d", i == a->year.ndays - 1 ? "" : ",",
		    a->year.per_day[i]);
	fputs("]}\n", stdout);
}

int
cmd_stats(struct cli *o, int argc, char **argv)
{
	struct progress *p;
	struct stats_all a;
	struct study_clock ck;
	char err[1024];

	(void)argv;
	if (argc > 0) {
		cli_error("usage: lore stats [--json]");
		return EXIT_USAGE;
	}
	if (clock_init(o, &ck) != 0 || (p = progress_peek(o)) == NULL)
		return EXIT_USAGE;
	if (stats_load(p, ck.t, &a, err, sizeof err) != 0) {
		cli_error("%s", err);
		progress_close(p);
		return EXIT_USAGE;
	}
	if (o->json)
		stats_json(p, ck.t, &a);
	else {
		struct buf b = { 0 };

		stats_text(&b, o->ascii, o->width, p, ck.t, &a);
		if (b.s != NULL)
			fputs(b.s, stdout);
		buf_free(&b);
	}
	stats_free(&a);
	progress_close(p);
	return EXIT_FOUND;
}

/* ---- lore export ---- */

static void
html_escape(FILE *fp, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&':
			fputs("&amp;", fp);
			break;
		case '<':
			fputs("&lt;", fp);
			break;
		case '>':
			fputs("&gt;", fp);
			break;
		case '"':
			fputs("&quot;", fp);
			break;
		case '\n':
			fputs("<br>", fp);
			break;
		case '\t':
		case '\r':
			fputc(' ', fp);
			break;
		default:
			fputc(s[i], fp);
		}
	}
}

/* Where the inline math opened by the '$' at p closes, as lore's
 * renderer reads it, or NULL: the same line, not an escaped \$, not after
 * a space, not before a digit ("$0.70 and $5" is no formula). */
static const char *
inline_math_end(const char *p)
{
	const char *q;

	for (q = p + 1; *q != '\0' && *q != '\n'; q++) {
		if (*q == '\\' && q[1] != '\0') {
			q++;
			continue;
		}
		if (*q == '$')
			return q[-1] != ' ' && !(q[1] >= '0' && q[1] <= '9') ?
			    q : NULL;
	}
	return NULL;
}

/* A Markdown body as one Anki HTML field: escaped, newlines as <br>,
 * math in the \( \) and \[ \] delimiters Anki's MathJax renders, bold as
 * <b>, and [[links]] as their text in a span lore reads back as a link.
 * The rest of the Markdown is left as it is: readable, if not pretty.
 * read_anki.c undoes exactly this for rows tagged "lore". */
static void
anki_field(FILE *fp, const char *md)
{
	char *s = text_sanitize(md, strlen(md), true, NULL);
	const char *p = s, *q;
	size_t n = strlen(s);
	bool bold = false;

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';

	while (*p != '\0') {
		if (p[0] == '\\' && p[1] == '$') {
			/* A dollar, not math: Anki shows &#36; as $, and
			 * lore's import reads it back as \$. */
			fputs("&#36;", fp);
			p += 2;
		} else if (p[0] == '$' && p[1] == '$' &&
		    (q = strstr(p + 2, "$$")) != NULL) {
			fputs("\\[", fp);
			html_escape(fp, p + 2, (size_t)(q - p - 2));
			fputs("\\]", fp);
			p = q + 2;
		} else if (p[0] == '$' && p[1] != '$' && p[1] != ' ' &&
		    p[1] != '\0' && (q = inline_math_end(p)) != NULL) {
			fputs("\\(", fp);
			html_escape(fp, p + 1, (size_t)(q - p - 1));
			fputs("\\)", fp);
			p = q + 1;
		} else if (p[0] == '*' && p[1] == '*' &&
		    (bold || strstr(p + 2, "**") != NULL)) {
			fputs(bold ? "</b>" : "<b>", fp);
			bold = !bold;
			p += 2;
		} else if (p[0] == '[' && p[1] == '[' &&
		    (q = strstr(p + 2, "]]")) != NULL &&
		    memchr(p + 2, '\n', (size_t)(q - p - 2)) == NULL) {
			/* Plain text in Anki; a link again when lore
			 * imports the deck (read_anki.c). */
			fputs("<span class=\"lore-link\">", fp);
			html_escape(fp, p + 2, (size_t)(q - p - 2));
			fputs("</span>", fp);
			p = q + 2;
		} else {
			html_escape(fp, p, 1);
			p++;
		}
	}
	if (bold)
		fputs("</b>", fp);
	free(s);
}

/* Anki tags are separated by spaces. */
static void
anki_tag(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++)
		fputc(*s == ' ' || *s == '\t' || *s == '\n' ? '_' : *s, fp);
}

/* A new file beside path, its name in tmp, made by mkstemp: a name
 * nobody can guess and plant a link at (path.tmp could point at any file
 * of the user's), with the mode a new file gets. */
static FILE *
open_beside(const char *path, struct buf *tmp)
{
	mode_t mask = umask(0);
	FILE *fp;
	int fd;

	umask(mask);
	buf_printf(tmp, "%s.XXXXXX", path);
	if ((fd = mkstemp(tmp->s)) < 0) {
		cli_error("%s: %s", tmp->s, strerror(errno));
		return NULL;
	}
	if (fchmod(fd, 0666 & ~mask) != 0 || (fp = fdopen(fd, "w")) == NULL) {
		cli_error("%s: %s", tmp->s, strerror(errno));
		close(fd);
		unlink(tmp->s);
		return NULL;
	}
	return fp;
}

static int
export_anki(const struct cli *o, const char *regex)
{
	struct study_terms ts;
	struct corpus *c;
	struct buf tmp = { 0 };
	FILE *fp;
	size_t i, j;
	bool to_stdout = strcmp(o->anki, "-") == 0;
	int rc = EXIT_FOUND;

	if ((c = cli_open(o)) == NULL)
		return EXIT_USAGE;
	if (termset_load(o, c, regex, NULL, 0, &ts) != 0) {
		corpus_close(c);
		return EXIT_USAGE;
	}
	corpus_close(c);
	if (ts.n == 0) {
		cli_error("no terms to export: check --category, --letter and "
		    "the regex");
		study_terms_free(&ts);
		return EXIT_NOTFOUND;
	}
	/* Written beside the target and renamed, so an interrupted export
	 * never leaves half a deck where the last good one was. */
	if (to_stdout)
		fp = stdout;
	else if ((fp = open_beside(o->anki, &tmp)) == NULL) {
		buf_free(&tmp);
		study_terms_free(&ts);
		return EXIT_USAGE;
	}
	fputs("#separator:tab\n#html:true\n#notetype:Basic\n"
	    "#columns:Front\tBack\tTags\n#tags column:3\n", fp);
	for (i = 0; i < ts.n && !cli_interrupted; i++) {
		const struct term *t = &ts.t[i];

		anki_field(fp, t->headword);
		fputc('\t', fp);
		if (t->naliases > 0) {
			fputs("<i>Also: ", fp);
			/* "; " as in @aliases: an alias may hold a comma. */
			for (j = 0; j < t->naliases; j++) {
				if (j > 0)
					fputs("; ", fp);
				anki_field(fp, t->aliases[j]);
			}
			fputs("</i><br><br>", fp);
		}
		anki_field(fp, t->body);
		fputs("\tlore", fp);
		if (t->category[0] != '\0') {
			fputc(' ', fp);
			anki_tag(fp, t->category);
		}
		fputc('\n', fp);
	}
	if (cli_interrupted)
		rc = EXIT_USAGE;
	if (!to_stdout) {
		if (fclose(fp) != 0 && rc == EXIT_FOUND) {
			cli_error("%s: %s", tmp.s, strerror(errno));
			rc = EXIT_USAGE;
		}
		if (rc == EXIT_FOUND && rename(tmp.s, o->anki) != 0) {
			cli_error("%s: %s", o->anki, strerror(errno));
			rc = EXIT_USAGE;
		}
		if (rc != EXIT_FOUND)
			unlink(tmp.s);
		else if (!o->json)
			cli_note("%s: %zu notes", o->anki, ts.n);
	}
	buf_free(&tmp);
	study_terms_free(&ts);
	return rc;
}

static bool
json_review(const struct progress_log *l, void *arg)
{
	size_t *n = arg;

	printf("%s\n{\"id\":%lld,\"slug\":", *n > 0 ? "," : "",
	    (long long)l->id);
	json_str(stdout, l->slug);
	fputs(",\"kind\":", stdout);
	json_str(stdout, l->kind);
	printf(",\"ts\":%lld,\"grade\":%d,\"rating\":\"%s\","
	    "\"elapsed_days\":%d,\"scheduled_days\":%d,\"retrievability\":",
	    (long long)l->ts, (int)l->grade, srs_grade_name(l->grade),
	    l->elapsed_days, l->scheduled_days);
	json_num(stdout, l->retrievability);
	printf(",\"state_before\":\"%s\",\"state_after\":\"%s\","
	    "\"stability_before\":", srs_state_name(l->state_before),
	    srs_state_name(l->state_after));
	json_num(stdout, l->stability_before);
	fputs(",\"stability_after\":", stdout);
	json_num(stdout, l->stability_after);
	fputs(",\"difficulty_before\":", stdout);
	json_num(stdout, l->difficulty_before);
	fputs(",\"difficulty_after\":", stdout);
	json_num(stdout, l->difficulty_after);
	printf(",\"due_after\":%lld}", (long long)l->due_after);
	(*n)++;
	return true;
}

static int
export_json(const struct cli *o)
{
	struct progress *p;
	struct progress_item *it;
	struct study_clock ck;
	char err[1024];
	size_t n, i, nlog = 0;

	if (clock_init(o, &ck) != 0 || (p = progress_peek(o)) == NULL)
		return EXIT_USAGE;
	if (progress_cards(p, &it, &n, err, sizeof err) != PROGRESS_OK) {
		cli_error("%s", err);
		progress_close(p);
		return EXIT_USAGE;
	}
	printf("{\"format\":\"lore-progress\",\"version\":1,\"exported\":%lld,"
	    "\"scheduler\":\"FSRS-6\",\"cards\":[", (long long)ck.t);
	for (i = 0; i < n; i++) {
		const struct srs_card *c = &it[i].card;

		printf("%s\n{\"slug\":", i > 0 ? "," : "");
		json_str(stdout, it[i].slug);
		fputs(",\"kind\":", stdout);
		json_str(stdout, it[i].kind);
		printf(",\"state\":\"%s\",\"step\":%d,\"stability\":",
		    srs_state_name(c->state), c->step);
		json_num(stdout, c->stability);
		fputs(",\"difficulty\":", stdout);
		json_num(stdout, c->difficulty);
		printf(",\"due\":%lld,\"last_review\":%lld,\"reps\":%d,"
		    "\"lapses\":%d,\"scheduled_days\":%d,\"elapsed_days\":%d}",
		    (long long)c->due, (long long)c->last_review, c->reps,
		    c->lapses, c->scheduled_days, c->elapsed_days);
	}
	progress_items_free(it, n);
	fputs("],\"reviews\":[", stdout);
	if (progress_reviews(p, json_review, &nlog, err, sizeof err) !=
	    PROGRESS_OK) {
		fputs("]}\n", stdout);
		cli_error("%s", err);
		progress_close(p);
		return EXIT_USAGE;
	}
	fputs("]}\n", stdout);
	progress_close(p);
	return EXIT_FOUND;
}

int
cmd_export(struct cli *o, int argc, char **argv)
{
	int rc;

	if (argc > 1 || (o->anki == NULL && !o->json) ||
	    (o->anki != NULL && strcmp(o->anki, "-") == 0 && o->json)) {
		cli_error("usage: lore export --anki FILE [--category C] "
		    "[--letter L] [REGEX] | lore export --json");
		return EXIT_USAGE;
	}
	if (o->anki != NULL &&
	    (rc = export_anki(o, argc > 0 ? argv[0] : NULL)) != EXIT_FOUND)
		return rc;
	if (o->json)
		return export_json(o);
	return EXIT_FOUND;
}
