#!/bin/bash
# G1 (wrong output): a next link that is only a query ("?page=2"), in a Link header or at ingest.paginate.next-path,
# is resolved against the page's directory ("/items/?page=2", RFC 2396 style) instead of the page's own path
# ("/items/lh?page=2"; RFC 3986 5.2/5.4:
# "?y" against http://a/b/c/d;p?q is http://a/b/c/d;p?y). The chain then fetches another resource.
# README, Pagination: link-header "follows ... rel=\"next\" (relative or absolute ...)"; next-url "the next URL is
# in the body, at a JSON Pointer (relative or absolute)".
. "$(dirname "$0")/common.sh"
cat > "$WORK/scen.py" <<'PY'
def handle(h, p, q, n):
    pg = int(q.get("page", "1"))
    nxt = "?page=%d" % (pg + 1) if pg < 2 else None
    if p == "/items/lh": send(h, 200, {"page": pg}, {"Link": '<%s>; rel="next"' % nxt} if nxt else {})
    elif p == "/items/nu": send(h, 200, {"page": pg, "next": nxt})
    else: send(h, 404, {"error": "no such resource " + p})
PY
start_scenario S "$WORK/scen.py"
echo "http://127.0.0.1:$S_PORT/items/lh" > "$WORK/inbox/lh.txt"
run_once --ingest.paginate.type=link-header
echo "http://127.0.0.1:$S_PORT/items/nu" > "$WORK/inbox/nu.txt"
run_once --ingest.paginate.type=next-url --ingest.paginate.next-path=/next
echo "server received:"; python3 -c "import json;[print('  ', json.loads(l)['path']) for l in open('$S_LOG')]"
cat "$WORK"/outbox/*/errors.jsonl
if [ "$(grep -c '"path": "/items/\(lh\|nu\)?page=2"' "$S_LOG")" != 2 ]; then
  verdict defect "'?page=2' from /items/lh and /items/nu was requested as $(grep -o '"path": "[^"]*?page=2"' "$S_LOG" | sort -u | cut -d'"' -f4 | tr '\n' ' ')(expected /items/lh?page=2 and /items/nu?page=2); page 2 is a 404 error record"
elif [ "$(grep -c '"path": "/items/\(lh\|nu\)?page=2"' "$S_LOG")" = 2 ]; then
  verdict ok "query-only next links keep the page's path"
else verdict defect "page 2 not requested as expected"; fi
