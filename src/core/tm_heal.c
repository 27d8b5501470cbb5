/* tm_heal.c - put back the backslashes that glossary files lost.
 *
 * A text-to-text pass that runs before the parser, only with TM_HEAL. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "texmath.h"
#include "text.h"
#include "util.h"
#include "tm-int.h"

/* ---- healing ----
 *
 * Glossary files pass through JSON, YAML and Python strings, and two kinds
 * of damage show up in the formulas:
 *
 * 1. An escape ate the backslash and the first letter: "\theta" became TAB
 *    "heta", "\frac" form feed "rac", "\nabla" newline "abla", "\right" CR
 *    "ight", "\beta" backspace "eta", "\alpha" BEL "lpha", "\vec" VT "ec".
 *    A control character followed by letters that complete a known command
 *    is healed; a newline only when at least two letters follow, since a
 *    real line break may start a line with a one-letter variable. When a
 *    later step turned the control character into a space or dropped it,
 *    only the remnant is left ("heta", "ext{"): those remnants are healed
 *    when they are a whole word, because none of them is a word in math.
 *    "eta" alone is healed to \beta: a real eta keeps its backslash (\e is
 *    not an escape), so a bare "eta" is what \b left behind.
 * 2. The backslash was stripped: "frac{a}{b}", "cdot", "mathbb{R}". A whole
 *    word (not after a letter or backslash, not followed by a letter) that
 *    is a command name in the list below is healed. Names that are also
 *    English words or common variables are left alone ("to", "top", "mid",
 *    "dots", "ell", "le"), names that need an argument are healed only when
 *    it follows ("frac{", "left(", "int_"), and "in" only before a set:
 *    mathbb/mathcal/mathbf, \{, or a single capital letter (x in S).
 *
 * 3. A command glued to a neighbouring letter: "Nsqrt{N}" (before its
 *    argument), "Asetminus B" (one letter before an operator or relation
 *    of four letters or more), "cdotx" or "\setminusi" (one letter after
 *    it). Function names (log, max) and Greek letters are never split off
 *    a word: "asin", "xbeta" may be meant.
 * 4. A command split by a line break: "\math" at a line's end and "bf{x}"
 *    at the next one's start, or the same without the backslash, when
 *    the first part is no command and the whole is one of five letters
 *    or more.
 *
 * Each kind of damage is one rule (enum heal_rule in tm-int.h) that can be
 * turned off alone, so tests can count what each one changes.
 *
 * Nothing inside \text{...}, \mathrm{...} or \operatorname{...} is
 * touched: there the words are meant as words. */

enum need { H_ANY, H_BRACE, H_DELIM, H_SCRIPT, H_SET, H_SPACED };

struct heal_word {
	const char	*word;
	const char	*cmd;
	enum need	 need;
};

static const struct heal_word remnants[] = {
	{ "heta", "theta", H_ANY }, { "imes", "times", H_ANY },
	{ "ext", "text", H_BRACE }, { "extbf", "textbf", H_BRACE },
	{ "extrm", "textrm", H_BRACE }, { "extit", "textit", H_BRACE },
	{ "ight", "right", H_DELIM }, { "ightarrow", "rightarrow", H_ANY },
	{ "abla", "nabla", H_ANY }, { "lpha", "alpha", H_ANY },
	{ "eta", "beta", H_ANY }, { "egin", "begin", H_BRACE },
	{ "rac", "frac", H_BRACE }, { "ilde", "tilde", H_BRACE },
	{ "anh", "tanh", H_ANY }, { "pprox", "approx", H_ANY },
	{ "arepsilon", "varepsilon", H_ANY }, { "arphi", "varphi", H_ANY },
	{ "artheta", "vartheta", H_ANY }, { "ec", "vec", H_BRACE },
	{ "otin", "notin", H_ANY }, { "ar", "bar", H_BRACE },
	{ "oldsymbol", "boldsymbol", H_BRACE }, { "inom", "binom", H_BRACE },
	/* \to that lost "\t": a lone o between two terms, A_1 o A_2 */
	{ "o", "to", H_SPACED },
};

