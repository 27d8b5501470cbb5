/* tm-int.h - what the passes of the texmath renderer share.
 *
 * Not part of the API (that is texmath.h): the tree the parser builds, the
 * box the layout fills, the renderer's state, the tables, and the functions
 * one pass calls in another. Each section names the file that owns it. */
#ifndef LORE_TM_INT_H
#define LORE_TM_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "texmath.h"

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
#define NF_INFIX	0x800	/* \over, \choose, \atop: folded by the parser */
#define NF_HLINE	0x1000	/* \hline: a rule in an array */

enum font { F_MATH, F_RM, F_BF, F_BB, F_CAL, F_FRAK, F_TEXT, F_SF, F_TT };

enum akind { A_MATRIX, A_CASES, A_ALIGNED, A_GATHER, A_ARRAY, A_SUBSTACK };

enum style { ST_D, ST_T, ST_S };	/* display, inline, script */

/* What ends a block the parser reads. */
enum want { W_EOF, W_BRACE, W_BRACKET, W_RIGHT, W_END };

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

struct tm_state {
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
	char		 unknown_name[48];	/* see tm_out */
	struct chunk	*arena;
};

struct sym {
	const char	*name;
	const char	*uni;
	const char	*ascii;
	unsigned char	 cls;
	unsigned char	 fl;
};


/* Commands that take arguments or change how what follows is read. */
enum xop {
	X_FRAC, X_TFRAC, X_BINOM, X_TBINOM, X_SQRT, X_LEFT, X_MIDDLE,
	X_BIG, X_BEGIN, X_FONT, X_OLDFONT, X_TEXT, X_OPNAME, X_ACCENT,
	X_SPACE, X_NOP, X_SKIPARG, X_COLORARG, X_NOT, X_OVERSET, X_UNDERSET,
	X_STACKREL, X_BRACE, X_LIMITS, X_NOLIMITS, X_PMOD, X_TAG, X_PHANTOM,
	X_SUBSTACK, X_INFIX, X_XARROW, X_PMATRIX, X_BOX, X_HLINE
};

struct xcmd {
	const char	*name;
	enum xop	 op;
	int		 arg;
};

struct accent {
	const char	*mark;	/* combining character */
	const char	*name;	/* ASCII: name(x) */
	const char	*over;	/* spacing form over a tall box */
	const char	*aover;
};

#define ACCENT_UNDERLINE 12

/* Delimiters that \left, \right and environments scale. */
enum delim {
	D_NONE, D_LPAREN, D_RPAREN, D_LBRACK, D_RBRACK, D_LBRACE, D_RBRACE,
	D_VERT, D_VVERT, D_LANGLE, D_RANGLE, D_LFLOOR, D_RFLOOR, D_LCEIL,
	D_RCEIL, D_SLASH, D_BSLASH, D_UP, D_DOWN, D_UPDOWN, D_UUP, D_DDOWN,
	D_UUPDDOWN
};

struct delimdef {
	const char	*flat, *aflat;
	const char	*top, *ext, *mid, *bot;		/* Unicode pieces */
	const char	*atop, *aext, *amid, *abot;	/* ASCII pieces */
};

struct box {
	int		 w, h, base;
	const char	**c;	/* h rows of w cells: NULL is a blank, cont
				 * the right half of a wide character */
};


/* Where the items of a row went: for breaking a formula that is too wide
 * at its relations and operators. Spaces are not items. */
struct rowpos {
	int		 n;
	struct node	**it;
	int		*x0, *x1;	/* first column, and one past the last */
	int		*lc, *rc;	/* classes, a unary sign counted as ord */
};

static inline bool
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}


/* tm_symbols.c */
uint32_t tm_font_map(int font, uint32_t cp);
uint32_t tm_cp_script(uint32_t cp, bool sup);
const struct sym *tm_sym_find(const char *name, size_t n);
const struct xcmd *tm_xcmd_find(const char *name, size_t n);
const struct sym *tm_sym_by_char(const char *u, size_t n);
extern const struct accent tm_accents[];
/* The precomposed letter for an ASCII letter and a combining mark, or NULL. */
const char *tm_compose(const char *base, const char *mark);
extern const struct delimdef tm_delims[];

/* tm_parse.c */
char *tm_strndup(struct tm_state *tm, const char *s, size_t n);
char *tm_cat(struct tm_state *tm, const char *a, const char *b);
void tm_free_arena(struct tm_state *tm);
struct node *tm_node_new(struct tm_state *tm, enum nk kind);
void tm_node_add(struct node *row, struct node *item);
const char *tm_enc(struct tm_state *tm, uint32_t cp);
bool tm_row_is_empty(struct node *n);
struct node *tm_parse_block(struct tm_state *tm, int font, enum want want);

/* tm_layout.c */
struct box tm_box_new(struct tm_state *tm, int w, int h, int base);
void tm_box_free(struct box *b);
const char *tm_box_get(const struct box *b, int r, int c);
void tm_box_blit(struct box *dst, const struct box *src, int row, int col);
void tm_node_cls(struct node *n, int *l, int *r);
void tm_rowpos_free(struct rowpos *p);
struct box tm_lay_row_at(struct tm_state *tm, struct node *row, int style,
    bool lead, struct rowpos *pos);
struct box tm_lay_row(struct tm_state *tm, struct node *row, int style,
    bool lead);
struct box tm_lay(struct tm_state *tm, struct node *n, int style);
void tm_mark_outer(struct node *root);
void tm_unmark_last(struct node *root);
extern const unsigned char tm_gap_text[8][8];
extern const char tm_cont[];	/* the right half of a wide character */

/* tm_break.c */
bool tm_lay_broken(struct tm_state *tm, struct node *root, int maxw,
    struct box *out);
int tm_row_breaks(const struct rowpos *p, int *cols);

/* tm_heal.c: one rule per kind of damage (see there) */
enum heal_rule {
	HEAL_ESCAPE	= 1 << 0,	/* an escape ate "\t", "\n"...: TAB "heta" */
	HEAL_REMNANT	= 1 << 1,	/* and the control character went too */
	HEAL_STRIPPED	= 1 << 2,	/* the backslash alone went: "cdot" */
	HEAL_GLUED	= 1 << 3,	/* glued to a letter: "Nsqrt{N}", "Asetminus" */
	HEAL_SPLIT	= 1 << 4,	/* split by a line break: "math" EOL "bf" */
	HEAL_SET	= 1 << 5,	/* a set's \{ \} lost: x in {0, 1} */
};
#define HEAL_ALL	0x3fu
char *tm_heal(const char *s, size_t len, unsigned rules, size_t *outlen);

#endif
