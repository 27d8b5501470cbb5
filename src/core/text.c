/* text.c - UTF-8, display width, sanitizing. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "util.h"

size_t
text_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c, min;
	size_t len, i;

	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		c &= 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		c &= 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else
		goto bad;
	if (n < len)
		goto bad;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	*cp = c;
	return len;
bad:
	*cp = TEXT_REPLACEMENT;
	return 1;
}

size_t
text_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = TEXT_REPLACEMENT;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

struct range {
	uint32_t lo, hi;
};

/* Combining marks and other zero-width code points (the common blocks). */
static const struct range zero_width[] = {
	{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD },
	{ 0x0610, 0x061A }, { 0x064B, 0x065F }, { 0x0670, 0x0670 },
	{ 0x06D6, 0x06DC }, { 0x0900, 0x0902 }, { 0x093C, 0x093C },
	{ 0x0941, 0x0948 }, { 0x094D, 0x094D }, { 0x0E31, 0x0E31 },
	{ 0x0E34, 0x0E3A }, { 0x0E47, 0x0E4E }, { 0x1AB0, 0x1AFF },
	{ 0x1DC0, 0x1DFF }, { 0x200B, 0x200F }, { 0x202A, 0x202E },
	{ 0x2060, 0x2064 }, { 0x2066, 0x206F }, { 0x20D0, 0x20FF },
	{ 0x302A, 0x302D }, { 0x3099, 0x309A }, { 0xFE00, 0xFE0F },
	{ 0xFE20, 0xFE2F }, { 0xFEFF, 0xFEFF }, { 0xE0100, 0xE01EF },
};

/* East Asian wide and fullwidth, and emoji presentation blocks. */
static const struct range wide[] = {
	{ 0x1100, 0x115F }, { 0x231A, 0x231B }, { 0x2329, 0x232A },
	{ 0x23E9, 0x23EC }, { 0x23F0, 0x23F0 }, { 0x23F3, 0x23F3 },
	{ 0x25FD, 0x25FE }, { 0x2614, 0x2615 }, { 0x2648, 0x2653 },
	{ 0x267F, 0x267F }, { 0x2693, 0x2693 }, { 0x26A1, 0x26A1 },
	{ 0x26AA, 0x26AB }, { 0x26BD, 0x26BE }, { 0x26C4, 0x26C5 },
	{ 0x26CE, 0x26CE }, { 0x26D4, 0x26D4 }, { 0x26EA, 0x26EA },
	{ 0x26F2, 0x26F3 }, { 0x26F5, 0x26F5 }, { 0x26FA, 0x26FA },
	{ 0x26FD, 0x26FD }, { 0x2705, 0x2705 }, { 0x270A, 0x270B },
	{ 0x2728, 0x2728 }, { 0x274C, 0x274C }, { 0x274E, 0x274E },
	{ 0x2753, 0x2755 }, { 0x2757, 0x2757 }, { 0x2795, 0x2797 },
	{ 0x27B0, 0x27B0 }, { 0x27BF, 0x27BF }, { 0x2B1B, 0x2B1C },
	{ 0x2B50, 0x2B50 }, { 0x2B55, 0x2B55 }, { 0x2E80, 0x303E },
	{ 0x3041, 0x33FF }, { 0x3400, 0x4DBF }, { 0x4E00, 0x9FFF },
	{ 0xA000, 0xA4CF }, { 0xA960, 0xA97F }, { 0xAC00, 0xD7A3 },
	{ 0xF900, 0xFAFF }, { 0xFE10, 0xFE19 }, { 0xFE30, 0xFE6F },
	{ 0xFF00, 0xFF60 }, { 0xFFE0, 0xFFE6 }, { 0x16FE0, 0x16FE4 },
	{ 0x17000, 0x18CFF }, { 0x1B000, 0x1B2FF }, { 0x1F004, 0x1F004 },
	{ 0x1F0CF, 0x1F0CF }, { 0x1F18E, 0x1F18E }, { 0x1F191, 0x1F19A },
	{ 0x1F200, 0x1F251 }, { 0x1F300, 0x1F64F }, { 0x1F680, 0x1F6FF },
	{ 0x1F7E0, 0x1F7EB }, { 0x1F90C, 0x1F9FF }, { 0x1FA70, 0x1FAFF },
	{ 0x20000, 0x2FFFD }, { 0x30000, 0x3FFFD },
};

