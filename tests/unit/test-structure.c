/* test-structure.c - bodies written one block per line get their blocks
 * back (structure.c), and what the seeds look like rendered.
 *
 * The fixtures are written here in the seeds' shape; the seeds themselves
 * are read at run time (skipped when ../shared is absent) and only their
 * structure is asserted, never their prose. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "render.h"
#include "structure.h"
#include "tap.h"
#include "text.h"
#include "util.h"

static int
contains(const char *s, const char *sub)
{
	return strstr(s, sub) != NULL;
}

static void
test_recover(void)
{
	char *md;

	md = structure_recover("**Lamp** is a light.\n"
	    "**What It Does**\n"
	    "- **Glow**: it glows\n"
	    "- **Warmth**: it is warm\n"
	    "**Kinds**\n"
	    "| Kind | Use |\n"
	    "|------|-----|\n"
	    "| Desk | work |\n"
	    "A closing line.");
	is_str(md, "**Lamp** is a light.\n\n### What It Does\n\n"
	    "- **Glow**: it glows\n- **Warmth**: it is warm\n\n### Kinds\n\n"
	    "| Kind | Use |\n|------|-----|\n| Desk | work |\n\n"
	    "A closing line.", "headings, a list and a table get their blocks");
	free(md);

	md = structure_recover("Intro line.\n- **Form:**\n$$\nx = 1\n$$\n"
	    "- next\n```\ncode\n```\n- last item that runs\non here.\nAfter.");
	is_str(md, "Intro line.\n\n- **Form:**\n  $$\n  x = 1\n  $$\n- next\n"
	    "  ```\n  code\n  ```\n- last item that runs\n  on here.\n\nAfter.",
	    "a $$ block, a fence and a lowercase line after an item stay in it");
	free(md);

	md = structure_recover("Cut short:\n$$\nx = \\sum_{i");
	is_str(md, "Cut short:\n\n$$\nx = \\sum_{i\n$$",
	    "a $$ block the body's end cut short is closed");
	free(md);

	md = structure_recover("Rows:\n| a | b |\n| c | d |");
	is_str(md, "Rows:\n\n| a | b |\n|---|---|\n| c | d |",
	    "a table without a separator row is given one");
	free(md);

	md = structure_recover("one line that wraps\nonto the next.\n"
	    "Second paragraph.");
	is_str(md, "one line that wraps\nonto the next.\n\nSecond paragraph.",
	    "a line that ends mid-sentence goes on; a new sentence is a "
	    "paragraph");
	free(md);

	/* Counter-examples: left exactly as they were. */
	md = structure_recover("Markdown already.\n\n**Bold**\n- a\n");
	is_str(md, "Markdown already.\n\n**Bold**\n- a\n",
	    "a body with a blank line is Markdown already");
	free(md);
	md = structure_recover("**Only one line**");
	is_str(md, "**Only one line**", "one line is left alone");
	free(md);
	md = structure_recover("Code:\n```\n\nx\n```\n**H**");
	is_str(md, "Code:\n\n```\n\nx\n```\n\n### H",
	    "a blank line inside a fence is not Markdown evidence");
	free(md);
	md = structure_recover("- **bold item only**\n- **another**");
	is_str(md, "- **bold item only**\n- **another**",
	    "a bold-only list item stays an item");
	free(md);
	md = structure_recover("**Step 2 — Setup**:\nText.");
	is_str(md, "**Step 2 — Setup**:\n\nText.",
	    "bold followed by a colon is a paragraph, not a heading");
	free(md);
	ok(!structure_line_blocks("a\n\nb") && structure_line_blocks("a\nb") &&
	    !structure_line_blocks("a"), "structure_line_blocks");
}


/* A file of the line-per-entry kind, written for this test, rendered at
 * 80 and 40 columns against the expected screens beside it. */
