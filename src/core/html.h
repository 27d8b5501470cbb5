/* html.h - HTML and its dictionary dialects as lore's Markdown.
 *
 * The definitions other programs store are marked up: StarDict's h (HTML),
 * x (XDXF) and g (Pango) types, and the fields of Anki notes. Each becomes
 * the Markdown lore renders: b/strong/i/em as emphasis, br as a hard line
 * break, p/div as paragraphs, ul/ol/li as lists, table rows as a pipe
 * table, entities decoded; links to other words (StarDict's bword://, an
 * XDXF kref) become [[links]]. Characters that mean something to lore's
 * Markdown and LaTeX ($, *, _, `, [, ], \) are escaped in text, except
 * MathJax spans \(...\) and \[...\], which become $...$ and $$...$$.
 * Images, sound and scripts are dropped and counted. */
#ifndef LORE_HTML_H
#define LORE_HTML_H

#include <stddef.h>

struct buf;

struct html_stats {
	size_t	media;		/* img, audio, video, object and [sound:] dropped */
};

/* A new Markdown string (never NULL) for len bytes of markup. stats may
 * be NULL. */
char	*html_to_markdown(const char *s, size_t len, struct html_stats *st);

/* Plain text (no markup at all) escaped for lore's Markdown, with line
 * breaks kept as hard breaks. */
char	*text_to_markdown(const char *s, size_t len);

/* s[0..n) appended to b with the characters lore's Markdown and LaTeX
 * would read (\\ * _ ` [ ] $ < >) escaped; white space as it is. */
void	 md_escape(struct buf *b, const char *s, size_t n);

#endif