static const struct heal_word stripped[] = {
	{ "alpha", NULL, H_ANY }, { "beta", NULL, H_ANY }, { "gamma", NULL, H_ANY },
	{ "delta", NULL, H_ANY }, { "epsilon", NULL, H_ANY },
	{ "varepsilon", NULL, H_ANY }, { "zeta", NULL, H_ANY },
	{ "theta", NULL, H_ANY }, { "vartheta", NULL, H_ANY },
	{ "iota", NULL, H_ANY }, { "kappa", NULL, H_ANY },
	{ "lambda", NULL, H_ANY }, { "mu", NULL, H_ANY }, { "nu", NULL, H_ANY },
	{ "xi", NULL, H_ANY }, { "pi", NULL, H_ANY }, { "rho", NULL, H_ANY },
	{ "sigma", NULL, H_ANY }, { "tau", NULL, H_ANY },
	{ "upsilon", NULL, H_ANY }, { "phi", NULL, H_ANY },
	{ "varphi", NULL, H_ANY }, { "chi", NULL, H_ANY }, { "psi", NULL, H_ANY },
	{ "omega", NULL, H_ANY }, { "Gamma", NULL, H_ANY },
	{ "Delta", NULL, H_ANY }, { "Theta", NULL, H_ANY },
	{ "Lambda", NULL, H_ANY }, { "Xi", NULL, H_ANY }, { "Pi", NULL, H_ANY },
	{ "Sigma", NULL, H_ANY }, { "Phi", NULL, H_ANY }, { "Psi", NULL, H_ANY },
	{ "Omega", NULL, H_ANY },
	{ "cdot", NULL, H_ANY }, { "times", NULL, H_ANY }, { "div", NULL, H_ANY },
	{ "pm", NULL, H_ANY }, { "mp", NULL, H_ANY }, { "leq", NULL, H_ANY },
	{ "geq", NULL, H_ANY }, { "neq", NULL, H_ANY }, { "approx", NULL, H_ANY },
	{ "equiv", NULL, H_ANY }, { "sim", NULL, H_ANY }, { "simeq", NULL, H_ANY },
	{ "propto", NULL, H_ANY }, { "infty", NULL, H_ANY },
	{ "partial", NULL, H_ANY }, { "nabla", NULL, H_ANY },
	{ "sum", NULL, H_ANY }, { "prod", NULL, H_ANY }, { "forall", NULL, H_ANY },
	{ "exists", NULL, H_ANY }, { "subset", NULL, H_ANY },
	{ "subseteq", NULL, H_ANY }, { "supset", NULL, H_ANY },
	{ "supseteq", NULL, H_ANY }, { "cup", NULL, H_ANY }, { "cap", NULL, H_ANY },
	{ "setminus", NULL, H_ANY }, { "mapsto", NULL, H_ANY },
	{ "rightarrow", NULL, H_ANY }, { "leftarrow", NULL, H_ANY },
	{ "Rightarrow", NULL, H_ANY }, { "Leftarrow", NULL, H_ANY },
	{ "Leftrightarrow", NULL, H_ANY }, { "leftrightarrow", NULL, H_ANY },
	{ "iff", NULL, H_ANY }, { "ldots", NULL, H_ANY }, { "cdots", NULL, H_ANY },
	{ "emptyset", NULL, H_ANY }, { "varnothing", NULL, H_ANY },
	{ "hbar", NULL, H_ANY }, { "odot", NULL, H_ANY }, { "otimes", NULL, H_ANY },
	{ "oplus", NULL, H_ANY }, { "langle", NULL, H_ANY },
	{ "rangle", NULL, H_ANY }, { "lVert", NULL, H_ANY },
	{ "rVert", NULL, H_ANY }, { "lvert", NULL, H_ANY }, { "rvert", NULL, H_ANY },
	{ "perp", NULL, H_ANY }, { "circ", NULL, H_ANY }, { "quad", NULL, H_ANY },
	{ "qquad", NULL, H_ANY }, { "log", NULL, H_ANY }, { "ln", NULL, H_ANY },
	{ "exp", NULL, H_ANY }, { "sin", NULL, H_ANY }, { "cos", NULL, H_ANY },
	{ "tan", NULL, H_ANY }, { "tanh", NULL, H_ANY }, { "sinh", NULL, H_ANY },
	{ "cosh", NULL, H_ANY }, { "max", NULL, H_ANY }, { "min", NULL, H_ANY },
	{ "argmax", NULL, H_ANY }, { "argmin", NULL, H_ANY }, { "det", NULL, H_ANY },
	{ "notin", NULL, H_ANY }, { "lesssim", NULL, H_ANY },
	{ "gtrsim", NULL, H_ANY }, { "nearrow", NULL, H_ANY },
	{ "searrow", NULL, H_ANY }, { "rightleftharpoons", NULL, H_ANY },
	{ "substack", NULL, H_BRACE },
	{ "frac", NULL, H_BRACE }, { "dfrac", NULL, H_BRACE },
	{ "tfrac", NULL, H_BRACE }, { "binom", NULL, H_BRACE },
	{ "sqrt", NULL, H_BRACE }, { "mathbb", NULL, H_BRACE },
	{ "mathcal", NULL, H_BRACE }, { "mathbf", NULL, H_BRACE },
	{ "mathrm", NULL, H_BRACE }, { "mathit", NULL, H_BRACE },
	{ "mathsf", NULL, H_BRACE }, { "mathscr", NULL, H_BRACE },
	{ "mathfrak", NULL, H_BRACE }, { "boldsymbol", NULL, H_BRACE },
	{ "operatorname", NULL, H_BRACE }, { "text", NULL, H_BRACE },
	{ "textbf", NULL, H_BRACE }, { "textrm", NULL, H_BRACE },
	{ "textit", NULL, H_BRACE }, { "mbox", NULL, H_BRACE },
	{ "hat", NULL, H_BRACE }, { "widehat", NULL, H_BRACE },
	{ "bar", NULL, H_BRACE }, { "overline", NULL, H_BRACE },
	{ "underline", NULL, H_BRACE }, { "tilde", NULL, H_BRACE },
	{ "widetilde", NULL, H_BRACE }, { "vec", NULL, H_BRACE },
	{ "dot", NULL, H_BRACE }, { "ddot", NULL, H_BRACE },
	{ "begin", NULL, H_BRACE }, { "end", NULL, H_BRACE },
	{ "underbrace", NULL, H_BRACE }, { "overbrace", NULL, H_BRACE },
	{ "overset", NULL, H_BRACE }, { "underset", NULL, H_BRACE },
	{ "left", NULL, H_DELIM }, { "right", NULL, H_DELIM },
	{ "bigl", NULL, H_DELIM }, { "bigr", NULL, H_DELIM },
	{ "Bigl", NULL, H_DELIM }, { "Bigr", NULL, H_DELIM },
	{ "int", NULL, H_SCRIPT }, { "oint", NULL, H_SCRIPT },
	{ "iint", NULL, H_SCRIPT }, { "lim", NULL, H_SCRIPT },
	{ "sup", NULL, H_SCRIPT }, { "inf", NULL, H_SCRIPT },
	{ "limsup", NULL, H_SCRIPT }, { "liminf", NULL, H_SCRIPT },
	{ "in", NULL, H_SET },
};

