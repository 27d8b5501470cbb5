/* fuzz-import-b.c - import_parse() of format b (and import_detect()). */
#include "config.h"

#define FUZZ_FORMAT	IMPORT_B
#include "fuzz-import.h"
