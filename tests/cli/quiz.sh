#!/bin/sh
# quiz.sh - lore quiz, stats and export end to end on a small fixed corpus,
# with answers piped in and "now" pinned by LORE_NOW: a scripted session,
# the next day, typed and multiple-choice answers, kill -9 and SIGHUP in
# the middle of a session, the Anki deck and the JSON export.
. "$srcdir/tests/cli/lib.sh"

"$LORE" build "$tmp/q.db" "$srcdir/tests/data/quiz.lore" 2> "$tmp/build"
if [ $? -ne 0 ]; then
	echo "Bail out! cannot build tests/data/quiz.lore: $(cat "$tmp/build")"
	exit 1
fi
export LORE_CORPUS="$tmp/q.db"
NOW=1710072000		# 2024-03-10 12:00 UTC, a Sunday
DAY=86400
export LORE_NOW=$NOW TZ=UTC

# The grades of the review log, oldest first, one a line.
log_grades() {
	"$LORE" export --json | sed -n 's/.*"grade":\([1-4]\),.*/\1/p'
}
saved() {	# saved FILE: the number of acknowledged grades
	# 0 before a background quiz has created FILE (its redirection is
	# opened only once the fifo has a writer)
	if [ -e "$1" ]; then grep -c '^Saved:' "$1"; else echo 0; fi
}
# Acknowledged grades as numbers, in order.
saved_grades() {
	sed -n 's/^Saved: \([A-Za-z]*\),.*/\1/p' "$1" |
	    sed 's/Again/1/; s/Hard/2/; s/Good/3/; s/Easy/4/'
}
wait_saved() {	# wait_saved FILE N: up to 20 s for N acknowledgements
	i=0
	while [ "$(saved "$1")" -lt "$2" ] && [ $i -lt 200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ "$(saved "$1")" -ge "$2" ]
}

# ---- a scripted 10-card session on one category ----
# Define cards: Enter reveals, then the grade. Two Easy (8 days), the rest
# Again, Hard or Good (minutes): 8 cards come back the next day.
grades="3 3 1 2 3 4 3 4 3 3"
for g in $grades; do printf '\n%s\n' "$g"; done > "$tmp/in1"
"$LORE" quiz --category activations -n 10 < "$tmp/in1" > "$tmp/out1" 2>&1
is "$?" 0 "a 10-card session exits 0"
is "$(saved "$tmp/out1")" 10 "ten grades acknowledged"
is "$(grep -c '^\[[0-9]*/10\] define, new$' "$tmp/out1")" 10 \
    "ten new define cards"
is "$(sed -n '3p' "$tmp/out1")" "ReLU" \
    "what to teach first: ReLU, which Leaky ReLU links to"
is "$(sed -n '/^\[[0-9]*\/10\] define, new$/{n;p;}' "$tmp/out1" | head -4 | tr '\n' ' ')" \
    "ReLU ELU GELU Leaky ReLU " "then the rest A-Z"
ok "the grade line shows the interval of each grade" \
    contains "$tmp/out1" "1 Again 1m  2 Hard 6m  3 Good 10m  4 Easy 8d  (Enter: 3 Good) > 3"
ok "the definition is rendered: LaTeX becomes Unicode" \
    contains "$tmp/out1" "The ELU is x for x > 0 and α(eˣ - 1) otherwise"
ok "no Markdown markup in the rendered text" sh -c "! grep -q '[*][*]' '$tmp/out1'"
ok "no escape codes when stdout is not a terminal" \
    sh -c "! grep -q \"\$(printf '\\033')\" '$tmp/out1'"
ok "the summary counts the grades" contains "$tmp/out1" \
    "10 cards reviewed (10 grades saved): 1 Again, 1 Hard, 6 Good, 2 Easy."
# The 8 cards in a learning step come back within the session (learn-ahead:
# nothing else is left), Again's first; the input ends before them.
ok "a learning card comes back in the same session" contains "$tmp/out1" \
    "[3/10] define, learning, again"
