/* decklib.c - libzip and libzstd by dlopen (see decklib.h). */
#include "config.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "decklib.h"

/* The run-time names first (the packages libzip4, libzstd1), then the
 * development links. */
static const char *const zip_names[] = {
	"libzip.so.4", "libzip.so.5", "libzip.so", NULL,
};
static const char *const zstd_names[] = {
	"libzstd.so.1", "libzstd.so", NULL,
};

static void *
open_any(const char *const *names)
{
	void *h = NULL;

	for (; *names != NULL && h == NULL; names++)
		h = dlopen(*names, RTLD_NOW | RTLD_LOCAL);
	return h;
}

int
decklib_open(struct decklib *l, char *err, size_t errsz)
{
	const char *missing = NULL;

	memset(l, 0, sizeof *l);
	if ((l->zip = open_any(zip_names)) == NULL)
		missing = "libzip (Debian: apt install libzip4)";
	else if ((l->zstd = open_any(zstd_names)) == NULL)
		missing = "libzstd (Debian: apt install libzstd1)";
#define DECKLIB_SYM(lib, name)						\
	if (missing == NULL && (*(void **)&l->name = dlsym(l->lib, #name)) == NULL) \
		missing = #name;
	DECKLIB_FUNCS(DECKLIB_SYM)
#undef DECKLIB_SYM
	if (missing != NULL) {
		snprintf(err, errsz, "reading Anki decks needs %s", missing);
		decklib_close(l);
		return -1;
	}
	return 0;
}

void
decklib_close(struct decklib *l)
{
	if (l->zip != NULL)
		dlclose(l->zip);
	if (l->zstd != NULL)
		dlclose(l->zstd);
	memset(l, 0, sizeof *l);
}
