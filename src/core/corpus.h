/* corpus.h - the glossary databases: schema, migrations, lookups, pages.
 *
 * Two SQLite files are read together: the bundled corpus (installed, opened
 * read-only and immutable) and the user's own imports. A term is named by a
 * key that is unique across both: (rowid << 1) | db, db 0 = user, 1 = bundled.
 * Related links are stored as names, not ids, so a user's term may point at
 * a bundled one and links survive a rebuild; they are resolved at read time. */
#ifndef LORE_CORPUS_H
#define LORE_CORPUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CORPUS_APP_ID	0x4C4F5245	/* "LORE" at offset 68 of the file */
#define CORPUS_VERSION	8		/* PRAGMA user_version of the newest schema */

/* The statement corpus_add_words runs: the importer prepares it. */
#define CORPUS_WORD_INSERT \
	"INSERT OR IGNORE INTO word(fold, term_id, kind) VALUES (?, ?, ?)"

/* A term's text for the trigram index (gram.h): id, headword, its
 * aliases in their order joined by newlines (NULL when none), body. Add
 * " WHERE id = ?" or an order; corpus_gram_text adds a row of it. */
#define CORPUS_GRAM_TEXT \
	"SELECT id, headword, (SELECT group_concat(name, char(10)) FROM" \
	" (SELECT name FROM alias WHERE term_id = term.id ORDER BY pos," \
	" fold)), body FROM term"

struct buf;
struct gram;
struct sqlite3_stmt;
/* The trigrams of a row of CORPUS_GRAM_TEXT into g (b is scratch):
 * headword, aliases and body joined by newlines. */
void		corpus_gram_text(struct gram *g, struct sqlite3_stmt *st,
		    struct buf *b);

enum corpus_status {
	CORPUS_OK = 0,
	CORPUS_NOTFOUND,	/* no such term: not an error */
	CORPUS_AMBIGUOUS,	/* several terms match (prefix or alias) */
	CORPUS_ERROR,		/* message in the err buffer */
};

struct corpus;			/* opaque: connection and prepared statements */

struct term {
	int64_t	  key;
	char	 *slug;
	char	 *headword;
	char	 *category;	/* "" when none */
	char	 *body;		/* Markdown with $...$ math */
	char	 *source;	/* file it came from, "" for none */
	long	  line;		/* line of its header in that file */
	char	  letter;	/* 'A'..'Z', or '#' for anything else */
	char	**aliases;
	size_t	  naliases;
	char	**related;	/* headwords of related terms, resolved, in order */
	int64_t	 *related_keys;
	size_t	  nrelated;
};

/* One row of the A-Z index. */
struct term_ref {
	int64_t	key;
	char	*headword;
	char	*sortkey;	/* keyset pagination cursor */
	char	 letter;
};

/* Open for reading. Either path may be NULL or name a missing file; at least
 * one corpus must exist. */
enum corpus_status corpus_open(struct corpus **cp, const char *bundled,
		    const char *user, char *err, size_t errsz);
/* Open (creating and migrating) a writable database for import/build. */
enum corpus_status corpus_open_rw(struct corpus **cp, const char *path,
		    char *err, size_t errsz);
void		corpus_close(struct corpus *c);
/* The raw connection, for the importer and search modules. On a corpus
 * opened for reading it has the temporary views over both files: t
 * (term, with key, category and source), a (alias), r (related) and w
 * (word), each with key = (id << 1) | db. They are made on the first
 * call, not at corpus_open: a define that reads one term by its own
 * statements never parses them. */
struct sqlite3	*corpus_db(struct corpus *c);
/* The same connection without making the views, for statements that name
 * the schemas "u." and "b." themselves (see corpus_has). */
