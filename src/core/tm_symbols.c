/* tm_symbols.c - TeX math's tables: symbols, commands, accents, delimiters.
 *
 * What each name means and how it looks in Unicode and in ASCII, and the
 * maps to styled alphabets and to superscript and subscript characters.
 * Data and lookups only; nothing here allocates. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "texmath.h"
#include "text.h"
#include "util.h"
#include "tm-int.h"

/* ---- symbols ---- */

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
	{ "iiiint", "⨌", "iiiint", C_OP, 0 }, { "idotsint", "∫⋯∫", "int...int",
	    C_OP, 0 }, { "oiint", "∯", "oiint", C_OP, 0 },
	{ "oiiint", "∰", "oiiint", C_OP, 0 },
	{ "oiiiint", "∮∮∮∮", "oiiiint", C_OP, 0 },
	{ "oidotsint", "∮⋯∮", "oint...oint", C_OP, 0 },
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
	{ "mathsf", X_FONT, F_SF }, { "mathtt", X_FONT, F_TT },
	{ "pmb", X_FONT, F_BF }, { "sf", X_OLDFONT, F_SF },
	{ "tt", X_OLDFONT, F_TT },
	{ "over", X_INFIX, 0 }, { "choose", X_INFIX, 1 }, { "atop", X_INFIX, 2 },
	{ "xrightarrow", X_XARROW, 0 }, { "xleftarrow", X_XARROW, 1 },
	{ "xleftrightarrow", X_XARROW, 2 }, { "xRightarrow", X_XARROW, 3 },
	{ "xLeftarrow", X_XARROW, 4 }, { "xmapsto", X_XARROW, 5 },
	{ "pmatrix", X_PMATRIX, 1 }, { "matrix", X_PMATRIX, 0 },
	{ "raisebox", X_SKIPARG, 0 }, { "box", X_BOX, 0 },
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
	/* more accents, as libtexprintf/utftex has them */
	{ "dddot", X_ACCENT, 14 }, { "ddddot", X_ACCENT, 15 },
	{ "overleftrightarrow", X_ACCENT, 16 }, { "underleftarrow", X_ACCENT, 17 },
	{ "underrightarrow", X_ACCENT, 18 },
	{ "underleftrightarrow", X_ACCENT, 19 }, { "H", X_ACCENT, 20 },
	{ "c", X_ACCENT, 21 }, { "k", X_ACCENT, 22 }, { "utilde", X_ACCENT, 23 },
	{ "wideutilde", X_ACCENT, 23 }, { "l", X_ACCENT, 24 },
	{ "sout", X_ACCENT, 25 }, { "strike", X_ACCENT, 25 },
	{ "Lvec", X_ACCENT, 13 }, { "lvec", X_ACCENT, 13 },
	{ "ocommatopright", X_ACCENT, 26 }, { "droang", X_ACCENT, 27 },
	{ "rightharpoonaccent", X_ACCENT, 28 }, { "overrightharpoon", X_ACCENT, 28 },
	{ "widebridgeabove", X_ACCENT, 29 }, { "asteraccent", X_ACCENT, 30 },
	{ "candra", X_ACCENT, 31 }, { "threeunderdot", X_ACCENT, 32 },
	{ "underrightharpoondown", X_ACCENT, 33 },
	{ "underleftharpoondown", X_ACCENT, 34 }, { "palh", X_ACCENT, 35 },
	{ "rh", X_ACCENT, 36 }, { "sbbrg", X_ACCENT, 37 },
	{ "annuity", X_ACCENT, 38 }, { "enclosecircle", X_ACCENT, 39 },
	{ "enclosesquare", X_ACCENT, 40 }, { "enclosediamond", X_ACCENT, 41 },
	{ "enclosetriangle", X_ACCENT, 42 }, { "vertoverlay", X_ACCENT, 43 },
	{ "overleftharpoon", X_ACCENT, 44 },
	{ "quad", X_SPACE, 2 }, { "qquad", X_SPACE, 4 }, { "enspace", X_SPACE, 1 },
	{ "thinspace", X_SPACE, 1 }, { "medspace", X_SPACE, 1 },
	{ "thickspace", X_SPACE, 1 }, { "hfill", X_SPACE, 2 },
	{ "negthinspace", X_SPACE, -1 }, { "hspace", X_SKIPARG, 1 },
	{ "displaystyle", X_NOP, 0 }, { "textstyle", X_NOP, 0 },
	{ "scriptstyle", X_NOP, 0 }, { "scriptscriptstyle", X_NOP, 0 },
	{ "nonumber", X_NOP, 0 }, { "notag", X_NOP, 0 }, { "hline", X_HLINE, 0 },
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

