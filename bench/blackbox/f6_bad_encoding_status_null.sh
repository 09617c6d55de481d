#!/bin/bash
# F6 (wrong output, minor): a 200 whose body is not valid data of its Content-Encoding is recorded with "status": null
# and is left out of the summary's statusCounts, although a response came. README: "status is null when no response
# came"; a body in an encoding the client does not decode (compress) and a body too large keep "status": 200.
. "$(dirname "$0")/common.sh"
start_server A
echo "http://127.0.0.1:$A_PORT/badgzip" > "$WORK/inbox/g.txt"
run_once
cat "$WORK/outbox/g/errors.jsonl" "$WORK/outbox/g/_SUMMARY.json"; echo
grep -q '"status":null' "$WORK/outbox/g/errors.jsonl" && verdict defect "status null for a 200 response" || verdict ok "status kept"
