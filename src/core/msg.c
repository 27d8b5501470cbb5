/* msg.c - messages on stderr, escaped (see msg.h). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "msg.h"
#include "text.h"
#include "util.h"

/* One write, so lines of concurrent processes do not mix; stdout first,
 * so a message comes after the output it is about. */
void
msg_vprint(const char *prefix, const char *fmt, va_list ap)
{
	struct buf b = { 0 };
	char *s;

	fflush(stdout);
	buf_adds(&b, prefix);
	buf_vprintf(&b, fmt, ap);
	s = text_escape(b.s, b.len, true);
	fprintf(stderr, "%s\n", s);
	fflush(stderr);
	free(s);
	buf_free(&b);
}

void
msg_print(const char *prefix, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_vprint(prefix, fmt, ap);
	va_end(ap);
}