const struct accent tm_accents[] = {
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
	{ "\xe2\x83\x9b", "dddot", "⋯", "..." },	/* U+20DB */
	{ "\xe2\x83\x9c", "ddddot", "⋯", "...." },	/* U+20DC */
	{ "\xe2\x83\xa1", "overleftrightarrow", "↔", "<->" },	/* U+20E1 */
	{ "\xe2\x83\xae", "underleftarrow", "←", "<-" },	/* U+20EE */
	{ "\xe2\x83\xaf", "underrightarrow", "→", "->" },	/* U+20EF */
	{ "\xcd\x8d", "underleftrightarrow", "↔", "<->" },	/* U+034D */
	{ "\xcc\x8b", "H", "˝", "\"" },	/* U+030B double acute */
	{ "\xcc\xa7", "c", "¸", "," },	/* U+0327 cedilla */
	{ "\xcc\xa8", "k", "˛", "," },	/* U+0328 ogonek */
	{ "\xcc\xb0", "utilde", "~", "~" },	/* U+0330 */
	{ "\xcc\xb7", "l", "/", "/" },	/* U+0337 short solidus */
	{ "\xcc\xb6", "sout", "─", "-" },	/* U+0336 long stroke */
	{ "\xcc\x95", "ocommatopright", ",", "," },	/* U+0315 */
	{ "\xcc\x9a", "droang", "┐", "." },	/* U+031A */
	{ "\xe2\x83\x91", "rightharpoonaccent", "⇀", "->" },	/* U+20D1 */
	{ "\xe2\x83\xa9", "widebridgeabove", "⎴", "-" },	/* U+20E9 */
	{ "\xe2\x83\xb0", "asteraccent", "*", "*" },	/* U+20F0 */
	{ "\xcc\x90", "candra", "˘", "u" },	/* U+0310 */
	{ "\xe2\x83\xa8", "threeunderdot", "⋯", "..." },	/* U+20E8 */
	{ "\xe2\x83\xac", "underrightharpoondown", "⇁", "->" },	/* U+20EC */
	{ "\xe2\x83\xad", "underleftharpoondown", "↽", "<-" },	/* U+20ED */
	{ "\xcc\xa1", "palh", ",", "," },	/* U+0321 */
	{ "\xcc\xa2", "rh", ",", "," },	/* U+0322 */
	{ "\xcc\xaa", "sbbrg", "_", "_" },	/* U+032A */
	{ "\xe2\x83\xa7", "annuity", "┐", "|" },	/* U+20E7 */
	{ "\xe2\x83\x9d", "enclosecircle", "○", "o" },	/* U+20DD */
	{ "\xe2\x83\x9e", "enclosesquare", "□", "[]" },	/* U+20DE */
	{ "\xe2\x83\x9f", "enclosediamond", "◇", "<>" },	/* U+20DF */
	{ "\xe2\x83\xa4", "enclosetriangle", "△", "^" },	/* U+20E4 */
	{ "\xe2\x83\x92", "vertoverlay", "|", "|" },	/* U+20D2 */
	{ "\xe2\x83\x90", "overleftharpoon", "↼", "<-" },	/* U+20D0 */
};

/* Latin letters with the accents above that have a precomposed form (NFC):
 * "ŷ" rather than "y" and U+0302, which some terminal fonts draw apart.
 * Generated from Unicode's composition data for these marks. */
