/* test-readers.c - html.c's markup as Markdown, and the StarDict, dictd and
 * CSV readers on bytes made here (the CLI test, tests/cli/formats.sh, runs
 * them end to end from files). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "import.h"
#include "read_dict.h"
#include "tap.h"

static const struct {
	const char	*html, *md;
	size_t		 media;
} html_cases[] = {
	{ "<b>bold</b> and <i>it</i>", "**bold** and *it*", 0 },
	{ "<b>Gradient </b>descent", "**Gradient** descent", 0 },
	{ "a<b></b>b", "ab", 0 },
	{ "one<br>two", "one\\\ntwo", 0 },
	{ "<div>one</div><div>two</div>", "one\n\ntwo", 0 },
	{ "<p>a</p>\n\n<p>b</p>", "a\n\nb", 0 },
	{ "<ul><li>x</li><li>y</li></ul>", "- x\n- y", 0 },
	{ "<ol><li>x<li>y</ol>", "1. x\n2. y", 0 },
	{ "<ul><li>x<ul><li>y</li></ul></li></ul>", "- x\n  - y", 0 },
	{ "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2|3</td></tr></table>",
	  "| a | b |\n|---|---|\n| 1 | 2\\|3 |", 0 },
	{ "&lt;x&gt; &amp; &quot;q&quot; &#233; &#x3b1; &nbsp;z", "\\<x\\> & \"q\" é α z", 0 },
	{ "&bogus; & x", "&bogus; & x", 0 },
	{ "see <a href=\"bword://chain rule\">the rule</a>", "see [[the rule]]", 0 },
	{ "<a href=\"https://example.org\">site</a>", "site", 0 },
	{ "<kref>other word</kref>", "[[other word]]", 0 },
	{ "<k>headword</k>meaning", "meaning", 0 },
	{ "\\(x^2 &lt; y\\) and \\[\\sum_i x_i\\]", "$x^2 < y$ and $$\\sum_i x_i$$", 0 },
	{ "$5 * 2_x [a]", "\\$5 \\* 2\\_x \\[a\\]", 0 },
	/* Letters whose code point ends in the byte of a character that
	 * is escaped (U+0160 Š: 0x60 '`'; U+017C ż: 0x7C '|') are text. */
	{ "\xc5\xa0imon, \xc5\x9b \xc5\x9f \xc4\xbc \xc5\x9c \xc4\xa4 \xc4\xaa",
	  "\xc5\xa0imon, \xc5\x9b \xc5\x9f \xc4\xbc \xc5\x9c \xc4\xa4 \xc4\xaa", 0 },
	{ "<p>\xc5\xbc one</p><p>\xc4\xa3 two</p>", "\xc5\xbc one\n\n\xc4\xa3 two", 0 },
	{ "<img src=a.png>pic<audio src=b.mp3></audio>", "pic", 2 },
	{ "<script>var x = 1;</script>text<style>p{}</style>", "text", 0 },
	{ "<pre>a  b\n  c</pre>", "```\na  b\n  c\n```", 0 },
	{ "<!-- note -->x<!DOCTYPE html>", "x", 0 },
	{ "1. not a list", "1\\. not a list", 0 },
	{ "# not a heading", "\\# not a heading", 0 },
	{ "a < b > c", "a \\< b \\> c", 0 },
	{ "<span style=\"x>y\">kept</span>", "kept", 0 },
};

static void
test_html(void)
{
	for (size_t i = 0; i < sizeof html_cases / sizeof html_cases[0]; i++) {
		struct html_stats st = { 0 };
		char *md = html_to_markdown(html_cases[i].html,
		    strlen(html_cases[i].html), &st);

		is_str(md, html_cases[i].md, "html: %s", html_cases[i].html);
		is_int((int)st.media, (int)html_cases[i].media, "html: media of %s",
		    html_cases[i].html);
		free(md);
	}
	char *t = text_to_markdown("a*b\nc\n\nd", 9);
	is_str(t, "a\\*b\\\nc\n\nd", "text: escaped, a newline is a break, a blank line a paragraph");
	free(t);
}

/* A StarDict dictionary in memory: idx entries of (word, offset, size). */
static void
put_be(char *p, uint64_t v, int bytes)
{
	for (int i = bytes - 1; i >= 0; i--, v >>= 8)
		p[i] = (char)(v & 0xff);
}

