/* lookup.c - define, list, categories, search, render: print and exit. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "corpus.h"
#include "lookup.h"
#include "progress.h"
#include "render.h"
#include "texmath.h"
#include "search.h"
#include "text.h"
#include "util.h"

#define SGR_BOLD	"\033[1m"
#define SGR_DIM		"\033[2m"
#define SGR_MATCH	"\033[1;31m"
#define SGR_OFF		"\033[0m"

#define DEFINE_CANDIDATES	10	/* names listed when none is clear */
#define DEFINE_SUGGEST		5	/* did-you-mean: only the closest */

static void
print_json_term(const struct term *t)
{
	size_t i;

	fputs("{\"headword\":", stdout);
	json_str(stdout, t->headword);
	fputs(",\"slug\":", stdout);
	json_str(stdout, t->slug);
	fputs(",\"aliases\":[", stdout);
	for (i = 0; i < t->naliases; i++) {
		if (i > 0)
			fputc(',', stdout);
		json_str(stdout, t->aliases[i]);
	}
	fputs("],\"category\":", stdout);
	json_str(stdout, t->category);
	fputs(",\"related\":[", stdout);
	for (i = 0; i < t->nrelated; i++) {
		if (i > 0)
			fputc(',', stdout);
		json_str(stdout, t->related[i]);
	}
	fputs("],\"source\":", stdout);
	json_str(stdout, t->source);
	printf(",\"line\":%ld,\"body\":", t->line);
	json_str(stdout, t->body);
	fputs("}", stdout);
}

/* Add a name to Markdown as plain text: every ASCII punctuation mark is
 * escaped, so "C++", "k_means" or "[x]" are not read as markup. */
static void
md_literal(struct buf *md, const char *s)
{
	for (; *s != '\0'; s++) {
		if (strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", *s) != NULL)
			buf_addc(md, '\\');
		buf_addc(md, *s);
	}
}

/* A list of names, wrapped like the body: "Also:", "Related:". */
static void
print_names(const struct render_opts *ro, bool sty, const char *label,
    char *const *names, size_t n, bool bold)
{
	struct buf md = { 0 };
	struct rdoc doc = { 0 };

	buf_adds(&md, label);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			buf_adds(&md, ", ");
		buf_adds(&md, bold ? "**" : "");
		md_literal(&md, names[i]);
		buf_adds(&md, bold ? "**" : "");
	}
	render_markdown(md.s, md.len, ro, &doc);
	cli_print_doc(&doc, stdout, sty);
	rdoc_free(&doc);
	buf_free(&md);
}

static void
print_term(const struct cli *o, const struct term *t)
{
	bool sty = cli_styled(o);
	struct render_opts ro = { o->width, o->ascii, true, NULL };
	struct rdoc doc = { 0 };
	size_t hw = text_width(t->headword, strlen(t->headword));

	if (hw > (size_t)o->width) {
		/* a headword longer than the line is wrapped like the body */
		char *const one[] = { t->headword };
		struct render_opts bo = ro;

		bo.heal = false;
		print_names(&bo, sty, "", one, 1, true);
	} else {
		fputs(sty ? SGR_BOLD : "", stdout);
		cli_puts(stdout, t->headword);
		fputs(sty ? SGR_OFF : "", stdout);
	}
	if (t->category[0] != '\0') {
		/* the category goes under a headword it would not fit after */
		if (hw <= (size_t)o->width)
			fputs(hw + text_width(t->category, strlen(t->category)) +
			    4 <= (size_t)o->width ? "  " : "\n", stdout);
		fputs(sty ? SGR_DIM "[" : "[", stdout);
		cli_puts(stdout, t->category);
		fputs(sty ? "]" SGR_OFF : "]", stdout);
		fputc('\n', stdout);
	} else if (hw <= (size_t)o->width)
		fputc('\n', stdout);
	if (t->naliases > 0)
		print_names(&ro, sty, "Also: ", t->aliases, t->naliases, false);
	fputc('\n', stdout);
	if (o->raw) {
		cli_puts(stdout, t->body);
		fputc('\n', stdout);
	} else {
		render_markdown(t->body, strlen(t->body), &ro, &doc);
		cli_print_doc(&doc, stdout, sty);
		rdoc_free(&doc);
	}
	if (t->nrelated > 0) {
		fputc('\n', stdout);
		print_names(&ro, sty, "**Related:** ", t->related, t->nrelated,
		    false);
	}
}

