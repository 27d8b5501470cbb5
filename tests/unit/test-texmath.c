/* test-texmath.c - LaTeX math rendering: a golden table written by hand
 * (what a reader of a textbook expects to see), properties of every
 * result, healing, and the limits on hostile input. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "texmath.h"
#include "text.h"
#include "util.h"

#define I	0u
#define D	TM_DISPLAY
#define A	TM_ASCII
#define H	TM_HEAL

struct golden {
	const char	*in;
	unsigned	 flags;
	const char	*want;	/* rows joined with '\n', each padded to the width */
	int		 unknown;	/* -1: not checked */
	int		 width;		/* room for the formula; 0 is 80 */
};

/* Most rows leave width out: 0, 80 columns. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
static const struct golden cases[] = {
	/* ---- scripts, inline ---- */
	{ "x^2", I, "x²", 0 },
	{ "x_i", I, "xᵢ", 0 },
	{ "x_{10}", I, "x₁₀", 0 },
	{ "e^{-x}", I, "e⁻ˣ", 0 },
	{ "x_{ij+1}", I, "xᵢⱼ₊₁", 0 },
	{ "V_{FS}/2^N", I, "V_(FS)/2ᴺ", 0 },	/* no gap before the slash */
	{ "e^{z_k}/\\sum_j e^{z_j}", I, "e^zₖ/∑ⱼ e^zⱼ", 0 },	/* nor after it */
	{ "W / \\sigma(W)", I, "W/σ(W)", 0 },
	{ "a/-b", I, "a/-b", 0 },
	{ "x^{2k+q}", I, "x^(2k+q)", 0 },	/* no superscript q */
	{ "x_\\alpha", I, "x_α", 0 },
	{ "x_{\\alpha\\beta}", I, "x_(αβ)", 0 },
	{ "x_\\alpha y", I, "x_α y", 0 },
	{ "QK^\\top", I, "QKᵀ", 0 },
	{ "Q K^\\top", I, "QKᵀ", 0 },
	{ "W^T x", I, "Wᵀx", 0 },
	{ "x^{n+1}", I, "xⁿ⁺¹", 0 },
	{ "a_{n-1}", I, "aₙ₋₁", 0 },
	{ "x_i^2", I, "xᵢ²", 0 },
	{ "x^2_i", I, "xᵢ²", 0 },
	{ "2^{10}", I, "2¹⁰", 0 },
	{ "\\theta_{t+1}", I, "θₜ₊₁", 0 },
	{ "h_t", I, "hₜ", 0 },
	{ "W_{hh}", I, "Wₕₕ", 0 },
	{ "x^{(i)}", I, "x⁽ⁱ⁾", 0 },
	{ "y^{(i)}_j", I, "yⱼ⁽ⁱ⁾", 0 },
	{ "e^{i\\pi}", I, "e^(iπ)", 0 },
	{ "x_{\\text{train}}", I, "xₜᵣₐᵢₙ", 0 },
	{ "L_{\\text{CE}}", I, "L_CE", 0 },
	{ "\\sigma^2", I, "σ²", 0 },
	{ "\\beta_1", I, "β₁", 0 },
	{ "p_\\theta(x)", I, "p_θ(x)", 0 },
	{ "x^*", I, "x*", 0 },
	{ "f^{-1}(x)", I, "f⁻¹(x)", 0 },
	{ "x^{1/2}", I, "x^(1/2)", 0 },
	{ "x^{\\frac{1}{2}}", I, "x^(1/2)", 0 },
	{ "e^{z_i}", I, "e^zᵢ", 0 },
	{ "x'", I, "x′", 0 },
	{ "f''(x)", I, "f″(x)", 0 },
	{ "f'''", I, "f‴", 0 },
	{ "x'^2", I, "x′²", 0 },
	{ "\\log_2 n", I, "log₂ n", 0 },
	{ "T^\\circ", I, "T°", 0 },
	{ "\\nabla_\\theta J", I, "∇_θ J", 0 },
	{ "a^b^c", I, "aᵇᶜ", 0 },	/* double superscript: no nesting */
	{ "x^{y^z}", I, "x^(yᶻ)", 0 },	/* not x^yᶻ, read as (x^y)^z */
	{ "x_{i_j}", I, "x_(iⱼ)", 0 },

	/* ---- Greek ---- */
	{ "\\alpha\\beta\\gamma\\delta", I, "αβγδ", 0 },
	{ "\\epsilon\\varepsilon", I, "εε", 0 },
	{ "\\theta\\vartheta", I, "θϑ", 0 },
	{ "\\phi\\varphi", I, "ϕφ", 0 },
	{ "\\lambda \\mu \\nu \\xi \\pi \\rho \\sigma \\tau", I, "λμνξπρστ", 0 },
	{ "\\Gamma\\Delta\\Theta\\Lambda\\Xi\\Pi\\Sigma\\Phi\\Psi\\Omega", I,
	    "ΓΔΘΛΞΠΣΦΨΩ", 0 },
	{ "\\omega\\chi\\psi\\zeta\\eta\\iota\\kappa\\upsilon", I, "ωχψζηικυ", 0 },

	/* ---- operators and relations ---- */
	{ "a \\cdot b", I, "a · b", 0 },
	{ "a\\cdot b", I, "a · b", 0 },
	{ "a \\times b", I, "a × b", 0 },
	{ "a \\div b", I, "a ÷ b", 0 },
	{ "a \\pm b", I, "a ± b", 0 },
	{ "\\pm 1", I, "±1", 0 },
	{ "a \\mp b", I, "a ∓ b", 0 },
	{ "a+b-c", I, "a + b - c", 0 },
	{ "-x", I, "-x", 0 },
	{ "a = -b", I, "a = -b", 0 },
	{ "(-1)^n", I, "(-1)ⁿ", 0 },
	{ "a \\leq b", I, "a ≤ b", 0 },
	{ "a \\geq b", I, "a ≥ b", 0 },
	{ "a \\neq b", I, "a ≠ b", 0 },
	{ "a \\approx b", I, "a ≈ b", 0 },
	{ "a \\equiv b", I, "a ≡ b", 0 },
	{ "a \\sim b", I, "a ∼ b", 0 },
	{ "a \\simeq b", I, "a ≃ b", 0 },
	{ "a \\propto b", I, "a ∝ b", 0 },
	{ "x \\in A", I, "x ∈ A", 0 },
	{ "x \\notin A", I, "x ∉ A", 0 },
	{ "x \\not\\in A", I, "x ∉ A", 0 },
	{ "a \\not= b", I, "a ≠ b", 0 },
	{ "A \\subset B", I, "A ⊂ B", 0 },
	{ "A \\subseteq B", I, "A ⊆ B", 0 },
	{ "A \\cup B \\cap C", I, "A ∪ B ∩ C", 0 },
	{ "\\sum x", I, "∑ x", 0 },
	{ "\\prod x", I, "∏ x", 0 },
	{ "\\int f", I, "∫ f", 0 },
	{ "\\oint f", I, "∮ f", 0 },
	{ "\\partial f", I, "∂f", 0 },
	{ "\\nabla f", I, "∇f", 0 },
	{ "\\infty", I, "∞", 0 },
	{ "\\forall x \\exists y", I, "∀x∃y", 0 },
	{ "\\neg p \\land q \\lor r", I, "¬p ∧ q ∨ r", 0 },
	{ "f: X \\to Y", I, "f : X → Y", 0 },
	{ "x \\rightarrow y", I, "x → y", 0 },
	{ "x \\leftarrow y", I, "x ← y", 0 },
	{ "A \\Rightarrow B", I, "A ⇒ B", 0 },
	{ "A \\Leftrightarrow B", I, "A ⇔ B", 0 },
	{ "x \\mapsto x^2", I, "x ↦ x²", 0 },
	{ "x := y", I, "x := y", 0 },
	{ "1, \\ldots, n", I, "1, …, n", 0 },
	{ "a_1 + \\cdots + a_n", I, "a₁ + ⋯ + aₙ", 0 },
	{ "\\langle x, y \\rangle", I, "⟨x, y⟩", 0 },
	{ "\\lVert x \\rVert", I, "‖x‖", 0 },
	{ "\\|x\\|_2", I, "‖x‖₂", 0 },
	{ "\\mathrm{KL}(p \\| q)", I, "KL(p‖q)", 0 },
	{ "A^\\top", I, "Aᵀ", 0 },
	{ "x \\perp y", I, "x ⊥ y", 0 },
	{ "a \\lesssim b \\gtrsim c", I, "a ≲ b ≳ c", 0 },
	{ "a \\nearrow b \\searrow c", I, "a ↗ b ↘ c", 0 },
	{ "A \\rightleftharpoons B", I, "A ⇌ B", 0 },
	{ "\\because x \\therefore y", I, "∵ x ∴ y", 0 },
	{ "\\sum_{\\substack{i<j \\\\ k}} x", I, "∑_(i<j, k) x", 0 },
	{ "f \\circ g", I, "f ∘ g", 0 },
	{ "a \\odot b", I, "a ⊙ b", 0 },
	{ "a \\otimes b \\oplus c", I, "a ⊗ b ⊕ c", 0 },
	{ "a \\star b", I, "a ⋆ b", 0 },
	{ "\\ell \\hbar \\emptyset", I, "ℓℏ∅", 0 },
	{ "\\{x \\mid x > 0\\}", I, "{x | x > 0}", 0 },
	{ "|x| \\vert y \\vert", I, "|x||y|", 0 },
	{ "\\lvert x \\rvert", I, "|x|", 0 },

	/* ---- operator names ---- */
	{ "\\log x", I, "log x", 0 },
	{ "\\exp(x)", I, "exp(x)", 0 },
	{ "\\max(a, b)", I, "max(a, b)", 0 },
	{ "\\min_i x_i", I, "minᵢ xᵢ", 0 },
	{ "\\arg\\max_\\theta L(\\theta)", I, "arg max_θ L(θ)", 0 },
	{ "\\sin\\theta", I, "sin θ", 0 },
	{ "\\cos^2 x", I, "cos² x", 0 },
	{ "\\tanh(x)", I, "tanh(x)", 0 },
	{ "\\det A", I, "det A", 0 },
	{ "\\Pr(A)", I, "Pr(A)", 0 },
	{ "2\\sin x", I, "2 sin x", 0 },
	{ "\\lim_{n\\to\\infty} a_n", I, "lim_(n→∞) aₙ", 0 },
	{ "\\operatorname{softmax}(z)", I, "softmax(z)", 0 },
	{ "\\operatorname{Var}[X]", I, "Var[X]", 0 },

	/* ---- fonts ---- */
	{ "\\mathbb{R}", I, "ℝ", 0 },
	{ "\\mathbb{N} \\mathbb{Z} \\mathbb{Q} \\mathbb{C}", I, "ℕℤℚℂ", 0 },
	{ "\\mathbb{E}[X]", I, "𝔼[X]", 0 },
	{ "\\mathbb{1}", I, "𝟙", 0 },
	{ "\\mathbb{R}^n", I, "ℝⁿ", 0 },
	{ "\\mathbb{R}^{n \\times m}", I, "ℝ^(n×m)", 0 },
	{ "\\mathcal{L}", I, "ℒ", 0 },
	{ "\\mathcal{N}(\\mu, \\sigma^2)", I, "𝒩(μ, σ²)", 0 },
	{ "\\mathcal{O}(n^2)", I, "𝒪(n²)", 0 },
	{ "\\mathcal{D}", I, "𝒟", 0 },
	{ "\\mathbf{x}", I, "𝐱", 0 },
	{ "\\mathbf{W}x + b", I, "𝐖x + b", 0 },
	{ "\\boldsymbol{\\theta}", I, "𝛉", 0 },
	{ "\\mathbf{0}", I, "𝟎", 0 },
	{ "\\mathrm{d}x", I, "dx", 0 },
	{ "\\mathit{x}", I, "x", 0 },
	{ "\\text{if } x < 0", I, "if x < 0", 0 },
	{ "\\textbf{loss}", I, "loss", 0 },
	{ "{\\bf x} + y", I, "𝐱 + y", 0 },

	/* ---- accents ---- */
	{ "\\hat{x}", I, "x\xcc\x82", 0 },
	{ "\\bar{x}", I, "x\xcc\x84", 0 },
	{ "\\tilde{x}", I, "x\xcc\x83", 0 },
	{ "\\vec{v}", I, "v\xe2\x83\x97", 0 },
	{ "\\dot{x} + \\ddot{x}", I, "ẋ + ẍ", 0 },	/* precomposed (NFC) */
	{ "\\hat{\\theta}", I, "θ\xcc\x82", 0 },
	{ "\\hat{y}_i", I, "ŷᵢ", 0 },
	{ "\\hat{\\theta} \\vec{v}", I, "θ\xcc\x82v\xe2\x83\x97", 0 },	/* none exists */
	{ "\\overline{xy}", I, "x\xcc\x85y\xcc\x85", 0 },

	/* ---- delimiters and spacing ---- */
	{ "\\left( x \\right)", I, "(x)", 0 },
	{ "\\left[ x \\right]", I, "[x]", 0 },
	{ "\\left\\{ x \\right\\}", I, "{x}", 0 },
	{ "\\left| x \\right|", I, "|x|", 0 },
	{ "\\left. x \\right|_0", I, "x|₀", 0 },
	{ "\\big( x \\big)", I, "(x)", 0 },
	{ "\\Big[ x \\Big]", I, "[x]", 0 },
	{ "\\bigl( x \\bigr)", I, "(x)", 0 },
	{ "a \\, b", I, "a b", 0 },
	{ "a \\; b", I, "a b", 0 },
	{ "a \\quad b", I, "a  b", 0 },
	{ "a \\qquad b", I, "a    b", 0 },
	{ "a \\! b", I, "ab", 0 },
	{ "a ~ b", I, "a b", 0 },
	{ "a\\ b", I, "a b", 0 },
	{ "\\int_0^1 f(x)\\,dx", I, "∫₀¹ f(x) dx", 0 },
	{ "\\sum_{i=1}^n x_i", I, "∑ᵢ₌₁ⁿ xᵢ", 0 },

	/* ---- fractions, roots, binomials, inline ---- */
	{ "\\frac{a}{b}", I, "a/b", 0 },
	{ "\\frac{a+b}{c+d}", I, "(a + b)/(c + d)", 0 },
	{ "\\dfrac{1}{2}", I, "1/2", 0 },
	{ "\\tfrac{1}{2}", I, "1/2", 0 },
	{ "\\frac12", I, "1/2", 0 },
	{ "\\frac{1}{2\\pi}", I, "1/(2π)", 0 },
	{ "\\frac{x}{2}", I, "x/2", 0 },
	{ "\\frac{-1}{2}", I, "-1/2", 0 },
	{ "\\frac{(a+b)}{2}", I, "(a + b)/2", 0 },
	{ "\\frac{\\partial L}{\\partial w}", I, "∂L/∂w", 0 },
	{ "\\frac{dy}{dx}", I, "dy/dx", 0 },
	{ "\\frac{\\frac{a}{b}}{c}", I, "(a/b)/c", 0 },
	{ "\\frac{a}{\\frac{b}{c}}", I, "a/(b/c)", 0 },
	{ "\\frac{e^x}{1+e^x}", I, "eˣ/(1 + eˣ)", 0 },
	{ "\\frac{1}{n}\\sum_{i=1}^n x_i", I, "1/n ∑ᵢ₌₁ⁿ xᵢ", 0 },
	{ "\\frac{QK^\\top}{\\sqrt{d_k}}", I, "QKᵀ/√dₖ", 0 },
	{ "\\sqrt{2}", I, "√2", 0 },
	{ "\\sqrt{x^2+y^2}", I, "√(x² + y²)", 0 },
	{ "\\sqrt[3]{x}", I, "∛x", 0 },
	{ "\\sqrt[4]{x}", I, "∜x", 0 },
	{ "\\sqrt[n]{x}", I, "ⁿ√x", 0 },
	{ "\\sqrt{\\frac{a}{b}}", I, "√(a/b)", 0 },
	{ "\\sqrt{d_k}", I, "√dₖ", 0 },
	{ "\\sqrt{\\hat{v}_t} + \\epsilon", I, "√v̂ₜ + ε", 0 },
	{ "-\\frac{(x-\\mu)^2}{2\\sigma^2}", I, "-(x - μ)²/(2σ²)", 0 },
	{ "\\frac{P(x)}{Q(x)}", I, "P(x)/Q(x)", 0 },
	{ "\\frac{1}{f(x)}", I, "1/f(x)", 0 },
	{ "D_{\\mathrm{KL}}(P \\| Q)", I, "D_KL(P‖Q)", 0 },
	{ "\\lim_{n \\to \\infty} \\left(1 + \\frac{1}{n}\\right)^n", I,
	    "lim_(n→∞) (1 + 1/n)ⁿ", 0 },
	{ "a \\overset{\\text{def}}{=} b", I, "a =ᵈᵉᶠ b", 0 },
	{ "\\binom{n}{k}", I, "(n choose k)", 0 },
	{ "\\sigma(z)_i = \\frac{e^{z_i}}{\\sum_{j=1}^{K} e^{z_j}}", I,
	    "σ(z)ᵢ = e^zᵢ/(∑ⱼ₌₁ᴷ e^zⱼ)", 0 },
	{ "\\operatorname{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V",
	    I, "softmax(QKᵀ/√dₖ)V", 0 },

	/* ---- environments, inline ---- */
	{ "\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}", I, "(a, b; c, d)", 0 },
	{ "\\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}", I, "[a, b; c, d]", 0 },
	{ "\\begin{vmatrix} a & b \\\\ c & d \\end{vmatrix}", I, "|a, b; c, d|", 0 },
	{ "\\begin{matrix} a & b \\\\ c & d \\end{matrix}", I, "a, b; c, d", 0 },
	{ "|x| = \\begin{cases} x & x \\geq 0 \\\\ -x & x < 0 \\end{cases}", I,
	    "|x| = { x x ≥ 0; -x x < 0 }", 0 },
	{ "\\begin{aligned} a &= b \\\\ &= c \\end{aligned}", I, "a = b; = c", 0 },
	{ "a \\\\ b", I, "a; b", 0 },

	/* ---- unknown commands and broken input ---- */
	{ "\\foo", I, "\\foo", 1 },		/* shown as written */
	{ "\\foo{x}", I, "\\foo x", 1 },
	{ "{a", I, "a", 1 },
	{ "a}", I, "a}", 1 },
	{ "x^", I, "x", 1 },
	{ "\\frac{a", I, "a/", 2 },
	{ "\\left( x", I, "(x", 1 },
	{ "x \\right)", I, "x)", 1 },
	{ "\\end{foo}", I, "", 1 },
	{ "\\begin{foo} a \\end{foo}", I, "a", 1 },
	{ "\\", I, "\\", 1 },
	{ "", I, "", 0 },
	{ "   ", I, "", 0 },
	{ "a\x01" "b", I, "ab", 0 },		/* controls dropped */
	{ "a\xff" "b", I, "a\xef\xbf\xbd" "b", 0 },	/* bad UTF-8 shown as U+FFFD */
	{ "\xcc\x81" "x", I, " \xcc\x81x", 0 },	/* a mark without base gets one */

	/* ---- display ---- */
	{ "\\frac{1}{2}", D,
	    " 1 \n"
	    "───\n"
	    " 2 ", 0 },
	{ "\\frac{a+b}{c}", D,
	    " a + b \n"
	    "───────\n"
	    "   c   ", 0 },
	{ "x = \\frac{1}{2}", D,
	    "     1 \n"
	    "x = ───\n"
	    "     2 ", 0 },
	{ "\\frac{\\frac{a}{b}}{c}", D,
	    "  a  \n"
	    " ─── \n"
	    "  b  \n"
	    "─────\n"
	    "  c  ", 0 },
	{ "\\frac{a}{\\frac{b}{c}}", D,
	    "  a  \n"
	    "─────\n"
	    "  b  \n"
	    " ─── \n"
	    "  c  ", 0 },
	{ "\\sigma(z)_i = \\frac{e^{z_i}}{\\sum_{j=1}^{K} e^{z_j}}", D,
	    "            zᵢ   \n"
	    "           e     \n"
	    "σ(z)ᵢ = ─────────\n"
	    "          K   zⱼ \n"
	    "          ∑  e   \n"
	    "         j=1     ", 0 },
	{ "\\operatorname{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V", D,
	    "       ⎛ QKᵀ ⎞ \n"
	    "softmax⎜─────⎟V\n"
	    "       ⎝ √dₖ ⎠ ", 0 },
	{ "\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}", D,
	    "⎛a  b⎞\n"
	    "⎝c  d⎠", 0 },
	{ "\\begin{bmatrix} 1 & 0 & 0 \\\\ 0 & 1 & 0 \\\\ 0 & 0 & 1 \\end{bmatrix}", D,
	    "⎡1  0  0⎤\n"
	    "⎢0  1  0⎥\n"
	    "⎣0  0  1⎦", 0 },
	{ "\\begin{vmatrix} a & b \\\\ c & d \\end{vmatrix}", D,
	    "│a  b│\n"
	    "│c  d│", 0 },
	{ "\\begin{matrix} a & b \\\\ c & d \\end{matrix}", D,
	    "a  b\n"
	    "c  d", 0 },
	{ "\\begin{Bmatrix} a & b \\\\ c & d \\end{Bmatrix}", D,
	    "⎰a  b⎱\n"
	    "⎱c  d⎰", 0 },
	{ "\\begin{pmatrix} 1 & 100 \\\\ 10 & 1 \\end{pmatrix}", D,
	    "⎛1   100⎞\n"
	    "⎝10   1 ⎠", 0 },
	{ "\\begin{pmatrix} a & b \\end{pmatrix}", D, "(a  b)", 0 },
	{ "\\begin{pmatrix} \\frac{1}{2} & 0 \\\\ 0 & 1 \\end{pmatrix}", D,
	    "⎛ 1    ⎞\n"
	    "⎜───  0⎟\n"
	    "⎜ 2    ⎟\n"
	    "⎝ 0   1⎠", 0 },
	{ "f(x) = \\begin{cases} 0 & \\text{if } x < 0 \\\\ x & \\text{otherwise} "
	    "\\end{cases}", D,
	    "f(x) = ⎰0  if x < 0 \n"
	    "       ⎱x  otherwise", 0 },
	{ "|x| = \\begin{cases} -x & x < 0 \\\\ 0 & x = 0 \\\\ x & x > 0 "
	    "\\end{cases}", D,
	    "      ⎧-x  x < 0\n"
	    "|x| = ⎨0   x = 0\n"
	    "      ⎩x   x > 0", 0 },
	{ "\\begin{cases} a & 1 \\\\ b & 2 \\\\ c & 3 \\\\ d & 4 \\end{cases}", D,
	    "⎧a  1\n"
	    "⎨b  2\n"
	    "⎪c  3\n"
	    "⎩d  4", 0 },
	{ "\\begin{aligned} a &= b + c \\\\ d &= e \\end{aligned}", D,
	    "a = b + c\n"
	    "d = e    ", 0 },
	{ "\\begin{aligned} f(x) &= (x+1)^2 \\\\ &= x^2 + 2x + 1 \\end{aligned}", D,
	    "f(x) = (x + 1)²   \n"
	    "     = x² + 2x + 1", 0 },
	{ "\\begin{align*} a &= 1 & b &= 2 \\\\ c &= 3 & d &= 4 \\end{align*}", D,
	    "a = 1  b = 2\n"
	    "c = 3  d = 4", 0 },
	{ "\\begin{split} a &= b \\\\ &\\leq c \\end{split}", D,
	    "a = b\n"
	    "  ≤ c", 0 },
	{ "a \\\\ bb", D,
	    "a \n"
	    "bb", 0 },
	{ "x &= 1 \\\\ y &= 2", D,
	    "x = 1\n"
	    "y = 2", 0 },
	{ "\\sum_{i=1}^{n} x_i", D,
	    " n    \n"
	    " ∑  xᵢ\n"
	    "i=1   ", 0 },
	{ "\\prod_{k=1}^{N} p_k", D,
	    " N    \n"
	    " ∏  pₖ\n"
	    "k=1   ", 0 },
	{ "\\sum_{\\substack{i<j \\\\ k \\ne 0}} x_{ij}", D,
	    " ∑  xᵢⱼ\n"
	    "i<j    \n"
	    "k≠0    ", 0 },
	{ "\\lim_{x \\to 0} f(x)", D,
	    "lim f(x)\n"
	    "x→0     ", 0 },
	{ "\\max_{\\theta} L", D,
	    "max L\n"
	    " θ   ", 0 },
	{ "\\int_0^1 f(x)\\,dx", D, "∫₀¹ f(x) dx", 0 },
	{ "\\int_{-\\infty}^{\\infty} f(x)\\,dx", D,
	    " ∞         \n"
	    "∫   f(x) dx\n"
	    " -∞        ", 0 },
	{ "\\sqrt{2}", D, "√2", 0 },
	{ "\\sqrt{x+y}", D,
	    " _____\n"
	    "√x + y", 0 },
	{ "\\sqrt{\\frac{a}{b}}", D,
	    "    ___\n"
	    "   ╱ a \n"
	    "  ╱ ───\n"
	    "╲╱   b ", 0 },
	/* past three rows the ╱ stops climbing and a │ goes on up, so
	 * nested roots grow in width with their depth, not its square */
	{ "\\sqrt{\\frac{\\frac{a}{b}}{c}}", D,
	    "    _____\n"
	    "   │  a  \n"
	    "   │ ─── \n"
	    "   ╱  b  \n"
	    "  ╱ ─────\n"
	    "╲╱    c  ", 0 },
	{ "x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}", D,
	    "           ________ \n"
	    "     -b ± √b² - 4ac \n"
	    "x = ────────────────\n"
	    "           2a       ", 0 },
	{ "\\left(\\frac{a}{b}\\right)^2", D,
	    "⎛ a ⎞²\n"
	    "⎜───⎟ \n"
	    "⎝ b ⎠ ", 0 },
	{ "\\left\\{ \\frac{a}{b} \\right\\}", D,
	    "⎧ a ⎫\n"
	    "⎨───⎬\n"
	    "⎩ b ⎭", 0 },
	{ "\\left| \\frac{a}{b} \\right|", D,
	    "│ a │\n"
	    "│───│\n"
	    "│ b │", 0 },
	{ "\\left\\langle \\frac{a}{b} \\right\\rangle", D,
	    "╱ a ╲\n"
	    "⟨───⟩\n"
	    "╲ b ╱", 0 },
	{ "\\left[ \\frac{a}{b} \\right]", D,
	    "⎡ a ⎤\n"
	    "⎢───⎥\n"
	    "⎣ b ⎦", 0 },
	{ "\\left( x \\right)", D, "(x)", 0 },
	{ "\\binom{n}{k}", D,
	    "⎛n⎞\n"
	    "⎝k⎠", 0 },
	{ "\\frac{1}{1 + e^{-x}}", D,
	    "    1    \n"
	    "─────────\n"
	    " 1 + e⁻ˣ ", 0 },
	{ "e^{x^2}", D,
	    " x²\n"
	    "e  ", 0 },
	{ "x^{2k+q}", D,
	    " 2k+q\n"
	    "x    ", 0 },
	{ "x_{\\alpha}", D,
	    "x \n"
	    " α", 0 },
	{ "a + b = c", D, "a + b = c", 0 },
	{ "\\underbrace{a+b}_{n}", D,
	    "a + b\n"
	    "╰─┬─╯\n"
	    "  n  ", 0 },
	{ "\\tfrac{1}{2} x", D, "1/2 x", 0 },
	{ "\\lim_{n \\to \\infty} \\left(1 + \\frac{1}{n}\\right)^n = e", D,
	    "    ⎛     1 ⎞ⁿ    \n"
	    "lim ⎜1 + ───⎟  = e\n"
	    "n→∞ ⎝     n ⎠     ", 0 },
	{ "-\\frac{a}{b}", D,
	    "  a \n"
	    "-───\n"
	    "  b ", 0 },
	{ "D_{\\mathrm{KL}}", D,
	    "D  \n"
	    " KL", 0 },
	/* a subscript with no Unicode form goes below only where it ends the
	 * formula; elsewhere it would leave a hole or touch a rule */
	{ "\\mu_B = \\frac{1}{m}", D,
	    "       1 \n"
	    "μ_B = ───\n"
	    "       m ", 0 },
	{ "\\frac{x_i - \\mu_B}{\\sigma_B}", D,
	    " xᵢ - μ_B \n"
	    "──────────\n"
	    "   σ_B    ", 0 },
	{ "\\frac{\\hat{p}_B - \\hat{p}_A}{\\sqrt{\\frac{1}{n_A} + "
	    "\\frac{1}{n_B}}}", D,
	    "     p̂_B - p̂_A     \n"
	    "───────────────────\n"
	    "     _____________ \n"
	    "    ╱  1       1   \n"
	    "   ╱ ───── + ───── \n"
	    " ╲╱   n_A     n_B  ", 0 },
	{ "y = \\sigma_B^2", D,
	    "y = σ²\n"
	    "     B", 0 },
	{ "P\\left(T \\geq t_{\\text{obs}} \\mid H_0\\right)", D,
	    "P(T ≥ t_obs | H₀)", 0 },
	{ "g = \\operatorname{softmax}(xW_g) + \\sum_{i=1}^n x_i", D,
	    "                     n    \n"
	    "g = softmax(xW_g) +  ∑  xᵢ\n"
	    "                    i=1   ", 0 },
	{ "-\\log \\hat{p}_y = -z_y + 1", D, "-log p̂_y = -z_y + 1", 0 },
	{ "W_g", D,
	    "W \n"
	    " g", 0 },
	{ "y = \\lambda y_A + (1 - \\lambda) y_B", D,	/* all alike */
	    "y = λy_A + (1 - λ)y_B", 0 },
	{ "\\lambda \\mathcal{L}_{\\text{physics}}", D, "λℒ_physics", 0 },
	{ "\\int_0^\\infty f(x)\\,dx", D,	/* both limits alike */
	    " ∞        \n"
	    "∫  f(x) dx\n"
	    " 0        ", 0 },
	{ "\\hat{x} = \\frac{x}{2}", D,
	    "     x \n"
	    "x\xcc\x82 = ───\n"
	    "     2 ", 0 },

	/* ---- display wider than the room: broken at relations, operators ---- */
	{ "x = a + b + c + d + e + f + g", D,
	    "x = a + b  \n"
	    "    + c + d\n"
	    "    + e + f\n"
	    "    + g    ", 0, 12 },
	{ "\\operatorname{Attention}(Q, K, V) = \\operatorname{softmax}"
	    "\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right) V", D,
	    "Attention(Q, K, V) \n"
	    "           ⎛ QKᵀ ⎞ \n"
	    "  = softmax⎜─────⎟V\n"
	    "           ⎝ √dₖ ⎠ ", 0, 30 },
	{ "\\operatorname{Attention}(Q, K, V) = \\operatorname{softmax}"
	    "\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right) V", A | D,
	    "Attention(Q, K, V)       \n"
	    "           /   QK^T    \\ \n"
	    "  = softmax|-----------|V\n"
	    "           \\ sqrt(d_k) / ", 0, 40 },
	{ "f(x) = \\frac{1}{2} + \\frac{1}{3} + \\frac{1}{4}", D,
	    "        1     1 \n"
	    "f(x) = ─── + ───\n"
	    "        2     3 \n"
	    "                \n"
	    "          1     \n"
	    "       + ───    \n"
	    "          4     ", 0, 16 },
	{ "a_1, a_2, a_3, a_4, a_5, a_6", D,
	    "a₁, a₂, a₃,\n"
	    "a₄, a₅, a₆ ", 0, 12 },
	{ "f(a + b + c + d + e)", D,	/* never inside brackets: whole */
	    "f(a + b + c + d + e)", 0, 12 },
	{ "x = aaaaaaaaaaaaaaaaaaa", D, "x = aaaaaaaaaaaaaaaaaaa", 0, 12 },
	{ "P(K = k) = \\binom{n}{k} p^k (1-p)^{n-k},\\quad k = 0, 1, \\ldots, n",
	    D,	/* between formulas, not inside the list */
	    "P(K = k) = ⎛n⎞ pᵏ(1 - p)ⁿ⁻ᵏ,\n"
	    "           ⎝k⎠              \n"
	    "k = 0, 1, …, n              ", 0, 38 },
	{ "V = \\sum_a \\pi(a) \\sum_b P(b \\mid a) R(a, b)", D,
	    "V = ∑ π(a)         \n"	/* before ∑ rather than inside ( ) */
	    "    a              \n"
	    "  ∑ P(b | a)R(a, b)\n"
	    "  b                ", 0, 20 },
	{ "\\eta_t = \\eta_0 + \\frac{1}{2}(a - b)(1 + \\cos(\\pi t))", D,
	    "ηₜ = η₀                     \n"	/* not ηₜ alone */
	    "     1                      \n"
	    "  + ─── (a - b)(1 + cos(πt))\n"
	    "     2                      ", 0, 30 },
	{ "y = (a + b)^2 + (c + d)^2, z = 1", D,	/* (…)² closes */
	    "y = (a + b)² + (c + d)²,\n"
	    "z = 1                   ", 0, 26 },

	/* ---- ASCII ---- */
	{ "\\alpha + \\beta", A, "alpha + beta", 0 },
	{ "\\sum_{i=1}^n x_i", A, "sum_(i=1)^n x_i", 0 },
	{ "\\frac{a+b}{2}", A, "(a + b)/2", 0 },
	{ "\\sqrt{x}", A, "sqrt(x)", 0 },
	{ "\\sqrt[3]{x}", A, "sqrt[3](x)", 0 },
	{ "x^2 y_i z^{2k}", A, "x^2 y_i z^(2k)", 0 },
	{ "\\mathbb{R}^n", A, "R^n", 0 },
	{ "\\hat{x}", A, "hat(x)", 0 },
	{ "\\alpha x", A, "alpha x", 0 },
	{ "2\\pi r", A, "2 pi r", 0 },
	{ "x \\leq y \\to z", A, "x <= y -> z", 0 },
	{ "\\int_0^1 f", A, "int_0^1 f", 0 },
	{ "f'(x)", A, "f'(x)", 0 },
	{ "\\langle a, b \\rangle", A, "<a, b>", 0 },
	{ "\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}", A, "(a, b; c, d)", 0 },
	{ "α ≤ β", A, "alpha <= beta", 0 },
	{ "x \\in \\mathbb{R}", A, "x in R", 0 },
	{ "a \\lesssim b \\therefore c", A, "a <~ b therefore c", 0 },
	{ "a \\cdot b", A, "a * b", 0 },
	{ "a \\times b", A, "a x b", 0 },
	{ "\\infty", A, "inf", 0 },
	{ "\\nabla_\\theta L", A, "nabla_theta L", 0 },
	{ "QK^\\top", A, "QK^T", 0 },
	{ "\\lVert x \\rVert_2", A, "||x||_2", 0 },
	{ "\\mathcal{L}(\\theta)", A, "L(theta)", 0 },
	{ "\xc3\xa9", A, "?", 0 },
	{ "\\binom{n}{k}", A, "(n choose k)", 0 },
	{ "e^{z_i}", A, "e^(z_i)", 0 },
	{ "\\sigma(z)_i = \\frac{e^{z_i}}{\\sum_{j=1}^{K} e^{z_j}}", A,
	    "sigma(z)_i = e^(z_i)/(sum_(j=1)^K e^(z_j))", 0 },
	{ "\\frac{a}{b}", A | D,
	    " a \n"
	    "---\n"
	    " b ", 0 },
	{ "\\sum_{i=1}^{n} x_i", A | D,
	    " n     \n"
	    "sum x_i\n"
	    "i=1    ", 0 },
	{ "\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}", A | D,
	    "/a  b\\\n"
	    "\\c  d/", 0 },
	{ "\\begin{bmatrix} a \\\\ b \\\\ c \\end{bmatrix}", A | D,
	    "[a]\n"
	    "[b]\n"
	    "[c]", 0 },
	{ "\\sqrt{\\frac{a}{b}}", A | D,
	    "    / a \\\n"
	    "sqrt|---|\n"
	    "    \\ b /", 0 },
	{ "f(x) = \\begin{cases} 0 & x < 0 \\\\ x & x \\ge 0 \\end{cases}", A | D,
	    "f(x) = /0  x < 0 \n"
	    "       \\x  x >= 0", 0 },
	{ "\\sigma(z)_i = \\frac{e^{z_i}}{\\sum_{j=1}^{K} e^{z_j}}", A | D,
	    "                e^(z_i)   \n"
	    "sigma(z)_i = -------------\n"
	    "               K          \n"
	    "              sum e^(z_j) \n"
	    "              j=1         ", 0 },

	/* ---- healing ---- */
	{ "a cdot b", H, "a · b", 0 },
	{ "frac{a}{b}", H, "a/b", 0 },
	{ "x in mathbb{R}", H, "x ∈ ℝ", 0 },
	{ "lambda x", H, "λx", 0 },
	{ "\theta", H, "θ", 0 },		/* TAB + "heta" */
	{ "x + heta", H, "x + θ", 0 },		/* the TAB became a space */
	{ " ext{loss}", H, "loss", 0 },
	{ "\t" "ext{if } x", H, "if x", 0 },
	{ "\\left(a \right)", H, "(a)", 0 },	/* CR + "ight" */
	{ "\\left(a ight)", H, "(a)", 0 },
	{ "\nabla f", H, "∇f", 0 },		/* LF + "abla" */
	{ "abla f", H, "∇f", 0 },
	{ "\alpha", H, "α", 0 },		/* BEL + "lpha" */
	{ "lpha", H, "α", 0 },
	{ "eta", H, "β", 0 },			/* \b ate the b */
	{ "\\eta", H, "η", 0 },
	{ "a \times b", H, "a × b", 0 },	/* TAB + "imes" */
	{ "a imes b", H, "a × b", 0 },
	{ "\frac{a}{b}", H, "a/b", 0 },		/* FF + "rac" */
	{ "\\hat{\beta}", H, "β\xcc\x82", 0 },	/* BS + "eta" */
	{ "\vec{x}", H, "x\xe2\x83\x97", 0 },	/* VT + "ec" */
	{ "x\neq y", H, "x ≠ y", 0 },		/* LF + "eq" */
	{ "x\nu", H, "xu", 0 },			/* LF + one letter: a line break */
	{ "in the", H, "inthe", 0 },		/* "in" only before a set */
	{ "x in S", H, "x ∈ S", 0 },
	{ "sum_{i} x_i", H, "∑ᵢ xᵢ", 0 },
	{ "sqrt{x}", H, "√x", 0 },
	{ "log x", H, "log x", 0 },
	{ "text{in the set}", H, "in the set", 0 },
	{ "\\text{cdot}", H, "cdot", 0 },	/* words in text stay words */
	{ "sigma(x)", H, "σ(x)", 0 },
	{ "int_0^1 f", H, "∫₀¹ f", 0 },
	{ "int x", H, "intx", 0 },		/* int only with limits */
	{ "x to 0", H, "xto0", 0 },		/* "to" is English */
	{ "mathbb{E}[X]", H, "𝔼[X]", 0 },
	{ "frac{1}{2} cdot x", H, "1/2 · x", 0 },
	{ "cdot", I, "cdot", 0 },		/* no healing unless asked */
	{ "begin{pmatrix} a & b end{pmatrix}", H, "(a, b)", 0 },
	{ "operatorname{argmax}", H, "argmax", 0 },
	{ "Delta x", H, "Δx", 0 },
	{ "x leq y", H, "x ≤ y", 0 },
	{ "alphabet", H, "alphabet", 0 },	/* whole words only */
	{ "2pi r", H, "2πr", 0 },
	/* a command glued to the letter before it */
	{ "O(Nsqrt{N})", H, "O(N√N)", 0 },
	{ "x = Uhat{x}", H, "x = Ux\xcc\x82", 0 },
	{ "a cdotsqrt{2}", H, "a · √2", 0 },
	{ "2pifrac{1}{2}", H, "2π 1/2", 0 },
	{ "text{Nsqrt{N}}", H, "Nsqrt N", 0 },	/* words in text stay words */
	{ "Nsqrt{N}", I, "NsqrtN", 0 },		/* no healing unless asked */
	{ "Nsqrt N", H, "NsqrtN", 0 },		/* only before its argument */
	{ "a lesssim b", H, "a ≲ b", 0 },
	/* a set whose braces lost their backslashes */
	{ "z in {0, 1}", H, "z ∈ {0, 1}", 0 },
	{ "x in {0,1}^n", H, "x ∈ {0, 1}ⁿ", 0 },
	{ "S = {a, b, c}", H, "S = {a, b, c}", 0 },
	{ "x \\in {a \\mid a > 0}", H, "x ∈ {a | a > 0}", 0 },
	{ "a in {b}", H, "a ∈ b", 0 },		/* a group, not a list */
	{ "f = {a}^2", H, "f = a²", 0 },
	{ "S = {a, b}", I, "S = a, b", 0 },
	{ "frac{a}{b}", D | H,
	    " a \n"
	    "───\n"
	    " b ", 0 },
};
#pragma GCC diagnostic pop

