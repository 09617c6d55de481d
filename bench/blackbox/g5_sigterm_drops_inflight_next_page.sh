#!/bin/bash
# G5 (wrong output / repeated request): SIGTERM while page 2 of a chain is in flight. The server answers it in full
# (2 s, within ingest.shutdown-timeout-ms), but its record is not written ("WARN NextPages - ... page 2 could not be
# handed on: ... the file's run has ended") and the restart requests page 2 again. Page 1 in flight at SIGTERM is
# kept (not requested again), so only next pages are lost.
# README, Guarantees, "Graceful stop": "no new request starts ..., in-flight requests finish (within
# ingest.shutdown-timeout-ms), and the app exits 0"; "a request that was in flight when the process died may be
# sent again after the restart, and nothing else is" - here the process did not die, it was asked to stop.
. "$(dirname "$0")/common.sh"
cat > "$WORK/scen.py" <<'PY'
def handle(h, p, q, n):
    pg = int(q.get("page", "1"))
    time.sleep(2)
    send(h, 200, {"data": [pg], "next": "/a?page=%d" % (pg + 1) if pg < 3 else None})
PY
start_scenario S "$WORK/scen.py"
echo "http://127.0.0.1:$S_PORT/a" > "$WORK/inbox/t.txt"
ARGS=(--ingest.paginate.type=next-url --ingest.paginate.next-path=/next)
(cd "$WORK" && exec java -jar "$JAR" --ingest.once=true --ingest.metrics.port=0 --ingest.progress-interval-s=0 "${ARGS[@]}" >stdout1.txt 2>stderr1.txt) & J=$!
for _ in $(seq 1 300); do [ "$(wc -l < "$S_LOG")" -ge 2 ] && break; sleep 0.1; done
sleep 1; kill -TERM $J; wait $J; echo "first run (SIGTERM 1 s into page 2): exit $?"
grep WARN "$WORK/stderr1.txt" | cut -c1-200
n1=$(wc -l < "$S_LOG")
echo "records after the stop: $(cat "$WORK"/outbox/t/part-*.jsonl "$WORK"/outbox/t/.part-*.tmp 2>/dev/null | grep -o '"page":[0-9]*' | tr '\n' ' ')"
run_once "${ARGS[@]}"
echo "requests, first run:  $(head -n "$n1" "$S_LOG" | python3 -c 'import sys,json;print(" ".join(json.loads(l)["path"] for l in sys.stdin))')"
echo "requests, second run: $(tail -n +$((n1 + 1)) "$S_LOG" | python3 -c 'import sys,json;print(" ".join(json.loads(l)["path"] for l in sys.stdin))')"
python3 -c "import json,datetime;[print(datetime.datetime.fromtimestamp(json.loads(l)[\"t\"]).strftime(\"%H:%M:%S.%f\")[:-3], json.loads(l)[\"path\"]) for l in open(\"$S_LOG\")]"; grep -hE "stopping|WARN|shutdown" $WORK/stderr1.txt | cut -c1-120
c=$(grep -c '"path": "/a?page=2"' "$S_LOG")
[ "$c" -gt 1 ] && verdict defect "page 2 was in flight at SIGTERM, answered, not recorded, and requested $c times" || verdict ok "page 2 requested once"