static void
test_golden(void)
{
	static const int widths[] = { 80, 40 };
	const char *srcdir = getenv("srcdir");
	char path[4096], err[512] = "", *text;
	struct entries es = { 0 };
	size_t len, w, i;

	snprintf(path, sizeof path, "%s/tests/data/structure/kettle.txt",
	    srcdir != NULL ? srcdir : ".");
	if (!ok((text = tap_slurp(path, &len)) != NULL, "%s is readable", path))
		return;
	ok(import_parse(path, text, len, IMPORT_A, &es, err, sizeof err) == 0 &&
	    es.n == 2, "the fixture parses (%s)", err);
	for (w = 0; w < nitems(widths); w++) {
		struct buf got = { 0 };
		char *want;
		size_t wantlen;

		for (i = 0; i < es.n; i++) {
			struct render_opts ro = { widths[w], false, true, NULL };
			struct rdoc d = { 0 };

			buf_printf(&got, "== %s\n", es.v[i].headword);
			render_markdown(es.v[i].body, strlen(es.v[i].body), &ro, &d);
			for (size_t j = 0; j < d.n; j++)
				buf_printf(&got, "%s\n", d.lines[j].text);
			rdoc_free(&d);
		}
		snprintf(path, sizeof path, "%s/tests/data/structure/kettle.w%d.txt",
		    srcdir != NULL ? srcdir : ".", widths[w]);
		want = tap_slurp(path, &wantlen);
		if (!ok(want != NULL && got.s != NULL && strcmp(got.s, want) == 0,
		    "kettle at %d columns: headings, a list, a table", widths[w]))
			tap_diag("got:\n%s", got.s != NULL ? got.s : "");
		free(want);
		buf_free(&got);
	}
	entries_free(&es);
	free(text);
}

/* ---- measuring rendered output ---- */

struct measure {
	size_t	raw_rows;	/* "| a | b |" left as text */
	size_t	glued;		/* headings not on a line of their own */
	size_t	headings;	/* heading blocks rendered */
	size_t	wide;		/* lines wider than the width */
	size_t	tables;		/* box-drawn tables */
	size_t	rawcmd;		/* \command left in math or text */
};

static unsigned
style_at(const struct rline *l, size_t off)
{
	size_t i;

	for (i = 0; i < l->nspans; i++)
		if (off >= l->spans[i].off && off < l->spans[i].off + l->spans[i].len)
			return l->spans[i].style;
	return 0;
}

static void
measure_doc(const struct rdoc *d, int width, struct measure *m)
{
	size_t i, j;

	for (i = 0; i < d->n; i++) {
		const struct rline *l = &d->lines[i];
		const char *t = l->text;
		size_t k = strspn(t, " "), first = (size_t)-1;

		if (text_width(t, l->len) > (size_t)width)
			m->wide++;
		if (strncmp(t + k, "\xe2\x94\x8c", 3) == 0)	/* ┌ */
			m->tables++;
		/* "| a | b |" (math like "|g_i|" has fewer pipes) */
		if ((t[k] == '|' && l->len > k + 1 && t[l->len - 1] == '|' &&
		    strchr(strchr(t + k + 1, '|') + 1, '|') != NULL) ||
		    contains(t, "|---") || contains(t, "---|"))
			m->raw_rows++;
		for (j = 0; j < l->len; j++)
			if (style_at(l, j) & RS_HEADING) {
				first = j;
				break;
			}
		if (first != (size_t)-1) {
			if (first > k)
				m->glued++;
			else if (i == 0 || d->lines[i - 1].len == 0 ||
			    !(style_at(&d->lines[i - 1], 0) & RS_HEADING))
				m->headings++;
		}
		for (j = 0; j + 1 < l->len; j++)
			if (t[j] == '\\' && isalpha((unsigned char)t[j + 1]) &&
			    !(style_at(l, j) & RS_CODE))
				m->rawcmd++;
	}
}

/* Groups of consecutive "|" lines outside code fences: each a table the
 * reader must give back. */
static size_t
count_tables(const char *s, size_t len)
{
	size_t i = 0, n = 0;
	int fence = 0, inrow = 0;

	while (i < len) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t e = nl != NULL ? (size_t)(nl - s) : len, ln = e - i;
		const char *l = s + i;

		if (ln >= 3 && strncmp(l, "```", 3) == 0)
			fence = !fence;
		if (!fence && ln > 0 && l[0] == '|') {
			n += !inrow;
			inrow = 1;
		} else
			inrow = 0;
		i = e + 1;
	}
	return n;
}

/* Bold-only lines of a line-per-entry file outside code fences: each is
 * a heading the reader must give back. */
