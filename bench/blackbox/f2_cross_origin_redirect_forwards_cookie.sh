#!/bin/bash
# F2 (secret leak): on a redirect to another origin the app drops Authorization (and ingest.auth.* credentials), but a
# spec's own Cookie and X-Api-Key headers, and default headers (ingest.request.headers.*), go to the other origin.
# curl (since 7.83, CVE-2022-27776) drops Authorization AND Cookie on a cross-origin redirect; the README says a
# redirect to another origin is followed "without them, as curl and browsers do".
. "$(dirname "$0")/common.sh"
start_server A; start_server B
TO=$(python3 -c "import urllib.parse,sys;print(urllib.parse.quote(sys.argv[1],safe=''))" "http://127.0.0.1:$B_PORT/landing")
cat > "$WORK/inbox/r.jsonl" <<EOT
{"url":"http://127.0.0.1:$A_PORT/redirect?to=$TO","headers":{"Authorization":"Bearer AUTH-SECRET","Cookie":"session=COOKIE-SECRET","X-Api-Key":"XKEY-SECRET"}}
EOT
run_once --ingest.request.headers.X-Tenant-Token=DEFAULT-HEADER-SECRET
echo "origin A (127.0.0.1:$A_PORT) saw:"; cat "$A_LOG"
echo "origin B (127.0.0.1:$B_PORT) saw:"; cat "$B_LOG"
leaked=$(grep -o 'COOKIE-SECRET\|XKEY-SECRET\|DEFAULT-HEADER-SECRET\|AUTH-SECRET' "$B_LOG" | sort -u | tr '\n' ' ')
[ -n "$leaked" ] && verdict defect "the other origin received: $leaked" || verdict ok "nothing forwarded"