/* A person at a terminal looking a term up: remember it for "lore quiz
 * --mode recent". Scripts and pipes leave no trace, and a progress file
 * that cannot be written never stops a lookup. */
static void
note_lookup(const struct cli *o, const char *slug)
{
	struct progress *p;
	char err[256];

	if (!o->tty || o->json || o->progress == NULL ||
	    cli_mkdir_for(o->progress) != 0 ||
	    progress_open(&p, o->progress, err, sizeof err) != PROGRESS_OK)
		return;
	progress_note_lookup(p, slug, (int64_t)time(NULL), err, sizeof err);
	progress_close(p);
}

/* "Headword", or "Headword (alias)" when an alias is what matched. */
static void
name_hit(struct buf *b, const struct lookup_hit *h)
{
	buf_adds(b, h->headword);
	if (h->matched != NULL)
		buf_printf(b, " (%s)", h->matched);
}

/* No term to show: say what there is. Names that start with or contain
 * the query are candidates, listed one a line; letters in order and typos
 * are a short did-you-mean; a word of a definition is where it is
 * mentioned. */
static void
not_found(const char *q, const struct lookup_hit *h, size_t n)
{
	struct buf msg = { 0 };
	size_t i, names = 0, close = 0;

	for (i = 0; i < n && h[i].kind <= LOOKUP_INITIALS; i++)
		names++;
	for (; i < n && h[i].kind < LOOKUP_BODY && close < DEFINE_SUGGEST; i++)
		close++;
	if (names > 0) {
		for (i = 0; i < names + close; i++) {
			buf_adds(&msg, "\n  ");
			name_hit(&msg, &h[i]);
		}
		cli_error("no single term '%s'; it could be:%s", q, msg.s);
	} else if (close > 0) {
		for (i = 0; i < close; i++) {
			buf_adds(&msg, i > 0 ? ", " : "");
			name_hit(&msg, &h[i]);
		}
		cli_error("no term '%s'; did you mean: %s", q, msg.s);
	} else if (n > 0) {
		for (i = 0; i < n && i < DEFINE_SUGGEST; i++) {
			buf_adds(&msg, i > 0 ? ", " : "");
			name_hit(&msg, &h[i]);
		}
		cli_error("no term '%s'; it is mentioned in: %s", q, msg.s);
	} else
		cli_error("no term '%s'", q);
	buf_free(&msg);
}

static int
define_one(struct cli *o, struct corpus *c, struct lookup *l, const char *q,
    bool first)
{
	char err[512] = "";
	struct lookup_hit hits[DEFINE_CANDIDATES + 1];
	size_t n;
	long best;
	struct term t;

	{
		char *f = text_fold(q);
		bool empty = f[0] == '\0';

		free(f);
		if (empty) {
			cli_error("'%s' has no letters or digits to look up", q);
			return EXIT_USAGE;
		}
	}
	n = lookup_query(l, q, LOOKUP_DEFINE, hits, nitems(hits));
	if ((best = lookup_best(hits, n)) < 0) {
		not_found(q, hits, n);
		lookup_hits_free(hits, n);
		return EXIT_NOTFOUND;
	}
	if (corpus_get(c, hits[best].key, &t, err, sizeof err) != CORPUS_OK) {
		lookup_hits_free(hits, n);
		cli_error("%s", err);
		return EXIT_USAGE;
	}
	lookup_hits_free(hits, n);
	note_lookup(o, t.slug);
	if (o->json) {
		fputs(first ? "" : ",", stdout);
		print_json_term(&t);
	} else {
		if (!first)
			fputc('\n', stdout);
		print_term(o, &t);
	}
	term_free(&t);
	return EXIT_FOUND;
}

