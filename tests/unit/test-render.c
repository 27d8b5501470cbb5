/* test-render.c - Markdown rendering against hand-checked fixtures, spans,
 * links, sanitizing and the width and ASCII promises of render.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "render.h"
#include "tap.h"
#include "text.h"
#include "util.h"

/* Each has NAME.md and its expected plain output NAME.w40.txt, NAME.w80.txt. */
static const char *fixtures[] = {
	"paragraphs", "emphasis", "nested-lists", "numbered-lists", "code",
	"table-narrow", "table-wide", "table-squeeze", "quote", "heading-rule",
	"links", "wide-chars", "math",
};

static void
render(const char *md, int width, bool ascii, struct rdoc *d)
{
	struct render_opts o = { width, ascii, false, NULL };

	memset(d, 0, sizeof *d);
	render_markdown(md, strlen(md), &o, d);
}

/* What cli_print_doc() writes, as a string. */
static char *
printed(const struct rdoc *d, bool ansi)
{
	FILE *fp = tmpfile();
	struct buf b = { 0 };
	char chunk[4096];
	size_t n;

	if (fp == NULL)
		return xstrdup("(tmpfile failed)");
	cli_print_doc(d, fp, ansi);
	rewind(fp);
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&b, chunk, n);
	fclose(fp);
	return buf_take(&b);
}

/* Show the first line where got and want part, for the TAP log. */
static void
diag_first_diff(const char *got, const char *want)
{
	int line = 1;

	while (*got != '\0' && *got == *want) {
		if (*got == '\n')
			line++;
		got++, want++;
	}
	tap_diag("first difference on line %d", line);
	tap_diag("   got: %.60s", got);
	tap_diag("  want: %.60s", want);
}

/* Every line fits, is valid UTF-8 with no controls, spans are in order. */
static bool
lines_sane(const struct rdoc *d, int width, bool ascii, char *why, size_t nwhy)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct rline *l = &d->lines[i];
		size_t end = 0;

		if (text_width(l->text, l->len) > (size_t)width) {
			snprintf(why, nwhy, "line %zu is %zu columns", i,
			    text_width(l->text, l->len));
			return false;
		}
		if (!text_utf8_valid(l->text, l->len, NULL)) {
			snprintf(why, nwhy, "line %zu is not UTF-8", i);
			return false;
		}
		for (size_t j = 0; j < l->len; j++) {
			unsigned char c = (unsigned char)l->text[j];

			if (c < 0x20 || c == 0x7F || (ascii && c >= 0x80)) {
				snprintf(why, nwhy, "line %zu has byte 0x%02x", i, c);
				return false;
			}
		}
		for (size_t j = 0; j < l->nspans; j++) {
			if (l->spans[j].off < end ||
			    l->spans[j].off + l->spans[j].len > l->len) {
				snprintf(why, nwhy, "line %zu span %zu out of order",
				    i, j);
				return false;
			}
			end = l->spans[j].off + l->spans[j].len;
		}
	}
	return true;
}

static void
test_fixtures(void)
{
	const char *srcdir = getenv("srcdir");
	char path[4096], why[128];
	static const int widths[] = { 40, 80 };

	if (srcdir == NULL)
		srcdir = ".";
	for (size_t i = 0; i < nitems(fixtures); i++) {
		size_t mdlen, wantlen;
		char *md;

		snprintf(path, sizeof path, "%s/tests/data/render/%s.md", srcdir,
		    fixtures[i]);
		md = tap_slurp(path, &mdlen);
		if (!ok(md != NULL, "%s.md is readable", fixtures[i]))
			continue;
		for (size_t k = 0; k < nitems(widths); k++) {
			struct rdoc d;
			char *want, *got;

			snprintf(path, sizeof path, "%s/tests/data/render/%s.w%d.txt",
			    srcdir, fixtures[i], widths[k]);
			want = tap_slurp(path, &wantlen);
			render(md, widths[k], false, &d);
			got = printed(&d, false);
			if (!ok(want != NULL && strcmp(got, want) == 0,
			    "%s at %d columns", fixtures[i], widths[k]) &&
			    want != NULL)
				diag_first_diff(got, want);
			why[0] = '\0';
			ok(lines_sane(&d, widths[k], false, why, sizeof why),
			    "%s at %d columns: lines fit and are clean %s",
			    fixtures[i], widths[k], why);
			rdoc_free(&d);
			render(md, widths[k], true, &d);
			why[0] = '\0';
			ok(lines_sane(&d, widths[k], true, why, sizeof why),
			    "%s at %d columns in ASCII mode: pure ASCII %s",
			    fixtures[i], widths[k], why);
			rdoc_free(&d);
			free(got);
			free(want);
		}
		free(md);
	}
}

