/* test-text.c - UTF-8 decoding, width, sanitizing, folding, slugs. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "text.h"

static void
test_decode(void)
{
	uint32_t cp;

	is_int(text_decode("A", 1, &cp), 1, "ASCII is one byte");
	is_int(cp, 'A', "ASCII code point");
	is_int(text_decode("\xce\xb1", 2, &cp), 2, "alpha is two bytes");
	is_int(cp, 0x3B1, "alpha code point");
	is_int(text_decode("\xe2\x88\x91", 3, &cp), 3, "n-ary sum is three bytes");
	is_int(text_decode("\xf0\x9f\x98\x80", 4, &cp), 4, "emoji is four bytes");
	is_int(text_decode("\xc0\xaf", 2, &cp), 1, "overlong slash is rejected");
	is_int(cp, TEXT_REPLACEMENT, "overlong decodes as U+FFFD");
	is_int(text_decode("\xed\xa0\x80", 3, &cp), 1, "surrogate is rejected");
	is_int(text_decode("\xe2\x88", 2, &cp), 1, "truncated sequence is one bad byte");
}

static void
test_width(void)
{
	is_int(text_width("abc", 3), 3, "ASCII width");
	is_int(text_width("\xce\xb1\xce\xb2", 4), 2, "Greek is narrow");
	is_int(text_width("\xe6\x97\xa5\xe6\x9c\xac", 6), 4, "CJK is wide");
	is_int(text_width("e\xcc\x81", 3), 1, "combining acute adds nothing");
	is_int(text_width("\x1b[31m", 5), 4, "ESC has no width");
}

static void
test_fit(void)
{
	size_t w;

	is_int(text_fit("hello", 5, 3, &w), 3, "fit cuts ASCII");
	is_int(w, 3, "fit width");
	is_int(text_fit("\xe6\x97\xa5\xe6\x9c\xac", 6, 3, &w), 3,
	    "a wide char that does not fit is left out");
	is_int(w, 2, "fit width with wide char");
	is_int(text_fit("e\xcc\x81x", 4, 1, &w), 3, "combining mark stays with its base");
}

static void
test_sanitize(void)
{
	char *s;
	size_t n;

	s = text_sanitize("a\x1b[2Jb", 6, false, &n);
	is_str(s, "a[2Jb", "ESC is dropped");
	free(s);
	s = text_sanitize("x\xe2\x80\xaey", 5, false, &n);
	is_str(s, "xy", "RLO bidi override is dropped");
	free(s);
	s = text_sanitize("p\xc2\x9bq", 4, false, &n);
	is_str(s, "pq", "C1 CSI is dropped");
	free(s);
	s = text_sanitize("a\xffz", 3, false, &n);
	is_str(s, "a\xef\xbf\xbdz", "invalid byte becomes U+FFFD");
	free(s);
	s = text_sanitize("l1\r\nl2\tx", 8, true, &n);
	is_str(s, "l1\nl2 x", "CRLF to LF, tab to space");
	free(s);
	s = text_sanitize("l1\nl2", 5, false, &n);
	is_str(s, "l1 l2", "newline to space when not kept");
	free(s);
	/* Printable ASCII is copied in runs: what ends a run still counts. */
	s = text_sanitize("run\x7fon\rx\n\xce\xb1 end\r", 16, true, &n);
	is_str(s, "runonx\n\xce\xb1 end", "DEL and a lone CR inside and "
	    "after ASCII runs are dropped");
	ok(n == 13, "and the length says so (%zu)", n);
	free(s);
	ok(text_utf8_valid("ok \xce\xb1", 5, NULL), "valid UTF-8 accepted");
	n = 99;
	ok(!text_utf8_valid("ok\x80", 3, &n) && n == 2, "invalid UTF-8 found at its offset");
}