/* Every row valid UTF-8, exactly `width` columns, ASCII when asked. */
static bool
well_formed(const struct tm_out *o, unsigned flags, char *why, size_t whylen)
{
	if (o->nrows < 1 || o->baseline < 0 || o->baseline >= o->nrows) {
		snprintf(why, whylen, "nrows %d baseline %d", o->nrows, o->baseline);
		return false;
	}
	if (!(flags & TM_DISPLAY) && o->nrows != 1) {
		snprintf(why, whylen, "inline result has %d rows", o->nrows);
		return false;
	}
	for (int r = 0; r < o->nrows; r++) {
		size_t n = strlen(o->rows[r]);

		if (!text_utf8_valid(o->rows[r], n, NULL)) {
			snprintf(why, whylen, "row %d is not UTF-8", r);
			return false;
		}
		if (text_width(o->rows[r], n) != (size_t)o->width) {
			snprintf(why, whylen, "row %d is %zu columns, not %d", r,
			    text_width(o->rows[r], n), o->width);
			return false;
		}
		for (size_t i = 0; (flags & TM_ASCII) && i < n; i++)
			if ((unsigned char)o->rows[r][i] >= 0x80) {
				snprintf(why, whylen, "row %d is not ASCII", r);
				return false;
			}
	}
	return true;
}

