#!/bin/sh
# Replay the import-lore fuzz corpus (seeds and every crash found): one TAP test a file.
exec ./tests/fuzz/replay-import-lore "$srcdir/tests/fuzz/corpus/import-lore"
