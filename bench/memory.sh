#!/usr/bin/env bash
# Memory benchmark (issue 3, "huge inputs"): N URLs (default 1,000,000) through the packaged jar with -Xmx256m,
# --ingest.once=true and --ingest.concurrency=64, against a local API on 127.0.0.1 (bench/BenchServer.java).
# Prints lines, wall time, URLs/s, peak RSS of the java process (VmRSS, sampled every second) and the heap left
# after each GC, then checks that the summary counts all N lines.
#
#   bench/memory.sh            # 1,000,000 lines, a few minutes
#   bench/memory.sh 50000      # a quick run
#
# Environment: LATENCY_MS (API latency, default 5), CONCURRENCY (default 64), THREADS (API threads, default
# 2 x CONCURRENCY), KEEP=1 keeps the working folder.
set -euo pipefail

N=${1:-1000000}
LATENCY_MS=${LATENCY_MS:-5}
CONCURRENCY=${CONCURRENCY:-64}
THREADS=${THREADS:-$((2 * CONCURRENCY))}
[[ "$N" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [N]  (N: number of URL lines, a positive integer)" >&2; exit 2; }

cd "$(dirname "$0")/.."
PROJECT=$PWD
JAR=$PROJECT/target/api-ingest.jar
if [[ ! -f "$JAR" ]]; then
    echo "building $JAR ..."
    mvn -B -q -DskipTests package
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/api-ingest-bench.XXXXXX")
SERVER_PID=""
APP_PID=""
SAMPLER_PID=""

stop_pid() {
    local pid=$1
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    stop_pid "$SAMPLER_PID"
    stop_pid "$APP_PID"
    stop_pid "$SERVER_PID"
    if [[ "${KEEP:-0}" == 1 ]]; then
        echo "kept $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# the API
java -Dsun.net.httpserver.nodelay=true "$PROJECT/bench/BenchServer.java" 0 "$LATENCY_MS" "$THREADS" \
    > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
PORT=""
for _ in $(seq 1 600); do
    PORT=$(sed -n 's/^listening on \([0-9]*\)$/\1/p' "$WORK/server.log")
    [[ -n "$PORT" ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "the bench server did not start:" >&2; cat "$WORK/server.log" >&2; exit 1; }
    sleep 0.1
done
[[ -n "$PORT" ]] || { echo "the bench server did not report its port within 60 s" >&2; exit 1; }

# the input: written aside, dated in the past so the intake need not wait for it, then moved in
mkdir -p "$WORK/inbox"
seq 1 "$N" | awk -v base="http://127.0.0.1:$PORT/item/" '{ print base $1 }' > "$WORK/urls.txt"
touch -d '10 seconds ago' "$WORK/urls.txt"
mv "$WORK/urls.txt" "$WORK/inbox/urls.txt"
INPUT_MB=$(du -m "$WORK/inbox/urls.txt" | cut -f1)

echo "api-ingest memory bench: $N lines (${INPUT_MB} MB), -Xmx256m, concurrency $CONCURRENCY, API latency ${LATENCY_MS} ms"
START_NS=$(date +%s%N)
(cd "$WORK" && exec java -Xmx256m -Xlog:gc:file=gc.log -jar "$JAR" --ingest.once=true \
    --ingest.concurrency="$CONCURRENCY") > "$WORK/app.log" 2>&1 &
APP_PID=$!

# VmRSS of the java process, in kB, once a second
(
    while kill -0 "$APP_PID" 2>/dev/null; do
        awk '/^VmRSS:/ { print $2 }' "/proc/$APP_PID/status" 2>/dev/null || true
        sleep 1
    done
) > "$WORK/rss.kb" &
SAMPLER_PID=$!

APP_EXIT=0
wait "$APP_PID" || APP_EXIT=$?
END_NS=$(date +%s%N)
APP_PID=""
wait "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=""

WALL_S=$(awk -v ns=$((END_NS - START_NS)) 'BEGIN { printf "%.1f", ns / 1e9 }')
RATE=$(awk -v n="$N" -v ns=$((END_NS - START_NS)) 'BEGIN { printf "%.0f", n / (ns / 1e9) }')
PEAK_RSS_MB=$(awk 'BEGIN { m = 0 } $1 > m { m = $1 } END { printf "%.0f", m / 1024 }' "$WORK/rss.kb")
SAMPLES=$(wc -l < "$WORK/rss.kb")
# RSS at a quarter, half and three quarters of the run: flat when memory does not grow with the input
RSS_QUARTERS=$(awk '{ v[NR] = $1 } END { if (NR == 0) { print "n/a"; exit }
    printf "%.0f / %.0f / %.0f MB", v[int(NR / 4) + 1] / 1024, v[int(NR / 2) + 1] / 1024, v[int(3 * NR / 4) + 1] / 1024 }' \
    "$WORK/rss.kb")
# heap still in use after each GC (the live data), from -Xlog:gc: "... 120M->35M(256M) ..."
HEAP_AFTER_GC=$(grep -o '[0-9]*M->[0-9]*M' "$WORK/gc.log" 2>/dev/null | sed 's/.*->\([0-9]*\)M/\1/' \
    | awk 'BEGIN { m = 0 } { if ($1 > m) m = $1; last = $1; n++ } END { if (n) printf "max %d MB, last %d MB, %d GCs", m, last, n; else print "no GC logged" }')

SUMMARY="$WORK/outbox/urls/_SUMMARY.json"
TOTAL=""
[[ -f "$SUMMARY" ]] && TOTAL=$(sed -n 's/.*"total":\([0-9]*\).*/\1/p' "$SUMMARY")

echo "lines:            $N"
echo "wall time:        ${WALL_S} s (JVM start to exit)"
echo "URLs/s:           $RATE"
echo "peak RSS:         ${PEAK_RSS_MB} MB ($SAMPLES samples)"
echo "RSS at 1/4,1/2,3/4: $RSS_QUARTERS"
echo "heap after GC:    $HEAP_AFTER_GC"
echo "exit code:        $APP_EXIT"
echo "summary:          $(cat "$SUMMARY" 2>/dev/null || echo 'missing')"

if [[ "$APP_EXIT" != 0 || "$TOTAL" != "$N" ]]; then
    echo "FAILED: expected exit code 0 and a summary total of $N; last lines of the log:" >&2
    tail -n 20 "$WORK/app.log" >&2
    exit 1
fi
echo "OK: summary total is $N"