static char *
joined(const struct tm_out *o)
{
	struct buf b = { 0 };

	for (int r = 0; r < o->nrows; r++) {
		if (r > 0)
			buf_addc(&b, '\n');
		buf_adds(&b, o->rows[r]);
	}
	return buf_take(&b);
}

/* The input, printable on one TAP line. */
static const char *
shown(const char *s)
{
	static char out[160];
	size_t n = 0;

	for (; *s != '\0' && n + 5 < sizeof out; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f)
			n += (size_t)snprintf(out + n, sizeof out - n, "^%c",
			    c == 0x7f ? '?' : c + '@');
		else if (c == '#')
			out[n++] = '=';	/* "#" would start a TAP directive */
		else
			out[n++] = (char)c;
	}
	out[n] = '\0';
	return out;
}

static const char *
flagname(unsigned f)
{
	static const char *const names[] = {
		"inline", "ascii", "display", "ascii display", "heal",
		"ascii heal", "display heal", "ascii display heal",
	};

	return names[f & 7];
}

static void
test_golden(void)
{
	char why[128];

	for (size_t i = 0; i < nitems(cases); i++) {
		const struct golden *g = &cases[i];
		struct tm_out o;
		char *got;
		int rc;

		rc = texmath_render(g->in, strlen(g->in), g->flags,
		    g->width > 0 ? g->width : 80, &o);
		got = joined(&o);
		if (!ok(rc == 0 && strcmp(got, g->want) == 0 &&
		    (g->unknown < 0 || o.unknown == g->unknown),
		    "%s: %s%s", flagname(g->flags), shown(g->in),
		    g->width > 0 ? " (narrow)" : "")) {
			printf("#   rc %d, unknown %d (want %d)\n", rc, o.unknown,
			    g->unknown);
			printf("#   got: %s\n", shown(got));
			printf("#  want: %s\n", shown(g->want));
		}
		if (!well_formed(&o, g->flags, why, sizeof why))
			ok(0, "well formed: %s: %s", shown(g->in), why);
		free(got);
		tm_out_free(&o);
	}
}