static bool
in_table(uint32_t cp, const struct range *t, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cp < t[mid].lo)
			hi = mid;
		else if (cp > t[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

int
text_cp_width(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	if (cp < 0x300)
		return 1;
	if (in_table(cp, zero_width, nitems(zero_width)))
		return 0;
	if (in_table(cp, wide, nitems(wide)))
		return 2;
	return 1;
}

size_t
text_width(const char *s, size_t n)
{
	size_t w = 0, i = 0;
	uint32_t cp;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {		/* ASCII: controls and DEL take none */
			w += c >= 0x20 && c != 0x7F;
			i++;
			continue;
		}
		i += text_decode(s + i, n - i, &cp);
		w += (size_t)text_cp_width(cp);
	}
	return w;
}

size_t
text_fit(const char *s, size_t n, size_t maxw, size_t *wp)
{
	size_t w = 0, i = 0, k;
	uint32_t cp;
	int cw;

	while (i < n) {
		k = text_decode(s + i, n - i, &cp);
		cw = text_cp_width(cp);
		if (cw > 0 && w + (size_t)cw > maxw)
			break;
		w += (size_t)cw;
		i += k;
	}
	if (wp != NULL)
		*wp = w;
	return i;
}

bool
text_utf8_valid(const char *s, size_t n, size_t *bad)
{
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		k = text_decode(s + i, n - i, &cp);
		if (cp == TEXT_REPLACEMENT && k == 1) {
			if (bad != NULL)
				*bad = i;
			return false;
		}
		i += k;
	}
	return true;
}

bool
text_cp_unsafe(uint32_t cp)
{
	if (cp == '\t' || cp == '\n')
		return false;
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
		return true;
	/* LRE RLE PDF LRO RLO, LRI RLI FSI PDI: they can reorder what follows. */
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* The end of the run of printable ASCII (and newlines, if kept) at i:
 * most of any text, copied a run at a time. */
static size_t
safe_run(const char *s, size_t i, size_t n, bool keep_newlines)
{
	while (i < n && (((unsigned char)s[i] >= 0x20 &&
	    (unsigned char)s[i] < 0x7F) || (s[i] == '\n' && keep_newlines)))
		i++;
	return i;
}

char *
text_sanitize(const char *s, size_t n, bool keep_newlines, size_t *outlen)
{
	struct buf b = { 0 };
	size_t i = 0, k;
	uint32_t cp;
	char enc[4];

	buf_grow(&b, n);
	while (i < n) {
		/* (a glossary's bodies went through here byte by byte) */
		k = safe_run(s, i, n, keep_newlines);
		if (k > i) {
			buf_add(&b, s + i, k - i);
			i = k;
			continue;
		}
		k = text_decode(s + i, n - i, &cp);
		if (cp == '\t' || (cp == '\n' && !keep_newlines))
			buf_addc(&b, ' ');
		else if (cp == '\r' && i + 1 < n && s[i + 1] == '\n')
			;	/* CRLF: keep only the LF */
		else if (!text_cp_unsafe(cp))
			buf_add(&b, enc, text_encode(cp, enc));
		i += k;
	}
	if (outlen != NULL)
		*outlen = b.len;
	return buf_take(&b);
}

char *
text_escape(const char *s, size_t n, bool keep_newlines)
{
	struct buf b = { 0 };
	size_t i = 0, k;
	uint32_t cp;

	buf_grow(&b, n);
	while (i < n) {
		k = safe_run(s, i, n, keep_newlines);
		if (k > i) {
			buf_add(&b, s + i, k - i);
			i = k;
			continue;
		}
		k = text_decode(s + i, n - i, &cp);
		if (k == 1 && (unsigned char)s[i] >= 0x80)
			/* a byte that starts no valid sequence */
			buf_printf(&b, "\\x%02x", (unsigned char)s[i]);
		else if (cp == '\t')
			buf_adds(&b, "\\t");
		else if (cp == '\n')
			buf_adds(&b, "\\n");
		else if (cp < 0x80 && text_cp_unsafe(cp))
			buf_printf(&b, "\\x%02x", (unsigned)cp);
		else if (text_cp_unsafe(cp))
			buf_printf(&b, "\\u%04x", (unsigned)cp);
		else
			buf_add(&b, s + i, k);
		i += k;
	}
	return buf_take(&b);
}

char *
text_snippet(const char *s, size_t *ms, size_t *ml)
{
	static const char *const marks[] = { "**", "__", "[[", "]]", "`" };
	struct buf b = { 0 };
	size_t i = 0, n = strlen(s), me = *ms + *ml, nms = *ms, nml = *ml;

	buf_grow(&b, n);
	while (i < n) {
		size_t k, mlen = 0;

		/* s[i] is no NUL here; only these start a marker */
		for (k = 0; strchr("*_[]`", s[i]) != NULL &&
		    k < nitems(marks); k++)
			if (strncmp(s + i, marks[k], strlen(marks[k])) == 0) {
				mlen = strlen(marks[k]);
				break;
			}
		/* Only a marker wholly before or after the match goes. */
		if (mlen > 0 && (i + mlen <= *ms || i >= me)) {
			if (i < *ms)
				nms -= mlen;
			i += mlen;
			continue;
		}
		buf_addc(&b, s[i++]);
	}
	*ms = nms;
	*ml = nml;
	return buf_take(&b);
}

char *
text_fold_map(const char *s, size_t **pos)
{
	struct buf b = { 0 };
	const unsigned char *p;
	size_t *v = NULL, cap = 0;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p >= 'A' && *p <= 'Z')
			buf_addc(&b, (char)(*p - 'A' + 'a'));
		else if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '+' || *p == '#' || *p >= 0x80)
			buf_addc(&b, (char)*p);
		else
			continue;
		if (pos == NULL)
			continue;
		v = xgrow(v, b.len - 1, &cap, 32, sizeof *v);
		v[b.len - 1] = (size_t)(p - (const unsigned char *)s);
	}
	if (pos != NULL)
		*pos = v != NULL ? v : xcalloc(1, sizeof *v);
	return buf_take(&b);
}