static const struct rspan *
span_at(const struct rline *l, size_t off)
{
	for (size_t i = 0; i < l->nspans; i++)
		if (l->spans[i].off <= off && off < l->spans[i].off + l->spans[i].len)
			return &l->spans[i];
	return NULL;
}

static void
test_spans(void)
{
	struct rdoc d;
	const struct rspan *sp;

	render("Some **bold** text", 80, false, &d);
	is_int(d.n, 1, "one line");
	is_str(d.lines[0].text, "Some bold text", "markup is gone");
	is_int(d.lines[0].nspans, 1, "one span");
	is_int(d.lines[0].spans[0].off, 5, "bold span starts at the word");
	is_int(d.lines[0].spans[0].len, 4, "bold span covers the word");
	is_int(d.lines[0].spans[0].style, RS_BOLD, "span is bold");
	rdoc_free(&d);

	/* A bold phrase wrapped over two lines keeps a span on each. */
	render("aaa **bbb ccc ddd eee** ffffff", 12, false, &d);
	is_int(d.n, 3, "wrapped into three lines");
	is_str(d.lines[0].text, "aaa bbb ccc", "first line");
	sp = span_at(&d.lines[0], 4);
	ok(sp != NULL && sp->off == 4 && sp->len == 7 && sp->style == RS_BOLD,
	    "bold span on the first line covers \"bbb ccc\"");
	sp = span_at(&d.lines[1], 0);
	ok(sp != NULL && sp->off == 0 && sp->len == 7 && sp->style == RS_BOLD,
	    "bold span on the second line covers \"ddd eee\"");
	ok(span_at(&d.lines[2], 0) == NULL, "no span on the plain third line");
	rdoc_free(&d);

	render("*it* `code` ~~del~~", 80, false, &d);
	ok(span_at(&d.lines[0], 0) && span_at(&d.lines[0], 0)->style == RS_ITALIC,
	    "italic span");
	ok(span_at(&d.lines[0], 3) && span_at(&d.lines[0], 3)->style == RS_CODE,
	    "inline code span");
	ok(span_at(&d.lines[0], 8) && span_at(&d.lines[0], 8)->style == RS_STRIKE,
	    "strikethrough span");
	rdoc_free(&d);

	render("# Title\n\ntext", 80, false, &d);
	ok(span_at(&d.lines[0], 0) &&
	    (span_at(&d.lines[0], 0)->style & RS_HEADING), "heading span");
	is_str(d.lines[1].text, "\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90"
	    "\xe2\x95\x90", "level 1 heading is underlined to its width");
	is_str(d.lines[2].text, "", "blank line after the heading");
	rdoc_free(&d);
}

static void
test_links(void)
{
	struct rdoc d;
	const struct rspan *sp;

	render("See [[Wiki Link]], [[Target|label]] and [text](http://x.example/a).",
	    80, false, &d);
	is_str(d.lines[0].text, "See Wiki Link, label and text.", "link text shown");
	is_int(d.nlinks, 3, "three links");
	if (d.nlinks == 3) {
		is_str(d.links[0], "Wiki Link", "wiki link target");
		is_str(d.links[1], "Target", "piped wiki link target");
		is_str(d.links[2], "http://x.example/a", "URL target");
	}
	sp = span_at(&d.lines[0], 4);
	ok(sp != NULL && sp->link == 0 && (sp->style & RS_LINK) && sp->len == 9,
	    "span over \"Wiki Link\" points at link 0");
	sp = span_at(&d.lines[0], 15);
	ok(sp != NULL && sp->link == 1, "span over \"label\" points at link 1");
	sp = span_at(&d.lines[0], 25);
	ok(sp != NULL && sp->link == 2, "span over \"text\" points at link 2");
	rdoc_free(&d);
}

static void
test_sanitize(void)
{
	struct rdoc d;
	char *out;

	render("red \x1b[31malert\x1b[0m and \x1b]0;title\x07 done", 80, false, &d);
	out = printed(&d, false);
	ok(strchr(out, '\x1b') == NULL && strchr(out, '\x07') == NULL,
	    "ESC and BEL never reach the output");
	is_str(d.lines[0].text, "red [31malert[0m and ]0;title done",
	    "the rest of the text is kept");
	free(out);
	rdoc_free(&d);

	render("a\xe2\x80\xae" "b `c\x1b` \xff", 80, false, &d);
	is_str(d.lines[0].text, "ab c \xef\xbf\xbd",
	    "bidi override and ESC in code dropped, bad byte is U+FFFD");
	rdoc_free(&d);

	render("```\nx\x1by\n```", 80, false, &d);
	is_str(d.lines[0].text, "  xy", "ESC in a code block is dropped");
	rdoc_free(&d);

	render("&#27;[2J &#x202E; &amp;", 80, false, &d);
	is_str(d.lines[0].text, "[2J  &", "escapes written as entities are dropped");
	rdoc_free(&d);
}