ok "stopping at the end of input says what was saved" contains "$tmp/out1" \
    "Stopped: the card on screen was not graded; every grade before it is saved."
is "$(log_grades | wc -l | tr -d ' ')" 10 "the review log has 10 rows"
is "$(log_grades | tr '\n' ' ')" "$grades " "in order, with the grades given"
"$LORE" export --json > "$tmp/exp1"
ok "every review is of an activation" sh -c "! grep -q '\"slug\":\"\\(adagrad\\|adam\\|momentum\\|rmsprop\\|sgd\\)\"' '$tmp/exp1'"
ok "cards carry their state" contains "$tmp/exp1" \
    '"slug":"elu","kind":"define","state":"learning"'
ok "reviews carry both states" contains "$tmp/exp1" \
    '"state_before":"new","state_after":"review"'
"$LORE" stats --json > "$tmp/st0"
ok "stats today: 8 due, 10 cards, 10 new today" contains "$tmp/st0" \
    '"due_today":8,"due_week":8,"cards":10,"new_today":10,"reviews":10,'
ok "stats today: 10 reviews today, streak 1" contains "$tmp/st0" \
    '"streak":1,'
ok "stats: the last day of the chart is today with 10" contains "$tmp/st0" \
    '{"date":"2024-03-10","reviews":10}],"forecast":'
"$LORE" stats > "$tmp/st0.txt"
is "$(grep '(today)' "$tmp/st0.txt" | sed 's/█//g; s/  */ /g')" \
    " Sun 03-10 10 (today)" "the text chart labels today"
is "$(sed -n '/^Reviews per day/,/^$/p' "$tmp/st0.txt" | grep -c '█')" 1 \
    "one bar: the only day with reviews"
"$LORE" quiz --category activations -n 10 < /dev/null > "$tmp/none"
is "$?" 1 "the same minute: nothing due, exit 1"
ok "and says so" contains "$tmp/none" "Nothing to review"

# ---- stats: forecast, true retention, a year as a calendar ----
ok "a forecast of the next 30 days" contains "$tmp/st0.txt" \
    "Due in the next 30 days: 10 cards"
ok "as a bar chart with a day axis" grep -q '^       today  *+7d  *+14d  *+21d  *+28d$' "$tmp/st0.txt"
ok "a year of reviews, today's among them" contains "$tmp/st0.txt" \
    "Reviews in the last year: 10, on 1 day"
is "$(grep -c '^\(Mon\|Wed\|Fri\|   \) [·░▒▓█ ]*$' "$tmp/st0.txt")" 7 \
    "seven rows of the calendar, Monday on top"
ok "true retention over 30 days" contains "$tmp/st0.txt" \
    "(no reviews of learned cards in 30 days)"
LANG=C LC_ALL=C "$LORE" stats > "$tmp/st0.ascii"
ok "LANG=C: the charts in ASCII" sh -c "! LC_ALL=C grep -q '[^ -~]' '$tmp/st0.ascii'"
ok "LANG=C: the calendar's busiest day is #" grep -q '^\(Mon\|Wed\|Fri\|   \) [.#]*#' "$tmp/st0.ascii"
"$LORE" stats --json > "$tmp/st0.json"
ok "--json: the forecast, 30 days" sh -c "test \"\$(grep -o '\"due\":[0-9]*' '$tmp/st0.json' | wc -l)\" -eq 30"
ok "--json: retention over 30 days" contains "$tmp/st0.json" '"retention_days":30,'

# ---- come back tomorrow ----
export LORE_NOW=$((NOW + DAY))
"$LORE" stats > "$tmp/st1"
is "$(sed -n 's/^Due today *//p' "$tmp/st1")" 8 "tomorrow: 8 cards due"
is "$(sed -n 's/^Due within 7 days *//p' "$tmp/st1")" 10 \
    "the Easy cards (8 days) fall within the next 7 days"
