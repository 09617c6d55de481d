#!/bin/bash
# G6 (wrong output): ingest.file-deadline-s=1, one request whose server answers 200 with its whole body after 3 s
# (ingest.timeout-ms=10000). Without ingest.items-path the record is kept (status 200, as README says). With
# ingest.items-path=/data the answer is thrown away: an error record "deadline exceeded", status null, no item,
# and the 200 is missing from statusCounts.
# README, Deadline per file: "Requests already in flight finish (within ingest.timeout-ms) and keep their records."
# ("a response streaming items stops at the next item": this one had not started streaming at the deadline.)
. "$(dirname "$0")/common.sh"
cat > "$WORK/scen.py" <<'PY'
def handle(h, p, q, n):
    time.sleep(3); send(h, 200, {"data": [1, 2]})
PY
start_scenario S "$WORK/scen.py"
echo "http://127.0.0.1:$S_PORT/plain" > "$WORK/inbox/plain.txt"
run_once --ingest.file-deadline-s=1 --ingest.timeout-ms=10000
echo "http://127.0.0.1:$S_PORT/items" > "$WORK/inbox/items.txt"
run_once --ingest.file-deadline-s=1 --ingest.timeout-ms=10000 --ingest.items-path=/data
for n in plain items; do echo "$n:"; cat "$WORK/outbox/$n"/part-*.jsonl "$WORK/outbox/$n/errors.jsonl" 2>/dev/null | cut -c1-200
  grep -o '"succeeded":[0-9]*,"failed":[0-9]*\|"statusCounts":{[^}]*}' "$WORK/outbox/$n/_SUMMARY.json" | tr '\n' ' '; echo; done
echo "server received $(wc -l < "$S_LOG") requests, answered each 200 after 3 s"
# README "Deadline per file": a request in flight keeps its record, except a response of items, which stops at its
# next item (a long export must not outlive the deadline); the page's error record then carries its status
if grep -q '"status":null.*deadline exceeded' "$WORK/outbox/items/errors.jsonl" || ! grep -q '"status":200' "$WORK/outbox/plain/part-00001.jsonl"; then
  verdict defect "the deadline lost the status of a response in flight, or dropped a plain response in flight"
else verdict ok "the plain response in flight kept its record; the items response stopped at its next item, with its status 200"; fi
