/* test-needle.c - a needle (needle.h) finds what a byte-by-byte search
 * finds, wherever it starts and ends, and every caseless match PCRE2
 * makes of its literal holds it. */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "needle.h"
#include "tap.h"
#include "util.h"
#include "../needle-naive.h"

static uint64_t seed = 0x9e3779b97f4a7c15u;

static unsigned
rnd(unsigned n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (unsigned)(seed % n);
}

static void
test_choice(void)
{
	static const struct {
		const char	*lit;
		bool		 caseless;
		const char	*want;	/* NULL: no needle */
	} cases[] = {
		{ "gradient descent", true, "gradient de" },
		{ "gradient descent", false, "gradient descent" },
		{ "kelvin scale", true, "elvin " },
		{ "KELVIN SCALE", true, "ELVIN " },
		{ "kiss", true, NULL },		/* "i" is left */
		{ "kiss", false, "kiss" },
		{ "ab", false, NULL },
		{ "caf\xc3\xa9", false, NULL },	/* not ASCII */
		{ "tab\there", false, NULL },
		{ "x-1 y", true, "x-1 y" },
	};

	for (size_t i = 0; i < nitems(cases); i++) {
		struct needle *n = needle_new(cases[i].lit, cases[i].caseless);
		const char *got = n != NULL ? needle_text(n) : NULL;

		ok(cases[i].want == NULL ? got == NULL : got != NULL &&
		    strcmp(got, cases[i].want) == 0,
		    "needle of \"%s\"%s: %s", cases[i].lit,
		    cases[i].caseless ? " (caseless)" : "",
		    got != NULL ? got : "none");
		needle_free(n);
	}
}

/* Random text over few bytes, so that near misses are common, at every
 * length and start around the sixteen-byte steps. */
static void
test_agrees(void)
{
	static const char bytes[] = "aAaAbBbB e-\n\xe2\x84\xaa\xc5\xbf";
	char hay[160], lit[8];
	unsigned bad = 0, found = 0, runs = 20000;

	for (unsigned r = 0; r < runs; r++) {
		size_t len = rnd(sizeof hay), ll = 3 + rnd(4), from = rnd(40);
		bool caseless = rnd(2);
		struct needle *n;

		for (size_t i = 0; i < len; i++)
			hay[i] = bytes[rnd(sizeof bytes - 1)];
		for (size_t i = 0; i < ll; i++)
			lit[i] = "aAbe"[rnd(4)];
		lit[ll] = '\0';
		if ((n = needle_new(lit, caseless)) == NULL) {
			bad++;
			continue;
		}
		for (size_t f = from; f <= len + 1; f += 1 + rnd(24)) {
			size_t want = needle_naive(lit, caseless, hay, len, f),
			    got = needle_find(n, hay, len, f);

			found += want != SIZE_MAX;
			if (got != want && bad++ < 5)
				tap_diag("\"%s\" from %zu of %zu: %zu, want %zu",
				    lit, f, len, got, want);
		}
		needle_free(n);
	}
	ok(bad == 0 && found > runs / 8, "%u random searches agree with a byte "
	    "at a time (%u found, %u not)", runs, found, bad);
}

/* Every caseless match PCRE2 makes of the literal holds the needle: the
 * literal is read off the text, a letter for each character, so that it
 * matches at least once, in other cases and other encodings too. */
