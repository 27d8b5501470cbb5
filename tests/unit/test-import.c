/* test-import.c - the four readers, their traps, and the one-transaction store. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "corpus.h"
#include "gram.h"
#include "import.h"
#include "tap.h"
#include "util.h"

static int
parse(const char *text, enum import_format f, struct entries *es, char *err)
{
	memset(es, 0, sizeof *es);
	err[0] = '\0';
	return import_parse("t.txt", text, strlen(text), f, es, err, 512);
}

static void
test_lore(void)
{
	struct entries es;
	char err[512];

	ok(parse("# comment\n\n@term Softmax\n@aliases softargmax; normalized "
	    "exponential\n@category fundamentals\n@related Logit; Temperature\n"
	    "\nThe **softmax** maps scores.\n\n@@ a literal at\n@term Logit\n"
	    "@category statistics\n\nLog-odds.\n", IMPORT_LORE, &es, err) == 0,
	    "lore format parses (%s)", err);
	is_int(es.n, 2, "two entries");
	is_str(es.v[0].headword, "Softmax", "headword");
	is_int(es.v[0].naliases, 2, "two aliases");
	is_str(es.v[0].aliases[1], "normalized exponential", "alias split on ;");
	is_str(es.v[0].category, "fundamentals", "category");
	is_int(es.v[0].nrelated, 2, "two related");
	is_str(es.v[0].body, "The **softmax** maps scores.\n\n@ a literal at",
	    "body, with @@ unescaped");
	is_int(es.v[1].line, 11, "line of the second entry");
	entries_free(&es);

	ok(parse("@term X\n@colour red\n\nbody\n", IMPORT_LORE, &es, err) != 0 &&
	    strstr(err, "t.txt:2: unknown field") != NULL,
	    "unknown field is an error at its line (%s)", err);
	ok(parse("hello\n@term X\n\nbody\n", IMPORT_LORE, &es, err) != 0 &&
	    strstr(err, "t.txt:1:") != NULL, "text before @term is an error");
	ok(parse("@term X\n\nbody\n@oops\n", IMPORT_LORE, &es, err) != 0 &&
	    strstr(err, "t.txt:4:") != NULL, "a body line starting with @");
	ok(parse("@term X\n@category a\n@term Y\n\nb\n", IMPORT_LORE, &es,
	    err) != 0 && strstr(err, "no body") != NULL, "an entry with no body");
	ok(parse("@term X\n@category a\n@category b\n\nb\n", IMPORT_LORE, &es,
	    err) != 0, "two categories");
}

/* Every trap the seed README names, in one file. */
static const char trap_a[] =
    "sparse moe gating,expert routing,top-k routing,model optimization\n"
    "**Sparse gating** sends tokens to experts.\n"
    "```python\n"
    "for i in range(num_experts):\n"
    "tokens, experts, scores = route(x)\n"
    "```\n"
    "$$\n"
    "G(x) = softmax(topk(x, k)), k = 2\n"
    "$$\n"
    "- item one, item two\n"
    "| a, b | c |\n"
    "However, this works well in practice\n"
    "lvi, lvi, failure analysis\n"
    "**LVI** finds faults.\n"
    "Speculative,Decoding,Draft\n"
    "**Speculative decoding** drafts tokens.\n"
    "mish,neural architecture\n"
    "**Mish** is smooth.\n"
    "metainit, model optimization\n"
    "**MetaInit** tunes init.\n";

