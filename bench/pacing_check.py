#!/usr/bin/python3
"""Helper of bench/run.sh pacing: writes the input, checks one run, prints the table.

    pacing_check.py urls OUT L_BASE F_BASE D_BASE          the 1,510-line file: 500 L, 1,000 F and 10 D URLs,
                                                             interleaved evenly (each at (i + 0.5) / n of the file)
    pacing_check.py run RESULTS VARIANT TOOL ROUND URLFILE OUTDIR STATS WALL_S START_NS RATE BURST RETRIES [LOG]
                                                             checks one run, prints its line, appends a row
    pacing_check.py table RESULTS                            medians per variant and tool, targets, ratios

A run's figures, all from the server's clock (PaceServer's /__stats) but wall: L's 429s as a share of its
requests (target <= 15 %, the ANNOUNCE variant "a handful", here <= 5 of 500); L's finish = its last 2xx - its
first request, against the bucket's time (500 - BURST) / RATE (target <= 1.3 x that + 10 s); F's last 2xx -
the run's first request (target <= 10 s); D's span = its last answer - the run's first request; every L and F
line a success record in the part files; every D line an error record with attempts = RETRIES + 1.
"""
import glob
import json
import os
import statistics
import sys

N = {"L": 500, "F": 1000, "D": 10}
FIELDS = ["variant", "tool", "round", "wall", "start", "l_req", "l_429", "l_share", "l_finish", "bucket_s",
          "f_done", "d_req", "d_span", "ok_l", "ok_f", "d_ok", "slowed", "recovered", "summary"]


def urls(out, l_base, f_base, d_base):
    items = []
    for key, base in (("L", l_base), ("F", f_base), ("D", d_base)):
        for i in range(N[key]):
            items.append(((i + 0.5) / N[key], key, f"{base}/{key.lower()}/{i + 1}"))
    items.sort()
    with open(out, "w") as f:
        for _, _, url in items:
            f.write(url + "\n")


def origin_key(url, ports):
    port = url.split("/")[2].rsplit(":", 1)[1]
    return ports.get(port)