struct sqlite3	*corpus_db_plain(struct corpus *c);
/* Whether schema db (0 = "u", the user's; 1 = "b", bundled) is attached. */
bool		corpus_has(struct corpus *c, int db);
/* Its PRAGMA user_version (5: it has the word table), 0 when absent. */
int		corpus_version(struct corpus *c, int db);
/* sql for schema db: every "@." becomes "u." or "b.", every "@db" the
 * key's bit, 0 or 1. Free the result. */
char		*corpus_sql_for(int db, const char *sql);

/* Full term by key. */
enum corpus_status corpus_get(struct corpus *c, int64_t key, struct term *t,
		    char *err, size_t errsz);
void		term_free(struct term *t);
/* The first max characters of a term's body (NULL: no such term), for a
 * one-line gist of it. */
char		*corpus_body_head(struct corpus *c, int64_t key, size_t max);

/* Exact headword or alias (case and punctuation folded), else a unique
 * prefix. Sets *key. CORPUS_AMBIGUOUS fills cands (up to ncands keys). */
enum corpus_status corpus_lookup(struct corpus *c, const char *query,
		    int64_t *key, int64_t *cands, size_t *ncands,
		    char *err, size_t errsz);
/* Up to max headwords closest to query by edit distance, best first. */
size_t		corpus_suggest(struct corpus *c, const char *query, char **out,
		    size_t max);

/* Index pages in A-Z order. after: the sortkey/key of the last row shown
 * (NULL for the start); letter: 0 for all, 'A'..'Z' or '#'; category: NULL
 * for all. Returns rows written to out (free each with term_ref_free). */
size_t		corpus_page(struct corpus *c, const char *after_sortkey,
		    int64_t after_key, char letter, const char *category,
		    struct term_ref *out, size_t max);
/* Same, backwards: rows before the cursor, nearest first. */
size_t		corpus_page_before(struct corpus *c, const char *before_sortkey,
		    int64_t before_key, char letter, const char *category,
		    struct term_ref *out, size_t max);
void		term_ref_free(struct term_ref *r);
/* Call fn for every term in A-Z order (filtered like corpus_page), a page
 * at a time, until fn returns false. Returns the number of calls. */
size_t		corpus_each(struct corpus *c, char letter, const char *category,
		    bool (*fn)(const struct term_ref *r, void *arg), void *arg);
/* Number of terms before the cursor (its 0-based position) for "312/1544". */
size_t		corpus_position(struct corpus *c, const char *sortkey,
		    int64_t key, char letter, const char *category);
/* Terms per letter: counts[0..25] = A..Z, counts[26] = '#'. Returns total. */
size_t		corpus_letter_counts(struct corpus *c, const char *category,
		    size_t counts[27]);
/* Categories with their term counts: parallel arrays, caller frees. */
size_t		corpus_categories(struct corpus *c, char ***names, size_t **counts);

/* A bulk write into an empty database (an import, a build): late true
 * drops the plain indexes of term and word, false makes the missing ones
 * again; 0, or -1 (the connection's error). In the caller's transaction. */
int		corpus_indexes_late(struct sqlite3 *db, bool late);
/* Whether they are dropped now (a build in progress). */
bool		corpus_indexes_dropped(struct sqlite3 *db);
/* hold: the writes to come add aliases and fill the alias pack again
 * themselves (aliaspack_fill): no trigger empties it at each one (42,000
 * programs at 100K terms of format A). Not holding: the pack emptied,
 * the trigger back. In the caller's transaction. 0 or -1. */
int		corpus_alias_pack_hold(struct sqlite3 *db, bool hold);
/* Store the word-table rows (lookup_words) of a term's headword or alias
 * with ins, a statement prepared from CORPUS_WORD_INSERT. 0 or -1. */
struct sqlite3_stmt;
int		corpus_add_words(struct sqlite3_stmt *ins, int64_t id,
		    const char *name, bool alias);

/* Sort key and index letter of a headword (the importer stores them). */
char	*corpus_sortkey(const char *headword);
char	 corpus_letter(const char *sortkey);

#endif
