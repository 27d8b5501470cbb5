/* render-int.h - what the parts of the Markdown renderer share.
 *
 * Not the API (that is render.h): the renderer's state, its styled inline
 * buffers and containers, and the functions render.c, render_wrap.c
 * (line breaking) and render_table.c (tables) call in each other. */
#ifndef LORE_RENDER_INT_H
#define LORE_RENDER_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <md4c.h>

#include "render.h"
#include "util.h"

#define RENDER_MAX_WIDTH	1000
#define CODE_TAB		4	/* tab stop inside code blocks */
#define CODE_INDENT		2
#define MIN_CELL		2	/* a column must hold one wide character */

#define MD_FLAGS (MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | \
	MD_FLAG_LATEXMATHSPANS | MD_FLAG_WIKILINKS | MD_FLAG_PERMISSIVEAUTOLINKS | \
	MD_FLAG_NOHTML)

/* The characters lore draws with, in Unicode and in ASCII. */
struct glyphs {
	const char	*bullet[3];
	const char	*bar;		/* block quote */
	const char	*hr;
	const char	*h1, *h2;	/* heading underlines */
	const char	*cut;		/* end of a code line that was cut */
	const char	*v, *h;		/* table frame */
	const char	*tl, *tm, *tr, *ml, *mm, *mr, *bl, *bm, *br;
};

/* A stretch of inline text in one style. Runs cover the text end to end. */
struct style_run {
	size_t		 off, len;
	unsigned	 style;
	int		 link;
};

/* Sanitized inline text; '\n' in it is a hard line break. A space inside
 * math is no place to break a line unless texmath said so: brk holds those
 * offsets, ascending. */
struct ibuf {
	struct buf	 text;
	struct style_run	*runs;
	size_t		 nruns, cap;
	size_t		*brk;
	size_t		 nbrk, capbrk;
};

/* One wrapped line: text[a..b) of an ibuf; cut when a formula that could
 * not be broken went on past b (the line then ends in a marker). */
struct seg {
	size_t		 a, b;
	bool		 cut;
};

enum { C_QUOTE, C_ITEM };

struct cont {
	int		 kind;
	char		 mark[24];	/* list marker, without the space after it */
	bool		 pending;	/* the marker has not been shown yet */
};

struct md_list {
	bool		 ol, tight;
	unsigned	 next;
	char		 delim;
};

/* A line prefix made by the containers, with its spans. */
struct prefix {
	struct buf	 text;
	struct rspan	*spans;
	size_t		 nspans, cap;
};

struct table {
	int		 ncols;
	MD_ALIGN	*align;
	struct ibuf	*cells;		/* nrows * ncols */
	size_t		 nrows, caprows;
	size_t		 nhead;		/* rows in the header */
	int		 col;
	bool		 inhead;
};

struct rstate {
	const struct render_opts *o;
	const struct glyphs *g;
	int		 width;
	struct rdoc	*d;
	bool		 full;		/* RENDER_MAX_LINES reached */

	struct cont	*cs;
	size_t		 ncs, capcs;
	struct md_list	*ls;
	size_t		 nls, capls;
	int		 nquote;

	struct prefix	 pfirst, pcont;	/* with pending markers, and without */
	int		 prew;
	bool		 predirty, anypending;

	struct buf	 line;		/* the line being built */
	struct rspan	*spans;
	size_t		 nspans, capspans;
	bool		 lastblank;
	bool		 blank;		/* a blank line is due before the next block */

	struct ibuf	 para;
	struct ibuf	 scratch;	/* table cells beyond the column count */
	struct ibuf	 tmp;
	struct ibuf	*ib;		/* where inline text goes now */
	struct seg	*segs;
	size_t		 nsegs, capsegs;

	unsigned	 base;		/* style of the current leaf block */
	int		 em, strong, code, del, img;
	int		 link;
	int		 hlevel;

	bool		 inmath, mathdisp;
	struct buf	 math;
	bool		 inp, pother;	/* in a paragraph; it has non-math text */
	int		 pnmath;
	struct buf	 lastmath;

	bool		 incode;
	struct buf	 codeblk;

	bool		 intable;
	struct table	 t;

	/* render_snippet: only the lines from win_before before the one
	 * that holds win_mark up to win_after past it are wanted (SIZE_MAX:
	 * all). The block that holds it is wrapped up to there and then the
	 * rendering stops (full); its lines before those are not made. */
	const char	*win_mark;
	size_t		 win_before, win_after;
	size_t		 wrap_stop;	/* render_wrap: the mark's byte, or SIZE_MAX */
	size_t		 wrap_left;	/* lines still to make after it */
};

/* render.c */
void	ib_free(struct ibuf *ib);
void	ib_add(struct rstate *st, struct ibuf *ib, const char *s, size_t n,
    unsigned style, int link);
void	ib_append(struct ibuf *dst, const struct ibuf *src, unsigned style);
void	render_line_add(struct rstate *st, const char *s, size_t n,
    unsigned style, int link);
void	render_line_addn(struct rstate *st, const char *s, size_t times,
    unsigned style);
void	render_line_add_slice(struct rstate *st, const struct ibuf *ib,
    size_t a, size_t b, size_t *ri);
int	render_avail(struct rstate *st);
void	render_line_start(struct rstate *st, bool blank);
void	render_line_end(struct rstate *st, bool blank);
void	render_block_begin(struct rstate *st);
void	render_flush_para(struct rstate *st);

int	render_markdown_window(const char *src, size_t len,
    const struct render_opts *o, struct rdoc *out, const char *mark,
    size_t before, size_t after);

/* render_memo.c: the growing buffers of one rendering, handed to the next
 * one given the same memo (render_memo_spare), so that rendering thousands
 * of short texts does not allocate them again each time. */
struct render_spare {
	struct buf	 text, line;
	struct style_run	*runs;
	size_t		 capruns;
	struct rspan	*spans;
	size_t		 capspans;
	struct seg	*segs;
	size_t		 capsegs;
};
struct render_spare *render_memo_spare(struct render_memo *m);

/* render_memo.c: an inline formula as math_inline uses it: the row
 * shown (NULL when texmath made none), whether it is the formula's first,
 * and the byte offsets in it where a line may break. */
struct tm_inline {
	char		*row;
	bool		 row0;
	int		*brk;
	int		 nbrk;
};
/* The formula from m, or rendered into tmp (zeroed; tm_inline_free it)
 * when m is NULL or the formula too long to keep. */
const struct tm_inline *render_memo_get(struct render_memo *m,
    const char *src, size_t n, unsigned flags, int width,
    struct tm_inline *tmp);
void	tm_inline_free(struct tm_inline *t);

/* render.c: render_each_math, stopping at the first span that starts
 * at or after *stop (read again after each call of fn, which may move
 * it): a snippet widens its match only to spans that reach into it. */
void	render_math_until(const char *s, const size_t *stop,
	    void (*fn)(void *, const char *, size_t, bool), void *arg);

/* render_wrap.c */
void	render_wrap(struct rstate *st, const struct ibuf *ib, size_t maxw);

/* render_table.c */
void	table_begin(struct rstate *st, unsigned ncols);
void	table_row(struct rstate *st);
void	table_free(struct rstate *st);
void	table_emit(struct rstate *st);

#endif
