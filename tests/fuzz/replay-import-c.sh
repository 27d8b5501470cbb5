#!/bin/sh
# Replay the import-c fuzz corpus (seeds and every crash found): one TAP test a file.
exec ./tests/fuzz/replay-import-c "$srcdir/tests/fuzz/corpus/import-c"