is "$(sed -n 's/^Streak *//p' "$tmp/st1")" "1 day" \
    "no review yet today keeps yesterday's streak"
for i in 1 2 3 4 5 6 7 8 9 10; do printf '\n3\n'; done > "$tmp/in2"
"$LORE" quiz --category activations -n 10 < "$tmp/in2" > "$tmp/out2" 2>&1
grep '^\[[0-9]*/10\]' "$tmp/out2" | grep -v ', again$' > "$tmp/heads"
is "$(head -8 "$tmp/heads" | grep -c 'define, learning$')" 8 \
    "the 8 due cards come first"
is "$(tail -2 "$tmp/heads" | grep -c 'reverse, new$')" 2 \
    "then new cards: the next kind of the two Easy terms"
is "$(sed -n '3p' "$tmp/out2")" "GELU" \
    "oldest due first: the card graded Again (due in 1m) leads"
is "$(log_grades | wc -l | tr -d ' ')" 20 "20 reviews logged in all"

# ---- u takes the last grade back; ? prints the keys ----
export LORE_PROGRESS="$tmp/undo.db"
printf '\n1\n?\nu\n\n3\nq\n' | "$LORE" quiz --category activations -n 2 \
    > "$tmp/undo" 2>&1
ok "? prints the keys" contains "$tmp/undo" "u undoes the last grade"
ok "u takes the grade back and says so" contains "$tmp/undo" \
    "Undone: Again on relu (define) is taken back; the card comes again."
is "$(log_grades | tr '\n' ' ')" "3 " "only the grade given after the undo is logged"
is "$(grep -c '^\[1/2\] define, new$' "$tmp/undo")" 2 "the card came again, new"

# ---- the order of new cards, and the daily limits ----
export LORE_PROGRESS="$tmp/order.db"
heads() {	# the headwords of the new cards dealt
	sed -n '/^\[[0-9]*\/[0-9]*\] [a-z]*, new$/{n;p;}' "$1" | tr '\n' ' '
}
echo q | "$LORE" quiz --category activations --order alphabetical -n 4 \
    > "$tmp/ord-a" 2>&1
is "$(heads "$tmp/ord-a")" "ELU " "--order alphabetical: ELU first"
echo q | "$LORE" quiz --category activations --order links -n 1 > "$tmp/ord-l" 2>&1
is "$(heads "$tmp/ord-l")" "ReLU " "--order links: ReLU first"
for i in 1 2 3 4 5 6 7 8 9 10; do printf '\n3\n'; done |
    "$LORE" quiz --category activations --order random -n 10 > "$tmp/ord-r" 2>&1
ok "--order random deals the ten cards in another order" \
    test "$(grep -c '^\[' "$tmp/ord-r")" -ge 10 -a \
    "$(heads "$tmp/ord-r")" != "ReLU ELU GELU Leaky ReLU Mish Sigmoid Softmax Softplus Swish Tanh "
"$LORE" quiz --order sideways < /dev/null > /dev/null 2>&1
is "$?" 2 "an unknown --order is a usage error"
export LORE_PROGRESS="$tmp/limits.db"
for i in 1 2 3; do printf '\n4\n'; done |
    "$LORE" quiz --category activations --new 2 -n 10 > "$tmp/new2" 2>&1
is "$(grep -c '^Saved:' "$tmp/new2")" 2 "--new 2: two new cards a day"
"$LORE" quiz --category activations --new 2 -n 10 < /dev/null > "$tmp/new2b" 2>&1
is "$?" 1 "and none more today"
mkdir -p "$XDG_CONFIG_HOME/lore"
cp "$XDG_CONFIG_HOME/lore/config" "$tmp/config.keep" 2>/dev/null
echo "set new-per-day 3" > "$XDG_CONFIG_HOME/lore/config"
for i in 1 2 3 4 5; do printf '\n4\n'; done |
    "$LORE" quiz --category activations -n 10 > "$tmp/new3" 2>&1
