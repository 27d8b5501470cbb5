/* test-pattern.c - the anchor read off a pattern (pattern.h): which one
 * is chosen, when there is none, and that it matches inside every match
 * of its pattern, compiled as search.c compiles both. */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "pattern.h"
#include "tap.h"
#include "util.h"

static const struct {
	const char	*pat;
	bool		 caseless;
	const char	*want;		/* NULL: no anchor */
} cases[] = {
	/* The bench's character class: the classes next to the '-' are
	 * kept, the capital and \b left out. */
	{ "\\b[A-Z][a-z]+-[0-9]\\b", false, "[a-z]-[0-9]" },
	/* Caseless, or \w under UCP: PCRE2 would try every byte. */
	{ "\\b[A-Z][a-z]+-[0-9]\\b", true, "-" },
	{ "\\w+-based", true, "-based" },
	{ "\\w+-based", false, "-based" },
	{ "[a-z]+ing\\b", false, "[a-z]ing" },
	{ "[a-z]+ing\\b", true, "ing" },
	/* The run with the most literals, then the most items. */
	{ "ab\\d+cde", false, "cde" },
	{ "x+yz", false, "xyz" },
	{ "a\\.b\\s+c", false, "a\\.b" },
	{ "gradient\\s+descent", true, "gradient" },
	{ "[0-9]+\\.[0-9]+%", false, "[0-9]\\.[0-9]" },
	/* An optional item ends a run without joining either side. */
	{ "abc?d+", false, "ab" },
	{ "ab*cd", false, "cd" },
	{ "ab{0,3}cd", false, "cd" },
	{ "ab{2,}c", false, "ab" },
	/* Multibyte literals are whole characters. */
	{ "\\w+straße", true, "straße" },
	{ "\\d+€", false, "€" },
	/* Classes that are not plain letters and digits break a run. */
	{ "[^a]+bc", false, "bc" },
	{ "[[:alpha:]]+bc", false, "bc" },
	{ "[a-]+bc", false, "bc" },
	{ ".+bc", false, "bc" },
	/* The whole pattern, less assertions: nothing gained. */
	{ "gradient descent", true, NULL },
	{ "\\bfoo\\b", false, NULL },
	{ "^foo$", false, NULL },
	/* No literal character: no anchor. */
	{ "\\w+\\d", false, NULL },
	{ "[a-z]+[0-9]", false, NULL },
	/* Never a guess. */
	{ "foo|bar+", false, NULL },
	{ "(foo)+bar", false, NULL },
	{ "(?i)a+bc", false, NULL },
	{ "\\x41+bc", false, NULL },
	{ "\\Qa+\\Eb+c", false, NULL },
	{ "a\\1+bc", false, NULL },
	{ "\\b+abc", false, NULL },
	{ "a{bc", false, NULL },
	/* Braces PCRE2 versions read differently: text, or a repeat. */
	{ "ab{2,,}b", false, NULL },
	{ "ab{,3}cd", false, NULL },
	{ "ab{ 2 }cd", false, NULL },
	{ "ab{2,5}cd", false, "bcd" },
	{ "\xff+abc", false, NULL },
	{ "[a-z+bc", false, NULL },
	{ "", false, NULL },
};

/* Subjects for the property below: each pattern above matches some. */
static const char *const subjects[] = {
	"Kappa-1 and kappa-2", "word-9 Abc-1", "GPU-based and CPU-Based",
	"string thing", "abcde ab12cde", "xxxyz xyz", "a.b   c",
	"Gradient  DESCENT", "3.14% and 10.5%", "abd abccddd", "acd abbbcd",
	"abbbc", "STRASSE straße xstraße", "12€", "bbc xbc", "zbc 9bc",
	"foo bar", "a\nbc", "Kelvin \xe2\x84\xaa-based", "x\xc5\xbftraße",
};

static pcre2_code *
compile(const char *pat, bool caseless)
{
	int code;
	PCRE2_SIZE off;

	return pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF | PCRE2_MULTILINE |
	    (caseless ? PCRE2_CASELESS : 0), &code, &off, NULL);
}

/* Every match of pat in every subject holds a match of anchor. */
static bool
inside(const char *pat, const char *anchor, bool caseless, int *matches)
{
	pcre2_code *re = compile(pat, caseless), *an = compile(anchor,
	    caseless);
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	bool good = re != NULL && an != NULL;

	for (size_t i = 0; good && i < nitems(subjects); i++) {
		size_t len = strlen(subjects[i]), start = 0;

		while (start <= len && pcre2_match(re, (PCRE2_SPTR)subjects[i],
		    len, start, 0, md, NULL) >= 0) {
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
			size_t ms = ov[0], me = ov[1];

			(*matches)++;
			/* The anchor alone on the match's text. */
			if (pcre2_match(an, (PCRE2_SPTR)subjects[i] + ms,
			    me - ms, 0, 0, md, NULL) < 0) {
				tap_diag("/%s/ matches \"%.*s\", /%s/ not in it",
				    pat, (int)(me - ms), subjects[i] + ms,
				    anchor);
				good = false;
				break;
			}
			start = me > ms ? me : ms + 1;
		}
	}
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	pcre2_code_free(an);
	return good;
}

int
main(void)
{
	for (size_t i = 0; i < nitems(cases); i++) {
		char *got = pattern_anchor(cases[i].pat, cases[i].caseless);
		bool same = got == NULL ? cases[i].want == NULL :
		    cases[i].want != NULL && strcmp(got, cases[i].want) == 0;

		ok(same, "anchor of /%s/%s: %s", cases[i].pat,
		    cases[i].caseless ? "i" : "", got != NULL ? got : "none");
		if (got != NULL) {
			int n = 0;
			bool in = inside(cases[i].pat, got, cases[i].caseless,
			    &n);

			ok(in && n > 0, "/%s/ is in each of the %d matches of "
			    "/%s/", got, n, cases[i].pat);
		}
		free(got);
	}
	return done_testing();
}
