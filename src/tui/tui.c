/* tui.c - placeholder until the browser lands. */
#include "config.h"

#include <stdio.h>

#include "tui/tui.h"

int
tui_run(struct corpus *c, const struct tui_opts *o)
{
	(void)c, (void)o;
	fprintf(stderr, "lore: the browser is not built yet; use lore list\n");
	return 2;
}
