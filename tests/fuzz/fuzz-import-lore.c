/* fuzz-import-lore.c - import_parse() of format lore (and import_detect()). */
#include "config.h"

#define FUZZ_FORMAT	IMPORT_LORE
#include "fuzz-import.h"
