/* aliaspack.c - the packed alias names of aliaspack.h: filling, asking. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "aliaspack.h"
#include "util.h"

struct pack {
	sqlite3_stmt	*ins;
	int64_t		 part;
	struct buf	 keys, names;
};

static int
pack_flush(struct pack *p)
{
	int rc;

	if (p->names.len == 0)
		return 0;
	sqlite3_bind_int64(p->ins, 1, p->part++);
	sqlite3_bind_blob(p->ins, 2, p->keys.s, (int)p->keys.len,
	    SQLITE_STATIC);
	sqlite3_bind_blob(p->ins, 3, p->names.s, (int)p->names.len,
	    SQLITE_STATIC);
	rc = sqlite3_step(p->ins);
	sqlite3_reset(p->ins);
	p->keys.len = p->names.len = 0;
	return rc == SQLITE_DONE ? 0 : -1;
}

/* One line of a name, for term id. */
static void
pack_line(struct pack *p, int64_t id, const char *s, size_t len)
{
	unsigned char k[8];
	uint64_t v = (uint64_t)id;

	for (int b = 0; b < 8; b++, v >>= 8)
		k[b] = (unsigned char)(v & 0xff);
	buf_add(&p->keys, (const char *)k, sizeof k);
	buf_add(&p->names, s, len);
	buf_addc(&p->names, '\n');
}

static bool
exists(sqlite3 *db, const char *sql, int *rc)
{
	sqlite3_stmt *st;
	bool yes = false;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		*rc = -1;
		return false;
	}
	yes = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return yes;
}

int
aliaspack_fill(sqlite3 *db, const char *schema)
{
	struct pack p = { 0 };
	sqlite3_stmt *st = NULL;
	char sql[160];
	int rc = 0, step;

	snprintf(sql, sizeof sql, "SELECT NOT EXISTS (SELECT 1 FROM"
	    " %s.alias_pack) AND EXISTS (SELECT 1 FROM %s.alias)", schema,
	    schema);
	if (!exists(db, sql, &rc))
		return rc;
	/* The primary key's order: no sort. */
	snprintf(sql, sizeof sql, "SELECT term_id, name FROM %s.alias"
	    " ORDER BY fold, term_id", schema);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	snprintf(sql, sizeof sql, "INSERT INTO %s.alias_pack(part, keys, names)"
	    " VALUES (?1, ?2, ?3)", schema);
	if (sqlite3_prepare_v2(db, sql, -1, &p.ins, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return -1;
	}
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		size_t len = (size_t)sqlite3_column_bytes(st, 1);
		const char *nl;

		if (name == NULL)
			continue;
		while ((nl = memchr(name, '\n', len)) != NULL) {
			pack_line(&p, id, name, (size_t)(nl - name));
			len -= (size_t)(nl - name) + 1;
			name = nl + 1;
		}
		pack_line(&p, id, name, len);
		if (p.names.len >= ALIASPACK_PART)
			rc = pack_flush(&p);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = -1;
	if (rc == 0)
		rc = pack_flush(&p);
	sqlite3_finalize(st);
	sqlite3_finalize(p.ins);
	buf_free(&p.keys);
	buf_free(&p.names);
	return rc;
}

int64_t
aliaspack_parts(sqlite3 *db, const char *schema)
{
	sqlite3_stmt *st;
	char sql[160];
	int64_t n = -1;

	/* No such table (a file before schema 8): the statement fails. */
	snprintf(sql, sizeof sql, "SELECT (SELECT max(part) FROM"
	    " %s.alias_pack), EXISTS (SELECT 1 FROM %s.alias)", schema, schema);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) != SQLITE_NULL)
			n = sqlite3_column_int64(st, 0) + 1;
		else if (sqlite3_column_int(st, 1) == 0)
			n = 0;
	}
	sqlite3_finalize(st);
	return n < 0 || n > INT32_MAX ? -1 : n;
}
