/* pattern.h - what every match of a regular expression must hold, read
 * off the pattern's text before PCRE2 sees it.
 *
 * Two answers, for two ways of not reading every byte:
 *
 * Literals (pattern_literals): strings of at least PATTERN_MIN_LITERAL
 * plain ASCII letters, digits or spaces, one of which every match
 * contains. The trigram index (gram.h) then says which blocks of terms
 * can hold one, and the scan reads only those.
 *
 * An anchor (pattern_anchor): a run of consecutive one-character items
 * at the top level of a pattern with no alternation and no groups, that
 * PCRE2's JIT finds quickly: literal characters, escaped punctuation,
 * and, case kept, classes of letters and digits ("[a-z]", "[0-9A-F]").
 * An item repeated at least once ("+", "{2,}") may end a run (its first
 * repetition is next to what came before) and start the next (its last
 * is next to what follows); an optional one ("*", "?", "{0,}") ends it,
 * and so does any other item (".", "\w", "\d", "[^...]", any class
 * when caseless): under UCP or caseless, the JIT tries a match at every
 * byte such an item may start at, 40 to 100 times slower than a search
 * for a literal. Assertions of no width ("\b", "\B", "^", "$") are
 * left out: without them the anchor matches more, never less. Compiled
 * with the pattern's own options it matches inside every match of the
 * pattern. "\b[A-Z][a-z]+-[0-9]\b" has no literal of three, and the
 * JIT reads it at about 2 GB/s, trying a match at every capital; its
 * anchor "[a-z]-[0-9]" it finds at memchr speed, from the '-'. The scan
 * (search.c) looks for the anchor and runs the whole pattern only on
 * the rows that hold one, as ripgrep does with its inner literals.
 *
 * Whatever the readers are unsure of (groups they cannot see into,
 * escapes with arguments, back-references, \Q...\E) is "none", never a
 * guess: that only costs reading everything.
 */
#ifndef LORE_PATTERN_H
#define LORE_PATTERN_H

#include <stdbool.h>
#include <stddef.h>

#define PATTERN_MIN_LITERAL	3	/* the trigram index needs three */

/* The literals, *v of *n strings (the caller frees them with strv_free);
 * *n 0 when none is known. */
void	 pattern_literals(const char *pattern, char ***v, size_t *n);

/* The anchor as a pattern of its own (the caller frees it), or NULL:
 * none, or none worth it. The run chosen holds a literal character (a
 * run of classes alone is no quicker to find than the pattern), the
 * most of them, then the most items; NULL when it leaves no item and
 * no repetition out (the pattern less its assertions is found no
 * sooner). caseless: the pattern is compiled PCRE2_CASELESS. */
char	*pattern_anchor(const char *pattern, bool caseless);

#endif