int
cmd_define(struct cli *o, int argc, char **argv)
{
	struct corpus *c;
	struct lookup *l;
	char err[512];
	int i, rc = EXIT_FOUND, r, shown = 0;

	if (argc < 1) {
		cli_error("usage: lore define TERM...");
		return EXIT_USAGE;
	}
	if ((c = cli_open(o)) == NULL)
		return EXIT_USAGE;
	if (lookup_open(&l, c, err, sizeof err) != LOOKUP_OK) {
		cli_error("%s", err);
		corpus_close(c);
		return EXIT_USAGE;
	}
	if (o->json)
		fputs("[", stdout);
	for (i = 0; i < argc; i++) {
		r = define_one(o, c, l, argv[i], shown == 0);
		if (r == EXIT_FOUND)
			shown++;
		else if (rc != EXIT_USAGE)
			rc = r;
	}
	if (o->json)
		fputs("]\n", stdout);
	lookup_close(l);
	corpus_close(c);
	return rc;
}

struct list_out {
	const struct cli	*o;
	size_t			 n;
};

static bool
print_ref(const struct term_ref *r, void *arg)
{
	struct list_out *lo = arg;

	if (lo->o->json) {
		fputs(lo->n++ > 0 ? ",\n{\"headword\":" : "{\"headword\":",
		    stdout);
		json_str(stdout, r->headword);
		printf(",\"letter\":\"%c\"}", r->letter);
	} else {
		lo->n++;
		cli_puts(stdout, r->headword);
		fputc('\n', stdout);
	}
	return !cli_interrupted;
}

static bool
print_prefixed(const char *headword, void *arg)
{
	struct term_ref r = { 0, (char *)headword, NULL, 0 };
	struct list_out *lo = arg;

	if (lo->o->json) {
		fputs(lo->n++ > 0 ? ",\n{\"headword\":" : "{\"headword\":",
		    stdout);
		json_str(stdout, headword);
		fputs("}", stdout);
		return !cli_interrupted;
	}
	return print_ref(&r, arg);
}

/* lore list --prefix P: what shell completion of `define` asks for, through
 * the lookup engine's index range (fast at any size). */
static int
list_prefix(struct cli *o, struct corpus *c, struct list_out *lo)
{
	struct lookup *l;
	char err[512];

	if (lookup_open(&l, c, err, sizeof err) != LOOKUP_OK) {
		cli_error("%s", err);
		return EXIT_USAGE;
	}
	lookup_complete(l, o->prefix, o->count > 0 ? (size_t)o->count : 0,
	    print_prefixed, lo);
	lookup_close(l);
	return EXIT_FOUND;
}

int
cmd_list(struct cli *o, int argc, char **argv)
{
	struct list_out lo = { o, 0 };
	struct corpus *c;
	char letter;
	int rc = EXIT_FOUND;

	letter = cli_letter(argc > 0 ? argv[0] : o->letter);
	if (argc > 1 || letter == (char)-1 || (o->prefix != NULL &&
	    (letter != 0 || o->category != NULL))) {
		cli_error("usage: lore list [LETTER] [--category C] | "
		    "--prefix P [-n N]");
		return EXIT_USAGE;
	}
	if ((c = cli_open(o)) == NULL)
		return EXIT_USAGE;
	if (o->json)
		fputs("[", stdout);
	if (o->prefix != NULL)
		rc = list_prefix(o, c, &lo);
	else
		corpus_each(c, letter, o->category, print_ref, &lo);
	if (o->json)
		fputs("]\n", stdout);
	corpus_close(c);
	if (rc != EXIT_FOUND)
		return rc;
	return lo.n > 0 ? EXIT_FOUND : EXIT_NOTFOUND;
}

int
cmd_categories(struct cli *o, int argc, char **argv)
{
	struct corpus *c;
	char **names;
	size_t *counts, n, i;

	(void)argv;
	if (argc > 0) {
		cli_error("usage: lore categories");
		return EXIT_USAGE;
	}
	if ((c = cli_open(o)) == NULL)
		return EXIT_USAGE;
	n = corpus_categories(c, &names, &counts);
	if (o->json)
		fputs("[", stdout);
	for (i = 0; i < n; i++) {
		if (o->json) {
			fputs(i > 0 ? ",{\"category\":" : "{\"category\":", stdout);
			json_str(stdout, names[i]);
			printf(",\"terms\":%zu}", counts[i]);
		} else {
			printf("%5zu  ", counts[i]);
			cli_puts(stdout, names[i]);
			fputc('\n', stdout);
		}
		free(names[i]);
	}
	if (o->json)
		fputs("]\n", stdout);
	free(names);
	free(counts);
	corpus_close(c);
	return n > 0 ? EXIT_FOUND : EXIT_NOTFOUND;
}

