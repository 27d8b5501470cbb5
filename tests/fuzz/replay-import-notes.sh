#!/bin/sh
# Replay the import-notes fuzz corpus (seeds and every crash found): one TAP test a file.
exec ./tests/fuzz/replay-import-notes "$srcdir/tests/fuzz/corpus/import-notes"
