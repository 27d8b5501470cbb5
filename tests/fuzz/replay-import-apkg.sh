#!/bin/sh
# Replay the import-apkg fuzz corpus (seeds and every crash found): one TAP test a file.
exec ./tests/fuzz/replay-import-apkg "$srcdir/tests/fuzz/corpus/import-apkg"
