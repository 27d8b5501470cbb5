/* structure.c - blocks back for bodies written one block per line
 * (see structure.h). A line's kind is decided from the line alone; where
 * a blank line goes is decided from the kinds of two neighbours. */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "structure.h"
#include "util.h"

enum kind {
	K_NONE,		/* before the first line */
	K_TEXT,		/* a paragraph */
	K_HEAD,		/* **a bold-only line** */
	K_UL,		/* - item, * item, + item */
	K_OL,		/* 1. item, 1) item */
	K_ROW,		/* | a | b | */
	K_FENCE,	/* ``` or ~~~ opening a code block */
	K_MATH,		/* $$ opening a display formula */
	K_MDHEAD,	/* # heading, > quote: Markdown that stands alone */
	K_INDENT,	/* starts with a space or tab: belongs to what is above */
};

struct sline {
	const char	*s;
	size_t		 n;
};

static bool
is_bold_only(const char *s, size_t n)
{
	size_t i;

	if (n < 5 || memcmp(s, "**", 2) != 0 || memcmp(s + n - 2, "**", 2) != 0 ||
	    s[2] == ' ' || s[2] == '*' || s[n - 3] == ' ')
		return false;
	for (i = 2; i + 2 < n - 1; i++)
		if (s[i] == '*' && s[i + 1] == '*')
			return false;
	return true;
}

static size_t
ol_marker(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && i < 9 && isdigit((unsigned char)s[i]))
		i++;
	if (i == 0 || i + 1 >= n || (s[i] != '.' && s[i] != ')') ||
	    s[i + 1] != ' ')
		return 0;
	return i + 2;
}

/* $$ pairs on the line: an odd count opens a block that runs on. */
static size_t
count_dollars2(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i + 1 < n; i++)
		if (s[i] == '$' && s[i + 1] == '$')
			c++, i++;
	return c;
}

static bool
is_fence(const char *s, size_t n)
{
	return n >= 3 && (s[0] == '`' || s[0] == '~') && s[1] == s[0] &&
	    s[2] == s[0];
}

static enum kind
kind_of(const char *s, size_t n)
{
	if (n > 0 && (s[0] == ' ' || s[0] == '\t'))
		return K_INDENT;
	if (is_fence(s, n))
		return K_FENCE;
	if (n >= 2 && s[0] == '$' && s[1] == '$')
		return K_MATH;
	if (n >= 2 && strchr("-*+", s[0]) != NULL && s[1] == ' ')
		return K_UL;
	if (ol_marker(s, n) > 0)
		return K_OL;
	if (n > 0 && s[0] == '|')
		return K_ROW;
	if (n > 0 && (s[0] == '#' || s[0] == '>'))
		return K_MDHEAD;
	if (is_bold_only(s, n))
		return K_HEAD;
	return K_TEXT;
}

static bool
blank_line(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isspace((unsigned char)s[i]))
			return false;
	return true;
}

/* The body's lines, without CR; NULL when it has a blank line outside a
 * code fence or fewer than two lines. */
static struct sline *
split(const char *body, size_t *nout)
{
	struct sline *v = NULL;
	size_t n = 0, cap = 0;
	const char *p = body;
	bool fence = false;

	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);

		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (blank_line(p, len) && !fence) {
			free(v);
			return NULL;
		}
		if (is_fence(p, len))
			fence = !fence;
		v = xgrow(v, n, &cap, 32, sizeof *v);
		v[n].s = p;
		v[n++].n = len;
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	if (n < 2) {
		free(v);
		return NULL;
	}
	*nout = n;
	return v;
}

bool
structure_line_blocks(const char *body)
{
	size_t n;
	struct sline *v = split(body, &n);

	free(v);
	return v != NULL;
}

/* A sentence (or a lead-in to what follows) ends the line. */
static bool
ends_sentence(const char *s, size_t n)
{
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return n == 0 || strchr(".!?:;)*`|$", s[n - 1]) != NULL;
}

/* Cells of a table row: its pipes, less the one that closes it. */
static size_t
row_cells(const char *s, size_t n)
{
	size_t i, pipes = 0;

	while (n > 0 && s[n - 1] == ' ')
		n--;
	for (i = 0; i < n; i++)
		if (s[i] == '\\' && i + 1 < n)
			i++;
		else if (s[i] == '|')
			pipes++;
	if (n > 1 && s[n - 1] == '|')
		pipes--;
	return pipes;
}

