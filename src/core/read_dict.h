/* read_dict.h - dictionaries of other programs, which come as several
 * files: StarDict (read_stardict.c) and dictd (read_dictd.c), found and
 * loaded by read_dict.c.
 *
 * The readers work on the files' bytes, already inflated, so the fuzzers
 * and the tests can hand them any bytes at all. */
#ifndef LORE_READ_DICT_H
#define LORE_READ_DICT_H

#include <stdbool.h>
#include <stddef.h>

#include "import.h"

struct dict_files {
	const char	*ifo;	/* StarDict's .ifo; unused by dictd */
	size_t		 ifolen;
	const char	*idx;	/* StarDict's .idx or dictd's .index */
	size_t		 idxlen;
	const char	*idxname;
	const char	*dict;	/* the articles, inflated */
	size_t		 dictlen;
	const char	*dictname;
	const char	*syn;	/* StarDict's .syn, or NULL */
	size_t		 synlen;
	const char	*synname;
};

int	stardict_parse(const char *path, const struct dict_files *df,
	    struct entries *out, char *err, size_t errsz);
int	dictd_parse(const char *path, const struct dict_files *df,
	    struct entries *out, char *err, size_t errsz);

/* A name out of a binary file: valid UTF-8, no controls, trimmed. */
char	*dict_clean(const char *s, size_t n);
/* False for a headword the store cannot name (no letter or digit, as
 * FOLDOC's "!" and "#"): such articles are skipped and counted. */
bool	dict_storable(const char *headword);
/* The same for text: newlines kept. */
char	*dict_clean_text(const char *s, size_t n);

/* The file a dictionary is imported by: PATH.ifo for a StarDict
 * dictionary named by any of its files or its folder, PATH.index for a
 * dictd one; NULL when path is none of these. */
char	*dict_main_file(const char *path);

/* An installed dictionary (lore import --list). */
struct dict_installed {
	char	*name;		/* what `lore import NAME` takes */
	char	*path;		/* its .ifo or .index */
	char	*kind;		/* "stardict" or "dictd" */
	char	*title;		/* bookname, or 00-database-short */
	long	 words;
};

/* The dictionaries in the folders dirs (NULL-ended; the first folder
 * holding a name wins), sorted by name in each folder. Returns how many
 * are in *out (free with dict_installed_free). */
size_t	dict_installed(const char *const *dirs, struct dict_installed **out);
void	dict_installed_free(struct dict_installed *v, size_t n);

#endif
