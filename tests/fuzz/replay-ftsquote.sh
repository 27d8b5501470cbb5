#!/bin/sh
# Replay the ftsquote fuzz corpus (seeds and every crash found): one TAP test a file.
exec ./tests/fuzz/replay-ftsquote "$srcdir/tests/fuzz/corpus/ftsquote"
