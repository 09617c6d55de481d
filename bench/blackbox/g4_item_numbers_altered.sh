#!/bin/bash
# G4 (wrong output): every item (ingest.items-path, and each line of an NDJSON response) goes through a double:
# 1e400 becomes the JSON *string* "Infinity", 3.141592653589793238462643383279 becomes 3.141592653589793,
# 100000000000000000000000000000000000000000000000000.5 becomes 1.0E50, 1.50 becomes 1.5. The same body without
# items-path, on one line, is copied untouched. (A multi-line body without items shows the same loss.)
# README: "A body that is one line of ASCII is copied as it came (numbers and escapes untouched ...) ... any other
# JSON is parsed and written on one line"; Items: "each element of the array there [is] its own record". Changing a
# number into a string, or rounding it, is not writing the element.
. "$(dirname "$0")/common.sh"
cat > "$WORK/scen.py" <<'PY'
NUMS = ["1e400", "3.141592653589793238462643383279", "100000000000000000000000000000000000000000000000000.5", "1.50"]
def handle(h, p, q, n):
    if p == "/nd": send(h, 200, "\n".join(NUMS) + "\n", ctype="application/x-ndjson")
    else: send(h, 200, '{"data":[' + ",".join(NUMS) + ']}')
PY
start_scenario S "$WORK/scen.py"
printf 'http://127.0.0.1:%s/doc\nhttp://127.0.0.1:%s/nd\n' "$S_PORT" "$S_PORT" > "$WORK/inbox/n.txt"
run_once --ingest.items-path=/data
python3 - "$WORK/outbox/n" <<'PY'
import sys, glob, re
want = ["1e400", "3.141592653589793238462643383279", "100000000000000000000000000000000000000000000000000.5", "1.50"]
bad = 0
for f in glob.glob(sys.argv[1] + "/part-*.jsonl"):
    for l in open(f):
        m = re.search(r'"item":(\d+).*"body":(.*)}$', l.strip())
        i, got = int(m.group(1)), m.group(2)
        from decimal import Decimal
        try: same = Decimal(got) == Decimal(want[i])
        except Exception: same = False
        print("item %d: sent %s, written %s%s" % (i, want[i], got, "" if same else "   <-- changed"))
        bad += not same
open(sys.argv[1] + "/bad", "w").write(str(bad))
PY
bad=$(cat "$WORK/outbox/n/bad")
[ "$bad" -gt 0 ] && verdict defect "$bad of 8 numeric items were written with another value or type (1e400 as the string \"Infinity\")" || verdict ok "item numbers are written as sent"