/* A hit held for printing: what render_hit reads of a search_hit. The
 * strings are in its batch's text, at offsets (the buffer grows). */
struct held {
	size_t		 hw, line;	/* offsets in the batch's text */
	size_t		 mstart, mlen;
	long		 lineno;
	enum search_where where;
};

/*
 * Rendering is most of what printing a hit costs (58,000 hits of a
 * character class took 48 ms of one core, as long as the scan on two).
 * Into a pipe, hits wait in a batch; a full batch goes to a second
 * thread, which renders it while this one merges and collects the
 * next; then this one helps with what is left of it (both take items
 * one at a time, each with its own memo of formulas and its own
 * buffer, kept from batch to batch) and writes it, in order. So the
 * merge overlaps the rendering and two cores stay busy with two
 * threads.
 */
#define PRINT_BATCH	1024
#define PRINT_ALONE	64	/* a last batch this small is rendered in line */

struct batch {
	struct held	 hit[PRINT_BATCH];
	size_t		 n;
	struct buf	 text;		/* the hits' strings, NUL after each */
	atomic_size_t	 next;		/* the next item to render */
	/* item i was rendered by thread who[i] (2: by neither) into
	 * out[who[i]], at [start[i], end[i]) */
	unsigned char	 who[PRINT_BATCH];
	size_t		 start[PRINT_BATCH], end[PRINT_BATCH];
	struct buf	 out[2];
};

struct search_out {
	const struct cli	*o;
	long			 n;
	bool			 sty;
	struct render_memo	*memo[2];	/* the hits' formulas, rendered once */
	struct batch		 b[2];
	struct batch		*fill;		/* collecting hits */
	struct batch		*busy;		/* given to the thread; NULL none */
	/* the second thread */
	bool			 started, quit, done;
	struct batch		*posted;	/* for it to render; NULL none */
	pthread_t		 tid;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
};

/* Words for enum search_where in --json. */
static const char *const where_name[] = {
	[SEARCH_IN_HEADWORD] = "headword",
	[SEARCH_IN_HEADWORD_START] = "headword",
	[SEARCH_IN_HEADWORD_WORD] = "headword",
	[SEARCH_IN_ALIAS] = "alias",
	[SEARCH_IN_FIRST_SENTENCE] = "first sentence",
	[SEARCH_IN_BODY] = "body",
};

/* Lines of a snippet shown around the match's first line. */
#define SNIPPET_BEFORE	1
#define SNIPPET_AFTER	2

/*
 * Hits kept in memory before they are sorted to a temporary file: more
 * than the 8 MiB the browser keeps, which holds its screens too. The
 * character class of bench/run matches 25,000 of 100K terms: with 12
 * MiB their hits stay in memory, where 8 MiB wrote a run of 4 MB, and
 * the search takes 5% less time. The peak RSS of the same search over
 * 1M terms is 24.4 MB (20.5 with 8 MiB), under the 30 MB it must stay
 * below.
 */
#define SEARCH_CLI_BUDGET	(12u << 20)

static void
print_json_hit(struct search_out *so, const struct search_hit *h)
{
	fputs(so->n++ > 0 ? ",\n{\"headword\":" : "{\"headword\":", stdout);
	json_str(stdout, h->headword);
	printf(",\"line\":%ld,\"text\":", h->lineno);
	json_str(stdout, h->line);
	printf(",\"match\":[%zu,%zu],\"where\":", h->mstart, h->mlen);
	json_str(stdout, (size_t)h->where < nitems(where_name) ?
	    where_name[h->where] : "body");
	/* The scan read the source with the row (SEARCH_SOURCES): a
	 * query a hit here read a page of bodies each, 4x the search. */
	fputs(",\"source\":", stdout);
	if (h->source != NULL && h->source[0] != '\0') {
		struct buf src = { 0 };

		buf_printf(&src, "%s:%ld", h->source, h->srcline);
		json_str(stdout, src.s);
		buf_free(&src);
	} else
		fputs("null", stdout);
	fputs("}", stdout);
}

