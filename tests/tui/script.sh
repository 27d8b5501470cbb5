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

# 80x24: the index with the first term beside it (two panes), then the
# third term opened in the reader, its position in the status line.
cat >"$tmp/keys" <<KEYS
:dump-screen $tmp/index80
<Down><Down><Enter>
:dump-screen $tmp/detail80
:dump-attrs $tmp/detail80.attrs
KEYS
run 24 80
status $? "exit 0"
same "$tmp/index80" "index at 80x24" <<'SCREEN'
 Find:   type to find                                                  28 terms
A▸Activation function     │ Activation function
  Adam                    │ also: nonlinearity
  Attention               │ category: fundamentals  mini.lore:4
B Backpropagation         │
  Batch normalization     │ An activation function is the nonlinearity applied
  Bias                    │ to a neuron's weighted input. Without it a deep
C Chain rule              │ Neural network would collapse into one linear map.
  Convolutional neural n… │ Common choices are ReLU, Sigmoid and tanh.
  Cross-entropy           │
D Dropout                 │ Related
E Embedding               │   • ReLU
  Entropy                 │   • Sigmoid
G Gradient descent        │   • Neural network
H Hyperparameter          │
L Layer normalization     │
  Learning rate           │
M Momentum                │
N Neural network          │
O Overfitting             │
P Pooling                 │
R ReLU                    │
S Sigmoid                 │
 INDEX  1/28                   Enter open  ? help  / search  F2 study  F10 quit
SCREEN
same "$tmp/detail80" "definition at 80x24" <<'SCREEN'
 Attention
 also: attention mechanism
 category: architectures  mini.lore:23

 Attention computes a weighted sum of values, with weights from a Softmax over
 query-key similarities. It is the core of the Transformer.

 Related
   • Transformer
   • Softmax
   • Embedding












 READ  1-11/11 All  Attention      q index ? help Tab link [ back / find Q quit
SCREEN
# Only the mode tag is in reverse: the rest of the status line is plain,
# so that the position counter changes with no attributes on the wire.
if [ "$(tail -n 1 "$tmp/detail80.attrs")" = "555555" ]; then
	pass "status line: mode tag in reverse, the rest plain"
else
	fail "status line: mode tag in reverse, the rest plain"
	sed 's/^/# |/' "$tmp/detail80.attrs"
fi

# 40x15: one pane; type to find and the status line.
cat >"$tmp/keys" <<KEYS
:dump-screen $tmp/index40
tra
:dump-screen $tmp/ta40
KEYS
run 15 40
same "$tmp/index40" "index at 40x15" <<'SCREEN'
 Find:   type to find          28 terms
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
 INDEX  1/28        Enter open F10 quit
SCREEN
has "$tmp/ta40" " INDEX  1/1" "the position is among the matches"
has "$tmp/ta40" " ▸Transformer" "Transformer is found, marked"
has "$tmp/ta40" "Find: tra" "the find field shows what was typed"

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
has "$tmp/help" "Keys (from the key table" "help title"
for line in "Everywhere" "Index (type to find)" \
    "letters, digits, space, - and every other printable key type" \
    "/ ? = are commands only while the field is empty." \
    "<Down> <C-n>       move-down        next term / result, scroll down" \
    "<F10> <C-q>        quit             quit lore" \
    "<Enter> <Tab>      open             open the term / follow the link" \
    "<Esc>              cancel           clear the find field / close" \
    "Definition (reader)" "Search prompt (type a regex)" \
    "[ l <Backspace> <M-Left> back" \
    "/                  find-in-page     search this definition" \
    "<Tab>              next-link        select the next link" \
    "<C-t>              toggle-scope     search headwords only / bodies too" \
    "<Up>               history-prev     older search pattern" \
    "filter the index by category" \
    "Quiz (typed answers: type, Enter checks)" \
    "<F2>               quiz" \
    "3                  grade-3          3 Good / pick choice 3"; do
	has "$tmp/help" "$line" "help lists: $line"
done

# A config file rebinds keys; errors name file:line and are ignored,
# and the browser opens on a list of every bad line, each whole (q
# closes it).
mkdir -p "$tmp/config/lore"
cat >"$tmp/config/lore/config" <<'CONF'
bind index <C-e> move-down
bind nonsense
set theme mono
set split sideways
bind reader x no-such-action
CONF
cat >"$tmp/keys" <<KEYS
:dump-screen $tmp/conferr
q<C-e><C-e>
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
has "$tmp/confhelp" "<C-e>              move-down" "help shows the new binding"
has "$tmp/conferr" "Errors in the config file" "bad lines: listed on a screen"
has "$tmp/conferr" "config:2: expected 'bind [CONTEXT] KEY" "bad lines: the first"
has "$tmp/conferr" "config:4: 'set split' takes auto, on, off" "bad lines: the second"
has "$tmp/conferr" "config:5: unknown action 'no-such-action'" "bad lines: the third"
has "$tmp/conferr" "'sideways'" "bad lines: each whole, wrapped"
# The quiz view (Q): chooser on the selected term's letter, the answer with
# the grade keys and their intervals, a grade moves the progress bar.
rm -f "$tmp"/progress.db*
cat >"$tmp/keys" <<KEYS
<F2><Enter><Enter>
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
 QUIZ  1/3                                                             q leaves
SCREEN
has "$tmp/quiz80b" "card 2 of 3" "quiz: a grade shows the next card"
has "$tmp/quiz80b" "] 1/3" "quiz: the progress bar moves"
has "$tmp/quiz80b" "Saved: Good, next in 10m" "quiz: the grade is acknowledged"
rm -f "$tmp"/progress.db*
cat >"$tmp/keys" <<KEYS
<F2><Enter><Enter>
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
 QUIZ  1/3                     q leaves
SCREEN

# --script is documented (for tests, in lore(1)'s TESTING section), with
# its commands and LORE_SCRIPT.
man1=man/lore.1	# stamped by make from man/lore.1.in
has "$man1" '.BI \-\-script " file"' "lore(1) documents --script"
has "$man1" '.BI ":dump\-screen " path' "lore(1) documents :dump-screen"
has "$man1" '.B LORE_SCRIPT' "lore(1) documents LORE_SCRIPT"
done_testing
