#!/bin/sh
# Replay the config fuzz corpus through the parser: one TAP test a file.
exec ./tests/fuzz/replay-conf "$srcdir/tests/fuzz/corpus/config"