is "$(grep -c '^Saved:' "$tmp/new3")" 1 "set new-per-day 3: one more today"
rm -f "$XDG_CONFIG_HOME/lore/config"
[ -f "$tmp/config.keep" ] && cp "$tmp/config.keep" "$XDG_CONFIG_HOME/lore/config"
# Easy took both cards to review, due in 8 days: a week later, with
# --reviews 1, one of them is reviewed.
for i in 1 2; do printf '\n3\n'; done |
    LORE_NOW=$((LORE_NOW + 8 * DAY)) "$LORE" quiz --category activations --new 0 \
    --reviews 1 -n 10 > "$tmp/rev1" 2>&1
is "$(grep -c '^Saved:' "$tmp/rev1")" 1 "--reviews 1: one review a day"
export LORE_PROGRESS="$tmp/progress.db"

# ---- time zones: "today" is the local day ----
"$LORE" stats --json > "$tmp/tz-utc"
ok "TZ=UTC: nothing new today (the next day)" contains "$tmp/tz-utc" \
    '"new_today":2,'
TZ=LOC+12 LORE_NOW=$((NOW + 13 * 3600)) "$LORE" stats --json > "$tmp/tz-12"
ok "TZ=UTC-12: 13 hours later is still the same local day" \
    contains "$tmp/tz-12" '"new_today":10,'

# ---- "due today" is the same to stats and to the quiz ----
# Graded Easy at 12:00, the cards are due at 12:00 eight days later; back
# at 11:00 that day, stats and the quiz must both call them due.
export LORE_PROGRESS="$tmp/dueday.db" LORE_NOW=$NOW
for i in 1 2 3 4 5; do printf '\n4\n'; done |
    "$LORE" quiz --category optimizers -n 5 > /dev/null 2>&1
cp "$tmp/dueday.db" "$tmp/dueday0.db"
export LORE_NOW=$((NOW + 8 * DAY - 3600))
"$LORE" stats > "$tmp/dd-st"
is "$(sed -n 's/^Due today *//p' "$tmp/dd-st")" 5 "an hour early: stats says 5 due today"
for i in 1 2 3 4 5; do printf '\n3\n'; done |
    "$LORE" quiz --category optimizers -n 5 > "$tmp/dd-q" 2>&1
is "$(grep -c '^\[[0-9]/5\] define, review$' "$tmp/dd-q")" 5 \
    "and the quiz serves those 5, not new cards"
for i in 1 2 3 4 5; do printf '\n3\n'; done |
    LORE_PROGRESS="$tmp/dueday0.db" LORE_NOW=$((NOW + 7 * DAY + 12 * 3600)) \
    "$LORE" quiz --category optimizers -n 5 > "$tmp/dd-q2" 2>&1
is "$(grep -c '^\[[0-9]/5\] define, review$' "$tmp/dd-q2")" 5 \
    "from the first second of their day"
export LORE_PROGRESS="$tmp/progress.db"

# ---- typed answers: aliases, case and punctuation, near misses ----
export LORE_PROGRESS="$tmp/typed.db" LORE_NOW=$NOW
# From a pipe each answer is followed by a grade line; empty takes the
# grade the answer earned.
printf 'sigmoyd\n\nNORMALIZED-exponential!\n\nsoft max\n\nxyz\n\n' > "$tmp/in3"
"$LORE" quiz --mode typed --category activations --letter S -n 4 \
    < "$tmp/in3" > "$tmp/out3" 2>&1
is "$?" 0 "typed session exits 0"
ok "a near miss shows the difference on the answer as written" \
    contains "$tmp/out3" "Almost: Sigmo[i/y]d"
ok "an alias in other case and punctuation is correct" contains "$tmp/out3" \
    "Correct: Softmax"
ok "'soft max' for Softplus is wrong" contains "$tmp/out3" \
    "Wrong: the answer is Softplus"
ok "a wrong answer shows the term" contains "$tmp/out3" \
    "Wrong: the answer is Swish"
