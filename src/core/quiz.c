/* quiz.c - flashcards from glossary terms, answer checking, sessions. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "quiz.h"
#include "render.h"
#include "text.h"
#include "util.h"

static const char *const kind_names[QUIZ_NKINDS] = {
	"define", "reverse", "typed", "choice", "cloze"
};

const char *
quiz_kind_name(enum quiz_kind k)
{
	return (unsigned)k < QUIZ_NKINDS ? kind_names[k] : "?";
}

int
quiz_kind_parse(const char *name)
{
	int k;

	for (k = 0; k < QUIZ_NKINDS; k++) {
		if (strcmp(name, kind_names[k]) == 0)
			return k;
	}
	return -1;
}

bool
quiz_kind_auto(enum quiz_kind k)
{
	return k == QUIZ_TYPED || k == QUIZ_CHOICE;
}

enum srs_grade
quiz_verdict_grade(enum quiz_verdict v)
{
	switch (v) {
	case QUIZ_CORRECT:
		return SRS_GOOD;
	case QUIZ_ALMOST:
		return SRS_HARD;
	default:
		return SRS_AGAIN;
	}
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static bool
is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

static bool
prefix_nocase(const char *s, const char *pre, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\0' || lower((unsigned char)s[i]) !=
		    lower((unsigned char)pre[i]))
			return false;
	}
	return true;
}

/* The headword and the aliases, longest first: of two forms a typed
 * answer is equally near, the diff shows the longer, fuller one. */
static size_t
term_forms(const struct quiz_term *t, const char **forms)
{
	size_t n = 0, i, j;
	const char *tmp;

	if (t->headword != NULL && *t->headword != '\0')
		forms[n++] = t->headword;
	for (i = 0; i < t->naliases; i++) {
		if (t->aliases[i] != NULL && *t->aliases[i] != '\0')
			forms[n++] = t->aliases[i];
	}
	for (i = 1; i < n; i++) {
		for (j = i; j > 0 && strlen(forms[j]) > strlen(forms[j - 1]); j--) {
			tmp = forms[j];
			forms[j] = forms[j - 1];
			forms[j - 1] = tmp;
		}
	}
	return n;
}

struct math_mask {
	const char	*s;
	bool		*in;
};

static void
mark_math(void *arg, const char *p, size_t n, bool display)
{
	struct math_mask *mm = arg;

	(void)display;
	memset(mm->in + (p - mm->s), 1, n);
}

static bool
is_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}

/* Is s[a..e) the word form matched at s[i], or its plural? */
static bool
whole_word(const char *s, size_t a, size_t i, size_t e, size_t len)
{
	return a == i && (e == i + len || (e == i + len + 1 && s[i + len] ==
	    's') || (e == i + len + 2 && strncmp(s + i + len, "es", 2) == 0));
}

/* Does form, matched at s[i] inside a longer word, read as a part of it?
 * Its capitals after the first letter must be capitals there, so "AMP"
 * leaves "example" alone but "ELU" takes "ReLU"; and inside a word a form
 * without such capitals must start a capitalised part ("PyTorch"), or
 * "eta" would take "theta". */
static bool
part_of_word(const char *s, size_t a, size_t i, const char *form,
    size_t len)
{
	bool inner = false;
	size_t j;

	for (j = 1; j < len; j++) {
		if (!is_upper((unsigned char)form[j]))
			continue;
		if (!is_upper((unsigned char)s[i + j]))
			return false;
		inner = true;
	}
	return a == i || inner || is_upper((unsigned char)s[i]);
}

/* Mark in hide[] where form occurs in s[0..n). A form of 3 or more
 * characters hides the whole word it is part of, since compounds give it
 * away ("FlashAttention", "QLoRA", "AdamW", "PReLU"); a shorter one only
 * a word of its own or its plural, or "AI" would blank "chair". */
static void
mark_form(const char *s, size_t n, const char *form, bool *hide)
{
	size_t len = strlen(form), i, a, e;

	for (i = 0; i + len <= n; i++) {
		if (!prefix_nocase(s + i, form, len))
			continue;
		a = i;
		e = i + len;
		while (a > 0 && is_alnum((unsigned char)s[a - 1]))
			a--;
		while (is_alnum((unsigned char)s[e]))
			e++;
		if (!whole_word(s, a, i, e, len) && (len < 3 ||
		    !part_of_word(s, a, i, form, len)))
			continue;
		memset(hide + a, 1, e - a);
	}
}

