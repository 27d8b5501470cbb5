#!/bin/sh
# script.sh - headless key-script tests (lore --script): curses draws into
# its virtual screen on /dev/null with TERM=dumb, keys come from a file and
# are taken only when lore is idle, :dump-screen writes what is on screen.
: "${srcdir:=.}"
if [ -z "$LORE" ] || [ ! -x "$LORE" ]; then
	echo "1..0 # SKIP no lore binary"
	exit 0
fi
. "$srcdir/tests/lib.sh"
"$LORE" build "$tmp/mini.db" "$srcdir/tests/data/mini.lore" >/dev/null 2>&1 ||
	{ echo "1..1"; echo "not ok 1 - cannot build the test corpus"; exit 0; }

run() {	# run ROWS COLS: the script is $tmp/keys
	env TERM=dumb LINES=$1 COLUMNS=$2 LORE_CORPUS="$tmp/mini.db" \
	    LORE_DB="$tmp/none.db" LORE_PROGRESS="$tmp/progress.db" \
	    "$LORE" --script "$tmp/keys" 2>"$tmp/err"
}

status() {	# status CODE NAME: lore's exit status, taken right after run
	if [ "$1" -eq 0 ]; then pass "$2"
	else fail "$2 (status $1)"; diag "$tmp/err"; fi
}

same() {	# same FILE NAME <expected
	cat >"$tmp/want"
	if diff -u "$tmp/want" "$1" >"$tmp/diff" 2>&1; then pass "$2"
	else fail "$2"; sed 's/^/# /' "$tmp/diff"; fi
}

has() {	# has FILE TEXT NAME
	if grep -qF -- "$2" "$1"; then pass "$3"
	else fail "$3"; sed 's/^/# |/' "$1"; fi
}

# 80x24: the index, then the definition of the third term.
cat >"$tmp/keys" <<KEYS
:dump-screen $tmp/index80
<Down><Down><Enter>
:dump-screen $tmp/detail80
:dump-attrs $tmp/detail80.attrs
KEYS
run 24 80
status $? "exit 0"
same "$tmp/index80" "index at 80x24" <<'SCREEN'
 # A B C D E F G H I J K L M N O P Q R S T U V W X Y Z                     A: 3
A▸Activation function
  Adam
  Attention
B Backpropagation
  Batch normalization
  Bias
C Chain rule
  Convolutional neural network
  Cross-entropy
D Dropout
E Embedding
  Entropy
G Gradient descent
H Hyperparameter
L Layer normalization
  Learning rate
M Momentum
N Neural network
O Overfitting
P Pooling
R ReLU
S Sigmoid
 INDEX  1/28                                                             ? help
SCREEN
same "$tmp/detail80" "definition at 80x24" <<'SCREEN'
 # A B C D E F G H I J K L M N O P Q R S T U V W X Y Z                     A: 3
 Attention
 also: attention mechanism
 category: architectures  mini.lore:23

 Attention computes a weighted sum of values, with weights from a Softmax over
 query-key similarities. It is the core of the Transformer.

 Related
   • Transformer
   • Softmax
   • Embedding











 DEFINITION  3/28                                                        ? help
SCREEN
# Only the mode tag is in reverse: the rest of the status line is plain,
# so that the position counter changes with no attributes on the wire.
if [ "$(tail -n 1 "$tmp/detail80.attrs")" = "555555555555" ]; then
	pass "status line: mode tag in reverse, the rest plain"
else
	fail "status line: mode tag in reverse, the rest plain"
	sed 's/^/# |/' "$tmp/detail80.attrs"
fi

# 40x15: single pane, narrow letter bar; type-ahead and the status line.
cat >"$tmp/keys" <<KEYS
:dump-screen $tmp/index40
tra
:dump-screen $tmp/ta40
KEYS
run 15 40
same "$tmp/index40" "index at 40x15" <<'SCREEN'
 #ABCDEFGHIJKLMNOPQRSTUVWXYZ       A: 3
A▸Activation function
  Adam
  Attention
B Backpropagation
  Batch normalization
  Bias
C Chain rule
  Convolutional neural network
  Cross-entropy
D Dropout
E Embedding
  Entropy
G Gradient descent
 INDEX  1/28                     ? help
SCREEN
has "$tmp/ta40" " INDEX  25/28  find: tra" "type-ahead jumps to Transformer"
has "$tmp/ta40" "T▸Transformer" "Transformer is shown, marked"

