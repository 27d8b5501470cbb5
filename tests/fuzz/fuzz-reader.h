/* fuzz-reader.h - what the fuzz targets of the readers of other programs'
 * formats (StarDict, dictd, CSV, notes, Anki) check.
 *
 * Not just "no crash": a read either fails with "NAME...: message", or
 * gives entries that all have a non-empty headword and body and at most
 * IMPORT_MAX_NAMES aliases and related names; every field is valid UTF-8
 * when the input was (and always for the binary dictionaries, whose
 * readers clean what they take). */
#ifndef FUZZ_READER_H
#define FUZZ_READER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* static inline: not every target uses every helper, and an unused
 * static function is an error with --enable-werror. */
static inline void
fuzz_text(const char *s, bool utf8)
{
	if (s == NULL)
		abort();
	if (utf8 && !text_utf8_valid(s, strlen(s), NULL))
		abort();
}

static inline void
fuzz_check(int rc, const char *err, const char *name, struct entries *es,
    bool utf8)
{
	size_t i, j;

	if (rc != 0) {
		if (strncmp(err, name, strlen(name)) != 0 ||
		    strstr(err, ": ") == NULL || strstr(err, ": ")[2] == '\0')
			abort();
		entries_free(es);	/* what a failed read left */
		return;
	}
	for (i = 0; i < es->n; i++) {
		const struct entry *e = &es->v[i];

		fuzz_text(e->headword, utf8);
		fuzz_text(e->body, utf8);
		if (e->headword[0] == '\0' || e->body[0] == '\0')
			abort();
		if (e->naliases > IMPORT_MAX_NAMES || e->nrelated > IMPORT_MAX_NAMES)
			abort();
		for (j = 0; j < e->naliases; j++)
			fuzz_text(e->aliases[j], utf8);
		for (j = 0; j < e->nrelated; j++)
			fuzz_text(e->related[j], utf8);
		if (e->category != NULL)
			fuzz_text(e->category, utf8);
	}
	entries_free(es);
}

/* The input as text a reader would be given by import_file (valid UTF-8,
 * no NUL), in a fresh buffer of exactly size bytes. */
static inline char *
fuzz_copy(const uint8_t *data, size_t size, bool *text)
{
	char *buf = malloc(size ? size : 1);

	if (buf == NULL)
		abort();
	memcpy(buf, data, size);
	*text = memchr(buf, '\0', size) == NULL &&
	    text_utf8_valid(buf, size, NULL);
	return buf;
}

/* Cut the input into at most n parts at "\n--8<--\n". */
static inline size_t
fuzz_split(const char *buf, size_t size, const char **part, size_t *len,
    size_t n)
{
	static const char cut[] = "\n--8<--\n";
	size_t k = 0, at = 0;

	while (k + 1 < n) {
		const char *c = memmem(buf + at, size - at, cut, sizeof cut - 1);

		if (c == NULL)
			break;
		part[k] = buf + at;
		len[k++] = (size_t)(c - (buf + at));
		at = (size_t)(c - buf) + sizeof cut - 1;
	}
	part[k] = buf + at;
	len[k++] = size - at;
	return k;
}

/* A text reader through import_parse(), as import_file calls it. */
static inline int
fuzz_parse(const uint8_t *data, size_t size, const char *path,
    enum import_format f)
{
	struct entries es = { 0 };
	char err[512] = "";
	bool text;
	char *buf = fuzz_copy(data, size, &text);

	if (!text && f != IMPORT_APKG) {
		free(buf);	/* import_file never hands a reader such bytes */
		return 0;
	}
	fuzz_check(import_parse(path, buf, size, f, &es, err, sizeof err), err,
	    path, &es, true);
	free(buf);
	return 0;
}

#endif
