#!/bin/sh
# Replay the Markdown fuzz corpus through the renderer: one TAP test a file.
exec ./tests/fuzz/replay-markdown "$srcdir/tests/fuzz/corpus/markdown"