sed -n '/^\[1\/4\]/,/Type the term/p' "$tmp/out3" > "$tmp/card1"
ok "the term and its alias are blanked in the prompt" \
    contains "$tmp/card1" "The ____, or ____, squashes"
ok "nowhere else in the prompt" sh -c "! grep -qi 'sigmoid\\|logistic' '$tmp/card1'"
ok "the grade line suggests the earned grade" contains "$tmp/out3" \
    "4 Easy 8d  (Enter: 2 Hard) > "
is "$(saved_grades "$tmp/out3" | tr '\n' ' ')" "2 3 1 1 " \
    "an empty grade line takes it: Hard, Good, Again, Again"
is "$(log_grades | tr '\n' ' ')" "2 3 1 1 " "and those grades are logged"
ok "as typed cards" sh -c "test \"\$('$LORE' export --json | grep -c '\"kind\":\"typed\",\"ts\"')\" -eq 4"
printf 'rectified linear UNIT.\n\n' | "$LORE" quiz --mode typed \
    --category activations --letter R -n 1 > "$tmp/out3b" 2>&1
ok "the long alias of an acronym is accepted" contains "$tmp/out3b" \
    "Correct: ReLU"

# ---- multiple choice ----
export LORE_PROGRESS="$tmp/choice.db"
# Peek at the card (q stops before any grade), then answer it for real:
# the same LORE_NOW gives the same card with the same choices.
choice_of() {	# choice_of FILE TERM: the number in front of TERM
	sed -n "s/^  \\([1-4]\\)) $2\$/\\1/p" "$1"
}
echo q | "$LORE" quiz --mode choice --category optimizers -n 1 > "$tmp/peek"
right=$(choice_of "$tmp/peek" AdaGrad)
is "$(grep -c '^  [1-4]) ' "$tmp/peek")" 4 "four choices"
ok "AdaGrad is one of them" test -n "$right"
is "$(log_grades | wc -l | tr -d ' ')" 0 "q before answering grades nothing"
printf '7\n%s\n\n' "$right" | "$LORE" quiz --mode choice --category optimizers \
    -n 1 > "$tmp/ch1" 2>&1
ok "a number out of range asks again" contains "$tmp/ch1" \
    "Pick a number from 1 to 4."
ok "the right pick is correct" contains "$tmp/ch1" "Correct: AdaGrad"
echo q | "$LORE" quiz --mode choice --category optimizers -n 1 > "$tmp/peek2"
right=$(choice_of "$tmp/peek2" Adam)
wrong=$((right % 4 + 1))
printf '%s\n\n' "$wrong" | "$LORE" quiz --mode choice --category optimizers \
    -n 1 > "$tmp/ch2" 2>&1
ok "a wrong pick shows the term" contains "$tmp/ch2" \
    "Wrong: the answer is Adam"
is "$(log_grades | tr '\n' ' ')" "3 1 " "choice grades: Good, then Again"

# ---- the pipe protocol: answer line, then grade line, for every kind ----
# Enter shows the answer and the grade line decides; a grade given after a
# typed or picked answer overrides the earned one.
export LORE_PROGRESS="$tmp/pipe.db"
printf '\n3\n\n3\n' | "$LORE" quiz --mode typed --category activations \
    -n 2 > "$tmp/pipe1" 2>&1
is "$(log_grades | tr '\n' ' ')" "3 3 " "typed: Enter, 3, Enter, 3 logs Good twice"
ok "Enter shows the answer" contains "$tmp/pipe1" "Answer: ELU"
is "$(grep -c '^Saved:' "$tmp/pipe1")" 2 "two cards, two grades"
printf 'Sigmoyd\n4\n' | "$LORE" quiz --mode typed --category activations \
    --letter S -n 1 > "$tmp/pipe2" 2>&1
ok "a near miss still shows its verdict" contains "$tmp/pipe2" "Almost: "
printf 'Tnah\n\n' | LORE_PROGRESS="$tmp/swap.db" "$LORE" quiz --mode typed \
    --category activations --letter T -n 1 > "$tmp/swap" 2>&1
