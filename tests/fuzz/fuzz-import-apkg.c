/* fuzz-import-apkg.c - the apkg reader through import_parse(). */
#include "config.h"

#include "fuzz-reader.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_parse(data, size, "fuzz.apkg", IMPORT_APKG);
}