char *
text_fold(const char *s)
{
	return text_fold_map(s, NULL);
}

char *
text_slug(const char *s)
{
	struct buf b = { 0 };
	const unsigned char *p;
	bool dash = false;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		unsigned char c = *p;

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
			if (dash && b.len > 0)
				buf_addc(&b, '-');
			dash = false;
			buf_addc(&b, (char)c);
		} else if (c == '+') {
			/* "C++" must not collide with "C". */
			if (b.len > 0)
				buf_addc(&b, '-');
			buf_adds(&b, "plus");
			dash = true;
		} else
			dash = true;
	}
	return buf_take(&b);
}

size_t
text_osa_row(const uint32_t *a, size_t i, const uint32_t *b, size_t lb,
    const size_t *pprev, const size_t *prev, size_t *cur)
{
	size_t best = cur[0] = i;

	for (size_t j = 1; j <= lb; j++) {
		size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
		size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);

		cur[j] = del < ins ? del : ins;
		if (sub < cur[j])
			cur[j] = sub;
		/* Optimal string alignment: "adma" is one swap from "adam",
		 * not two substitutions. */
		if (i > 1 && j > 1 && a[i - 1] != b[j - 1] &&
		    a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
		    pprev[j - 2] + 1 < cur[j])
			cur[j] = pprev[j - 2] + 1;
		if (cur[j] < best)
			best = cur[j];
	}
	return best;
}

size_t
text_distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b), i, best;
	size_t rows[3][65], *pprev, *prev, *cur, *t, *heap = NULL;
	uint32_t abuf[64], bbuf[64], *ua = abuf, *ub = bbuf;

	if ((la > lb ? la - lb : lb - la) > cap)
		return cap + 1;
	/* Headwords are short: no allocation for the lookup's typo scan. */
	if (la > 64 || lb > 64) {
		ua = xcalloc(la + lb + 1, sizeof *ua);
		ub = ua + la;
		heap = xcalloc(3 * (lb + 1), sizeof *heap);
		pprev = heap, prev = heap + lb + 1, cur = heap + 2 * (lb + 1);
	} else
		pprev = rows[0], prev = rows[1], cur = rows[2];
	for (i = 0; i < la; i++)
		ua[i] = (unsigned char)a[i];
	for (i = 0; i < lb; i++)
		ub[i] = (unsigned char)b[i];
	for (i = 0; i <= lb; i++)
		prev[i] = i;
	best = lb;
	for (i = 1; i <= la; i++) {
		best = text_osa_row(ua, i, ub, lb, pprev, prev, cur);
		/* A swap reaches back two rows, but d[i][j-1] is at most
		 * d[i-1][j-2] + 1, so once a whole row is above cap every
		 * later one is too. */
		t = pprev, pprev = prev, prev = cur, cur = t;
		if (best > cap)
			break;
	}
	best = best > cap ? cap + 1 : prev[lb] > cap ? cap + 1 : prev[lb];
	if (heap != NULL) {
		free(heap);
		free(ua);
	}
	return best;
}

char *
text_prefix_end(const char *prefix)
{
	size_t n = strlen(prefix);
	char *e = xstrndup(prefix, n);

	while (n > 0 && (unsigned char)e[n - 1] == 0xFF)
		e[--n] = '\0';
	if (n > 0)
		e[n - 1]++;
	return e;
}