/* A plain line (headword or alias) with the match marked; then the style
 * it was in (after) again. */
static void
print_marked(const struct search_out *so, struct buf *out, const char *s,
    size_t ms, size_t ml, const char *after)
{
	buf_add(out, s, ms);
	if (so->sty)
		buf_adds(out, SGR_MATCH);
	buf_add(out, s + ms, ml);
	if (so->sty) {
		buf_adds(out, SGR_OFF);
		buf_adds(out, after);
	}
	buf_adds(out, s + ms + ml);
}

/*
 * One hit as a reader wants it: the headword in bold (the match marked
 * when it is there), then the alias or a few lines of the body around
 * the match, rendered and wrapped like `define` prints them.
 */
static void
render_hit(const struct search_out *so, struct render_memo *memo,
    const struct batch *b, const struct held *h, struct buf *out)
{
	struct render_opts ro = { so->o->width - 2, so->o->ascii, true, memo };
	struct rdoc doc = { 0 };
	const char *hw = b->text.s + h->hw, *line = b->text.s + h->line;
	size_t first, i;

	if (so->sty)
		buf_adds(out, SGR_BOLD);
	if (h->lineno == 0 && h->where != SEARCH_IN_ALIAS)
		print_marked(so, out, hw, h->mstart, h->mlen, SGR_BOLD);
	else
		buf_adds(out, hw);
	buf_adds(out, so->sty ? SGR_OFF "\n" : "\n");
	if (h->where == SEARCH_IN_ALIAS) {
		buf_adds(out, "  also: ");
		print_marked(so, out, line, h->mstart, h->mlen, "");
		buf_addc(out, '\n');
	} else if (h->lineno > 0) {
		render_snippet_window(line, h->mstart, h->mlen, &ro,
		    SNIPPET_BEFORE, SNIPPET_AFTER, &doc, &first);
		for (i = first > SNIPPET_BEFORE ? first - SNIPPET_BEFORE : 0;
		    i < doc.n && i <= first + SNIPPET_AFTER; i++) {
			struct rdoc one = doc;

			one.lines = &doc.lines[i];
			one.n = 1;
			buf_adds(out, "  ");
			cli_doc_to_buf(&one, out, so->sty);
		}
		rdoc_free(&doc);
	}
}

/* Thread t's share of batch b: items taken one at a time, rendered into
 * its buffer. */
static void
render_share(struct search_out *so, struct batch *b, int t)
{
	size_t i;

	while ((i = atomic_fetch_add(&b->next, 1)) < b->n) {
		b->start[i] = b->out[t].len;
		render_hit(so, so->memo[t], b, &b->hit[i], &b->out[t]);
		b->end[i] = b->out[t].len;
		b->who[i] = (unsigned char)t;
	}
}

static void *
render_thread(void *arg)
{
	struct search_out *so = arg;
	struct batch *b;

	pthread_mutex_lock(&so->mu);
	for (;;) {
		while (so->posted == NULL && !so->quit)
			pthread_cond_wait(&so->cv, &so->mu);
		if ((b = so->posted) == NULL)
			break;
		so->posted = NULL;
		pthread_mutex_unlock(&so->mu);
		render_share(so, b, 1);
		pthread_mutex_lock(&so->mu);
		so->done = true;
		pthread_cond_broadcast(&so->cv);
	}
	pthread_mutex_unlock(&so->mu);
	return NULL;
}

static void
drop_hits(struct batch *b)
{
	b->n = 0;
	b->text.len = 0;
}

/* Render one hit of batch b and write it now (b not given to the
 * second thread). */
static void
print_alone(struct search_out *so, struct batch *b, const struct held *h)
{
	b->out[0].len = 0;
	render_hit(so, so->memo[0], b, h, &b->out[0]);
	fwrite(b->out[0].s, 1, b->out[0].len, stdout);
}

/* Give batch b to the second thread (started at the first batch); b
 * stays in so->busy until take_batch. */
