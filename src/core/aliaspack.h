/* aliaspack.h - every alias name of a corpus in a few rows, for search.
 *
 * A full search matches the pattern against every alias name before it
 * scans the terms (search.c). Stepping the alias table a row at a time
 * was most of that pass (66,000 rows at 100K terms); the table
 * alias_pack (schema 8) holds the same names in parts of about
 * ALIASPACK_PART bytes, read in a few rows:
 *
 *   alias_pack(part INTEGER PRIMARY KEY, keys BLOB NOT NULL,
 *              names BLOB NOT NULL)
 *
 * Parts are numbered from 0 with no gaps and hold the aliases in
 * (fold, term_id) order. names is the names, each line of each name
 * followed by "\n" (a name holding a newline is as many lines, as a
 * search matches each line of an alias on its own); keys the term id of
 * each line, 8 bytes little-endian each. Triggers on alias empty the
 * table at any write to alias (whoever writes, the sqlite3 shell too),
 * and a writer that knows of it fills it again at the end of its
 * transaction (aliaspack_fill). A reader trusts it when it has rows or
 * alias has none; otherwise, or in a file before schema 8, it reads the
 * alias rows.
 */
#ifndef LORE_ALIASPACK_H
#define LORE_ALIASPACK_H

#include <stdint.h>

#include <sqlite3.h>

#define ALIASPACK_PART	(64 * 1024)	/* bytes of names a part holds, about */

/* Fill schema.alias_pack when it is empty and schema.alias is not,
 * inside the caller's transaction: 0, or -1 (the database's error). */
int	aliaspack_fill(sqlite3 *db, const char *schema);

/* The parts schema's pack has (0: no aliases at all), or -1 when it is
 * not to be trusted: no table (a file before 8), or emptied by a write. */
int64_t	aliaspack_parts(sqlite3 *db, const char *schema);

/* The term id at keys[i * 8]. */
static inline int64_t
aliaspack_key(const unsigned char *keys, size_t i)
{
	uint64_t v = 0;

	for (int b = 7; b >= 0; b--)
		v = v << 8 | keys[i * 8 + (size_t)b];
	return (int64_t)v;
}

#endif
