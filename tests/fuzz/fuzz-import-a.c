/* fuzz-import-a.c - import_parse() of format a (and import_detect()). */
#include "config.h"

#define FUZZ_FORMAT	IMPORT_A
#include "fuzz-import.h"
