/* structure.h - the block structure of bodies written one block per line.
 *
 * Glossaries of the line-per-entry kind (read_lines.c, format "a") write
 * each block of a body on one line with no blank line between blocks: a
 * bold-only line is a heading, "- " lines are list items, "|" lines are
 * table rows, other lines paragraphs. Fed to CommonMark as they are, a
 * heading after a list item is glued to it and a table runs into one
 * paragraph. structure_recover() gives the blocks back as Markdown.
 * Curses-free, allocation only. */
#ifndef LORE_STRUCTURE_H
#define LORE_STRUCTURE_H

#include <stdbool.h>

/* Whether body reads as one block per line: more than one line, and no
 * blank line outside code fences (a body with blank lines is Markdown
 * already and is left alone). */
bool	 structure_line_blocks(const char *body);

/* The body as Markdown with its blocks apart: bold-only lines become
 * "### " headings, consecutive items one list, consecutive "|" rows one
 * table (given a separator row when the file left it out), other lines
 * paragraphs; a $$ block, a code fence or an indented or lowercase line
 * right after an item stays in the item. A body that is not one block
 * per line comes back unchanged. Always a new string. */
char	*structure_recover(const char *body);

#endif
