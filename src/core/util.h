/* util.h - allocation that cannot fail silently, and a growable byte buffer. */
#ifndef LORE_UTIL_H
#define LORE_UTIL_H

#include <stdarg.h>
#include <stddef.h>

/* Out of memory is not recoverable for lore: these print a message and exit(2). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t n, size_t size);
/* The one growth rule for arrays: room for an element at index n of p,
 * whose capacity is *cap elements of size bytes, doubling from first.
 * Returns the array, moved or not:
 *	v = xgrow(v, n, &cap, 16, sizeof *v);
 *	v[n++] = x; */
void *xgrow(void *p, size_t n, size_t *cap, size_t first, size_t size);
char *xstrdup(const char *s);
/* Free n strings and the array that holds them (NULL is fine). */
void strv_free(char **v, size_t n);
char *xstrndup(const char *s, size_t n);

/* qsort() that takes an empty array, which may be NULL (qsort's own
 * arguments must not be, whatever n is). */
void xqsort(void *base, size_t n, size_t size,
    int (*cmp)(const void *, const void *));

/* A NUL-terminated growable string. Zero-initialise before use. */
struct buf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

void	 buf_grow(struct buf *b, size_t extra);
void	 buf_add(struct buf *b, const char *s, size_t n);
void	 buf_adds(struct buf *b, const char *s);
void	 buf_addc(struct buf *b, char c);
void	 buf_printf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *b, const char *fmt, va_list ap);
void	 buf_reset(struct buf *b);
void	 buf_free(struct buf *b);
/* Hand the string over to the caller (never NULL) and reset the buffer. */
char	*buf_take(struct buf *b);

/* Append what fd holds, to its end, to b: the one whole-file reader.
 * EINTR is retried. Returns 0; 1 when there was more than max bytes (b
 * then holds the first max of them); -1 with errno set on a read error. */
int	 read_all(int fd, size_t max, struct buf *b);

/* An SQLite URI naming the file at path, with query (e.g. "mode=ro") when
 * not NULL. '%', '?' and '#' in the path are percent-encoded, or SQLite
 * would decode "g%41.db" as gA.db and cut the name at '?' or '#'; an
 * absolute path gets an empty authority ("file:///..."), so one starting
 * with "//" is not read as a host name. Every database lore opens goes
 * through this (open with SQLITE_OPEN_URI): this SQLite is built with
 * URI names on, so even a plain path starting with "file:" is parsed. */
char	*file_uri(const char *path, const char *query);

/* Where a per-user file goes, by the XDG base directory spec: $var/file
 * when $var (XDG_DATA_HOME, XDG_CONFIG_HOME) is an absolute path, else
 * HOME/dflt/file (dflt ".local/share", ".config"), where HOME is $HOME when
 * it is absolute, else the home directory of the user in the password
 * database. A relative one is ignored (the spec says so), or the file
 * would move with the current directory. NULL when no absolute home is
 * known at all. */
char	*xdg_path(const char *var, const char *dflt, const char *file);

#define nitems(a) (sizeof(a) / sizeof((a)[0]))

#endif
