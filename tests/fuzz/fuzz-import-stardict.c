/* fuzz-import-stardict.c - StarDict's .ifo, .idx, .dict and .syn, cut from
 * one input at "\n--8<--\n", through stardict_parse(). */
#include "config.h"

#include "fuzz-reader.h"
#include "read_dict.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct entries es = { 0 };
	struct dict_files df = { .idxname = "fuzz.idx", .dictname = "fuzz.dict",
	    .synname = "fuzz.syn" };
	const char *part[4] = { 0 };
	size_t len[4] = { 0 }, n;
	char err[512] = "";
	bool text;
	char *buf = fuzz_copy(data, size, &text);

	n = fuzz_split(buf, size, part, len, 4);
	df.ifo = part[0], df.ifolen = len[0];
	df.idx = n > 1 ? part[1] : "", df.idxlen = n > 1 ? len[1] : 0;
	df.dict = n > 2 ? part[2] : "", df.dictlen = n > 2 ? len[2] : 0;
	df.syn = n > 3 ? part[3] : NULL, df.synlen = n > 3 ? len[3] : 0;
	fuzz_check(stardict_parse("fuzz.ifo", &df, &es, err, sizeof err), err,
	    "fuzz.", &es, true);
	free(buf);
	return 0;
}
