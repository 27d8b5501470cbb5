/* render.c - placeholder: plain wrapped text until the md4c renderer lands. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "text.h"
#include "util.h"

static void
add_line(struct rdoc *d, const char *s, size_t n)
{
	struct rline *l;

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->lines = xreallocarray(d->lines, d->cap, sizeof *d->lines);
	}
	l = &d->lines[d->n++];
	l->text = xstrndup(s, n);
	l->len = n;
	l->spans = NULL;
	l->nspans = 0;
}

int
render_markdown(const char *src, size_t len, const struct render_opts *o,
    struct rdoc *out)
{
	char *clean = text_sanitize(src, len, true, &len);
	size_t i = 0;

	while (i <= len) {
		size_t eol = i, w, k;

		while (eol < len && clean[eol] != '\n')
			eol++;
		do {
			k = text_fit(clean + i, eol - i, (size_t)o->width, &w);
			if (k < eol - i) {
				size_t sp = k;

				while (sp > 0 && clean[i + sp] != ' ')
					sp--;
				if (sp > 0)
					k = sp;
			}
			add_line(out, clean + i, k);
			i += k;
			while (i < eol && clean[i] == ' ')
				i++;
		} while (i < eol);
		i = eol + 1;
	}
	free(clean);
	return 0;
}

void
rdoc_free(struct rdoc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->lines[i].text);
		free(d->lines[i].spans);
	}
	for (size_t i = 0; i < d->nlinks; i++)
		free(d->links[i]);
	free(d->lines);
	free(d->links);
	memset(d, 0, sizeof *d);
}

void
rdoc_print(const struct rdoc *d, FILE *fp, bool ansi)
{
	(void)ansi;
	for (size_t i = 0; i < d->n; i++) {
		fputs(d->lines[i].text, fp);
		fputc('\n', fp);
	}
}
