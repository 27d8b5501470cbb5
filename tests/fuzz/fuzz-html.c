/* fuzz-html.c - html_to_markdown() and text_to_markdown(): valid UTF-8 in
 * gives valid UTF-8 out, and a NUL never ends up inside the string. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1), *md;
	struct html_stats st = { 0 };
	bool text;

	if (buf == NULL)
		abort();
	memcpy(buf, data, size);
	text = memchr(buf, '\0', size) == NULL && text_utf8_valid(buf, size, NULL);
	md = html_to_markdown(buf, size, &st);
	if (md == NULL || (text && !text_utf8_valid(md, strlen(md), NULL)))
		abort();
	free(md);
	md = text_to_markdown(buf, size);
	if (md == NULL || (text && !text_utf8_valid(md, strlen(md), NULL)))
		abort();
	free(md);
	free(buf);
	return 0;
}
