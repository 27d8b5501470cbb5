#!/bin/sh
# Replay the import-a fuzz corpus (seeds and every crash found): one TAP test a file.
exec ./tests/fuzz/replay-import-a "$srcdir/tests/fuzz/corpus/import-a"
