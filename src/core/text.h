/* text.h - UTF-8 decoding, display width and sanitizing of untrusted text.
 *
 * Every column computation in lore goes through text_cp_width(): it is a
 * fixed table, so output does not depend on the C library's locale data. */
#ifndef LORE_TEXT_H
#define LORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define TEXT_REPLACEMENT 0xFFFDu

/* Decode one code point from s[0..n), n > 0. Returns the bytes consumed
 * (1..4). Invalid, overlong, surrogate or truncated sequences decode as
 * U+FFFD and consume exactly one byte. */
size_t	text_decode(const char *s, size_t n, uint32_t *cp);
/* Encode cp as UTF-8 into out (room for 4 bytes); returns the length. */
size_t	text_encode(uint32_t cp, char *out);
/* Columns a code point takes: 0 (combining, zero-width, controls), 1 or 2. */
int	text_cp_width(uint32_t cp);
/* Columns of s[0..n). */
size_t	text_width(const char *s, size_t n);
/* Number of bytes of the longest prefix of s[0..n) that fits in maxw
 * columns; combining marks stay with their base. *w gets its width. */
size_t	text_fit(const char *s, size_t n, size_t maxw, size_t *w);
/* True when s[0..n) is valid UTF-8; otherwise *bad gets the offset of the
 * first bad byte (when bad is not NULL). */
bool	text_utf8_valid(const char *s, size_t n, size_t *bad);
/* Code points never written raw to a terminal: C0 controls except tab and
 * newline, DEL, C1 controls, bidi embeddings, overrides and isolates. */
bool	text_cp_unsafe(uint32_t cp);
/* A fresh copy of s[0..n) that is safe to print: invalid bytes become
 * U+FFFD, unsafe code points are dropped, tabs become spaces. Newlines are
 * kept when keep_newlines, else become spaces. */
char	*text_sanitize(const char *s, size_t n, bool keep_newlines, size_t *outlen);
/* Like text_sanitize, but for messages that quote what a user typed or
 * wrote: nothing is dropped, every unsafe code point is shown as an
 * escape (ESC as \x1b, CSI U+009B as \u009b, RLO as \u202e) and every
 * invalid byte as \xNN, so the message says what was really there. A tab
 * is \t; newlines are kept when keep_newlines, else \n. */
char	*text_escape(const char *s, size_t n, bool keep_newlines);
/* A Markdown source line as plain text for a search snippet: the
 * markers **, __, ` and the [[ ]] of links are dropped where they lie
 * outside the match at *ms (*ml bytes long), which moves with the text;
 * a match that holds a marker keeps it, so it stays visible. */
char	*text_snippet(const char *s, size_t *ms, size_t *ml);
/* Fold for comparisons: lowercase ASCII, drop everything but letters,
 * digits, '+' and '#' (C++, C#), keep other UTF-8 as is.
 * "Naive-Bayes" == "naive bayes". */
char	*text_fold(const char *s);
/* text_fold, and *pos (free() it) gets for each byte of the result the
 * offset in s it came from. */
char	*text_fold_map(const char *s, size_t **pos);
/* A URL- and file-safe identifier: lowercase ASCII letters and digits joined
 * by single '-'; non-ASCII letters are kept as UTF-8. */
char	*text_slug(const char *s);
/* Optimal string alignment (Damerau-Levenshtein without repeated edits
 * of a substring) distance in bytes: insertions, deletions, substitutions
 * and swaps of neighbours count one each. Capped at cap+1. */
size_t	text_distance(const char *a, const char *b, size_t cap);
/* The one edit-distance recurrence, for text_distance and for callers
 * that need the whole table (quiz_diff aligns an answer with it): row i
 * (1..la) of the optimal string alignment table of a and b[0..lb), from
 * rows i-1 (prev) and i-2 (pprev, read only when i > 1). Returns the
 * smallest value in the row. */
size_t	text_osa_row(const uint32_t *a, size_t i, const uint32_t *b,
	    size_t lb, const size_t *pprev, const size_t *prev, size_t *cur);

/* The least string greater than every string that starts with prefix
 * (for a range scan: prefix <= s < end), as a new string. */
char	*text_prefix_end(const char *prefix);

/* How many bytes of s[0..n) from the start are printable ASCII (0x20
 * to 0x7E): eight at a time, the bytes of a word that holds another one
 * by one. The inner loops of the renderer (ib_add, render_wrap) and of
 * a search hit's copy. */
static inline size_t
text_ascii_run(const char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101u, high = ones * 0x80;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t x, low;

		memcpy(&x, s + i, 8);
		low = x & ~high;	/* each byte's low seven bits */
		/* a byte >= 0x80, or whose low bits are < 0x20 or 0x7F */
		if (((x | ~(low + ones * (0x80 - 0x20)) | (low + ones)) &
		    high) != 0)
			break;
	}
	while (i < n && (unsigned char)s[i] >= 0x20 &&
	    (unsigned char)s[i] < 0x7F)
		i++;
	return i;
}

#endif
