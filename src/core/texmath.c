/* texmath.c - placeholder: shows the source unchanged until the renderer lands. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "texmath.h"
#include "text.h"
#include "util.h"

int
texmath_render(const char *src, size_t len, unsigned flags, int maxwidth,
    struct tm_out *out)
{
	(void)flags, (void)maxwidth;
	out->rows = xcalloc(1, sizeof *out->rows);
	out->rows[0] = text_sanitize(src, len, false, NULL);
	out->nrows = 1;
	out->width = (int)text_width(out->rows[0], strlen(out->rows[0]));
	out->baseline = 0;
	out->unknown = 0;
	return 0;
}

void
tm_out_free(struct tm_out *out)
{
	for (int i = 0; i < out->nrows; i++)
		free(out->rows[i]);
	free(out->rows);
	out->rows = NULL;
	out->nrows = 0;
}
