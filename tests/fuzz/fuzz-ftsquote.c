/* fuzz-ftsquote.c - search_fts_quote() output is always a valid MATCH.
 *
 * User text reaches FTS5 only through search_fts_quote(), because raw
 * text like naive-bayes, C++ or an unbalanced quote is an FTS5 syntax
 * error. Whatever the input, the quoted string must prepare and step to
 * the end against a trigram table like the corpus's term_fts. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "search.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3		*db;
static sqlite3_stmt	*st;

static void
db_close(void)
{
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void
db_init(void)
{
	static const char schema[] =
	    "CREATE VIRTUAL TABLE term_fts USING fts5(headword, aliases,"
	    " body, tokenize='trigram');"
	    "INSERT INTO term_fts VALUES('softmax', 'normalized exponential',"
	    " 'turns logits into probabilities');"
	    "INSERT INTO term_fts VALUES('naive Bayes', 'naive-bayes; NB',"
	    " 'a \"simple\" classifier in C++ and C#');"
	    "INSERT INTO term_fts VALUES('Straße', 'ÆØÅ', '漢字 😀 $\\alpha$');";

	if (db != NULL)
		return;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_exec(db, schema, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT rowid FROM term_fts WHERE term_fts"
	    " MATCH ?", -1, &st, NULL) != SQLITE_OK)
		abort();
	atexit(db_close);	/* valgrind and LSan see no leak */
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, *q;
	int rc, rows = 0;

	if (size > 4096)
		return 0;
	db_init();
	if ((text = malloc(size + 1)) == NULL)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	q = search_fts_quote(text);
	if (q == NULL)
		abort();
	sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		rows++;
	if (rc != SQLITE_DONE || rows > 3)
		abort();
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	free(q);
	free(text);
	return 0;
}