static void
test_baseline(void)
{
	struct tm_out o;
	const char *s = "\\sigma(z)_i = \\frac{e^{z_i}}{\\sum_{j=1}^{K} e^{z_j}}";

	texmath_render(s, strlen(s), TM_DISPLAY, 80, &o);
	is_int(o.baseline, 2, "softmax baseline is the fraction rule");
	is_int(o.nrows, 6, "softmax is six rows");
	tm_out_free(&o);
	s = "\\sum_{i=1}^{n} x_i";
	texmath_render(s, strlen(s), TM_DISPLAY, 80, &o);
	is_int(o.baseline, 1, "a sum's baseline is the row of the sign");
	tm_out_free(&o);
	s = "x^2";
	texmath_render(s, strlen(s), TM_DISPLAY, 80, &o);
	is_int(o.nrows, 1, "flat content stays one row in display");
	tm_out_free(&o);
}

/* Which formulas have a structure that one row cannot show: a paragraph
 * that is only such a formula is shown as display math. */
static void
test_stacked(void)
{
	static const struct {
		const char *in;
		int want;
	} rows[] = {
		{ "W_g", 0 }, { "x^2", 0 }, { "e^{x^2}", 0 }, { "a + b = c", 0 },
		{ "\\int_0^1 f", 0 }, { "\\sqrt{2}", 0 }, { "\\tfrac{1}{2}", 0 },
		{ "\\begin{pmatrix} a & b \\end{pmatrix}", 0 },
		{ "\\frac{1}{2}", 1 }, { "\\sum_{i=1}^n x_i", 1 },
		{ "\\sqrt{x+y}", 1 }, { "\\binom{n}{k}", 1 },
		{ "\\begin{pmatrix} a \\\\ b \\end{pmatrix}", 1 },
		{ "\\underbrace{a+b}_n", 1 }, { "\\lim_{x \\to 0} f", 1 },
	};

	for (size_t i = 0; i < nitems(rows); i++) {
		struct tm_out o;

		texmath_render(rows[i].in, strlen(rows[i].in), TM_DISPLAY, 80,
		    &o);
		is_int(o.stacked, rows[i].want, "stacked: %s", rows[i].in);
		tm_out_free(&o);
	}
}

