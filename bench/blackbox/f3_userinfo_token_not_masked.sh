#!/bin/bash
# F3 (secret leak, minor): a URL carrying a token as user name only (https://TOKEN@host/..., the form GitHub and many
# APIs document) is sent as Basic auth "TOKEN:", but the record's url shows the token in clear; only a password after
# ':' is masked. README: "the record's url shows the password masked".
. "$(dirname "$0")/common.sh"
start_server A
echo "http://ghp-TOKEN-SECRET@127.0.0.1:$A_PORT/echo" > "$WORK/inbox/u.txt"
echo "http://user:PW-SECRET@127.0.0.1:$A_PORT/echo" >> "$WORK/inbox/u.txt"
run_once
cut -c1-120 "$WORK"/outbox/u/part-*.jsonl
grep -q 'ghp-TOKEN-SECRET' "$WORK"/outbox/u/part-*.jsonl && verdict defect "user-only credential in the record url" || verdict ok "masked"
