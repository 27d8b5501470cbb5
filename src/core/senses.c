/* senses.c - numbered senses of a headword defined more than once (see
 * senses.h). The body stays Markdown: what marks a sense is a paragraph
 * that opens with "**N.** " after a blank line, N counting from 1. */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "senses.h"
#include "util.h"

#define SOURCE_LEAD	"*Source: "

/* Where sense n (2, 3, ...) starts in body: after its "\n\n", or NULL. */
static const char *
sense_at(const char *body, int n)
{
	char mark[32];

	snprintf(mark, sizeof mark, "\n\n**%d.** ", n);
	return strstr(body, mark);
}

int
senses_count(const char *body)
{
	const char *p = body;
	int n;

	if (strncmp(body, "**1.** ", 7) != 0)
		return 1;
	for (n = 1; (p = sense_at(p, n + 1)) != NULL; n++)
		p += 2;
	return n;
}

/* Markdown-safe file name: the last part of a path, punctuation escaped. */
static void
add_source(struct buf *b, const char *path, long line)
{
	const char *base = strrchr(path, '/');

	buf_adds(b, "\n\n" SOURCE_LEAD);
	for (base = base != NULL ? base + 1 : path; *base != '\0'; base++) {
		if (ispunct((unsigned char)*base) && *base != '.' && *base != '-')
			buf_addc(b, '\\');
		buf_addc(b, *base);
	}
	buf_printf(b, ", line %ld*", line);
}

/* One sense: its number before the first paragraph (on a line of its own
 * when the body opens with something else), its source after it. */
static void
add_sense(struct buf *b, int n, const char *body, const char *path, long line)
{
	unsigned char c = (unsigned char)body[0];
	bool para = isalnum(c) || c == '*' || c == '_' || c == '$' ||
	    c == '[' || c == '`' || c == '(' || c == '"' || c >= 0x80;

	if (b->len > 0)
		buf_adds(b, "\n\n");
	/* "**" would run into "**1.**": the number on a line of its own
	 * still opens the same paragraph. */
	buf_printf(b, para ? "**%d.** " : "**%d.** \n\n", n);
	buf_adds(b, body);
	add_source(b, path, line);
}

/* Whitespace runs as one space, none at the ends. */
static char *
squeeze(const char *s, size_t n)
{
	struct buf b = { 0 };
	size_t i;
	bool sp = false;

	for (i = 0; i < n; i++) {
		if (isspace((unsigned char)s[i])) {
			sp = true;
			continue;
		}
		if (sp && b.len > 0)
			buf_addc(&b, ' ');
		sp = false;
		buf_addc(&b, s[i]);
	}
	return b.s != NULL ? buf_take(&b) : xstrdup("");
}

/* The text of sense [from, to) of a numbered body, without its number and
 * its source line. */
static char *
sense_text(const char *from, const char *to)
{
	const char *src;

	while (from < to && *from == '\n')
		from++;
	if (from + 2 < to && from[0] == '*' && from[1] == '*') {
		const char *e = strstr(from + 2, ".**");

		if (e != NULL && e < to)
			from = e + 3;
	}
	for (src = to; src > from; src--)
		if (strncmp(src, "\n\n" SOURCE_LEAD, 2 + sizeof SOURCE_LEAD - 1) == 0)
			break;
	return squeeze(from, (size_t)((src > from ? src : to) - from));
}

char *
senses_merge(const char *old, const char *old_path, long old_line,
    const char *body, const char *path, long line, int *dup)
{
	struct buf b = { 0 };
	char *want = squeeze(body, strlen(body));
	int n = senses_count(old), k;

	*dup = 0;
	for (k = 1; k <= n && *dup == 0; k++) {
		const char *from = k == 1 ? old : sense_at(old, k);
		const char *to = k < n ? sense_at(old, k + 1) : old + strlen(old);
		char *have = n == 1 ? squeeze(old, strlen(old)) :
		    sense_text(from, to);

		if (strcmp(have, want) == 0)
			*dup = k;
		free(have);
	}
	free(want);
	if (*dup != 0)
		return NULL;
	if (n == 1)
		add_sense(&b, 1, old, old_path, old_line);
	else
		buf_adds(&b, old);
	add_sense(&b, n + 1, body, path, line);
	return buf_take(&b);
}
