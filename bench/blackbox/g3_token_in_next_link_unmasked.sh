#!/bin/bash
# G3 (secret leak, minor): with ingest.auth.type=bearer, a next link that carries the token in its query (an API
# echoing ?access_token=...) is written in clear in each page's record "url", in errors.jsonl's "url" and in
# .pages.jsonl, while the same error record's "error" text has it masked as ***.
# README, Auth, "What never appears": "Tokens ... never appear in records, errors.jsonl ... Error texts that quote a
# URL ... have each secret replaced by ***"; the journal "stays in the folder when the file is done".
. "$(dirname "$0")/common.sh"
cat > "$WORK/scen.py" <<'PY'
TOK = "g3SECRETtoken"
def handle(h, p, q, n):
    pg = int(q.get("page", "1"))
    if pg == 1: send(h, 200, {"data": [1], "next": "/list?page=2&access_token=" + TOK})
    elif pg == 2: send(h, 200, {"data": [2], "next": "/list?page=3&access_token=" + TOK + "&bad=a b|c"})
PY
start_scenario S "$WORK/scen.py"
echo "http://127.0.0.1:$S_PORT/list" > "$WORK/inbox/t.txt"
run_once --ingest.auth.type=bearer --ingest.auth.token=g3SECRETtoken --ingest.paginate.type=next-url --ingest.paginate.next-path=/next --ingest.items-path=/data
cd "$WORK/outbox/t" && for f in part-*.jsonl errors.jsonl _SUMMARY.json .pages.jsonl; do
  echo "$f: $(grep -c g3SECRETtoken "$f") lines with the token"; done
grep -h g3SECRETtoken part-*.jsonl errors.jsonl | head -3 | cut -c1-250
n=$(cat part-*.jsonl errors.jsonl _SUMMARY.json .pages.jsonl | grep -c g3SECRETtoken)
[ "$n" -gt 0 ] && verdict defect "the token is in clear in $n lines of the outbox (records' url, .pages.jsonl)" || verdict ok "the token is in no record, summary or journal"