static bool
is_textcmd(const char *s, size_t n)
{
	static const char *const t[] = {
		"text", "textrm", "textit", "textbf", "textnormal", "mbox",
		"mathrm", "operatorname", "label", "textsf", "texttt", "emph",
	};

	for (size_t i = 0; i < nitems(t); i++)
		if (strlen(t[i]) == n && strncmp(t[i], s, n) == 0)
			return true;
	return false;
}

static bool
need_met(const char *s, size_t len, size_t at, enum need need)
{
	size_t i = at;

	while (i < len && s[i] == ' ')
		i++;
	switch (need) {
	case H_ANY:
		return true;
	case H_BRACE:
		return i < len && (s[i] == '{' || (s[i] == '[' && i == at));
	case H_DELIM:
		return i < len && strchr("()[]|.\\", s[i]) != NULL;
	case H_SCRIPT:
		return at < len && (s[at] == '_' || s[at] == '^');
	case H_SPACED:
		/* " o " with a term on each side: not o(n), not a last o */
		return at >= 3 && s[at - 2] == ' ' && s[at - 3] != '\0' &&
		    strchr("(+-*/=,;&|", s[at - 3]) == NULL && at < len &&
		    s[at] == ' ' && i < len && s[i] != '\0' &&
		    strchr("()+-*/=,;&|", s[i]) == NULL;
	case H_SET:
		if (i >= len)
			return false;
		if ((unsigned char)s[i] >= 0x80)
			return true;
		if (s[i] == '\\')
			i++;
		if (len - i >= 4 && strncmp(s + i, "math", 4) == 0)
			return true;
		if (i < len && s[i] == '{')
			return true;	/* \{0, 1\}, or {0, 1} that lost it */
		return i < len && s[i] >= 'A' && s[i] <= 'Z' &&
		    (i + 1 >= len || !is_alpha((unsigned char)s[i + 1]));
	}
	return false;
}

