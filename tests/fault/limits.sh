#!/bin/sh
# Size limits: a 1 GB file, a 5 MB line, a 10 MB formula, a million
# aliases, and regexes that backtrack without end. Each is one clear error (or, for the formula spread over lines,
# a bounded render), never an OOM kill: lore runs under ulimit -v, so
# running out of memory shows as a failure here.
. "$srcdir/tests/fault/lib.sh"
need_python

echo "1..15"
make_db
before=$(cksum <"$LORE_DB")

# run_limited NAME CMD...: run with 512 MB of address space and 20 s.
run_limited() {
	( if ! asan; then ulimit -v 524288; fi
	  exec timeout 20 "$@" ) >"$T/out" 2>"$T/err"
}

# 1 GB, sparse: nothing is written to disk.
truncate -s 1G "$T/huge.lore"
run_limited "$LORE" import "$T/huge.lore"; rc=$?
check "1 GB file: exit 2" '[ $rc -eq 2 ]'
check "1 GB file: one message saying too large" \
    '[ "$(lines "$T/err")" -eq 1 ] && grep -q "huge.lore: file too large" "$T/err"'

# One 5 MB line.
python3 -c "
import sys
sys.stdout.write('@term long\n\n' + 'x' * (5 << 20) + '\n')" >"$T/line.lore"
run_limited "$LORE" import "$T/line.lore"; rc=$?
check "5 MB line: exit 2, file:line: message" \
    '[ $rc -eq 2 ] && grep -q "line.lore:3: line longer than 4 MiB" "$T/err"'

# A 10 MB formula on one line is the same error. A 3 MB one, under the
# line cap, imports, and rendering it must end, in bounded memory.
python3 -c "
import sys
sys.stdout.write('@term formula\n\n\$\$' + '\\\\frac{a}{b}+' * ((10 << 20) // 12) + '\$\$\n')" >"$T/f1.lore"
run_limited "$LORE" import "$T/f1.lore"; rc=$?
check "10 MB one-line formula: exit 2 with line too long" \
    '[ $rc -eq 2 ] && grep -q "f1.lore:3: line longer" "$T/err"'
python3 -c "
import sys
sys.stdout.write('@term formula\n\n\$\$' + '\\\\frac{a}{b}+x^{2}' * ((3 << 20) // 16) + '\$\$\n')" >"$T/f2.lore"
run_limited env LORE_DB="$T/f2.db" "$LORE" import "$T/f2.lore"; rc=$?
check "3 MB one-line formula: imports" '[ $rc -eq 0 ]'
run_limited env LORE_DB="$T/f2.db" "$LORE" --width 80 define formula; rc=$?
check "3 MB formula: define ends in 20 s (exit 0 or 2, not killed)" \
    '[ $rc -le 2 ]'

# Pathological LaTeX: 5000 nested \frac, 5000 nested \sqrt and a chain
# of 20000 superscripts. The renderer must give up on depth, not recurse
# off the stack, and finish.
python3 -c "
import sys
sys.stdout.write('@term nest\n\n\$\$' + '\\\\frac{' * 5000 + 'x' + '}{y}' * 5000 +
    '\$\$\n\n\$' + '\\\\sqrt{' * 5000 + 'x' + '}' * 5000 + '\$ and \$' + 'x^' * 20000 + 'y\$\n')" >"$T/nest.lore"
run_limited env LORE_DB="$T/nest.db" "$LORE" import "$T/nest.lore"; rc=$?
run_limited env LORE_DB="$T/nest.db" "$LORE" --width 80 define nest; rc2=$?
check "deeply nested LaTeX: imports, and define ends in 20 s with exit 0" \
    '[ $rc -eq 0 ] && [ $rc2 -eq 0 ]'

# A million aliases on one 2 MB header line.
python3 -c "
import sys
sys.stdout.write('@term many\n@aliases ' + 'a;' * 10**6 + '\n\nMany names.\n')" >"$T/alias.lore"
run_limited "$LORE" import "$T/alias.lore"; rc=$?
check "a million aliases: exit 2, says more than 256 names" \
    '[ $rc -eq 2 ] && [ "$(lines "$T/err")" -eq 1 ] && grep -q "alias.lore:2: more than 256 names in @aliases" "$T/err"'

# Exactly 256 is fine.
python3 -c "
import sys
sys.stdout.write('@term many\n@aliases ' + '; '.join('b%d' % i for i in range(256)) + '\n\nMany names.\n')" >"$T/a256.lore"
run_limited env LORE_DB="$T/a256.db" "$LORE" import "$T/a256.lore"; rc=$?
check "256 aliases: imported" '[ $rc -eq 0 ]'

# Pathological regexes on a long line of a's: a clear "too complex" and
# exit 2 in bounded time, never a hang. Only this database is searched,
# so no headword matches first and the body is always tried.
printf '@term Long line\n\n%s!\n' "$(python3 -c "print('a' * 4000)")" >"$T/aaaa.lore"
env LORE_DB="$T/aaaa.db" "$LORE" import "$T/aaaa.lore" >/dev/null 2>&1
for re in '(a+)+$' '(a|aa)+$' '(a+)\1+$' '(?:(?=a*!)a)+$'; do
	start=$(date +%s)
	run_limited env LORE_DB="$T/aaaa.db" LORE_CORPUS="$T/none.db" \
	    "$LORE" search "$re"; rc=$?
	secs=$(( $(date +%s) - start ))
	check "search '$re': exit 2, 'too complex', in ${secs} s" \
	    '[ $rc -eq 2 ] && grep -q "too complex" "$T/err" && [ $secs -le 10 ]'
done

check "the database is unchanged by the failed imports" \
    '[ "$(cksum <"$LORE_DB")" = "$before" ]'
"$LORE" list >"$T/out" 2>"$T/err"
check "and still lists its terms" 'grep -qx alpha "$T/out" && grep -qx beta "$T/out"'
