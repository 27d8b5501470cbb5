/* needle-naive.h - the search a needle (needle.h) must agree with, a byte
 * at a time: where text first stands in s[from..len), ASCII letters
 * folded when caseless, or SIZE_MAX. Shared by tests/unit/test-needle.c
 * and tests/fuzz/fuzz-pattern.c (static: each includes it once). */
#ifndef LORE_TESTS_NEEDLE_NAIVE_H
#define LORE_TESTS_NEEDLE_NAIVE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

static size_t
needle_naive(const char *text, bool caseless, const char *s, size_t len,
    size_t from)
{
	size_t n = strlen(text);

	for (size_t p = from; p + n <= len; p++) {
		size_t j;

		for (j = 0; j < n; j++) {
			unsigned char a = (unsigned char)s[p + j],
			    b = (unsigned char)text[j];
			bool letter = (b | 0x20) >= 'a' && (b | 0x20) <= 'z';

			if (caseless && letter ? (a | 0x20) != (b | 0x20) :
			    a != b)
				break;
		}
		if (j == n)
			return p;
	}
	return SIZE_MAX;
}

#endif
