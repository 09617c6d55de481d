#!/usr/bin/env python3
"""check_out.py OUTDIR: reads part-*.jsonl, errors.jsonl, _SUMMARY.json; prints counts, duplicate (line,page,item) keys
and whether the summary adds up with what is on disk. Exit 0 always; prints 'MISMATCH ...' lines."""
import json, sys, glob, os, collections
d = sys.argv[1]
ok, err = [], []
for f in sorted(glob.glob(os.path.join(d, "part-*.jsonl"))):
    ok += [json.loads(l) for l in open(f, encoding="utf-8") if l.strip()]
ef = os.path.join(d, "errors.jsonl")
if os.path.exists(ef): err = [json.loads(l) for l in open(ef, encoding="utf-8") if l.strip()]
keys = collections.Counter((r.get("line"), r.get("page"), r.get("item")) for r in ok + err)
dups = {k: c for k, c in keys.items() if c > 1}
print("on disk: %d success records, %d error records, %d item records, %d distinct keys, %d duplicated keys"
      % (len(ok), len(err), sum(1 for r in ok if "item" in r), len(keys), len(dups)))
for k, c in list(dups.items())[:5]: print("  DUPLICATE key (line,page,item)=%s x%d" % (k, c))
sp = os.path.join(d, "_SUMMARY.json")
if os.path.exists(sp):
    s = json.load(open(sp))
    print("summary: " + json.dumps({k: s.get(k) for k in ("total", "succeeded", "failed", "records", "errors", "pages", "items", "truncated", "deadlineExceeded")}))
    lines_with_err = {r["line"] for r in err}
    checks = [("records", s["records"], len(ok) + len(err)), ("errors", s["errors"], len(err)),
              ("total", s["total"], s["succeeded"] + s["failed"]),
              ("items", s["items"], sum(1 for r in ok if "item" in r))]
    for name, a, b in checks:
        if a != b: print("MISMATCH %s: summary %s, on disk/expected %s" % (name, a, b))
    if s["failed"] < len(lines_with_err): print("MISMATCH failed: summary %d, lines with an error record %d" % (s["failed"], len(lines_with_err)))
else:
    print("no _SUMMARY.json")
