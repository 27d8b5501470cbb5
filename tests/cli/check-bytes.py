#!/usr/bin/env python3
"""check-bytes.py [--sgr] FILE... - fail when output could drive a terminal.

Each file must be valid UTF-8 and hold no ESC or other C0 control but tab
and newline, no DEL, no C1 control (U+0080-U+009F) and no bidi embedding,
override or isolate (U+202A-U+202E, U+2066-U+2069). Prints the first
offence of each bad file and exits 1. With --sgr, lore's own colour
codes (ESC [ digits ; m) are allowed and removed first."""
import re
import sys

BAD = set(range(0x00, 0x20)) - {0x09, 0x0A}
BAD |= {0x7F} | set(range(0x80, 0xA0))
BAD |= set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))

args = sys.argv[1:]
sgr = args[:1] == ['--sgr']
if sgr:
    args = args[1:]
rc = 0
for path in args:
    data = open(path, 'rb').read()
    if sgr:
        data = re.sub(rb'\x1b\[[0-9;]*m', b'', data)
    try:
        text = data.decode('utf-8', errors='strict')
    except UnicodeDecodeError as e:
        print(f'{path}: invalid UTF-8 at byte {e.start}')
        rc = 1
        continue
    for i, ch in enumerate(text):
        if ord(ch) in BAD:
            print(f'{path}: U+{ord(ch):04X} at character {i}')
            rc = 1
            break
sys.exit(rc)