static bool
is_separator_row(const char *s, size_t n)
{
	size_t i;
	bool dash = false;

	for (i = 0; i < n; i++) {
		if (s[i] == '-')
			dash = true;
		else if (strchr("|: \t", s[i]) == NULL)
			return false;
	}
	return dash;
}

struct out {
	struct buf	b;
	enum kind	last;	/* the kind of the block being written */
	size_t		indent;	/* of the item it belongs to, for continuations */
};

static void
out_line(struct out *o, const char *s, size_t n, size_t indent, bool blank)
{
	size_t i;

	if (o->b.len > 0)
		buf_adds(&o->b, blank ? "\n\n" : "\n");
	for (i = 0; i < indent; i++)
		buf_addc(&o->b, ' ');
	buf_add(&o->b, s, n);
}

/* A block that runs over lines: a code fence to its close, a $$ block to
 * the line that closes it. Returns the index of its last line. */
static size_t
run_block(struct out *o, const struct sline *v, size_t nl, size_t i,
    enum kind k, size_t indent, bool blank)
{
	size_t j = i;

	out_line(o, v[i].s, v[i].n, indent, blank);
	if (k == K_FENCE) {
		for (j = i + 1; j < nl; j++) {
			out_line(o, v[j].s, v[j].n, indent, false);
			if (is_fence(v[j].s, v[j].n))
				break;
		}
	} else if (count_dollars2(v[i].s, v[i].n) % 2 == 1) {
		for (j = i + 1; j < nl; j++) {
			out_line(o, v[j].s, v[j].n, indent, false);
			if (count_dollars2(v[j].s, v[j].n) % 2 == 1)
				break;
		}
		/* a body cut short inside a formula: close it, so what is
		 * there renders as math and not as its source */
		if (j == nl)
			out_line(o, "$$", 2, indent, false);
	}
	return j < nl ? j : nl - 1;
}

char *
structure_recover(const char *body)
{
	struct out o = { { 0 }, K_NONE, 0 };
	struct sline *v;
	size_t nl, i;

	if ((v = split(body, &nl)) == NULL)
		return xstrdup(body);
	for (i = 0; i < nl; i++) {
		const char *s = v[i].s;
		size_t n = v[i].n;
		enum kind k = kind_of(s, n);
		bool item = o.last == K_UL || o.last == K_OL;

		switch (k) {
		case K_HEAD:
			s += 2, n -= 4;
			out_line(&o, "### ", 4, 0, true);
			buf_add(&o.b, s, n);
			o.last = K_HEAD;
			break;
		case K_UL:
		case K_OL:
			out_line(&o, s, n, 0, o.last != k);
			o.indent = k == K_UL ? 2 : ol_marker(s, n);
			o.last = k;
			break;
		case K_ROW:
			out_line(&o, s, n, 0, o.last != K_ROW);
			/* md4c makes a table only of a header row over a
			 * separator row; some files leave the separator out. */
			if (o.last != K_ROW && (i + 1 >= nl ||
			    !is_separator_row(v[i + 1].s, v[i + 1].n))) {
				size_t c, cells = row_cells(s, n);

				buf_adds(&o.b, "\n|");
				for (c = 0; c < (cells ? cells : 1); c++)
					buf_adds(&o.b, "---|");
			}
			o.last = K_ROW;
			break;
		case K_FENCE:
		case K_MATH:
			/* Right after an item, it belongs to the item. */
			i = run_block(&o, v, nl, i, k, item ? o.indent : 0, !item);
			if (!item)
				o.last = k;
			break;
		case K_INDENT:
			out_line(&o, s, n, 0, false);
			break;
		case K_MDHEAD:
			out_line(&o, s, n, 0, true);
			o.last = k;
			break;
		case K_TEXT:
		case K_NONE:
			/* A lowercase line after a line that ends mid-sentence
			 * goes on with it (a wrapped line, or an item's). */
			if ((o.last == K_TEXT || item) && i > 0 &&
			    !ends_sentence(v[i - 1].s, v[i - 1].n) &&
			    islower((unsigned char)s[0])) {
				out_line(&o, s, n, item ? o.indent : 0, false);
				break;
			}
			out_line(&o, s, n, 0, true);
			o.last = K_TEXT;
			break;
		}
	}
	free(v);
	if (o.b.s == NULL)
		return xstrdup("");
	return buf_take(&o.b);
}
