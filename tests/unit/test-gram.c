/* test-gram.c - the block trigram index (gram.h): folding, the stored
 * format, merging of several stores, and the superset property. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "gram.h"
#include "tap.h"
#include "util.h"

static sqlite3 *
fresh(bool with_gram)
{
	sqlite3 *db;

	sqlite3_open(":memory:", &db);
	sqlite3_exec(db, "CREATE TABLE term(id INTEGER PRIMARY KEY);", NULL,
	    NULL, NULL);
	if (with_gram)
		sqlite3_exec(db, "CREATE TABLE gram(tri INTEGER PRIMARY KEY,"
		    " blocks BLOB NOT NULL);", NULL, NULL, NULL);
	return db;
}

static void
add_term(sqlite3 *db, struct gram *g, int64_t id, const char *text)
{
	char sql[96];

	snprintf(sql, sizeof sql, "INSERT OR IGNORE INTO term(id) VALUES"
	    " (%lld)", (long long)id);
	sqlite3_exec(db, sql, NULL, NULL, NULL);
	gram_add(g, id, text, strlen(text));
}

static int
store(struct gram *g, sqlite3 *db)
{
	char err[256] = "";
	int rc = gram_store(g, db, "main", err, sizeof err);

	if (rc != 0)
		tap_diag("gram_store: %s", err);
	return rc;
}

/* The blocks gram_blocks gives for one literal as "b1,b2,...", "scan"
 * for 0, "error" for -1. */
static char *
blocks_of(sqlite3 *db, const char *lit)
{
	char *const lits[1] = { (char *)lit };
	unsigned char *bits;
	int64_t n, b;
	struct buf out = { 0 };
	int rc = gram_blocks(db, "main", lits, 1, &bits, &n);

	if (rc <= 0)
		return xstrdup(rc == 0 ? "scan" : "error");
	for (b = 0; b < n; b++)
		if (bits[b >> 3] & (1u << (b & 7)))
			buf_printf(&out, "%s%lld", out.len > 0 ? "," : "",
			    (long long)b);
	free(bits);
	if (out.s == NULL)
		buf_adds(&out, "");
	return buf_take(&out);
}


/* The stored list of trigram t, decoded as gram.h writes it. */
static char *
stored(sqlite3 *db, const char *t)
{
	sqlite3_stmt *st;
	struct buf out = { 0 };
	uint32_t tri = (uint32_t)(unsigned char)t[0] << 16 |
	    (uint32_t)(unsigned char)t[1] << 8 | (unsigned char)t[2];

	sqlite3_prepare_v2(db, "SELECT blocks FROM gram WHERE tri = ?", -1, &st,
	    NULL);
	sqlite3_bind_int64(st, 1, tri);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *p = sqlite3_column_blob(st, 0);
		int n = sqlite3_column_bytes(st, 0), i;

		for (i = 0; i < n; i++)
			buf_printf(&out, "%s%02x", i > 0 ? " " : "", p[i]);
	} else
		buf_adds(&out, "none");
	sqlite3_finalize(st);
	if (out.s == NULL)
		buf_adds(&out, "");
	return buf_take(&out);
}

/* got (freed here) is want. */
static void
check_got(char *got, const char *want, const char *what)
{
	is_str(got, want, "%s", what);
	free(got);
}

#define check_blocks(db, lit, want, what) \
	check_got(blocks_of(db, lit), want, what)
#define check_stored(db, t, want, what) \
	check_got(stored(db, t), want, what)

static void
test_format(void)
{
	sqlite3 *db = fresh(true);
	struct gram *g = gram_new();

	/* Block 0 is a 1; 200 blocks on is 0xc8 0x01; block 2^21 needs
	 * three bytes. */
	add_term(db, g, 5, "abc");
	add_term(db, g, 63, "abc abc");
	add_term(db, g, 200 * 64 + 3, "xabc");
	add_term(db, g, ((int64_t)1 << 21) * 64 + 1, "ABC");
	is_int(store(g, db), 0, "store");
	check_stored(db, "abc", "01 c8 01 b8 fe 7f",
	    "delta LEB128 from -1, a block once however often its terms say it");
	check_blocks(db, "aBc", "0,200,2097152", "found at every block, "
	    "without regard to case");
	check_blocks(db, "xab", "200", "a rarer trigram narrows it");
	check_blocks(db, "abcd", "", "a literal no text holds: no block");
	check_blocks(db, "zzz", "", "a trigram no text has: no block");
	check_blocks(db, "ab", "scan", "a literal too short for a trigram: "
	    "scan everything");
	gram_free(g);
	sqlite3_close(db);
}