ok "two letters swapped are one edit: almost, even in a short term" \
    contains "$tmp/swap" "Almost: T[an/na]h"
is "$(saved_grades "$tmp/swap")" 2 "graded Hard"
is "$(saved_grades "$tmp/pipe2")" 4 "and the grade line overrides it"
printf '\n2\n' | "$LORE" quiz --mode choice --category optimizers -n 1 \
    > "$tmp/pipe3" 2>&1
ok "choice: Enter shows the answer" contains "$tmp/pipe3" "Answer: "
is "$(saved_grades "$tmp/pipe3")" 2 "and the grade line grades it"
is "$(log_grades | wc -l | tr -d ' ')" 4 "no answer was taken for a grade"

# ---- --mode recent: the terms looked up lately ----
# Nothing in the CLI records lookups yet, so they are written directly.
if command -v sqlite3 > /dev/null 2>&1; then
	sqlite3 "$LORE_PROGRESS" "INSERT INTO lookup (slug, ts) VALUES
	    ('momentum', $NOW - 60), ('tanh', $NOW - 30)"
	printf '\n3\n\n3\n' | "$LORE" quiz --mode recent > "$tmp/rec" 2>&1
	is "$(grep '^\[' "$tmp/rec" | grep -v ', again$' | tr '\n' ' ')" \
	    "[1/2] define, new [2/2] define, new " "--mode recent: two cards"
	is "$(sed -n '3p; /^\[2\/2\]/{n;p;}' "$tmp/rec" | tr '\n' ' ')" \
	    "Momentum Tanh " "of the two terms looked up"
else
	skip "no sqlite3 shell to record lookups"
	skip "no sqlite3 shell to record lookups"
fi

# ---- --mode recent without lookups ----
export LORE_PROGRESS="$tmp/recent.db"
"$LORE" quiz --mode recent < /dev/null > /dev/null 2> "$tmp/recent"
is "$?" 1 "--mode recent with no lookups exits 1"
ok "and says what to do" contains "$tmp/recent" "no recent lookups"
"$LORE" quiz --mode bogus < /dev/null > /dev/null 2>&1
is "$?" 2 "an unknown mode is a usage error"
"$LORE" quiz --help > "$tmp/qhelp"
ok "--help lists every quiz option" sh -c "grep -q -- '-l, --letter L' '$tmp/qhelp' &&
    grep -q -- '-c, --category C *list, quiz' '$tmp/qhelp' &&
    grep -q -- '--retention R' '$tmp/qhelp' && grep -q -- '--mode M' '$tmp/qhelp'"

# ---- kill -9 after N acknowledged grades ----
export LORE_PROGRESS="$tmp/kill.db"
mkfifo "$tmp/fifo"
"$LORE" quiz --category activations -n 10 < "$tmp/fifo" > "$tmp/kill" 2>&1 &
pid=$!
exec 3> "$tmp/fifo"
k=0
for g in 1 3 4 2 3; do
	printf '\n%s\n' "$g" >&3
	k=$((k + 1))
	wait_saved "$tmp/kill" $k || break
done
# Answer the next card and kill without waiting: its grade may or may not
# be in the log, but none that were acknowledged may be missing.
printf '\n4\n' >&3
kill -9 $pid
wait $pid 2>/dev/null
exec 3>&-
acked=$(saved_grades "$tmp/kill" | tr '\n' ' ')
case $acked in
"1 3 4 2 3 "|"1 3 4 2 3 4 ") r=0 ;;
*) r=1 ;;
esac
is "$r:$acked" "0:$acked" "five (or, if the kill came late, six) grades acknowledged"
logged=$(log_grades | tr '\n' ' ')
case $logged in
"$acked"*) r=0 ;;
*) r=1 ;;
esac
is "$r:$logged" "0:$acked" "every acknowledged grade is in the log, in order"
extra=$(($(echo $logged | wc -w) - $(echo $acked | wc -w)))
ok "nothing else logged but, at most, the card being answered ($extra)" \
    test "$extra" -le 1