static void
post_batch(struct search_out *so, struct batch *b)
{
	atomic_store(&b->next, 0);
	memset(b->who, 2, b->n);
	b->out[0].len = b->out[1].len = 0;
	so->busy = b;
	if (!so->started) {
		if (pthread_mutex_init(&so->mu, NULL) != 0)
			return;
		if (pthread_cond_init(&so->cv, NULL) != 0) {
			pthread_mutex_destroy(&so->mu);
			return;
		}
		so->started = pthread_create(&so->tid, NULL, render_thread,
		    so) == 0;
		if (!so->started) {
			pthread_cond_destroy(&so->cv);
			pthread_mutex_destroy(&so->mu);
			return;
		}
	}
	pthread_mutex_lock(&so->mu);
	so->posted = b;
	so->done = false;
	pthread_cond_broadcast(&so->cv);
	pthread_mutex_unlock(&so->mu);
}

/* Render what is left of the busy batch (write false: interrupted,
 * nothing more is printed: take no more of it) and wait for the second
 * thread to be done with it. Returns it, or NULL when none was busy. */
static struct batch *
take_batch(struct search_out *so, bool write)
{
	struct batch *b = so->busy;

	if (b == NULL)
		return NULL;
	if (write)
		render_share(so, b, 0);
	else
		atomic_store(&b->next, b->n);
	if (so->started) {
		pthread_mutex_lock(&so->mu);
		if (so->posted == b)	/* not taken up: it takes nothing */
			so->posted = NULL;
		else
			while (!so->done)
				pthread_cond_wait(&so->cv, &so->mu);
		pthread_mutex_unlock(&so->mu);
	}
	so->busy = NULL;
	return b;
}

/* Write a batch taken back, in order (write false: drop it). */
static void
write_batch(struct search_out *so, struct batch *b, bool write)
{
	if (b == NULL)
		return;
	/* taken back with write, every item was rendered by one thread */
	for (size_t i = 0; write && i < b->n; i++)
		if (b->who[i] < 2)
			fwrite(b->out[b->who[i]].s + b->start[i], 1,
			    b->end[i] - b->start[i], stdout);
	b->out[0].len = b->out[1].len = 0;
	drop_hits(b);
}

/* The batch being collected is full (or the last): finish rendering
 * the one before it, give this one to the second thread, and write the
 * one before while that renders. */
static void
ship_batch(struct search_out *so)
{
	struct batch *b = so->fill, *prev = take_batch(so, true);

	so->fill = b == &so->b[0] ? &so->b[1] : &so->b[0];
	post_batch(so, b);
	write_batch(so, prev, true);
}

/* After the search: what is still held is printed (write false:
 * dropped), and the second thread ends. */
static void
end_hits(struct search_out *so, bool write)
{
	struct batch *b = so->fill;

	if (write && b->n >= PRINT_ALONE) {
		ship_batch(so);
		write_batch(so, take_batch(so, true), true);
	} else {
		write_batch(so, take_batch(so, write), write);
		for (size_t i = 0; write && i < b->n; i++)
			print_alone(so, b, &b->hit[i]);
	}
	drop_hits(b);
	if (so->started) {
		pthread_mutex_lock(&so->mu);
		so->quit = true;
		pthread_cond_broadcast(&so->cv);
		pthread_mutex_unlock(&so->mu);
		pthread_join(so->tid, NULL);
		pthread_cond_destroy(&so->cv);
		pthread_mutex_destroy(&so->mu);
		so->started = false;
	}
}

static bool
print_hit(const struct search_hit *h, void *arg)
{
	struct search_out *so = arg;
	struct batch *b = so->fill;
	struct held *k;

	if (so->o->json) {
		print_json_hit(so, h);
		return !cli_interrupted;
	}
	so->n++;
	k = &b->hit[b->n++];
	k->hw = b->text.len;
	buf_add(&b->text, h->headword, strlen(h->headword) + 1);
	k->line = b->text.len;
	buf_add(&b->text, h->line, strlen(h->line) + 1);
	k->mstart = h->mstart;
	k->mlen = h->mlen;
	k->lineno = h->lineno;
	k->where = h->where;
	/* A terminal sees each hit as it comes; a pipe a batch at a time. */
	if (so->o->tty) {
		print_alone(so, b, k);
		drop_hits(b);
	} else if (b->n == PRINT_BATCH)
		ship_batch(so);
	return !cli_interrupted;
}