static void
test_fold(void)
{
	sqlite3 *db = fresh(true);
	struct gram *g = gram_new();

	add_term(db, g, 0, "Gau\xc5\xbf\xc5\xbf" "ian");	/* long s */
	add_term(db, g, 64, "273 \xe2\x84\xaa" "elvin");	/* Kelvin sign */
	add_term(db, g, 128, "Caf\xc3\xa9 CR\xc3\x88ME");
	is_int(store(g, db), 0, "store");
	check_blocks(db, "GAUSSIAN", "0", "U+017F folds to s");
	check_blocks(db, "gau\xc5\xbf" "sian", "0", "in the literal too");
	check_blocks(db, "kelvin", "1", "U+212A folds to k");
	check_blocks(db, "3 \xe2\x84\xaa" "E", "1", "in the literal too");
	check_blocks(db, "caf\xc3\xa9", "2", "other bytes are kept");
	check_blocks(db, "cr\xc3\x88me", "2", "ASCII folds around them");
	check_blocks(db, "cr\xc3\xa8me", "", "and a non-ASCII letter keeps "
	    "its case (PCRE2 confirms what the index lets through)");
	gram_free(g);
	sqlite3_close(db);
}

static void
test_merge(void)
{
	sqlite3 *db = fresh(true);
	struct gram *g = gram_new();

	add_term(db, g, 0 * 64, "merge me");
	add_term(db, g, 5 * 64, "merge me");
	is_int(store(g, db), 0, "first store");
	add_term(db, g, 3 * 64, "merge me");
	add_term(db, g, 7 * 64, "merge me");
	add_term(db, g, 9 * 64, "only later");
	is_int(store(g, db), 0, "second store merges");
	check_blocks(db, "merge", "0,3,5,7", "the union of both");
	check_stored(db, "mer", "01 03 02 02", "stored ascending, once");
	/* After a higher block, a lower one (a sense merged into an older
	 * term), and one already listed. */
	add_term(db, g, 10 * 64, "merge");
	add_term(db, g, 1 * 64, "merge");
	add_term(db, g, 5 * 64, "merge");
	add_term(db, g, 10 * 64 + 1, "merge");
	is_int(store(g, db), 0, "third store, blocks out of order");
	check_blocks(db, "merge", "0,1,3,5,7,10", "merged in order");
	check_blocks(db, "later", "9", "untouched lists stay");
	gram_free(g);
	sqlite3_close(db);
}

static void
test_no_index(void)
{
	sqlite3 *db = fresh(false);
	char *const lits[1] = { "abc" };
	unsigned char *bits = (unsigned char *)"x";
	int64_t n = 7;

	is_int(gram_blocks(db, "main", lits, 1, &bits, &n), 0,
	    "no gram table (an older file): scan everything");
	ok(bits == NULL && n == 0, "and no bitmap");
	sqlite3_close(db);
	db = fresh(true);
	is_int(gram_blocks(db, "main", lits, 1, &bits, &n), 1,
	    "no terms, no trigrams: an index");
	is_int(n, 0, "of no blocks");
	free(bits);
	sqlite3_exec(db, "INSERT INTO term(id) VALUES (1)", NULL, NULL, NULL);
	is_int(gram_blocks(db, "main", lits, 1, &bits, &n), 0,
	    "terms and an empty gram table (written by other means): scan");
	sqlite3_close(db);
	is_int(gram_blocks(db = fresh(true), "nosuch", lits, 1, &bits, &n), -1,
	    "a schema that is not there is an error");
	sqlite3_close(db);
}

/* ---- the superset property ---- */

static uint32_t rng = 12345;

