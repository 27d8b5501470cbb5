/* fuzz-texmath.c - libFuzzer target for texmath_render().
 *
 * Every flag combination, and the promises of texmath.h checked with
 * abort(): valid UTF-8, every row exactly `width` columns, ASCII only when
 * asked, one row inline, and output bounded by the size of the input. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "texmath.h"
#include "text.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check(const struct tm_out *o, unsigned flags, size_t len)
{
	size_t total = 0;

	if (o->nrows < 1 || o->nrows > 256 || o->width < 0 ||
	    o->baseline < 0 || o->baseline >= o->nrows || o->unknown < 0)
		abort();
	if (!(flags & TM_DISPLAY) && o->nrows != 1)
		abort();
	if ((size_t)o->width > 4 * len + 64)
		abort();
	for (int r = 0; r < o->nrows; r++) {
		const char *row = o->rows[r];
		size_t n;

		if (row == NULL)
			abort();
		n = strlen(row);
		total += n;
		if (!text_utf8_valid(row, n, NULL))
			abort();
		if (text_width(row, n) != (size_t)o->width)
			abort();
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)row[i];

			if (c < 0x20 || c == 0x7f || ((flags & TM_ASCII) && c >= 0x80))
				abort();
		}
	}
	/* line breaks: inline only, ascending, each at a blank of the row */
	if (o->nbreaks < 0 || (o->nbreaks > 0 && (flags & TM_DISPLAY)))
		abort();
	for (int k = 0; k < o->nbreaks; k++) {
		int at = o->breaks[k];

		if (at <= 0 || (size_t)at >= strlen(o->rows[0]) ||
		    o->rows[0][at] != ' ' || (k > 0 && at <= o->breaks[k - 1]))
			abort();
	}
	/* a cell holds at most a character and its marks */
	if (total > (size_t)o->nrows * ((size_t)o->width * 4 + 16) + len * 4)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned flags[] = {
		0, TM_DISPLAY, TM_ASCII, TM_ASCII | TM_DISPLAY, TM_HEAL,
		TM_HEAL | TM_DISPLAY, TM_HEAL | TM_ASCII | TM_DISPLAY,
	};
	struct tm_out o;

	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
		int rc = texmath_render((const char *)data, size, flags[i], 80, &o);

		if (rc != 0 && rc != -1)
			abort();
		check(&o, flags[i], size);
		tm_out_free(&o);
	}
	return 0;
}
