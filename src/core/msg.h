/* msg.h - messages on stderr, escaped: the one way lore prints one.
 *
 * Messages quote what the user typed (arguments, file names, config lines)
 * and what files hold, so the whole line is escaped (text_escape): ESC, C1
 * controls, bidi overrides and invalid UTF-8 show as \x1b, \u202e, \xff,
 * never reach the terminal raw. The CLI (cli_error, cli_note) and the TUI
 * (after it has given the terminal back) both print through here. */
#ifndef LORE_MSG_H
#define LORE_MSG_H

#include <stdarg.h>

/* prefix, then the message, then a newline, in one write. */
void	msg_print(const char *prefix, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	msg_vprint(const char *prefix, const char *fmt, va_list ap)
	    __attribute__((format(printf, 2, 0)));

#endif