static const struct {
	char		 base;
	uint32_t	 mark;
	const char	*nfc;
} composed[] = {
	{ 'a', 0x0300, "à" }, { 'e', 0x0300, "è" }, { 'i', 0x0300, "ì" },
	{ 'n', 0x0300, "ǹ" }, { 'o', 0x0300, "ò" }, { 'u', 0x0300, "ù" },
	{ 'w', 0x0300, "ẁ" }, { 'y', 0x0300, "ỳ" }, { 'A', 0x0300, "À" },
	{ 'E', 0x0300, "È" }, { 'I', 0x0300, "Ì" }, { 'N', 0x0300, "Ǹ" },
	{ 'O', 0x0300, "Ò" }, { 'U', 0x0300, "Ù" }, { 'W', 0x0300, "Ẁ" },
	{ 'Y', 0x0300, "Ỳ" }, { 'a', 0x0301, "á" }, { 'c', 0x0301, "ć" },
	{ 'e', 0x0301, "é" }, { 'g', 0x0301, "ǵ" }, { 'i', 0x0301, "í" },
	{ 'k', 0x0301, "ḱ" }, { 'l', 0x0301, "ĺ" }, { 'm', 0x0301, "ḿ" },
	{ 'n', 0x0301, "ń" }, { 'o', 0x0301, "ó" }, { 'p', 0x0301, "ṕ" },
	{ 'r', 0x0301, "ŕ" }, { 's', 0x0301, "ś" }, { 'u', 0x0301, "ú" },
	{ 'w', 0x0301, "ẃ" }, { 'y', 0x0301, "ý" }, { 'z', 0x0301, "ź" },
	{ 'A', 0x0301, "Á" }, { 'C', 0x0301, "Ć" }, { 'E', 0x0301, "É" },
	{ 'G', 0x0301, "Ǵ" }, { 'I', 0x0301, "Í" }, { 'K', 0x0301, "Ḱ" },
	{ 'L', 0x0301, "Ĺ" }, { 'M', 0x0301, "Ḿ" }, { 'N', 0x0301, "Ń" },
	{ 'O', 0x0301, "Ó" }, { 'P', 0x0301, "Ṕ" }, { 'R', 0x0301, "Ŕ" },
	{ 'S', 0x0301, "Ś" }, { 'U', 0x0301, "Ú" }, { 'W', 0x0301, "Ẃ" },
	{ 'Y', 0x0301, "Ý" }, { 'Z', 0x0301, "Ź" }, { 'a', 0x0302, "â" },
	{ 'c', 0x0302, "ĉ" }, { 'e', 0x0302, "ê" }, { 'g', 0x0302, "ĝ" },
	{ 'h', 0x0302, "ĥ" }, { 'i', 0x0302, "î" }, { 'j', 0x0302, "ĵ" },
	{ 'o', 0x0302, "ô" }, { 's', 0x0302, "ŝ" }, { 'u', 0x0302, "û" },
	{ 'w', 0x0302, "ŵ" }, { 'y', 0x0302, "ŷ" }, { 'z', 0x0302, "ẑ" },
	{ 'A', 0x0302, "Â" }, { 'C', 0x0302, "Ĉ" }, { 'E', 0x0302, "Ê" },
	{ 'G', 0x0302, "Ĝ" }, { 'H', 0x0302, "Ĥ" }, { 'I', 0x0302, "Î" },
	{ 'J', 0x0302, "Ĵ" }, { 'O', 0x0302, "Ô" }, { 'S', 0x0302, "Ŝ" },
	{ 'U', 0x0302, "Û" }, { 'W', 0x0302, "Ŵ" }, { 'Y', 0x0302, "Ŷ" },
	{ 'Z', 0x0302, "Ẑ" }, { 'a', 0x0303, "ã" }, { 'e', 0x0303, "ẽ" },
	{ 'i', 0x0303, "ĩ" }, { 'n', 0x0303, "ñ" }, { 'o', 0x0303, "õ" },
	{ 'u', 0x0303, "ũ" }, { 'v', 0x0303, "ṽ" }, { 'y', 0x0303, "ỹ" },
	{ 'A', 0x0303, "Ã" }, { 'E', 0x0303, "Ẽ" }, { 'I', 0x0303, "Ĩ" },
	{ 'N', 0x0303, "Ñ" }, { 'O', 0x0303, "Õ" }, { 'U', 0x0303, "Ũ" },
	{ 'V', 0x0303, "Ṽ" }, { 'Y', 0x0303, "Ỹ" }, { 'a', 0x0304, "ā" },
	{ 'e', 0x0304, "ē" }, { 'g', 0x0304, "ḡ" }, { 'i', 0x0304, "ī" },
	{ 'o', 0x0304, "ō" }, { 'u', 0x0304, "ū" }, { 'y', 0x0304, "ȳ" },
	{ 'A', 0x0304, "Ā" }, { 'E', 0x0304, "Ē" }, { 'G', 0x0304, "Ḡ" },
	{ 'I', 0x0304, "Ī" }, { 'O', 0x0304, "Ō" }, { 'U', 0x0304, "Ū" },
	{ 'Y', 0x0304, "Ȳ" }, { 'a', 0x0306, "ă" }, { 'e', 0x0306, "ĕ" },
	{ 'g', 0x0306, "ğ" }, { 'i', 0x0306, "ĭ" }, { 'o', 0x0306, "ŏ" },
	{ 'u', 0x0306, "ŭ" }, { 'A', 0x0306, "Ă" }, { 'E', 0x0306, "Ĕ" },
	{ 'G', 0x0306, "Ğ" }, { 'I', 0x0306, "Ĭ" }, { 'O', 0x0306, "Ŏ" },
	{ 'U', 0x0306, "Ŭ" }, { 'a', 0x0307, "ȧ" }, { 'b', 0x0307, "ḃ" },
	{ 'c', 0x0307, "ċ" }, { 'd', 0x0307, "ḋ" }, { 'e', 0x0307, "ė" },
	{ 'f', 0x0307, "ḟ" }, { 'g', 0x0307, "ġ" }, { 'h', 0x0307, "ḣ" },
	{ 'm', 0x0307, "ṁ" }, { 'n', 0x0307, "ṅ" }, { 'o', 0x0307, "ȯ" },
	{ 'p', 0x0307, "ṗ" }, { 'r', 0x0307, "ṙ" }, { 's', 0x0307, "ṡ" },
	{ 't', 0x0307, "ṫ" }, { 'w', 0x0307, "ẇ" }, { 'x', 0x0307, "ẋ" },
	{ 'y', 0x0307, "ẏ" }, { 'z', 0x0307, "ż" }, { 'A', 0x0307, "Ȧ" },
	{ 'B', 0x0307, "Ḃ" }, { 'C', 0x0307, "Ċ" }, { 'D', 0x0307, "Ḋ" },
	{ 'E', 0x0307, "Ė" }, { 'F', 0x0307, "Ḟ" }, { 'G', 0x0307, "Ġ" },
	{ 'H', 0x0307, "Ḣ" }, { 'I', 0x0307, "İ" }, { 'M', 0x0307, "Ṁ" },
	{ 'N', 0x0307, "Ṅ" }, { 'O', 0x0307, "Ȯ" }, { 'P', 0x0307, "Ṗ" },
	{ 'R', 0x0307, "Ṙ" }, { 'S', 0x0307, "Ṡ" }, { 'T', 0x0307, "Ṫ" },
	{ 'W', 0x0307, "Ẇ" }, { 'X', 0x0307, "Ẋ" }, { 'Y', 0x0307, "Ẏ" },
	{ 'Z', 0x0307, "Ż" }, { 'a', 0x0308, "ä" }, { 'e', 0x0308, "ë" },
	{ 'h', 0x0308, "ḧ" }, { 'i', 0x0308, "ï" }, { 'o', 0x0308, "ö" },
	{ 't', 0x0308, "ẗ" }, { 'u', 0x0308, "ü" }, { 'w', 0x0308, "ẅ" },
	{ 'x', 0x0308, "ẍ" }, { 'y', 0x0308, "ÿ" }, { 'A', 0x0308, "Ä" },
	{ 'E', 0x0308, "Ë" }, { 'H', 0x0308, "Ḧ" }, { 'I', 0x0308, "Ï" },
	{ 'O', 0x0308, "Ö" }, { 'U', 0x0308, "Ü" }, { 'W', 0x0308, "Ẅ" },
	{ 'X', 0x0308, "Ẍ" }, { 'Y', 0x0308, "Ÿ" }, { 'a', 0x030A, "å" },
	{ 'u', 0x030A, "ů" }, { 'w', 0x030A, "ẘ" }, { 'y', 0x030A, "ẙ" },
	{ 'A', 0x030A, "Å" }, { 'U', 0x030A, "Ů" }, { 'a', 0x030C, "ǎ" },
	{ 'c', 0x030C, "č" }, { 'd', 0x030C, "ď" }, { 'e', 0x030C, "ě" },
	{ 'g', 0x030C, "ǧ" }, { 'h', 0x030C, "ȟ" }, { 'i', 0x030C, "ǐ" },
	{ 'j', 0x030C, "ǰ" }, { 'k', 0x030C, "ǩ" }, { 'l', 0x030C, "ľ" },
	{ 'n', 0x030C, "ň" }, { 'o', 0x030C, "ǒ" }, { 'r', 0x030C, "ř" },
	{ 's', 0x030C, "š" }, { 't', 0x030C, "ť" }, { 'u', 0x030C, "ǔ" },
	{ 'z', 0x030C, "ž" }, { 'A', 0x030C, "Ǎ" }, { 'C', 0x030C, "Č" },
	{ 'D', 0x030C, "Ď" }, { 'E', 0x030C, "Ě" }, { 'G', 0x030C, "Ǧ" },
	{ 'H', 0x030C, "Ȟ" }, { 'I', 0x030C, "Ǐ" }, { 'K', 0x030C, "Ǩ" },
	{ 'L', 0x030C, "Ľ" }, { 'N', 0x030C, "Ň" }, { 'O', 0x030C, "Ǒ" },
	{ 'R', 0x030C, "Ř" }, { 'S', 0x030C, "Š" }, { 'T', 0x030C, "Ť" },
	{ 'U', 0x030C, "Ǔ" }, { 'Z', 0x030C, "Ž" },

};