# Too small.
cat >"$tmp/keys" <<KEYS
:dump-screen $tmp/tiny
KEYS
run 6 20
has "$tmp/tiny" "Terminal too small" "too-small message"
has "$tmp/tiny" "need 32x8, have 20x6" "too-small says what it needs"

# Help: generated from the key table, every context and action listed.
cat >"$tmp/keys" <<KEYS
?
:dump-screen $tmp/help1
<PageDown>
:dump-screen $tmp/help2
KEYS
run 60 100
cat "$tmp/help1" "$tmp/help2" >"$tmp/help"
has "$tmp/help" "Keys (generated from the key table" "help title"
for line in "Everywhere" "Index" \
    "A-Z 0-9 g, other keys  type-ahead by prefix; a capital jumps to its letter" \
    "then every key types; Esc or a pause ends it" \
    "j                      next term" "q                      quit lore" \
    "Esc also clears the category filter; it never quits" \
    "l <Right> <Tab>        go to the definition" \
    "Definition" "Search prompt (type a regex)" \
    "[ <Backspace> <M-Left>" "regex search (live results)" \
    "<Tab>                  select the next link" \
    "<C-t>                  search headwords only / bodies too" \
    "jump to a letter: press it next" "filter the index by category" \
    "Quiz (typed answers: type, Enter checks)" \
    "Q                      quiz: this category, letter or all" \
    "3                      3 Good / pick choice 3"; do
	has "$tmp/help" "$line" "help lists: $line"
done

# A config file rebinds keys; errors name file:line and are ignored.
mkdir -p "$tmp/config/lore"
cat >"$tmp/config/lore/config" <<'CONF'
bind index <C-e> move-down
bind nonsense
set theme mono
CONF
cat >"$tmp/keys" <<KEYS
<C-e><C-e>
:dump-screen $tmp/conf
?
:dump-screen $tmp/confhelp
<PageDown>
:dump-screen $tmp/confhelp2
KEYS
run 24 80
cat "$tmp/confhelp2" >>"$tmp/confhelp"
has "$tmp/conf" " INDEX  3/28" "bound key works"
has "$tmp/err" "config:2: expected 'bind [CONTEXT] KEY ACTION'" \
    "config error names file:line"
has "$tmp/confhelp" "j <C-e>                next term" "help shows the new binding"
# The quiz view (Q): chooser on the selected term's letter, the answer with
# the grade keys and their intervals, a grade moves the progress bar.
rm -f "$tmp"/progress.db*
cat >"$tmp/keys" <<KEYS
Q<Enter><Enter>
:dump-screen $tmp/quiz80
3
:dump-screen $tmp/quiz80b
KEYS
LORE_NOW=1700000000 run 24 80
same "$tmp/quiz80" "quiz answer at 80x24" <<'SCREEN'
 Quiz: Letter A                                                     card 1 of 3
 [░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░] 0/3

 define, new

 Activation function

 An activation function is the nonlinearity applied to a neuron's weighted
 input. Without it a deep Neural network would collapse into one linear map.
 Common choices are ReLU, Sigmoid and tanh.












 1 Again 1m  2 Hard 6m  3 Good 10m  4 Easy 8d
 QUIZ  1/3                                                           Esc leaves
SCREEN
has "$tmp/quiz80b" "card 2 of 3" "quiz: a grade shows the next card"
has "$tmp/quiz80b" "] 1/3" "quiz: the progress bar moves"
has "$tmp/quiz80b" "Saved: Good, next in 10m" "quiz: the grade is acknowledged"
rm -f "$tmp"/progress.db*
cat >"$tmp/keys" <<KEYS
Q<Enter><Enter>
:dump-screen $tmp/quiz40
KEYS
LORE_NOW=1700000000 run 15 40
same "$tmp/quiz40" "quiz answer at 40x15" <<'SCREEN'
 Quiz: Letter A             card 1 of 3
 [░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░] 0/3

 define, new

 Activation function

 An activation function is the
 nonlinearity applied to a neuron's
 weighted input. Without it a deep
 Neural network would collapse into one
 linear map. Common choices are ReLU,  …

 1 A 1m  2 H 6m  3 G 10m  4 E 8d
 QUIZ  1/3                   Esc leaves
SCREEN

# --script is documented (for tests, in lore(1)'s TESTING section), with
# its commands and LORE_SCRIPT.
man1=man/lore.1	# stamped by make from man/lore.1.in
has "$man1" '.BI \-\-script " file"' "lore(1) documents --script"
has "$man1" '.BI ":dump\-screen " path' "lore(1) documents :dump-screen"
has "$man1" '.B LORE_SCRIPT' "lore(1) documents LORE_SCRIPT"
done_testing