int
cmd_search(struct cli *o, int argc, char **argv)
{
	static char outbuf[1 << 16];	/* stdout's, until exit */
	struct search_out *so;
	struct corpus *c;
	struct search *s;
	char err[512];
	size_t off;
	long n;

	if (argc != 1) {
		cli_error("usage: lore search REGEX [--headwords]");
		return EXIT_USAGE;
	}
	/* Thousands of hits into a pipe: written 64 KiB at a time rather
	 * than a pipe's 4 KiB (glibc takes a size only with a buffer). A
	 * terminal stays line-buffered. */
	if (!isatty(STDOUT_FILENO))
		(void)setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	if ((s = search_compile(argv[0], SEARCH_SMARTCASE, err, sizeof err,
	    &off)) == NULL) {
		/* One line, so scripts can show it as is; the offset is
		 * in err ("offset 3: ..."). */
		(void)off;
		cli_error("bad regex: %s", err);
		return EXIT_USAGE;
	}
	if ((c = cli_open(o)) == NULL) {
		search_free(s);
		return EXIT_USAGE;
	}
	search_set_sort_budget(s, SEARCH_CLI_BUDGET);
	so = xcalloc(1, sizeof *so);
	so->fill = &so->b[0];
	so->o = o;
	so->sty = cli_styled(o);
	so->memo[0] = render_memo_new();
	so->memo[1] = render_memo_new();
	if (o->json)
		fputs("[", stdout);
	n = search_run(s, c, SEARCH_RANKED |
	    (o->headwords ? SEARCH_HEADWORDS_ONLY : 0) |
	    (o->json ? SEARCH_SOURCES : 0),
	    print_hit, so, (volatile int *)NULL, err, sizeof err);
	/* interrupted: nothing more is printed */
	end_hits(so, !cli_interrupted);
	if (o->json)
		fputs("]\n", stdout);
	render_memo_free(so->memo[0]);
	render_memo_free(so->memo[1]);
	for (size_t k = 0; k < nitems(so->b); k++) {
		buf_free(&so->b[k].text);
		buf_free(&so->b[k].out[0]);
		buf_free(&so->b[k].out[1]);
	}
	free(so);
	search_free(s);
	corpus_close(c);
	if (n < 0) {
		cli_error("%s", err);
		return EXIT_USAGE;
	}
	return n > 0 ? EXIT_FOUND : EXIT_NOTFOUND;
}

struct render_warn {
	const char	*src;
	unsigned	 flags;
	int		 n;
};

/* "stdin:3: warning: unknown command \foo": the renderer shows it as
 * written, and says so here, where it came from. */
static void
warn_unknown(void *arg, const char *tex, size_t len, bool display)
{
	struct render_warn *w = arg;
	struct tm_out out = { 0 };
	long line = 1;

	texmath_render(tex, len, w->flags | (display ? TM_DISPLAY : 0), 0,
	    &out);
	if (out.unknown_name[0] != '\0') {
		for (const char *p = w->src; p < tex; p++)
			line += *p == '\n';
		cli_note("stdin:%ld: warning: unknown command %s", line,
		    out.unknown_name);
		w->n++;
	}
	tm_out_free(&out);
}

int
cmd_render(struct cli *o, int argc, char **argv)
{
	struct render_opts ro = { o->width, o->ascii, true, NULL };
	struct rdoc doc = { 0 };
	struct buf in = { 0 };
	int r;

	(void)argv;
	if (argc > 0) {
		cli_error("usage: lore render [--width N] < FILE");
		return EXIT_USAGE;
	}
	if ((r = read_all(STDIN_FILENO, 64u << 20, &in)) != 0) {
		if (r > 0)
			cli_error("render: input larger than 64 MiB");
		else
			cli_error("render: cannot read the input: %s",
			    strerror(errno));
		buf_free(&in);
		return EXIT_USAGE;
	}
	render_markdown(in.s != NULL ? in.s : "", in.len, &ro, &doc);
	cli_print_doc(&doc, stdout, cli_styled(o));
	if (in.s != NULL && memchr(in.s, '\0', in.len) == NULL) {
		struct render_warn w = { in.s, TM_HEAL |
		    (o->ascii ? TM_ASCII : 0), 0 };

		render_each_math(in.s, warn_unknown, &w);
	}
	rdoc_free(&doc);
	buf_free(&in);
	return EXIT_FOUND;
}
