/* prompt.c - the one-line editor of the find field and the search
 * prompts, with readline's keys, and a history of what was entered.
 *
 * Text is UTF-8; the cursor is a byte offset kept on a character
 * boundary. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "tui-int.h"
#include "util.h"

static bool
printable(int key)
{
	return key >= 0x20 && key < KEYC_BASE && key != 0x7f;
}

bool
lineed_takes(int key)
{
	switch (key) {
	case KEYC_BS: case KEYC_DEL: case KEYC_LEFT: case KEYC_RIGHT:
	case KEYC_CTRL('A'): case KEYC_CTRL('E'): case KEYC_CTRL('K'):
	case KEYC_CTRL('U'): case KEYC_CTRL('W'):
		return true;
	}
	return printable(key);
}

static size_t
prev_char(const struct lineed *e, size_t i)
{
	while (i > 0 && ((unsigned char)e->buf[--i] & 0xc0) == 0x80)
		;
	return i;
}

static size_t
next_char(const struct lineed *e, size_t i)
{
	if (i < e->len)
		i++;
	while (i < e->len && ((unsigned char)e->buf[i] & 0xc0) == 0x80)
		i++;
	return i;
}

/* Remove buf[a..b). */
static void
cut(struct lineed *e, size_t a, size_t b)
{
	memmove(e->buf + a, e->buf + b, e->len - b + 1);
	e->len -= b - a;
	if (e->cur > b)
		e->cur -= b - a;
	else if (e->cur > a)
		e->cur = a;
}

int
lineed_key(struct lineed *e, int key)
{
	size_t i;

	switch (key) {
	case KEYC_LEFT:
		e->cur = prev_char(e, e->cur);
		return 2;
	case KEYC_RIGHT:
		e->cur = next_char(e, e->cur);
		return 2;
	case KEYC_CTRL('A'):
		e->cur = 0;
		return 2;
	case KEYC_CTRL('E'):
		e->cur = e->len;
		return 2;
	case KEYC_BS:
		if (e->cur == 0)
			return 2;
		cut(e, prev_char(e, e->cur), e->cur);
		return 1;
	case KEYC_DEL:
		if (e->cur == e->len)
			return 2;
		cut(e, e->cur, next_char(e, e->cur));
		return 1;
	case KEYC_CTRL('K'):
		cut(e, e->cur, e->len);
		return 1;
	case KEYC_CTRL('U'):
		cut(e, 0, e->cur);
		return 1;
	case KEYC_CTRL('W'):
		/* The word before the cursor and the spaces after it. */
		i = e->cur;
		while (i > 0 && e->buf[i - 1] == ' ')
			i--;
		while (i > 0 && e->buf[i - 1] != ' ')
			i--;
		cut(e, i, e->cur);
		return 1;
	}
	if (printable(key)) {
		char u[4];
		size_t ul = text_encode((uint32_t)key, u);

		if (e->len + ul >= sizeof e->buf)
			return -1;
		memmove(e->buf + e->cur + ul, e->buf + e->cur,
		    e->len - e->cur + 1);
		memcpy(e->buf + e->cur, u, ul);
		e->len += ul;
		e->cur += ul;
		return 1;
	}
	return 0;
}

void
lineed_set(struct lineed *e, const char *s)
{
	size_t n = strlen(s);

	if (n >= sizeof e->buf)
		n = sizeof e->buf - 1;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;		/* never half a character */
	memcpy(e->buf, s, n);
	e->buf[n] = '\0';
	e->len = e->cur = n;
}

void
lineed_draw(const struct lineed *e, int y, int x, int w, attr_t a)
{
	size_t so = 0, ce;
	int col = x;
	uint32_t cp;

	if (w < 2)
		return;
	/* Scroll: the text before the cursor and the cursor cell fit. */
	while (so < e->cur && (int)text_width(e->buf + so, e->cur - so) +
	    (so > 0 ? 1 : 0) > w - 1)
		so = next_char(e, so);
	if (so > 0)
		col += disp_str(y, col, 1, disp_glyph(GLYPH_ELLIPSIS),
		    disp_role(ROLE_META));
	col += disp_text(y, col, x + w - col, e->buf + so, e->cur - so, a);
	ce = e->cur < e->len ? e->cur + text_decode(e->buf + e->cur,
	    e->len - e->cur, &cp) : e->cur;
	if (ce > e->cur)
		col += disp_text(y, col, x + w - col, e->buf + e->cur,
		    ce - e->cur, disp_role(ROLE_SELECT));
	else {
		disp_fill(y, col, 1, disp_role(ROLE_SELECT));
		col++;
	}
	if (col < x + w)
		disp_text(y, col, x + w - col, e->buf + ce, e->len - ce, a);
}

int
prompt_edit(char *buf, size_t *len, size_t cap, int key)
{
	size_t n = *len;

	if (key == KEYC_BS) {
		while (n > 0 && ((unsigned char)buf[--n] & 0xc0) == 0x80)
			;
	} else if (key == KEYC_CTRL('U'))
		n = 0;
	else if (key == KEYC_CTRL('W')) {
		while (n > 0 && buf[n - 1] == ' ')
			n--;
		while (n > 0 && buf[n - 1] != ' ')
			n--;
	} else if (printable(key)) {
		char u[4];
		size_t ul = text_encode((uint32_t)key, u);

		if (n + ul >= cap - 1)
			return -1;
		memcpy(buf + n, u, ul);
		n += ul;
	} else
		return 0;
	*len = n;
	buf[n] = '\0';
	return 1;
}

void
lhist_add(struct lhist *h, const char *s)
{
	if (s[0] == '\0')
		return;
	/* The same pattern twice in a row is kept once. */
	if (h->n > 0 && strcmp(h->v[h->n - 1], s) == 0) {
		lhist_reset(h);
		return;
	}
	h->v = xreallocarray(h->v, h->n + 1, sizeof *h->v);
	h->v[h->n++] = xstrdup(s);
	lhist_reset(h);
}

bool
lhist_move(struct lhist *h, int dir, struct lineed *e)
{
	if (dir < 0 ? h->cur == 0 : h->cur >= h->n)
		return false;
	if (h->cur == h->n) {
		free(h->typed);
		h->typed = xstrdup(e->buf);
	}
	h->cur = dir < 0 ? h->cur - 1 : h->cur + 1;
	lineed_set(e, h->cur == h->n ? (h->typed ? h->typed : "") :
	    h->v[h->cur]);
	return true;
}

void
lhist_reset(struct lhist *h)
{
	h->cur = h->n;
	free(h->typed);
	h->typed = NULL;
}

void
lhist_free(struct lhist *h)
{
	strv_free(h->v, h->n);
	free(h->typed);
	memset(h, 0, sizeof *h);
}
