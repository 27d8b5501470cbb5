/* dberr.c - SQLite failures as messages that say what is wrong. */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dberr.h"

/* A file that SQLite could not use: is it SQLite at all? */
static const char *
sniff(const char *path, char *buf, size_t bufsz)
{
	static const char magic[16] = "SQLite format 3";
	char head[16];
	struct stat sb;
	ssize_t n;
	int fd;

	if (stat(path, &sb) != 0) {
		if (errno == ENOENT)
			return NULL;	/* a new file: SQLite's errno says why */
		snprintf(buf, bufsz, "cannot open it: %s", strerror(errno));
		return buf;
	}
	if (!S_ISREG(sb.st_mode))
		return db_not_file(path);
	if ((fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC)) < 0) {
		snprintf(buf, bufsz, "cannot read it: %s", strerror(errno));
		return buf;
	}
	n = read(fd, head, sizeof head);
	close(fd);
	if (n != (ssize_t)sizeof head || memcmp(head, magic, sizeof head) != 0)
		return "not a lore database (not an SQLite file)";
	if (sb.st_size < 512) {
		snprintf(buf, bufsz, "damaged: truncated to %lld bytes (restore "
		    "it from a backup, or move it away)", (long long)sb.st_size);
		return buf;
	}
	return NULL;
}

const char *
db_not_file(const char *path)
{
	struct stat sb;

	if (stat(path, &sb) != 0 || S_ISREG(sb.st_mode))
		return NULL;
	if (S_ISDIR(sb.st_mode))
		return "is a directory";
	if (S_ISFIFO(sb.st_mode))
		return "is a FIFO, not a database file";
	if (S_ISSOCK(sb.st_mode))
		return "is a socket, not a database file";
	return "is a device, not a database file";
}

const char *
db_why(sqlite3 *db, const char *path, char *buf, size_t bufsz)
{
	int rc = sqlite3_extended_errcode(db), sys = sqlite3_system_errno(db);
	const char *s;

	switch (rc & 0xff) {
	case SQLITE_CANTOPEN:
		if ((s = sniff(path, buf, bufsz)) != NULL)
			return s;
		if (sys != 0)
			snprintf(buf, bufsz, "cannot open it: %s", strerror(sys));
		else
			snprintf(buf, bufsz, "cannot open it");
		return buf;
	case SQLITE_NOTADB:
		if ((s = sniff(path, buf, bufsz)) != NULL)
			return s;
		return "not a lore database (not an SQLite file)";
	case SQLITE_CORRUPT:
		if ((s = sniff(path, buf, bufsz)) != NULL)
			return s;
		return "damaged: database disk image is malformed (restore it "
		    "from a backup, or move it away)";
	case SQLITE_READONLY:
		return "read-only: lore cannot write to it (check the "
		    "permissions of the file and of its directory)";
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		snprintf(buf, bufsz, "locked by another process for more than "
		    "%d s (database is locked); try again when it is done",
		    DB_BUSY_MS / 1000);
		return buf;
	case SQLITE_FULL:
		return "the disk is full (database or disk is full)";
	case SQLITE_IOERR:
		if (sys == ENOSPC || sys == EDQUOT)
			snprintf(buf, bufsz, "the disk is full (%s)",
			    strerror(sys));
		else if (sys == EFBIG)
			snprintf(buf, bufsz, "file size limit reached (%s)",
			    strerror(sys));
		else if (rc == SQLITE_IOERR_WRITE)
			/* A short write leaves no errno: a full disk or
			 * a file size limit (ulimit -f) cut it. */
			snprintf(buf, bufsz, "I/O error: cannot write to it%s%s",
			    sys != 0 ? ": " : " (is the disk full, or a file size "
			    "limit reached?)", sys != 0 ? strerror(sys) : "");
		else if (rc == SQLITE_IOERR_READ || rc == SQLITE_IOERR_SHORT_READ)
			snprintf(buf, bufsz, "I/O error: cannot read it%s%s",
			    sys != 0 ? ": " : "", sys != 0 ? strerror(sys) : "");
		else if (rc == SQLITE_IOERR_FSYNC)
			snprintf(buf, bufsz, "I/O error: cannot sync it to disk%s%s",
			    sys != 0 ? ": " : "", sys != 0 ? strerror(sys) : "");
		else if (sys != 0)
			snprintf(buf, bufsz, "I/O error: %s", strerror(sys));
		else
			snprintf(buf, bufsz, "I/O error");
		return buf;
	case SQLITE_NOMEM:
		return "out of memory";
	default:
		snprintf(buf, bufsz, "%s", sqlite3_errmsg(db));
		return buf;
	}
}
