/* fuzz-markdown.c - render_markdown() must give sane lines for any input.
 *
 * Every line is checked against the promises in render.h: valid UTF-8, no
 * control characters or bidi overrides, never wider than the width, pure
 * ASCII in ASCII mode, spans sorted and inside the text, a bounded count.
 * The input goes through structure_recover() (the import step for bodies
 * written one block per line) too, and its output is rendered the same
 * way: a body it does not take must come back unchanged.
 *
 * Its first line is also a search hit's (render_snippet), with a match
 * placed by the last bytes: the lines render_snippet_window makes, from
 * 0-2 before the match's to 0-2 after it, with a memo of formulas, must
 * be those of the whole snippet, as many before the match's. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "structure.h"
#include "text.h"
#include "../rline-same.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_line(const struct rline *l, const struct render_opts *o)
{
	size_t i = 0, k, end = 0;
	uint32_t cp;

	if (!text_utf8_valid(l->text, l->len, NULL))
		abort();
	if (text_width(l->text, l->len) > (size_t)o->width)
		abort();
	while (i < l->len) {
		k = text_decode(l->text + i, l->len - i, &cp);
		if (text_cp_unsafe(cp) || cp == '\t' || cp == '\n')
			abort();
		if (o->ascii && cp >= 0x80)
			abort();
		i += k;
	}
	for (i = 0; i < l->nspans; i++) {
		if (l->spans[i].off < end || l->spans[i].len == 0 ||
		    l->spans[i].off + l->spans[i].len > l->len)
			abort();
		end = l->spans[i].off + l->spans[i].len;
	}
}

static void
render_all(const uint8_t *data, size_t size)
{
	static const int widths[] = { 10, 40, 80 };
	struct render_opts o = { 0 };
	struct rdoc d;

	for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++) {
		for (int ascii = 0; ascii < 2; ascii++) {
			o.width = widths[w];
			o.ascii = ascii;
			o.heal = ascii;
			d = (struct rdoc){ 0 };
			render_markdown((const char *)data, size, &o, &d);
			if (d.n > RENDER_MAX_LINES)
				abort();
			for (size_t i = 0; i < d.n; i++) {
				check_line(&d.lines[i], &o);
				for (size_t j = 0; j < d.lines[i].nspans; j++)
					if (d.lines[i].spans[j].link >= (int)d.nlinks)
						abort();
			}
			rdoc_free(&d);
		}
	}
}

static void
check_snippet(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t len = nl != NULL ? (size_t)(nl - data) : size, ms, ml, f1 = 0;
	size_t f2 = 0, lo1, lo2, before, after;
	unsigned seed;
	struct render_opts o = { 24, false, true, NULL }, om = o;
	struct rdoc full = { 0 }, win = { 0 };
	char *line;

	if (size < 4 || memchr(data, '\0', len) != NULL)
		return;
	seed = (unsigned)data[size - 1] | (unsigned)data[size - 2] << 8 |
	    (unsigned)data[size - 3] << 16;
	line = malloc(len + 1);
	if (line == NULL)
		return;
	memcpy(line, data, len);
	line[len] = '\0';
	ms = seed % (len + 1);
	while (ms > 0 && ((unsigned char)line[ms] & 0xC0) == 0x80)
		ms--;
	ml = (seed >> 8) % 40 < len - ms ? (seed >> 8) % 40 : len - ms;
	while (ms + ml < len && ((unsigned char)line[ms + ml] & 0xC0) == 0x80)
		ml++;
	before = (seed >> 14) % 3;
	after = (seed >> 16) % 3;
	o.width = om.width = 10 + (int)((seed >> 18) % 60);
	om.memo = render_memo_new();
	render_snippet(line, ms, ml, &o, &full, &f1);
	render_snippet_window(line, ms, ml, &om, before, after, &win, &f2);
	lo1 = f1 > before ? f1 - before : 0;
	lo2 = f2 > before ? f2 - before : 0;
	if (f1 - lo1 != f2 - lo2)
		abort();
	for (size_t i = lo1; i < full.n && i <= f1 + after; i++)
		if (i - lo1 + lo2 >= win.n ||
		    !rline_same(&full.lines[i], &win.lines[i - lo1 + lo2]))
			abort();
	rdoc_free(&full);
	rdoc_free(&win);
	render_memo_free(om.memo);
	free(line);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *md;

	render_all(data, size);
	check_snippet(data, size);
	/* Bodies reach structure_recover() as strings. */
	if (memchr(data, '\0', size) != NULL || (s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	md = structure_recover(s);
	if (!structure_line_blocks(s) && strcmp(md, s) != 0)
		abort();
	render_all((const uint8_t *)md, strlen(md));
	free(md);
	free(s);
	return 0;
}