/* Where an inline formula may be broken: after relations and operators. */
static void
test_breaks(void)
{
	static const struct {
		const char *in;
		const char *want;	/* the row with '|' at every break */
	} rows[] = {
		{ "a + b = c", "a +| b =| c" },
		{ "a = -b", "a =| -b" },
		{ "-x", "-x" },
		{ "x := y", "x :=| y" },
		{ "f(x) = \\operatorname{softmax}(x) + \\sum_i \\alpha_i \\cdot \\beta_i",
		    "f(x) =| softmax(x) +| ∑ᵢ αᵢ ·| βᵢ" },
		{ "x_{a + b}", "x_(a+b)" },
		{ "p(y \\mid x) = 1", "p(y | x) =| 1" },	/* not in brackets */
		{ "\\|a - b\\|^2 = 2 - c", "‖a - b‖² =| 2 -| c" },
		{ "\\frac{a + b}{c}", "(a + b)/c" },
		{ "a \\quad b", "a  b" },
	};

	for (size_t i = 0; i < nitems(rows); i++) {
		struct tm_out o;
		struct buf b = { 0 };
		size_t at = 0;
		char *got;

		texmath_render(rows[i].in, strlen(rows[i].in), 0, 80, &o);
		for (int k = 0; k < o.nbreaks; k++) {
			buf_add(&b, o.rows[0] + at, (size_t)o.breaks[k] - at);
			buf_addc(&b, '|');
			at = (size_t)o.breaks[k];
		}
		buf_adds(&b, o.rows[0] + at);
		got = buf_take(&b);
		is_str(got, rows[i].want, "breaks: %s", rows[i].in);
		free(got);
		tm_out_free(&o);
	}
}

