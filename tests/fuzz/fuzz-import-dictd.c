/* fuzz-import-dictd.c - a dictd .index and .dict, cut from one input at
 * "\n--8<--\n", through dictd_parse(). */
#include "config.h"

#include "fuzz-reader.h"
#include "read_dict.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct entries es = { 0 };
	struct dict_files df = { .idxname = "fuzz.index",
	    .dictname = "fuzz.dict" };
	const char *part[2] = { 0 };
	size_t len[2] = { 0 }, n;
	char err[512] = "";
	bool text;
	char *buf = fuzz_copy(data, size, &text);

	n = fuzz_split(buf, size, part, len, 2);
	df.idx = part[0], df.idxlen = len[0];
	df.dict = n > 1 ? part[1] : "", df.dictlen = n > 1 ? len[1] : 0;
	fuzz_check(dictd_parse("fuzz.index", &df, &es, err, sizeof err), err,
	    "fuzz.", &es, true);
	free(buf);
	return 0;
}