static void
test_ascii(void)
{
	struct rdoc d;

	render("\xe2\x80\x9cQuote\xe2\x80\x9d \xe2\x80\x93 dash \xe2\x80\x94 "
	    "more\xe2\x80\xa6 \xe2\x86\x92 caf\xc3\xa9 \xe6\x97\xa5", 80, true, &d);
	is_str(d.lines[0].text, "\"Quote\" - dash -- more... -> cafe ?",
	    "ASCII mode transliterates punctuation");
	rdoc_free(&d);

	render("- a\n  - b\n    - c\n\n> q\n\n---", 20, true, &d);
	is_str(d.lines[0].text, "* a", "ASCII bullet, depth 1");
	is_str(d.lines[1].text, "  - b", "ASCII bullet, depth 2");
	is_str(d.lines[2].text, "    + c", "ASCII bullet, depth 3");
	is_str(d.lines[4].text, "| q", "ASCII quote bar");
	is_str(d.lines[6].text, "--------------------", "ASCII rule");
	rdoc_free(&d);

	render("| a | b |\n|---|---|\n| 1 | 2 |", 40, true, &d);
	is_str(d.lines[0].text, "+---+---+", "ASCII table top");
	is_str(d.lines[1].text, "| a | b |", "ASCII table row");
	rdoc_free(&d);
}

static void
test_code(void)
{
	struct rdoc d;
	const char *l;

	render("```\n0123456789 0123456789 0123456789\n```", 20, false, &d);
	l = d.lines[0].text;
	is_str(l, "  0123456789 012345\xe2\x80\xa6",
	    "a long code line is cut with a marker in the last column");
	is_int(text_width(l, strlen(l)), 20, "the cut line is exactly the width");
	rdoc_free(&d);

	render("```\n0123456789 0123456789 0123456789\n```", 20, true, &d);
	is_str(d.lines[0].text, "  0123456789 012345>", "ASCII cut marker");
	rdoc_free(&d);

	render("- item\n\n  ```\n  code\n  ```", 40, false, &d);
	is_str(d.lines[2].text, "    code", "code in a list item is indented under it");
	ok(span_at(&d.lines[2], 4) && (span_at(&d.lines[2], 4)->style & RS_CODE),
	    "code block lines are RS_CODE");
	rdoc_free(&d);
}

static void
test_wrap(void)
{
	struct rdoc d;

	/* Wide characters count two columns; none is split. */
	render("\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5"
	    "\xe6\x97\xa5", 10, false, &d);
	is_int(d.n, 2, "six wide characters at 10 columns take two lines");
	is_int(d.lines[0].len, 15, "five wide characters on the first line");
	rdoc_free(&d);

	/* A combining mark stays with its base when a word is broken. */
	render("aaaaaaaaae\xcc\x81" "bbb", 10, false, &d);
	is_str(d.lines[0].text, "aaaaaaaaae\xcc\x81", "combining mark kept with e");
	is_str(d.lines[1].text, "bbb", "rest on the next line");
	rdoc_free(&d);

	render("", 40, false, &d);
	is_int(d.n, 0, "empty input, no lines");
	rdoc_free(&d);

	render("word", 3, false, &d);
	is_str(d.lines[0].text, "word", "a width below 10 is taken as 10");
	rdoc_free(&d);
}

static void
test_math(void)
{
	struct rdoc d;
	size_t pad;
	const char *l;

	render("Before.\n\n$$x$$\n\nAfter.", 40, false, &d);
	is_int(d.n, 5, "display math gets its own lines with blanks around");
	l = d.n > 2 ? d.lines[2].text : "";
	pad = strspn(l, " ");
	ok(pad > 10 && pad + text_width(l + pad, strlen(l + pad)) <= 40 &&
	    pad >= (40 - text_width(l + pad, strlen(l + pad))) / 2 - 1,
	    "display math is centred");
	ok(d.n > 2 && span_at(&d.lines[2], pad) &&
	    (span_at(&d.lines[2], pad)->style & RS_MATH), "display math is RS_MATH");
	rdoc_free(&d);

	render("so $x$ here", 40, false, &d);
	ok(strncmp(d.lines[0].text, "so ", 3) == 0 && span_at(&d.lines[0], 3) &&
	    (span_at(&d.lines[0], 3)->style & RS_MATH), "inline math is RS_MATH");
	rdoc_free(&d);
}