static void
test_format_a(void)
{
	struct entries es;
	char err[512];

	ok(parse(trap_a, IMPORT_A, &es, err) == 0, "format A parses (%s)", err);
	is_int(es.n, 5, "five entries: code, formula, list, table and prose "
	    "lines are not headers");
	if (es.n < 5)
		return;
	is_str(es.v[0].headword, "sparse moe gating", "headword A");
	is_int(es.v[0].naliases, 2, "aliases before the category");
	is_str(es.v[0].category, "model optimization",
	    "last name is a category the file uses in a two-name header");
	ok(strstr(es.v[0].body, "for i in range") != NULL,
	    "the code line stays in the body");
	ok(strstr(es.v[0].body, "However, this works") != NULL,
	    "a capitalised prose line with commas stays in the body");
	is_str(es.v[1].headword, "lvi", "repeated name");
	is_int(es.v[1].naliases, 0, "repeated name is not an alias");
	is_str(es.v[1].category, "failure analysis", "two names: name, category");
	is_str(es.v[2].headword, "Speculative",
	    "a capitalised header with no spaces, followed by bold");
	is_int(es.v[2].naliases, 2, "its other names are aliases");
	is_str(es.v[3].headword, "mish", "no space after the comma");
	entries_free(&es);

	ok(parse("just prose, nothing else\nmore\n", IMPORT_A, &es, err) != 0 ||
	    es.n == 1, "a file with one header-like line");
	entries_free(&es);
	ok(parse("No header here.\n", IMPORT_A, &es, err) != 0 &&
	    strstr(err, "t.txt:1:") != NULL, "no header at all is an error");
	/* A lost closing $$ must not swallow the entries after it. */
	ok(parse("a, cat\n**A** x.\n$$\nx = 1\nb, cat\n**B** y.\n", IMPORT_A,
	    &es, err) == 0 && es.n == 2, "an unclosed $$ does not hide the "
	    "next header");
	entries_free(&es);
}

static void
test_format_b(void)
{
	struct entries es;
	char err[512];
	static const char page[] =
	    "< Back\n\nSome Glossary\n\n1,544 technical terms\n\nA B C D\n"
	    "Showing page 2 of 3\n\n"
	    "flash attention, io-aware attention\n\n"
	    "**FlashAttention** computes exact attention in tiles so the full "
	    "matrix never reaches HBM, which makes long sequences cheaper.\n\n"
	    "ring attention, sequence parallel\n\n"
	    "**Ring attention** passes key and value blocks around a ring of "
	    "devices so each holds one slice of a very long sequence.\n\n";

	is_int(import_detect(NULL, page, sizeof page - 1), IMPORT_B, "detected as B");
	ok(parse(page, IMPORT_B, &es, err) == 0, "format B parses (%s)", err);
	is_int(es.n, 2, "two entries, the page preamble is not one");
	is_int(es.skipped, 5, "preamble lines are counted as skipped");
	if (es.n == 2) {
		is_str(es.v[0].headword, "flash attention", "B headword");
		is_str(es.v[0].aliases[0], "io-aware attention", "B alias");
		is_int(es.v[1].line, 14, "B line number");
	}
	entries_free(&es);

	ok(parse("x, y\n\n**X** is a thing. **Kinds** | Kind | Cost | "
	    "|------|:----:| | a | O(n) | | b | O(1) | Done. **Note** Tables "
	    "come back.\n", IMPORT_B, &es, err) == 0 && es.n == 1,
	    "a flattened body parses");
	if (es.n == 1)
		is_str(es.v[0].body, "**X** is a thing.\n\n**Kinds**\n\n"
		    "| Kind | Cost |\n|------|:----:|\n| a | O(n) |\n| b | O(1) |"
		    "\n\nDone.\n\n**Note**\n\nTables come back.",
		    "table rows and titles after a sentence get their lines back");
	entries_free(&es);

	/* The closing "**" of a bold span that ends in ")" or ":" is not
	 * the opening of a title (it was split off: "**A (B)\n\n** is"). */
	ok(parse("x, y\n\n**Dynamic Sparse Training (DST)** is **a method**. "
	    "Then the loss **Dynamic Sparsification:** - **Phase**: high.\n",
	    IMPORT_B, &es, err) == 0 && es.n == 1, "bold spans parse");
	if (es.n == 1)
		is_str(es.v[0].body, "**Dynamic Sparse Training (DST)** is "
		    "**a method**. Then the loss\n\n**Dynamic Sparsification:**\n- "
		    "**Phase**: high.", "a bold span's closing stars stay on it, "
		    "and a bold title ending in ':' before a list is its own "
		    "paragraph");
	entries_free(&es);

	/* The page flattens "- **Label**: text" items onto the line. */
	ok(parse("x, y\n\n**X** is a thing. **Kinds** - **A**: first one. - "
	    "**B (b)**: second - **C**: x - y ** 2.\n", IMPORT_B, &es, err) == 0
	    && es.n == 1, "flattened list items parse");
	if (es.n == 1)
		is_str(es.v[0].body, "**X** is a thing.\n\n**Kinds**\n"
		    "- **A**: first one.\n- **B (b)**: second\n- **C**: x - y ** 2.",
		    "each ' - **Label**' starts a list item again");
	entries_free(&es);

	ok(parse("y, z\n\n**Y** is a thing. **Kinds**: ``` Kind | Cost | Where "
	    "-----|------|------ Hash map | O(1) | Memory Sorted list | O(log n) "
	    "| Disk 2-3 tree | O(log n) | Disk ``` Done.\n", IMPORT_B, &es, err)
	    == 0 && es.n == 1, "a flattened code block of a text table parses");
	if (es.n == 1)
		is_str(es.v[0].body, "**Y** is a thing.\n\n**Kinds**:\n\n"
		    "| Kind | Cost | Where |\n|---|---|---|\n"
		    "| Hash map | O(1) | Memory |\n| Sorted list | O(log n) | Disk |\n"
		    "| 2-3 tree | O(log n) | Disk |\n\nDone.",
		    "its rows come back, each starting at the last capitalised "
		    "word or number of the cell two rows share");
	entries_free(&es);
	ok(parse("y, z\n\n**Y** is a thing. ``` A | B ---|--- a || b ``` Done.\n",
	    IMPORT_B, &es, err) == 0 && es.n == 1,
	    "a flattened text table with an empty cell (read past it before)");
	entries_free(&es);
	ok(parse("y, z\n\n**Y** is a thing that has a long body here and "
	    "more. ``` a = b | c ``` Done and more text to make it long.\n",
	    IMPORT_B, &es, err) == 0 && es.n == 1 &&
	    strstr(es.v[0].body, "``` a = b | c ```") != NULL,
	    "a code block with a pipe but no separator stays as it was");
	entries_free(&es);
}

