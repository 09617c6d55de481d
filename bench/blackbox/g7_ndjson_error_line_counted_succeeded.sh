#!/bin/bash
# G7 (summary): an NDJSON response with a line that is not JSON gives an error record for that item (as README says),
# but the input line still counts as succeeded: the summary says "failed": 0 with error records in errors.jsonl, and a
# line whose only record is an error (every NDJSON line bad) is "succeeded" too. An items response that is not JSON
# (same file, /doc) counts as failed.
# README: "total, succeeded, failed: requests in the input ... and how they ended ... A line of pages succeeded when
# its whole chain did"; Guarantees: "the summary is written only when the counts add up".
. "$(dirname "$0")/common.sh"
cat > "$WORK/scen.py" <<'PY'
def handle(h, p, q, n):
    if p == "/one-bad": send(h, 200, '{"a":1}\n{not json\n{"a":3}\n', ctype="application/x-ndjson")
    elif p == "/all-bad": send(h, 200, '{not json\n', ctype="application/x-ndjson")
    elif p == "/doc": send(h, 200, '{"data":[1,', ctype="application/json")
    else: send(h, 200, '{"a":1}\n', ctype="application/x-ndjson")
PY
start_scenario S "$WORK/scen.py"
printf 'http://127.0.0.1:%s/%s\n' "$S_PORT" ok "$S_PORT" one-bad "$S_PORT" all-bad "$S_PORT" doc > "$WORK/inbox/n.txt"
run_once --ingest.items-path=/data
cd "$WORK/outbox/n"; cut -c1-170 errors.jsonl; cat _SUMMARY.json | cut -c1-200; echo
python3 "$HERE/check_out.py" .
lines_err=$(grep -o '"line":[0-9]*' errors.jsonl | sort -u | wc -l)
failed=$(grep -o '"failed":[0-9]*' _SUMMARY.json | cut -d: -f2)
[ "$failed" -lt "$lines_err" ] && verdict defect "summary failed=$failed but $lines_err input lines have error records (line 3's only record is an error, yet it 'succeeded')" || verdict ok "every line with an error record counts as failed"
