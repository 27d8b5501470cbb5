#!/bin/sh
# Replay the import-stardict fuzz corpus (seeds and every crash found): one TAP test a file.
exec ./tests/fuzz/replay-import-stardict "$srcdir/tests/fuzz/corpus/import-stardict"
