/* decklib.h - libzip and libzstd, opened only while a deck is read.
 *
 * Linked in, libzip brings libcrypto and libbz2 with it: 4.5 million more
 * instructions of relocation at every start of lore, three times what a
 * `lore define` costs otherwise, for the one command that reads .apkg
 * decks. So read_anki.c reaches them through this table, filled by
 * dlopen when a deck is imported and emptied after. */
#ifndef LORE_DECKLIB_H
#define LORE_DECKLIB_H

#include <stddef.h>

#include <zip.h>
#include <zstd.h>

#define DECKLIB_FUNCS(X)						\
	X(zip, zip_error_init)						\
	X(zip, zip_error_init_with_code)				\
	X(zip, zip_error_fini)						\
	X(zip, zip_error_strerror)					\
	X(zip, zip_source_buffer_create)				\
	X(zip, zip_source_free)						\
	X(zip, zip_open_from_source)					\
	X(zip, zip_open)						\
	X(zip, zip_discard)						\
	X(zip, zip_get_num_entries)					\
	X(zip, zip_get_name)						\
	X(zip, zip_stat)						\
	X(zip, zip_strerror)						\
	X(zip, zip_fopen)						\
	X(zip, zip_fread)						\
	X(zip, zip_fclose)						\
	X(zstd, ZSTD_getFrameContentSize)				\
	X(zstd, ZSTD_createDStream)					\
	X(zstd, ZSTD_initDStream)					\
	X(zstd, ZSTD_decompressStream)					\
	X(zstd, ZSTD_freeDStream)					\
	X(zstd, ZSTD_isError)						\
	X(zstd, ZSTD_getErrorName)

struct decklib {
	void	*zip, *zstd;	/* dlopen handles */
#define DECKLIB_MEMBER(lib, name)	__typeof__(name) *name;
	DECKLIB_FUNCS(DECKLIB_MEMBER)
#undef DECKLIB_MEMBER
};

/* 0, or -1 with a sentence saying which library is missing. */
int	decklib_open(struct decklib *l, char *err, size_t errsz);
void	decklib_close(struct decklib *l);

#endif