static bool
known_cmd(const char *s, size_t n)
{
	return tm_sym_find(s, n) != NULL || tm_xcmd_find(s, n) != NULL ||
	    (n == 5 && strncmp(s, "right", 5) == 0) ||
	    (n == 3 && strncmp(s, "end", 3) == 0);
}

/* Copy a brace group verbatim: its words are text, not commands. */
static size_t
copy_group(struct buf *b, const char *s, size_t len, size_t i)
{
	int depth = 0;

	while (i < len && s[i] == ' ')
		buf_addc(b, s[i++]);
	if (i >= len || s[i] != '{')
		return i;
	for (; i < len; i++) {
		buf_addc(b, s[i]);
		if (s[i] == '\\' && i + 1 < len) {
			buf_addc(b, s[++i]);
			continue;
		}
		if (s[i] == '{')
			depth++;
		else if (s[i] == '}' && --depth == 0)
			return i + 1;
	}
	return i;
}

/* The relations after which a brace group that lists elements is a set
 * whose \{ \} lost their backslashes: x in {0, 1}, S = {a, b}. */
static bool
is_setrel(const char *name, size_t n)
{
	static const char *const r[] = {
		"in", "notin", "ni", "subset", "subseteq", "supset", "supseteq",
	};

	for (size_t i = 0; i < nitems(r); i++)
		if (strlen(r[i]) == n && strncmp(r[i], name, n) == 0)
			return true;
	return false;
}

/* The } that closes the group opening at s[i], if the group reads as a set
 * listing: a comma or a bar at its top level. Else 0. */
static size_t
set_group(const char *s, size_t len, size_t i)
{
	int depth = 0;
	bool list = false;

	for (size_t j = i; j < len; j++) {
		if (s[j] == '\\' && j + 1 < len) {
			if (depth == 1 && len - j > 3 && strncmp(s + j + 1, "mid",
			    3) == 0)
				list = true;
			j++;
			continue;
		}
		if (s[j] == '{')
			depth++;
		else if (s[j] == '}' && --depth == 0)
			return list ? j : 0;
		else if (depth == 1 && (s[j] == ',' || s[j] == '|'))
			list = true;
	}
	return 0;
}

/* A command that takes a braced argument, as the last letters of a word
 * glued to it: "Nsqrt{N}" is N\sqrt{N} that lost its backslash. Returns
 * the length of the longest such name ending s[0..n), or 0. */
static size_t
glued_cmd(const char *s, size_t n)
{
	size_t best = 0;

	for (size_t k = 0; k < nitems(stripped); k++) {
		size_t m = strlen(stripped[k].word);

		if (stripped[k].need == H_BRACE && m < n && m > best &&
		    strncmp(s + n - m, stripped[k].word, m) == 0)
			best = m;
	}
	return best;
}

/* One heal pass: the output so far, where it is in the input, and the set
 * braces it opened, to close them as \} too. */
struct healer {
	struct buf	 b;
	const char	*s;
	size_t		 len, i;
	size_t		 rel;		/* output offset after a relation, or SIZE_MAX */
	size_t		 close[16];	/* input offsets of the } that close a set */
	int		 nclose;
	unsigned	 rules;		/* enum heal_rule bits */
};

/* After a command name put back: a text command's group is copied as it
 * is, a set relation may be followed by a set that lost its \{. */
static void
heal_after_cmd(struct healer *h, const char *name, size_t n, bool setrel)
{
	if (is_textcmd(name, n))
		h->i = copy_group(&h->b, h->s, h->len, h->i);
	else if (setrel && is_setrel(name, n))
		h->rel = h->b.len;
}

/* The braces of a set after a relation: x in {0, 1} becomes \{0, 1\}. */
static bool
heal_set_brace(struct healer *h, char c)
{
	if (!(h->rules & HEAL_SET))
		return false;
	while (h->nclose > 0 && h->close[h->nclose - 1] < h->i)
		h->nclose--;	/* swallowed by a text group */
	if (c == '}' && h->nclose > 0 && h->close[h->nclose - 1] == h->i) {
		buf_adds(&h->b, "\\}");
		h->nclose--;
		h->i++;
		return true;
	}
	if (c == '{' && h->rel != SIZE_MAX &&
	    h->nclose < (int)nitems(h->close)) {
		size_t j = set_group(h->s, h->len, h->i), at = h->rel;

		while (at < h->b.len && h->b.s[at] == ' ')
			at++;
		if (j > 0 && at == h->b.len) {
			buf_adds(&h->b, "\\{");
			h->close[h->nclose++] = j;
			h->i++;
			h->rel = SIZE_MAX;
			return true;
		}
	}
	return false;
}

