/* render_memo.c - inline formulas already rendered, and the buffers of the
 * last rendering, kept for the renderings that follow.
 *
 * lore search renders thousands of hits whose lines share their formulas
 * ($x_i$, $\epsilon$), and texmath takes longer than the rest of a line.
 * texmath_render depends on nothing but its arguments (no state, no
 * environment), so a formula found here is what rendering it again gives.
 * A fixed number of slots, picked by a hash: a miss renders and takes the
 * slot. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "render-int.h"
#include "texmath.h"
#include "util.h"

#define MEMO_SLOTS	512
#define MEMO_MAXSRC	256	/* longer formulas are rendered every time */

struct memo_slot {
	char		*src;		/* NULL: empty */
	size_t		 n;
	unsigned	 flags;
	int		 width;
	struct tm_inline val;
};

struct render_memo {
	struct memo_slot slot[MEMO_SLOTS];
	struct render_spare spare;
};

struct render_spare *
render_memo_spare(struct render_memo *m)
{
	return &m->spare;
}

struct render_memo *
render_memo_new(void)
{
	return xcalloc(1, sizeof(struct render_memo));
}

void
tm_inline_free(struct tm_inline *t)
{
	free(t->row);
	free(t->brk);
	memset(t, 0, sizeof *t);
}

void
render_memo_free(struct render_memo *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < MEMO_SLOTS; i++) {
		free(m->slot[i].src);
		tm_inline_free(&m->slot[i].val);
	}
	buf_free(&m->spare.text);
	buf_free(&m->spare.line);
	free(m->spare.runs);
	free(m->spare.spans);
	free(m->spare.segs);
	free(m);
}

/* What math_inline takes from texmath: the row shown in a line of text
 * (the baseline of a formula of several rows), and where it may break. */
static void
tm_inline_render(const char *src, size_t n, unsigned flags, int width,
    struct tm_inline *t)
{
	struct tm_out out = { 0 };
	int row;

	memset(t, 0, sizeof *t);
	texmath_render(src, n, flags, width, &out);
	if (out.nrows > 0 && out.rows != NULL) {
		row = out.nrows == 1 ? 0 : out.baseline;
		if (row < 0 || row >= out.nrows)
			row = 0;
		t->row = xstrdup(out.rows[row]);
		t->row0 = row == 0;
		if (out.nbreaks > 0 && out.breaks != NULL) {
			t->brk = xreallocarray(NULL, (size_t)out.nbreaks,
			    sizeof *t->brk);
			memcpy(t->brk, out.breaks, (size_t)out.nbreaks *
			    sizeof *t->brk);
			t->nbrk = out.nbreaks;
		}
	}
	tm_out_free(&out);
}

const struct tm_inline *
render_memo_get(struct render_memo *m, const char *src, size_t n,
    unsigned flags, int width, struct tm_inline *tmp)
{
	struct memo_slot *s;
	uint32_t h = 2166136261u;	/* FNV-1a */

	if (m == NULL || n > MEMO_MAXSRC) {
		tm_inline_render(src, n, flags, width, tmp);
		return tmp;
	}
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)src[i]) * 16777619u;
	h = (h ^ flags) * 16777619u;
	h = (h ^ (uint32_t)width) * 16777619u;
	s = &m->slot[h % MEMO_SLOTS];
	if (s->src != NULL && s->n == n && s->flags == flags &&
	    s->width == width && memcmp(s->src, src, n) == 0)
		return &s->val;
	free(s->src);
	tm_inline_free(&s->val);
	s->src = xmalloc(n + 1);
	memcpy(s->src, src, n);
	s->src[n] = '\0';
	s->n = n;
	s->flags = flags;
	s->width = width;
	tm_inline_render(src, n, flags, width, &s->val);
	return &s->val;
}
