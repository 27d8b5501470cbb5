/* fuzz-conf.c - the config parser on hostile text: no crash, no UB, and
 * every key it accepts has a name that parses back to the same key. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
bind_cb(void *arg, const char *ctx, int key, const char *action, char *err,
    size_t errsz)
{
	char name[64];
	int back = -1;
	size_t n;

	(void)arg, (void)ctx, (void)action, (void)err, (void)errsz;
	n = conf_key_name(key, name, sizeof name);
	if (n == 0 || conf_key_parse(name, n, &back) != n || back != key)
		abort();
	return 0;
}

static int
set_cb(void *arg, const char *name, const char *value, char *err,
    size_t errsz)
{
	(void)arg, (void)name, (void)value, (void)err, (void)errsz;
	return 0;
}

static void
error_cb(void *arg, const char *path, long line, const char *msg)
{
	(void)arg, (void)path, (void)line;
	if (strlen(msg) == 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct conf_ops ops = { bind_cb, set_cb, error_cb };
	char *buf;
	int key;

	if (size > 65536)
		return 0;
	if ((buf = malloc(size + 1)) == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	conf_parse("fuzz", buf, size, &ops, NULL);
	/* The key-script reader walks a line key by key the same way. */
	for (size_t off = 0, used; off < size; off += used ? used : 1)
		used = conf_key_parse(buf + off, size - off, &key);
	free(buf);
	return 0;
}