static uint32_t
rnd(uint32_t n)
{
	rng = rng * 1103515245u + 12345u;
	return (rng >> 8) % n;
}

static const char *const pieces[] = {
	"a", "b", "c", "A", "B", "C", "\n", " ", "\xc5\xbf", "\xe2\x84\xaa",
	"s", "k", "S", "K", "\xc3\xa9", "ab", "ca",
};

static char *
random_text(size_t max)
{
	struct buf b = { 0 };
	size_t n = rnd((uint32_t)max) + 1;

	while (n-- > 0)
		buf_adds(&b, pieces[rnd(nitems(pieces))]);
	return buf_take(&b);
}

/* The reference folding: what gram.h says, done another way. */
static char *
ref_fold(const char *s)
{
	struct buf b = { 0 };

	while (*s != '\0') {
		if (strncmp(s, "\xc5\xbf", 2) == 0)
			buf_addc(&b, 's'), s += 2;
		else if (strncmp(s, "\xe2\x84\xaa", 3) == 0)
			buf_addc(&b, 'k'), s += 3;
		else
			buf_addc(&b, (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 :
			    *s)), s++;
	}
	if (b.s == NULL)
		buf_adds(&b, "");
	return buf_take(&b);
}

#define NTERMS	3000

static void
test_superset(void)
{
	sqlite3 *db = fresh(true);
	struct gram *g = gram_new();
	static char *text[NTERMS];
	static int64_t id[NTERMS];
	size_t i, t, missed = 0, selective = 0, tried = 0;

	for (i = 0; i < NTERMS; i++) {
		/* Mostly ascending, every tenth one back in an older block,
		 * and ids with gaps. */
		id[i] = i % 10 == 9 ? (int64_t)rnd((uint32_t)(i * 3 + 1)) :
		    (int64_t)(i * 3 + rnd(3));
		text[i] = random_text(40);
		add_term(db, g, id[i], text[i]);
		if (i == NTERMS / 2 && store(g, db) != 0)
			break;
	}
	is_int(store(g, db), 0, "random texts stored in two parts");
	for (t = 0; t < 400; t++) {
		char *lit, *flit, **each;
		char *const *lits;
		unsigned char *bits;
		int64_t n;
		int rc;

		/* Half of them pieces of the texts, half made up. */
		if (t % 2 == 0) {
			const char *s = text[rnd(NTERMS)];
			size_t len = strlen(s), from = rnd((uint32_t)len);

			lit = xstrndup(s + from, 3 + rnd(6));
		} else
			lit = random_text(6);
		flit = ref_fold(lit);
		if (strlen(flit) < 3) {
			free(lit), free(flit);
			continue;
		}
		tried++;
		each = &lit;
		lits = each;
		rc = gram_blocks(db, "main", lits, 1, &bits, &n);
		if (rc != 1) {
			ok(0, "gram_blocks gave %d", rc);
			free(lit), free(flit);
			break;
		}
		for (i = 0; i < NTERMS; i++) {
			char *f = ref_fold(text[i]);
			int64_t b = id[i] >> GRAM_SHIFT;

			if (strstr(f, flit) != NULL && (b >= n ||
			    !(bits[b >> 3] & (1u << (b & 7))))) {
				if (missed++ < 5)
					tap_diag("'%s' is in term %lld (block "
					    "%lld), not listed", flit,
					    (long long)id[i], (long long)b);
			}
			free(f);
		}
		{
			int64_t b, set = 0;

			for (b = 0; b < n; b++)
				set += (bits[b >> 3] >> (b & 7)) & 1;
			selective += set < n;
		}
		free(bits);
		free(lit), free(flit);
	}
	is_int(missed, 0, "every block holding a literal is listed (%zu "
	    "literals)", tried);
	ok(selective > tried / 4, "and the index leaves blocks out (%zu of %zu)",
	    selective, tried);
	for (i = 0; i < NTERMS; i++)
		free(text[i]);
	gram_free(g);
	sqlite3_close(db);
}

int
main(void)
{
	test_format();
	test_fold();
	test_merge();
	test_no_index();
	test_superset();
	return done_testing();
}
