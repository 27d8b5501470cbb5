/* replay.c - run a fuzz target over every file of a corpus directory.
 *
 * Linked with one fuzz-*.c, this is how the fuzz corpora are replayed
 * under plain gcc (and the sanitizers) in every `make check`: one TAP test
 * per file. A target reports a bug by crashing, so reaching "ok" is a pass. */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
	DIR *dir;
	struct dirent *de;
	char **names = NULL, path[4096];
	size_t n = 0, cap = 0;
	int t = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s corpus-dir\n", argv[0]);
		return 2;
	}
	if ((dir = opendir(argv[1])) == NULL) {
		printf("1..0 # SKIP no corpus at %s\n", argv[1]);
		return 0;
	}
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((names = realloc(names, cap * sizeof *names)) == NULL)
				abort();
		}
		if ((names[n++] = strdup(de->d_name)) == NULL)
			abort();
	}
	closedir(dir);
	/* Sorted, so test numbers name the same file on every run. */
	qsort(names, n, sizeof *names, cmp);
	for (size_t i = 0; i < n; i++) {
		struct stat sb;
		FILE *fp;
		uint8_t *buf;
		size_t len;

		snprintf(path, sizeof path, "%s/%s", argv[1], names[i]);
		if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		if ((fp = fopen(path, "rb")) == NULL) {
			printf("not ok %d - %s: cannot open\n", ++t, names[i]);
			continue;
		}
		if ((buf = malloc((size_t)sb.st_size + 1)) == NULL)
			abort();
		len = fread(buf, 1, (size_t)sb.st_size, fp);
		fclose(fp);
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
		printf("ok %d - %s\n", ++t, names[i]);
		fflush(stdout);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	printf("1..%d\n", t);
	return 0;
}
