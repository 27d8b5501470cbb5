/* link.h - related links for formats without a field for them: the
 * headwords and aliases of other terms that a body mentions. */
#ifndef LORE_LINK_H
#define LORE_LINK_H

#include <stddef.h>

struct entry;
struct sqlite3;

struct link_names;

struct link_names	*link_names_new(void);
void			 link_names_free(struct link_names *ln);
/* Every headword and alias of schema's terms (main, or an attached one). */
void	link_names_load(struct link_names *ln, struct sqlite3 *db,
	    const char *schema);
/* name links to headword; names of fewer than four folded characters say
 * too little to be a link and are left out. */
void	link_names_add(struct link_names *ln, const char *name,
	    const char *headword);
/* Add to each v[i].related the names its body mentions, in order, at
 * most 8; on two threads when there are many entries (the names are only
 * read, and each entry is written by one). */
void	link_mentions(struct link_names *ln, struct entry *v, size_t n);

#endif