static size_t
count_bold_lines(const char *s, size_t len)
{
	size_t i = 0, n = 0;
	int fence = 0;

	while (i < len) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t e = nl != NULL ? (size_t)(nl - s) : len, ln = e - i;
		const char *l = s + i;

		if (ln >= 3 && strncmp(l, "```", 3) == 0)
			fence = !fence;
		else if (!fence && ln > 4 && strncmp(l, "**", 2) == 0 &&
		    strncmp(l + ln - 2, "**", 2) == 0 && l[2] != ' ' &&
		    memmem(l + 2, ln - 4, "**", 2) == NULL)
			n++;
		i = e + 1;
	}
	return n;
}

static void
test_seeds(void)
{
	static const char *const files[] = {
		"000_1517756f71abf4b5.txt", "001_7eb61901ec7fbee1.txt",
		"002_8eb0e928e647a5c0.txt", "004_19ffa5c21398b238.txt",
	};
	static const int widths[] = { 80, 40 };
	const char *dir = getenv("SEEDS");
	struct measure all[2];
	size_t f, w, i, present = 0;

	memset(all, 0, sizeof all);
	for (f = 0; f < nitems(files); f++) {
		struct buf p = { 0 };
		struct entries es = { 0 };
		char err[512] = "", *text;
		size_t len, bold, tables;
		enum import_format fmt;

		buf_printf(&p, "%s/%s", dir != NULL ? dir : "../shared/seeds",
		    files[f]);
		if ((text = tap_slurp(p.s, &len)) == NULL) {
			buf_free(&p);
			continue;
		}
		present++;
		fmt = import_detect(p.s, text, len);
		if (import_parse(p.s, text, len, fmt, &es, err, sizeof err) != 0)
			ok(0, "%s parses (%s)", files[f], err);
		bold = fmt == IMPORT_A ? count_bold_lines(text, len) : 0;
		tables = fmt == IMPORT_A ? count_tables(text, len) : 0;
		for (w = 0; w < nitems(widths); w++) {
			struct measure m = { 0 };
			struct render_opts ro = { widths[w], false, true, NULL };

			for (i = 0; i < es.n; i++) {
				struct rdoc d = { 0 };

				render_markdown(es.v[i].body, strlen(es.v[i].body),
				    &ro, &d);
				measure_doc(&d, widths[w], &m);
				rdoc_free(&d);
			}
			tap_diag("%s at %d: %zu raw rows, %zu glued headings, "
			    "%zu headings (%zu bold lines), %zu tables, %zu wide "
			    "lines, %zu \\commands", files[f], widths[w],
			    m.raw_rows, m.glued, m.headings, bold, m.tables,
			    m.wide, m.rawcmd);
			if (fmt == IMPORT_A) {
				ok(m.headings >= bold, "%s at %d: every bold-only "
				    "line is a heading of its own (%zu of %zu)",
				    files[f], widths[w], m.headings, bold);
				is_int(m.tables, tables, "%s at %d: every table of "
				    "the file is drawn as one", files[f], widths[w]);
			}
			all[w].raw_rows += m.raw_rows;
			all[w].glued += m.glued;
			all[w].wide += m.wide;
			all[w].tables += m.tables;
			all[w].rawcmd += m.rawcmd;
		}
		entries_free(&es);
		free(text);
		buf_free(&p);
	}
	if (present == 0) {
		printf("ok %d - # SKIP the seeds are not present\n", ++tap_n);
		return;
	}
	for (w = 0; w < nitems(widths); w++) {
		is_int(all[w].raw_rows, 0, "seeds at %d: no raw table rows",
		    widths[w]);
		is_int(all[w].glued, 0, "seeds at %d: no heading glued to a "
		    "block before it", widths[w]);
		ok(all[w].tables > 0, "seeds at %d: %zu tables drawn with boxes",
		    widths[w], all[w].tables);
		is_int(all[w].wide, 0, "seeds at %d: no line wider than the width",
		    widths[w]);
		is_int(all[w].rawcmd, 0, "seeds at %d: no \\command left in the "
		    "output", widths[w]);
	}
}

int
main(void)
{
	test_recover();
	test_golden();
	test_seeds();
	return done_testing();
}
