/* texmath.c - LaTeX math to Unicode (or ASCII) text, inline or 2-D.
 *
 * Three passes. heal() (only with TM_HEAL) puts back backslashes that
 * glossary files lost on their way through JSON and YAML. The parser builds
 * a small tree: rows of atoms, fractions, roots, scripts, \left..\right
 * pairs and arrays. The layout turns the tree into a box: a grid of cells,
 * one string per terminal column, so pieces can be placed anywhere and every
 * row comes out exactly as wide as the box. Inline layout is the same code
 * with every box one row high.
 *
 * The parser recurses only through parse_block() and parse_arg(), which
 * count depth; the layout recurses over the tree the parser built, so it is
 * bounded by the same limit. Box area is capped, so nested fractions around a
 * long row cannot ask for gigabytes. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "texmath.h"
#include "text.h"
#include "util.h"

#define TM_MAXDEPTH	64
#define TM_MAXINPUT	(64 * 1024)
#define TM_MAXROWS	256
#define TM_MAXCELLS	(1 << 20)

/* Spacing classes, as in TeX: they decide the gaps between atoms. */
enum cls { C_ORD, C_OP, C_BIN, C_REL, C_OPEN, C_CLOSE, C_PUNCT, C_INNER };

enum nk {
	N_ROW, N_ATOM, N_SPACE, N_FRAC, N_SQRT, N_SCRIPT, N_ACCENT,
	N_DELIM, N_ARRAY, N_BRACE
};

#define NF_LIMITS	0x01	/* limits go above and below in display */
#define NF_NOLIMITS	0x02
#define NF_WORD		0x04	/* a name of several letters: log, alpha */
#define NF_PRIME	0x08	/* a superscript made of primes only */
#define NF_TSTYLE	0x10	/* \tfrac, \tbinom: flat even in display */
#define NF_BINOM	0x20
#define NF_CLS		0x40	/* cls was set explicitly (\stackrel, \operatorname) */
#define NF_UNDER	0x80	/* underbrace, underline */
#define NF_FLAT		0x100	/* laid out as x_(...) or x^(...) */
#define NF_OUTER	0x200	/* an item of the formula's outer row */
#define NF_LAST		0x400	/* its last item */

enum font { F_MATH, F_RM, F_BF, F_BB, F_CAL, F_FRAK, F_TEXT };

enum akind { A_MATRIX, A_CASES, A_ALIGNED, A_GATHER, A_ARRAY, A_SUBSTACK };

enum style { ST_D, ST_T, ST_S };	/* display, inline, script */

struct node {
	enum nk		 kind;
	int		 cls;
	unsigned	 fl;
	const char	*text;	/* atom text; accent: combining mark */
	int		 n;	/* space width; accent index; delim: left; array kind */
	int		 n2;	/* delim: right; array: right delimiter */
	int		 ld;	/* array: left delimiter */
	struct node	*a, *b, *c;	/* frac num/den; sqrt body/index; script base/sub/sup */
	struct node	*head, *tail;	/* row items; array lines; line cells */
	struct node	*next;
	int		 count;
	const char	*align;	/* array column spec (l, c, r) */
};

struct chunk {
	struct chunk	*next;
	size_t		 used, cap;
	char		 data[];
};

struct tm {
	const char	*s;
	size_t		 len, pos, stoplen;
	bool		 ascii;
	int		 depth;
	bool		 deep;	/* nesting limit hit: the tree is not used */
	bool		 big;	/* a box grew past the limits */
	bool		 stacked;	/* see tm_out.stacked */
	int		 inlimits;	/* laying out the limits of a display operator */
	int		 nflat;		/* display subscripts written x_B */
	bool		 lastlow;	/* the last one lowered (see lay_script) */
	size_t		 maxw;	/* widest box allowed */
	int		 unknown;
	struct chunk	*arena;
};

/* ---- symbols ---- */

struct sym {
	const char	*name;
	const char	*uni;
	const char	*ascii;
	unsigned char	 cls;
	unsigned char	 fl;
};

#define L NF_LIMITS
static const struct sym syms[] = {
	/* Greek; \epsilon shows as ε, the form readers expect, like \varepsilon. */
	{ "alpha", "α", "alpha", C_ORD, 0 }, { "beta", "β", "beta", C_ORD, 0 },
	{ "gamma", "γ", "gamma", C_ORD, 0 }, { "delta", "δ", "delta", C_ORD, 0 },
	{ "epsilon", "ε", "epsilon", C_ORD, 0 },
	{ "varepsilon", "ε", "epsilon", C_ORD, 0 },
	{ "zeta", "ζ", "zeta", C_ORD, 0 }, { "eta", "η", "eta", C_ORD, 0 },
	{ "theta", "θ", "theta", C_ORD, 0 }, { "vartheta", "ϑ", "theta", C_ORD, 0 },
	{ "iota", "ι", "iota", C_ORD, 0 }, { "kappa", "κ", "kappa", C_ORD, 0 },
	{ "varkappa", "ϰ", "kappa", C_ORD, 0 },
	{ "lambda", "λ", "lambda", C_ORD, 0 }, { "mu", "μ", "mu", C_ORD, 0 },
	{ "nu", "ν", "nu", C_ORD, 0 }, { "xi", "ξ", "xi", C_ORD, 0 },
	{ "omicron", "ο", "o", C_ORD, 0 }, { "pi", "π", "pi", C_ORD, 0 },
	{ "varpi", "ϖ", "pi", C_ORD, 0 }, { "rho", "ρ", "rho", C_ORD, 0 },
	{ "varrho", "ϱ", "rho", C_ORD, 0 }, { "sigma", "σ", "sigma", C_ORD, 0 },
	{ "varsigma", "ς", "sigma", C_ORD, 0 }, { "tau", "τ", "tau", C_ORD, 0 },
	{ "upsilon", "υ", "upsilon", C_ORD, 0 }, { "phi", "ϕ", "phi", C_ORD, 0 },
	{ "varphi", "φ", "phi", C_ORD, 0 }, { "chi", "χ", "chi", C_ORD, 0 },
	{ "psi", "ψ", "psi", C_ORD, 0 }, { "omega", "ω", "omega", C_ORD, 0 },
	{ "digamma", "ϝ", "digamma", C_ORD, 0 },
	{ "Gamma", "Γ", "Gamma", C_ORD, 0 }, { "Delta", "Δ", "Delta", C_ORD, 0 },
	{ "Theta", "Θ", "Theta", C_ORD, 0 }, { "Lambda", "Λ", "Lambda", C_ORD, 0 },
	{ "Xi", "Ξ", "Xi", C_ORD, 0 }, { "Pi", "Π", "Pi", C_ORD, 0 },
	{ "Sigma", "Σ", "Sigma", C_ORD, 0 }, { "Upsilon", "Υ", "Upsilon", C_ORD, 0 },
	{ "Phi", "Φ", "Phi", C_ORD, 0 }, { "Psi", "Ψ", "Psi", C_ORD, 0 },
	{ "Omega", "Ω", "Omega", C_ORD, 0 },
	/* binary operators */
	{ "cdot", "·", "*", C_BIN, 0 }, { "times", "×", "x", C_BIN, 0 },
	{ "div", "÷", "/", C_BIN, 0 }, { "pm", "±", "+-", C_BIN, 0 },
	{ "mp", "∓", "-+", C_BIN, 0 }, { "ast", "∗", "*", C_BIN, 0 },
	{ "star", "⋆", "*", C_BIN, 0 }, { "circ", "∘", "o", C_BIN, 0 },
	{ "bullet", "•", "*", C_BIN, 0 }, { "oplus", "⊕", "(+)", C_BIN, 0 },
	{ "ominus", "⊖", "(-)", C_BIN, 0 }, { "otimes", "⊗", "(x)", C_BIN, 0 },
	{ "odot", "⊙", "(.)", C_BIN, 0 }, { "oslash", "⊘", "(/)", C_BIN, 0 },
	{ "cup", "∪", "U", C_BIN, 0 }, { "cap", "∩", "n", C_BIN, 0 },
	{ "sqcup", "⊔", "U", C_BIN, 0 }, { "sqcap", "⊓", "n", C_BIN, 0 },
	{ "uplus", "⊎", "U+", C_BIN, 0 },
	{ "setminus", "∖", "\\", C_BIN, 0 }, { "wedge", "∧", "and", C_BIN, 0 },
	{ "land", "∧", "and", C_BIN, 0 }, { "vee", "∨", "or", C_BIN, 0 },
	{ "lor", "∨", "or", C_BIN, 0 }, { "dagger", "†", "+", C_BIN, 0 },
	{ "ddagger", "‡", "++", C_BIN, 0 }, { "diamond", "⋄", "<>", C_BIN, 0 },
	{ "wr", "≀", "wr", C_BIN, 0 }, { "bmod", "mod", "mod", C_BIN, NF_WORD },
	/* relations */
	{ "leq", "≤", "<=", C_REL, 0 }, { "le", "≤", "<=", C_REL, 0 },
	{ "leqslant", "≤", "<=", C_REL, 0 }, { "geqslant", "≥", ">=", C_REL, 0 },
	{ "geq", "≥", ">=", C_REL, 0 }, { "ge", "≥", ">=", C_REL, 0 },
	{ "neq", "≠", "!=", C_REL, 0 }, { "ne", "≠", "!=", C_REL, 0 },
	{ "approx", "≈", "~=", C_REL, 0 }, { "equiv", "≡", "==", C_REL, 0 },
	{ "sim", "∼", "~", C_REL, 0 }, { "simeq", "≃", "~=", C_REL, 0 },
	{ "cong", "≅", "~=", C_REL, 0 }, { "propto", "∝", "~", C_REL, 0 },
	{ "in", "∈", "in", C_REL, 0 }, { "notin", "∉", "!in", C_REL, 0 },
	{ "ni", "∋", "ni", C_REL, 0 }, { "subset", "⊂", "<", C_REL, 0 },
	{ "subseteq", "⊆", "<=", C_REL, 0 }, { "supset", "⊃", ">", C_REL, 0 },
	{ "supseteq", "⊇", ">=", C_REL, 0 }, { "subsetneq", "⊊", "<", C_REL, 0 },
	{ "ll", "≪", "<<", C_REL, 0 }, { "gg", "≫", ">>", C_REL, 0 },
	{ "prec", "≺", "<", C_REL, 0 }, { "succ", "≻", ">", C_REL, 0 },
	{ "preceq", "⪯", "<=", C_REL, 0 }, { "succeq", "⪰", ">=", C_REL, 0 },
	{ "perp", "⊥", "_|_", C_REL, 0 }, { "parallel", "∥", "||", C_REL, 0 },
	{ "mid", "|", "|", C_REL, 0 }, { "nmid", "∤", "!|", C_REL, 0 },
	{ "to", "→", "->", C_REL, 0 }, { "rightarrow", "→", "->", C_REL, 0 },
	{ "leftarrow", "←", "<-", C_REL, 0 }, { "gets", "←", "<-", C_REL, 0 },
	{ "Rightarrow", "⇒", "=>", C_REL, 0 }, { "Leftarrow", "⇐", "<==", C_REL, 0 },
	{ "Leftrightarrow", "⇔", "<=>", C_REL, 0 },
	{ "leftrightarrow", "↔", "<->", C_REL, 0 },
	{ "implies", "⟹", "=>", C_REL, 0 }, { "iff", "⟺", "<=>", C_REL, 0 },
	{ "mapsto", "↦", "|->", C_REL, 0 }, { "longmapsto", "⟼", "|->", C_REL, 0 },
	{ "longrightarrow", "⟶", "-->", C_REL, 0 },
	{ "longleftarrow", "⟵", "<--", C_REL, 0 },
	{ "Longrightarrow", "⟹", "==>", C_REL, 0 },
	{ "uparrow", "↑", "^", C_REL, 0 }, { "downarrow", "↓", "v", C_REL, 0 },
	{ "hookrightarrow", "↪", "->", C_REL, 0 },
	{ "rightharpoonup", "⇀", "->", C_REL, 0 },
	{ "models", "⊨", "|=", C_REL, 0 }, { "vdash", "⊢", "|-", C_REL, 0 },
	{ "coloneqq", "≔", ":=", C_REL, 0 }, { "triangleq", "≜", "=", C_REL, 0 },
	{ "doteq", "≐", "=", C_REL, 0 }, { "asymp", "≍", "~", C_REL, 0 },
	{ "sqsubseteq", "⊑", "<=", C_REL, 0 },
	{ "lesssim", "≲", "<~", C_REL, 0 }, { "gtrsim", "≳", ">~", C_REL, 0 },
	{ "lessapprox", "⪅", "<~", C_REL, 0 },
	{ "gtrapprox", "⪆", ">~", C_REL, 0 },
	{ "nearrow", "↗", "NE", C_REL, 0 }, { "searrow", "↘", "SE", C_REL, 0 },
	{ "nwarrow", "↖", "NW", C_REL, 0 }, { "swarrow", "↙", "SW", C_REL, 0 },
	{ "rightleftharpoons", "⇌", "<=>", C_REL, 0 },
	{ "leftrightharpoons", "⇋", "<=>", C_REL, 0 },
	{ "because", "∵", "because", C_REL, 0 },
	{ "therefore", "∴", "therefore", C_REL, 0 },
	/* ordinary symbols */
	{ "infty", "∞", "inf", C_ORD, 0 }, { "partial", "∂", "d", C_ORD, 0 },
	{ "nabla", "∇", "nabla", C_ORD, 0 }, { "forall", "∀", "forall", C_ORD, 0 },
	{ "exists", "∃", "exists", C_ORD, 0 }, { "nexists", "∄", "!exists", C_ORD, 0 },
	{ "neg", "¬", "~", C_ORD, 0 }, { "lnot", "¬", "~", C_ORD, 0 },
	{ "emptyset", "∅", "{}", C_ORD, 0 }, { "varnothing", "∅", "{}", C_ORD, 0 },
	{ "ell", "ℓ", "l", C_ORD, 0 }, { "hbar", "ℏ", "hbar", C_ORD, 0 },
	{ "top", "⊤", "T", C_ORD, 0 }, { "bot", "⊥", "_|_", C_ORD, 0 },
	{ "ldots", "…", "...", C_ORD, 0 }, { "cdots", "⋯", "...", C_ORD, 0 },
	{ "dots", "…", "...", C_ORD, 0 }, { "dotsc", "…", "...", C_ORD, 0 },
	{ "dotsb", "⋯", "...", C_ORD, 0 }, { "vdots", "⋮", ":", C_ORD, 0 },
	{ "ddots", "⋱", "...", C_ORD, 0 }, { "prime", "′", "'", C_ORD, 0 },
	{ "angle", "∠", "angle", C_ORD, 0 }, { "triangle", "△", "triangle", C_ORD, 0 },
	{ "Box", "□", "[]", C_ORD, 0 }, { "square", "□", "[]", C_ORD, 0 },
	{ "aleph", "ℵ", "aleph", C_ORD, 0 }, { "Re", "ℜ", "Re", C_ORD, 0 },
	{ "Im", "ℑ", "Im", C_ORD, 0 }, { "wp", "℘", "P", C_ORD, 0 },
	{ "imath", "ı", "i", C_ORD, 0 }, { "jmath", "ȷ", "j", C_ORD, 0 },
	{ "surd", "√", "sqrt", C_ORD, 0 }, { "checkmark", "✓", "v", C_ORD, 0 },
	{ "degree", "°", "deg", C_ORD, 0 }, { "S", "§", "S", C_ORD, 0 },
	{ "backslash", "\\", "\\", C_ORD, 0 }, { "vert", "|", "|", C_ORD, 0 },
	{ "Vert", "‖", "||", C_ORD, 0 }, { "|", "‖", "||", C_ORD, 0 },
	{ "lvert", "|", "|", C_OPEN, 0 }, { "rvert", "|", "|", C_CLOSE, 0 },
	{ "lVert", "‖", "||", C_OPEN, 0 }, { "rVert", "‖", "||", C_CLOSE, 0 },
	{ "langle", "⟨", "<", C_OPEN, 0 }, { "rangle", "⟩", ">", C_CLOSE, 0 },
	{ "lceil", "⌈", "ceil(", C_OPEN, 0 }, { "rceil", "⌉", ")", C_CLOSE, 0 },
	{ "lfloor", "⌊", "floor(", C_OPEN, 0 }, { "rfloor", "⌋", ")", C_CLOSE, 0 },
	{ "lbrace", "{", "{", C_OPEN, 0 }, { "rbrace", "}", "}", C_CLOSE, 0 },
	{ "{", "{", "{", C_OPEN, 0 }, { "}", "}", "}", C_CLOSE, 0 },
	{ "#", "#", "#", C_ORD, 0 }, { "%", "%", "%", C_ORD, 0 },
	{ "&", "&", "&", C_ORD, 0 }, { "$", "$", "$", C_ORD, 0 },
	{ "_", "_", "_", C_ORD, 0 },
	/* big operators */
	{ "sum", "∑", "sum", C_OP, L }, { "prod", "∏", "prod", C_OP, L },
	{ "coprod", "∐", "coprod", C_OP, L }, { "bigcup", "⋃", "U", C_OP, L },
	{ "bigcap", "⋂", "n", C_OP, L }, { "bigoplus", "⨁", "(+)", C_OP, L },
	{ "bigotimes", "⨂", "(x)", C_OP, L }, { "bigodot", "⨀", "(.)", C_OP, L },
	{ "bigvee", "⋁", "or", C_OP, L }, { "bigwedge", "⋀", "and", C_OP, L },
	{ "bigsqcup", "⨆", "U", C_OP, L }, { "biguplus", "⨄", "U+", C_OP, L },
	{ "int", "∫", "int", C_OP, 0 }, { "iint", "∬", "iint", C_OP, 0 },
	{ "iiint", "∭", "iiint", C_OP, 0 }, { "oint", "∮", "oint", C_OP, 0 },
	/* operator names, set upright */
	{ "log", "log", "log", C_OP, 0 }, { "ln", "ln", "ln", C_OP, 0 },
	{ "lg", "lg", "lg", C_OP, 0 }, { "exp", "exp", "exp", C_OP, 0 },
	{ "sin", "sin", "sin", C_OP, 0 }, { "cos", "cos", "cos", C_OP, 0 },
	{ "tan", "tan", "tan", C_OP, 0 }, { "cot", "cot", "cot", C_OP, 0 },
	{ "sec", "sec", "sec", C_OP, 0 }, { "csc", "csc", "csc", C_OP, 0 },
	{ "sinh", "sinh", "sinh", C_OP, 0 }, { "cosh", "cosh", "cosh", C_OP, 0 },
	{ "tanh", "tanh", "tanh", C_OP, 0 }, { "coth", "coth", "coth", C_OP, 0 },
	{ "arcsin", "arcsin", "arcsin", C_OP, 0 },
	{ "arccos", "arccos", "arccos", C_OP, 0 },
	{ "arctan", "arctan", "arctan", C_OP, 0 },
	{ "arg", "arg", "arg", C_OP, 0 }, { "deg", "deg", "deg", C_OP, 0 },
	{ "dim", "dim", "dim", C_OP, 0 }, { "hom", "hom", "hom", C_OP, 0 },
	{ "ker", "ker", "ker", C_OP, 0 }, { "sgn", "sgn", "sgn", C_OP, 0 },
	{ "tr", "tr", "tr", C_OP, 0 }, { "Tr", "Tr", "Tr", C_OP, 0 },
	{ "rank", "rank", "rank", C_OP, 0 }, { "diag", "diag", "diag", C_OP, 0 },
	{ "max", "max", "max", C_OP, L }, { "min", "min", "min", C_OP, L },
	{ "sup", "sup", "sup", C_OP, L }, { "inf", "inf", "inf", C_OP, L },
	{ "lim", "lim", "lim", C_OP, L }, { "liminf", "lim inf", "lim inf", C_OP, L },
	{ "limsup", "lim sup", "lim sup", C_OP, L },
	{ "argmax", "argmax", "argmax", C_OP, L },
	{ "argmin", "argmin", "argmin", C_OP, L },
	{ "det", "det", "det", C_OP, L }, { "gcd", "gcd", "gcd", C_OP, L },
	{ "Pr", "Pr", "Pr", C_OP, L },
	{ "E", "𝔼", "E", C_ORD, 0 }, { "Var", "Var", "Var", C_OP, 0 },
	{ "Cov", "Cov", "Cov", C_OP, 0 }, { "KL", "KL", "KL", C_OP, 0 },
	{ "R", "ℝ", "R", C_ORD, 0 }, { "N", "ℕ", "N", C_ORD, 0 },
	{ "Z", "ℤ", "Z", C_ORD, 0 }, { "Q", "ℚ", "Q", C_ORD, 0 },
	{ "C", "ℂ", "C", C_ORD, 0 },
};
#undef L

