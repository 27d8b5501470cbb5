/* tui.h - the curses browser; main.c's only window into src/tui. */
#ifndef LORE_TUI_H
#define LORE_TUI_H

struct corpus;

struct tui_opts {
	const char	*progress_path;	/* per-user progress.db (quiz, recent lookups) */
	const char	*config_path;	/* NULL: $XDG_CONFIG_HOME/lore/config */
	const char	*script_path;	/* key script for headless tests, or NULL */
	const char	*start_term;	/* open on this term, or NULL */
	int		 color;		/* -1 auto, 0 never, 1 always */
	const char	*now;		/* LORE_NOW: the quiz clock, pinned */
};

/* Run the browser until the user quits. Returns the process exit status. */
int	tui_run(struct corpus *c, const struct tui_opts *o);

#endif