"$LORE" stats > /dev/null 2>&1
is "$?" 0 "progress.db still opens after kill -9"
if command -v sqlite3 > /dev/null 2>&1; then
	is "$(sqlite3 "$tmp/kill.db" 'PRAGMA integrity_check')" ok \
	    "PRAGMA integrity_check after kill -9"
else
	skip "no sqlite3 shell for PRAGMA integrity_check"
fi
n0=$(log_grades | wc -l | tr -d ' ')
printf '\n3\n' | "$LORE" quiz --category activations -n 1 > /dev/null 2>&1
is "$(log_grades | wc -l | tr -d ' ')" "$((n0 + 1))" \
    "and takes new reviews"

# ---- SIGHUP while waiting for a grade ----
export LORE_PROGRESS="$tmp/hup.db"
rm -f "$tmp/fifo"
mkfifo "$tmp/fifo"
"$LORE" quiz --category activations -n 10 < "$tmp/fifo" > "$tmp/hup" 2>&1 &
pid=$!
exec 3> "$tmp/fifo"
printf '\n3\n\n1\n' >&3
wait_saved "$tmp/hup" 2
printf '\n' >&3		# reveal the third card; its grade never comes
i=0
while ! grep -q '^\[3/10\]' "$tmp/hup" && [ $i -lt 100 ]; do
	sleep 0.1; i=$((i + 1))
done
kill -HUP $pid
wait $pid
is "$?" 0 "SIGHUP ends the session cleanly (exit 0)"
exec 3>&-
ok "with a summary" contains "$tmp/hup" \
    "2 cards reviewed (2 grades saved): 1 Again, 0 Hard, 1 Good, 0 Easy."
is "$(log_grades | tr '\n' ' ')" "3 1 " "the two grades given are kept"

# ---- Anki export ----
"$LORE" export --anki "$tmp/deck.txt" 2> "$tmp/anki.err"
is "$?" 0 "export --anki exits 0"
ok "reports the notes written" contains "$tmp/anki.err" "15 notes"
is "$(head -5 "$tmp/deck.txt" | tr '\t' '|' | tr '\n' ' ')" \
    "#separator:tab #html:true #notetype:Basic #columns:Front|Back|Tags #tags column:3 " \
    "Anki header lines"
is "$(grep -vc '^#' "$tmp/deck.txt")" 15 "one line per term"
is "$(grep -v '^#' "$tmp/deck.txt" | awk -F'\t' 'NF != 3' | wc -l | tr -d ' ')" \
    0 "three tab-separated fields on every line"
is "$(grep '^Leaky ReLU' "$tmp/deck.txt")" \
    "$(printf 'Leaky ReLU\tLike <span class="lore-link">ReLU</span>, but for inputs &lt; 0 the output is a <b>small slope</b> &amp; not zero.\tlore activations')" \
    "HTML escaped, bold, a link's text in a span lore reads back"
is "$(grep '^ELU' "$tmp/deck.txt" | cut -f2)" \
    '<i>Also: exponential linear unit</i><br><br>The <b>ELU</b> is \(x\) for \(x &gt; 0\) and \(\alpha (e^x - 1)\) otherwise, so its<br>mean output is closer to zero.' \
    "aliases first; math in Anki's MathJax delimiters"
