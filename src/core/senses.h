/* senses.h - one headword defined more than once: numbered senses.
 *
 * A dictionary shows a word once with its senses numbered; an import that
 * meets a headword again does the same. The body becomes
 *
 *	**1.** first sense ...
 *
 *	*Source: file.txt, line 12*
 *
 *	**2.** second sense ...
 *
 *	*Source: other.txt, line 40*
 *
 * with the file's name only, never its directories. A sense that repeats
 * one already there word for word is not added. Curses-free, no I/O. */
#ifndef LORE_SENSES_H
#define LORE_SENSES_H

/* The senses of old (defined at old_path:old_line, or numbered senses
 * already) and then body (from path:line). Returns a new string, or NULL
 * when body repeats sense *dup word for word. */
char	*senses_merge(const char *old, const char *old_path, long old_line,
	    const char *body, const char *path, long line, int *dup);

/* How many senses a body holds: 1 unless senses_merge() numbered it. */
int	 senses_count(const char *body);

#endif
