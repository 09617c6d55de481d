#!/bin/bash
# F7 (wrong output, minor): (a) a .csv line starting with '#' is not skipped: it becomes a row (an error record, or
# worse a request when it has enough fields). README, "Use it" step 1: "Blank lines and lines starting with # are
# skipped", for all three formats. (b) a .jsonl spec with a key twice inside "meta" keeps the last value silently,
# and inside "query" sends both; README: "a key given twice ... becomes an error record".
. "$(dirname "$0")/common.sh"
start_server A
printf 'id,url\r\n# note,ignored\r\n1,http://127.0.0.1:%s/echo\r\n' "$A_PORT" > "$WORK/inbox/c.csv"
printf '{"url":"http://127.0.0.1:%s/echo","meta":{"m":"1","m":"2"}}\n{"url":"http://127.0.0.1:%s/echo","query":{"a":"1","a":"2"}}\n' "$A_PORT" "$A_PORT" > "$WORK/inbox/d.jsonl"
run_once
cut -c1-140 "$WORK"/outbox/c/*.jsonl "$WORK"/outbox/d/*.jsonl
d=0
# (a) is as README now says: in a .csv file a line starting with # is a row (CSV has no comments)
grep -q '"meta":{"m":"2"}' "$WORK"/outbox/d/part-*.jsonl && { echo "(b) meta key given twice accepted, last value kept"; d=1; }
[ $d = 1 ] && verdict defect "see above" || verdict ok "duplicates refused"
