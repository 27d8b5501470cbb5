#!/bin/sh
# Replay the gram fuzz corpus (seeds and every crash found): one TAP test a file.
exec ./tests/fuzz/replay-gram "$srcdir/tests/fuzz/corpus/gram"