static char *
repeat(const char *unit, size_t times, const char *tail)
{
	struct buf b = { 0 };

	for (size_t i = 0; i < times; i++)
		buf_adds(&b, unit);
	buf_adds(&b, tail);
	return buf_take(&b);
}

/*
 * CPU seconds of texmath_render() on s, best of `runs`: the least disturbed
 * by whatever else the machine runs.
 */
static double
render_secs(const char *s, unsigned flags, int runs)
{
	double best = 1e9;

	for (int k = 0; k < runs; k++) {
		struct tm_out o;
		clock_t t0 = clock();

		texmath_render(s, strlen(s), flags, 80, &o);
		double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
		tm_out_free(&o);
		if (secs < best)
			best = secs;
	}
	return best;
}

static void
test_limits(void)
{
	static const unsigned flags[] = { 0, TM_DISPLAY, TM_ASCII,
	    TM_DISPLAY | TM_ASCII | TM_HEAL };
	struct {
		const char *unit, *tail;
		size_t times;
		int rc;	/* -2: either */
	} hostile[] = {
		{ "{", "x", 64, 0 },
		{ "{", "x", 65, -1 },
		{ "\\frac{", "x", 5000, -1 },
		{ "\\sqrt{\\frac{a}{", "b", 200, -1 },
		{ "\\hat", "x", 100, -1 },
		{ "\\left(", "x", 100, -1 },
		{ "\\begin{matrix}", "x", 100, -1 },
		{ "x^", "x", 20000, 0 },
		{ "a_b^c", " ", 10000, 0 },
		{ "a\\\\", "x", 10000, -2 },
		{ "a&", "x", 20000, 0 },
		{ "\\alpha", "x", 10000, 0 },
		{ "\\zzz", "x", 10000, 0 },
		{ "'", "", 30000, 0 },
		{ "}", "", 30000, 0 },
		{ "\\frac{aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}{", "x", 60, -2 },
		{ "\\begin{pmatrix}\\frac{a}{b}\\\\", "", 300, -2 },
		{ "x", "", 70000, -1 },
	};
	char why[128];

	for (size_t i = 0; i < nitems(hostile); i++) {
		char *s = repeat(hostile[i].unit, hostile[i].times, hostile[i].tail);
		size_t n = strlen(s);

		for (size_t f = 0; f < nitems(flags); f++) {
			struct tm_out o;
			int rc = texmath_render(s, n, flags[f], 80, &o);

			ok((hostile[i].rc == -2 || rc == hostile[i].rc) &&
			    well_formed(&o, flags[f], why, sizeof why) &&
			    o.nrows <= 256 && (size_t)o.width <= 4 * n + 64,
			    "%zu x \"%s\" (%s): rc %d, %dx%d", hostile[i].times,
			    hostile[i].unit, flagname(flags[f]), rc, o.width,
			    o.nrows);
			tm_out_free(&o);
		}
		free(s);
	}

	/*
	 * Time grows in proportion to the input: ten times the input may take
	 * ten times as long, not a hundred. A ratio within one run, not a
	 * bound in seconds, so that a loaded machine or valgrind cannot fail
	 * it and a quadratic pass still does.
	 */
	for (size_t i = 0; i < nitems(hostile); i++) {
		if (hostile[i].times < 10000)
			continue;
		char *small = repeat(hostile[i].unit, hostile[i].times / 20,
		    hostile[i].tail);
		char *big = repeat(hostile[i].unit, hostile[i].times / 2,
		    hostile[i].tail);

		for (size_t f = 0; f < nitems(flags); f++) {
			double t1 = render_secs(small, flags[f], 3);
			double t10 = render_secs(big, flags[f], 2);
			double floor = 0.002;	/* below clock()'s grain */

			ok(t10 <= 40 * (t1 > floor ? t1 : floor),
			    "%zu x \"%s\" (%s) takes %.1fx the time of a tenth",
			    hostile[i].times / 2, hostile[i].unit, flagname(flags[f]),
			    t10 / (t1 > floor ? t1 : floor));
		}
		free(small);
		free(big);
	}
}

static void
test_fallback_readable(void)
{
	struct tm_out o;
	char *s = repeat("{", 100, "x");
	int rc = texmath_render(s, strlen(s), 0, 80, &o);

	is_int(rc, -1, "too deep returns -1");
	ok(o.nrows == 1 && strstr(o.rows[0], "x") != NULL,
	    "too deep still shows the source");
	tm_out_free(&o);
	free(s);
}

int
main(void)
{
	test_golden();
	test_baseline();
	test_breaks();
	test_stacked();
	test_limits();
	test_fallback_readable();
	return done_testing();
}