static size_t
idx_add(char *idx, size_t at, const char *w, uint64_t off, uint32_t size,
    int offbytes)
{
	size_t n = strlen(w) + 1;

	memcpy(idx + at, w, n);
	put_be(idx + at + n, off, offbytes);
	put_be(idx + at + n + offbytes, size, 4);
	return at + n + (size_t)offbytes + 4;
}

static void
test_stardict(void)
{
	static const char ifo32[] = "StarDict's dict ifo file\nversion=2.4.2\n"
	    "bookname=Small\nsametypesequence=tm\n";
	static const char ifo64[] = "\xef\xbb\xbfStarDict's dict ifo file\n"
	    "version=3.0.0\nidxoffsetbits=64\n";
	char idx[256], syn[64], err[256] = "";
	/* sametypesequence=tm: phonetics (NUL-ended), then the meaning. */
	static const char dict[] = "laIt\0Not heavy.\nAlso: pale.";
	struct entries es = { 0 };
	struct dict_files df = { .ifo = ifo32, .ifolen = sizeof ifo32 - 1,
	    .idx = idx, .idxname = "s.idx", .dict = dict,
	    .dictlen = sizeof dict - 1, .dictname = "s.dict", .synname = "s.syn" };
	size_t n;

	n = idx_add(idx, 0, "light", 0, sizeof dict - 1, 4);
	df.idxlen = n;
	memcpy(syn, "lite\0\0\0\0\0", 9);
	df.syn = syn, df.synlen = 9;
	ok(stardict_parse("s.ifo", &df, &es, err, sizeof err) == 0,
	    "stardict: 32-bit offsets, a t and an m field");
	is_int((int)es.n, 1, "stardict: one word");
	if (es.n == 1) {
		is_str(es.v[0].headword, "light", "stardict: its headword");
		is_str(es.v[0].body, "/laIt/\n\nNot heavy.\\\nAlso: pale.",
		    "stardict: phonetics between slashes, then the text");
		is_int((int)es.v[0].naliases, 1, "stardict: the .syn word");
		if (es.v[0].naliases == 1)
			is_str(es.v[0].aliases[0], "lite", "stardict: ...is an alias");
	}
	is_str(es.title, "Small", "stardict: bookname is the title");
	entries_free(&es);

	/* No sametypesequence: each field names its type; 64-bit offsets;
	 * a sound field (W, sized) is dropped and counted. */
	static const char d2[] = "h<b>x</b> y\0W\0\0\0\3abcmplain";
	df.ifo = ifo64, df.ifolen = sizeof ifo64 - 1;
	df.dict = d2, df.dictlen = sizeof d2 - 1;
	df.idxlen = idx_add(idx, 0, "x", 0, sizeof d2 - 1, 8);
	df.syn = NULL, df.synlen = 0;
	ok(stardict_parse("s.ifo", &df, &es, err, sizeof err) == 0,
	    "stardict: typed fields, 64-bit offsets, a BOM");
	if (es.n == 1)
		is_str(es.v[0].body, "**x** y\n\nplain", "stardict: h and m fields");
	is_int((int)es.media, 1, "stardict: the sound is counted");
	entries_free(&es);

	/* Damage. */
	df.idxlen = idx_add(idx, 0, "x", 0, sizeof d2 - 1, 8) - 2;
	ok(stardict_parse("s.ifo", &df, &es, err, sizeof err) != 0 &&
	    strstr(err, "s.idx: truncated after 0 words") != NULL,
	    "stardict: a cut .idx is named (%s)", err);
	entries_free(&es);
	df.idxlen = idx_add(idx, 0, "x", 4, sizeof d2, 8);
	ok(stardict_parse("s.ifo", &df, &es, err, sizeof err) != 0 &&
	    strstr(err, "word 1 ('x') points past the end of s.dict") != NULL,
	    "stardict: an offset past the end is named (%s)", err);
	entries_free(&es);
	df.ifo = "Not an ifo\n", df.ifolen = 11;
	ok(stardict_parse("s.ifo", &df, &es, err, sizeof err) != 0 &&
	    strstr(err, "not a StarDict .ifo") != NULL, "stardict: not an .ifo");
	entries_free(&es);
}

