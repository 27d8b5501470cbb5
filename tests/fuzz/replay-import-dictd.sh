#!/bin/sh
# Replay the import-dictd fuzz corpus (seeds and every crash found): one TAP test a file.
exec ./tests/fuzz/replay-import-dictd "$srcdir/tests/fuzz/corpus/import-dictd"
