/* print.c - rendered lines to a stream: plain, or styled with SGR codes.
 *
 * The renderer (core) makes lines of styled spans and knows nothing of
 * terminals; how a style looks on a terminal is decided here, as the TUI
 * decides it with curses attributes. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>

#include "cli/cli.h"
#include "render.h"
#include "util.h"

/* SGR parameters for each style bit, in the order they are emitted. */
static const struct {
	unsigned	 style;
	const char	*sgr;
} sgr_table[] = {
	{ RS_BOLD, "1" }, { RS_FRAME, "2" }, { RS_ITALIC, "3" },
	{ RS_LINK, "4" }, { RS_MATCH, "7" }, { RS_STRIKE, "9" },
	{ RS_CODE, "36" }, { RS_MATH, "35" }, { RS_HEADING, "1;34" },
};

static void
print_sgr(struct buf *b, unsigned style)
{
	const char *sep = "";

	buf_adds(b, "\033[");
	for (size_t i = 0; i < nitems(sgr_table); i++)
		if (style & sgr_table[i].style) {
			buf_adds(b, sep);
			buf_adds(b, sgr_table[i].sgr);
			sep = ";";
		}
	buf_addc(b, 'm');
}

void
cli_doc_to_buf(const struct rdoc *d, struct buf *b, bool ansi)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct rline *l = &d->lines[i];
		size_t len = l->len, at = 0;

		while (len > 0 && l->text[len - 1] == ' ')
			len--;
		for (size_t j = 0; ansi && j < l->nspans && at < len; j++) {
			const struct rspan *sp = &l->spans[j];
			size_t end = sp->off + sp->len < len ? sp->off + sp->len : len;
			bool on;

			if (sp->off >= len)
				break;
			if (sp->off > at)
				buf_add(b, l->text + at, sp->off - at);
			on = (sp->style & ~(unsigned)RS_QUOTE) != 0;
			if (on)
				print_sgr(b, sp->style);
			buf_add(b, l->text + sp->off, end - sp->off);
			if (on)
				buf_adds(b, "\033[0m");
			at = end;
		}
		if (len > at)
			buf_add(b, l->text + at, len - at);
		buf_addc(b, '\n');
	}
}

void
cli_print_doc(const struct rdoc *d, FILE *fp, bool ansi)
{
	struct buf b = { 0 };

	cli_doc_to_buf(d, &b, ansi);
	fwrite(b.s != NULL ? b.s : "", 1, b.len, fp);
	buf_free(&b);
}
