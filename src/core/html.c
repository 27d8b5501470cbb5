/* html.c - HTML, XDXF and Pango markup as lore's Markdown (see html.h).
 *
 * One pass over the markup. Text is collapsed as a browser would (runs of
 * white space are one space) and written with a pending separator, so a
 * tag never leaves "** word **" behind: the space before a closing mark
 * is written after it. What each tag does is a row of one table. */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "text.h"
#include "util.h"

enum act {
	A_NONE,		/* keep the text, drop the tag */
	A_STRONG, A_EM, A_CODE,
	A_BR, A_PARA, A_HEAD, A_PRE,
	A_UL, A_OL, A_LI,
	A_TABLE, A_TR, A_CELL,
	A_LINK,		/* <a href="bword://x"> or <kref>: a [[link]] */
	A_SKIP,		/* script, style, XDXF <k>: drop the content too */
	A_MEDIA,	/* img, audio...: dropped and counted */
	A_TRANS,	/* XDXF <tr>: a transcription, in brackets */
};

static const struct tag {
	const char	*name;
	enum act	 act;
} tags[] = {
	{ "a", A_LINK }, { "kref", A_LINK }, { "iref", A_NONE },
	{ "b", A_STRONG }, { "strong", A_STRONG }, { "big", A_NONE },
	{ "i", A_EM }, { "em", A_EM }, { "ex", A_EM }, { "abr", A_EM },
	{ "cite", A_EM }, { "var", A_EM }, { "dfn", A_EM },
	{ "code", A_CODE }, { "tt", A_CODE }, { "kbd", A_CODE },
	{ "br", A_BR },
	{ "p", A_PARA }, { "div", A_PARA }, { "blockquote", A_PARA },
	{ "def", A_PARA }, { "dd", A_PARA }, { "dt", A_PARA }, { "hr", A_PARA },
	{ "section", A_PARA }, { "article", A_PARA },
	{ "h1", A_HEAD }, { "h2", A_HEAD }, { "h3", A_HEAD },
	{ "h4", A_HEAD }, { "h5", A_HEAD }, { "h6", A_HEAD },
	{ "pre", A_PRE },
	{ "ul", A_UL }, { "ol", A_OL }, { "dl", A_UL }, { "li", A_LI },
	{ "table", A_TABLE }, { "tr", A_TR }, { "td", A_CELL }, { "th", A_CELL },
	{ "script", A_SKIP }, { "style", A_SKIP }, { "k", A_SKIP },
	{ "head", A_SKIP }, { "title", A_SKIP },
	{ "img", A_MEDIA }, { "audio", A_MEDIA }, { "video", A_MEDIA },
	{ "object", A_MEDIA }, { "embed", A_MEDIA }, { "rref", A_MEDIA },
};

