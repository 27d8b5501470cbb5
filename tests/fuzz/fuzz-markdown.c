/* fuzz-markdown.c - render_markdown() must give sane lines for any input.
 *
 * Every line is checked against the promises in render.h: valid UTF-8, no
 * control characters or bidi overrides, never wider than the width, pure
 * ASCII in ASCII mode, spans sorted and inside the text, a bounded count.
 * The input goes through structure_recover() (the import step for bodies
 * written one block per line) too, and its output is rendered the same
 * way: a body it does not take must come back unchanged. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "structure.h"
#include "text.h"

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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *md;

	render_all(data, size);
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