const char *
tm_compose(const char *base, const char *mark)
{
	uint32_t cp;

	if (base == NULL || base[0] == '\0' || base[1] != '\0' ||
	    text_decode(mark, strlen(mark), &cp) != strlen(mark))
		return NULL;
	for (size_t i = 0; i < nitems(composed); i++)
		if (composed[i].base == base[0] && composed[i].mark == cp)
			return composed[i].nfc;
	return NULL;
}

const struct delimdef tm_delims[] = {
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
	/* arrows as delimiters (utftex has them) */
	[D_UP] = { "↑", "^", "↑", "│", "│", "│", "^", "|", "|", "|" },
	[D_DOWN] = { "↓", "v", "│", "│", "│", "↓", "|", "|", "|", "v" },
	[D_UPDOWN] = { "↕", "|", "↑", "│", "│", "↓", "^", "|", "|", "v" },
	[D_UUP] = { "⇑", "^", "⇑", "‖", "‖", "‖", "^", "|", "|", "|" },
	[D_DDOWN] = { "⇓", "v", "‖", "‖", "‖", "⇓", "|", "|", "|", "v" },
	[D_UUPDDOWN] = { "⇕", "|", "⇑", "‖", "‖", "⇓", "^", "|", "|", "v" },
};

/* ---- characters ---- */

