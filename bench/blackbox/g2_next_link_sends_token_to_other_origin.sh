#!/bin/bash
# G2 (secret leak): with ingest.auth.type=bearer and ingest.auth.origins empty (the default), a next page link that a
# response points at another origin gets "Authorization: Bearer <token>". The input names one origin only.
# application.properties: "ingest.auth.origins ... empty = every origin of the input. Never to another origin on a
# redirect." README, Auth: "A redirect to another origin (scheme, host or port) is followed without the
# Authorization header". A next link is the server naming the next URL, like a redirect; a 302 to the same host
# would have been stripped. Same for link-header. And even with ingest.auth.origins set to the API's origin only, a
# .jsonl spec's own Authorization, Cookie and X-Api-Key headers go to the other origin of a next link (README,
# Guarantees, "Credentials on redirects": such headers never go to another origin on a redirect).
. "$(dirname "$0")/common.sh"
cat > "$WORK/scen.py" <<'PY'
def handle(h, p, q, n):
    other = int(open(os.environ["OTHER_PORTFILE"]).read()) if "OTHER_PORTFILE" in os.environ else None
    if p == "/list" and other:
        send(h, 200, {"data": [1], "next": "http://127.0.0.1:%d/collect?page=2" % other},
             {"Link": '<http://127.0.0.1:%d/collect?page=2>; rel="next"' % other})
    else:
        send(h, 200, {"data": [2], "next": None})
PY
start_scenario EVIL "$WORK/scen.py"            # the other origin, a different port
export OTHER_PORTFILE=$WORK/EVIL.port
start_scenario API "$WORK/scen.py"
echo "http://127.0.0.1:$API_PORT/list" > "$WORK/inbox/nu.txt"
run_once --ingest.auth.type=bearer --ingest.auth.token=g2SECRETtoken --ingest.paginate.type=next-url --ingest.paginate.next-path=/next
echo "http://127.0.0.1:$API_PORT/list" > "$WORK/inbox/lh.txt"
run_once --ingest.auth.type=bearer --ingest.auth.token=g2SECRETtoken --ingest.paginate.type=link-header
echo "{\"url\":\"http://127.0.0.1:$API_PORT/list\",\"headers\":{\"Authorization\":\"Bearer g2SPECtoken\",\"X-Api-Key\":\"g2SPECkey\",\"Cookie\":\"sid=g2SPECcookie\"}}" > "$WORK/inbox/spec.jsonl"
run_once --ingest.auth.origins=http://127.0.0.1:$API_PORT --ingest.paginate.type=next-url --ingest.paginate.next-path=/next
echo "the other origin (127.0.0.1:$EVIL_PORT) received:"; cut -c1-220 "$EVIL_LOG"
n=$(grep -c 'g2SECRETtoken' "$EVIL_LOG"); m=$(grep -c 'g2SPEC' "$EVIL_LOG")
if [ "$n" -gt 0 ] || [ "$m" -gt 0 ]; then verdict defect "the bearer token (ingest.auth.origins empty) reached another origin in $n next-page requests, a spec's Authorization/Cookie/X-Api-Key (origins restricted) in $m"
elif [ "$(wc -l < "$EVIL_LOG")" -ge 3 ]; then verdict ok "next pages on another origin went without the token"
else verdict defect "the next pages were not requested"; fi
