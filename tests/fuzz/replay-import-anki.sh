#!/bin/sh
# Replay the import-anki fuzz corpus (seeds and every crash found): one TAP test a file.
exec ./tests/fuzz/replay-import-anki "$srcdir/tests/fuzz/corpus/import-anki"