def check(results, variant, tool, rnd, url_file, outdir, stats_file, wall, start_ns, rate, burst, retries, log=None):
    rate, burst, retries, wall = float(rate), int(burst), int(retries), float(wall)
    with open(stats_file) as f:
        stats = json.load(f)
    with open(url_file) as f:
        lines = [u.strip() for u in f]
    ports = {}
    for key in "LFD":
        first = next(u for u in lines if f"/{key.lower()}/" in u)
        ports[first.split("/")[2].rsplit(":", 1)[1]] = key
    origin_of_line = {i + 1: origin_key(u, ports) for i, u in enumerate(lines)}
    ok = {"L": set(), "F": set(), "D": set()}
    for name in glob.glob(os.path.join(outdir, "part-*.jsonl")):
        with open(name) as f:
            for text in f:
                r = json.loads(text)
                if isinstance(r.get("status"), int) and 200 <= r["status"] < 300 and "error" not in r:
                    ok[origin_of_line[r["line"]]].add(r["line"])
    d_errors = {}
    errors_path = os.path.join(outdir, "errors.jsonl")
    other_errors = 0
    if os.path.exists(errors_path):
        with open(errors_path) as f:
            for text in f:
                r = json.loads(text)
                if origin_of_line.get(r.get("line")) == "D":
                    d_errors[r["line"]] = r
                else:
                    other_errors += 1
    d_ok = (len(d_errors) == N["D"] and all(r.get("attempts") == retries + 1 and r.get("status") == 503
                                          for r in d_errors.values()))
    d_attempts = sorted({r.get("attempts") for r in d_errors.values()})
    first = min(stats[k]["firstUs"] for k in "LFD" if stats[k]["firstUs"] > 0)
    L, F, D = stats["L"], stats["F"], stats["D"]
    l_share = L["refused"] / L["requests"] if L["requests"] else 0
    l_finish = (L["lastOkUs"] - L["firstUs"]) / 1e6 if L["lastOkUs"] else float("nan")
    f_done = (F["lastOkUs"] - first) / 1e6 if F["lastOkUs"] else float("nan")
    d_span = (D["lastUs"] - first) / 1e6 if D["lastUs"] else float("nan")
    start = (first * 1000 - int(start_ns)) / 1e9
    bucket = (N["L"] - burst) / rate
    slowed = recovered = "-"
    slowed_lines = []
    if log and os.path.exists(log):
        with open(log, errors="replace") as f:
            text = f.readlines()
        slowed_lines = [t.strip() for t in text if "slowed to" in t]
        slowed = len(slowed_lines)
        recovered = sum("recovered" in t for t in text)
    summary = "-"
    summary_path = os.path.join(outdir, "_SUMMARY.json")
    if os.path.exists(summary_path):
        with open(summary_path) as f:
            origins = json.load(f).get("origins")
        if origins:
            parts = []
            for name, figures in sorted(origins.items(), key=lambda kv: ports.get(kv[0].rsplit(":", 1)[-1], kv[0])):
                key = ports.get(name.rsplit(":", 1)[-1], name)
                pace = figures.get("pace")
                parts.append(f"{key}:{figures.get('requests')}/{figures.get('throttled')}/"
                             f"{'none' if pace is None else round(pace, 1)}")
            summary = ",".join(parts)
    row = [variant, tool, rnd, f"{wall:.2f}", f"{start:.2f}", L["requests"], L["refused"], f"{l_share:.4f}",
           f"{l_finish:.2f}", f"{bucket:.2f}", f"{f_done:.2f}", D["requests"], f"{d_span:.2f}", len(ok["L"]),
           len(ok["F"]), int(d_ok), slowed, recovered, summary]
    with open(results, "a") as f:
        f.write("\t".join(str(v) for v in row) + "\n")
    print(f"  {variant:<9} {tool:<10} run {rnd}: wall {wall:6.2f} s  start {start:5.2f} s  "
          f"L {L['requests']} requests, {L['refused']} 429 ({100 * l_share:.1f} %), done in {l_finish:.2f} s "
          f"({l_finish / bucket:.2f} x bucket {bucket:.1f} s)  F done at {f_done:.2f} s  "
          f"D {D['requests']} requests, last at {d_span:.2f} s, attempts {d_attempts}"
          + (f"  slowed {slowed}x, recovered {recovered}x" if slowed != "-" else "")
          + (f"  summary origins (requests/throttled/pace) {summary}" if summary != "-" else ""))
    problems = []
    if len(ok["L"]) != N["L"] or len(ok["F"]) != N["F"]:
        problems.append(f"{len(ok['L'])} of {N['L']} L and {len(ok['F'])} of {N['F']} F lines succeeded")
    if not d_ok:
        problems.append(f"{len(d_errors)} of {N['D']} D lines are error records, attempts {d_attempts} "
                        f"(expected {retries + 1}, status 503)")
    if other_errors:
        problems.append(f"{other_errors} error records of L or F lines")
    for p in problems:
        print(f"  WARN {variant} {tool} run {rnd}: {p}")
    if slowed_lines and tool != "aiohttp":
        for t in slowed_lines[:4]:
            print(f"    | {t[-160:]}")
    # L's requests and 429s per second, for the record (the first 60 s)
    per = L.get("perSecond", [])
    print("    L per second (requests/429s): " + " ".join(f"{a}/{b}" for a, b in per[:60]))


def median(xs):
    xs = [x for x in xs if x == x]
    return statistics.median(xs) if xs else float("nan")