/* An operator or relation of four letters or more, as a stripped word
 * ("setminus", "cdot", "approx"): what a letter may be glued to. Not a
 * function name or a Greek letter, which end or start real words. */
static bool
glued_op(const char *s, size_t n)
{
	const struct sym *y;

	if (n < 4 || (y = tm_sym_find(s, n)) == NULL)
		return false;
	return y->cls == C_BIN || y->cls == C_REL;
}

/* "Asetminus" (a letter, then the name) or "cdotx" (the name, then a
 * letter): the word of n letters at h->i gets its backslash and a space. */
static bool
glued_letter(struct healer *h, size_t n)
{
	const char *w = h->s + h->i;

	if (n >= 5 && (h->i == 0 || h->s[h->i - 1] != '\\') &&
	    glued_op(w + 1, n - 1)) {
		buf_addc(&h->b, w[0]);
		buf_addc(&h->b, '\\');
		buf_add(&h->b, w + 1, n - 1);
		h->i += n;
		return true;
	}
	if (n >= 5 && glued_op(w, n - 1)) {
		buf_addc(&h->b, '\\');
		buf_add(&h->b, w, n - 1);
		buf_addc(&h->b, ' ');
		h->i += n - 1;
		return true;
	}
	return false;
}

/* The n letters at h->i, a line break, then letters that complete them to
 * a command of five letters or more, the first part none itself. Writes the
 * command (with its backslash) and returns true. */
static bool
heal_split(struct healer *h, size_t n, bool backslash)
{
	const char *s = h->s;
	size_t j = h->i + n, m, k;
	char name[64];

	if (n < 2 || j >= h->len || s[j] != '\n' || known_cmd(s + h->i, n))
		return false;
	for (k = j + 1; k < h->len && s[k] == ' '; k++)
		;
	for (m = 0; k + m < h->len && is_alpha((unsigned char)s[k + m]); m++)
		;
	if (m < 2 || n + m < 5 || n + m >= sizeof name)
		return false;
	memcpy(name, s + h->i, n);
	memcpy(name + n, s + k, m);
	if (!known_cmd(name, n + m))
		return false;
	if (!backslash)
		buf_addc(&h->b, '\\');
	buf_add(&h->b, name, n + m);
	h->i = k + m;
	heal_after_cmd(h, name, n + m, true);
	return true;
}

/* A command that kept its backslash is copied as it is. */
static void
heal_command(struct healer *h)
{
	const char *s = h->s;
	size_t n;

	buf_addc(&h->b, '\\');
	h->i++;
	for (n = 0; h->i + n < h->len && is_alpha((unsigned char)s[h->i + n]); n++)
		;
	if (n == 0 && h->i < h->len) {
		buf_addc(&h->b, s[h->i++]);
		return;
	}
	if (!known_cmd(s + h->i, n)) {
		size_t k = n;

		/* "\setminusi": a known name and one letter glued on */
		if ((h->rules & HEAL_GLUED) && n >= 5 &&
		    glued_op(s + h->i, n - 1))
			k = n - 1;
		/* "\math" EOL "bf{x}": a name a line break split */
		else if ((h->rules & HEAL_SPLIT) && heal_split(h, n, true))
			return;
		if (k < n) {
			buf_add(&h->b, s + h->i, k);
			buf_addc(&h->b, ' ');
			h->i += k;
			return;
		}
	}
	buf_add(&h->b, s + h->i, n);
	h->i += n;
	heal_after_cmd(h, s + h->i - n, n, true);
}

/* A control character that an escape made of a backslash and a letter:
 * TAB "heta" was \theta. Returns false when c is no such character. */
