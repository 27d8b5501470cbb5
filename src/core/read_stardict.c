/* read_stardict.c - StarDict dictionaries (sdcv, GoldenDict): NAME.ifo with
 * NAME.idx (or .idx.gz), NAME.dict (or dictzip .dict.dz) and an optional
 * NAME.syn, whose synonyms become aliases.
 *
 * The .idx is a sorted run of (word, NUL, offset, size), the offset 32 or
 * 64 bits (idxoffsetbits) and both big-endian, pointing into the .dict.
 * An article is a sequence of typed fields: with sametypesequence the
 * types are given once in the .ifo and each field but the last ends with
 * a NUL (lowercase, text) or starts with a 32-bit size (uppercase,
 * binary); without it each field starts with its type letter. Text types
 * become Markdown: m, l, y, w, n as plain text, t (phonetics) between
 * slashes, h (HTML), x (XDXF), g (Pango) and k through html.c. Binary
 * fields (sound, pictures) are dropped and counted. */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gzfile.h"
#include "html.h"
#include "import.h"
#include "read_dict.h"
#include "text.h"
#include "util.h"

#define IFO_MAGIC	"StarDict's dict ifo file"

struct ifo {
	char	*bookname, *types, *description;
	int	 offbits;
};

static void
ifo_free(struct ifo *f)
{
	free(f->bookname);
	free(f->types);
	free(f->description);
}

static int
ifo_parse(const char *path, const char *buf, size_t len, struct ifo *f,
    char *err, size_t errsz)
{
	struct import_lines ls;
	size_t i;

	memset(f, 0, sizeof *f);
	f->offbits = 32;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		buf += 3, len -= 3;
	import_split_lines(buf, len, &ls);
	if (ls.n == 0 || ls.v[0].n < strlen(IFO_MAGIC) ||
	    memcmp(ls.v[0].s, IFO_MAGIC, strlen(IFO_MAGIC)) != 0) {
		import_seterr(err, errsz, path, 1, "not a StarDict .ifo (its "
		    "first line must be \"" IFO_MAGIC "\")");
		free(ls.v);
		return -1;
	}
	for (i = 1; i < ls.n; i++) {
		const struct import_line *l = &ls.v[i];
		const char *eq = memchr(l->s, '=', l->n);
		size_t k, vn;

		if (eq == NULL)
			continue;
		k = (size_t)(eq - l->s);
		vn = l->n - k - 1;
#define KEY(key) (k == sizeof(key) - 1 && memcmp(l->s, key, k) == 0)
		if (KEY("bookname"))
			free(f->bookname), f->bookname = import_trimdup(eq + 1, vn);
		else if (KEY("sametypesequence"))
			free(f->types), f->types = import_trimdup(eq + 1, vn);
		else if (KEY("description"))
			free(f->description),
			    f->description = import_trimdup(eq + 1, vn);
		else if (KEY("idxoffsetbits"))
			f->offbits = vn == 2 && memcmp(eq + 1, "64", 2) == 0 ?
			    64 : 32;
#undef KEY
	}
	free(ls.v);
	if (f->types != NULL)
		for (i = 0; f->types[i] != '\0'; i++)
			if (!isalpha((unsigned char)f->types[i])) {
				import_seterr(err, errsz, path, 0, "sametypesequence "
				    "'%s' is not a list of type letters", f->types);
				ifo_free(f);
				return -1;
			}
	return 0;
}

static uint64_t
be(const unsigned char *p, int bytes)
{
	uint64_t v = 0;

	while (bytes-- > 0)
		v = v << 8 | *p++;
	return v;
}

/* One field's text, as Markdown, appended to body. */
static void
field_add(struct buf *body, char type, const char *s, size_t n,
    struct html_stats *st)
{
	char *md;

	if (isupper((unsigned char)type)) {
		st->media++;
		return;
	}
	while (n > 0 && s[n - 1] == '\0')
		n--;
	switch (type) {
	case 'h': case 'x': case 'g': case 'k':
		md = html_to_markdown(s, n, st);
		break;
	case 'r':	/* a list of resource files */
		st->media++;
		return;
	default:
		md = text_to_markdown(s, n);
		break;
	}
	if (md[0] != '\0') {
		if (body->len > 0)
			buf_add(body, "\n\n", 2);
		if (type == 't')
			buf_printf(body, "/%s/", md);
		else
			buf_adds(body, md);
	}
	free(md);
}

/* The article at d[0..n) as Markdown into body; -1 when its fields run
 * past its end. */
static int
article(const char *d, size_t n, const char *types, struct buf *body,
    struct html_stats *st)
{
	size_t i = 0, t = 0;

