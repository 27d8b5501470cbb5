/* gzfile.h - whole files that may be gzip-compressed (dictzip is gzip). */
#ifndef LORE_GZFILE_H
#define LORE_GZFILE_H

#include <stdbool.h>
#include <stddef.h>

/* The bytes of path, inflated when it is gzip (a dictzip .dz is gzip
 * with a seek table, read here from the start), as they are otherwise.
 * A NUL is written after the last byte. NULL with "path: why" in err on
 * an error or when the result would be over max bytes. */
char	*gz_slurp(const char *path, size_t max, size_t *len, char *err,
	    size_t errsz);

/* The first of base+suffixes[i] that exists as a regular file, as a new
 * string, or NULL. suffixes ends with NULL. */
char	*gz_sibling(const char *base, size_t baselen,
	    const char *const *suffixes);

#endif
