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

/* Length of the "### " that opens an ATX heading at s, or 0. */
static size_t
heading_lead(const char *s)
{
	size_t k = 0;

	while (k < 6 && s[k] == '#')
		k++;
	return k > 0 && s[k] == ' ' ? k + 1 : 0;
}

/* Whether s opens with the mark of sense n: "**n.** " at the start of a
 * paragraph or of a heading's text; *mark gets where the "**" starts. */
static bool
mark_at(const char *s, int n, const char **mark)
{
	char want[32];
	size_t h = heading_lead(s), k = (size_t)snprintf(want, sizeof want,
	    "**%d.** ", n);

	if (strncmp(s + h, want, k) != 0)
		return false;
	if (mark != NULL)
		*mark = s + h;
	return true;
}

/* Where sense n (2, 3, ...) starts in body: after its "\n\n", or NULL. */
static const char *
sense_at(const char *body, int n)
{
	const char *p;

	for (p = strstr(body, "\n\n"); p != NULL; p = strstr(p + 1, "\n\n"))
		if (mark_at(p + 2, n, NULL))
			return p;
	return NULL;
}

int
senses_count(const char *body)
{
	const char *p = body;
	int n;

	if (!mark_at(body, 1, NULL))
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

/* One sense: its number before the first paragraph, or inside its
 * heading ("### **2.** Title") when it opens with one; on a line of its own
 * when it opens with another block. */
static void
add_sense(struct buf *b, int n, const char *body, const char *path, long line)
{
	unsigned char c = (unsigned char)body[0];
	size_t h = heading_lead(body);
	bool para = isalnum(c) || c == '*' || c == '_' || c == '$' ||
	    c == '[' || c == '`' || c == '(' || c == '"' || c >= 0x80;

	if (b->len > 0)
		buf_adds(b, "\n\n");
	if (h > 0) {
		buf_add(b, body, h);
		buf_printf(b, "**%d.** ", n);
		buf_adds(b, body + h);
	} else {
		/* "**" would run into "**1.**": the number on a line of
		 * its own still opens the same paragraph. */
		buf_printf(b, para ? "**%d.** " : "**%d.** \n\n", n);
		buf_adds(b, body);
	}
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
sense_text(const char *from, const char *to, int k)
{
	const char *src, *mark;
	struct buf b = { 0 };
	char *t;

	while (from < to && *from == '\n')
		from++;
	for (src = to; src > from; src--)
		if (strncmp(src, "\n\n" SOURCE_LEAD, 2 + sizeof SOURCE_LEAD - 1) == 0)
			break;
	if (src <= from)
		src = to;
	if (mark_at(from, k, &mark) && mark < src) {
		buf_add(&b, from, (size_t)(mark - from));
		from = strstr(mark + 2, ".**") + 3;
	}
	if (from < src)
		buf_add(&b, from, (size_t)(src - from));
	t = squeeze(b.s != NULL ? b.s : "", b.len);
	free(b.s);
	return t;
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
		    sense_text(from, to, k);

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