static void
test_format_c(void)
{
	struct entries es;
	char err[512];
	static const char dump[] =
	    "Transfer learning\n\nTransfer learning\n\n"
	    "Transfer learning (TL) reuses a model. == Definition == A domain D "
	    "{\\displaystyle {\\mathcal {D}}} has a feature space X {\\displaystyle "
	    "{\\mathcal {X}}} and more text to make this line long enough to be a "
	    "body. For each layer l {\\displaystyle l} . The bias b "
	    "{\\displaystyle b} , where n {\\displaystyle n} is a count, x "
	    "{\\displaystyle x} .5 stays. The rest of the text here is a "
	    "body of an encyclopedia article in the dump format we read here.\n\n"
	    "Euratlas\n\nEuratlas is a company that makes historical maps and "
	    "this sentence is padded so the line is long like a real article body "
	    "is in the dump, well over three hundred bytes in all, which is what "
	    "the detector looks for when it decides between the formats.\n";

	is_int(import_detect(NULL, dump, sizeof dump - 1), IMPORT_C, "detected as C");
	ok(parse(dump, IMPORT_C, &es, err) == 0, "format C parses (%s)", err);
	is_int(es.n, 2, "the doubled first title makes one entry");
	if (es.n == 2) {
		is_str(es.v[0].headword, "Transfer learning", "C headword");
		ok(strstr(es.v[0].body, "A domain $\\mathcal {D}$ has") != NULL,
		    "alt-text dropped, LaTeX kept (%.80s)",
		    strstr(es.v[0].body, "A domain"));
		ok(strstr(es.v[0].body, "layer $l$. The bias $b$, where $n$ "
		    "is a count, $x$ .5 stays") != NULL, "the space the dump "
		    "puts between a formula and its punctuation is dropped "
		    "(%.80s)", strstr(es.v[0].body, "layer"));
		ok(strstr(es.v[0].body, "\n\n**Definition**\n\n") != NULL,
		    "== Section == becomes a bold heading");
		is_int(es.v[0].naliases, 1, "(TL) after the title is an alias");
		if (es.v[0].naliases == 1)
			is_str(es.v[0].aliases[0], "TL", "alias TL");
	}
	entries_free(&es);
	is_int(import_detect(NULL, "@term X\n\nbody\n", 15), IMPORT_LORE,
	    "detected as lore");
	is_int(import_detect(NULL, "a, b\n**A** x\n", 12), IMPORT_A, "detected as A");
}

static char tmpdir[64];

static char *
write_tmp(const char *name, const char *data, size_t len)
{
	struct buf p = { 0 };
	FILE *fp;

	buf_printf(&p, "%s/%s", tmpdir, name);
	fp = fopen(p.s, "wb");
	fwrite(data, 1, len == (size_t)-1 ? strlen(data) : len, fp);
	fclose(fp);
	return buf_take(&p);
}