static const struct entity {
	const char	*name;
	uint32_t	 cp;
} entities[] = {
	{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
	{ "apos", '\'' }, { "nbsp", 0xA0 }, { "ndash", 0x2013 },
	{ "mdash", 0x2014 }, { "hellip", 0x2026 }, { "lsquo", 0x2018 },
	{ "rsquo", 0x2019 }, { "ldquo", 0x201C }, { "rdquo", 0x201D },
	{ "laquo", 0xAB }, { "raquo", 0xBB }, { "times", 0xD7 },
	{ "divide", 0xF7 }, { "middot", 0xB7 }, { "deg", 0xB0 },
	{ "plusmn", 0xB1 }, { "copy", 0xA9 }, { "reg", 0xAE },
	{ "sect", 0xA7 }, { "para", 0xB6 }, { "bull", 0x2022 },
	{ "rarr", 0x2192 }, { "larr", 0x2190 }, { "harr", 0x2194 },
	{ "le", 0x2264 }, { "ge", 0x2265 }, { "ne", 0x2260 },
	{ "asymp", 0x2248 }, { "infin", 0x221E }, { "micro", 0xB5 },
	{ "alpha", 0x3B1 }, { "beta", 0x3B2 }, { "gamma", 0x3B3 },
	{ "delta", 0x3B4 }, { "epsilon", 0x3B5 }, { "lambda", 0x3BB },
	{ "mu", 0x3BC }, { "pi", 0x3C0 }, { "sigma", 0x3C3 },
	{ "theta", 0x3B8 }, { "shy", 0xAD }, { "zwj", 0x200D },
	{ "euro", 0x20AC }, { "pound", 0xA3 }, { "yen", 0xA5 },
	{ "cent", 0xA2 }, { "frac12", 0xBD }, { "frac14", 0xBC },
	{ "sup2", 0xB2 }, { "sup3", 0xB3 }, { "acute", 0xB4 },
};

enum gap { G_NONE, G_SPACE, G_BREAK, G_PARA };

#define MAXDEPTH	8

struct conv {
	struct buf	 out;
	enum gap	 gap;		/* separator owed before the next text */
	bool		 opened;	/* a mark was just opened: no space yet */
	int		 skip;		/* inside script/style/k */
	int		 pre, code;
	int		 depth;		/* list nesting */
	bool		 ordered[MAXDEPTH];
	int		 count[MAXDEPTH];
	int		 table, cells, row;
	bool		 in_cell;
	bool		 link;		/* inside a link: its text is the target */
	size_t		 link_at;	/* where its text starts in out */
	int		 math;		/* 0, 1 inside \(...\), 2 inside \[...\] */
	struct html_stats *st;
};

static void
put_utf8(struct buf *b, uint32_t cp)
{
	char u[4];

	if (cp < 0x80) {
		buf_addc(b, (char)cp);
		return;
	}
	buf_add(b, u, text_encode(cp, u));
}

static bool
at_line_start(const struct conv *c)
{
	return c->out.len == 0 || c->out.s[c->out.len - 1] == '\n';
}

/* Write the separator owed before visible text. */
static void
flush_gap(struct conv *c)
{
	enum gap g = c->gap;

	c->gap = G_NONE;
	if (c->out.len == 0)
		return;
	if (c->in_cell && g > G_SPACE)
		g = G_SPACE;
	switch (g) {
	case G_NONE:
		break;
	case G_SPACE:
		if (!at_line_start(c) && !c->opened)
			buf_addc(&c->out, ' ');
		break;
	case G_BREAK:
		if (!at_line_start(c))
			buf_add(&c->out, "\\\n", 2);
		break;
	case G_PARA:
		while (c->out.len > 0 && c->out.s[c->out.len - 1] == ' ')
			c->out.len--;
		if (c->out.len > 0 && c->out.s[c->out.len - 1] != '\n')
			buf_addc(&c->out, '\n');
		if (c->out.len > 1 && c->out.s[c->out.len - 2] != '\n' &&
		    c->depth == 0 && c->table == 0)
			buf_addc(&c->out, '\n');
		c->out.s[c->out.len] = '\0';
		break;
	}
}

static void
owe(struct conv *c, enum gap g)
{
	if (g > c->gap)
		c->gap = g;
}

/* What lore's Markdown and LaTeX read in a character of text: always,
 * or at the start of a line. ASCII only: a code point is not its low
 * byte (U+0160, Š, is not 0x60, '`'). A table, not strchr(), which was
 * a tenth of a StarDict import. */
enum { MD_ALWAYS = 1, MD_LINE_START = 2 };

static const unsigned char md_special[128] = {
	['\\'] = MD_ALWAYS, ['*'] = MD_ALWAYS, ['_'] = MD_ALWAYS,
	['`'] = MD_ALWAYS, ['['] = MD_ALWAYS, [']'] = MD_ALWAYS,
	['$'] = MD_ALWAYS, ['<'] = MD_ALWAYS, ['>'] = MD_ALWAYS,
	['#'] = MD_LINE_START, ['-'] = MD_LINE_START, ['+'] = MD_LINE_START,
	['|'] = MD_LINE_START, ['='] = MD_LINE_START,
};

static unsigned
md_special_of(uint32_t cp)
{
	return cp < 0x80 ? md_special[cp] : 0;
}

/* One character of text, escaped where lore's Markdown would read it. */
static void
put_char(struct conv *c, uint32_t cp)
{
	if (c->skip > 0)
		return;
	if (c->pre == 0 && c->math == 0 &&
	    (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f')) {
		owe(c, G_SPACE);
		return;
	}
	if (c->pre > 0 && cp == '\r')
		return;
	flush_gap(c);
	c->opened = false;
	if (c->pre == 0 && c->code == 0 && c->math == 0) {
		unsigned sp = md_special_of(cp);

		if (sp & MD_ALWAYS)
			buf_addc(&c->out, '\\');
		else if (cp == '|' && c->table > 0)
			buf_addc(&c->out, '\\');
		else if ((sp & MD_LINE_START) && at_line_start(c))
			buf_addc(&c->out, '\\');
		if (cp == '.' && c->out.len > 0 && isdigit((unsigned char)
		    c->out.s[c->out.len - 1])) {
			size_t k = c->out.len;

			while (k > 0 && isdigit((unsigned char)c->out.s[k - 1]))
				k--;
			if (k == 0 || c->out.s[k - 1] == '\n')
				buf_addc(&c->out, '\\');
		}
	}
	if (c->math > 0 && cp == '\n')
		cp = ' ';
	put_utf8(&c->out, cp);
}

static void
put_mark(struct conv *c, const char *m, bool open)
{
	size_t n = strlen(m);

	if (c->skip > 0 || c->pre > 0 || c->math > 0)
		return;
	if (open) {
		if (c->gap == G_SPACE && c->out.len > 0 && !at_line_start(c)) {
			buf_addc(&c->out, ' ');
			c->gap = G_NONE;
		} else
			flush_gap(c);
		buf_add(&c->out, m, n);
		c->opened = true;
		return;
	}
	/* An empty span leaves no marks behind. */
	if (c->opened && c->out.len >= n &&
	    memcmp(c->out.s + c->out.len - n, m, n) == 0) {
		c->out.len -= n;
		c->out.s[c->out.len] = '\0';
		c->opened = false;
		return;
	}
	buf_add(&c->out, m, n);
}

/* Decode the entity at s (after '&'); its code point, or 0. *used gets
 * the bytes it took, ';' included. */
static uint32_t
entity(const char *s, size_t n, size_t *used)
{
	size_t i = 0;
	uint32_t cp = 0;

	if (n > 1 && s[0] == '#') {
		bool hex = n > 2 && (s[1] == 'x' || s[1] == 'X');

		for (i = hex ? 2 : 1; i < n && i < 10; i++) {
			int d = hex ? (isxdigit((unsigned char)s[i]) ?
			    (isdigit((unsigned char)s[i]) ? s[i] - '0' :
			    (tolower((unsigned char)s[i]) - 'a' + 10)) : -1) :
			    (isdigit((unsigned char)s[i]) ? s[i] - '0' : -1);

			if (d < 0)
				break;
			cp = cp * (hex ? 16 : 10) + (uint32_t)d;
		}
		if (i == (hex ? 2u : 1u))
			return 0;
		if (i < n && s[i] == ';')
			i++;
		*used = i;
		if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			cp = 0xFFFD;
		return cp;
	}
	while (i < n && i < 10 && isalnum((unsigned char)s[i]))
		i++;
	if (i == 0 || i >= n || s[i] != ';')
		return 0;
	for (size_t k = 0; k < nitems(entities); k++)
		if (strlen(entities[k].name) == i &&
		    memcmp(entities[k].name, s, i) == 0) {
			*used = i + 1;
			return entities[k].cp;
		}
	return 0;
}

static const struct tag *
find_tag(const char *name, size_t n)
{
	for (size_t k = 0; k < nitems(tags); k++)
		if (strlen(tags[k].name) == n &&
		    strncasecmp(tags[k].name, name, n) == 0)
			return &tags[k];
	return NULL;
}

/* The value of attribute attr in a tag's attribute text, or NULL. */
static char *
attr(const char *s, size_t n, const char *name)
{
	size_t an = strlen(name), i = 0;

	while (i < n) {
		while (i < n && (isspace((unsigned char)s[i]) || s[i] == '/'))
			i++;
		size_t k = i;
		while (i < n && !isspace((unsigned char)s[i]) && s[i] != '=' &&
		    s[i] != '/')
			i++;
		bool hit = i - k == an && strncasecmp(s + k, name, an) == 0;
		while (i < n && isspace((unsigned char)s[i]))
			i++;
		if (i >= n || s[i] != '=') {
			if (k == i)
				i++;
			continue;
		}
		i++;
		while (i < n && isspace((unsigned char)s[i]))
			i++;
		size_t v = i, e;
		if (i < n && (s[i] == '"' || s[i] == '\'')) {
			char q = s[i++];

			v = i;
			while (i < n && s[i] != q)
				i++;
			e = i;
			if (i < n)
				i++;
		} else {
			while (i < n && !isspace((unsigned char)s[i]))
				i++;
			e = i;
		}
		if (hit)
			return xstrndup(s + v, e - v);
	}
	return NULL;
}

static void
link_open(struct conv *c, const char *a, size_t an, bool kref)
{
	char *href = kref ? NULL : attr(a, an, "href");

	/* Only links to other words are links here; a web address keeps
	 * its text. */
	if (kref || (href != NULL && strncasecmp(href, "bword://", 8) == 0) ||
	    (href != NULL && strncasecmp(href, "entry://", 8) == 0)) {
		if (c->skip == 0 && c->pre == 0 && c->math == 0 && !c->link) {
			put_mark(c, "[[", true);
			c->link = true;
			c->link_at = c->out.len;
		}
	}
	free(href);
}

static void
link_close(struct conv *c)
{
	if (!c->link)
		return;
	c->link = false;
	if (c->out.len == c->link_at) {	/* no text: no link */
		c->out.len -= 2;
		c->out.s[c->out.len] = '\0';
		c->opened = false;
		return;
	}
	/* A link's text is a name, not Markdown: unescape it. */
	size_t w = c->link_at;
	for (size_t r = c->link_at; r < c->out.len; r++) {
		if (c->out.s[r] == '\\' && r + 1 < c->out.len && c->out.s[r + 1] != '\n')
			r++;
		if (c->out.s[r] == '[' || c->out.s[r] == ']')
			continue;
		c->out.s[w++] = c->out.s[r];
	}
	c->out.len = w;
	c->out.s[w] = '\0';
	buf_add(&c->out, "]]", 2);
}

static void
list_item(struct conv *c)
{
	int d = c->depth > 0 ? c->depth - 1 : 0;

	if (d >= MAXDEPTH)
		d = MAXDEPTH - 1;

	if (c->out.len > 0 && !at_line_start(c))
		buf_addc(&c->out, '\n');
	else if (c->out.len > 0 && c->depth <= 1 && c->gap == G_PARA &&
	    c->count[0] == 0 && !c->ordered[0])
		buf_addc(&c->out, '\n');
	c->gap = G_NONE;
	for (int k = 0; k < d; k++)
		buf_add(&c->out, "  ", 2);
	if (c->depth > 0 && c->ordered[d])
		buf_printf(&c->out, "%d. ", ++c->count[d]);
	else
		buf_add(&c->out, "- ", 2);
	c->opened = true;
}

static void
table_row_end(struct conv *c)
{
	if (!c->in_cell && c->cells == 0)
		return;
	buf_add(&c->out, " |", 2);
	if (c->row == 0) {
		buf_addc(&c->out, '\n');
		for (int k = 0; k < c->cells; k++)
			buf_add(&c->out, "|---", 4);
		buf_addc(&c->out, '|');
	}
	c->row++;
	c->cells = 0;
	c->in_cell = false;
}

static void
do_tag(struct conv *c, const struct tag *t, bool close, const char *a,
    size_t an)
{
	switch (t->act) {
	case A_NONE:
		break;
	case A_STRONG:
		if (!c->link)
			put_mark(c, "**", !close);
		break;
	case A_EM:
		if (!c->link)
			put_mark(c, "*", !close);
		break;
	case A_CODE:
		if (c->pre == 0) {
			put_mark(c, "`", !close);
			c->code += close ? (c->code > 0 ? -1 : 0) : 1;
		}
		break;
	case A_BR:
		if (c->pre > 0)
			buf_addc(&c->out, '\n');
		else
			owe(c, c->in_cell ? G_SPACE : G_BREAK);
		break;
	case A_PARA:
		owe(c, c->depth > 0 ? G_BREAK : G_PARA);
		break;
	case A_HEAD:
		owe(c, G_PARA);
		if (c->depth == 0 && c->table == 0)
			put_mark(c, "**", !close);
		if (close)
			owe(c, G_PARA);
		break;
	case A_PRE:
		if (!close) {
			owe(c, G_PARA);
			flush_gap(c);
			if (c->pre++ == 0) {
				if (c->out.len > 0 && !at_line_start(c))
					buf_addc(&c->out, '\n');
				buf_add(&c->out, "```\n", 4);
			}
		} else if (c->pre > 0 && --c->pre == 0) {
			if (!at_line_start(c))
				buf_addc(&c->out, '\n');
			buf_add(&c->out, "```", 3);
			owe(c, G_PARA);
		}
		break;
	case A_UL:
	case A_OL:
		if (!close) {
			owe(c, c->depth == 0 ? G_PARA : G_NONE);
			flush_gap(c);
			if (c->depth < MAXDEPTH) {
				c->ordered[c->depth] = t->act == A_OL;
				c->count[c->depth] = 0;
			}
			c->depth++;
		} else if (c->depth > 0) {
			c->depth--;
			owe(c, c->depth == 0 ? G_PARA : G_NONE);
		}
		break;
	case A_LI:
		if (!close) {
			if (c->depth == 0)
				c->depth = 1, c->ordered[0] = false;
			list_item(c);
		}
		break;
	case A_TABLE:
		if (!close) {
			owe(c, G_PARA);
			flush_gap(c);
			c->table++;
			c->row = 0;
			c->cells = 0;
		} else if (c->table > 0) {
			table_row_end(c);
			c->table--;
			owe(c, G_PARA);
		}
		break;
	case A_TR:
		if (c->table == 0)
			owe(c, G_BREAK);
		else if (!close) {
			table_row_end(c);
			if (!at_line_start(c))
				buf_addc(&c->out, '\n');
			c->gap = G_NONE;
		} else
			table_row_end(c);
		break;
	case A_CELL:
		if (c->table == 0) {
			owe(c, G_SPACE);
			break;
		}
		if (!close) {
			if (!at_line_start(c) && c->out.s[c->out.len - 1] != ' ')
				buf_addc(&c->out, ' ');
			buf_add(&c->out, "| ", 2);
			c->gap = G_NONE;
			c->opened = true;
			c->cells++;
			c->in_cell = true;
		}
		break;
	case A_LINK:
		if (close)
			link_close(c);
		else
			link_open(c, a, an, t->name[0] == 'k');
		break;
	case A_SKIP:
		c->skip += close ? (c->skip > 0 ? -1 : 0) : 1;
		break;
	case A_MEDIA:
		if (!close && c->st != NULL)
			c->st->media++;
		break;
	case A_TRANS:
		break;
	}
}

/* The tag at s[0] == '<': its length, or 0 when it is text. */
static size_t
tag(struct conv *c, const char *s, size_t n)
{
	size_t i = 1, k;
	bool close = false;
	const struct tag *t;

	if (n >= 4 && memcmp(s, "<!--", 4) == 0) {
		for (i = 4; i + 2 < n; i++)
			if (memcmp(s + i, "-->", 3) == 0)
				return i + 3;
		return n;
	}
	if (n >= 2 && (s[1] == '!' || s[1] == '?')) {
		const char *e = memchr(s, '>', n);

		return e != NULL ? (size_t)(e - s) + 1 : n;
	}
	if (i < n && s[i] == '/')
		close = true, i++;
	k = i;
	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '-' ||
	    s[i] == ':'))
		i++;
	if (i == k || !isalpha((unsigned char)s[k]))
		return 0;
	size_t name_end = i;
	/* Attributes, with quoted values that may hold '>'. */
	char q = 0;
	for (; i < n; i++) {
		if (q != 0) {
			if (s[i] == q)
				q = 0;
		} else if (s[i] == '"' || s[i] == '\'')
			q = s[i];
		else if (s[i] == '>')
			break;
	}
	if (i >= n)
		return 0;	/* no '>': a lone '<' in text */
	/* Unknown tags (span, font, XDXF c, ...) keep their text. */
	if ((t = find_tag(s + k, name_end - k)) != NULL)
		do_tag(c, t, close, s + name_end, i - name_end);
	return i + 1;
}