static void
test_pcre2_matches(void)
{
	static const struct {
		const char	*text, *letter;
	} tokens[] = {
		{ "a", "a" }, { "A", "A" }, { "k", "k" }, { "K", "K" },
		{ "s", "s" }, { "S", "S" }, { "\xe2\x84\xaa", "k" },
		{ "\xc5\xbf", "s" }, { " ", " " }, { "i", "i" },
		{ "\xc4\xb0", "x" }, { "-", "-" },
	};
	char hay[256], lit[16];
	unsigned bad = 0, matches = 0, runs = 3000;
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);

	for (unsigned r = 0; r < runs; r++) {
		size_t len = 0, nt = 0, ll = 3 + rnd(6), start;
		unsigned pick[64];
		struct needle *n;
		pcre2_code *re;
		int code;
		PCRE2_SIZE off, at = 0;

		while (nt < nitems(pick) && (nt < 12 || rnd(20) != 0)) {
			const char *t = tokens[pick[nt++] =
			    rnd(nitems(tokens))].text;

			memcpy(hay + len, t, strlen(t));
			len += strlen(t);
		}
		start = rnd((unsigned)(nt - ll));
		for (size_t i = 0; i < ll; i++)
			lit[i] = tokens[pick[start + i]].letter[0];
		lit[ll] = '\0';
		re = pcre2_compile((PCRE2_SPTR)lit, PCRE2_ZERO_TERMINATED,
		    PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | PCRE2_MULTILINE,
		    &code, &off, NULL);
		n = needle_new(lit, true);
		while (n != NULL && re != NULL && pcre2_match(re,
		    (PCRE2_SPTR)hay, len, at, 0, md, NULL) >= 0) {
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
			size_t p = needle_find(n, hay, ov[1], ov[0]);

			matches++;
			if ((p == SIZE_MAX || p + strlen(needle_text(n)) >
			    ov[1]) && bad++ < 5)
				tap_diag("/%s/ matched at %zu..%zu, needle "
				    "\"%s\" not in it", lit, (size_t)ov[0],
				    (size_t)ov[1], needle_text(n));
			at = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
		}
		pcre2_code_free(re);
		needle_free(n);
	}
	pcre2_match_data_free(md);
	ok(bad == 0 && matches > runs / 10, "every caseless PCRE2 match "
	    "holds its needle (%u matches, %u not)", matches, bad);
}

/* needle.h counts on PCRE2 matching no character outside ASCII to an
 * ASCII letter, caseless under UCP, but U+017F and U+212A: asked of
 * every code point of the PCRE2 lore runs with. */
static void
test_partners(void)
{
	struct buf b = { 0 };
	pcre2_code *re;
	pcre2_match_data *md;
	int code, rc;
	PCRE2_SIZE off, at = 0;
	char seen[64] = "";

	for (uint32_t c = 0x80; c <= 0x10FFFF; c++) {
		char u[5];
		size_t n;

		if (c >= 0xD800 && c <= 0xDFFF)
			continue;
		n = c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
		u[0] = (char)(n == 2 ? 0xC0 | c >> 6 : n == 3 ? 0xE0 | c >> 12 :
		    0xF0 | c >> 18);
		for (size_t k = 1; k < n; k++)
			u[k] = (char)(0x80 | ((c >> (6 * (n - 1 - k))) & 0x3F));
		buf_add(&b, u, n);
	}
	re = pcre2_compile((PCRE2_SPTR)"[a-z]", PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &code, &off, NULL);
	(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	md = pcre2_match_data_create(1, NULL);
	while ((rc = pcre2_match(re, (PCRE2_SPTR)b.s, b.len, at, 0, md,
	    NULL)) >= 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		uint32_t c = 0;

		for (PCRE2_SIZE k = ov[0]; k < ov[1]; k++)
			c = k == ov[0] ? (unsigned char)b.s[k] & (0xFF >>
			    (ov[1] - ov[0] + 1)) : c << 6 |
			    ((unsigned char)b.s[k] & 0x3F);
		if (strlen(seen) + 10 < sizeof seen)
			snprintf(seen + strlen(seen), sizeof seen -
			    strlen(seen), "%sU+%04X", seen[0] ? " " : "",
			    (unsigned)c);
		at = ov[1];
	}
	ok(strcmp(seen, "U+017F U+212A") == 0, "caseless partners of ASCII "
	    "letters outside ASCII: %s", seen);
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	buf_free(&b);
}

int
main(void)
{
	test_choice();
	test_agrees();
	test_pcre2_matches();
	test_partners();
	return done_testing();
}
