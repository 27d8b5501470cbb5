/* fuzz-import-c.c - import_parse() of format c (and import_detect()). */
#include "config.h"

#define FUZZ_FORMAT	IMPORT_C
#include "fuzz-import.h"