	while (i < n || (types != NULL && t == 0)) {
		char type;
		bool last;
		size_t len;

		if (types != NULL) {
			if (types[t] == '\0')
				break;
			type = types[t++];
			last = types[t] == '\0';
		} else {
			type = d[i++];
			last = false;
		}
		if (isupper((unsigned char)type)) {
			if (last)
				len = n - i;
			else {
				if (n - i < 4)
					return -1;
				len = (size_t)be((const unsigned char *)d + i, 4);
				i += 4;
				if (len > n - i)
					return -1;
			}
		} else if (last)
			len = n - i;
		else {
			const char *z = memchr(d + i, '\0', n - i);

			if (z == NULL) {
				if (types != NULL)
					return -1;
				z = d + n;	/* the last field may lack its NUL */
			}
			len = (size_t)(z - (d + i));
		}
		field_add(body, type, d + i, len, st);
		i += len;
		if (!isupper((unsigned char)type) && i < n && d[i] == '\0')
			i++;
		if (last)
			break;
	}
	return 0;
}


int
stardict_parse(const char *path, const struct dict_files *df,
    struct entries *out, char *err, size_t errsz)
{
	struct ifo f;
	struct html_stats st = { 0 };
	struct buf body = { 0 };
	size_t i = 0, nword = 0, *at = NULL, cap = 0;
	const unsigned char *idx = (const unsigned char *)df->idx;
	int offbytes, rc = -1;

	if (ifo_parse(path, df->ifo, df->ifolen, &f, err, errsz) != 0)
		return -1;
	offbytes = f.offbits / 8;
	while (i < df->idxlen) {
		const unsigned char *z = memchr(idx + i, '\0', df->idxlen - i);
		uint64_t off, size;
		size_t wlen;

		if (z == NULL || (size_t)(z - idx) + 1 + (size_t)offbytes + 4 >
		    df->idxlen) {
			import_seterr(err, errsz, df->idxname, 0, "truncated after "
			    "%zu words (the .idx ends inside an entry)", nword);
			goto out;
		}
		wlen = (size_t)(z - (idx + i));
		off = be(z + 1, offbytes);
		size = be(z + 1 + offbytes, 4);
		if (off > df->dictlen || size > df->dictlen - off) {
			char *w = dict_clean((const char *)idx + i, wlen);

			import_seterr(err, errsz, df->idxname, 0, "word %zu ('%s') "
			    "points past the end of %s (%llu+%llu > %zu bytes)",
			    nword + 1, w, df->dictname, (unsigned long long)off,
			    (unsigned long long)size, df->dictlen);
			free(w);
			goto out;
		}
		at = xgrow(at, nword, &cap, 1024, sizeof *at);
		at[nword] = SIZE_MAX;
		buf_reset(&body);
		if (article(df->dict + off, (size_t)size, f.types, &body,
		    &st) != 0) {
			char *w = dict_clean((const char *)idx + i, wlen);

			import_seterr(err, errsz, df->dictname, 0, "the article "
			    "of '%s' (word %zu) is cut short: its fields run "
			    "past its size", w, nword + 1);
			free(w);
			goto out;
		}
		char *hw = dict_clean((const char *)idx + i, wlen);
		char *text = dict_clean_text(body.s != NULL ? body.s : "", body.len);
		if (!dict_storable(hw) || text[0] == '\0') {
			free(hw);	/* nothing to show: skipped */
			free(text);
			out->skipped++;
		} else {
			struct entry *e = import_entry_new(out, (long)nword + 1);

			e->headword = hw;
			e->body = text;
			at[nword] = out->n - 1;
		}
		nword++;
		i = (size_t)(z - idx) + 1 + (size_t)offbytes + 4;
	}
	/* Synonyms: (word, NUL, 32-bit index of the .idx word). */
	for (i = 0; i < df->synlen;) {
		const unsigned char *syn = (const unsigned char *)df->syn;
		const unsigned char *z = memchr(syn + i, '\0', df->synlen - i);
		uint64_t k;

		if (z == NULL || (size_t)(z - syn) + 5 > df->synlen) {
			import_seterr(err, errsz, df->synname, 0, "truncated (it "
			    "ends inside an entry)");
			goto out;
		}
		k = be(z + 1, 4);
		if (k >= nword) {
			import_seterr(err, errsz, df->synname, 0, "a synonym points "
			    "at word %llu of %zu", (unsigned long long)k + 1,
			    nword);
			goto out;
		}
		if (at[k] != SIZE_MAX) {
			struct entry *e = &out->v[at[k]];
			char *a = dict_clean((const char *)syn + i,
			    (size_t)(z - (syn + i)));

			if (strcmp(a, e->headword) != 0)
				(void)import_names_add(&e->aliases, &e->naliases,
				    a, strlen(a));
			free(a);
		}
		i = (size_t)(z - syn) + 5;
	}
	out->media += st.media;
	out->senses = true;
	free(out->title);
	out->title = f.bookname != NULL ? dict_clean(f.bookname,
	    strlen(f.bookname)) : NULL;
	free(out->notes);
	out->notes = f.description != NULL ? dict_clean_text(f.description,
	    strlen(f.description)) : NULL;
	rc = 0;
out:
	free(at);
	buf_free(&body);
	ifo_free(&f);
	return rc;
}