/* Commands that take arguments or change how what follows is read. */
enum xop {
	X_FRAC, X_TFRAC, X_BINOM, X_TBINOM, X_SQRT, X_LEFT, X_MIDDLE,
	X_BIG, X_BEGIN, X_FONT, X_OLDFONT, X_TEXT, X_OPNAME, X_ACCENT,
	X_SPACE, X_NOP, X_SKIPARG, X_COLORARG, X_NOT, X_OVERSET, X_UNDERSET,
	X_STACKREL, X_BRACE, X_LIMITS, X_NOLIMITS, X_PMOD, X_TAG, X_PHANTOM,
	X_SUBSTACK
};

struct xcmd {
	const char	*name;
	enum xop	 op;
	int		 arg;
};

static const struct xcmd xcmds[] = {
	{ "frac", X_FRAC, 0 }, { "dfrac", X_FRAC, 0 }, { "cfrac", X_FRAC, 0 },
	{ "tfrac", X_TFRAC, 0 }, { "binom", X_BINOM, 0 }, { "dbinom", X_BINOM, 0 },
	{ "tbinom", X_TBINOM, 0 }, { "sqrt", X_SQRT, 0 }, { "left", X_LEFT, 0 },
	{ "middle", X_MIDDLE, 0 },
	{ "big", X_BIG, -1 }, { "Big", X_BIG, -1 }, { "bigg", X_BIG, -1 },
	{ "Bigg", X_BIG, -1 }, { "bigl", X_BIG, C_OPEN }, { "Bigl", X_BIG, C_OPEN },
	{ "biggl", X_BIG, C_OPEN }, { "Biggl", X_BIG, C_OPEN },
	{ "bigr", X_BIG, C_CLOSE }, { "Bigr", X_BIG, C_CLOSE },
	{ "biggr", X_BIG, C_CLOSE }, { "Biggr", X_BIG, C_CLOSE },
	{ "bigm", X_BIG, C_REL }, { "Bigm", X_BIG, C_REL },
	{ "begin", X_BEGIN, 0 },
	{ "mathbb", X_FONT, F_BB }, { "mathbbm", X_FONT, F_BB },
	{ "mathcal", X_FONT, F_CAL }, { "mathscr", X_FONT, F_CAL },
	{ "mathfrak", X_FONT, F_FRAK }, { "mathbf", X_FONT, F_BF },
	{ "boldsymbol", X_FONT, F_BF }, { "bm", X_FONT, F_BF },
	{ "mathrm", X_FONT, F_RM }, { "mathit", X_FONT, F_RM },
	{ "mathsf", X_FONT, F_RM }, { "mathtt", X_FONT, F_RM },
	{ "mathnormal", X_FONT, F_MATH },
	{ "rm", X_OLDFONT, F_RM }, { "bf", X_OLDFONT, F_BF },
	{ "cal", X_OLDFONT, F_CAL }, { "it", X_OLDFONT, F_RM },
	{ "text", X_TEXT, 0 }, { "textrm", X_TEXT, 0 }, { "textnormal", X_TEXT, 0 },
	{ "textit", X_TEXT, 0 }, { "textbf", X_TEXT, 0 }, { "textsf", X_TEXT, 0 },
	{ "texttt", X_TEXT, 0 }, { "mbox", X_TEXT, 0 }, { "emph", X_TEXT, 0 },
	{ "operatorname", X_OPNAME, 0 }, { "operatorname*", X_OPNAME, 1 },
	{ "hat", X_ACCENT, 0 }, { "widehat", X_ACCENT, 0 },
	{ "check", X_ACCENT, 1 }, { "tilde", X_ACCENT, 2 },
	{ "widetilde", X_ACCENT, 2 }, { "bar", X_ACCENT, 3 },
	{ "overline", X_ACCENT, 4 }, { "vec", X_ACCENT, 5 },
	{ "overrightarrow", X_ACCENT, 5 }, { "dot", X_ACCENT, 6 },
	{ "ddot", X_ACCENT, 7 }, { "acute", X_ACCENT, 8 },
	{ "grave", X_ACCENT, 9 }, { "breve", X_ACCENT, 10 },
	{ "mathring", X_ACCENT, 11 }, { "underline", X_ACCENT, 12 },
	{ "overleftarrow", X_ACCENT, 13 },
	{ "quad", X_SPACE, 2 }, { "qquad", X_SPACE, 4 }, { "enspace", X_SPACE, 1 },
	{ "thinspace", X_SPACE, 1 }, { "medspace", X_SPACE, 1 },
	{ "thickspace", X_SPACE, 1 }, { "hfill", X_SPACE, 2 },
	{ "negthinspace", X_SPACE, -1 }, { "hspace", X_SKIPARG, 1 },
	{ "displaystyle", X_NOP, 0 }, { "textstyle", X_NOP, 0 },
	{ "scriptstyle", X_NOP, 0 }, { "scriptscriptstyle", X_NOP, 0 },
	{ "nonumber", X_NOP, 0 }, { "notag", X_NOP, 0 }, { "hline", X_NOP, 0 },
	{ "strut", X_NOP, 0 }, { "mathstrut", X_NOP, 0 }, { "nolinebreak", X_NOP, 0 },
	{ "label", X_SKIPARG, 0 }, { "color", X_SKIPARG, 0 },
	{ "vspace", X_SKIPARG, 0 }, { "cline", X_SKIPARG, 0 },
	{ "textcolor", X_COLORARG, 0 }, { "colorbox", X_COLORARG, 0 },
	{ "boxed", X_FONT, F_MATH }, { "mathop", X_OPNAME, 1 },
	{ "mathbin", X_FONT, F_MATH }, { "mathrel", X_FONT, F_MATH },
	{ "not", X_NOT, 0 },
	{ "overset", X_OVERSET, 0 }, { "underset", X_UNDERSET, 0 },
	{ "stackrel", X_STACKREL, 0 },
	{ "underbrace", X_BRACE, 1 }, { "overbrace", X_BRACE, 0 },
	{ "limits", X_LIMITS, 0 }, { "nolimits", X_NOLIMITS, 0 },
	{ "pmod", X_PMOD, 0 }, { "mod", X_PMOD, 1 }, { "tag", X_TAG, 0 },
	{ "phantom", X_PHANTOM, 0 }, { "hphantom", X_PHANTOM, 0 },
	{ "vphantom", X_PHANTOM, 0 }, { "substack", X_SUBSTACK, 0 },
};

struct accent {
	const char	*mark;	/* combining character */
	const char	*name;	/* ASCII: name(x) */
	const char	*over;	/* spacing form over a tall box */
	const char	*aover;
};

static const struct accent accents[] = {
	{ "\xcc\x82", "hat", "^", "^" },	/* U+0302 */
	{ "\xcc\x8c", "check", "ˇ", "v" },	/* U+030C */
	{ "\xcc\x83", "tilde", "~", "~" },	/* U+0303 */
	{ "\xcc\x84", "bar", "_", "_" },	/* U+0304 */
	{ "\xcc\x85", "bar", "_", "_" },	/* U+0305, joins up across letters */
	{ "\xe2\x83\x97", "vec", "→", "->" },	/* U+20D7 */
	{ "\xcc\x87", "dot", "˙", "." },	/* U+0307 */
	{ "\xcc\x88", "ddot", "¨", ".." },	/* U+0308 */
	{ "\xcc\x81", "acute", "´", "'" },	/* U+0301 */
	{ "\xcc\x80", "grave", "`", "`" },	/* U+0300 */
	{ "\xcc\x86", "breve", "˘", "u" },	/* U+0306 */
	{ "\xcc\x8a", "ring", "˚", "o" },	/* U+030A */
	{ "\xcc\xb2", "underline", "_", "_" },	/* U+0332 */
	{ "\xe2\x83\x96", "overleftarrow", "←", "<-" },	/* U+20D6 */
};
#define ACCENT_UNDERLINE 12

/* Delimiters that \left, \right and environments scale. */
enum delim {
	D_NONE, D_LPAREN, D_RPAREN, D_LBRACK, D_RBRACK, D_LBRACE, D_RBRACE,
	D_VERT, D_VVERT, D_LANGLE, D_RANGLE, D_LFLOOR, D_RFLOOR, D_LCEIL,
	D_RCEIL, D_SLASH, D_BSLASH
};

struct delimdef {
	const char	*flat, *aflat;
	const char	*top, *ext, *mid, *bot;		/* Unicode pieces */
	const char	*atop, *aext, *amid, *abot;	/* ASCII pieces */
};

static const struct delimdef delims[] = {
	[D_NONE] = { "", "", "", "", "", "", "", "", "", "" },
	[D_LPAREN] = { "(", "(", "⎛", "⎜", "⎜", "⎝", "/", "|", "|", "\\" },
	[D_RPAREN] = { ")", ")", "⎞", "⎟", "⎟", "⎠", "\\", "|", "|", "/" },
	[D_LBRACK] = { "[", "[", "⎡", "⎢", "⎢", "⎣", "[", "[", "[", "[" },
	[D_RBRACK] = { "]", "]", "⎤", "⎥", "⎥", "⎦", "]", "]", "]", "]" },
	[D_LBRACE] = { "{", "{", "⎧", "⎪", "⎨", "⎩", "/", "|", "<", "\\" },
	[D_RBRACE] = { "}", "}", "⎫", "⎪", "⎬", "⎭", "\\", "|", ">", "/" },
	[D_VERT] = { "|", "|", "│", "│", "│", "│", "|", "|", "|", "|" },
	[D_VVERT] = { "‖", "||", "‖", "‖", "‖", "‖", "||", "||", "||", "||" },
	[D_LANGLE] = { "⟨", "<", "╱", " ", "⟨", "╲", "/", " ", "<", "\\" },
	[D_RANGLE] = { "⟩", ">", "╲", " ", "⟩", "╱", "\\", " ", ">", "/" },
	[D_LFLOOR] = { "⌊", "|_", "⎢", "⎢", "⎢", "⎣", "| ", "| ", "| ", "|_" },
	[D_RFLOOR] = { "⌋", "_|", "⎥", "⎥", "⎥", "⎦", " |", " |", " |", "_|" },
	[D_LCEIL] = { "⌈", "|~", "⎡", "⎢", "⎢", "⎢", "|~", "| ", "| ", "| " },
	[D_RCEIL] = { "⌉", "~|", "⎤", "⎥", "⎥", "⎥", "~|", " |", " |", " |" },
	[D_SLASH] = { "/", "/", "/", " ", "/", " ", "/", " ", "/", " " },
	[D_BSLASH] = { "\\", "\\", "\\", " ", "\\", " ", "\\", " ", "\\", " " },
};

