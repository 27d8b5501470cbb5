#!/bin/sh
# Replay the import-b fuzz corpus (seeds and every crash found): one TAP test a file.
exec ./tests/fuzz/replay-import-b "$srcdir/tests/fuzz/corpus/import-b"