char *
html_to_markdown(const char *s, size_t len, struct html_stats *st)
{
	struct conv c = { .st = st };
	size_t i = 0;

	while (i < len) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '<') {
			size_t t = tag(&c, s + i, len - i);

			if (t > 0) {
				i += t;
				continue;
			}
		}
		if (ch == '&') {
			size_t used = 0;
			uint32_t cp = entity(s + i + 1, len - i - 1, &used);

			if (cp != 0) {
				put_char(&c, cp == 0xA0 ? ' ' : cp);
				i += 1 + used;
				continue;
			}
		}
		/* MathJax: \(...\) and \[...\] are LaTeX for lore. */
		if (ch == '\\' && i + 1 < len && c.skip == 0 && c.pre == 0 &&
		    c.code == 0) {
			char nx = s[i + 1];

			if ((nx == '(' && c.math == 0) || (nx == '[' && c.math == 0)) {
				flush_gap(&c);
				c.opened = false;
				buf_add(&c.out, nx == '(' ? "$" : "$$", nx == '(' ? 1 : 2);
				c.math = nx == '(' ? 1 : 2;
				i += 2;
				continue;
			}
			if ((nx == ')' && c.math == 1) || (nx == ']' && c.math == 2)) {
				while (c.out.len > 0 && c.out.s[c.out.len - 1] == ' ')
					c.out.len--;
				buf_add(&c.out, c.math == 1 ? "$" : "$$", (size_t)c.math);
				c.math = 0;
				i += 2;
				continue;
			}
		}
		{
			uint32_t cp;
			size_t n = text_decode(s + i, len - i, &cp);

			if (n == 0)
				cp = 0xFFFD, n = 1;
			put_char(&c, cp);
			i += n;
		}
	}
	if (c.math > 0)
		buf_add(&c.out, c.math == 1 ? "$" : "$$", (size_t)c.math);
	if (c.link)
		link_close(&c);
	if (c.pre > 0) {
		if (!at_line_start(&c))
			buf_addc(&c.out, '\n');
		buf_add(&c.out, "```", 3);
	}
	if (c.table > 0)
		table_row_end(&c);
	while (c.out.len > 0 && (c.out.s[c.out.len - 1] == '\n' ||
	    c.out.s[c.out.len - 1] == ' '))
		c.out.len--;
	if (c.out.len >= 1 && c.out.s[c.out.len - 1] == '\\' &&
	    (c.out.len < 2 || c.out.s[c.out.len - 2] != '\\'))
		c.out.len--;
	if (c.out.s != NULL)
		c.out.s[c.out.len] = '\0';
	return buf_take(&c.out);
}

void
md_escape(struct buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strchr("\\*_`[]$<>", s[i]) != NULL && s[i] != '\0')
			buf_addc(b, '\\');
		buf_addc(b, s[i]);
	}
}

char *
text_to_markdown(const char *s, size_t len)
{
	struct conv c = { 0 };
	size_t i = 0;
	int nl = 0;

	while (i < len) {
		uint32_t cp = (unsigned char)s[i];
		size_t n = cp < 0x80 ? 1 : text_decode(s + i, len - i, &cp);

		if (n == 0)
			cp = 0xFFFD, n = 1;
		i += n;
		if (cp == '\r')
			continue;
		if (cp == '\n') {
			nl++;
			continue;
		}
		if (nl > 0) {
			owe(&c, nl > 1 ? G_PARA : G_BREAK);
			nl = 0;
		}
		put_char(&c, cp);
	}
	return buf_take(&c.out);
}
