/* fuzz-pattern.c - the anchor of a pattern (pattern.h) is inside every
 * match of it.
 *
 * The first byte's low bit says caseless; the rest is the pattern, then
 * after a NUL the subject (without one, a few fixed subjects). When
 * pattern_anchor() gives an anchor for a pattern PCRE2 compiles, with
 * search.c's options, the anchor must compile with them too, and each
 * match of the pattern in the subject (up to 64, under a match limit)
 * must hold a match of the anchor: the anchor run on the match's text
 * alone finds one. A violation aborts. Then pattern_literals() must not
 * crash and give literals of at least PATTERN_MIN_LITERAL bytes.
 *
 * The pattern read as a literal string (needle.h), when it is printable
 * ASCII: needle_find() from every start finds what a byte-by-byte search
 * finds, and each match of the literal (escaped, with the same options)
 * holds the needle. */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "needle.h"
#include "pattern.h"
#include "util.h"
#include "../needle-naive.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const fixed[] = {
	"Kappa-1 and kappa-2. Zeta first.\nword-9 Abc-1 omega",
	"GPU-based, \xe2\x84\xaa-based and x\xc5\xbftra\xc3\x9f" "e\n12.5% \xff",
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!",
};

static pcre2_code *
compile(const char *pat, size_t len, bool caseless)
{
	int code;
	PCRE2_SIZE off;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, len, PCRE2_UTF |
	    PCRE2_UCP | PCRE2_MATCH_INVALID_UTF | PCRE2_MULTILINE |
	    (caseless ? PCRE2_CASELESS : 0), &code, &off, NULL);

	return re;
}

static void
check(pcre2_code *re, pcre2_code *an, pcre2_match_context *mc,
    const char *subj, size_t len, const char *pat, const char *anchor)
{
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	size_t start = 0;

	for (int n = 0; n < 64 && start <= len; n++) {
		PCRE2_SIZE *ov;
		size_t ms, me;

		if (pcre2_match(re, (PCRE2_SPTR)subj, len, start, 0, md,
		    mc) < 0)
			break;
		ov = pcre2_get_ovector_pointer(md);
		ms = ov[0];
		me = ov[1];
		if (me < ms)	/* \K: a match reported before its start */
			break;
		if (pcre2_match(an, (PCRE2_SPTR)subj + ms, me - ms, 0, 0, md,
		    mc) == PCRE2_ERROR_NOMATCH) {
			fprintf(stderr, "anchor /%s/ not in the match [%zu, %zu)"
			    " of /%s/\n", anchor, ms, me, pat);
			abort();
		}
		start = me > ms ? me : ms + 1;
	}
	pcre2_match_data_free(md);
}

static void
check_needle(const char *lit, bool caseless, const char *subj, size_t len)
{
	struct needle *n = needle_new(lit, caseless);
	struct buf esc = { 0 };
	pcre2_code *re;
	pcre2_match_data *md;
	size_t at = 0, nl;

	if (n == NULL)
		return;
	nl = strlen(needle_text(n));
	for (size_t f = 0; f <= len + 1; f++)
		if (needle_find(n, subj, len, f) != needle_naive(needle_text(n),
		    caseless, subj, len, f)) {
			fprintf(stderr, "needle \"%s\" from %zu\n",
			    needle_text(n), f);
			abort();
		}
	for (const char *p = lit; *p != '\0'; p++) {
		if (!((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') &&
		    !(*p >= '0' && *p <= '9'))
			buf_addc(&esc, '\\');
		buf_addc(&esc, *p);
	}
	re = compile(esc.s, esc.len, caseless);
	md = pcre2_match_data_create(1, NULL);
	while (re != NULL && at <= len && pcre2_match(re, (PCRE2_SPTR)subj,
	    len, at, 0, md, NULL) >= 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		size_t p = needle_find(n, subj, ov[1], ov[0]);

		if (p == SIZE_MAX || p + nl > ov[1]) {
			fprintf(stderr, "/%s/ at [%zu, %zu) without needle "
			    "\"%s\"\n", esc.s, (size_t)ov[0], (size_t)ov[1],
			    needle_text(n));
			abort();
		}
		at = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
	}
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	buf_free(&esc);
	needle_free(n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nul;
	char *pat, *anchor, **lits = NULL;
	size_t plen, nlits = 0;
	bool caseless;

	if (size < 1 || size > 4096)
		return 0;
	caseless = data[0] & 1;
	nul = memchr(data + 1, '\0', size - 1);
	plen = nul != NULL ? (size_t)(nul - (const char *)data) - 1 : size - 1;
	pat = xstrndup((const char *)data + 1, plen);
	if (strlen(pat) != plen) {
		free(pat);
		return 0;
	}
	pattern_literals(pat, &lits, &nlits);
	for (size_t i = 0; i < nlits; i++)
		if (strlen(lits[i]) < PATTERN_MIN_LITERAL)
			abort();
	strv_free(lits, nlits);
	if ((anchor = pattern_anchor(pat, caseless)) != NULL) {
		pcre2_code *re = compile(pat, plen, caseless), *an;
		pcre2_match_context *mc = pcre2_match_context_create(NULL);

		pcre2_set_match_limit(mc, 100000);
		pcre2_set_depth_limit(mc, 10000);
		if (re != NULL) {
			if ((an = compile(anchor, strlen(anchor), caseless)) ==
			    NULL) {
				fprintf(stderr, "anchor /%s/ of /%s/ does not "
				    "compile\n", anchor, pat);
				abort();
			}
			if (nul != NULL)
				check(re, an, mc, nul + 1, size - plen - 2, pat,
				    anchor);
			else
				for (size_t i = 0; i < nitems(fixed); i++)
					check(re, an, mc, fixed[i],
					    strlen(fixed[i]), pat, anchor);
			pcre2_code_free(an);
		}
		pcre2_code_free(re);
		pcre2_match_context_free(mc);
	}
	free(anchor);
	if (nul != NULL)
		check_needle(pat, caseless, nul + 1, size - plen - 2);
	else
		for (size_t i = 0; i < nitems(fixed); i++)
			check_needle(pat, caseless, fixed[i], strlen(fixed[i]));
	free(pat);
	return 0;
}