/* Print d as one string, lines joined with '|', for short comparisons. */
static char *
flat(const struct rdoc *d)
{
	struct buf b = { 0 };

	for (size_t i = 0; i < d->n; i++) {
		if (i > 0)
			buf_addc(&b, '|');
		buf_adds(&b, d->lines[i].text);
	}
	return buf_take(&b);
}

static void
check_flat(const char *md, int width, bool ascii, const char *want,
    const char *what)
{
	struct rdoc d;
	char *got;

	render(md, width, ascii, &d);
	got = flat(&d);
	is_str(got, want, "%s (width %d)", what, width);
	free(got);
	rdoc_free(&d);
}

/* The displays the issue named, at 40 columns: no line ends inside a
 * bracket pair, a |...| or a script, and none is wider than the width. */
static void
test_narrow_displays(void)
{
	static const char *const md[] = {
		/* Bellman equation, Value iteration */
		"$$Q^*(s, a) = \\sum_{s'} P(s' \\mid s, a)\\left[R(s, a, s') + "
		"\\gamma \\max_{a'} Q^*(s', a')\\right]$$",
		"$$V_{k+1}(s) = \\max_{a} \\sum_{s'} P(s' \\mid s, a) \\left[ "
		"R(s, a, s') + \\gamma V_k(s') \\right]$$",
		"The policy: $\\pi^*(s) = \\arg\\max_a \\sum_{s'} P(s' \\mid s, "
		"a)[R + \\gamma V^*(s')]$.",
		/* SHAP */
		"$$\\phi_i = \\sum_{S \\subseteq F \\setminus \\{i\\}} "
		"\\frac{|S|! \\, (|F| - |S| - 1)!}{|F|!} \\left[ f(S \\cup "
		"\\{i\\}) - f(S) \\right]$$",
	};

	for (size_t k = 0; k < nitems(md); k++) {
		struct rdoc d;
		bool inside = false, wide = false;

		render(md[k], 40, false, &d);
		for (size_t i = 0; i < d.n; i++) {
			const char *t = d.lines[i].text;
			int depth = 0;

			wide |= text_width(t, d.lines[i].len) > 40;
			for (const char *p = t; *p != '\0'; p++)
				depth += (*p == '(' || *p == '[') -
				    (*p == ')' || *p == ']');
			/* an open bracket at the end of a line, unless the
			 * line was cut with a marker */
			if (depth > 0 && strstr(t, "\xe2\x80\xa6") == NULL)
				inside = true;
			if (strstr(t, "(|F|") != NULL && strstr(t, "(|F|!)") == NULL)
				inside = true;
		}
		ok(!inside && !wide, "display %zu at 40 columns breaks only "
		    "outside brackets", k + 1);
		rdoc_free(&d);
	}
}

/* Markdown would tear these formulas apart before the renderer saw them. */
static void
test_math_mended(void)
{
	check_flat("Cost $a + \\text{if $x > 0$} b$ ok.", 80, false,
	    "Cost a + if x > 0b ok.", "a $ inside \\text{} stays in the formula");
	check_flat("$$\na = b\n\n+ c\n- d\n$$", 40, false,
	    "             a = b + c - d",
	    "a display split by a blank line and by sign lines is one formula");
	check_flat("Costs $$ a lot.\n\nSecond.", 40, false,
	    "Costs $$ a lot.||Second.", "a $$ that nothing closes joins nothing");
	check_flat("- a\n\n- b", 40, false, "• a||• b",
	    "lists outside formulas are left alone");
}

