#!/bin/sh
# Replay the pattern fuzz corpus (seeds and every crash found): one TAP test a file.
exec ./tests/fuzz/replay-pattern "$srcdir/tests/fuzz/corpus/pattern"