ok "display math as \\[ \\]" grep -q '\\\[\\mathrm{GELU}(x) = x \\Phi(x)\\\]' "$tmp/deck.txt"
# The temporary file is not a name known in advance: a link planted at
# deck.tmp (or deck.txt.tmp) must not be written through.
echo "precious" > "$tmp/precious"
ln -s "$tmp/precious" "$tmp/deck3.txt.tmp"
"$LORE" export --anki "$tmp/deck3.txt" 2>/dev/null
is "$(cat "$tmp/precious")" "precious" "export writes through no link at DECK.tmp"
is "$(grep -vc '^#' "$tmp/deck3.txt")" 15 "and still writes the deck"
ok "and leaves no temporary file" sh -c "! ls '$tmp' | grep -q '^deck3.txt.[A-Za-z0-9]\{6\}\$'"
is "$(umask 022; "$LORE" export --anki "$tmp/deck4.txt" 2>/dev/null; stat -c %a "$tmp/deck4.txt")" \
    644 "the deck gets the mode of a new file (umask 022)"
"$LORE" export --anki - --category optimizers > "$tmp/deck2"
is "$(grep -vc '^#' "$tmp/deck2")" 5 "--anki - writes the deck to stdout, filtered"
"$LORE" export > /dev/null 2>&1
is "$?" 2 "export without --anki or --json is a usage error"

# ---- JSON export: numbers that read back as stored ----
if command -v sqlite3 > /dev/null 2>&1; then
	sqlite3 "$LORE_PROGRESS" "UPDATE card SET stability = 36500.123456789012,
	    difficulty = 5.3 WHERE rowid = (SELECT min(rowid) FROM card);
	    UPDATE review_log SET stability_after = 1234567.8901234567
	    WHERE id = (SELECT min(id) FROM review_log)"
	"$LORE" export --json > "$tmp/exp-num"
	ok "a large stability keeps all its digits" contains "$tmp/exp-num" \
	    '"stability":36500.12345678901,"difficulty":5.3,'
	ok "in the review log too" contains "$tmp/exp-num" \
	    '"stability_after":1234567.8901234567,'
else
	skip "no sqlite3 shell to store exact stabilities"
	skip "no sqlite3 shell to store exact stabilities"
fi

# ---- desired retention: higher retention, shorter intervals ----
easy() {	# easy R: the Easy interval a new card shows at retention R
	printf '\n4\n' | LORE_PROGRESS="$tmp/ret$1.db" "$LORE" quiz -n 1 \
	    --retention "$1" 2>&1 | sed -n 's/.*4 Easy \([0-9]*d\).*/\1/p' | head -n 1
}
is "$(easy 0.9)" "8d" "retention 0.9: a new card graded Easy is due in 8 days"
is "$(easy 0.97)" "2d" "retention 0.97 shortens it to 2 days"
is "$(easy 0.8)" "28d" "retention 0.8 stretches it to 28 days"
"$LORE" quiz --retention 1.5 < /dev/null > /dev/null 2>&1
is "$?" 2 "a retention out of range is a usage error"

# ---- the config file's retention is lore quiz's too ----
easy_conf() {	# the Easy interval of a new card, no --retention
	printf '\n4\n' | LORE_PROGRESS="$tmp/conf$1.db" "$LORE" quiz -n 1 \
	    2> "$tmp/conf.err" | sed -n 's/.*4 Easy \([0-9]*d\).*/\1/p' | head -n 1
}
mkdir -p "$tmp/config/lore"
printf 'bind j no-such-action\nset theme nope\nset retention 0.8\n' \
    > "$tmp/config/lore/config"
is "$(easy_conf a)" "28d" "set retention 0.8 in the config: 28 days"
is "$(cat "$tmp/conf.err")" "" "the browser's lines are left to the browser"
is "$(printf '\n4\n' | LORE_PROGRESS="$tmp/confb.db" "$LORE" quiz -n 1 \
    --retention 0.97 2>&1 | sed -n 's/.*4 Easy \([0-9]*d\).*/\1/p' |
    head -n 1)" "2d" "--retention overrides the config"
printf 'set retention 1.5\n' > "$tmp/config/lore/config"
is "$(easy_conf c)" "8d" "a bad retention in the config is not used"
ok "and is reported with its file and line" contains "$tmp/conf.err" \
    "config/lore/config:1: 'set retention' takes 0.70 to 0.99, not '1.5'"
rm -f "$tmp/config/lore/config"

done_testing
