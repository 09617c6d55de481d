#!/bin/bash
# G10 (wrong output, minor): a response of items that streams for ~3.6 s (12 items, one every 0.3 s, never silent for
# ingest.timeout-ms) is recorded with elapsedMs of a few hundred ms on every item, in .pages.jsonl and in the
# summary's latencyMs, i.e. the time to the first bytes, not to the end of the body.
# README: "elapsedMs is the time of the attempt that succeeded, from its request to the end of its body";
# latencyMs: "percentiles of elapsedMs over the URLs that succeeded".
. "$(dirname "$0")/common.sh"
cat > "$WORK/scen.py" <<'PY'
def handle(h, p, q, n):
    h.send_response(200); h.send_header("Content-Type", "application/x-ndjson"); h.send_header("Transfer-Encoding", "chunked"); h.end_headers()
    for i in range(12):
        x = b'{"i":%d}\n' % i; h.wfile.write(b"%x\r\n" % len(x) + x + b"\r\n"); h.wfile.flush(); time.sleep(0.3)
    h.wfile.write(b"0\r\n\r\n"); h.wfile.flush()
PY
start_scenario S "$WORK/scen.py"
echo "http://127.0.0.1:$S_PORT/export" > "$WORK/inbox/x.txt"
run_once --ingest.timeout-ms=1000
cd "$WORK/outbox/x"; tail -1 part-00001.jsonl; cat .pages.jsonl; grep -o '"latencyMs":{[^}]*}' _SUMMARY.json
e=$(grep -o '"elapsedMs":[0-9]*' .pages.jsonl | cut -d: -f2)
[ "$e" -lt 3000 ] && verdict defect "the body took over 3.3 s to arrive, elapsedMs says $e" || verdict ok "elapsedMs $e covers the body"