char *
quiz_blank_terms(const struct quiz_term *t)
{
	struct buf b = { 0 };
	const char **forms = xcalloc(t->naliases + 1, sizeof *forms);
	const char *s = t->body != NULL ? t->body : "";
	size_t n = strlen(s), nforms = term_forms(t, forms), i, k;
	bool *hide = xcalloc(n + 1, sizeof *hide);
	struct math_mask mm = { s, xcalloc(n + 1, sizeof *mm.in) };

	for (k = 0; k < nforms; k++)
		mark_form(s, n, forms[k], hide);
	render_each_math(s, mark_math, &mm);
	for (i = 0; i < n;) {
		if (!hide[i]) {
			buf_addc(&b, s[i++]);
			continue;
		}
		/* In a formula "_" is a subscript: escape the blank, and take a
		 * command's backslash with it ("\tanh"). */
		if (mm.in[i]) {
			if (b.len > 0 && b.s[b.len - 1] == '\\' &&
			    (b.len < 2 || b.s[b.len - 2] != '\\'))
				b.s[--b.len] = '\0';
			buf_adds(&b, "\\_\\_\\_\\_");
		} else
			buf_adds(&b, QUIZ_BLANK);
		while (i < n && hide[i])
			i++;
	}
	free(hide);
	free(mm.in);
	free(forms);
	return buf_take(&b);
}

/* Is phrase the headword or an alias, ignoring case and punctuation? */
static bool
is_term_form(const struct quiz_term *t, const char *phrase, size_t n)
{
	char *p = xstrndup(phrase, n), *fp = text_fold(p), *ff;
	bool same = false;
	size_t i;

	same = t->headword != NULL &&
	    strcmp(fp, (ff = text_fold(t->headword))) == 0;
	if (t->headword != NULL)
		free(ff);
	for (i = 0; !same && i < t->naliases; i++) {
		ff = text_fold(t->aliases[i]);
		same = strcmp(fp, ff) == 0;
		free(ff);
	}
	free(p);
	free(fp);
	return same;
}

/* Does phrase occur at s[i], case aside, as a whole word? Its plural
 * ("core points") counts too, the suffix staying outside the match. */
static bool
phrase_at(const char *s, size_t i, const char *phrase, size_t n)
{
	const char *e = s + i + n;
	size_t k;

	if (!prefix_nocase(s + i, phrase, n))
		return false;
	if (is_alnum((unsigned char)phrase[0]) && i > 0 &&
	    is_alnum((unsigned char)s[i - 1]))
		return false;
	if (is_alnum((unsigned char)phrase[n - 1]) &&
	    is_alnum((unsigned char)e[0])) {
		k = e[0] == 's' ? 1 : e[0] == 'e' && e[1] == 's' ? 2 : 0;
		if (k == 0 || is_alnum((unsigned char)e[k]))
			return false;
	}
	return true;
}

/* Copy s[0..n) (s runs on to a NUL) with every other occurrence of phrase
 * as the gap too, "**" and all when it is bold again: a phrase said twice
 * would otherwise answer its own gap (DBSCAN's "core point"). */
static void
add_gapped(struct buf *b, const char *s, size_t n, const char *phrase)
{
	size_t plen = strlen(phrase), i;

	for (i = 0; i < n;) {
		if (plen > 0 && i + plen + 4 <= n &&
		    strncmp(s + i, "**", 2) == 0 &&
		    phrase_at(s, i + 2, phrase, plen) &&
		    strncmp(s + i + 2 + plen, "**", 2) == 0) {
			buf_adds(b, QUIZ_CLOZE_GAP);
			i += plen + 4;
		} else if (plen > 0 && i + plen <= n &&
		    phrase_at(s, i, phrase, plen)) {
			buf_adds(b, QUIZ_CLOZE_GAP);
			i += plen;
		} else
			buf_addc(b, s[i++]);
	}
}

char *
quiz_cloze(const struct quiz_term *t, char **phrase)
{
	const char *s = t->body != NULL ? t->body : "", *p, *q;
	struct buf b = { 0 };

	*phrase = NULL;
	for (p = strstr(s, "**"); p != NULL; p = strstr(q + 2, "**")) {
		if ((q = strstr(p + 2, "**")) == NULL)
			break;
		if (q > p + 2 && !is_term_form(t, p + 2, (size_t)(q - p - 2)))
			goto found;
	}
	if ((p = strstr(s, "$$")) != NULL && (q = strstr(p + 2, "$$")) != NULL &&
	    q > p + 2) {
		/* The whole display formula is the answer, delimiters and all,
		 * so the renderer draws it as it would in the body. */
		*phrase = xstrndup(p, (size_t)(q + 2 - p));
		goto gap;
	}
	return NULL;
found:
	*phrase = xstrndup(p + 2, (size_t)(q - p - 2));
gap:
	add_gapped(&b, s, (size_t)(p - s), *phrase);
	buf_adds(&b, QUIZ_CLOZE_GAP);
	add_gapped(&b, q + 2, strlen(q + 2), *phrase);
	return buf_take(&b);
}

/* splitmix64: small, good enough, and the same everywhere. */
static uint64_t
rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

