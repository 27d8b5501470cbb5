/* dberr.h - what went wrong with a database file, in words.
 *
 * SQLite's own messages name the URI a file was opened by ("unable to
 * open database: file:/?mode=ro") or say less than lore knows ("unable to
 * open database file" for a directory). Every message about a glossary,
 * corpus or progress database is "PATH: " followed by db_why(). */
#ifndef LORE_DBERR_H
#define LORE_DBERR_H

#include <stddef.h>

#include <sqlite3.h>

/* Seconds lore waits for another process's lock (sqlite3_busy_timeout). */
#define DB_BUSY_MS	5000

/* Why the last call on db failed for the file at path: "is a directory",
 * "not a lore database (not an SQLite file)", "damaged: ...",
 * "read-only: ...", "locked by another process ...", "the disk is full",
 * "I/O error: ...". Written to buf, which is returned. */
const char	*db_why(sqlite3 *db, const char *path, char *buf, size_t bufsz);

/* Why an existing path can be no database ("is a directory", "is a
 * FIFO", ...), or NULL for a regular file or none. Asked before SQLite
 * opens it: a read-only open of a FIFO blocks until someone writes, and
 * SQLite retries the open through the signal meant to stop lore. */
const char	*db_not_file(const char *path);

#endif
