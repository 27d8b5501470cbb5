/* gzfile.c - whole files that may be gzip-compressed (see gzfile.h). */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <string.h>

#include <zlib.h>

#include "gzfile.h"
#include "import.h"
#include "util.h"

char *
gz_slurp(const char *path, size_t max, size_t *len, char *err, size_t errsz)
{
	struct stat sb;
	struct buf b = { 0 };
	gzFile gz;
	int n, e;

	if (stat(path, &sb) != 0) {
		import_seterr(err, errsz, path, 0, "%s", strerror(errno));
		return NULL;
	}
	if (!S_ISREG(sb.st_mode)) {
		import_seterr(err, errsz, path, 0, "not a regular file");
		return NULL;
	}
	if ((gz = gzopen(path, "rb")) == NULL) {
		import_seterr(err, errsz, path, 0, "%s", errno != 0 ?
		    strerror(errno) : "cannot open");
		return NULL;
	}
	gzbuffer(gz, 1u << 17);
	for (;;) {
		buf_grow(&b, 1u << 16);
		n = gzread(gz, b.s + b.len, (unsigned)(b.cap - b.len - 1));
		if (n <= 0)
			break;
		b.len += (size_t)n;
		if (b.len > max) {
			import_seterr(err, errsz, path, 0, "larger than %zu MiB "
			    "uncompressed", max >> 20);
			gzclose(gz);
			buf_free(&b);
			return NULL;
		}
	}
	if (n < 0) {
		const char *why = gzerror(gz, &e);

		import_seterr(err, errsz, path, 0, "%s", e == Z_ERRNO ?
		    strerror(errno) : e == Z_BUF_ERROR ?
		    "truncated compressed data" : why);
		gzclose(gz);
		buf_free(&b);
		return NULL;
	}
	gzclose(gz);
	b.s[b.len] = '\0';
	*len = b.len;
	return buf_take(&b);
}

char *
gz_sibling(const char *base, size_t baselen, const char *const *suffixes)
{
	struct stat sb;
	struct buf b = { 0 };

	for (; *suffixes != NULL; suffixes++) {
		buf_reset(&b);
		buf_add(&b, base, baselen);
		buf_adds(&b, *suffixes);
		if (stat(b.s, &sb) == 0 && S_ISREG(sb.st_mode))
			return buf_take(&b);
	}
	buf_free(&b);
	return NULL;
}
