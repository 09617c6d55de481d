#!/bin/bash
# F5 (wrong output, minor): the text check sees only the start of a file. A NUL byte after the first ~64 KiB is not
# caught: the file is processed and the line is fetched with %00 in its URL. (Likewise a non-UTF-8 line early in a
# file sends the whole file to inbox/.error, the same line later is a one-line error record.) README: "A file that
# cannot be read as text (NUL bytes, not UTF-8) moves to inbox/.error/".
. "$(dirname "$0")/common.sh"
start_server A
python3 - "$WORK/inbox/late.txt" "$A_PORT" <<'PY'
import sys
p, port = sys.argv[1], sys.argv[2]
base = ("http://127.0.0.1:%s/echo" % port).encode()
data = b"".join(base + b"?i=%d\n" % i for i in range(3000))           # ~100 KB of good lines
open(p, "wb").write(data + base + b"?nul=\x00\n")
PY
run_once
ls "$WORK/inbox" "$WORK/inbox/.error" 2>/dev/null
grep -o '"path": "[^"]*%00[^"]*"' "$A_LOG" && verdict defect "a NUL byte was sent as %00; the file was not rejected" || verdict ok "rejected"
