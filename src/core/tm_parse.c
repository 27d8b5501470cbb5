/* tm_parse.c - LaTeX math source to a tree of nodes.
 *
 * The parser builds a small tree: rows of atoms, fractions, roots, scripts,
 * \left..\right pairs and arrays, all allocated from one arena freed at
 * once. It recurses only through tm_parse_block() and parse_arg(), which
 * count depth, so hostile nesting costs bounded stack. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "texmath.h"
#include "text.h"
#include "util.h"
#include "tm-int.h"

/* ---- memory ---- */

static void *
tm_alloc(struct tm_state *tm, size_t n)
{
	struct chunk *c;
	void *p;

	n = (n + 15) & ~(size_t)15;
	c = tm->arena;
	if (c == NULL || c->cap - c->used < n) {
		size_t cap = n > 65536 ? n : 65536;

		c = xmalloc(sizeof *c + cap);
		c->next = tm->arena;
		c->used = 0;
		c->cap = cap;
		tm->arena = c;
	}
	p = c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

char *
tm_strndup(struct tm_state *tm, const char *s, size_t n)
{
	char *p = tm_alloc(tm, n + 1);

	memcpy(p, s, n);
	return p;
}

char *
tm_cat(struct tm_state *tm, const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *p = tm_alloc(tm, na + nb + 1);

	memcpy(p, a, na);
	memcpy(p + na, b, nb);
	return p;
}

void
tm_free_arena(struct tm_state *tm)
{
	struct chunk *c, *next;

	for (c = tm->arena; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	tm->arena = NULL;
}

struct node *
tm_node_new(struct tm_state *tm, enum nk kind)
{
	struct node *n = tm_alloc(tm, sizeof *n);

	n->kind = kind;
	n->cls = C_ORD;
	return n;
}

void
tm_node_add(struct node *row, struct node *item)
{
	if (row->tail != NULL)
		row->tail->next = item;
	else
		row->head = item;
	row->tail = item;
	row->count++;
}

static struct node *
atom_new(struct tm_state *tm, const char *text, int cls)
{
	struct node *n = tm_node_new(tm, N_ATOM);
	size_t i, len = strlen(text), letters = 0;

	n->text = text;
	n->cls = cls;
	for (i = 0; i < len; i++)
		if ((text[i] >= 'a' && text[i] <= 'z') ||
		    (text[i] >= 'A' && text[i] <= 'Z'))
			letters++;
	if (letters > 1)
		n->fl |= NF_WORD;
	return n;
}

static struct node *
space_new(struct tm_state *tm, int width)
{
	struct node *n = tm_node_new(tm, N_SPACE);

	n->n = width;
	return n;
}

const char *
tm_enc(struct tm_state *tm, uint32_t cp)
{
	char b[4];

	return tm_strndup(tm, b, text_encode(cp, b));
}

/* ---- parser ---- */

enum stop {
	S_EOF, S_BRACE, S_BRACKET, S_RIGHT, S_END, S_AMP, S_NEWLINE
};

static struct node *parse_arg(struct tm_state *, int);
static int parse_command(struct tm_state *, struct node *, int);

static int
peek(struct tm_state *tm)
{
	return tm->pos < tm->len ? (unsigned char)tm->s[tm->pos] : -1;
}

static void
skip_space(struct tm_state *tm)
{
	while (tm->pos < tm->len && tm->s[tm->pos] == ' ')
		tm->pos++;
}

/* The name of the command at pos (just after the backslash): a run of
 * letters, or one character. */
static size_t
cmd_len(struct tm_state *tm, size_t at)
{
	size_t n = 0;
	uint32_t cp;

	if (at >= tm->len)
		return 0;
	while (at + n < tm->len && is_alpha((unsigned char)tm->s[at + n]))
		n++;
	if (n > 0) {
		if (at + n < tm->len && tm->s[at + n] == '*' &&
		    n == 12 && strncmp(tm->s + at, "operatorname", 12) == 0)
			n++;
		return n;
	}
	return text_decode(tm->s + at, tm->len - at, &cp);
}

static bool
cmd_is(struct tm_state *tm, size_t at, const char *name)
{
	size_t n = strlen(name);

	return at < tm->len && tm->s[at] == '\\' && cmd_len(tm, at + 1) == n &&
	    strncmp(tm->s + at + 1, name, n) == 0;
}

/* A brace-delimited name such as the one after \begin, read raw. */
static const char *
read_name(struct tm_state *tm)
{
	size_t start, n;

	skip_space(tm);
	if (peek(tm) != '{')
		return "";
	start = ++tm->pos;
	while (tm->pos < tm->len && tm->s[tm->pos] != '}' && tm->pos - start < 64)
		tm->pos++;
	n = tm->pos - start;
	if (peek(tm) == '}')
		tm->pos++;
	else
		tm->unknown++;
	return tm_strndup(tm, tm->s + start, n);
}

static int
read_delim(struct tm_state *tm)
{
	static const struct { const char *name; int d; } named[] = {
		{ "{", D_LBRACE }, { "}", D_RBRACE }, { "lbrace", D_LBRACE },
		{ "rbrace", D_RBRACE }, { "|", D_VVERT }, { "Vert", D_VVERT },
		{ "lVert", D_VVERT }, { "rVert", D_VVERT }, { "vert", D_VERT },
		{ "lvert", D_VERT }, { "rvert", D_VERT }, { "mid", D_VERT },
		{ "langle", D_LANGLE }, { "rangle", D_RANGLE },
		{ "lfloor", D_LFLOOR }, { "rfloor", D_RFLOOR },
		{ "lceil", D_LCEIL }, { "rceil", D_RCEIL },
		{ "backslash", D_BSLASH }, { "lbrack", D_LBRACK },
		{ "rbrack", D_RBRACK }, { "uparrow", D_UP }, { "downarrow", D_DOWN },
		{ "updownarrow", D_UPDOWN }, { "Uparrow", D_UUP },
		{ "Downarrow", D_DDOWN }, { "Updownarrow", D_UUPDDOWN },
	};
	int c;
	size_t n;

	skip_space(tm);
	c = peek(tm);
	switch (c) {
	case '(': tm->pos++; return D_LPAREN;
	case ')': tm->pos++; return D_RPAREN;
	case '[': tm->pos++; return D_LBRACK;
	case ']': tm->pos++; return D_RBRACK;
	case '|': tm->pos++; return D_VERT;
	case '<': tm->pos++; return D_LANGLE;
	case '>': tm->pos++; return D_RANGLE;
	case '/': tm->pos++; return D_SLASH;
	case '.': tm->pos++; return D_NONE;
	/* \left{ without its backslash: what was meant is plain */
	case '{': tm->pos++; return D_LBRACE;
	case '}': tm->pos++; return D_RBRACE;
	case '\\':
		n = cmd_len(tm, tm->pos + 1);
		for (size_t i = 0; i < nitems(named); i++)
			if (strlen(named[i].name) == n &&
			    strncmp(tm->s + tm->pos + 1, named[i].name, n) == 0) {
				tm->pos += 1 + n;
				return named[i].d;
			}
		break;
	}
	tm->unknown++;
	return D_NONE;
}

static int
delim_cls(int d)
{
	switch (d) {
	case D_LPAREN: case D_LBRACK: case D_LBRACE: case D_LANGLE:
	case D_LFLOOR: case D_LCEIL:
		return C_OPEN;
	case D_RPAREN: case D_RBRACK: case D_RBRACE: case D_RANGLE:
	case D_RFLOOR: case D_RCEIL:
		return C_CLOSE;
	}
	return C_ORD;
}

static struct node *
delim_atom(struct tm_state *tm, int d, int cls)
{
	return atom_new(tm, tm->ascii ? tm_delims[d].aflat : tm_delims[d].flat,
	    cls < 0 ? delim_cls(d) : cls);
}

/* One code point of input as an atom: its class from the symbol table when
 * it is a known symbol typed directly, and in ASCII mode its name or '?'. */
static struct node *
char_atom(struct tm_state *tm, int font)
{
	const struct sym *sy;
	const char *p = tm->s + tm->pos;
	uint32_t cp;
	size_t n = text_decode(p, tm->len - tm->pos, &cp);
	int cls = C_ORD;

	tm->pos += n;
	if (cp < 0x80) {
		switch (cp) {
		case '+': case '-': case '*':
			cls = C_BIN;
			break;
		case '=': case '<': case '>': case ':':
			cls = C_REL;
			break;
		case ',': case ';':
			cls = C_PUNCT;
			break;
		case '(': case '[':
			cls = C_OPEN;
			break;
		case ')': case ']':
			cls = C_CLOSE;
			break;
		}
		if (font == F_TEXT)
			cls = C_ORD;
		if (!tm->ascii && font != F_TEXT && font != F_MATH &&
		    font != F_RM && (is_alpha((int)cp) || is_digit((int)cp)))
			return atom_new(tm, tm_enc(tm, tm_font_map(font, cp)), cls);
		return atom_new(tm, tm_strndup(tm, p, n), cls);
	}
	sy = tm_sym_by_char(p, n);
	if (sy != NULL)
		return atom_new(tm, tm->ascii ? sy->ascii : sy->uni,
		    font == F_TEXT ? C_ORD : sy->cls);
	if (tm->ascii)
		return atom_new(tm, "?", C_ORD);
	if (font == F_BF)
		cp = tm_font_map(font, cp);
	return atom_new(tm, tm_enc(tm, cp), C_ORD);
}

/* Attach a script to the last item of row. A second superscript on the same
 * base starts a new, empty base instead of nesting (LaTeX calls it an error),
 * so the tree never gets deeper than the braces in the source. */
static void
attach_script(struct tm_state *tm, struct node *row, struct node *arg, bool sup,
    bool prime)
{
	struct node *last = row->tail, *s;

	if (last != NULL && last->kind == N_SCRIPT) {
		if (prime && last->c != NULL && (last->c->fl & NF_PRIME)) {
			tm_node_add(last->c, arg->head);
			return;
		}
		if (sup && last->c != NULL && (last->c->fl & NF_PRIME) &&
		    !prime && arg->kind == N_ROW) {
			for (struct node *k = arg->head; k != NULL; ) {
				struct node *nx = k->next;

				k->next = NULL;
				tm_node_add(last->c, k);
				k = nx;
			}
			last->c->fl &= ~NF_PRIME;
			return;
		}
		if (sup ? last->c == NULL : last->b == NULL) {
			if (sup)
				last->c = arg;
			else
				last->b = arg;
			return;
		}
	}
	s = tm_node_new(tm, N_SCRIPT);
	if (last == NULL || last->kind == N_SPACE || (last->kind == N_SCRIPT)) {
		s->a = atom_new(tm, "", C_ORD);
		tm_node_add(row, s);
	} else {
		/* the last item becomes the script node, in place, so a long
		 * row of scripts costs no walk back to its predecessor */
		struct node *base = tm_node_new(tm, N_ROW);

		*base = *last;
		*last = *s;
		s = last;
		s->a = base;
	}
	if (sup)
		s->c = arg;
	else
		s->b = arg;
}

bool
tm_row_is_empty(struct node *n)
{
	return n->kind == N_ROW && n->head == NULL;
}

/* Items until a token that ends a group, cell or line; the caller decides
 * what that token means. */
static enum stop
parse_seq(struct tm_state *tm, struct node *row, int font, bool bracket)
{
	int c, nf;
	size_t n;

	for (;;) {
		if (tm->deep) {
			tm->pos = tm->len;
			return S_EOF;
		}
		c = peek(tm);
		switch (c) {
		case -1:
			return S_EOF;
		case ' ':
			tm->pos++;
			if (font == F_TEXT && (row->tail == NULL ||
			    row->tail->kind != N_SPACE))
				tm_node_add(row, space_new(tm, 1));
			continue;
		case '}':
			return S_BRACE;
		case '&':
			return S_AMP;
		case ']':
			if (bracket)
				return S_BRACKET;
			break;
		case '{':
			tm->pos++;
			tm_node_add(row, tm_parse_block(tm, font, W_BRACE));
			continue;
		case '$':
			tm->pos++;
			continue;
		case '~':
			tm->pos++;
			tm_node_add(row, space_new(tm, 1));
			continue;
		case '\\':
			if (tm->pos + 1 < tm->len && tm->s[tm->pos + 1] == '\\') {
				tm->stoplen = 2;
				return S_NEWLINE;
			}
			if (cmd_is(tm, tm->pos, "newline") || cmd_is(tm, tm->pos, "cr")) {
				tm->stoplen = 1 + cmd_len(tm, tm->pos + 1);
				return S_NEWLINE;
			}
			if (cmd_is(tm, tm->pos, "right"))
				return S_RIGHT;
			if (cmd_is(tm, tm->pos, "end"))
				return S_END;
			nf = parse_command(tm, row, font);
			if (nf >= 0)
				font = nf;
			continue;
		}
		if (font == F_TEXT) {
			/* a word of text, up to the next space or markup */
			size_t start = tm->pos;

			while (tm->pos < tm->len && strchr(" {}$&~\\",
			    tm->s[tm->pos]) == NULL)
				tm->pos++;
			if (tm->pos == start) {
				tm_node_add(row, char_atom(tm, font));
				continue;
			}
			if (tm->ascii) {
				size_t save = tm->pos;
				struct node *w = tm_node_new(tm, N_ROW);

				tm->pos = start;
				while (tm->pos < save)
					tm_node_add(w, char_atom(tm, font));
				tm_node_add(row, w);
			} else
				tm_node_add(row, atom_new(tm, tm_strndup(tm,
				    tm->s + start, tm->pos - start), C_ORD));
			continue;
		}
		if (c == '^' || c == '_') {
			tm->pos++;
			attach_script(tm, row, parse_arg(tm, font), c == '^', false);
			continue;
		}
		if (c == '\'') {
			struct node *p = tm_node_new(tm, N_ROW);

			for (n = 0; peek(tm) == '\''; n++)
				tm->pos++;
			p->fl |= NF_PRIME;
			if (tm->ascii) {
				char *q = tm_alloc(tm, n + 1);

				memset(q, '\'', n);
				tm_node_add(p, atom_new(tm, q, C_ORD));
			} else if (n <= 3)
				tm_node_add(p, atom_new(tm, n == 1 ? "′" : n == 2 ?
				    "″" : "‴", C_ORD));
			else {
				char *q = tm_alloc(tm, 3 * n + 1);

				for (size_t i = 0; i < n; i++)
					memcpy(q + 3 * i, "′", 3);
				tm_node_add(p, atom_new(tm, q, C_ORD));
			}
			attach_script(tm, row, p, true, true);
			continue;
		}
		if (is_digit(c) && font != F_BB && font != F_BF && font != F_SF &&
		    font != F_TT) {
			size_t start = tm->pos;

			while (tm->pos < tm->len && (is_digit(tm->s[tm->pos]) ||
			    (tm->s[tm->pos] == '.' && tm->pos + 1 < tm->len &&
			    is_digit(tm->s[tm->pos + 1]))))
				tm->pos++;
			tm_node_add(row, atom_new(tm, tm_strndup(tm, tm->s + start,
			    tm->pos - start), C_ORD));
			continue;
		}
		tm_node_add(row, char_atom(tm, font));
	}
}

static struct node *
line_new(struct tm_state *tm)
{
	return tm_node_new(tm, N_ROW);
}

/* "a + b \\over c": a cell with \\over, \\choose or \\atop is a fraction of
 * what stands before it over what follows, as in plain TeX; with two of
 * them the last one splits (a \\choose b \\over c is (a choose b) over c). */
static struct node *
fold_infix(struct tm_state *tm, struct node *cell)
{
	struct node *k, *mark = NULL, *num, *den, *f;

	for (k = cell->head; k != NULL; k = k->next)
		if (k->kind == N_ATOM && (k->fl & NF_INFIX))
			mark = k;
	if (mark == NULL)
		return cell;
	num = tm_node_new(tm, N_ROW);
	den = tm_node_new(tm, N_ROW);
	for (k = cell->head; k != mark; ) {
		struct node *next = k->next;

		k->next = NULL;
		tm_node_add(num, k);
		k = next;
	}
	for (k = mark->next; k != NULL; ) {
		struct node *next = k->next;

		k->next = NULL;
		tm_node_add(den, k);
		k = next;
	}
	f = tm_node_new(tm, N_FRAC);
	f->a = fold_infix(tm, num);
	f->b = den;
	f->cls = C_INNER;
	if (mark->n == 1)
		f->fl |= NF_BINOM;
	else if (mark->n == 2)
		f->fl |= NF_BINOM | NF_TSTYLE;
	cell = tm_node_new(tm, N_ROW);
	tm_node_add(cell, f);
	return cell;
}

/* Cells separated by & and lines by \\ until `want`; always an N_ARRAY. */
static struct node *
parse_grid(struct tm_state *tm, int font, enum want want, bool *amp)
{
	struct node *arr = tm_node_new(tm, N_ARRAY), *line = line_new(tm);
	struct node *cell = tm_node_new(tm, N_ROW);
	enum stop st;

	*amp = false;
	for (;;) {
		st = parse_seq(tm, cell, font, want == W_BRACKET);
		switch (st) {
		case S_EOF:
			if (want != W_EOF && !tm->deep)
				tm->unknown++;
			goto done;
		case S_BRACE:
			if (want == W_RIGHT || want == W_END) {
				/* {\left( x}: the group closes, \left goes
				 * without its \right */
				tm->unknown++;
				goto done;
			}
			tm->pos++;
			if (want == W_BRACE)
				goto done;
			tm->unknown++;
			tm_node_add(cell, atom_new(tm, "}", C_CLOSE));
			continue;
		case S_BRACKET:
			tm->pos++;
			goto done;
		case S_RIGHT:
			if (want == W_RIGHT)
				goto done;
			tm->pos += 6;
			tm->unknown++;
			tm_node_add(cell, delim_atom(tm, read_delim(tm), -1));
			continue;
		case S_END:
			if (want == W_END)
				goto done;
			tm->pos += 4;
			(void)read_name(tm);
			tm->unknown++;
			continue;
		case S_AMP:
			tm->pos++;
			*amp = true;
			tm_node_add(line, fold_infix(tm, cell));
			cell = tm_node_new(tm, N_ROW);
			continue;
		case S_NEWLINE:
			tm->pos += tm->stoplen;
			skip_space(tm);
			if (peek(tm) == '[') {	/* \\[2pt] */
				while (tm->pos < tm->len && tm->s[tm->pos] != ']')
					tm->pos++;
				if (tm->pos < tm->len)
					tm->pos++;
			}
			tm_node_add(line, fold_infix(tm, cell));
			tm_node_add(arr, line);
			line = line_new(tm);
			cell = tm_node_new(tm, N_ROW);
			continue;
		}
	}
done:
	/* a trailing \\ leaves an empty line that LaTeX does not show */
	if (!(line->count == 0 && tm_row_is_empty(cell) && arr->count > 0)) {
		tm_node_add(line, fold_infix(tm, cell));
		tm_node_add(arr, line);
	}
	return arr;
}

struct node *
tm_parse_block(struct tm_state *tm, int font, enum want want)
{
	struct node *arr;
	bool amp;

	if (++tm->depth > TM_MAXDEPTH) {
		tm->deep = true;
		tm->pos = tm->len;
		tm->depth--;
		return tm_node_new(tm, N_ROW);
	}
	arr = parse_grid(tm, font, want, &amp);
	tm->depth--;
	if (arr->count == 1 && arr->head->count == 1)
		return arr->head->head;
	arr->n = amp ? A_ALIGNED : A_GATHER;
	return arr;
}

static struct node *
parse_arg(struct tm_state *tm, int font)
{
	struct node *row;
	int c;

	row = tm_node_new(tm, N_ROW);
	skip_space(tm);
	c = peek(tm);
	if (c == -1 || c == '}' || c == '&' || c == '^' || c == '_' ||
	    (c == '\\' && (tm->pos + 1 >= tm->len || tm->s[tm->pos + 1] == '\\' ||
	    cmd_is(tm, tm->pos, "right") || cmd_is(tm, tm->pos, "end")))) {
		tm->unknown++;	/* a missing argument */
	} else if (c == '{') {
		tm->pos++;
		row = tm_parse_block(tm, font, W_BRACE);
	} else if (c == '\\') {
		/* \hat\hat\hat x nests without braces: count it too */
		if (++tm->depth > TM_MAXDEPTH) {
			tm->deep = true;
			tm->pos = tm->len;
		} else
			(void)parse_command(tm, row, font);
		tm->depth--;
	} else
		tm_node_add(row, char_atom(tm, font));
	return row;
}

static struct node *
parse_env(struct tm_state *tm)
{
	static const struct {
		const char *name;
		int kind, l, r;
	} envs[] = {
		{ "matrix", A_MATRIX, D_NONE, D_NONE },
		{ "smallmatrix", A_MATRIX, D_NONE, D_NONE },
		{ "pmatrix", A_MATRIX, D_LPAREN, D_RPAREN },
		{ "bmatrix", A_MATRIX, D_LBRACK, D_RBRACK },
		{ "Bmatrix", A_MATRIX, D_LBRACE, D_RBRACE },
		{ "vmatrix", A_MATRIX, D_VERT, D_VERT },
		{ "Vmatrix", A_MATRIX, D_VVERT, D_VVERT },
		{ "cases", A_CASES, D_LBRACE, D_NONE },
		{ "dcases", A_CASES, D_LBRACE, D_NONE },
		{ "rcases", A_CASES, D_NONE, D_RBRACE },
		{ "aligned", A_ALIGNED, D_NONE, D_NONE },
		{ "align", A_ALIGNED, D_NONE, D_NONE },
		{ "align*", A_ALIGNED, D_NONE, D_NONE },
		{ "alignat", A_ALIGNED, D_NONE, D_NONE },
		{ "alignat*", A_ALIGNED, D_NONE, D_NONE },
		{ "alignedat", A_ALIGNED, D_NONE, D_NONE },
		{ "split", A_ALIGNED, D_NONE, D_NONE },
		{ "eqnarray", A_ALIGNED, D_NONE, D_NONE },
		{ "eqnarray*", A_ALIGNED, D_NONE, D_NONE },
		{ "gather", A_GATHER, D_NONE, D_NONE },
		{ "gather*", A_GATHER, D_NONE, D_NONE },
		{ "gathered", A_GATHER, D_NONE, D_NONE },
		{ "equation", A_GATHER, D_NONE, D_NONE },
		{ "equation*", A_GATHER, D_NONE, D_NONE },
		{ "multline", A_GATHER, D_NONE, D_NONE },
		{ "array", A_ARRAY, D_NONE, D_NONE },
		{ "subarray", A_ARRAY, D_NONE, D_NONE },
	};
	const char *name = read_name(tm), *spec = NULL;
	struct node *arr;
	int kind = A_MATRIX, l = D_NONE, r = D_NONE;
	bool amp, found = false;

	for (size_t i = 0; i < nitems(envs); i++)
		if (strcmp(name, envs[i].name) == 0) {
			kind = envs[i].kind;
			l = envs[i].l;
			r = envs[i].r;
			found = true;
			break;
		}
	if (!found)
		tm->unknown++;
	if (kind == A_ARRAY) {
		/* \begin{array}[b]{ll}: the vertical position is no matter
		 * here, and must not reach the first cell */
		skip_space(tm);
		if (peek(tm) == '[') {
			while (tm->pos < tm->len && tm->s[tm->pos] != ']')
				tm->pos++;
			if (tm->pos < tm->len)
				tm->pos++;
		}
	}
	if (kind == A_ARRAY || strncmp(name, "alignat", 7) == 0 ||
	    strcmp(name, "alignedat") == 0)
		spec = read_name(tm);
	if (++tm->depth > TM_MAXDEPTH) {
		tm->deep = true;
		tm->pos = tm->len;
		tm->depth--;
		return tm_node_new(tm, N_ROW);
	}
	arr = parse_grid(tm, F_MATH, W_END, &amp);
	tm->depth--;
	if (cmd_is(tm, tm->pos, "end")) {
		tm->pos += 4;
		if (strcmp(read_name(tm), name) != 0)
			tm->unknown++;
	}
	arr->n = kind;
	arr->cls = l != D_NONE ? C_OPEN : C_ORD;
	arr->align = kind == A_ARRAY ? spec : NULL;
	arr->ld = l;
	arr->n2 = r;
	return arr;
}

/* Returns the font for the rest of the group when the command switches it
 * ({\bf x}), else -1. */
/* \mathrm{KL} and the other font commands; \mathrm of letters only is one
 * name: D_KL, not D_(KL). */
static struct node *
parse_font(struct tm_state *tm, int arg)
{
	struct node *n, *a;

	n = parse_arg(tm, tm->ascii && arg != F_MATH ? F_RM : arg);
	if (arg == F_RM && n->kind == N_ROW && n->head != NULL) {
		bool word = true;

		for (a = n->head; a != NULL; a = a->next)
			if (a->kind != N_ATOM ||
			    !is_alpha((unsigned char)a->text[0]))
				word = false;
		if (word)
			n->fl |= NF_WORD;
	}
	return n;
}

/* \not before a relation: its negated form (≠, ∉), or the relation with
 * a combining slash; \not before anything else: ¬ and the thing. */
static void
parse_not(struct tm_state *tm, struct node *row, int font)
{
	static const char *const neg[][2] = {
		{ "=", "≠" }, { "<", "≮" }, { ">", "≯" },
		{ "∈", "∉" }, { "⊂", "⊄" }, { "⊆", "⊈" },
		{ "≡", "≢" }, { "∃", "∄" }, { "|", "∤" },
		{ "∼", "≁" }, { "≤", "≰" }, { "≥", "≱" },
	};
	struct node *a = tm_node_new(tm, N_ROW);

	skip_space(tm);
	if (peek(tm) == '{') {
		/* \not{a} as \not a; \not{abc} stays abc, as in utftex */
		a = parse_arg(tm, font);
		if (a->kind != N_ROW) {
			struct node *r = tm_node_new(tm, N_ROW);

			tm_node_add(r, a);
			a = r;
		}
		if (a->count != 1 || a->head->kind != N_ATOM) {
			tm_node_add(row, a);
			return;
		}
	} else if (peek(tm) == '\\')
		(void)parse_command(tm, a, font);
	else if (peek(tm) != -1)
		tm_node_add(a, char_atom(tm, font));
	if (a->count == 1 && a->head->kind == N_ATOM) {
		const char *t = a->head->text, *r = NULL;

		for (size_t i = 0; i < nitems(neg) && !tm->ascii; i++)
			if (strcmp(t, neg[i][0]) == 0)
				r = neg[i][1];
		if (r == NULL)
			r = tm->ascii ? tm_cat(tm, "!", t) :
			    tm_cat(tm, t, "\xcc\xb8");	/* U+0338 */
		tm_node_add(row, atom_new(tm, r, a->head->cls));
	} else {
		tm_node_add(row, atom_new(tm, tm->ascii ? "not" : "¬", C_ORD));
		if (a->count > 0)
			tm_node_add(row, a);
	}
}

/* \xrightarrow[below]{above}: an arrow with its labels as limits. */
static struct node *
parse_xarrow(struct tm_state *tm, int kind, int font)
{
	static const char *const arrow[][2] = {
		{ "⟶", "-->" }, { "⟵", "<--" }, { "⟷", "<->" }, { "⟹", "==>" },
		{ "⟸", "<==" }, { "⟼", "|->" },
	};
	struct node *n = tm_node_new(tm, N_SCRIPT);

	skip_space(tm);
	if (peek(tm) == '[') {
		tm->pos++;
		n->b = tm_parse_block(tm, font, W_BRACKET);
	}
	n->c = parse_arg(tm, font);
	n->a = atom_new(tm, arrow[kind][tm->ascii ? 1 : 0], C_REL);
	n->fl |= NF_LIMITS | NF_CLS;
	n->cls = C_REL;
	return n;
}

/* Plain TeX's \pmatrix{a & b \cr c & d} and \matrix{...}. */
static struct node *
parse_plain_matrix(struct tm_state *tm, bool parens)
{
	struct node *arr;
	bool amp;

	skip_space(tm);
	if (peek(tm) != '{') {
		tm->unknown++;
		return tm_node_new(tm, N_ROW);
	}
	tm->pos++;
	if (++tm->depth > TM_MAXDEPTH) {
		tm->deep = true;
		tm->pos = tm->len;
		tm->depth--;
		return tm_node_new(tm, N_ROW);
	}
	arr = parse_grid(tm, F_MATH, W_BRACE, &amp);
	tm->depth--;
	arr->n = A_MATRIX;
	arr->ld = parens ? D_LPAREN : D_NONE;
	arr->n2 = parens ? D_RPAREN : D_NONE;
	arr->cls = parens ? C_OPEN : C_ORD;
	return arr;
}

/* utftex's \box{w}{h}, an empty box for tests: a space as wide. */
static void
parse_box(struct tm_state *tm, struct node *row)
{
	int w = 0;

	skip_space(tm);
	if (peek(tm) == '{') {
		tm->pos++;
		while (tm->pos < tm->len && is_digit(tm->s[tm->pos]) && w < 100)
			w = w * 10 + tm->s[tm->pos++] - '0';
		while (tm->pos < tm->len && tm->s[tm->pos] != '}')
			tm->pos++;
		if (tm->pos < tm->len)
			tm->pos++;
	}
	(void)parse_arg(tm, F_TEXT);
	if (w > 0)
		tm_node_add(row, space_new(tm, w));
}

/* \overset, \underset, \stackrel: the first argument as a limit of the
 * second. */
static struct node *
parse_stack(struct tm_state *tm, enum xop op, int font)
{
	struct node *a, *b, *n;

	a = parse_arg(tm, font);
	b = parse_arg(tm, font);
	n = tm_node_new(tm, N_SCRIPT);
	n->a = b;
	if (op == X_UNDERSET)
		n->b = a;
	else
		n->c = a;
	n->fl |= NF_LIMITS | NF_CLS;
	/* as amsmath does: =ᵈᵉᶠ is still a relation */
	if (op == X_STACKREL)
		n->cls = C_REL;
	else {
		int l, r;

		tm_node_cls(b->kind == N_ROW && b->count == 1 ? b->head : b,
		    &l, &r);
		n->cls = l;
	}
	return n;
}

/* \pmod{n} is " (mod n)", \mod "  mod ". */
static void
parse_pmod(struct tm_state *tm, struct node *row, bool bare, int font)
{
	if (bare) {
		tm_node_add(row, space_new(tm, 2));
		tm_node_add(row, atom_new(tm, "mod", C_ORD));
		tm_node_add(row, space_new(tm, 1));
		return;
	}
	tm_node_add(row, space_new(tm, 1));
	tm_node_add(row, atom_new(tm, "(", C_OPEN));
	tm_node_add(row, atom_new(tm, "mod", C_ORD));
	tm_node_add(row, space_new(tm, 1));
	tm_node_add(row, parse_arg(tm, font));
	tm_node_add(row, atom_new(tm, ")", C_CLOSE));
}

/* A command of the xcmds table, its arguments read. Returns the font for
 * what follows (an old-style \rm), or -1. */
static int
parse_xcmd(struct tm_state *tm, struct node *row, int font,
    const struct xcmd *x)
{
	struct node *n, *a;

	switch (x->op) {
	case X_FRAC: case X_TFRAC: case X_BINOM: case X_TBINOM:
		n = tm_node_new(tm, N_FRAC);
		n->a = parse_arg(tm, font);
		n->b = parse_arg(tm, font);
		if (x->op == X_TFRAC || x->op == X_TBINOM)
			n->fl |= NF_TSTYLE;
		if (x->op == X_BINOM || x->op == X_TBINOM)
			n->fl |= NF_BINOM;
		n->cls = C_INNER;
		tm_node_add(row, n);
		break;
	case X_SQRT:
		n = tm_node_new(tm, N_SQRT);
		skip_space(tm);
		if (peek(tm) == '[') {
			tm->pos++;
			n->b = tm_parse_block(tm, font, W_BRACKET);
		}
		n->a = parse_arg(tm, font);
		tm_node_add(row, n);
		break;
	case X_LEFT:
		n = tm_node_new(tm, N_DELIM);
		n->n = read_delim(tm);
		n->a = tm_parse_block(tm, font, W_RIGHT);
		if (cmd_is(tm, tm->pos, "right")) {
			tm->pos += 6;
			n->n2 = read_delim(tm);
		} else
			n->n2 = D_NONE;	/* counted where the body ended */
		tm_node_add(row, n);
		break;
	case X_MIDDLE:
		tm_node_add(row, delim_atom(tm, read_delim(tm), C_REL));
		break;
	case X_BIG:
		tm_node_add(row, delim_atom(tm, read_delim(tm), x->arg));
		break;
	case X_BEGIN:
		tm_node_add(row, parse_env(tm));
		break;
	case X_FONT:
		tm_node_add(row, parse_font(tm, x->arg));
		break;
	case X_OLDFONT:
		return tm->ascii ? F_RM : x->arg;
	case X_TEXT:
		tm_node_add(row, parse_arg(tm, F_TEXT));
		break;
	case X_OPNAME:
		n = parse_arg(tm, F_RM);
		if (n->kind != N_ROW) {
			a = tm_node_new(tm, N_ROW);
			tm_node_add(a, n);
			n = a;
		}
		n->cls = C_OP;
		n->fl |= NF_CLS | NF_WORD | (x->arg ? NF_LIMITS : 0);
		tm_node_add(row, n);
		break;
	case X_ACCENT:
		n = tm_node_new(tm, N_ACCENT);
		n->n = x->arg;
		n->a = parse_arg(tm, font);
		if (x->arg == ACCENT_UNDERLINE)
			n->fl |= NF_UNDER;
		tm_node_add(row, n);
		break;
	case X_SPACE:
		tm_node_add(row, space_new(tm, x->arg));
		break;
	case X_NOP:
		break;
	case X_SKIPARG:
		(void)parse_arg(tm, F_TEXT);
		if (x->arg)
			tm_node_add(row, space_new(tm, x->arg));
		break;
	case X_PHANTOM:
		(void)parse_arg(tm, font);
		break;
	case X_SUBSTACK:
		/* lines of a limit: stacked under a big operator in
		 * display, "i < j, k" anywhere else */
		n = parse_arg(tm, font);
		if (n->kind == N_ARRAY)
			n->n = A_SUBSTACK;
		tm_node_add(row, n);
		break;
	case X_COLORARG:
		(void)parse_arg(tm, F_TEXT);
		tm_node_add(row, parse_arg(tm, font));
		break;
	case X_NOT:
		parse_not(tm, row, font);
		break;
	case X_INFIX:
		n = atom_new(tm, "", C_ORD);
		n->fl |= NF_INFIX;
		n->n = x->arg;
		tm_node_add(row, n);
		break;
	case X_XARROW:
		tm_node_add(row, parse_xarrow(tm, x->arg, font));
		break;
	case X_PMATRIX:
		tm_node_add(row, parse_plain_matrix(tm, x->arg != 0));
		break;
	case X_BOX:
		parse_box(tm, row);
		break;
	case X_HLINE:
		n = atom_new(tm, "", C_ORD);
		n->fl |= NF_HLINE;
		tm_node_add(row, n);
		break;
	case X_OVERSET: case X_UNDERSET: case X_STACKREL:
		tm_node_add(row, parse_stack(tm, x->op, font));
		break;
	case X_BRACE:
		n = tm_node_new(tm, N_BRACE);
		n->a = parse_arg(tm, font);
		n->fl |= NF_LIMITS | (x->arg ? NF_UNDER : 0);
		tm_node_add(row, n);
		break;
	case X_LIMITS: case X_NOLIMITS:
		if ((n = row->tail) != NULL) {
			if (n->kind == N_SCRIPT)
				n = n->a;
			n->fl &= ~(NF_LIMITS | NF_NOLIMITS);
			n->fl |= x->op == X_LIMITS ? NF_LIMITS : NF_NOLIMITS;
		}
		break;
	case X_PMOD:
		parse_pmod(tm, row, x->arg != 0, font);
		break;
	case X_TAG:
		tm_node_add(row, space_new(tm, 4));
		tm_node_add(row, atom_new(tm, "(", C_OPEN));
		tm_node_add(row, parse_arg(tm, F_TEXT));
		tm_node_add(row, atom_new(tm, ")", C_CLOSE));
		break;
	}
	return -1;
}

/* A symbol of the syms table; in bold, a letter of the bold alphabet. */
static void
parse_symbol(struct tm_state *tm, struct node *row, int font,
    const struct sym *sy)
{
	const char *t = tm->ascii ? sy->ascii : sy->uni;
	struct node *n;

	if (!tm->ascii && font == F_BF && sy->cls == C_ORD) {
		uint32_t cp;
		size_t k = text_decode(t, strlen(t), &cp);

		if (t[k] == '\0')
			t = tm_enc(tm, tm_font_map(F_BF, cp));
	}
	n = atom_new(tm, t, font == F_TEXT ? C_ORD : sy->cls);
	n->fl |= sy->fl;
	tm_node_add(row, n);
}

/* A command at the backslash: a control symbol (\, \!), a command with
 * arguments, a symbol, or an unknown name. Returns the font for what
 * follows, or -1 to keep it. */
static int
parse_command(struct tm_state *tm, struct node *row, int font)
{
	const struct xcmd *x;
	const struct sym *sy;
	struct node *n;
	const char *name;
	size_t len;

	tm->pos++;	/* the backslash */
	len = cmd_len(tm, tm->pos);
	name = tm->s + tm->pos;
	tm->pos += len;
	if (len == 0) {
		tm->unknown++;
		tm_node_add(row, atom_new(tm, "\\", C_ORD));
		return -1;
	}
	if (len == 1 && !is_alpha((unsigned char)name[0])) {
		switch (name[0]) {
		case ',': case ':': case ';': case '>': case ' ':
			tm_node_add(row, space_new(tm, 1));
			return -1;
		case '!':
			tm_node_add(row, space_new(tm, -1));
			return -1;
		case '/': case '-': case '@':
			return -1;
		}
	}
	if ((x = tm_xcmd_find(name, len)) != NULL)
		return parse_xcmd(tm, row, font, x);
	if ((sy = tm_sym_find(name, len)) != NULL) {
		parse_symbol(tm, row, font, sy);
		return -1;
	}
	/* Unknown: show it as written, backslash and all, so the reader
	 * sees what was meant and that it was not understood. */
	tm->unknown++;
	if (tm->unknown_name[0] == '\0')
		snprintf(tm->unknown_name, sizeof tm->unknown_name, "\\%.*s",
		    (int)(len < sizeof tm->unknown_name - 2 ? len :
		    sizeof tm->unknown_name - 2), name);
	if (tm->ascii && (unsigned char)name[0] >= 0x80) {
		tm_node_add(row, atom_new(tm, "?", C_ORD));
		return -1;
	}
	n = atom_new(tm, tm_cat(tm, "\\", tm_strndup(tm, name, len)), C_ORD);
	n->fl |= NF_WORD;
	tm_node_add(row, n);
	return -1;
}
