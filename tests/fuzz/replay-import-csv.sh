#!/bin/sh
# Replay the import-csv fuzz corpus (seeds and every crash found): one TAP test a file.
exec ./tests/fuzz/replay-import-csv "$srcdir/tests/fuzz/corpus/import-csv"