static bool
heal_escape(struct healer *h, char c)
{
	static const char esc[][2] = {
		{ '\t', 't' }, { '\n', 'n' }, { '\r', 'r' }, { '\b', 'b' },
		{ '\f', 'f' }, { '\a', 'a' }, { '\v', 'v' },
	};
	const char *s = h->s;
	size_t i = h->i, len = h->len, n, k;
	char name[64];

	for (k = 0; k < nitems(esc); k++)
		if (c == esc[k][0])
			break;
	if (k == nitems(esc) || !(h->rules & HEAL_ESCAPE))
		return false;
	for (n = 0; i + 1 + n < len && n < sizeof name - 2 &&
	    is_alpha((unsigned char)s[i + 1 + n]); n++)
		;
	name[0] = esc[k][1];
	memcpy(name + 1, s + i + 1, n);
	if (n > 0 && (c != '\n' || n >= 2) &&
	    (i + 1 + n >= len || !is_alpha((unsigned char)s[i + 1 + n])) &&
	    known_cmd(name, n + 1)) {
		buf_addc(&h->b, '\\');
		buf_add(&h->b, name, n + 1);
		h->i += 1 + n;
		heal_after_cmd(h, name, n + 1, false);
		return true;
	}
	buf_addc(&h->b, c);
	h->i++;
	return true;
}

/* The command a whole word of n letters at h->i stands for, or NULL. */
static const char *
heal_word_cmd(const struct healer *h, size_t n)
{
	const char *w = h->s + h->i;
	size_t k;

	for (k = 0; k < nitems(remnants) && (h->rules & HEAL_REMNANT); k++)
		if (strlen(remnants[k].word) == n &&
		    strncmp(remnants[k].word, w, n) == 0 &&
		    need_met(h->s, h->len, h->i + n, remnants[k].need))
			return remnants[k].cmd;
	for (k = 0; k < nitems(stripped) && (h->rules & HEAL_STRIPPED); k++)
		if (strlen(stripped[k].word) == n &&
		    strncmp(stripped[k].word, w, n) == 0 &&
		    need_met(h->s, h->len, h->i + n, stripped[k].need))
			return stripped[k].word;
	return NULL;
}

/* "alphafrac{": a command glued to the word before it, whose last k
 * letters are the command. */
static void
heal_glued(struct healer *h, size_t n, size_t k)
{
	const char *w = h->s + h->i;
	size_t m = n - k;

	/* the word before it, as any other word */
	for (size_t q = 0; q < nitems(stripped); q++)
		if (stripped[q].need == H_ANY && strlen(stripped[q].word) == m &&
		    strncmp(stripped[q].word, w, m) == 0) {
			buf_addc(&h->b, '\\');
			break;
		}
	buf_add(&h->b, w, m);
	h->i += m;
	buf_addc(&h->b, '\\');
	buf_add(&h->b, h->s + h->i, k);
	h->i += k;
	heal_after_cmd(h, h->s + h->i - k, k, false);
}

/* A word of letters: a remnant or a stripped command gets its backslash. */
static void
heal_word(struct healer *h)
{
	const char *s = h->s, *cmd;
	size_t n, k;

	for (n = 0; h->i + n < h->len && is_alpha((unsigned char)s[h->i + n]); n++)
		;
	cmd = heal_word_cmd(h, n);
	if (cmd == NULL && (h->rules & HEAL_GLUED) && h->i + n < h->len &&
	    s[h->i + n] == '{' && (k = glued_cmd(s + h->i, n)) > 0) {
		heal_glued(h, n, k);
		return;
	}
	if (cmd == NULL && (h->rules & HEAL_GLUED) && glued_letter(h, n))
		return;
	if (cmd == NULL && (h->rules & HEAL_SPLIT) && heal_split(h, n, false))
		return;
	if (cmd == NULL) {
		buf_add(&h->b, s + h->i, n);
		h->i += n;
		return;
	}
	buf_addc(&h->b, '\\');
	buf_adds(&h->b, cmd);
	h->i += n;
	heal_after_cmd(h, cmd, strlen(cmd), true);
}

char *
tm_heal(const char *s, size_t len, unsigned rules, size_t *outlen)
{
	struct healer h = { .s = s, .len = len, .rel = SIZE_MAX,
	    .rules = rules };

	buf_grow(&h.b, len + 16);
	while (h.i < len) {
		char c = s[h.i];

		if (heal_set_brace(&h, c))
			continue;
		if (c != ' ')
			h.rel = SIZE_MAX;
		if (c == '=') {
			buf_addc(&h.b, c);
			h.i++;
			h.rel = h.b.len;
		} else if (c == '\\')
			heal_command(&h);
		else if (heal_escape(&h, c))
			;
		else if (is_alpha((unsigned char)c))
			heal_word(&h);
		else {
			buf_addc(&h.b, c);
			h.i++;
		}
	}
	*outlen = h.b.len;
	return buf_take(&h.b);
}
