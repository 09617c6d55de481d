#!/bin/bash
# G9 (wrong output, minor): under ingest.items-path, a 204 is written as a non-item record ("body":"", no "item")
# in the part files, while an empty array and an empty 200 body give no record at all. In a chain (page 2 a 204)
# the same stray record appears among the items.
# README, Items: "an empty array is a page with no items (and ends a chain), and so is an empty body (a 204)";
# "makes each element of the array there its own record ... instead of one record per response".
. "$(dirname "$0")/common.sh"
cat > "$WORK/scen.py" <<'PY'
def handle(h, p, q, n):
    if p == "/empty-array": send(h, 200, {"data": []})
    elif p == "/empty-200": send(h, 200, b"")
    elif p == "/no-content": send(h, 204, b"", ctype=None)
    elif p == "/chain": send(h, 200, {"data": [1, 2], "next": "/no-content"})
PY
start_scenario S "$WORK/scen.py"
printf 'http://127.0.0.1:%s/%s\n' "$S_PORT" empty-array "$S_PORT" empty-200 "$S_PORT" no-content "$S_PORT" chain > "$WORK/inbox/e.txt"
run_once --ingest.items-path=/data --ingest.paginate.type=next-url --ingest.paginate.next-path=/next
cd "$WORK/outbox/e"; for l in 1 2 3 4; do echo "line $l: $(cat part-*.jsonl | grep -c "\"line\":$l,") records $(cat part-*.jsonl | grep "\"line\":$l," | grep -v '"item"' | cut -c1-120)"; done
grep -o '"records":[0-9]*,"errors":[0-9]*,"pages":[0-9]*,"items":[0-9]*' _SUMMARY.json
stray=$(cat part-*.jsonl | grep -vc '"item"')
[ "$stray" -gt 0 ] && verdict defect "$stray non-item record(s) for 204 pages; an empty array gives none" || verdict ok "a 204 is a page with no items, like an empty array"
