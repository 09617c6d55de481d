#!/bin/bash
# G8 (wrong request, minor): a next link with a fragment ("/list?page=2#top", in the body or in a Link header) is
# sent with the fragment percent-encoded into the query: GET /list?page=2%23top, so the API reads page="2#top".
# README, Use it: "a #fragment is not sent, as in a browser" (for input URLs; RFC 9110 4.2.4 / RFC 3986: a fragment
# is never part of the request target). A browser following such a link requests /list?page=2.
. "$(dirname "$0")/common.sh"
cat > "$WORK/scen.py" <<'PY'
def handle(h, p, q, n):
    pg = q.get("page", "1")
    if pg == "1": send(h, 200, {"page": pg, "next": "/list?page=2#top"}, {"Link": '</list?page=2#top>; rel="next"'})
    else: send(h, 200 if pg == "2" else 400, {"page": pg, "next": None})
PY
start_scenario S "$WORK/scen.py"
echo "http://127.0.0.1:$S_PORT/list" > "$WORK/inbox/nu.txt"
run_once --ingest.paginate.type=next-url --ingest.paginate.next-path=/next
echo "http://127.0.0.1:$S_PORT/list" > "$WORK/inbox/lh.txt"
run_once --ingest.paginate.type=link-header
echo "server received:"; python3 -c "import json;[print('  ', json.loads(l)['path']) for l in open('$S_LOG')]"
cat "$WORK"/outbox/*/errors.jsonl | cut -c1-200
if grep -q '%23' "$S_LOG"; then verdict defect "the fragment was sent in the query ($(grep -o '"path": "[^"]*%23[^"]*"' "$S_LOG" | sort -u | cut -d'"' -f4))"
elif [ "$(grep -c '"path": "/list?page=2"' "$S_LOG")" = 2 ]; then verdict ok "page 2 requested without the fragment"
else verdict defect "page 2 not requested as /list?page=2"; fi
