/* texmath.h - LaTeX math to Unicode (or ASCII) text, inline or 2-D.
 *
 * The renderer never fails on bad input: it shows what it cannot parse as
 * text and counts it in `unknown`, so callers (the corpus check, tests) can
 * tell a clean rendering from a degraded one. Depth and output size are
 * bounded, so hostile input costs bounded time and memory. */
#ifndef LORE_TEXMATH_H
#define LORE_TEXMATH_H

#include <stddef.h>

#define TM_ASCII	0x1u	/* only ASCII output (non-UTF-8 locale) */
#define TM_DISPLAY	0x2u	/* 2-D layout allowed: stacked fractions, limits, roots */
#define TM_HEAL		0x4u	/* repair command names that lost their backslash */

struct tm_out {
	char	**rows;		/* nrows NUL-terminated UTF-8 rows, each `width` columns */
	int	  nrows;	/* 1 for inline results */
	int	  width;	/* display columns of every row */
	int	  baseline;	/* row that lines up with surrounding text */
	int	  unknown;	/* unknown commands, unbalanced braces left in the output */
	char	  unknown_name[48];	/* the first unknown command as written
				 * ("\\foo"), or "" when none was a command */
	int	  stacked;	/* display: something is stacked that one row cannot
				 * show (a fraction, limits, a matrix, a root's bar),
				 * more than raised or lowered scripts */
	int	 *breaks;	/* inline only: nbreaks byte offsets into rows[0], */
	int	  nbreaks;	/* each a blank after a relation or binary operator
				 * where a line may end, ascending */
};

/* Render src[0..len). With TM_DISPLAY, a formula wider than maxwidth > 0
 * is broken into lines at its relations and operators; one that cannot be
 * broken to fit is still returned whole (the caller decides to scroll or
 * wrap it).
 * Returns 0, or -1 when a limit was hit (the output then holds a readable
 * fallback). out must be freed with tm_out_free(). */
int	texmath_render(const char *src, size_t len, unsigned flags, int maxwidth,
	    struct tm_out *out);
void	tm_out_free(struct tm_out *out);

#endif
