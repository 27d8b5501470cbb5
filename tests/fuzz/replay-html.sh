#!/bin/sh
# Replay the html fuzz corpus (seeds and every crash found): one TAP test a file.
exec ./tests/fuzz/replay-html "$srcdir/tests/fuzz/corpus/html"