static long
count(struct corpus *c, const char *sql)
{
	sqlite3_stmt *st;
	long n = -1;

	if (sqlite3_prepare_v2(corpus_db(c), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int nwarn;
static char lastwarn[512];

static void
warn(void *arg, const char *path, long line, const char *msg)
{
	(void)arg;
	nwarn++;
	snprintf(lastwarn, sizeof lastwarn, "%s:%ld: %s", strrchr(path, '/') ?
	    strrchr(path, '/') + 1 : path, line, msg);
}

static void
test_store(void)
{
	struct import_opts o = { .format = IMPORT_AUTO, .warn = warn };
	struct import_report rep;
	struct corpus *c;
	char err[512] = "", *db, *good, *dup, *bad, *nul, *esc;

	snprintf(tmpdir, sizeof tmpdir, "/tmp/lore-test-XXXXXX");
	if (mkdtemp(tmpdir) == NULL) {
		ok(0, "mkdtemp");
		return;
	}
	db = write_tmp("g.db", "", 0);
	unlink(db);
	ok(corpus_open_rw(&c, db, err, sizeof err) == CORPUS_OK, "create db");
	good = write_tmp("good.lore", "@term Alpha\n@aliases A1\n@category x\n"
	    "\nFirst.\n\n@term Beta\n@category x\n@related Alpha\n\nSecond.\n", (size_t)-1);
	ok(import_file(c, good, &o, &rep, err, sizeof err) == 0,
	    "import a good file (%s)", err);
	is_int(rep.added, 2, "two terms added");
	is_int(count(c, "SELECT count(*) FROM term"), 2, "two rows");
	{
		char *const lits[1] = { "IRST" };
		unsigned char *bits = NULL;
		int64_t nb = 0;

		ok(gram_blocks(corpus_db(c), "main", lits, 1, &bits, &nb) == 1 &&
		    nb > 0 && (bits[0] & 1), "the trigram index lists a "
		    "substring of a body");
		free(bits);
	}
	is_int(count(c, "PRAGMA temp_store"), 0, "journals in memory only "
	    "during the import (lore build's VACUUM follows)");

	ok(import_file(c, good, &o, &rep, err, sizeof err) == 0 &&
	    rep.replaced == 2 && rep.added == 2, "importing again replaces");
	is_int(count(c, "SELECT count(*) FROM term"), 2, "still two rows");

	dup = write_tmp("dup.lore", "@term ALPHA\n@category x\n\nAgain.\n", (size_t)-1);
	nwarn = 0;
	ok(import_file(c, dup, &o, &rep, err, sizeof err) == 0 &&
	    rep.merged == 1, "a duplicate headword is merged");
	ok(nwarn == 1 && strstr(lastwarn, "dup.lore:1: duplicate headword") !=
	    NULL, "and reported with file and line (%s)", lastwarn);
	is_int(count(c, "SELECT count(*) FROM term WHERE body LIKE "
	    "'**1.** First.%**2.** Again.%'"), 1, "both senses kept in one body, numbered");

	bad = write_tmp("bad.lore", "@term Gamma\n@category x\n\nOk.\n@term\n", (size_t)-1);
	ok(import_file(c, bad, &o, &rep, err, sizeof err) != 0 &&
	    strstr(err, "bad.lore:5:") != NULL, "malformed file fails at its "
	    "line (%s)", err);
	is_int(count(c, "SELECT count(*) FROM term"), 2,
	    "nothing of the malformed file was stored");

	nul = write_tmp("nul.lore", "@term Delta\n@category x\n\nA\0B\n", 30);
	ok(import_file(c, nul, &o, &rep, err, sizeof err) != 0 &&
	    strstr(err, "nul.lore:4: NUL") != NULL, "NUL byte (%s)", err);
	free(nul);
	nul = write_tmp("latin1.lore", "@term Caf\xe9\n@category x\n\nA\n",
	    (size_t)-1);
	ok(import_file(c, nul, &o, &rep, err, sizeof err) != 0 &&
	    strstr(err, "latin1.lore:1: invalid UTF-8") != NULL,
	    "invalid UTF-8 (%s)", err);
	is_int(count(c, "SELECT count(*) FROM term"), 2, "database unchanged");

	esc = write_tmp("esc.lore", "@term Evil\x1b[2J\n@category x\n\nText "
	    "\x1b]0;title\x07 here \xe2\x80\xae.\n", (size_t)-1);
	nwarn = 0;
	ok(import_file(c, esc, &o, &rep, err, sizeof err) == 0, "escapes (%s)",
	    err);
	ok(nwarn == 1, "removing control characters is reported");
	is_int(count(c, "SELECT count(*) FROM term WHERE headword GLOB '*'||"
	    "char(27)||'*' OR body GLOB '*'||char(27)||'*' OR body GLOB '*'||"
	    "char(7)||'*' OR body GLOB '*'||char(8238)||'*'"), 0,
	    "no ESC, BEL or bidi override stored");

	{
		volatile sig_atomic_t stop = 1;
		struct import_opts oc = o;

		oc.cancel = &stop;
		ok(import_file(c, good, &oc, &rep, err, sizeof err) != 0 &&
		    strstr(err, "interrupted") != NULL, "an interrupted import "
		    "fails (%s)", err);
		is_int(count(c, "SELECT count(*) FROM term"), 3,
		    "and rolls back");
	}
	corpus_close(c);
	free(db), free(good), free(dup), free(bad), free(nul), free(esc);
	{
		char cmd[128];

		snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
		if (system(cmd) != 0)
			tap_diag("could not remove %s", tmpdir);
	}
}

/* The related links of one term, in order, joined by '|'. */
static char *
related_of(struct corpus *c, const char *headword)
{
	sqlite3_stmt *st;
	char *s = NULL;

	if (sqlite3_prepare_v2(corpus_db(c), "SELECT group_concat(name, '|')"
	    " FROM (SELECT r.name FROM related r JOIN term t ON t.id ="
	    " r.term_id WHERE t.headword = ? ORDER BY r.pos)", -1, &st,
	    NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, headword, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			s = xstrdup(sqlite3_column_text(st, 0) != NULL ?
			    (const char *)sqlite3_column_text(st, 0) : "");
	}
	sqlite3_finalize(st);
	return s != NULL ? s : xstrdup("(error)");
}

/* Formats without a related field link the names their bodies mention:
 * compared folded, the longest phrase first, never the term itself,
 * each once, in order, at most eight, names of four folded characters
 * or more. */
static void
test_mentions(void)
{
	static const struct {
		const char *term, *want;
	} cases[] = {
		/* Its own name does not hide the shorter "Descent" in
		 * it (it never did; a candidate for a fix). */
		{ "Gradient descent", "Descent|Loss function|Softmax" },
		{ "Loss function", "Gradient descent|Adam" },
		{ "Softmax", "Gradient descent" },
		{ "Adam", "Loss function" },
		{ "Hub", "Kappa|Sigma|Delta|Theta|Omega|Lambda|Alpha|Gamma" },
		/* '#' between words stays in the fold ("c#compiler"). */
		{ "Builder", "C# compiler" },
	};
	struct import_opts o = { .format = IMPORT_A };
	struct import_report rep;
	struct corpus *c;
	char err[512] = "", *db, *src;
	size_t i;

	snprintf(tmpdir, sizeof tmpdir, "/tmp/lore-test-XXXXXX");
	if (mkdtemp(tmpdir) == NULL) {
		ok(0, "mkdtemp");
		return;
	}
	db = write_tmp("m.db", "", 0);
	unlink(db);
	src = write_tmp("m.txt",
	    "Gradient descent, gd, training\n"
	    "**Gradient descent** steps down the Gradient-Descent slope of"
	    " the loss function (the Loss  Function again) with softmax.\n"
	    "Loss function, objective, training\n"
	    "**Loss function** is what gradient descent minimizes; an ai"
	    " model, Adam.\n"
	    "Softmax, normalized exponential, training\n"
	    "**Softmax** is the normalized exponential; fit by gradient"
	    " descent, gd.\n"
	    "Descent, training\n**Descent** going down.\n"
	    "Adam, adaptive moments, training\n"
	    "**Adam** is a loss function's friend with moments.\n"
	    "Hub, training\n**Hub** kappa, sigma, delta, theta, omega,"
	    " lambda, alpha, gamma, zeta.\n"
	    "Kappa, training\n**Kappa** k.\nSigma, training\n**Sigma** s.\n"
	    "Delta, training\n**Delta** d.\nTheta, training\n**Theta** t.\n"
	    "Omega, training\n**Omega** o.\nLambda, training\n**Lambda** l.\n"
	    "Alpha, training\n**Alpha** a.\nGamma, training\n**Gamma** g.\n"
	    "Zeta, training\n**Zeta** z.\n"
	    "C# compiler, training\n**C# compiler** compiles.\n"
	    "Builder, training\n**Builder** calls the C# compiler.\n",
	    (size_t)-1);
	memset(&rep, 0, sizeof rep);
	ok(corpus_open_rw(&c, db, err, sizeof err) == CORPUS_OK &&
	    import_file(c, src, &o, &rep, err, sizeof err) == 0, "import (%s)",
	    err);
	is_int(rep.added, 17, "17 terms");
	for (i = 0; i < nitems(cases); i++) {
		char *got = related_of(c, cases[i].term);

		is_str(got, cases[i].want, "mentions in %s", cases[i].term);
		free(got);
	}
	corpus_close(c);
	free(db), free(src);

	/* Enough entries for two threads (link.c's MENTION_SPLIT), each
	 * mentioning the next: the first, the last and the two at the cut
	 * are checked. */
	{
		struct buf text = { 0 };
		int n = 2100, bad = 0;

		for (int k = 0; k < n; k++)
			buf_printf(&text, "Entry %04d, training\n**Entry %04d**"
			    " comes before entry %04d.\n", k, k, (k + 1) % n);
		db = write_tmp("many.db", "", 0);
		unlink(db);
		src = write_tmp("many.txt", text.s, text.len);
		buf_free(&text);
		ok(corpus_open_rw(&c, db, err, sizeof err) == CORPUS_OK &&
		    import_file(c, src, &o, &rep, err, sizeof err) == 0,
		    "import %d entries (%s)", n, err);
		for (int k = 0; k < n; k++) {
			char hw[32], want[32], *got;

			snprintf(hw, sizeof hw, "Entry %04d", k);
			snprintf(want, sizeof want, "Entry %04d", (k + 1) % n);
			got = related_of(c, hw);
			if (strcmp(got, want) != 0 && bad++ < 3)
				tap_diag("%s: %s, want %s", hw, got, want);
			free(got);
		}
		ok(bad == 0, "each of %d entries mentions the next", n);
		corpus_close(c);
		free(db), free(src);
	}
	{
		char cmd[128];

		snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
		if (system(cmd) != 0)
			tap_diag("could not remove %s", tmpdir);
	}
}

/* The real files: exact counts, skipped when ../shared is not there. */
static void
test_seeds(void)
{
	static const struct {
		const char		*file;
		enum import_format	 f;
		size_t			 n;
	} seeds[] = {
		{ "000_1517756f71abf4b5.txt", IMPORT_A, 50 },
		{ "001_7eb61901ec7fbee1.txt", IMPORT_B, 50 },
		{ "002_8eb0e928e647a5c0.txt", IMPORT_A, 50 },
		{ "004_19ffa5c21398b238.txt", IMPORT_C, 7 },
	};
	const char *dir = getenv("SEEDS");
	size_t i;

	for (i = 0; i < nitems(seeds); i++) {
		struct buf p = { 0 }, text = { 0 };
		struct entries es = { 0 };
		char err[512], chunk[65536];
		FILE *fp;
		size_t r;

		buf_printf(&p, "%s/%s", dir != NULL ? dir : "../shared/seeds",
		    seeds[i].file);
		if ((fp = fopen(p.s, "rb")) == NULL) {
			printf("ok %d - # SKIP %s not present\n", ++tap_n,
			    seeds[i].file);
			printf("ok %d - # SKIP %s not present\n", ++tap_n,
			    seeds[i].file);
			buf_free(&p);
			continue;
		}
		while ((r = fread(chunk, 1, sizeof chunk, fp)) > 0)
			buf_add(&text, chunk, r);
		fclose(fp);
		is_int(import_detect(NULL, text.s, text.len), seeds[i].f,
		    "%s detected as %s", seeds[i].file,
		    import_format_name(seeds[i].f));
		import_parse(p.s, text.s, text.len, seeds[i].f, &es, err,
		    sizeof err);
		is_int(es.n, seeds[i].n, "%s has %zu entries", seeds[i].file,
		    seeds[i].n);
		entries_free(&es);
		buf_free(&p);
		buf_free(&text);
	}
}

int
main(void)
{
	test_lore();
	test_format_a();
	test_format_b();
	test_format_c();
	test_store();
	test_mentions();
	test_seeds();
	return done_testing();
}