/* Messages quote what a user typed: shown, not dropped. */
static void
test_escape(void)
{
	char *s;

	s = text_escape("zz\x1b]0;pwn\x07\xe2\x80\xae", 13, false);
	is_str(s, "zz\\x1b]0;pwn\\x07\\u202e", "ESC, BEL and RLO are shown "
	    "as escapes");
	free(s);
	s = text_escape("p\xc2\x9bq\x7f", 5, false);
	is_str(s, "p\\u009bq\\x7f", "C1 CSI and DEL are shown as escapes");
	free(s);
	s = text_escape("a\xff\xe2\x82z\xc0\xaf", 7, false);
	is_str(s, "a\\xff\\xe2\\x82z\\xc0\\xaf", "invalid, truncated and "
	    "overlong bytes are shown one by one");
	free(s);
	s = text_escape("\xef\xbf\xbd \xce\xb1 \xef", 8, false);
	is_str(s, "\xef\xbf\xbd \xce\xb1 \\xef", "U+FFFD and other valid "
	    "UTF-8 are kept, a lone lead byte is not");
	free(s);
	s = text_escape("l1\nl2\tx\r", 8, true);
	is_str(s, "l1\nl2\\tx\\x0d", "newline kept, tab and CR shown");
	free(s);
	s = text_escape("l1\nl2", 5, false);
	is_str(s, "l1\\nl2", "newline shown when not kept");
	free(s);
	s = text_escape("a\0b", 3, false);
	is_str(s, "a\\x00b", "NUL shown");
	free(s);
}

static void
test_fold_slug(void)
{
	char *a, *b;

	a = text_fold("Naive-Bayes");
	b = text_fold("naive bayes");
	is_str(a, b, "fold ignores case and punctuation");
	free(a), free(b);
	a = text_slug("Bayes' theorem");
	is_str(a, "bayes-theorem", "slug of a possessive");
	free(a);
	a = text_slug("C++");
	b = text_slug("C");
	ok(strcmp(a, b) != 0, "C++ and C get different slugs (%s)", a);
	free(a), free(b);
	a = text_slug("  Bias\xe2\x80\x93variance tradeoff ");
	is_str(a, "bias\xe2\x80\x93variance-tradeoff", "en dash is kept as a letter-like byte");
	free(a);
	is_int(text_distance("softmax", "sofmax", 3), 1, "one deletion");
	is_int(text_distance("attention", "retention", 5), 2, "two substitutions");
	is_int(text_distance("a", "abcdefgh", 2), 3, "distance is capped");
	is_int(text_distance("adam", "adma", 3), 1, "a swap is one edit");
	is_int(text_distance("transformer", "tarnsfomrer", 5), 2,
	    "two swaps are two");
	is_int(text_distance("abc", "ca", 3), 3, "no edits of a swapped pair");
	is_int(text_distance("attention", "atnetiotn", 1), 2,
	    "the cap holds with swaps");
}

static void
test_snippet(void)
{
	static const struct {
		const char	*in, *out, *match;
	} c[] = {
		{ "**Adam** is a [[gradient descent]] method", "Adam is a "
		    "gradient descent method", "gradient" },
		{ "uses `x.grad` here", "uses x.grad here", "grad" },
		{ "a **bold** word", "a **bold** word", "**bold**" },
		{ "[[Policy gradient]] or __actor__", "Policy gradient or actor",
		    "actor" },
		{ "plain", "plain", "lai" },
	};

	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		size_t ms = (size_t)(strstr(c[i].in, c[i].match) - c[i].in);
		size_t ml = strlen(c[i].match);
		char *got = text_snippet(c[i].in, &ms, &ml);

		is_str(got, c[i].out, "snippet of '%s'", c[i].in);
		ok(ms + ml <= strlen(got) && strncmp(got + ms, c[i].match,
		    ml) == 0, "the match moved with the text (%zu, %zu)", ms, ml);
		free(got);
	}
}

int
main(void)
{
	test_decode();
	test_width();
	test_fit();
	test_sanitize();
	test_escape();
	test_fold_slug();
	test_snippet();
	return done_testing();
}
