/* common.c - output helpers shared by the subcommands. */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "corpus.h"
#include "msg.h"
#include "text.h"
#include "util.h"

volatile sig_atomic_t cli_interrupted;

void
cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_vprint("lore: ", fmt, ap);
	va_end(ap);
}

void
cli_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_vprint("", fmt, ap);
	va_end(ap);
}

void
cli_caret(const char *s, size_t off)
{
	char *pre;
	size_t len = strlen(s), w;

	if (off > len)
		off = len;
	/* The caret goes under the escaped text, where the user sees it. */
	pre = text_escape(s, off, false);
	w = text_width(pre, strlen(pre));
	free(pre);
	/* Escaped text is left as it is by the second escaping. */
	pre = text_escape(s, len, false);
	cli_note("  %s\n  %*s^", pre, (int)w, "");
	free(pre);
}

struct corpus *
cli_open(const struct cli *o)
{
	struct corpus *c;
	char err[1024] = "";

	if (corpus_open(&c, o->bundled, o->user, err, sizeof err) != CORPUS_OK) {
		cli_error("%s", err);
		return NULL;
	}
	return c;
}

bool
cli_styled(const struct cli *o)
{
	const char *nc = getenv("NO_COLOR");

	if (nc != NULL && nc[0] != '\0')
		return false;
	return o->color == 1 || (o->color == -1 && o->tty);
}

void
cli_puts(FILE *fp, const char *s)
{
	char *c = text_sanitize(s, strlen(s), true, NULL);

	fputs(c, fp);
	free(c);
}

void
json_str(FILE *fp, const char *s)
{
	char *c = text_sanitize(s, strlen(s), true, NULL);
	const unsigned char *p;

	fputc('"', fp);
	for (p = (const unsigned char *)c; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", fp);
			break;
		case '\\':
			fputs("\\\\", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		default:
			if (*p < 0x20)
				fprintf(fp, "\\u%04x", *p);
			else
				fputc(*p, fp);
		}
	}
	fputc('"', fp);
	free(c);
}

void
json_num(FILE *fp, double v)
{
	const char *dp = localeconv()->decimal_point;
	char buf[40], *p;
	int prec;

	if (!isfinite(v)) {
		fputs("null", fp);
		return;
	}
	/* The shortest of 15 to 17 digits that reads back as v: 17 always
	 * does, 15 gives 0.1 rather than 0.10000000000000001. */
	for (prec = 15; prec < 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	if (prec == 17)
		snprintf(buf, sizeof buf, "%.17g", v);
	/* JSON wants '.', whatever LC_NUMERIC says. */
	if (dp[0] != '.' && dp[0] != '\0' && dp[1] == '\0' &&
	    (p = strchr(buf, dp[0])) != NULL)
		*p = '.';
	fputs(buf, fp);
}

int
cli_mkdir_for(const char *path)
{
	char *dir = xstrdup(path), *p;

	if ((p = strrchr(dir, '/')) == NULL || p == dir) {
		free(dir);
		return 0;
	}
	*p = '\0';
	for (p = dir + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			free(dir);
			return -1;
		}
		*p = '/';
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		free(dir);
		return -1;
	}
	free(dir);
	return 0;
}

char
cli_letter(const char *s)
{
	if (s == NULL || s[0] == '\0')
		return 0;
	if (s[1] == '\0' && ((s[0] >= 'a' && s[0] <= 'z') ||
	    (s[0] >= 'A' && s[0] <= 'Z')))
		return (char)(s[0] & ~0x20);
	if (strcmp(s, "#") == 0)
		return '#';
	return -1;
}