static bool
same_str(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* Pick up to want distinct distractors from cand[0..n), shuffled by rng;
 * a headword equal (folded) to the answer or to one already picked is
 * skipped so no two choices read the same. */
static void
pick_distractors(const struct quiz_term *terms, size_t *cand, size_t n,
    uint64_t *rng, char **folded, size_t *picked, size_t *npicked,
    size_t want)
{
	size_t i, j, tmp;
	char *f;
	bool dup;

	for (i = 0; i < n && *npicked < want; i++) {
		j = i + (size_t)(rng_next(rng) % (n - i));
		tmp = cand[i], cand[i] = cand[j], cand[j] = tmp;
		f = text_fold(terms[cand[i]].headword);
		dup = *f == '\0';
		for (j = 0; !dup && j <= *npicked; j++)
			dup = strcmp(f, folded[j]) == 0;
		if (dup) {
			free(f);
			continue;
		}
		picked[*npicked] = cand[i];
		folded[++*npicked] = f;
	}
}

static int
make_choice(const struct quiz_term *terms, size_t nterms, size_t idx,
    uint64_t seed, struct quiz_card *c)
{
	const struct quiz_term *t = &terms[idx];
	size_t *same = xcalloc(nterms, sizeof *same);
	size_t *other = xcalloc(nterms, sizeof *other);
	size_t nsame = 0, nother = 0, picked[3], npicked = 0, i, pos;
	char *folded[4];
	uint64_t rng = seed ^ hash_str(t->slug);

	for (i = 0; i < nterms; i++) {
		if (i == idx || same_str(terms[i].slug, t->slug))
			continue;
		if (same_str(terms[i].category, t->category))
			same[nsame++] = i;
		else
			other[nother++] = i;
	}
	folded[0] = text_fold(t->headword);
	pick_distractors(terms, same, nsame, &rng, folded, picked, &npicked, 3);
	pick_distractors(terms, other, nother, &rng, folded, picked, &npicked, 3);
	free(same);
	free(other);
	for (i = 0; i <= npicked; i++)
		free(folded[i]);
	if (npicked == 0)
		return -1;

	c->nchoices = npicked + 1;
	pos = (size_t)(rng_next(&rng) % c->nchoices);
	c->correct = pos;
	for (i = 0; i < c->nchoices; i++) {
		if (i == pos)
			c->choices[i] = xstrdup(t->headword);
		else
			c->choices[i] = xstrdup(terms[picked[i < pos ? i : i - 1]].headword);
	}
	c->prompt = quiz_blank_terms(t);
	c->answer = xstrdup(t->headword);
	return 0;
}

int
quiz_card_make(const struct quiz_term *terms, size_t nterms, size_t idx,
    enum quiz_kind kind, uint64_t seed, struct quiz_card *c)
{
	const struct quiz_term *t = &terms[idx];
	char *phrase;

	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->term = idx;
	switch (kind) {
	case QUIZ_DEFINE:
		c->prompt = xstrdup(t->headword);
		c->answer = xstrdup(t->body != NULL ? t->body : "");
		return 0;
	case QUIZ_REVERSE:
	case QUIZ_TYPED:
		c->prompt = quiz_blank_terms(t);
		c->answer = xstrdup(t->headword);
		return 0;
	case QUIZ_CHOICE:
		return make_choice(terms, nterms, idx, seed, c);
	case QUIZ_CLOZE:
		if ((c->prompt = quiz_cloze(t, &phrase)) == NULL)
			return -1;
		c->answer = phrase;
		return 0;
	default:
		return -1;
	}
}

void
quiz_card_free(struct quiz_card *c)
{
	size_t i;

	free(c->prompt);
	free(c->answer);
	for (i = 0; i < c->nchoices; i++)
		free(c->choices[i]);
	memset(c, 0, sizeof *c);
}

/* A code point of a folded string, and the bytes of the original it
 * came from: the diff compares the first and shows the second. */
struct fcp {
	uint32_t	 cp;
	size_t		 off, len;
};

static struct fcp *
fold_cps(const char *s, size_t *n)
{
	size_t *pos, flen, i, k = 0, step;
	char *f = text_fold_map(s, &pos);
	struct fcp *v;

	flen = strlen(f);
	v = xcalloc(flen + 1, sizeof *v);
	for (i = 0; i < flen; i += step, k++) {
		step = text_decode(f + i, flen - i, &v[k].cp);
		v[k].off = pos[i];
		v[k].len = pos[i + step - 1] + 1 - pos[i];
	}
	*n = k;
	free(pos);
	free(f);
	return v;
}

static void
add_orig(struct buf *b, const char *s, const struct fcp *c)
{
	buf_add(b, s + c->off, c->len);
}

char *
quiz_diff(const char *expected, const char *got)
{
	size_t la, lb, i, j, w, at, nops;
	struct fcp *a = fold_cps(expected, &la), *b = fold_cps(got, &lb);
	size_t *d;
	uint32_t *ca, *cb;
	struct buf out = { 0 }, rev = { 0 };
	char *ops;

	/* Optimal string alignment, as text_distance, by code point: the
	 * whole table, to walk back through it. */
	w = lb + 1;
	d = xcalloc((la + 1) * w, sizeof *d);
	ca = xcalloc(la + lb + 1, sizeof *ca);
	cb = ca + la;
	for (i = 0; i < la; i++)
		ca[i] = a[i].cp;
	for (j = 0; j < lb; j++)
		cb[j] = b[j].cp;
	for (j = 0; j <= lb; j++)
		d[j] = j;
	for (i = 1; i <= la; i++)
		(void)text_osa_row(ca, i, cb, lb, i > 1 ? d + (i - 2) * w : NULL,
		    d + (i - 1) * w, d + i * w);
	free(ca);
	/* Walk back from the end, recording one op letter per step. Gaps are
	 * taken before matches when both are optimal, which puts them as far
	 * right as possible: "clas[s]ifier", "softmax(x)", as people read. */
	for (i = la, j = lb; i > 0 || j > 0;) {
		size_t here = d[i * w + j];

		if (i > 0 && here == d[(i - 1) * w + j] + 1) {
			buf_addc(&rev, 'd');
			i--;
		} else if (j > 0 && here == d[i * w + j - 1] + 1) {
			buf_addc(&rev, 'i');
			j--;
		} else if (a[i - 1].cp == b[j - 1].cp) {
			buf_addc(&rev, '=');
			i--, j--;
		} else if (i > 1 && j > 1 && a[i - 1].cp == b[j - 2].cp &&
		    a[i - 2].cp == b[j - 1].cp &&
		    here == d[(i - 2) * w + j - 2] + 1) {
			buf_addc(&rev, 't');
			i -= 2, j -= 2;
		} else {
			buf_addc(&rev, 's');
			i--, j--;
		}
	}
	/* Replay forwards on the answer as written: what folding dropped
	 * (spaces, hyphens) is copied as it stands, and every character in
	 * its own case, "naive Bay[e]s clas[s]ifier". */
	ops = rev.s;
	nops = rev.len;
	for (i = 0, j = 0, at = 0; nops > 0; nops--) {
		if (ops[nops - 1] != 'i') {
			buf_add(&out, expected + at, a[i].off - at);
			at = a[i].off;
		}
		switch (ops[nops - 1]) {
		case '=':
			add_orig(&out, expected, &a[i++]);
			j++;
			break;
		case 's':
			buf_addc(&out, '[');
			add_orig(&out, expected, &a[i++]);
			buf_addc(&out, '/');
			add_orig(&out, got, &b[j++]);
			buf_addc(&out, ']');
			break;
		case 't':
			buf_addc(&out, '[');
			buf_add(&out, expected + a[i].off,
			    a[i + 1].off + a[i + 1].len - a[i].off);
			buf_addc(&out, '/');
			add_orig(&out, got, &b[j]);
			add_orig(&out, got, &b[j + 1]);
			buf_addc(&out, ']');
			i += 2, j += 2;
			break;
		case 'd':
			buf_addc(&out, '[');
			add_orig(&out, expected, &a[i++]);
			buf_addc(&out, ']');
			break;
		default:
			buf_addc(&out, '(');
			add_orig(&out, got, &b[j++]);
			buf_addc(&out, ')');
			break;
		}
		if (ops[nops - 1] != 'i')
			at = a[i - 1].off + a[i - 1].len;
	}
	buf_adds(&out, expected + at);
	buf_free(&rev);
	free(d);
	free(a);
	free(b);
	return buf_take(&out);
}

/* Edits allowed for a near miss of a folded form of len bytes. */
static size_t
near_limit(size_t len)
{
	if (len <= 4)
		return 1;
	return len / 5 > 2 ? len / 5 : 2;
}

enum quiz_verdict
quiz_check_typed(const struct quiz_term *t, const char *input, char **diff)
{
	const char **forms = xcalloc(t->naliases + 1, sizeof *forms);
	size_t nforms = term_forms(t, forms), k, dist, best = (size_t)-1;
	size_t bestk = 0;
	char *in = text_fold(input), *f;
	enum quiz_verdict v = QUIZ_WRONG;

	if (diff != NULL)
		*diff = NULL;
	for (k = 0; *in != '\0' && k < nforms; k++) {
		f = text_fold(forms[k]);
		if (strcmp(f, in) == 0) {
			free(f);
			v = QUIZ_CORRECT;
			break;
		}
		dist = text_distance(f, in, near_limit(strlen(f)));
		if (dist <= near_limit(strlen(f)) && dist < best) {
			best = dist;
			bestk = k;
		}
		free(f);
	}
	if (v != QUIZ_CORRECT && best != (size_t)-1) {
		v = QUIZ_ALMOST;
		if (diff != NULL)
			*diff = quiz_diff(forms[bestk], input);
	}
	free(in);
	free(forms);
	return v;
}

enum quiz_verdict
quiz_check_choice(const struct quiz_card *c, size_t picked)
{
	return picked == c->correct ? QUIZ_CORRECT : QUIZ_WRONG;
}

/* ---- what to teach first ---- */

struct form_ix {
	char	*form;		/* folded headword or alias */
	size_t	 term;
};

static int
form_ix_cmp(const void *a, const void *b)
{
	const struct form_ix *x = a, *y = b;
	int c = strcmp(x->form, y->form);

	if (c != 0)
		return c;
	return x->term < y->term ? -1 : x->term > y->term;
}

/* The terms body links to, as indexes into the form table's terms, each
 * once, never self; appended to *v. */
static void
body_links(const char *body, size_t self, const struct form_ix *fx,
    size_t nfx, size_t **v, size_t *n, size_t *cap)
{
	const char *p = body != NULL ? body : "", *q, *bar;
	struct form_ix key, *hit;
	size_t start = *n, k;
	char *name;

	while ((p = strstr(p, "[[")) != NULL) {
		if ((q = strstr(p + 2, "]]")) == NULL)
			break;
		/* [[Target|shown text]]: the target names the term. */
		bar = memchr(p + 2, '|', (size_t)(q - p - 2));
		name = xstrndup(p + 2, (size_t)((bar != NULL ? bar : q) - p - 2));
		key.form = text_fold(name);
		key.term = 0;
		free(name);
		hit = NULL;
		if (nfx > 0) {
			/* The first entry of that form: lower bound. */
			size_t lo = 0, hi = nfx;

			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;

				if (strcmp(fx[mid].form, key.form) < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo < nfx && strcmp(fx[lo].form, key.form) == 0)
				hit = (struct form_ix *)&fx[lo];
		}
		free(key.form);
		p = q + 2;
		if (hit == NULL || hit->term == self)
			continue;
		for (k = start; k < *n && (*v)[k] != hit->term; k++)
			;
		if (k < *n)
			continue;
		*v = xgrow(*v, *n, cap, 64, sizeof **v);
		(*v)[(*n)++] = hit->term;
	}
}

void
quiz_new_order(const struct quiz_term *terms, size_t nterms,
    const bool *known, enum quiz_order order, uint64_t seed, size_t *out)
{
	struct form_ix *fx;
	size_t nfx = 0, i, j, k, *edge = NULL, nedge = 0, cap = 0, *first;
	size_t *indeg, *waits, *rfirst, *redge, best, nout = 0;
	bool *placed;
	uint64_t rng = seed;

	for (i = 0; i < nterms; i++)
		out[i] = i;
	if (order == QUIZ_ORDER_ALPHA || nterms == 0)
		return;
	if (order == QUIZ_ORDER_RANDOM) {
		for (i = nterms - 1; i > 0; i--) {
			j = (size_t)(rng_next(&rng) % (i + 1));
			k = out[i], out[i] = out[j], out[j] = k;
		}
		return;
	}

	/* Forms to terms, sorted for lookup. */
	for (i = 0, k = 0; i < nterms; i++)
		k += 1 + terms[i].naliases;
	fx = xcalloc(k + 1, sizeof *fx);
	for (i = 0; i < nterms; i++) {
		if (terms[i].headword != NULL)
			fx[nfx++] = (struct form_ix){ text_fold(terms[i].headword),
			    i };
		for (j = 0; j < terms[i].naliases; j++)
			if (terms[i].aliases[j] != NULL)
				fx[nfx++] = (struct form_ix){
				    text_fold(terms[i].aliases[j]), i };
	}
	xqsort(fx, nfx, sizeof *fx, form_ix_cmp);

	/* Links out of each term: edge[first[i] .. first[i + 1]). */
	first = xcalloc(nterms + 1, sizeof *first);
	for (i = 0; i < nterms; i++) {
		first[i] = nedge;
		body_links(terms[i].body, i, fx, nfx, &edge, &nedge, &cap);
	}
	first[nterms] = nedge;
	for (i = 0; i < nfx; i++)
		free(fx[i].form);
	free(fx);

	/* How often each term is linked to, and what each still waits for:
	 * a term already known waits for nothing and holds nothing up. */
	indeg = xcalloc(nterms + 1, sizeof *indeg);
	waits = xcalloc(nterms + 1, sizeof *waits);
	rfirst = xcalloc(nterms + 2, sizeof *rfirst);
	redge = xcalloc(nedge + 1, sizeof *redge);
	placed = xcalloc(nterms + 1, sizeof *placed);
	for (k = 0; k < nedge; k++) {
		indeg[edge[k]]++;
		rfirst[edge[k] + 1]++;
	}
	for (i = 0; i < nterms; i++)
		rfirst[i + 1] += rfirst[i];
	{
		size_t *fill = xcalloc(nterms + 1, sizeof *fill);

		for (i = 0; i < nterms; i++)
			for (k = first[i]; k < first[i + 1]; k++)
				redge[rfirst[edge[k]] + fill[edge[k]]++] = i;
		free(fill);
	}
	for (i = 0; i < nterms; i++)
		for (k = first[i]; k < first[i + 1]; k++)
			if (known == NULL || !known[edge[k]])
				waits[i]++;

	/* Kahn's order, the most linked-to ready term first. When none is
	 * ready, every term left is in a cycle or behind one: from the one
	 * it would have picked, follow the first link still waiting until a
	 * term comes round again; that term is in a cycle, and goes first,
	 * which breaks it. Never a term merely behind a cycle. */
	while (nout < nterms) {
		bool ready = false;

		best = nterms;
		for (i = 0; i < nterms; i++) {
			if (placed[i])
				continue;
			if (waits[i] == 0 && (!ready || indeg[i] > indeg[best])) {
				best = i;
				ready = true;
			} else if (!ready && (best == nterms ||
			    indeg[i] > indeg[best]))
				best = i;
		}
		if (!ready) {
			size_t *seen = xcalloc(nterms + 1, sizeof *seen);
			size_t step = 1, cur = best;

			while (seen[cur] == 0) {
				seen[cur] = step++;
				for (k = first[cur]; k < first[cur + 1]; k++)
					if (!placed[edge[k]] && (known == NULL ||
					    !known[edge[k]]))
						break;
				if (k == first[cur + 1])
					break;	/* cannot happen: it waits */
				cur = edge[k];
			}
			best = cur;
			free(seen);
		}
		placed[best] = true;
		out[nout++] = best;
		if (known != NULL && known[best])
			continue;
		for (k = rfirst[best]; k < rfirst[best + 1]; k++)
			if (waits[redge[k]] > 0)
				waits[redge[k]]--;
	}
	free(edge);
	free(first);
	free(indeg);
	free(waits);
	free(rfirst);
	free(redge);
	free(placed);
}

/* ---- sessions ---- */

struct slug_ix {
	const char	*slug;
	size_t		 term;
};

static int
slug_ix_cmp(const void *a, const void *b)
{
	return strcmp(((const struct slug_ix *)a)->slug,
	    ((const struct slug_ix *)b)->slug);
}

static bool
kind_applies(const struct quiz_term *terms, size_t nterms, size_t idx,
    enum quiz_kind k)
{
	char *p, *phrase;

	if (k == QUIZ_CHOICE)
		return nterms >= 2;
	if (k == QUIZ_CLOZE) {
		if ((p = quiz_cloze(&terms[idx], &phrase)) == NULL)
			return false;
		free(p);
		free(phrase);
	}
	return true;
}

struct due_ref {
	const struct progress_item	*it;
	size_t				 term;
	int				 kind;
};

/* Intervals are whole days from the hour of the last review, so a card due
 * at 15:00 would wait while you study at 09:00, and stats would call it
 * due today: review cards are due by the day, as in Anki. A step of
 * minutes keeps its time, or it would be no step at all; an interday
 * (re)learning step (a day or more) counts by the day too. */
static bool
card_due(const struct srs_card *c, int64_t now, int64_t day_end)
{
	if (c->due <= now)
		return true;
	if (c->due >= day_end)
		return false;
	if (c->state == SRS_REVIEW)
		return true;
	return (c->state == SRS_LEARNING || c->state == SRS_RELEARNING) &&
	    c->due - c->last_review >= 86400;
}

static int
due_cmp(const void *a, const void *b)
{
	const struct due_ref *x = a, *y = b;
	int c;

	if (x->it->card.due != y->it->card.due)
		return x->it->card.due < y->it->card.due ? -1 : 1;
	if ((c = strcmp(x->it->slug, y->it->slug)) != 0)
		return c;
	return x->kind - y->kind;
}

size_t
quiz_session_build(const struct quiz_term *terms, size_t nterms,
    const struct progress_item *known, size_t nknown,
    const struct quiz_session_opts *o, struct quiz_item **items)
{
	struct slug_ix *ix = xcalloc(nterms + 1, sizeof *ix), key, *hit;
	struct due_ref *due = xcalloc(nknown + 1, sizeof *due);
	unsigned *today = xcalloc(nterms + 1, sizeof *today);
	unsigned *seen = xcalloc(nterms + 1, sizeof *seen);
	unsigned *grad = xcalloc(nterms + 1, sizeof *grad);
	bool *used = xcalloc(nterms + 1, sizeof *used);
	bool *known_term = xcalloc(nterms + 1, sizeof *known_term);
	size_t *order = xcalloc(nterms + 1, sizeof *order);
	size_t rlimit = o->review_limit ? o->review_limit : 200;
	size_t reviews = rlimit > o->reviews_today ?
	    rlimit - o->reviews_today : 0;
	size_t length = o->length ? o->length : 20;
	size_t limit = o->new_limit ? o->new_limit : 20;
	size_t fresh, ndue = 0, n = 0, i;
	unsigned kinds = o->kinds ? o->kinds : QUIZ_KIND_ALL;
	struct quiz_item *v = xcalloc(length, sizeof *v);
	int k;

	fresh = limit > o->new_today ? limit - o->new_today : 0;
	for (i = 0; i < nterms; i++) {
		ix[i].slug = terms[i].slug;
		ix[i].term = i;
	}
	xqsort(ix, nterms, sizeof *ix, slug_ix_cmp);

	/* What each term has: cards ever seen, and cards reviewed today
	 * (bit 31 for a kind this version does not know). */
	for (i = 0; i < nknown; i++) {
		key.slug = known[i].slug;
		if ((hit = bsearch(&key, ix, nterms, sizeof *ix,
		    slug_ix_cmp)) == NULL)
			continue;
		k = quiz_kind_parse(known[i].kind);
		seen[hit->term] |= k >= 0 ? 1u << k : 1u << 31;
		if (known[i].card.state == SRS_REVIEW)
			grad[hit->term] |= k >= 0 ? 1u << k : 1u << 31;
		if (known[i].card.last_review >= o->day_start)
			today[hit->term] |= k >= 0 ? 1u << k : 1u << 31;
		if (k >= 0 && card_due(&known[i].card, o->now, o->day_end)) {
			due[ndue].it = &known[i];
			due[ndue].term = hit->term;
			due[ndue].kind = k;
			ndue++;
		}
	}
	xqsort(due, ndue, sizeof *due, due_cmp);

	for (i = 0; i < ndue && n < length && reviews > 0; i++) {
		size_t t = due[i].term;

		/* Buried: a sibling was reviewed today; this card itself
		 * being in a same-day learning step is fine. */
		if (used[t] || (today[t] & ~(1u << due[i].kind)) != 0)
			continue;
		if (!kind_applies(terms, nterms, t, due[i].kind))
			continue;
		v[n].term = t;
		v[n].kind = due[i].kind;
		v[n].is_new = false;
		v[n].card = due[i].it->card;
		used[t] = true;
		n++;
		reviews--;
	}
	for (i = 0; i < nterms; i++)
		known_term[i] = seen[i] != 0;
	quiz_new_order(terms, nterms, known_term, o->order, o->seed, order);
	for (size_t oi = 0; oi < nterms && n < length && fresh > 0; oi++) {
		i = order[oi];
		/* Buried when a card of it was reviewed today; a next kind
		 * only once every card seen so far has graduated. */
		if (used[i] || today[i] != 0 || (seen[i] & ~grad[i]) != 0)
			continue;
		for (k = 0; k < QUIZ_NKINDS; k++) {
			if ((kinds & (1u << k)) == 0 || (seen[i] & (1u << k)) != 0)
				continue;
			if (kind_applies(terms, nterms, i, k))
				break;
		}
		if (k == QUIZ_NKINDS)
			continue;
		v[n].term = i;
		v[n].kind = k;
		v[n].is_new = true;
		srs_card_new(&v[n].card, o->now);
		used[i] = true;
		n++;
		fresh--;
	}
	free(ix);
	free(due);
	free(today);
	free(seen);
	free(grad);
	free(used);
	free(known_term);
	free(order);
	*items = v;
	return n;
}

void
quiz_session_counts(const struct quiz_term *terms, size_t nterms,
    const struct progress_item *known, size_t nknown,
    const struct quiz_session_opts *o, struct quiz_counts *out)
{
	struct slug_ix *ix = xcalloc(nterms + 1, sizeof *ix), key, *hit;
	unsigned *seen = xcalloc(nterms + 1, sizeof *seen);
	unsigned *grad = xcalloc(nterms + 1, sizeof *grad);
	unsigned *today = xcalloc(nterms + 1, sizeof *today);
	unsigned kinds = o->kinds ? o->kinds : QUIZ_KIND_ALL;
	size_t limit = o->new_limit ? o->new_limit : 20, ready = 0, i;
	size_t rlimit = o->review_limit ? o->review_limit : 200;
	int k;

	memset(out, 0, sizeof *out);
	for (i = 0; i < nterms; i++) {
		ix[i].slug = terms[i].slug;
		ix[i].term = i;
	}
	xqsort(ix, nterms, sizeof *ix, slug_ix_cmp);
	for (i = 0; i < nknown; i++) {
		const struct srs_card *c = &known[i].card;

		key.slug = known[i].slug;
		if ((hit = bsearch(&key, ix, nterms, sizeof *ix,
		    slug_ix_cmp)) == NULL)
			continue;
		k = quiz_kind_parse(known[i].kind);
		seen[hit->term] |= k >= 0 ? 1u << k : 1u << 31;
		if (c->state == SRS_REVIEW)
			grad[hit->term] |= k >= 0 ? 1u << k : 1u << 31;
		if (c->last_review >= o->day_start)
			today[hit->term] |= 1;
		if (k < 0 || (kinds & (1u << k)) == 0)
			continue;
		if (c->state == SRS_REVIEW && card_due(c, o->now, o->day_end))
			out->due++;
		else if ((c->state == SRS_LEARNING ||
		    c->state == SRS_RELEARNING) && c->due < o->day_end)
			out->learning++;
	}
	for (i = 0; i < nterms; i++) {
		bool first = true;

		for (k = 0; k < QUIZ_NKINDS; k++) {
			if ((kinds & (1u << k)) == 0 || (seen[i] & (1u << k)) ||
			    !kind_applies(terms, nterms, i, k))
				continue;
			out->new_total++;
			if (first && today[i] == 0 && (seen[i] & ~grad[i]) == 0)
				ready++;
			first = false;
		}
	}
	limit = limit > o->new_today ? limit - o->new_today : 0;
	out->new_today = ready < limit ? ready : limit;
	rlimit = rlimit > o->reviews_today ? rlimit - o->reviews_today : 0;
	if (out->due > rlimit)
		out->due = rlimit;
	free(ix);
	free(seen);
	free(grad);
	free(today);
}

/* ---- the session as it runs ---- */

void
quiz_queue_init(struct quiz_queue *q, struct quiz_item *items, size_t n,
    int64_t ahead)
{
	memset(q, 0, sizeof *q);
	q->items = items;
	q->nitems = n;
	q->wait = xcalloc(n + 1, sizeof *q->wait);
	q->graded = xcalloc(n + 1, sizeof *q->graded);
	q->ahead = ahead < 0 ? QUIZ_LEARN_AHEAD : ahead;
	q->pinned = -1;
}

void
quiz_queue_free(struct quiz_queue *q)
{
	free(q->wait);
	free(q->graded);
	free(q->undo);
	memset(q, 0, sizeof *q);
	q->pinned = -1;
}

/* The waiting item with the earliest step, ties to the first dealt. */
static long
earliest_wait(const struct quiz_queue *q)
{
	long best = -1;
	size_t i;

	for (i = 0; i < q->next; i++)
		if (q->wait[i] != 0 && (best < 0 || q->wait[i] <
		    q->wait[best]))
			best = (long)i;
	return best;
}

long
quiz_queue_next(const struct quiz_queue *q, int64_t now)
{
	long w;

	if (q->pinned >= 0)
		return q->pinned;
	w = earliest_wait(q);
	if (w >= 0 && q->wait[w] <= now)
		return w;
	if (q->next < q->nitems)
		return (long)q->next;
	if (w >= 0 && q->wait[w] <= now + q->ahead)
		return w;
	return -1;
}

void
quiz_queue_graded(struct quiz_queue *q, size_t i, const struct srs_card *after,
    int64_t day_end)
{
	struct quiz_undo *u;
	bool learning = after->state == SRS_LEARNING ||
	    after->state == SRS_RELEARNING;

	if (i >= q->nitems)
		return;
	q->undo = xgrow(q->undo, q->nundo, &q->capundo, 16, sizeof *q->undo);
	u = &q->undo[q->nundo++];
	u->item = i;
	u->next = q->next;
	u->wait = q->wait[i];
	u->before = q->items[i];
	u->first = !q->graded[i];
	if (i == q->next)
		q->next++;
	q->wait[i] = learning && after->due < day_end ? after->due : 0;
	q->items[i].card = *after;
	q->items[i].is_new = false;
	if (!q->graded[i]) {
		q->graded[i] = true;
		q->done++;
	}
	q->reviews++;
	q->pinned = -1;
}

void
quiz_queue_skip(struct quiz_queue *q, size_t i)
{
	if (i < q->nitems) {
		if (i == q->next)
			q->next++;
		q->wait[i] = 0;
	}
	if (q->pinned == (long)i)
		q->pinned = -1;
}

long
quiz_queue_undo(struct quiz_queue *q)
{
	struct quiz_undo *u;

	if (q->nundo == 0)
		return -1;
	u = &q->undo[--q->nundo];
	q->next = u->next;
	q->wait[u->item] = u->wait;
	q->items[u->item] = u->before;
	if (u->first) {
		q->graded[u->item] = false;
		q->done--;
	}
	q->reviews--;
	q->pinned = (long)u->item;
	return (long)u->item;
}

size_t
quiz_queue_waiting(const struct quiz_queue *q, int64_t *first)
{
	size_t i, n = 0;
	long w = earliest_wait(q);

	for (i = 0; i < q->next; i++)
		n += q->wait[i] != 0;
	if (first != NULL)
		*first = w >= 0 ? q->wait[w] : 0;
	return n;
}
