#!/bin/bash
# F4 (wrong output): a server that closes idle keep-alive connections after 100 ms, fetched under ingest.rate=5
# (one start per 200 ms) with concurrency 1: about half the attempts go out on a connection the server has already
# closed, and fail "the server closed the connection without responding". POSTs are then not retried (the server
# never saw them), and even GETs can fail for good after all retries. README: "A pooled connection idle for 300 ms
# or more is checked before it is used again, so a server that closes idle keep-alive connections quickly does not
# make requests fail unsent"; "A POST or PATCH is retried only when the server surely did not act on it: it was
# never sent".
. "$(dirname "$0")/common.sh"
start_server A 0.1
for i in $(seq 1 10); do echo "{\"id\":$i,\"method\":\"POST\",\"url\":\"http://127.0.0.1:$A_PORT/echo?i=$i\",\"body\":{\"i\":$i}}"; done > "$WORK/inbox/p.jsonl"
run_once --ingest.concurrency=1 --ingest.rate=5
cat "$WORK/outbox/p/_SUMMARY.json"; echo
cut -c1-160 "$WORK/outbox/p/errors.jsonl"
seen=$(grep -c . "$A_LOG"); failed=$(grep -c . "$WORK/outbox/p/errors.jsonl")
echo "server received $seen of 10 POSTs; $failed error records"
[ "$failed" -gt 0 ] && verdict defect "$failed POSTs failed for good without reaching the server" || verdict ok "all sent"