static void
b64(char *out, size_t v)
{
	static const char d[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char tmp[16];
	int n = 0;

	do {
		tmp[n++] = d[v % 64];
		v /= 64;
	} while (v > 0);
	while (n > 0)
		*out++ = tmp[--n];
	*out = '\0';
}

static void
test_dictd(void)
{
	static const char *const art[][2] = {
		{ "00-database-short", "00-database-short\n  Tiny\n" },
		{ "RAM", "RAM\n\n   <hardware> Memory the {CPU}\n   addresses.\n\n"
		    "       x = y\n" },
		{ "ram", "RAM\n\n   A second sense.\n" },
	};
	char dict[512] = "", idx[512] = "", a[16], b[16], err[256] = "";
	struct entries es = { 0 };
	struct dict_files df = { .idxname = "t.index", .dictname = "t.dict" };

	for (size_t i = 0; i < 3; i++) {
		b64(a, strlen(dict));
		b64(b, strlen(art[i][1]));
		snprintf(idx + strlen(idx), sizeof idx - strlen(idx), "%s\t%s\t%s\n",
		    art[i][0], a, b);
		strcat(dict, art[i][1]);
	}
	df.idx = idx, df.idxlen = strlen(idx);
	df.dict = dict, df.dictlen = strlen(dict);
	ok(dictd_parse("t.index", &df, &es, err, sizeof err) == 0, "dictd: parses");
	is_int((int)es.n, 2, "dictd: 00-database-short is not a term");
	is_str(es.title, "Tiny", "dictd: ...it is the title");
	ok(es.senses, "dictd: repeated headwords are senses");
	if (es.n == 2) {
		is_str(es.v[0].headword, "RAM", "dictd: the headword as written");
		is_str(es.v[1].headword, "RAM", "dictd: ...from the article's first line");
		is_str(es.v[0].category, "hardware", "dictd: the subject is the category");
		is_str(es.v[0].body, "Memory the [[CPU]] addresses.\n\n```\nx = y\n```",
		    "dictd: lines joined, braces a link, an example kept");
		ok(es.v[0].nrelated == 1 && strcmp(es.v[0].related[0], "CPU") == 0,
		    "dictd: the link is a related term");
	}
	entries_free(&es);

	/* FOLDOC writes the other names of an article under its headword
	 * and indexes each of them at the same offset. */
	{
		static const char d2[] = "abstract data type\nADT\n\n"
		    "   <programming> A type known by its operations.\n"
		    "C\nNB\n\n   <language> A language.  See the\n"
		    "   {Spanish fire extinguisher\n   \n(ftp://x.org/f.gif)}.\n";
		char ix[256];
		size_t o2 = sizeof "abstract data type\nADT\n\n   <programming>"
		    " A type known by its operations.\n" - 1;
		char oa[16], la[16], ob[16], lb[16];

		b64(oa, 0), b64(la, o2);
		b64(ob, o2), b64(lb, sizeof d2 - 1 - o2);
		snprintf(ix, sizeof ix, "abstract data type\t%s\t%s\n"
		    "adt\t%s\t%s\nc\t%s\t%s\nnb\t%s\t%s\n", oa, la, oa, la,
		    ob, lb, ob, lb);
		df.idx = ix, df.idxlen = strlen(ix);
		df.dict = d2, df.dictlen = sizeof d2 - 1;
		ok(dictd_parse("t.index", &df, &es, err, sizeof err) == 0,
		    "dictd: other names parse (%s)", err);
		is_int((int)es.n, 2, "dictd: an article indexed under two words "
		    "is one term, not two copies");
		if (es.n == 2) {
			is_str(es.v[0].headword, "abstract data type",
			    "dictd: the headword of an article with other names");
			ok(es.v[0].naliases == 1 &&
			    strcmp(es.v[0].aliases[0], "ADT") == 0,
			    "dictd: the name under the headword is an alias, as "
			    "written (%s)", es.v[0].naliases > 0 ?
			    es.v[0].aliases[0] : "none");
			is_str(es.v[0].body, "A type known by its operations.",
			    "dictd: ...and not a paragraph of the body");
			is_str(es.v[1].headword, "C", "dictd: C as written");
			ok(es.v[1].naliases == 1 &&
			    strcmp(es.v[1].aliases[0], "NB") == 0,
			    "dictd: NB is C's alias");
			is_str(es.v[1].body, "A language.  See the Spanish fire "
			    "extinguisher (ftp://x.org/f.gif).", "dictd: a URL "
			    "wrapped under a line of spaces stays in its paragraph");
		}
		entries_free(&es);
		df.dict = dict, df.dictlen = strlen(dict);
	}
	df.idx = "w\tA\t//\n", df.idxlen = 7;
	ok(dictd_parse("t.index", &df, &es, err, sizeof err) != 0 &&
	    strstr(err, "t.index:1: 'w' points past the end of t.dict") != NULL,
	    "dictd: an article past the end is named (%s)", err);
	entries_free(&es);
	df.idx = "w\tA-\tB\n", df.idxlen = 7;
	ok(dictd_parse("t.index", &df, &es, err, sizeof err) != 0 &&
	    strstr(err, "t.index:1: not a dictd index line") != NULL,
	    "dictd: a bad number is named (%s)", err);
	entries_free(&es);
}

static void
test_csv(void)
{
	static const char in[] = "\xef\xbb\xbfHeadword;Meaning;Tags;Synonyms\r\n"
	    "\"Dropout\";\"Zeroes units; at \"\"random\"\"\nduring training.\";"
	    "regularization nn;drop-out|DO\r\n;;;\r\nBias;Error;;\r\n";
	struct entries es = { 0 };
	char err[256] = "";

	ok(import_parse("g.txt", in, sizeof in - 1, IMPORT_CSV, &es, err,
	    sizeof err) == 0, "csv: semicolons, CRLF, a BOM, a header");
	is_int((int)es.n, 2, "csv: a row of empty cells is no entry");
	if (es.n == 2) {
		is_str(es.v[0].headword, "Dropout", "csv: Headword is the term");
		is_str(es.v[0].body, "Zeroes units; at \"random\"\nduring training.",
		    "csv: quotes, separators and newlines in a field");
		is_str(es.v[0].category, "regularization", "csv: the first tag");
		ok(es.v[0].naliases == 2, "csv: aliases split on |");
		is_int((int)es.v[1].line, 5, "csv: a row's line, after a field of two lines");
	}
	entries_free(&es);
	/* Excel in much of Europe saves a .csv with semicolons. */
	ok(import_parse("g.csv", in, sizeof in - 1, IMPORT_CSV, &es, err,
	    sizeof err) == 0 && es.n == 2, "csv: a .csv whose first line has "
	    "semicolons and no comma is read with semicolons (%s)", err);
	entries_free(&es);
	static const char commas[] = "term,definition\nx,\"a; b; c\"\n";
	ok(import_parse("h.csv", commas, sizeof commas - 1, IMPORT_CSV, &es,
	    err, sizeof err) == 0 && es.n == 1 &&
	    strcmp(es.v[0].body, "a; b; c") == 0,
	    "csv: ...but a comma in the first line keeps the comma");
	entries_free(&es);
	ok(import_detect("notes.txt", in + 3, sizeof in - 4) == IMPORT_CSV,
	    "csv: a header naming term and definition is detected");
	ok(import_detect("notes.txt", "alpha, beta\n", 12) != IMPORT_CSV,
	    "csv: a line of commas alone is not");
	static const char bad[] = "term,definition\nx,\"open\n";
	ok(import_parse("b.csv", bad, sizeof bad - 1, IMPORT_CSV, &es, err,
	    sizeof err) != 0 && strstr(err, "b.csv:2: a quoted field") != NULL,
	    "csv: an unclosed quote names its line (%s)", err);
	static const char nodef[] = "term,definition\nx,\n";
	ok(import_parse("c.csv", nodef, sizeof nodef - 1, IMPORT_CSV, &es, err,
	    sizeof err) != 0 && strstr(err, "c.csv:2: 'x' has no definition") != NULL,
	    "csv: a term without a definition is named (%s)", err);
}

int
main(void)
{
	test_html();
	test_stardict();
	test_dictd();
	test_csv();
	return done_testing();
}