/* ---- memory ---- */

static void *
tm_alloc(struct tm *tm, size_t n)
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

static char *
tm_strndup(struct tm *tm, const char *s, size_t n)
{
	char *p = tm_alloc(tm, n + 1);

	memcpy(p, s, n);
	return p;
}

static char *
tm_cat(struct tm *tm, const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *p = tm_alloc(tm, na + nb + 1);

	memcpy(p, a, na);
	memcpy(p + na, b, nb);
	return p;
}

static void
tm_free_arena(struct tm *tm)
{
	struct chunk *c, *next;

	for (c = tm->arena; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	tm->arena = NULL;
}

static struct node *
node_new(struct tm *tm, enum nk kind)
{
	struct node *n = tm_alloc(tm, sizeof *n);

	n->kind = kind;
	n->cls = C_ORD;
	return n;
}

static void
node_add(struct node *row, struct node *item)
{
	if (row->tail != NULL)
		row->tail->next = item;
	else
		row->head = item;
	row->tail = item;
	row->count++;
}

static struct node *
atom_new(struct tm *tm, const char *text, int cls)
{
	struct node *n = node_new(tm, N_ATOM);
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
space_new(struct tm *tm, int width)
{
	struct node *n = node_new(tm, N_SPACE);

	n->n = width;
	return n;
}

/* ---- characters ---- */

static bool
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static void node_cls(struct node *, int *, int *);

static const char *
enc(struct tm *tm, uint32_t cp)
{
	char b[4];

	return tm_strndup(tm, b, text_encode(cp, b));
}

/* Letters and digits in the styled alphabets of Unicode's Mathematical
 * Alphanumeric Symbols; the letters that were encoded earlier (ℝ, ℒ) fill
 * the holes of those blocks. */
static uint32_t
font_map(int font, uint32_t cp)
{
	static const uint32_t bbcap[26] = {
		['C' - 'A'] = 0x2102, ['H' - 'A'] = 0x210D, ['N' - 'A'] = 0x2115,
		['P' - 'A'] = 0x2119, ['Q' - 'A'] = 0x211A, ['R' - 'A'] = 0x211D,
		['Z' - 'A'] = 0x2124,
	};
	static const uint32_t calcap[26] = {
		['B' - 'A'] = 0x212C, ['E' - 'A'] = 0x2130, ['F' - 'A'] = 0x2131,
		['H' - 'A'] = 0x210B, ['I' - 'A'] = 0x2110, ['L' - 'A'] = 0x2112,
		['M' - 'A'] = 0x2133, ['R' - 'A'] = 0x211B,
	};
	static const uint32_t calsmall[26] = {
		['e' - 'a'] = 0x212F, ['g' - 'a'] = 0x210A, ['o' - 'a'] = 0x2134,
	};
	static const uint32_t frakcap[26] = {
		['C' - 'A'] = 0x212D, ['H' - 'A'] = 0x210C, ['I' - 'A'] = 0x2111,
		['R' - 'A'] = 0x211C, ['Z' - 'A'] = 0x2128,
	};
	bool cap = cp >= 'A' && cp <= 'Z', small = cp >= 'a' && cp <= 'z';
	bool digit = cp >= '0' && cp <= '9';

	switch (font) {
	case F_BF:
		if (cap)
			return 0x1D400 + cp - 'A';
		if (small)
			return 0x1D41A + cp - 'a';
		if (digit)
			return 0x1D7CE + cp - '0';
		if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2)
			return 0x1D6A8 + cp - 0x391;
		if (cp >= 0x3B1 && cp <= 0x3C9)
			return 0x1D6C2 + cp - 0x3B1;
		break;
	case F_BB:
		if (cap)
			return bbcap[cp - 'A'] ? bbcap[cp - 'A'] : 0x1D538 + cp - 'A';
		if (small)
			return 0x1D552 + cp - 'a';
		if (digit)
			return 0x1D7D8 + cp - '0';
		break;
	case F_CAL:
		if (cap)
			return calcap[cp - 'A'] ? calcap[cp - 'A'] : 0x1D49C + cp - 'A';
		if (small)
			return calsmall[cp - 'a'] ? calsmall[cp - 'a'] :
			    0x1D4B6 + cp - 'a';
		break;
	case F_FRAK:
		if (cap)
			return frakcap[cp - 'A'] ? frakcap[cp - 'A'] :
			    0x1D504 + cp - 'A';
		if (small)
			return 0x1D51E + cp - 'a';
		break;
	}
	return cp;
}

struct cpmap {
	uint32_t	from, to;
};

/* Every character with a superscript form. Primes, stars and daggers are
 * raised already, so they stand for themselves; ⊤ becomes ᵀ (Kᵀ) and ∘ the
 * degree sign. */
static const struct cpmap supmap[] = {
	{ '(', 0x207D }, { ')', 0x207E }, { '*', '*' }, { '+', 0x207A },
	{ '-', 0x207B }, { '0', 0x2070 }, { '1', 0xB9 }, { '2', 0xB2 },
	{ '3', 0xB3 }, { '4', 0x2074 }, { '5', 0x2075 }, { '6', 0x2076 },
	{ '7', 0x2077 }, { '8', 0x2078 }, { '9', 0x2079 }, { '=', 0x207C },
	{ 'A', 0x1D2C }, { 'B', 0x1D2E }, { 'D', 0x1D30 }, { 'E', 0x1D31 },
	{ 'G', 0x1D33 }, { 'H', 0x1D34 }, { 'I', 0x1D35 }, { 'J', 0x1D36 },
	{ 'K', 0x1D37 }, { 'L', 0x1D38 }, { 'M', 0x1D39 }, { 'N', 0x1D3A },
	{ 'O', 0x1D3C }, { 'P', 0x1D3E }, { 'R', 0x1D3F }, { 'T', 0x1D40 },
	{ 'U', 0x1D41 }, { 'V', 0x2C7D }, { 'W', 0x1D42 },
	{ 'a', 0x1D43 }, { 'b', 0x1D47 }, { 'c', 0x1D9C }, { 'd', 0x1D48 },
	{ 'e', 0x1D49 }, { 'f', 0x1DA0 }, { 'g', 0x1D4D }, { 'h', 0x2B0 },
	{ 'i', 0x2071 }, { 'j', 0x2B2 }, { 'k', 0x1D4F }, { 'l', 0x2E1 },
	{ 'm', 0x1D50 }, { 'n', 0x207F }, { 'o', 0x1D52 }, { 'p', 0x1D56 },
	{ 'r', 0x2B3 }, { 's', 0x2E2 }, { 't', 0x1D57 }, { 'u', 0x1D58 },
	{ 'v', 0x1D5B }, { 'w', 0x2B7 }, { 'x', 0x2E3 }, { 'y', 0x2B8 },
	{ 'z', 0x1DBB }, { 0x3B1, 0x1D45 }, { 0x3B2, 0x1D5D }, { 0x3B3, 0x1D5E },
	{ 0x3B4, 0x1D5F }, { 0x3B5, 0x1D4B }, { 0x3B8, 0x1DBF }, { 0x3B9, 0x1DA5 },
	{ 0x3C6, 0x1D60 }, { 0x3C7, 0x1D61 }, { 0x3D5, 0x1D60 },
	{ 0x2020, 0x2020 }, { 0x2021, 0x2021 }, { 0x2032, 0x2032 },
	{ 0x2033, 0x2033 }, { 0x2034, 0x2034 }, { 0x2212, 0x207B },
	{ 0x2217, 0x2217 }, { 0x2218, 0xB0 }, { 0x22A4, 0x1D40 },
	{ 0x22C6, 0x22C6 },
};

static const struct cpmap submap[] = {
	{ '(', 0x208D }, { ')', 0x208E }, { '+', 0x208A }, { '-', 0x208B },
	{ '0', 0x2080 }, { '1', 0x2081 }, { '2', 0x2082 }, { '3', 0x2083 },
	{ '4', 0x2084 }, { '5', 0x2085 }, { '6', 0x2086 }, { '7', 0x2087 },
	{ '8', 0x2088 }, { '9', 0x2089 }, { '=', 0x208C },
	{ 'a', 0x2090 }, { 'e', 0x2091 }, { 'h', 0x2095 }, { 'i', 0x1D62 },
	{ 'j', 0x2C7C }, { 'k', 0x2096 }, { 'l', 0x2097 }, { 'm', 0x2098 },
	{ 'n', 0x2099 }, { 'o', 0x2092 }, { 'p', 0x209A }, { 'r', 0x1D63 },
	{ 's', 0x209B }, { 't', 0x209C }, { 'u', 0x1D64 }, { 'v', 0x1D65 },
	{ 'x', 0x2093 }, { 0x3B2, 0x1D66 }, { 0x3B3, 0x1D67 }, { 0x3C1, 0x1D68 },
	{ 0x3C6, 0x1D69 }, { 0x3C7, 0x1D6A }, { 0x3D5, 0x1D69 },
	{ 0x2212, 0x208B },
};

static uint32_t
cp_script(uint32_t cp, bool sup)
{
	const struct cpmap *m = sup ? supmap : submap;
	size_t n = sup ? nitems(supmap) : nitems(submap);
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cp < m[mid].from)
			hi = mid;
		else if (cp > m[mid].from)
			lo = mid + 1;
		else
			return m[mid].to;
	}
	return 0;
}

static const struct sym *
sym_find(const char *name, size_t n)
{
	for (size_t i = 0; i < nitems(syms); i++)
		if (syms[i].name[0] == name[0] &&
		    strncmp(syms[i].name, name, n) == 0 && syms[i].name[n] == '\0')
			return &syms[i];
	return NULL;
}

static const struct xcmd *
xcmd_find(const char *name, size_t n)
{
	for (size_t i = 0; i < nitems(xcmds); i++)
		if (xcmds[i].name[0] == name[0] &&
		    strncmp(xcmds[i].name, name, n) == 0 && xcmds[i].name[n] == '\0')
			return &xcmds[i];
	return NULL;
}

/* A character typed directly (≤, α): its class, and its name for ASCII. */
static const struct sym *
sym_by_char(const char *u, size_t n)
{
	if ((unsigned char)u[0] < 0x80)
		return NULL;
	for (size_t i = 0; i < nitems(syms); i++)
		if (syms[i].uni[0] == u[0] && syms[i].uni[1] == u[1] &&
		    strncmp(syms[i].uni, u, n) == 0 && syms[i].uni[n] == '\0')
			return &syms[i];
	return NULL;
}

/* ---- parser ---- */

enum stop {
	S_EOF, S_BRACE, S_BRACKET, S_RIGHT, S_END, S_AMP, S_NEWLINE
};

enum want { W_EOF, W_BRACE, W_BRACKET, W_RIGHT, W_END };

static struct node *parse_block(struct tm *, int, enum want);
static struct node *parse_arg(struct tm *, int);
static int parse_command(struct tm *, struct node *, int);

static int
peek(struct tm *tm)
{
	return tm->pos < tm->len ? (unsigned char)tm->s[tm->pos] : -1;
}

static void
skip_space(struct tm *tm)
{
	while (tm->pos < tm->len && tm->s[tm->pos] == ' ')
		tm->pos++;
}

/* The name of the command at pos (just after the backslash): a run of
 * letters, or one character. */
static size_t
cmd_len(struct tm *tm, size_t at)
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
cmd_is(struct tm *tm, size_t at, const char *name)
{
	size_t n = strlen(name);

	return at < tm->len && tm->s[at] == '\\' && cmd_len(tm, at + 1) == n &&
	    strncmp(tm->s + at + 1, name, n) == 0;
}

/* A brace-delimited name such as the one after \begin, read raw. */
static const char *
read_name(struct tm *tm)
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
read_delim(struct tm *tm)
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
		{ "rbrack", D_RBRACK },
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
delim_atom(struct tm *tm, int d, int cls)
{
	return atom_new(tm, tm->ascii ? delims[d].aflat : delims[d].flat,
	    cls < 0 ? delim_cls(d) : cls);
}

/* One code point of input as an atom: its class from the symbol table when
 * it is a known symbol typed directly, and in ASCII mode its name or '?'. */
static struct node *
char_atom(struct tm *tm, int font)
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
			return atom_new(tm, enc(tm, font_map(font, cp)), cls);
		return atom_new(tm, tm_strndup(tm, p, n), cls);
	}
	sy = sym_by_char(p, n);
	if (sy != NULL)
		return atom_new(tm, tm->ascii ? sy->ascii : sy->uni,
		    font == F_TEXT ? C_ORD : sy->cls);
	if (tm->ascii)
		return atom_new(tm, "?", C_ORD);
	if (font == F_BF)
		cp = font_map(font, cp);
	return atom_new(tm, enc(tm, cp), C_ORD);
}

/* Attach a script to the last item of row. A second superscript on the same
 * base starts a new, empty base instead of nesting (LaTeX calls it an error),
 * so the tree never gets deeper than the braces in the source. */
