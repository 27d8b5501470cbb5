#!/bin/sh
# Replay the import-store fuzz corpus (seeds and every crash found): one TAP test a file.
exec ./tests/fuzz/replay-import-store "$srcdir/tests/fuzz/corpus/import-store"
