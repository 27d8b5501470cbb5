/* fuzz-import.h - the body shared by the four importer fuzz targets.
 *
 * Each fuzz-import-FMT.c defines FUZZ_FORMAT and includes this. The
 * properties are the ones import.h and lore(5) promise, not just "no
 * crash": a parse either fails with "path:LINE: message" (LINE > 0), or
 * gives entries that all have a non-empty headword and a body, at most
 * IMPORT_MAX_NAMES names, and, when the input is text import_file() would
 * accept (valid UTF-8, no NUL), fields that are valid UTF-8 too. */
#ifndef FUZZ_IMPORT_H
#define FUZZ_IMPORT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "text.h"

#define FUZZ_PATH	"fuzz.txt"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_field(const char *s, int text)
{
	if (s == NULL)
		abort();
	/* A pointer into the input would be freed twice by entries_free;
	 * strlen walks it all, so ASan sees a stray one. */
	if (text && !text_utf8_valid(s, strlen(s), NULL))
		abort();
}

static int
fuzz_import(const uint8_t *data, size_t size, enum import_format f)
{
	struct entries es = { 0 };
	char err[512], *buf;
	size_t i, j, plen = strlen(FUZZ_PATH);
	int text;

	/* The parsers are given exactly len bytes: no terminator to lean on,
	 * so ASan catches a read one past the end. */
	if ((buf = malloc(size ? size : 1)) == NULL)
		abort();
	memcpy(buf, data, size);
	text = memchr(buf, '\0', size) == NULL &&
	    text_utf8_valid(buf, size, NULL);

	(void)import_detect(FUZZ_PATH, buf, size);
	err[0] = '\0';
	if (import_parse(FUZZ_PATH, buf, size, f, &es, err, sizeof err) != 0) {
		/* "fuzz.txt:12: ..." */
		if (strncmp(err, FUZZ_PATH ":", plen + 1) != 0 ||
		    err[plen + 1] < '1' || err[plen + 1] > '9')
			abort();
		for (i = plen + 1; err[i] >= '0' && err[i] <= '9'; i++)
			;
		if (err[i] != ':' || err[i + 1] != ' ' || err[i + 2] == '\0')
			abort();
		if (es.n != 0 || es.v != NULL)
			abort();	/* import_parse frees on error */
		free(buf);
		return 0;
	}
	for (i = 0; i < es.n; i++) {
		const struct entry *e = &es.v[i];

		fuzz_field(e->headword, text);
		fuzz_field(e->body, text);
		/* Whitespace-only names are dropped; a headword is a name.
		 * (A NUL can end one early, but import_file() refuses those.) */
		if (text &&
		    e->headword[strspn(e->headword, " \t\r\n\f\v")] == '\0')
			abort();
		if (e->line < 1)
			abort();
		if (e->category != NULL)
			fuzz_field(e->category, text);
		if (e->naliases > IMPORT_MAX_NAMES ||
		    e->nrelated > IMPORT_MAX_NAMES)
			abort();
		for (j = 0; j < e->naliases; j++) {
			fuzz_field(e->aliases[j], text);
			if (e->aliases[j][0] == '\0')
				abort();
		}
		for (j = 0; j < e->nrelated; j++)
			fuzz_field(e->related[j], text);
	}
	entries_free(&es);
	free(buf);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Far past the line cap is only slower, not different. */
	if (size > (1u << 20))
		return 0;
	return fuzz_import(data, size, FUZZ_FORMAT);
}

#endif
