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
char *xstrdup(const char *s);
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

#define nitems(a) (sizeof(a) / sizeof((a)[0]))

#endif