static void
test_math_wrap(void)
{
	/* after an operator, like TeX, never inside a token */
	check_flat("See $f(x) = \\operatorname{softmax}(x) + \\sum_i \\alpha_i "
	    "\\cdot \\beta_i$", 24, false,
	    "See f(x) = softmax(x) +|∑ᵢ αᵢ · βᵢ",
	    "inline math breaks after an operator");
	check_flat("See $f(x) = \\operatorname{softmax}(x) + \\sum_i \\alpha_i "
	    "\\cdot \\beta_i$", 20, false,
	    "See f(x) =|softmax(x) + ∑ᵢ αᵢ ·|βᵢ",
	    "and after a relation");
	check_flat("so $a \\quad b \\quad c \\quad d \\quad e$", 10, false,
	    "so|a  b  c  d|e",
	    "a formula with no operator breaks at a space before a cut");
	check_flat("aaaa bbbb cc $p > n$ and", 16, false,
	    "aaaa bbbb cc|p > n and", "a short formula moves down whole");
	check_flat("$-a = -b$ $-c = -d$", 10, false,
	    "-a = -b|-c = -d", "a sign stays with what it signs");
	check_flat("xxxxxxxxxx yyyyyyyyy $\\mathrm{abcdefghijklmnopqrstu}$", 10,
	    false, "xxxxxxxxxx|yyyyyyyyy|abcdefghi…",
	    "a formula with nowhere to break is cut with a marker");
	check_flat("$\\phi = \\sum_{S} \\frac{|S|! \\, (|F| - 1)!}{|F|!} "
	    "\\left[ f(S) - f(T) \\right]$", 24, false,
	    "ϕ =|∑_S|(|S|! (|F| - 1)!)/(|F|!)|[f(S) - f(T)]",
	    "a linear formula breaks at spaces outside brackets only");
	check_flat("See $a + (b \\quad c \\quad d \\quad e \\quad f)$", 12,
	    false, "See a +|(b  c  d  e…",
	    "and not at all inside them: cut with a marker");
	check_flat("$$x = a + b + c + d + e + f + g$$", 12, false,
	    "x = a + b|    + c + d|    + e + f|    + g",
	    "a display too wide is broken at its operators, not cut");
	check_flat("$$x = a + b + c + d + e + f + g$$", 12, true,
	    "x = a + b|    + c + d|    + e + f|    + g",
	    "in ASCII too");
	check_flat("$\\mathrm{abcdefghij}\\quad x$", 10, false,
	    "abcdefghij|x", "no line starts with a space");
}

static void
test_cjk_wrap(void)
{
	check_flat("一二三四五六七八九English", 20, false,
	    "一二三四五六七八九|English", "a Latin word after ideographs is not cut");
	check_flat("English一二三四五六七八九", 20, false,
	    "English一二三四五六|七八九", "ideographs after a Latin word");
	check_flat("一二三四五六七八九。一二", 18, false,
	    "一二三四五六七八|九。一二", "no line starts with a full stop");
	check_flat("一二三四五六七八，一二", 16, false,
	    "一二三四五六七|八，一二", "nor with a comma");
	check_flat("一二三四五六七八「一二」", 18, false,
	    "一二三四五六七八|「一二」", "an opening bracket goes with what it opens");
	check_flat("一二三四五六七「一二」", 16, false,
	    "一二三四五六七|「一二」", "and never ends a line");
	check_flat("한국어 텍스트도 넓은 글자입니다", 16, false,
	    "한국어 텍스트도|넓은 글자입니다", "Hangul wraps at its spaces");
}

static void
test_ansi(void)
{
	struct rdoc d;
	char *out;

	render("a **b** [c](u)  ", 40, false, &d);
	out = printed(&d, true);
	is_str(out, "a \x1b[1mb\x1b[0m \x1b[4mc\x1b[0m\n",
	    "SGR for bold and link, reset after each, no trailing space");
	free(out);
	out = printed(&d, false);
	is_str(out, "a b c\n", "plain print has no escapes");
	free(out);
	rdoc_free(&d);
}

/* text_ascii_run, eight bytes at a time: every byte value at every place of
 * a word, the first, the last, and past the first word. */
static void
test_ascii_run(void)
{
	char b[24];
	int bad = 0;

	for (int v = 0; v < 256; v++)
		for (size_t at = 0; at < sizeof b; at++) {
			bool printable = v >= 0x20 && v < 0x7F;

			memset(b, 'a', sizeof b);
			b[at] = (char)v;
			for (size_t n = 0; n <= sizeof b; n++) {
				size_t want = printable || at >= n ? n : at;

				if (text_ascii_run(b, n) != want)
					bad++;
			}
		}
	ok(bad == 0, "text_ascii_run stops at the first byte outside 0x20-0x7e "
	    "(%d wrong)", bad);
}

int
main(void)
{
	test_ascii_run();
	test_fixtures();
	test_spans();
	test_links();
	test_sanitize();
	test_ascii();
	test_code();
	test_wrap();
	test_math();
	test_math_wrap();
	test_narrow_displays();
	test_math_mended();
	test_cjk_wrap();
	test_ansi();
	return done_testing();
}