static void
attach_script(struct tm *tm, struct node *row, struct node *arg, bool sup,
    bool prime)
{
	struct node *last = row->tail, *s;

	if (last != NULL && last->kind == N_SCRIPT) {
		if (prime && last->c != NULL && (last->c->fl & NF_PRIME)) {
			node_add(last->c, arg->head);
			return;
		}
		if (sup && last->c != NULL && (last->c->fl & NF_PRIME) &&
		    !prime && arg->kind == N_ROW) {
			for (struct node *k = arg->head; k != NULL; ) {
				struct node *nx = k->next;

				k->next = NULL;
				node_add(last->c, k);
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
	s = node_new(tm, N_SCRIPT);
	if (last == NULL || last->kind == N_SPACE || (last->kind == N_SCRIPT)) {
		s->a = atom_new(tm, "", C_ORD);
		node_add(row, s);
	} else {
		/* the last item becomes the script node, in place, so a long
		 * row of scripts costs no walk back to its predecessor */
		struct node *base = node_new(tm, N_ROW);

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

static bool
row_is_empty(struct node *n)
{
	return n->kind == N_ROW && n->head == NULL;
}

/* Items until a token that ends a group, cell or line; the caller decides
 * what that token means. */
static enum stop
parse_seq(struct tm *tm, struct node *row, int font, bool bracket)
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
				node_add(row, space_new(tm, 1));
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
			node_add(row, parse_block(tm, font, W_BRACE));
			continue;
		case '$':
			tm->pos++;
			continue;
		case '~':
			tm->pos++;
			node_add(row, space_new(tm, 1));
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
				node_add(row, char_atom(tm, font));
				continue;
			}
			if (tm->ascii) {
				size_t save = tm->pos;
				struct node *w = node_new(tm, N_ROW);

				tm->pos = start;
				while (tm->pos < save)
					node_add(w, char_atom(tm, font));
				node_add(row, w);
			} else
				node_add(row, atom_new(tm, tm_strndup(tm,
				    tm->s + start, tm->pos - start), C_ORD));
			continue;
		}
		if (c == '^' || c == '_') {
			tm->pos++;
			attach_script(tm, row, parse_arg(tm, font), c == '^', false);
			continue;
		}
		if (c == '\'') {
			struct node *p = node_new(tm, N_ROW);

			for (n = 0; peek(tm) == '\''; n++)
				tm->pos++;
			p->fl |= NF_PRIME;
			if (tm->ascii) {
				char *q = tm_alloc(tm, n + 1);

				memset(q, '\'', n);
				node_add(p, atom_new(tm, q, C_ORD));
			} else if (n <= 3)
				node_add(p, atom_new(tm, n == 1 ? "′" : n == 2 ?
				    "″" : "‴", C_ORD));
			else {
				char *q = tm_alloc(tm, 3 * n + 1);

				for (size_t i = 0; i < n; i++)
					memcpy(q + 3 * i, "′", 3);
				node_add(p, atom_new(tm, q, C_ORD));
			}
			attach_script(tm, row, p, true, true);
			continue;
		}
		if (is_digit(c) && font != F_BB && font != F_BF) {
			size_t start = tm->pos;

			while (tm->pos < tm->len && (is_digit(tm->s[tm->pos]) ||
			    (tm->s[tm->pos] == '.' && tm->pos + 1 < tm->len &&
			    is_digit(tm->s[tm->pos + 1]))))
				tm->pos++;
			node_add(row, atom_new(tm, tm_strndup(tm, tm->s + start,
			    tm->pos - start), C_ORD));
			continue;
		}
		node_add(row, char_atom(tm, font));
	}
}

static struct node *
line_new(struct tm *tm)
{
	return node_new(tm, N_ROW);
}

/* Cells separated by & and lines by \\ until `want`; always an N_ARRAY. */
static struct node *
parse_grid(struct tm *tm, int font, enum want want, bool *amp)
{
	struct node *arr = node_new(tm, N_ARRAY), *line = line_new(tm);
	struct node *cell = node_new(tm, N_ROW);
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
			node_add(cell, atom_new(tm, "}", C_CLOSE));
			continue;
		case S_BRACKET:
			tm->pos++;
			goto done;
		case S_RIGHT:
			if (want == W_RIGHT)
				goto done;
			tm->pos += 6;
			tm->unknown++;
			node_add(cell, delim_atom(tm, read_delim(tm), -1));
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
			node_add(line, cell);
			cell = node_new(tm, N_ROW);
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
			node_add(line, cell);
			node_add(arr, line);
			line = line_new(tm);
			cell = node_new(tm, N_ROW);
			continue;
		}
	}
done:
	/* a trailing \\ leaves an empty line that LaTeX does not show */
	if (!(line->count == 0 && row_is_empty(cell) && arr->count > 0)) {
		node_add(line, cell);
		node_add(arr, line);
	}
	return arr;
}

static struct node *
parse_block(struct tm *tm, int font, enum want want)
{
	struct node *arr;
	bool amp;

	if (++tm->depth > TM_MAXDEPTH) {
		tm->deep = true;
		tm->pos = tm->len;
		tm->depth--;
		return node_new(tm, N_ROW);
	}
	arr = parse_grid(tm, font, want, &amp);
	tm->depth--;
	if (arr->count == 1 && arr->head->count == 1)
		return arr->head->head;
	arr->n = amp ? A_ALIGNED : A_GATHER;
	return arr;
}

static struct node *
parse_arg(struct tm *tm, int font)
{
	struct node *row;
	int c;

	row = node_new(tm, N_ROW);
	skip_space(tm);
	c = peek(tm);
	if (c == -1 || c == '}' || c == '&' || c == '^' || c == '_' ||
	    (c == '\\' && (tm->pos + 1 >= tm->len || tm->s[tm->pos + 1] == '\\' ||
	    cmd_is(tm, tm->pos, "right") || cmd_is(tm, tm->pos, "end")))) {
		tm->unknown++;	/* a missing argument */
	} else if (c == '{') {
		tm->pos++;
		row = parse_block(tm, font, W_BRACE);
	} else if (c == '\\') {
		/* \hat\hat\hat x nests without braces: count it too */
		if (++tm->depth > TM_MAXDEPTH) {
			tm->deep = true;
			tm->pos = tm->len;
		} else
			(void)parse_command(tm, row, font);
		tm->depth--;
	} else
		node_add(row, char_atom(tm, font));
	return row;
}

