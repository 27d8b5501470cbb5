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
print_sgr(FILE *fp, unsigned style)
{
	const char *sep = "";

	fputs("\033[", fp);
	for (size_t i = 0; i < nitems(sgr_table); i++)
		if (style & sgr_table[i].style) {
			fprintf(fp, "%s%s", sep, sgr_table[i].sgr);
			sep = ";";
		}
	fputc('m', fp);
}

void
cli_print_doc(const struct rdoc *d, FILE *fp, bool ansi)
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
				fwrite(l->text + at, 1, sp->off - at, fp);
			on = (sp->style & ~(unsigned)RS_QUOTE) != 0;
			if (on)
				print_sgr(fp, sp->style);
			fwrite(l->text + sp->off, 1, end - sp->off, fp);
			if (on)
				fputs("\033[0m", fp);
			at = end;
		}
		if (len > at)
			fwrite(l->text + at, 1, len - at, fp);
		fputc('\n', fp);
	}
}