/* Letters and digits in the styled alphabets of Unicode's Mathematical
 * Alphanumeric Symbols; the letters that were encoded earlier (ℝ, ℒ) fill
 * the holes of those blocks. */
uint32_t
tm_font_map(int font, uint32_t cp)
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
	case F_SF:
		if (cap)
			return 0x1D5A0 + cp - 'A';
		if (small)
			return 0x1D5BA + cp - 'a';
		if (digit)
			return 0x1D7E2 + cp - '0';
		break;
	case F_TT:
		if (cap)
			return 0x1D670 + cp - 'A';
		if (small)
			return 0x1D68A + cp - 'a';
		if (digit)
			return 0x1D7F6 + cp - '0';
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

uint32_t
tm_cp_script(uint32_t cp, bool sup)
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

const struct sym *
tm_sym_find(const char *name, size_t n)
{
	for (size_t i = 0; i < nitems(syms); i++)
		if (syms[i].name[0] == name[0] &&
		    strncmp(syms[i].name, name, n) == 0 && syms[i].name[n] == '\0')
			return &syms[i];
	return NULL;
}

const struct xcmd *
tm_xcmd_find(const char *name, size_t n)
{
	for (size_t i = 0; i < nitems(xcmds); i++)
		if (xcmds[i].name[0] == name[0] &&
		    strncmp(xcmds[i].name, name, n) == 0 && xcmds[i].name[n] == '\0')
			return &xcmds[i];
	return NULL;
}

/* A character typed directly (≤, α): its class, and its name for ASCII. */
const struct sym *
tm_sym_by_char(const char *u, size_t n)
{
	if ((unsigned char)u[0] < 0x80)
		return NULL;
	for (size_t i = 0; i < nitems(syms); i++)
		if (syms[i].uni[0] == u[0] && syms[i].uni[1] == u[1] &&
		    strncmp(syms[i].uni, u, n) == 0 && syms[i].uni[n] == '\0')
			return &syms[i];
	return NULL;
}
