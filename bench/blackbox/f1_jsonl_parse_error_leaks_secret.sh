#!/bin/bash
# F1 (secret leak): a .jsonl line (or a .csv body cell) that is not valid JSON because a value is unquoted becomes an
# error record whose "error" text quotes the offending token, up to ~256 characters, verbatim (the JSON parser's
# "Unrecognized token '...'" message). The token is often the secret itself (a header value, an api key in query,
# a password in body). README: secrets never appear in output; a too-long spec line shows no part of the line
# because "it may hold a header's secret".
. "$(dirname "$0")/common.sh"
start_server A
SECRET=sk_live_4eC39HqLyjWDarjtT1zdp7dc
cat > "$WORK/inbox/specs.jsonl" <<EOT
{"url":"http://127.0.0.1:$A_PORT/echo","headers":{"X-Api-Key":$SECRET}}
{"url":"http://127.0.0.1:$A_PORT/echo","query":{"api_key":$SECRET}}
EOT
printf 'url,body\nhttp://127.0.0.1:%s/echo,{"password":%s}\n' "$A_PORT" "$SECRET" > "$WORK/inbox/rows.csv"
run_once
cat "$WORK"/outbox/*/errors.jsonl
hits=$(grep -rl -- "$SECRET" "$WORK/outbox" "$WORK/stdout.txt" "$WORK/stderr.txt")
[ -n "$hits" ] && verdict defect "the secret is in: $hits" || verdict ok "no secret in output"
