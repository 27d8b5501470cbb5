#!/bin/sh
# replay-texmath.sh - replay the texmath fuzz corpus (TAP, via the .sh driver).
# make check runs this from the build directory, with srcdir exported.
exec ./tests/fuzz/replay-texmath "${srcdir:-.}/tests/fuzz/corpus/texmath"