static struct node *
parse_env(struct tm *tm)
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
	if (kind == A_ARRAY || strncmp(name, "alignat", 7) == 0 ||
	    strcmp(name, "alignedat") == 0)
		spec = read_name(tm);
	if (++tm->depth > TM_MAXDEPTH) {
		tm->deep = true;
		tm->pos = tm->len;
		tm->depth--;
		return node_new(tm, N_ROW);
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
static int
parse_command(struct tm *tm, struct node *row, int font)
{
	const struct xcmd *x;
	const struct sym *sy;
	struct node *n, *a, *b;
	const char *name;
	size_t len;
	int d;

	tm->pos++;	/* the backslash */
	len = cmd_len(tm, tm->pos);
	name = tm->s + tm->pos;
	tm->pos += len;
	if (len == 0) {
		tm->unknown++;
		node_add(row, atom_new(tm, "\\", C_ORD));
		return -1;
	}
	if (len == 1 && !is_alpha((unsigned char)name[0])) {
		switch (name[0]) {
		case ',': case ':': case ';': case '>': case ' ':
			node_add(row, space_new(tm, 1));
			return -1;
		case '!':
			node_add(row, space_new(tm, -1));
			return -1;
		case '/': case '-': case '@':
			return -1;
		}
	}
	if ((x = xcmd_find(name, len)) != NULL) {
		switch (x->op) {
		case X_FRAC: case X_TFRAC: case X_BINOM: case X_TBINOM:
			n = node_new(tm, N_FRAC);
			n->a = parse_arg(tm, font);
			n->b = parse_arg(tm, font);
			if (x->op == X_TFRAC || x->op == X_TBINOM)
				n->fl |= NF_TSTYLE;
			if (x->op == X_BINOM || x->op == X_TBINOM)
				n->fl |= NF_BINOM;
			n->cls = C_INNER;
			node_add(row, n);
			return -1;
		case X_SQRT:
			n = node_new(tm, N_SQRT);
			skip_space(tm);
			if (peek(tm) == '[') {
				tm->pos++;
				n->b = parse_block(tm, font, W_BRACKET);
			}
			n->a = parse_arg(tm, font);
			node_add(row, n);
			return -1;
		case X_LEFT:
			n = node_new(tm, N_DELIM);
			n->n = read_delim(tm);
			n->a = parse_block(tm, font, W_RIGHT);
			if (cmd_is(tm, tm->pos, "right")) {
				tm->pos += 6;
				n->n2 = read_delim(tm);
			} else
				n->n2 = D_NONE;	/* counted where the body ended */
			node_add(row, n);
			return -1;
		case X_MIDDLE:
			node_add(row, delim_atom(tm, read_delim(tm), C_REL));
			return -1;
		case X_BIG:
			d = read_delim(tm);
			node_add(row, delim_atom(tm, d, x->arg));
			return -1;
		case X_BEGIN:
			node_add(row, parse_env(tm));
			return -1;
		case X_FONT:
			n = parse_arg(tm, tm->ascii && x->arg != F_MATH ? F_RM :
			    x->arg);
			if (x->arg == F_RM && n->kind == N_ROW && n->head != NULL) {
				/* \mathrm{KL} is one name: D_KL, not D_(KL) */
				bool word = true;

				for (a = n->head; a != NULL; a = a->next)
					if (a->kind != N_ATOM ||
					    !is_alpha((unsigned char)a->text[0]))
						word = false;
				if (word)
					n->fl |= NF_WORD;
			}
			node_add(row, n);
			return -1;
		case X_OLDFONT:
			return tm->ascii ? F_RM : x->arg;
		case X_TEXT:
			node_add(row, parse_arg(tm, F_TEXT));
			return -1;
		case X_OPNAME:
			n = parse_arg(tm, F_RM);
			if (n->kind != N_ROW) {
				a = node_new(tm, N_ROW);
				node_add(a, n);
				n = a;
			}
			n->cls = C_OP;
			n->fl |= NF_CLS | NF_WORD | (x->arg ? NF_LIMITS : 0);
			node_add(row, n);
			return -1;
		case X_ACCENT:
			n = node_new(tm, N_ACCENT);
			n->n = x->arg;
			n->a = parse_arg(tm, font);
			if (x->arg == ACCENT_UNDERLINE)
				n->fl |= NF_UNDER;
			node_add(row, n);
			return -1;
		case X_SPACE:
			node_add(row, space_new(tm, x->arg));
			return -1;
		case X_NOP:
			return -1;
		case X_SKIPARG:
			(void)parse_arg(tm, F_TEXT);
			if (x->arg)
				node_add(row, space_new(tm, x->arg));
			return -1;
		case X_PHANTOM:
			(void)parse_arg(tm, font);
			return -1;
		case X_SUBSTACK:
			/* lines of a limit: stacked under a big operator in
			 * display, "i < j, k" anywhere else */
			n = parse_arg(tm, font);
			if (n->kind == N_ARRAY)
				n->n = A_SUBSTACK;
			node_add(row, n);
			return -1;
		case X_COLORARG:
			(void)parse_arg(tm, F_TEXT);
			node_add(row, parse_arg(tm, font));
			return -1;
		case X_NOT:
			a = node_new(tm, N_ROW);
			skip_space(tm);
			if (peek(tm) == '\\')
				(void)parse_command(tm, a, font);
			else if (peek(tm) != -1)
				node_add(a, char_atom(tm, font));
			if (a->count == 1 && a->head->kind == N_ATOM) {
				static const char *const neg[][2] = {
					{ "=", "≠" }, { "<", "≮" }, { ">", "≯" },
					{ "∈", "∉" }, { "⊂", "⊄" }, { "⊆", "⊈" },
					{ "≡", "≢" }, { "∃", "∄" }, { "|", "∤" },
					{ "∼", "≁" }, { "≤", "≰" }, { "≥", "≱" },
				};
				const char *t = a->head->text, *r = NULL;

				for (size_t i = 0; i < nitems(neg) && !tm->ascii; i++)
					if (strcmp(t, neg[i][0]) == 0)
						r = neg[i][1];
				if (r == NULL)
					r = tm->ascii ? tm_cat(tm, "!", t) :
					    tm_cat(tm, t, "\xcc\xb8");	/* U+0338 */
				node_add(row, atom_new(tm, r, a->head->cls));
			} else {
				node_add(row, atom_new(tm, tm->ascii ? "not" : "¬",
				    C_ORD));
				if (a->count > 0)
					node_add(row, a);
			}
			return -1;
		case X_OVERSET: case X_UNDERSET: case X_STACKREL:
			a = parse_arg(tm, font);
			b = parse_arg(tm, font);
			n = node_new(tm, N_SCRIPT);
			n->a = b;
			if (x->op == X_UNDERSET)
				n->b = a;
			else
				n->c = a;
			n->fl |= NF_LIMITS | NF_CLS;
			/* as amsmath does: =ᵈᵉᶠ is still a relation */
			if (x->op == X_STACKREL)
				n->cls = C_REL;
			else {
				int l, r;

				node_cls(b->kind == N_ROW && b->count == 1 ?
				    b->head : b, &l, &r);
				n->cls = l;
			}
			node_add(row, n);
			return -1;
		case X_BRACE:
			n = node_new(tm, N_BRACE);
			n->a = parse_arg(tm, font);
			n->fl |= NF_LIMITS | (x->arg ? NF_UNDER : 0);
			node_add(row, n);
			return -1;
		case X_LIMITS: case X_NOLIMITS:
			if ((n = row->tail) != NULL) {
				if (n->kind == N_SCRIPT)
					n = n->a;
				n->fl &= ~(NF_LIMITS | NF_NOLIMITS);
				n->fl |= x->op == X_LIMITS ? NF_LIMITS : NF_NOLIMITS;
			}
			return -1;
		case X_PMOD:
			if (x->arg) {	/* \mod */
				node_add(row, space_new(tm, 2));
				node_add(row, atom_new(tm, "mod", C_ORD));
				node_add(row, space_new(tm, 1));
				return -1;
			}
			node_add(row, space_new(tm, 1));
			node_add(row, atom_new(tm, "(", C_OPEN));
			node_add(row, atom_new(tm, "mod", C_ORD));
			node_add(row, space_new(tm, 1));
			node_add(row, parse_arg(tm, font));
			node_add(row, atom_new(tm, ")", C_CLOSE));
			return -1;
		case X_TAG:
			node_add(row, space_new(tm, 4));
			node_add(row, atom_new(tm, "(", C_OPEN));
			node_add(row, parse_arg(tm, F_TEXT));
			node_add(row, atom_new(tm, ")", C_CLOSE));
			return -1;
		}
	}
	if ((sy = sym_find(name, len)) != NULL) {
		const char *t = tm->ascii ? sy->ascii : sy->uni;

		if (!tm->ascii && font == F_BF && sy->cls == C_ORD) {
			uint32_t cp;
			size_t k = text_decode(t, strlen(t), &cp);

			if (t[k] == '\0')
				t = enc(tm, font_map(F_BF, cp));
		}
		n = atom_new(tm, t, font == F_TEXT ? C_ORD : sy->cls);
		n->fl |= sy->fl;
		node_add(row, n);
		return -1;
	}
	/* Unknown: show the name, so the reader still sees what was meant. */
	tm->unknown++;
	if (tm->ascii && (unsigned char)name[0] >= 0x80) {
		node_add(row, atom_new(tm, "?", C_ORD));
		return -1;
	}
	n = atom_new(tm, tm_strndup(tm, name, len), C_ORD);
	n->fl |= NF_WORD;
	node_add(row, n);
	return -1;
}

/* ---- boxes ---- */

struct box {
	int		 w, h, base;
	const char	**c;	/* h rows of w cells: NULL is a blank, cont
				 * the right half of a wide character */
};

static const char cont[] = "";

static struct box
box_new(struct tm *tm, int w, int h, int base)
{
	struct box b = { 0, 1, 0, NULL };

	if (w < 0)
		w = 0;
	if (h < 1)
		h = 1;
	/* a box past the final limits can only lead to the fallback: stop
	 * building early */
	if (h > TM_MAXROWS || (size_t)w > tm->maxw ||
	    (size_t)w * (size_t)h > TM_MAXCELLS) {
		tm->big = true;
		return b;
	}
	b.w = w;
	b.h = h;
	b.base = base < 0 ? 0 : base >= h ? h - 1 : base;
	b.c = xcalloc((size_t)w * (size_t)h + 1, sizeof *b.c);
	return b;
}

static void
box_free(struct box *b)
{
	free(b->c);
	b->c = NULL;
}

static void
box_put(struct box *b, int r, int c, const char *s)
{
	if (b->c != NULL && r >= 0 && r < b->h && c >= 0 && c < b->w)
		b->c[(size_t)r * b->w + c] = s;
}

static const char *
box_get(const struct box *b, int r, int c)
{
	if (b->c == NULL || r < 0 || r >= b->h || c < 0 || c >= b->w)
		return NULL;
	return b->c[(size_t)r * b->w + c];
}

/* Copy src into dst at (row, col), clipped: whole row slices at a time,
 * since nested layouts copy the same cells once per level. */
static void
box_blit(struct box *dst, const struct box *src, int row, int col)
{
	int c0 = col < 0 ? -col : 0, c1 = src->w;

	if (dst->c == NULL || src->c == NULL)
		return;
	if (col + c1 > dst->w)
		c1 = dst->w - col;
	if (c1 <= c0)
		return;
	for (int r = 0; r < src->h; r++) {
		int dr = row + r;

		if (dr < 0 || dr >= dst->h)
			continue;
		memcpy(&dst->c[(size_t)dr * dst->w + col + c0],
		    &src->c[(size_t)r * src->w + c0],
		    (size_t)(c1 - c0) * sizeof *dst->c);
	}
}

/* Single ASCII characters as cell strings, without allocating. */
static const char *
ascii_cell(int c)
{
	static const char cells[] =
	    " \0!\0\"\0#\0$\0%\0&\0'\0(\0)\0*\0+\0,\0-\0.\0/\0"
	    "0\0001\0002\0003\0004\0005\0006\0007\0008\0009\0:\0;\0<\0=\0>\0?\0"
	    "@\0A\0B\0C\0D\0E\0F\0G\0H\0I\0J\0K\0L\0M\0N\0O\0"
	    "P\0Q\0R\0S\0T\0U\0V\0W\0X\0Y\0Z\0[\0\\\0]\0^\0_\0"
	    "`\0a\0b\0c\0d\0e\0f\0g\0h\0i\0j\0k\0l\0m\0n\0o\0"
	    "p\0q\0r\0s\0t\0u\0v\0w\0x\0y\0z\0{\0|\0}\0~\0";

	if (c < 0x20 || c > 0x7E)
		return "?";
	return cells + 2 * (c - 0x20);
}

/* A one-row box holding s: one cell per column, zero-width characters kept
 * with the character before them. */
static struct box
box_text(struct tm *tm, const char *s)
{
	struct box b;
	size_t n = strlen(s), i, k, start;
	uint32_t cp;
	int w = 0, cw, col;

	for (i = 0; i < n; i += k) {
		k = text_decode(s + i, n - i, &cp);
		cw = text_cp_width(cp);
		w += cw == 0 && w == 0 ? 1 : cw;
	}
	b = box_new(tm, w, 1, 0);
	if (b.c == NULL)
		return b;
	for (i = 0, col = 0; i < n; ) {
		start = i;
		i += text_decode(s + i, n - i, &cp);
		cw = text_cp_width(cp);
		while (i < n) {
			uint32_t cp2;

			k = text_decode(s + i, n - i, &cp2);
			if (text_cp_width(cp2) != 0)
				break;
			i += k;
		}
		if (cw == 0) {
			if (col > 0)
				continue;	/* only reachable at the start */
			box_put(&b, 0, col++, tm_cat(tm, " ",
			    tm_strndup(tm, s + start, i - start)));
		} else if (i - start == 1)
			box_put(&b, 0, col++, ascii_cell((unsigned char)s[start]));
		else {
			box_put(&b, 0, col++, tm_strndup(tm, s + start, i - start));
			if (cw == 2)
				box_put(&b, 0, col++, cont);
		}
	}
	return b;
}

static struct box
box_repeat(struct tm *tm, const char *cell, int w)
{
	struct box b = box_new(tm, w, 1, 0);

	for (int c = 0; c < w; c++)
		box_put(&b, 0, c, cell);
	return b;
}

/* Side by side, baselines lined up; gap[i] blank columns before box i and
 * gap[n] after the last. The boxes are freed. */
static struct box
box_hcat(struct tm *tm, struct box *bx, const int *gap, int n)
{
	struct box out;
	int above = 0, below = 0, w = 0, col, i;

	for (i = 0; i < n; i++) {
		if (bx[i].base > above)
			above = bx[i].base;
		if (bx[i].h - 1 - bx[i].base > below)
			below = bx[i].h - 1 - bx[i].base;
		w += bx[i].w + (gap != NULL ? gap[i] : 0);
	}
	if (gap != NULL)
		w += gap[n];
	out = box_new(tm, w, above + below + 1, above);
	for (i = 0, col = 0; i < n; i++) {
		col += gap != NULL ? gap[i] : 0;
		box_blit(&out, &bx[i], above - bx[i].base, col);
		col += bx[i].w;
		box_free(&bx[i]);
	}
	return out;
}

static struct box
box_pair(struct tm *tm, struct box a, struct box b)
{
	struct box bx[2] = { a, b };

	return box_hcat(tm, bx, NULL, 2);
}

/* ---- layout ---- */

static struct box lay(struct tm *, struct node *, int);
static struct box lay_row(struct tm *, struct node *, int, bool);

/* Spacing between classes in columns; TeX's thin, medium and thick spaces
 * all become one column. Script style keeps only the spaces around
 * operator names. */
static const unsigned char gap_text[8][8] = {
	/*	   ord op bin rel opn cls pun inn */
	[C_ORD]	  = { 0, 1, 1, 1, 0, 0, 0, 1 },
	[C_OP]	  = { 1, 1, 0, 1, 0, 0, 0, 1 },
	[C_BIN]	  = { 1, 1, 0, 0, 1, 0, 0, 1 },
	[C_REL]	  = { 1, 1, 0, 0, 1, 0, 0, 1 },
	[C_OPEN]  = { 0, 0, 0, 0, 0, 0, 0, 0 },
	[C_CLOSE] = { 0, 1, 1, 1, 0, 0, 0, 1 },
	[C_PUNCT] = { 1, 1, 0, 1, 1, 1, 1, 1 },
	[C_INNER] = { 1, 1, 1, 1, 1, 0, 1, 1 },
};
static const unsigned char gap_script[8][8] = {
	[C_ORD]	  = { 0, 1, 0, 0, 0, 0, 0, 0 },
	[C_OP]	  = { 1, 1, 0, 0, 0, 0, 0, 0 },
	[C_CLOSE] = { 0, 1, 0, 0, 0, 0, 0, 0 },
	[C_INNER] = { 0, 1, 0, 0, 0, 0, 0, 0 },
};

static void
node_cls(struct node *n, int *l, int *r)
{
	switch (n->kind) {
	case N_ATOM:
		*l = *r = n->text[0] == '\0' ? C_ORD : n->cls;
		return;
	case N_ROW:
		*l = *r = (n->fl & NF_CLS) ? n->cls : C_ORD;
		return;
	case N_SCRIPT:
		if (n->fl & NF_CLS)
			*l = *r = n->cls;
		else
			node_cls(n->a, l, r);
		return;
	case N_FRAC:
		*l = *r = C_INNER;
		return;
	case N_DELIM:
		*l = C_OPEN;
		*r = C_CLOSE;
		return;
	case N_ARRAY:
		*l = n->ld != D_NONE ? C_OPEN : C_ORD;
		*r = n->n2 != D_NONE ? C_CLOSE : C_ORD;
		return;
	default:
		*l = *r = C_ORD;
	}
}

static bool
is_limits(struct node *n)
{
	return (n->fl & NF_LIMITS) && !(n->fl & NF_NOLIMITS);
}

/* Names of several letters need a blank next to a letter or digit, or
 * "alpha x" would read "alphax"; so does an ASCII script: "x_i y". */
static bool
is_wordish(struct tm *tm, struct node *n, bool at_end)
{
	if (n->kind == N_ATOM)
		return (n->fl & NF_WORD) != 0;
	if (n->kind == N_SCRIPT)
		return (tm->ascii && at_end) || is_wordish(tm, n->a, at_end);
	return false;
}

static bool
is_slash(const struct node *n)
{
	return n->kind == N_ATOM && strcmp(n->text, "/") == 0;
}

/* Whether a cell holds exactly the glyph g. */
static bool
cell_is(const char *cell, const char *g)
{
	return cell != NULL && strcmp(cell, g) == 0;
}

static bool
cell_alnum(const char *s)
{
	return s != NULL && s != cont && s[0] != '\0' && s[1] == '\0' &&
	    (is_alpha((unsigned char)s[0]) || is_digit((unsigned char)s[0]));
}

/* Where the items of a row went: for breaking a formula that is too wide
 * at its relations and operators. Spaces are not items. */
struct rowpos {
	int		 n;
	struct node	**it;
	int		*x0, *x1;	/* first column, and one past the last */
	int		*lc, *rc;	/* classes, a unary sign counted as ord */
};

static void
rowpos_free(struct rowpos *p)
{
	free(p->it);
	free(p->x0);
	free(p->x1);
	free(p->lc);
	free(p->rc);
	memset(p, 0, sizeof *p);
}

static struct box
lay_row_at(struct tm *tm, struct node *row, int style, bool lead,
    struct rowpos *pos)
{
	struct node *k, **it;
	struct box *bx, out;
	int n = 0, i, *gap, *lc, *rc, *expl;
	bool *has, *unary;

	for (k = row->head; k != NULL; k = k->next)
		if (k->kind != N_SPACE)
			n++;
	it = xcalloc((size_t)n + 1, sizeof *it);
	bx = xcalloc((size_t)n + 1, sizeof *bx);
	gap = xcalloc((size_t)n + 2, sizeof *gap);
	expl = xcalloc((size_t)n + 2, sizeof *expl);
	lc = xcalloc((size_t)n + 1, sizeof *lc);
	rc = xcalloc((size_t)n + 1, sizeof *rc);
	has = xcalloc((size_t)n + 2, sizeof *has);
	unary = xcalloc((size_t)n + 1, sizeof *unary);
	i = 0;
	for (k = row->head; k != NULL; k = k->next) {
		if (k->kind == N_SPACE) {
			expl[i] += k->n;
			has[i] = true;
		} else
			it[i++] = k;
	}
	for (i = 0; i < n; i++)
		node_cls(it[i], &lc[i], &rc[i]);
	/* TeX's rule: a binary operator with nothing to combine on its
	 * left (or right) is unary and gets no space: -x, (-1), a = -b. */
	for (i = 0; i < n; i++) {
		int p = i > 0 ? rc[i - 1] : lead ? C_ORD : -1;

		if (lc[i] != C_BIN)
			continue;
		if (p < 0 || p == C_BIN || p == C_OP || p == C_REL ||
		    p == C_OPEN || p == C_PUNCT || i + 1 >= n ||
		    (i > 0 && is_slash(it[i - 1])) ||
		    lc[i + 1] == C_REL || lc[i + 1] == C_CLOSE ||
		    lc[i + 1] == C_PUNCT) {
			lc[i] = rc[i] = C_ORD;
			unary[i] = true;
		}
	}
	for (i = 0; i < n; i++)
		bx[i] = lay(tm, it[i], style);
	for (i = 0; i <= n; i++) {
		int g = 0;

		if (i == 0 && n > 0 && lead)
			g = gap_text[C_ORD][lc[0]];
		else if (i > 0 && i < n) {
			g = style == ST_S ? gap_script[rc[i - 1]][lc[i]] :
			    gap_text[rc[i - 1]][lc[i]];
			/* -x/2 and -(a/b): a sign stays with what it signs */
			if (unary[i - 1])
				g = 0;
			/* lim_(n→∞) (1 + 1/n)ⁿ: an operator with limits
			 * stands apart from the bracket after it */
			if (style != ST_S && rc[i - 1] == C_OP &&
			    lc[i] == C_OPEN && it[i - 1]->kind == N_SCRIPT)
				g = 1;
			if (g == 0 && (is_wordish(tm, it[i - 1], true) ||
			    is_wordish(tm, it[i], false)) &&
			    cell_alnum(box_get(&bx[i - 1], bx[i - 1].base,
			    bx[i - 1].w - 1)) &&
			    cell_alnum(box_get(&bx[i], bx[i].base, 0)))
				g = 1;
			/* x_α y, not x_αy: show where the script ends */
			if (g == 0 && it[i - 1]->kind == N_SCRIPT &&
			    (it[i - 1]->fl & NF_FLAT) && (lc[i] == C_ORD ||
			    lc[i] == C_INNER) && !cell_is(box_get(&bx[i],
			    bx[i].base, 0), "/"))
				g = 1;	/* but x_(ab)/y: the slash closes it */
			/* a slash binds what it divides: e^zₖ/∑ⱼ e^zⱼ, not
			 * "e^zₖ/ ∑ⱼ", though an operator wants room */
			if (is_slash(it[i - 1]) || is_slash(it[i]))
				g = 0;
		}
		gap[i] = has[i] ? (expl[i] > 0 ? expl[i] : 0) : g;
	}
	if (pos != NULL) {
		int col = 0;

		pos->n = n;
		pos->x0 = xcalloc((size_t)n + 1, sizeof *pos->x0);
		pos->x1 = xcalloc((size_t)n + 1, sizeof *pos->x1);
		for (i = 0; i < n; i++) {
			col += gap[i];
			pos->x0[i] = col;
			col += bx[i].w;
			pos->x1[i] = col;
		}
		pos->it = it;
		pos->lc = lc;
		pos->rc = rc;
		it = NULL;
		lc = rc = NULL;
	}
	out = box_hcat(tm, bx, gap, n);
	free(it);
	free(bx);
	free(gap);
	free(expl);
	free(lc);
	free(rc);
	free(has);
	free(unary);
	return out;
}

static struct box
lay_row(struct tm *tm, struct node *row, int style, bool lead)
{
	return lay_row_at(tm, row, style, lead, NULL);
}

/* A column of delimiter pieces h rows high. */
static struct box
delim_col(struct tm *tm, int d, int h, int base)
{
	const struct delimdef *dd = &delims[d];
	const char *top = tm->ascii ? dd->atop : dd->top;
	const char *ext = tm->ascii ? dd->aext : dd->ext;
	const char *mid = tm->ascii ? dd->amid : dd->mid;
	const char *bot = tm->ascii ? dd->abot : dd->bot;
	struct box b, piece;
	int w, r;

	if (h <= 1) {
		b = box_text(tm, tm->ascii ? dd->aflat : dd->flat);
		return b;
	}
	w = (int)text_width(top, strlen(top));
	b = box_new(tm, w, h, base);
	for (r = 0; r < h && w > 0; r++) {
		const char *p = ext;

		if (d == D_LANGLE || d == D_RANGLE) {
			p = r < h / 2 ? top : r >= (h + 1) / 2 ? bot : mid;
		} else if (d == D_SLASH || d == D_BSLASH) {
			p = r == base ? mid : " ";
		} else if (r == 0)
			p = top;
		else if (r == h - 1)
			p = bot;
		else if ((d == D_LBRACE || d == D_RBRACE) && r == (h - 1) / 2)
			p = mid;
		if ((d == D_LBRACE || d == D_RBRACE) && h == 2 && !tm->ascii)
			p = (r == 0) == (d == D_LBRACE) ? "⎰" : "⎱";
		piece = box_text(tm, p);
		box_blit(&b, &piece, r, 0);
		box_free(&piece);
	}
	return b;
}

static struct box
wrap_delims(struct tm *tm, struct box body, int l, int r)
{
	struct box bx[3];

	bx[0] = delim_col(tm, l, body.h, body.base);
	bx[1] = body;
	bx[2] = delim_col(tm, r, body.h, body.base);
	if (body.h > 1) {
		bx[0].base = bx[2].base = body.base;
	}
	return box_hcat(tm, bx, NULL, 3);
}

static int
count_items(struct node *n, struct node **only)
{
	int c = 0;

	*only = NULL;
	for (struct node *k = n->head; k != NULL; k = k->next)
		if (k->kind != N_SPACE) {
			c++;
			*only = k;
		} else
			c += 100;	/* an explicit space: never "one item" */
	return c;
}

static bool
is_differential(struct node *n)
{
	if (n->kind == N_SCRIPT)
		n = n->a;
	return n->kind == N_ATOM && (strcmp(n->text, "∂") == 0 ||
	    strcmp(n->text, "d") == 0);
}

static bool
is_paren(struct node *n, int cls)
{
	if (n->kind == N_SCRIPT && cls == C_CLOSE)
		n = n->a;
	return n->kind == N_ATOM && n->cls == cls;
}

/* Does an inline fraction part need parentheses: (a + b)/(c + d), a/(bc),
 * but x/2 and QKᵀ/√dₖ. */
static bool
frac_parens(struct node *n, bool den)
{
	struct node *only, *k, *first;
	int c, opens = 0;

	if (n->kind == N_FRAC || n->kind == N_ARRAY)
		return true;
	if (n->kind != N_ROW)
		return false;
	c = count_items(n, &only);
	if (c == 0)
		return false;
	if (c == 1)
		return frac_parens(only, den);
	/* already wrapped, (a + b) and (x - μ)², or a function applied,
	 * f(x): one unit either way */
	first = n->head;
	if (first->kind == N_ATOM && first->cls == C_ORD && first->next != NULL &&
	    is_paren(first->next, C_OPEN))
		first = first->next;
	if (is_paren(first, C_OPEN) && is_paren(n->tail, C_CLOSE)) {
		for (k = first; k != NULL; k = k->next)
			if (is_paren(k, C_OPEN) || is_paren(k, C_CLOSE))
				opens++;
		if (opens == 2)
			return false;
	}
	/* a differential reads as one unit: ∂L/∂w, dy/dx */
	if (den && c == 2 && is_differential(n->head))
		return false;
	if (den)
		return true;
	for (k = n->head; k != NULL; k = k->next) {
		int l, r;

		node_cls(k, &l, &r);
		if ((l == C_BIN && k != n->head) || l == C_REL ||
		    l == C_PUNCT || l == C_OP || l == C_INNER)
			return true;
	}
	return false;
}

static struct box
parens_if(struct tm *tm, struct box b, bool yes)
{
	struct box bx[3];

	if (!yes)
		return b;
	bx[0] = box_text(tm, "(");
	bx[1] = b;
	bx[2] = box_text(tm, ")");
	return box_hcat(tm, bx, NULL, 3);
}

static struct box
lay_frac(struct tm *tm, struct node *n, int style)
{
	struct box num, den, out, bx[5];
	int w, st;

	if (style == ST_D && !(n->fl & NF_TSTYLE)) {
		tm->stacked = true;
		num = lay(tm, n->a, ST_D);
		den = lay(tm, n->b, ST_D);
		w = num.w > den.w ? num.w : den.w;
		if (n->fl & NF_BINOM) {
			out = box_new(tm, w, num.h + den.h, 0);
			out.base = (out.h - 1) / 2;
			box_blit(&out, &num, 0, (w - num.w) / 2);
			box_blit(&out, &den, num.h, (w - den.w) / 2);
			box_free(&num);
			box_free(&den);
			return wrap_delims(tm, out, D_LPAREN, D_RPAREN);
		}
		/* the rule overhangs by a column each side, as in print: nested
		 * fractions then show which rule is the main one */
		w += 2;
		out = box_new(tm, w, num.h + 1 + den.h, num.h);
		box_blit(&out, &num, 0, (w - num.w) / 2);
		for (int c = 0; c < w; c++)
			box_put(&out, num.h, c, tm->ascii ? "-" : "─");
		box_blit(&out, &den, num.h + 1, (w - den.w) / 2);
		box_free(&num);
		box_free(&den);
		return out;
	}
	st = style == ST_S ? ST_S : ST_T;
	num = lay(tm, n->a, st);
	den = lay(tm, n->b, st);
	if (n->fl & NF_BINOM) {
		bx[0] = box_text(tm, "(");
		bx[1] = num;
		bx[2] = box_text(tm, " choose ");
		bx[3] = den;
		bx[4] = box_text(tm, ")");
		return box_hcat(tm, bx, NULL, 5);
	}
	bx[0] = parens_if(tm, num, frac_parens(n->a, false));
	bx[1] = box_text(tm, "/");
	bx[2] = parens_if(tm, den, frac_parens(n->b, true));
	return box_hcat(tm, bx, NULL, 3);
}

/* A radicand that reads unambiguously after √ without a bar: √2, √dₖ. */
static bool
simple_item(struct node *n)
{
	struct node *only;

	switch (n->kind) {
	case N_ATOM: case N_DELIM: case N_ACCENT:
		return true;
	case N_SCRIPT:
		return n->a->kind == N_ATOM || n->a->kind == N_ACCENT;
	case N_ROW:
		return count_items(n, &only) == 1 && simple_item(only);
	default:
		return false;
	}
}

static bool box_convert(struct tm *, struct box *, bool);

#define ROOT_SLOPE	3	/* rows of a tall root's ╱ */

static struct box
lay_sqrt(struct tm *tm, struct node *n, int style)
{
	struct box body, idx = { 0, 1, 0, NULL }, out, bx[4];
	bool has_idx = n->b != NULL && !row_is_empty(n->b);
	const char *rad = "√";
	int h, m, w, p;

	body = lay(tm, n->a, style);
	if (has_idx) {
		idx = lay(tm, n->b, ST_S);
		if (!tm->ascii && body.h == 1 && idx.w == 1 &&
		    cell_alnum(box_get(&idx, 0, 0)) &&
		    strchr("34", box_get(&idx, 0, 0)[0]) != NULL) {
			rad = box_get(&idx, 0, 0)[0] == '3' ? "∛" : "∜";
			box_free(&idx);
			has_idx = false;
		} else if (!tm->ascii && !box_convert(tm, &idx, true))
			idx = parens_if(tm, idx, true);
	}
	if (tm->ascii) {
		bx[0] = box_text(tm, "sqrt");
		if (has_idx) {
			struct box t[3] = { box_text(tm, "["), idx,
			    box_text(tm, "]") };

			bx[0] = box_pair(tm, bx[0], box_hcat(tm, t, NULL, 3));
		}
		if (body.h == 1)
			return box_pair(tm, bx[0], parens_if(tm, body, true));
		return box_pair(tm, bx[0], wrap_delims(tm, body, D_LPAREN,
		    D_RPAREN));
	}
	if (body.h == 1) {
		bx[0] = box_text(tm, rad);
		if (has_idx)
			bx[0] = box_pair(tm, idx, bx[0]);
		if (simple_item(n->a) || body.w == 0)
			return box_pair(tm, bx[0], body);
		if (style != ST_D)
			return box_pair(tm, bx[0], parens_if(tm, body, true));
		/* a bar over the radicand on the row above: the underscore
		 * sits low in its cell, so it meets the top of √ */
		tm->stacked = true;
		p = bx[0].w;
		out = box_new(tm, p + body.w, 2, 1);
		for (int c = 0; c < body.w; c++)
			box_put(&out, 0, p + c, "_");
		box_blit(&out, &bx[0], 1, 0);
		box_blit(&out, &body, 1, p);
		box_free(&bx[0]);
		box_free(&body);
		return out;
	}
	/* tall: a ╱ climbing the left side, ╲ at its foot. The climb is at
	 * most ROOT_SLOPE rows, then a │ goes up the rest: a slope as tall as
	 * the radicand made nested roots grow in width as the square of
	 * their depth (fuzz-texmath: 64 \sqrt{ over 2,900 columns). */
	h = body.h;
	m = h < ROOT_SLOPE ? h : ROOT_SLOPE;
	p = m + 1;
	w = p + body.w;
	out = box_new(tm, w, h + 1, body.base + 1);
	for (int c = p; c < w; c++)
		box_put(&out, 0, c, "_");
	for (int k = 1; k <= h - m; k++)
		box_put(&out, k, m, "│");
	for (int k = h - m + 1; k <= h; k++)
		box_put(&out, k, p - (k - (h - m)), "╱");
	box_put(&out, h, 0, "╲");
	box_blit(&out, &body, 1, p);
	box_free(&body);
	if (has_idx) {
		struct box t = box_new(tm, idx.w + out.w, out.h, out.base);

		box_blit(&t, &idx, out.h - 2, 0);
		box_blit(&t, &out, 0, idx.w);
		box_free(&idx);
		box_free(&out);
		return t;
	}
	return out;
}

/* Turn a one-row box into Unicode super- or subscript characters, when
 * every one of them has such a form; otherwise leave it alone. */
static bool
box_convert(struct tm *tm, struct box *b, bool sup)
{
	const char **nc;
	uint32_t cp, to;

	if (tm->ascii || b->h != 1)
		return false;
	nc = xcalloc((size_t)b->w + 1, sizeof *nc);
	for (int c = 0; c < b->w; c++) {
		const char *s = box_get(b, 0, c);
		size_t n;

		if (s == NULL || s == cont || (n = strlen(s)) == 0)
			goto fail;
		if (text_decode(s, n, &cp) != n)
			goto fail;
		if ((to = cp_script(cp, sup)) == 0)
			goto fail;
		nc[c] = to < 0x80 ? ascii_cell((int)to) : enc(tm, to);
	}
	free(b->c);
	b->c = nc;
	return true;
fail:
	free(nc);
	return false;
}

/* x^(2k+q), but x_α and e^zᵢ; in ASCII e^(z_i), since e^z_i reads as
 * (e^z)_i. */
static bool
script_parens(struct tm *tm, struct node *n, const struct box *b, bool sup)
{
	struct node *only;

	if (b->w <= 1)
		return false;
	switch (n->kind) {
	case N_SCRIPT:
		/* x^(yᶻ): x^yᶻ would read (x^y)^z; but e^zᵢ */
		return tm->ascii || (sup ? n->c != NULL : n->b != NULL);
	case N_ATOM: case N_DELIM: case N_ACCENT: case N_SQRT:
		return false;
	case N_ROW:
		if (n->fl & (NF_PRIME | NF_WORD))
			return false;
		return count_items(n, &only) != 1 ||
		    script_parens(tm, only, b, sup);
	default:
		return true;
	}
}

static struct box
lay_script(struct tm *tm, struct node *n, int style)
{
	enum { M_CONV, M_FLAT, M_LIFT };
	struct box base, parts[3], raised[2], out, x[2];
	struct node *scr[2] = { n->b, n->c };	/* sub, sup */
	bool tall, lift, conv, flat = false, has_r[2] = { false, false };
	int np = 0, w, rs, rb, top, bottom, col, base_w, mode[2];

	base = lay(tm, n->a, style);
	base_w = base.w;
	if (style == ST_D && ((n->fl & NF_LIMITS) || is_limits(n->a))) {
		struct box sub = { 0, 0, 0, NULL }, sup = { 0, 0, 0, NULL };

		tm->inlimits++;
		if (n->b != NULL)
			sub = lay(tm, n->b, ST_S);
		if (n->c != NULL)
			sup = lay(tm, n->c, ST_S);
		tm->inlimits--;
		if (n->b == NULL)
			sub.h = 0;
		if (n->c == NULL)
			sup.h = 0;
		if (n->b != NULL || n->c != NULL)
			tm->stacked = true;
		w = base.w;
		if (sub.w > w)
			w = sub.w;
		if (sup.w > w)
			w = sup.w;
		out = box_new(tm, w, sup.h + base.h + sub.h, sup.h + base.base);
		box_blit(&out, &sup, 0, (w - sup.w) / 2);
		box_blit(&out, &base, sup.h, (w - base.w) / 2);
		box_blit(&out, &sub, sup.h + base.h, (w - sub.w) / 2);
		box_free(&sup);
		box_free(&sub);
		box_free(&base);
		return out;
	}
	tall = style == ST_D && base.h > 1;
	lift = style == ST_D && !tm->ascii;
	for (int i = 0; i < 2; i++) {
		x[i].c = NULL;
		mode[i] = -1;
		if (scr[i] == NULL)
			continue;
		x[i] = lay(tm, scr[i], ST_S);
		conv = !tm->ascii && box_convert(tm, &x[i], i == 1);
		if (tall)
			mode[i] = M_LIFT;
		else if (conv)
			mode[i] = M_CONV;
		else if (lift && i == 1)
			mode[i] = M_LIFT;
		else if (lift && (n->fl & NF_LAST) && x[i].w <= 3) {
			mode[i] = M_LIFT;
			tm->lastlow = true;
		} else {
			mode[i] = M_FLAT;
			tm->nflat += lift;
		}
	}
	/*
	 * A subscript goes below the row only at the end of the formula's
	 * outer row, and only a short one: anywhere else it leaves a hole in
	 * the baseline ("p̂  = ") and can land on a fraction rule or between
	 * brackets, and a long one reads as a line of its own, so it is
	 * written x_B; and where others are written so, the last one is too
	 * (texmath_render lays the formula out again). But when the superscript is raised the hole is there
	 * anyway, and both limits read alike below and above: ∫ with 0 under
	 * and ∞ over, not ∫₀ with ∞ over.
	 */
	if (!tall && lift && mode[1] == M_LIFT && mode[0] >= 0 &&
	    mode[0] != M_LIFT && (n->fl & NF_OUTER)) {
		box_free(&x[0]);
		x[0] = lay(tm, scr[0], ST_S);
		mode[0] = M_LIFT;
	}
	parts[np++] = base;
	n->fl &= ~NF_FLAT;
	for (int i = 0; i < 2; i++) {
		bool sup = i == 1;

		if (mode[i] == M_CONV) {
			parts[np++] = x[i];
			continue;
		}
		if (mode[i] == M_LIFT) {
			raised[i] = x[i];
			has_r[i] = true;
			continue;
		}
		if (mode[i] != M_FLAT)
			continue;
		if (tm->ascii && (scr[i]->fl & NF_PRIME)) {
			parts[np++] = x[i];
			continue;
		}
		n->fl |= NF_FLAT;
		x[i] = parens_if(tm, x[i], script_parens(tm, scr[i], &x[i], sup));
		parts[np++] = box_pair(tm, box_text(tm, sup ? "^" : "_"), x[i]);
		flat = true;
	}
	out = box_hcat(tm, parts, NULL, np);
	if (!has_r[0] && !has_r[1])
		return out;
	/* raise the superscript above the base's top row (onto it when the
	 * base is tall), lower the subscript likewise; right after the base,
	 * over and under a script beside it (σ² over B), but after x_B */
	col = flat ? out.w : base_w;
	rs = tall && out.base > 0 ? 0 : -1;
	rb = tall && out.h - 1 > out.base ? out.h - 1 : out.h;
	top = has_r[1] && rs < 0 ? rs : 0;
	bottom = has_r[0] && rb > out.h - 1 ? rb : out.h - 1;
	w = out.w;
	if (has_r[0] && col + raised[0].w > w)
		w = col + raised[0].w;
	if (has_r[1] && col + raised[1].w > w)
		w = col + raised[1].w;
	{
		struct box t = box_new(tm, w, bottom - top + 1, out.base - top);

		box_blit(&t, &out, -top, 0);
		if (has_r[1]) {
			box_blit(&t, &raised[1], rs - top, col);
			box_free(&raised[1]);
		}
		if (has_r[0]) {
			box_blit(&t, &raised[0], rb - top, col);
			box_free(&raised[0]);
		}
		box_free(&out);
		return t;
	}
}

static struct box
lay_accent(struct tm *tm, struct node *n, int style)
{
	const struct accent *ac = &accents[n->n];
	struct box b = lay(tm, n->a, style), out, bx[4];
	const char *over = tm->ascii ? ac->aover : ac->over;
	bool under = (n->fl & NF_UNDER) != 0, full;

	if (b.w == 0) {
		box_free(&b);
		return box_text(tm, over);
	}
	if (b.h == 1 && tm->ascii) {
		bx[0] = box_text(tm, ac->name);
		bx[1] = box_text(tm, "(");
		bx[2] = b;
		bx[3] = box_text(tm, ")");
		return box_hcat(tm, bx, NULL, 4);
	}
	if (b.h == 1) {
		for (int c = 0; c < b.w; c++) {
			const char *s = box_get(&b, 0, c);

			if (s != NULL && s != cont)
				box_put(&b, 0, c, tm_cat(tm, s, ac->mark));
		}
		return b;
	}
	/* over a tall box: a row of its own */
	full = strcmp(over, "_") == 0;
	out = box_new(tm, b.w, b.h + 1, b.base + (under ? 0 : 1));
	box_blit(&out, &b, under ? 0 : 1, 0);
	{
		struct box a = full ? box_repeat(tm, "_", b.w) : box_text(tm, over);

		box_blit(&out, &a, under ? b.h : 0, full ? 0 : (b.w - a.w) / 2);
		box_free(&a);
	}
	box_free(&b);
	return out;
}

static struct box
lay_brace(struct tm *tm, struct node *n, int style)
{
	struct box b = lay(tm, n->a, style), out, row;
	bool under = (n->fl & NF_UNDER) != 0;

	if (style != ST_D || b.w == 0)
		return b;
	tm->stacked = true;
	if (tm->ascii || b.w < 3)
		row = box_repeat(tm, tm->ascii ? "-" : "─", b.w);
	else {
		row = box_repeat(tm, "─", b.w);
		box_put(&row, 0, 0, under ? "╰" : "╭");
		box_put(&row, 0, b.w - 1, under ? "╯" : "╮");
		box_put(&row, 0, b.w / 2, under ? "┬" : "┴");
	}
	out = box_new(tm, b.w, b.h + 1, b.base + (under ? 0 : 1));
	box_blit(&out, &b, under ? 0 : 1, 0);
	box_blit(&out, &row, under ? b.h : 0, 0);
	box_free(&row);
	box_free(&b);
	return out;
}

static char
col_align(struct node *n, int c)
{
	switch (n->n) {
	case A_CASES:
		return 'l';
	case A_ALIGNED:
		return c % 2 == 0 ? 'r' : 'l';
	case A_ARRAY:
		if (n->align != NULL) {
			int k = 0;

			for (const char *p = n->align; *p != '\0'; p++) {
				if (*p == '{') {	/* p{3cm}, @{} */
					while (*p != '\0' && *p != '}')
						p++;
					if (*p == '\0')
						break;
					continue;
				}
				if (strchr("lcr", *p) != NULL && k++ == c)
					return *p;
			}
		}
		return 'c';
	default:
		return 'c';
	}
}

static struct box
lay_array(struct tm *tm, struct node *n, int style)
{
	struct node *line, *cell;
	struct box *cb, out;
	int rows = 0, cols = 0, r, c, *colw, *above, *below, *colx, y, st;
	int kind = n->n;

	for (line = n->head; line != NULL; line = line->next) {
		rows++;
		if (line->count > cols)
			cols = line->count;
	}
	if (cols == 0)
		cols = 1;
	st = style == ST_D ? ST_D : style;
	cb = xcalloc((size_t)rows * cols + 1, sizeof *cb);
	for (line = n->head, r = 0; line != NULL; line = line->next, r++) {
		bool prev_empty = true;

		for (cell = line->head, c = 0; c < cols; c++) {
			bool lead = kind == A_ALIGNED && c % 2 == 1 &&
			    (style == ST_D || !prev_empty);

			if (cell == NULL) {
				cb[r * cols + c] = box_new(tm, 0, 1, 0);
				continue;
			}
			cb[r * cols + c] = cell->kind == N_ROW ?
			    lay_row(tm, cell, st, lead) : lay(tm, cell, st);
			prev_empty = cb[r * cols + c].w == 0;
			cell = cell->next;
		}
	}
	if (style != ST_D && !(kind == A_SUBSTACK && tm->inlimits > 0)) {
		/* one line: a, b; c, d */
		int nb = 0, cap = rows * cols * 2 + 4;
		struct box *bx = xcalloc((size_t)cap, sizeof *bx);
		const char *csep = kind == A_CASES ? " " : kind == A_GATHER ?
		    "  " : ", ";

		if (kind == A_CASES)
			bx[nb++] = box_text(tm, "{ ");
		else
			bx[nb++] = box_text(tm, tm->ascii ?
			    delims[n->ld].aflat : delims[n->ld].flat);
		for (r = 0; r < rows; r++) {
			int last = cols - 1;

			while (last > 0 && cb[r * cols + last].w == 0)
				last--;
			if (r > 0)
				bx[nb++] = box_text(tm, kind == A_SUBSTACK ?
				    ", " : "; ");
			for (c = 0; c <= last; c++) {
				if (c > 0 && kind != A_ALIGNED)
					bx[nb++] = box_text(tm, csep);
				else if (c > 0 && c % 2 == 0)
					bx[nb++] = box_text(tm, "  ");
				bx[nb++] = cb[r * cols + c];
				cb[r * cols + c].c = NULL;
			}
			for (; c < cols; c++)
				box_free(&cb[r * cols + c]);
		}
		if (kind == A_CASES)
			bx[nb++] = box_text(tm, " }");
		else
			bx[nb++] = box_text(tm, tm->ascii ?
			    delims[n->n2].aflat : delims[n->n2].flat);
		out = box_hcat(tm, bx, NULL, nb);
		free(bx);
		free(cb);
		return out;
	}
	if (rows > 1)
		tm->stacked = true;
	colw = xcalloc((size_t)cols, sizeof *colw);
	colx = xcalloc((size_t)cols, sizeof *colx);
	above = xcalloc((size_t)rows, sizeof *above);
	below = xcalloc((size_t)rows, sizeof *below);
	for (r = 0; r < rows; r++)
		for (c = 0; c < cols; c++) {
			struct box *b = &cb[r * cols + c];

			if (b->w > colw[c])
				colw[c] = b->w;
			if (b->base > above[r])
				above[r] = b->base;
			if (b->h - 1 - b->base > below[r])
				below[r] = b->h - 1 - b->base;
		}
	{
		int w = 0, h = 0;

		for (c = 0; c < cols; c++) {
			if (c > 0)
				w += kind == A_ALIGNED && c % 2 == 1 ? 0 : 2;
			colx[c] = w;
			w += colw[c];
		}
		for (r = 0; r < rows; r++)
			h += above[r] + below[r] + 1;
		out = box_new(tm, w, h, rows == 1 ? above[0] : (h - 1) / 2);
	}
	for (r = 0, y = 0; r < rows; r++) {
		for (c = 0; c < cols; c++) {
			struct box *b = &cb[r * cols + c];
			char al = col_align(n, c);
			int x = colx[c];

			if (al == 'r')
				x += colw[c] - b->w;
			else if (al == 'c')
				x += (colw[c] - b->w) / 2;
			box_blit(&out, b, y + above[r] - b->base, x);
			box_free(b);
		}
		y += above[r] + below[r] + 1;
	}
	free(colw);
	free(colx);
	free(above);
	free(below);
	free(cb);
	if (n->ld != D_NONE || n->n2 != D_NONE)
		out = wrap_delims(tm, out, n->ld, n->n2);
	return out;
}

static struct box
lay(struct tm *tm, struct node *n, int style)
{
	struct box b;

	if (tm->big)
		return box_new(tm, 0, 1, 0);
	switch (n->kind) {
	case N_ROW:
		return lay_row(tm, n, style, false);
	case N_ATOM:
		return box_text(tm, n->text);
	case N_SPACE:
		return box_new(tm, n->n > 0 ? n->n : 0, 1, 0);
	case N_FRAC:
		return lay_frac(tm, n, style);
	case N_SQRT:
		return lay_sqrt(tm, n, style);
	case N_SCRIPT:
		return lay_script(tm, n, style);
	case N_ACCENT:
		return lay_accent(tm, n, style);
	case N_DELIM:
		b = lay(tm, n->a, style);
		return wrap_delims(tm, b, n->n, n->n2);
	case N_ARRAY:
		return lay_array(tm, n, style);
	case N_BRACE:
		return lay_brace(tm, n, style);
	}
	return box_new(tm, 0, 1, 0);
}

/* Mark the scripts of the outer row, and the one that ends it: only
 * there may a display lower a subscript (see lay_script). */
static void
mark_outer(struct node *root)
{
	struct node *k, *last = NULL;

	if (root->kind == N_SCRIPT) {
		root->fl |= NF_OUTER | NF_LAST;
		return;
	}
	if (root->kind != N_ROW)
		return;
	for (k = root->head; k != NULL; k = k->next) {
		if (k->kind == N_SCRIPT)
			k->fl |= NF_OUTER;
		if (k->kind != N_SPACE)
			last = k;
	}
	if (last != NULL && last->kind == N_SCRIPT)
		last->fl |= NF_LAST;
}

static void
unmark_last(struct node *root)
{
	if (root->kind == N_SCRIPT)
		root->fl &= ~NF_LAST;
	else if (root->kind == N_ROW && root->tail != NULL)
		for (struct node *k = root->head; k != NULL; k = k->next)
			k->fl &= ~NF_LAST;
}

/* ---- long displays ---- */

#define BRK_MAXLINES	32

/* Where a long display may break, weakest first: inside brackets, before
 * a big operator (∑) of a product, after a comma in a list, before a
 * binary operator, before a relation, after a comma between formulas (with
 * a relation on both sides, or set apart by a space). */
enum { K_NONE, K_INNER, K_OP, K_COMMA, K_BIN, K_REL, K_PUNCT };

/* A blank row between two lines of a broken display, when the first
 * reaches below its baseline and the second above its own: a denominator
 * right over the next numerator would read as one fraction. */
static bool
apart(const struct box *up, const struct box *down)
{
	return up->h - 1 - up->base > 0 && down->base > 0;
}

static bool
is_bar(const struct node *n)
{
	if (n->kind == N_SCRIPT)
		n = n->a;	/* ‖x‖² */
	return n->kind == N_ATOM && n->cls == C_ORD && (strcmp(n->text, "|") ==
	    0 || strcmp(n->text, "‖") == 0 || strcmp(n->text, "||") == 0);
}

/* How deep in brackets each gap of a row is: d[k] for the gap before item
 * k, d[n] after the last. Brackets are atoms, (x - μ)² too; \left( x
 * \right) opens and closes in one item; bars typed as |x| and ‖x‖ pair up
 * when there is an even number of them. */
static int *
gap_depth(const struct rowpos *p)
{
	int *d = xcalloc((size_t)p->n + 1, sizeof *d), bars = 0, depth = 0;
	bool in = false;

	for (int k = 0; k < p->n; k++)
		bars += is_bar(p->it[k]);
	for (int k = 0; k < p->n; k++) {
		if (p->lc[k] == C_OPEN && p->rc[k] != C_CLOSE)
			depth++;
		else if (p->rc[k] == C_CLOSE && p->lc[k] != C_OPEN && depth > 0)
			depth--;
		else if (bars % 2 == 0 && is_bar(p->it[k])) {
			depth += in ? -1 : 1;
			in = !in;
		}
		d[k + 1] = depth;
	}
	return d;
}

static int
less(int indent)
{
	return indent > 1 ? 1 : indent - 1;
}

/* The best break for a line from item s with room columns: the best kind,
 * the latest of that kind, that is not too early (a third of the line);
 * if all are early, simply the latest, so "ηₜ = ηₘᵢₙ" is not cut after ηₜ.
 * Inside brackets only when asked. -1 if there is none. */
static int
pick_break(const struct rowpos *p, const int *kind, int s, int lead,
    int room, bool inner)
{
	int best = -1;

	for (int pass = 0; pass < 2 && best < 0; pass++) {
		int bk = K_NONE;

		for (int e = s + 1; e < p->n; e++) {
			int sw = p->x1[e - 1] - p->x0[s] + lead;

			if (sw > room)
				break;
			if (kind[e] == K_NONE || (kind[e] == K_INNER) != inner ||
			    (pass == 0 && 3 * sw < room))
				continue;
			if (kind[e] >= bk || pass == 1) {
				bk = kind[e];
				best = e;
			}
		}
	}
	return best;
}

/* Items it[a..b] of a row, copied into a row of their own (the nodes are
 * shared below the copies; layout never changes them). */
static struct node *
row_slice(struct tm *tm, const struct rowpos *p, int a, int b)
{
	struct node *row = node_new(tm, N_ROW), *k, *c;

	for (k = p->it[a]; k != NULL; k = k->next) {
		c = node_new(tm, k->kind);
		*c = *k;
		c->next = NULL;
		node_add(row, c);
		if (k == p->it[b])
			break;
	}
	return row;
}

/*
 * A display formula wider than maxw, broken into lines the way a
 * typesetter breaks a long equation: after a comma between formulas, else
 * before a relation, else before a binary operator, of the outer row and
 * outside brackets when possible. A line may end early, but not before a
 * third of the room is used, when that gives a better break. A line that
 * starts with a relation lines it up under the first one; an operator goes
 * under what followed that relation, "x = a + b" over "    + c". Returns
 * false when some piece cannot fit: the caller then wraps the formula as
 * inline text.
 */
static bool
lay_broken(struct tm *tm, struct node *root, int maxw, struct box *out)
{
	struct rowpos p = { 0 };
	struct box whole, lines[BRK_MAXLINES];
	int col[BRK_MAXLINES], nl = 0, n, s, e, k, depth, h, w, y;
	int *kind = NULL, *gd, relx = -1, afterx = -1, at;
	bool okay = false, relbefore, relhere;

	whole = lay_row_at(tm, root, ST_D, false, &p);
	box_free(&whole);
	n = p.n;
	if (tm->big || n < 2)
		goto done;
	kind = xcalloc((size_t)n + 1, sizeof *kind);
	gd = gap_depth(&p);
	for (k = 0; k < n; k++) {
		depth = gd[k];
		if (k > 0 && p.lc[k] == C_REL && p.rc[k - 1] != C_REL)
			kind[k] = depth == 0 ? K_REL : K_INNER;
		else if (k > 0 && p.lc[k] == C_BIN && p.rc[k - 1] != C_BIN &&
		    p.rc[k - 1] != C_REL)
			kind[k] = depth == 0 ? K_BIN : K_INNER;
		else if (k > 0 && p.rc[k - 1] == C_PUNCT && depth == 0)
			kind[k] = p.x0[k] - p.x1[k - 1] > 1 ? K_PUNCT : K_COMMA;
		else if (k > 0 && p.lc[k] == C_OP && depth == 0 &&
		    (p.rc[k - 1] == C_ORD || p.rc[k - 1] == C_CLOSE ||
		    p.rc[k - 1] == C_INNER) && !(p.it[k - 1]->kind == N_ATOM &&
		    p.it[k - 1]->cls == C_BIN))	/* not after a sign: -log */
			kind[k] = K_OP;
	}
	free(gd);
	/* a comma with a relation on either side of it separates formulas:
	 * k walks the pieces between commas, the last one starting at at */
	for (k = 0, at = -1, relbefore = relhere = false; k <= n; k++) {
		if (k < n && kind[k] != K_COMMA && kind[k] != K_PUNCT) {
			relhere |= kind[k] == K_REL;
			continue;
		}
		if (at > 0 && kind[at] == K_COMMA && relbefore && relhere)
			kind[at] = K_PUNCT;
		relbefore = relhere;
		relhere = false;
		at = k;
	}
	for (s = 0; s < n; s = e) {
		int c = 0, best = -1, lead;

		if (nl == BRK_MAXLINES)
			goto done;
		/* a continuation is laid out as if after an ordinary symbol */
		lead = s > 0 ? gap_text[C_ORD][p.lc[s]] : 0;
		if (s > 0 && (kind[s] == K_PUNCT || kind[s] == K_COMMA))
			c = 0;
		else if (s > 0 && p.lc[s] == C_REL)
			c = relx >= 0 ? relx - lead : 1;
		else if (s > 0)
			c = afterx >= 0 ? afterx - lead : 1;
		/* the rest, if it fits; else a break outside brackets; else
		 * the rest with less indent; else a break inside brackets */
		for (int stage = 0; stage < 4 && best < 0; stage++)
			for (int c2 = c; c2 >= 0 && best < 0; c2 = less(c2)) {
				if (stage == 0 || stage == 2)
					best = p.x1[n - 1] - p.x0[s] + lead <=
					    maxw - c2 ? n : -1;
				else
					best = pick_break(&p, kind, s, lead,
					    maxw - c2, stage == 3);
				if (best >= 0)
					c = c2;
				if (stage < 2)
					break;	/* at the aligned indent */
			}
		if (best < 0)
			goto done;
		e = best;
		lines[nl] = lay_row(tm, row_slice(tm, &p, s, e - 1), ST_D, s > 0);
		col[nl] = c;
		if (tm->big || c + lines[nl].w > maxw) {
			box_free(&lines[nl]);
			goto done;
		}
		nl++;
		if (nl == 1) {
			/* where the first relation of the first line is */
			for (k = 1; k < e; k++)
				if (kind[k] == K_REL) {
					relx = p.x0[k];
					afterx = k + 1 < e ? p.x0[k + 1] : -1;
					break;
				}
		}
	}
	okay = true;
	h = w = 0;
	for (k = 0; k < nl; k++) {
		if (k > 0 && apart(&lines[k - 1], &lines[k]))
			h++;
		h += lines[k].h;
		if (col[k] + lines[k].w > w)
			w = col[k] + lines[k].w;
	}
	*out = box_new(tm, w, h, lines[0].base);
	for (k = 0, y = 0; k < nl; k++) {
		if (k > 0 && apart(&lines[k - 1], &lines[k]))
			y++;
		box_blit(out, &lines[k], y, col[k]);
		y += lines[k].h;
	}
	if (tm->big) {
		box_free(out);
		okay = false;
	}
done:
	for (k = 0; k < nl; k++)
		box_free(&lines[k]);
	free(kind);
	rowpos_free(&p);
	return okay;
}

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
 * Nothing inside \text{...}, \mathrm{...} or \operatorname{...} is
 * touched: there the words are meant as words. */

enum need { H_ANY, H_BRACE, H_DELIM, H_SCRIPT, H_SET };

struct heal {
	const char	*word;
	const char	*cmd;
	enum need	 need;
};

static const struct heal remnants[] = {
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
};

static const struct heal stripped[] = {
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
	return sym_find(s, n) != NULL || xcmd_find(s, n) != NULL ||
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

static char *
heal(const char *s, size_t len, size_t *outlen)
{
	static const char esc[][2] = {
		{ '\t', 't' }, { '\n', 'n' }, { '\r', 'r' }, { '\b', 'b' },
		{ '\f', 'f' }, { '\a', 'a' }, { '\v', 'v' },
	};
	struct buf b = { 0 };
	size_t i = 0, n, k, rel = SIZE_MAX, close[16];
	int nclose = 0;

	buf_grow(&b, len + 16);
	while (i < len) {
		char c = s[i];

		while (nclose > 0 && close[nclose - 1] < i)
			nclose--;	/* swallowed by a text group */
		if (c == '}' && nclose > 0 && close[nclose - 1] == i) {
			buf_adds(&b, "\\}");
			nclose--;
			i++;
			continue;
		}
		if (c == '{' && rel != SIZE_MAX && nclose < (int)nitems(close)) {
			size_t j = set_group(s, len, i), at = rel;

			while (at < b.len && b.s[at] == ' ')
				at++;
			if (j > 0 && at == b.len) {
				buf_adds(&b, "\\{");
				close[nclose++] = j;
				i++;
				rel = SIZE_MAX;
				continue;
			}
		}
		if (c != ' ')
			rel = SIZE_MAX;
		if (c == '=') {
			buf_addc(&b, c);
			i++;
			rel = b.len;
			continue;
		}
		if (c == '\\') {
			buf_addc(&b, c);
			i++;
			for (n = 0; i + n < len && is_alpha((unsigned char)s[i + n]); n++)
				;
			if (n == 0 && i < len) {
				buf_addc(&b, s[i++]);
				continue;
			}
			buf_add(&b, s + i, n);
			i += n;
			if (is_textcmd(s + i - n, n))
				i = copy_group(&b, s, len, i);
			else if (is_setrel(s + i - n, n))
				rel = b.len;
			continue;
		}
		for (k = 0; k < nitems(esc); k++)
			if (c == esc[k][0])
				break;
		if (k < nitems(esc)) {
			char name[64];

			for (n = 0; i + 1 + n < len && n < sizeof name - 2 &&
			    is_alpha((unsigned char)s[i + 1 + n]); n++)
				;
			name[0] = esc[k][1];
			memcpy(name + 1, s + i + 1, n);
			if (n > 0 && (c != '\n' || n >= 2) &&
			    (i + 1 + n >= len || !is_alpha((unsigned char)s[i + 1 + n])) &&
			    known_cmd(name, n + 1)) {
				buf_addc(&b, '\\');
				buf_add(&b, name, n + 1);
				i += 1 + n;
				if (is_textcmd(name, n + 1))
					i = copy_group(&b, s, len, i);
				continue;
			}
			buf_addc(&b, c);
			i++;
			continue;
		}
		if (is_alpha((unsigned char)c)) {
			const char *cmd = NULL;

			for (n = 0; i + n < len && is_alpha((unsigned char)s[i + n]); n++)
				;
			for (k = 0; k < nitems(remnants) && cmd == NULL; k++)
				if (strlen(remnants[k].word) == n &&
				    strncmp(remnants[k].word, s + i, n) == 0 &&
				    need_met(s, len, i + n, remnants[k].need))
					cmd = remnants[k].cmd;
			for (k = 0; k < nitems(stripped) && cmd == NULL; k++)
				if (strlen(stripped[k].word) == n &&
				    strncmp(stripped[k].word, s + i, n) == 0 &&
				    need_met(s, len, i + n, stripped[k].need))
					cmd = stripped[k].word;
			if (cmd == NULL && i + n < len && s[i + n] == '{' &&
			    (k = glued_cmd(s + i, n)) > 0) {
				/* the word before it, as any other word */
				size_t m = n - k;

				for (size_t q = 0; q < nitems(stripped); q++)
					if (stripped[q].need == H_ANY &&
					    strlen(stripped[q].word) == m &&
					    strncmp(stripped[q].word, s + i, m) == 0) {
						buf_addc(&b, '\\');
						break;
					}
				buf_add(&b, s + i, m);
				i += m;
				n = k;
				buf_addc(&b, '\\');
				buf_add(&b, s + i, n);
				i += n;
				if (is_textcmd(s + i - n, n))
					i = copy_group(&b, s, len, i);
				continue;
			}
			if (cmd == NULL) {
				buf_add(&b, s + i, n);
				i += n;
				continue;
			}
			buf_addc(&b, '\\');
			buf_adds(&b, cmd);
			i += n;
			if (is_textcmd(cmd, strlen(cmd)))
				i = copy_group(&b, s, len, i);
			else if (is_setrel(cmd, strlen(cmd)))
				rel = b.len;
			continue;
		}
		buf_addc(&b, c);
		i++;
	}
	*outlen = b.len;
	return buf_take(&b);
}

/* ---- entry points ---- */

/* The source as one row of text, for input past the limits: readable, and
 * still valid and bounded. */
static void
fallback(const char *src, size_t len, bool ascii, struct tm_out *out)
{
	struct buf b = { 0 };
	char *clean;
	size_t n, i, k, cut, w;
	uint32_t cp;

	if (len > TM_MAXINPUT)
		len = TM_MAXINPUT;
	clean = text_sanitize(src, len, false, &n);
	if (ascii) {
		for (i = 0; i < n; i += k) {
			k = text_decode(clean + i, n - i, &cp);
			buf_addc(&b, cp < 0x80 ? (char)cp : '?');
		}
		free(clean);
		n = b.len;
		clean = buf_take(&b);
	}
	/* zero-width characters without a base would make a row narrower
	 * than it claims; drop them at the start */
	cut = text_fit(clean, n, TM_MAXINPUT, &w);
	clean[cut] = '\0';
	for (i = 0; i < cut; i += k) {
		k = text_decode(clean + i, cut - i, &cp);
		if (text_cp_width(cp) != 0)
			break;
	}
	out->rows = xcalloc(1, sizeof *out->rows);
	out->rows[0] = xstrdup(clean + i);
	free(clean);
	out->nrows = 1;
	out->width = (int)text_width(out->rows[0], strlen(out->rows[0]));
	out->baseline = 0;
}

/* Columns where an inline formula may be broken, as TeX allows: the blank
 * after a relation or a binary operator of the outer row... */
static int
row_breaks(const struct rowpos *p, int *cols)
{
	int nb = 0, *d = gap_depth(p);

	for (int i = 0; i + 1 < p->n; i++) {
		/* and outside brackets: "p(y | x)", "‖a - b‖" stay whole */
		if (d[i + 1] == 0 && (p->rc[i] == C_REL || p->rc[i] == C_BIN) &&
		    p->lc[i + 1] != C_CLOSE && p->lc[i + 1] != C_PUNCT &&
		    p->x0[i + 1] > p->x1[i] && p->x1[i] > 0)
			cols[nb++] = p->x1[i];
	}
	free(d);
	return nb;
}

static bool
box_to_rows(struct box *b, bool ascii, const int *brk, int nbrk,
    struct tm_out *out)
{
	struct buf line = { 0 };

	out->rows = xcalloc((size_t)b->h, sizeof *out->rows);
	out->nrows = b->h;
	out->width = b->w;
	out->baseline = b->base;
	if (nbrk > 0)
		out->breaks = xcalloc((size_t)nbrk, sizeof *out->breaks);
	for (int r = 0; r < b->h; r++) {
		int k = 0;

		for (int c = 0; c < b->w; c++) {
			const char *s = box_get(b, r, c);

			while (r == b->base && k < nbrk && brk[k] < c)
				k++;
			if (r == b->base && k < nbrk && brk[k] == c && s == NULL)
				out->breaks[out->nbreaks++] = (int)line.len;
			if (s == NULL)
				buf_addc(&line, ' ');
			else if (s != cont)
				buf_adds(&line, s);
		}
		out->rows[r] = buf_take(&line);
	}
	/* belt and braces: every row exactly as wide as promised */
	for (int r = 0; r < b->h; r++) {
		size_t n = strlen(out->rows[r]);

		if (!text_utf8_valid(out->rows[r], n, NULL) ||
		    text_width(out->rows[r], n) != (size_t)b->w)
			return false;
		for (size_t i = 0; ascii && i < n; i++)
			if ((unsigned char)out->rows[r][i] >= 0x80)
				return false;
	}
	return true;
}

int
texmath_render(const char *src, size_t len, unsigned flags, int maxwidth,
    struct tm_out *out)
{
	struct tm tm;
	struct node *root;
	struct box b;
	struct rowpos pos = { 0 };
	char *healed = NULL, *clean;
	size_t hlen, clen, maxw;
	int rc = 0, *brk = NULL, nbrk = 0;
	bool ascii = (flags & TM_ASCII) != 0;

	memset(out, 0, sizeof *out);
	if (src == NULL)
		len = 0;
	if (len > TM_MAXINPUT) {
		fallback(src, len, ascii, out);
		return -1;
	}
	if (flags & TM_HEAL) {
		healed = heal(src, len, &hlen);
		src = healed;
		len = hlen;
	}
	clean = text_sanitize(src != NULL ? src : "", len, false, &clen);
	memset(&tm, 0, sizeof tm);
	tm.s = clean;
	tm.len = clen;
	tm.ascii = ascii;
	tm.depth = -1;	/* the formula itself is not a level of nesting */
	root = parse_block(&tm, F_MATH, W_EOF);
	maxw = 4 * clen + 64;
	tm.maxw = maxw;
	if (tm.deep) {
		fallback(clean, clen, ascii, out);
		out->unknown = tm.unknown;
		rc = -1;
		goto done;
	}
	mark_outer(root);
	if (!(flags & TM_DISPLAY) && root->kind == N_ROW) {
		b = lay_row_at(&tm, root, ST_T, false, &pos);
		brk = xcalloc((size_t)pos.n + 1, sizeof *brk);
		nbrk = row_breaks(&pos, brk);
		rowpos_free(&pos);
	} else
		b = lay(&tm, root, (flags & TM_DISPLAY) ? ST_D : ST_T);
	if (tm.lastlow && tm.nflat > 0 && !tm.big) {
		/* x_A + y_B, not x_A + y with B under it */
		unmark_last(root);
		box_free(&b);
		tm.stacked = false;
		b = lay(&tm, root, ST_D);
	}
	if ((flags & TM_DISPLAY) && maxwidth > 0 && b.w > maxwidth &&
	    !tm.big && root->kind == N_ROW) {
		struct box nb;

		if (lay_broken(&tm, root, maxwidth, &nb)) {
			box_free(&b);
			b = nb;
		}
		tm.big = false;
	}
	if (tm.big || b.h > TM_MAXROWS || (size_t)b.w > maxw) {
		/* too tall or too large for 2-D: try one row */
		box_free(&b);
		tm.big = false;
		tm.stacked = false;
		rc = -1;
		nbrk = 0;
		b = lay(&tm, root, ST_T);
		if (tm.big || (size_t)b.w > maxw) {
			box_free(&b);
			fallback(clean, clen, ascii, out);
			out->unknown = tm.unknown;
			goto done;
		}
	}
	if (!box_to_rows(&b, ascii, brk, nbrk, out)) {
		tm_out_free(out);
		fallback(clean, clen, ascii, out);
		rc = -1;
	}
	box_free(&b);
	out->unknown = tm.unknown;
	out->stacked = tm.stacked;
done:
	tm_free_arena(&tm);
	free(brk);
	free(clean);
	free(healed);
	return rc;
}

void
tm_out_free(struct tm_out *out)
{
	for (int i = 0; i < out->nrows; i++)
		free(out->rows[i]);
	free(out->rows);
	free(out->breaks);
	out->rows = NULL;
	out->nrows = 0;
	out->breaks = NULL;
	out->nbreaks = 0;
}
