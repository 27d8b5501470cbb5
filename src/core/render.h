/* render.h - Markdown (md4c) with LaTeX math to display-independent lines.
 *
 * The output is a list of lines at a fixed width, each a UTF-8 string with
 * styled spans over it. The TUI paints them with curses attributes, the CLI
 * prints them with or without escape codes, tests compare their text. */
#ifndef LORE_RENDER_H
#define LORE_RENDER_H

#include <stdbool.h>
#include <stddef.h>

enum rstyle {
	RS_BOLD		= 1 << 0,
	RS_ITALIC	= 1 << 1,
	RS_CODE		= 1 << 2,	/* inline code and code blocks */
	RS_LINK		= 1 << 3,	/* a link; span.link says where */
	RS_HEADING	= 1 << 4,
	RS_MATH		= 1 << 5,
	RS_QUOTE	= 1 << 6,
	RS_FRAME	= 1 << 7,	/* table borders, rules, list bullets */
	RS_MATCH	= 1 << 8,	/* a search match (set by callers) */
	RS_STRIKE	= 1 << 9,	/* ~~strikethrough~~ */
};

/* Hostile input cannot make more lines than this; the rest is dropped. */
#define RENDER_MAX_LINES	100000

struct rspan {
	size_t	 off;		/* byte offset into rline.text */
	size_t	 len;
	unsigned style;		/* enum rstyle bits */
	int	 link;		/* index into rdoc.links, or -1 */
};

struct rline {
	char		*text;		/* NUL-terminated, sanitized UTF-8 */
	size_t		 len;
	struct rspan	*spans;		/* sorted by off, non-overlapping */
	size_t		 nspans;
};

struct rdoc {
	struct rline	*lines;
	size_t		 n, cap;
	char		**links;	/* link targets: [[wiki]] names or URLs */
	size_t		 nlinks;
};

/* Every line fits in `width` columns. Code blocks are never wrapped: a code
 * line too long for the width is cut and ends in a marker (U+2026, or '>'
 * in ASCII mode) in the last column, so copied code never has a bogus line
 * break in it. */
struct render_memo;

struct render_opts {
	int	width;		/* columns, >= 10 (smaller is taken as 10) */
	bool	ascii;		/* no Unicode box drawing or math symbols */
	bool	heal;		/* heal LaTeX that lost its backslashes */
	struct render_memo *memo;	/* or NULL: formulas kept from one
					 * rendering for the next */
};

/* For a caller that renders many texts alike (lore search's hits): the
 * inline formulas rendered, kept for the next render_markdown given the
 * same memo in render_opts. Same output, less time; at most a few
 * hundred formulas are kept. Not to be shared between threads. */
struct render_memo *render_memo_new(void);
void	render_memo_free(struct render_memo *m);

/* Render Markdown src[0..len) into out (zero-initialised by the caller).
 * Returns 0, or -1 if md4c failed (out then holds the plain wrapped text). */
int	render_markdown(const char *src, size_t len, const struct render_opts *o,
	    struct rdoc *out);
void	rdoc_free(struct rdoc *d);
/* Call fn for every math span of Markdown s: $$...$$ (display true) and
 * $...$, outside code fences and inline code. For audits, tests and the
 * quiz's blanks; the renderer itself gets math spans from md4c. */
void	render_each_math(const char *s,
	    void (*fn)(void *arg, const char *tex, size_t len, bool display),
	    void *arg);
/* A search hit's line of Markdown, rendered like a body, with the match at
 * line[ms..ms+ml) styled RS_MATCH (widened to a whole formula, code span or
 * [[link]] it touches). *first, when not NULL, gets the index of the line
 * the match starts on. Returns as render_markdown. */
int	render_snippet(const char *line, size_t ms, size_t ml,
	    const struct render_opts *o, struct rdoc *out, size_t *first);
/* The same, for a caller that shows only the lines from `before` before
 * *first up to `after` past it: out holds those as render_snippet makes
 * them (*first is their index in out), and may leave out lines before
 * them and stop soon after (a long line is rendered only as far as is
 * shown, and its lines before the window are not made). */
int	render_snippet_window(const char *line, size_t ms, size_t ml,
	    const struct render_opts *o, size_t before, size_t after,
	    struct rdoc *out, size_t *first);

#endif