def table(results):
    rows = []
    with open(results) as f:
        for text in f:
            v = text.rstrip("\n").split("\t")
            rows.append(dict(zip(FIELDS, v)))
    variants = []
    for r in rows:
        if r["variant"] not in variants:
            variants.append(r["variant"])
    print(f"  {'variant':<10} {'tool':<10} {'runs':>4} {'wall s':>7} {'L reqs':>7} {'L 429s':>7} {'429 %':>6} "
          f"{'L done s':>8} {'x bucket':>8} {'F done s':>8} {'D reqs':>6} {'D last s':>8} {'checks':>7}")
    for variant in variants:
        med = {}
        for tool in ("api-ingest", "aiohttp"):
            rs = [r for r in rows if r["variant"] == variant and r["tool"] == tool]
            if not rs:
                continue
            m = {k: median([float(r[k]) for r in rs]) for k in
                 ("wall", "l_req", "l_429", "l_share", "l_finish", "bucket_s", "f_done", "d_req", "d_span")}
            good = sum(int(r["ok_l"]) == N["L"] and int(r["ok_f"]) == N["F"] and r["d_ok"] == "1" for r in rs)
            med[tool] = (m, rs)
            print(f"  {variant:<10} {tool:<10} {len(rs):>4} {m['wall']:>7.2f} {m['l_req']:>7.0f} {m['l_429']:>7.0f} "
                  f"{100 * m['l_share']:>6.1f} {m['l_finish']:>8.2f} {m['l_finish'] / m['bucket_s']:>8.2f} "
                  f"{m['f_done']:>8.2f} {m['d_req']:>6.0f} {m['d_span']:>8.2f} {good:>3}/{len(rs):<3}")
        if "api-ingest" in med:
            m, rs = med["api-ingest"]
            announce = variant.endswith("-ann")
            bucket = m["bucket_s"]
            limit = 1.3 * bucket + 10

            def verdict(ok_runs, n):
                return f"{'MET' if ok_runs == n else ('NOT MET' if ok_runs == 0 else 'MIXED')} in {ok_runs} of {n} runs"
            if announce:
                n429 = [float(r["l_429"]) for r in rs]
                print(f"    target L 429s <= 5 of 500 (\"a handful\", announced quota): median {m['l_429']:.0f}; "
                      f"{verdict(sum(x <= 5 for x in n429), len(rs))}")
            shares = [float(r["l_share"]) for r in rs]
            print(f"    target L 429 share <= 15 %: median {100 * m['l_share']:.1f} %; "
                  f"{verdict(sum(x <= 0.15 for x in shares), len(rs))}")
            fins = [float(r["l_finish"]) for r in rs]
            print(f"    target L done <= 1.3 x {bucket:.1f} + 10 = {limit:.1f} s: median {m['l_finish']:.2f} s; "
                  f"{verdict(sum(x <= limit for x in fins), len(rs))}")
            fd = [float(r["f_done"]) for r in rs]
            print(f"    target F done <= 10 s after the first request: median {m['f_done']:.2f} s; "
                  f"{verdict(sum(x <= 10 for x in fd), len(rs))}")
            dk = [r["d_ok"] == "1" for r in rs]
            print(f"    D: 10 error records with attempts 4 in {sum(dk)} of {len(rs)} runs")
            print(f"    summary origins (requests/throttled/pace at the end), per run: "
                  + "; ".join(r["summary"] for r in rs))
            print(f"    'slowed to' log lines per run: {', '.join(r['slowed'] for r in rs)}; "
                  f"'recovered': {', '.join(r['recovered'] for r in rs)}")
            if "aiohttp" in med:
                a = med["aiohttp"][0]
                print(f"    aiohttp / api-ingest: wall {a['wall'] / m['wall']:.2f}x, L done {a['l_finish'] / m['l_finish']:.2f}x, "
                      f"F done {a['f_done'] / m['f_done']:.2f}x; L 429s {a['l_429']:.0f} against {m['l_429']:.0f}")


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "urls" and len(sys.argv) == 6:
        urls(*sys.argv[2:])
    elif cmd == "run" and len(sys.argv) in (15, 16):
        check(*sys.argv[2:])
    elif cmd == "table" and len(sys.argv) == 3:
        table(sys.argv[2])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
