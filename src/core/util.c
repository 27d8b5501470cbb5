/* util.c - allocation wrappers and the growable buffer. */
#include "config.h"

#include <errno.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static void
oom(size_t n)
{
	fprintf(stderr, "lore: out of memory (%zu bytes)\n", n);
	exit(2);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom(n);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		oom(n * size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		oom(n);
	return q;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		oom(SIZE_MAX);
	return xrealloc(p, n * size);
}

void
xqsort(void *base, size_t n, size_t size,
    int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

void *
xgrow(void *p, size_t n, size_t *cap, size_t first, size_t size)
{
	if (n < *cap)
		return p;
	*cap = *cap > 0 ? *cap * 2 : first;
	if (*cap <= n)
		*cap = n + 1;
	return xreallocarray(p, *cap, size);
}

void
strv_free(char **v, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++)
		free(v[i]);
	free(v);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
buf_grow(struct buf *b, size_t extra)
{
	size_t need;

	if (extra > SIZE_MAX - b->len - 1)
		oom(SIZE_MAX);
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < need)
		b->cap = b->cap > SIZE_MAX / 2 ? need : b->cap * 2;
	b->s = xrealloc(b->s, b->cap);
	/* A buffer that is grown but never added to is still a string. */
	b->s[b->len] = '\0';
}

void
buf_add(struct buf *b, const char *s, size_t n)
{
	buf_grow(b, n);
	if (n > 0)
		memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc(struct buf *b, char c)
{
	if (b->len + 2 <= b->cap) {	/* room for c and the NUL */
		b->s[b->len++] = c;
		b->s[b->len] = '\0';
		return;
	}
	buf_add(b, &c, 1);
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->s != NULL)
		b->s[0] = '\0';
}

void
buf_free(struct buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

char *
file_uri(const char *path, const char *query)
{
	struct buf b = { 0 };

	buf_adds(&b, path[0] == '/' ? "file://" : "file:");
	for (; *path != '\0'; path++)
		if (*path == '%' || *path == '?' || *path == '#')
			buf_printf(&b, "%%%02X", (unsigned char)*path);
		else
			buf_addc(&b, *path);
	if (query != NULL && query[0] != '\0')
		buf_printf(&b, "?%s", query);
	return buf_take(&b);
}

char *
xdg_path(const char *var, const char *dflt, const char *file)
{
	const char *base = getenv(var), *home = getenv("HOME");
	struct buf b = { 0 };
	struct passwd *pw;

	if (base != NULL && base[0] == '/') {
		buf_printf(&b, "%s/%s", base, file);
		return buf_take(&b);
	}
	if (home == NULL || home[0] != '/')
		home = (pw = getpwuid(getuid())) != NULL &&
		    pw->pw_dir != NULL && pw->pw_dir[0] == '/' ?
		    pw->pw_dir : NULL;
	if (home == NULL)
		return NULL;
	buf_printf(&b, "%s/%s/%s", home, dflt, file);
	return buf_take(&b);
}

char *
buf_take(struct buf *b)
{
	char *s = b->s != NULL ? b->s : xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

int
read_all(int fd, size_t max, struct buf *b)
{
	size_t start = b->len;
	ssize_t r;

	for (;;) {
		size_t room, want = 65536;

		if (b->len - start >= max)
			break;
		room = max - (b->len - start);
		if (want > room)
			want = room;
		buf_grow(b, want);
		r = read(fd, b->s + b->len, want);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			return 0;
		b->len += (size_t)r;
		b->s[b->len] = '\0';
	}
	/* max reached: is there more? */
	{
		char one;

		do
			r = read(fd, &one, 1);
		while (r < 0 && errno == EINTR);
		if (r < 0)
			return -1;
		return r > 0;
	}
}
