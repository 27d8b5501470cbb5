/* needle.h - one literal string, found at the speed of memory, with case
 * kept or with ASCII case ignored the way PCRE2 ignores it.
 *
 * PCRE2's JIT finds a literal with case kept at memchr speed, but one
 * without case four to five times slower: it looks for the first
 * character in both cases and tries a match at each (30 ms against 6
 * over the 115 MB of 100,000 terms). A needle tests two of its bytes,
 * the rarest in English text, at sixteen places at once, each folded to
 * lower case by an OR of 0x20 when it is a letter, and compares the
 * whole string only where both agree: 11-13 ms.
 *
 * Caseless under UCP, 'k' also matches U+212A (KELVIN SIGN) and 's'
 * U+017F (LATIN SMALL LETTER LONG S), which are not one byte: a needle
 * made without case is the longest run of the literal with no k or s,
 * which every match holds byte for byte. No other ASCII letter has a
 * caseless partner outside ASCII in PCRE2 (10.45's Turkish casing is an
 * option lore does not set).
 */
#ifndef LORE_NEEDLE_H
#define LORE_NEEDLE_H

#include <stdbool.h>
#include <stddef.h>

#define NEEDLE_MIN	3	/* fewer bytes: no needle */

struct needle;

/* A needle for lit (printable ASCII); NULL when it has another byte or
 * leaves fewer than NEEDLE_MIN. What it finds is in every string PCRE2
 * matches lit to, compiled with PCRE2_CASELESS when caseless is set. */
struct needle	*needle_new(const char *lit, bool caseless);
void		 needle_free(struct needle *n);

/* Where the needle's own bytes first stand in hay[from..len), or
 * SIZE_MAX. */
size_t		 needle_find(const struct needle *n, const char *hay,
		    size_t len, size_t from);

/* The bytes a needle looks for (its run of lit), for tests. */
const char	*needle_text(const struct needle *n);

#endif
