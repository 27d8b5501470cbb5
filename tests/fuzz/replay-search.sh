#!/bin/sh
# Replay the search fuzz corpus (seeds and every crash found): one TAP test a file.
exec ./tests/fuzz/replay-search "$srcdir/tests/fuzz/corpus/search"
