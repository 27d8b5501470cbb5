/* needle.c - a literal found sixteen places at a time (needle.h). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "needle.h"
#include "util.h"

/* Sixteen bytes as one value; GCC and Clang make SSE2 or NEON of it. */
typedef unsigned char v16 __attribute__((vector_size(16)));

struct needle {
	char		*text;		/* the run looked for */
	unsigned char	*fold;		/* its bytes, letters in lower case */
	unsigned char	*mask;		/* 0x20 at a letter folded, else 0 */
	size_t		 len;
	size_t		 i1, i2;	/* the two bytes tested first */
};

static bool
letter(unsigned char c)
{
	c |= 0x20;
	return c >= 'a' && c <= 'z';
}

/* How common c is in English prose, lower is rarer: the letters by
 * their frequency, then space; digits and punctuation count as rare. */
static int
commonness(unsigned char c)
{
	static const char order[] = "zqxjkvbpygfwmucldrhsnioate";
	const char *p;

	if (c == ' ')
		return 40;
	if (letter(c) && (p = strchr(order, c | 0x20)) != NULL)
		return 10 + (int)(p - order);
	return c >= '0' && c <= '9' ? 5 : 0;
}

/* The longest run of lit with no k or s (caseless), into *at, *len. */
static void
longest_run(const char *lit, bool caseless, size_t *at, size_t *len)
{
	size_t start = 0, i;

	*at = *len = 0;
	for (i = 0;; i++) {
		unsigned char c = (unsigned char)lit[i] | 0x20;

		if (lit[i] == '\0' || (caseless && (c == 'k' || c == 's'))) {
			if (i - start > *len) {
				*at = start;
				*len = i - start;
			}
			if (lit[i] == '\0')
				break;
			start = i + 1;
		}
	}
}

struct needle *
needle_new(const char *lit, bool caseless)
{
	struct needle *n;
	size_t at, len, i;

	for (i = 0; lit[i] != '\0'; i++)
		if ((unsigned char)lit[i] < 0x20 ||
		    (unsigned char)lit[i] >= 0x7f)
			return NULL;
	longest_run(lit, caseless, &at, &len);
	if (len < NEEDLE_MIN)
		return NULL;
	n = xcalloc(1, sizeof *n);
	n->text = xstrndup(lit + at, len);
	n->fold = xmalloc(len);
	n->mask = xmalloc(len);
	n->len = len;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)n->text[i];

		n->mask[i] = caseless && letter(c) ? 0x20 : 0;
		n->fold[i] = c | n->mask[i];
	}
	/* The rarest byte, then the rarest of another value (two places of
	 * one byte say less), or any other place when all are one. */
	for (i = 1; i < len; i++)
		if (commonness(n->fold[i]) < commonness(n->fold[n->i1]))
			n->i1 = i;
	n->i2 = n->i1 == 0 ? len - 1 : 0;
	for (i = 0; i < len; i++) {
		if (i == n->i1 || n->fold[i] == n->fold[n->i1])
			continue;
		if (n->fold[n->i2] == n->fold[n->i1] ||
		    commonness(n->fold[i]) < commonness(n->fold[n->i2]))
			n->i2 = i;
	}
	return n;
}

void
needle_free(struct needle *n)
{
	if (n == NULL)
		return;
	free(n->text);
	free(n->fold);
	free(n->mask);
	free(n);
}

const char *
needle_text(const struct needle *n)
{
	return n->text;
}

/* Does the needle stand at s? */
static bool
here(const struct needle *n, const unsigned char *s)
{
	for (size_t j = 0; j < n->len; j++)
		if ((s[j] | n->mask[j]) != n->fold[j])
			return false;
	return true;
}

static v16
splat(unsigned char c)
{
	v16 v;

	memset(&v, c, sizeof v);
	return v;
}

size_t
needle_find(const struct needle *n, const char *hay, size_t len,
    size_t from)
{
	const unsigned char *s = (const unsigned char *)hay;
	v16 c1 = splat(n->fold[n->i1]), m1 = splat(n->mask[n->i1]);
	v16 c2 = splat(n->fold[n->i2]), m2 = splat(n->mask[n->i2]);
	size_t p = from, last;

	if (len < n->len || from > len - n->len)
		return SIZE_MAX;
	last = len - n->len;	/* the last place the needle may start */
	/* Sixteen starts at a time while all their bytes are in hay. */
	for (; p <= last && last - p >= 15; p += 16) {
		v16 a, b, eq;
		uint64_t w[2];

		memcpy(&a, s + p + n->i1, sizeof a);
		memcpy(&b, s + p + n->i2, sizeof b);
		eq = (v16)(((a | m1) == c1) & ((b | m2) == c2));
		memcpy(w, &eq, sizeof w);
		if ((w[0] | w[1]) == 0)
			continue;
		for (size_t k = 0; k < 16; k++)
			if (eq[k] != 0 && here(n, s + p + k))
				return p + k;
	}
	for (; p <= last; p++)
		if (here(n, s + p))
			return p;
	return SIZE_MAX;
}
