#!/usr/bin/env bash
# Items benchmark (issue 11, "huge responses"): one input line whose response is one large document, about SIZE
# bytes of 250-byte items (default 1 GiB: 4.28 million items), fetched through bin/api-ingest with -Xmx256m
# (JAVA_OPTS), --ingest.once=true and --ingest.items-path=/data: one record per item, streamed, never the whole
# body in memory. The API is bench/BenchServer.java's /bulk on 127.0.0.1, which generates the document while it
# sends it (the server runs at -Xmx64m: it holds none of it either). Prints the items written, wall time, items/s,
# MB/s, peak RSS of the java process (VmRSS, sampled every second), the heap left after each GC and the server's
# RSS, then checks that the records equal the items the server sent, with no error record, and that
# _SUMMARY.json exists.
#
#   bench/items.sh                   # 1 GiB as {"data":[ITEM,ITEM,...],"next":null}, application/json
#   bench/items.sh 50M               # a quick run (SIZE in bytes, or with K, M or G: powers of 1,024)
#   FORMAT=ndjson bench/items.sh     # the same size as NDJSON, one item per line, application/x-ndjson
#   bench/run.sh items               # the same as bench/items.sh (bench/run.sh smoke items: a twentieth)
#
# Environment: FORMAT (json or ndjson, default json), CHUNKED=1 (chunked transfer instead of a Content-Length),
# LATENCY_MS (before the response starts, default 0), XMX (default 256m), JAVA (the launcher's java), ITEMS_ARGS
# (the api-ingest settings that make items of the body; default --ingest.items-path=/data for json and nothing for
# ndjson, whose lines are the items), TIMEOUT_S (default 120 + 1 s per 2 MiB of SIZE: a run still going then is
# stopped, after a class histogram of its heap from jcmd, and fails), KEEP=1 keeps the working folder (the
# output is about 1.6 x SIZE).
# Before the measured run, an unmeasured one on 1 MiB writes the launcher's class-data-sharing archive when it is
# missing, so the measured run is a user's second run, and shows at once whether this build makes items at all.
set -euo pipefail

SIZE=${1:-1G}
FORMAT=${FORMAT:-json}
LATENCY_MS=${LATENCY_MS:-0}
XMX=${XMX:-256m}
bytes_of() { # 50M -> 52428800
    local n=${1%[KkMmGg]} unit=${1##*[0-9]}
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || return 1
    case "$unit" in "") echo "$n" ;; K | k) echo $((n << 10)) ;; M | m) echo $((n << 20)) ;; G | g) echo $((n << 30)) ;; *) return 1 ;; esac
}
BYTES=$(bytes_of "$SIZE") || { echo "usage: $0 [SIZE]  (bytes, or a number with K, M or G, e.g. 50M; default 1G)" >&2; exit 2; }
case "$FORMAT" in json | ndjson) ;; *) echo "FORMAT must be json or ndjson, got '$FORMAT'" >&2; exit 2 ;; esac
if [[ -n "${ITEMS_ARGS+set}" ]]; then
    read -r -a ITEMS_ARGS <<< "$ITEMS_ARGS"
elif [[ "$FORMAT" == json ]]; then
    ITEMS_ARGS=(--ingest.items-path=/data)
else
    ITEMS_ARGS=()
fi
CHUNKED=$([[ "${CHUNKED:-0}" == 1 ]] && echo true || echo false)
TIMEOUT_S=${TIMEOUT_S:-$((120 + (BYTES >> 21)))}
[[ "$TIMEOUT_S" =~ ^[1-9][0-9]*$ ]] || { echo "TIMEOUT_S must be a positive number of seconds" >&2; exit 2; }
JCMD=$(dirname "$(readlink -f "$(command -v "${JAVA:-java}")")")/jcmd

cd "$(dirname "$0")/.."
PROJECT=$PWD
JAR=$PROJECT/target/api-ingest.jar
if [[ ! -f "$JAR" ]]; then
    echo "building $JAR ..."
    mvn -B -q -DskipTests package
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/api-ingest-items.XXXXXX")
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

http_get() { curl -fsS --max-time 10 "$1"; }
stat_of() { sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p" <<< "$1"; }

# the API: four platform threads are plenty for one document (and run on Java 17)
java -Xmx64m -Dsun.net.httpserver.nodelay=true "$PROJECT/bench/BenchServer.java" 0 "$LATENCY_MS" 4 \
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

# run NAME BYTES: one line in NAME/inbox/urls.txt, api-ingest through the launcher, VmRSS of java and of the
# server once a second; leaves NAME/outbox/urls/, NAME/app.log, NAME/rss.kb, NAME/server-rss.kb, NAME/gc.log
run() {
    local dir=$WORK/$1
    mkdir -p "$dir/inbox"
    echo "http://127.0.0.1:$PORT/bulk?bytes=$2&format=$FORMAT&chunked=$CHUNKED" > "$dir/urls.txt"
    # dated in the past so the intake need not wait for it, then moved in
    touch -d '10 seconds ago' "$dir/urls.txt"
    mv "$dir/urls.txt" "$dir/inbox/urls.txt"
    http_get "http://127.0.0.1:$PORT/__reset" > /dev/null
    START_NS=$(date +%s%N)
    # bin/api-ingest execs java: APP_PID is the JVM's own pid; JAVA_OPTS come last there, so -Xmx is ours
    (cd "$dir" && JAVA_OPTS="-Xmx$XMX -Xlog:gc:file=gc.log ${JAVA_OPTS:-}" exec "$PROJECT/bin/api-ingest" \
        --ingest.once=true --ingest.inbox="$dir/inbox" --ingest.outbox="$dir/outbox" --ingest.metrics.port=0 \
        "${ITEMS_ARGS[@]}") > "$dir/app.log" 2>&1 &
    APP_PID=$!
    # the first sample a second in: at once it would catch the launcher's shell, not the JVM. Past TIMEOUT_S the
    # sampler stops the run: a JVM whose heap is full can hang rather than fail
    (
        elapsed=0
        while sleep 1 && kill -0 "$APP_PID" 2>/dev/null; do
            awk '/^VmRSS:/ { print $2 }' "/proc/$APP_PID/status" 2>/dev/null || true
            awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status" >> "$dir/server-rss.kb" 2>/dev/null || true
            elapsed=$((elapsed + 1))
            if ((elapsed == TIMEOUT_S)); then
                [[ -x "$JCMD" ]] && timeout 60 "$JCMD" "$APP_PID" GC.class_histogram > "$dir/histogram.txt" 2>&1
                kill "$APP_PID" 2>/dev/null
                sleep 10
                kill -9 "$APP_PID" 2>/dev/null
                echo "$elapsed" > "$dir/timed-out"
                exit 0
            fi
        done
    ) > "$dir/rss.kb" &
    SAMPLER_PID=$!
    APP_EXIT=0
    wait "$APP_PID" || APP_EXIT=$?
    END_NS=$(date +%s%N)
    APP_PID=""
    wait "$SAMPLER_PID" 2>/dev/null || true
    SAMPLER_PID=""
    STATS=$(http_get "http://127.0.0.1:$PORT/__stats")
    OUT=$dir/outbox/urls
    RECORDS=$({ cat "$OUT"/part-*.jsonl 2>/dev/null || true; } | wc -l)
    ERRORS=$({ cat "$OUT/errors.jsonl" 2>/dev/null || true; } | wc -l)
}

PRIME=$((1 << 20))
run check "$PRIME"
echo "check run (1 MiB, unmeasured): exit $APP_EXIT, $RECORDS records, $ERRORS errors, $(stat_of "$STATS" bulkItems) items sent"
if [[ "$APP_EXIT" != 0 || "$RECORDS" != "$(stat_of "$STATS" bulkItems)" ]]; then
    # a build without the items feature writes the whole body as one record: at SIZE that is a heap it has not got
    echo "FAILED: the check run did not write one record per item; not starting the $SIZE run. Last lines of its log:" >&2
    tail -n 20 "$WORK/check/app.log" >&2
    exit 1
fi

run items "$BYTES"
DIR=$WORK/items
ITEMS=$(stat_of "$STATS" bulkItems)
SENT=$(stat_of "$STATS" bulkBytes)
REQUESTS=$(stat_of "$STATS" count)
WALL_S=$(awk -v ns=$((END_NS - START_NS)) 'BEGIN { printf "%.1f", ns / 1e9 }')
RATE=$(awk -v n="$RECORDS" -v ns=$((END_NS - START_NS)) 'BEGIN { printf "%.0f", n / (ns / 1e9) }')
MBS=$(awk -v b="$SENT" -v ns=$((END_NS - START_NS)) 'BEGIN { printf "%.1f", b / 1048576 / (ns / 1e9) }')
PEAK_RSS_MB=$(awk 'BEGIN { m = 0 } $1 > m { m = $1 } END { printf "%.0f", m / 1024 }' "$DIR/rss.kb")
SAMPLES=$(wc -l < "$DIR/rss.kb")
# RSS at a quarter, half and three quarters of the run: flat when memory does not grow with the body
RSS_QUARTERS=$(awk '{ v[NR] = $1 } END { if (NR == 0) { print "n/a"; exit }
    printf "%.0f / %.0f / %.0f MB", v[int(NR / 4) + 1] / 1024, v[int(NR / 2) + 1] / 1024, v[int(3 * NR / 4) + 1] / 1024 }' \
    "$DIR/rss.kb")
HEAP_AFTER_GC=$(grep -o '[0-9]*M->[0-9]*M' "$DIR/gc.log" 2>/dev/null | sed 's/.*->\([0-9]*\)M/\1/' \
    | awk 'BEGIN { m = 0 } { if ($1 > m) m = $1; last = $1; n++ } END { if (n) printf "max %d MB, last %d MB, %d GCs", m, last, n; else print "no GC logged" }')
SERVER_RSS=$(awk 'NR == 1 { f = $1 } { if ($1 > m) m = $1; l = $1 } END { if (NR) printf "first %.0f, peak %.0f, last %.0f MB", f / 1024, m / 1024, l / 1024; else print "n/a" }' \
    "$DIR/server-rss.kb" 2>/dev/null || echo n/a)
SUMMARY=$DIR/outbox/urls/_SUMMARY.json
SUMMARY_ITEMS=$({ cat "$SUMMARY" 2>/dev/null || true; } | sed -n 's/.*"items":\([0-9]*\).*/\1/p')
# one line's items are written in the order read: "item" 0, 1, 2, ... through the part files, each once
ORDER=$(cat "$DIR/outbox/urls"/part-*.jsonl 2>/dev/null | awk '{ if (!match($0, /"item":[0-9]+/)) { none++; next }
        i = substr($0, RSTART + 7, RLENGTH - 7) + 0; if (i != next_i && !bad) { bad = NR; at = i; want = next_i } next_i = i + 1 }
    END { if (none) printf "%d records without an item index; ", none
          if (bad) printf "out of order: record %d has item %d, expected %d", bad, at, want; else printf "0 to %d in order", next_i - 1 }')

echo "api-ingest items bench: one $FORMAT document of $BYTES bytes ($((BYTES >> 20)) MiB, $([[ $CHUNKED == true ]] && echo chunked || echo Content-Length)), -Xmx$XMX, ${ITEMS_ARGS[*]:-no items setting}"
echo "items sent:       $ITEMS ($SENT bytes, $REQUESTS request(s))"
echo "records written:  $RECORDS ($ERRORS error records)"
echo "wall time:        ${WALL_S} s (JVM start to exit)"
echo "items/s:          $RATE ($MBS MiB/s of body)"
echo "peak RSS:         ${PEAK_RSS_MB} MB ($SAMPLES samples)"
echo "RSS at 1/4,1/2,3/4: $RSS_QUARTERS"
echo "heap after GC:    $HEAP_AFTER_GC"
echo "server RSS:       $SERVER_RSS (-Xmx64m)"
echo "output:           $(du -sm "$DIR/outbox/urls" 2>/dev/null | cut -f1) MB in $(find "$DIR/outbox/urls" -name 'part-*.jsonl' | wc -l) part files"
echo "first record:     $({ head -c 300 "$DIR/outbox/urls/part-00001.jsonl" 2>/dev/null || echo none; } | head -n 1)"
echo "item indexes:     $ORDER"
if [[ -f "$DIR/timed-out" ]]; then
    echo "TIMED OUT:        stopped after $(cat "$DIR/timed-out") s (TIMEOUT_S); the heap's largest classes then:"
    sed -n '2,8p' "$DIR/histogram.txt" 2>/dev/null | sed 's/^/    | /'
fi
echo "exit code:        $APP_EXIT"
echo "summary:          $(cat "$SUMMARY" 2>/dev/null || echo 'missing')"

if [[ -f "$DIR/timed-out" || "$APP_EXIT" != 0 || "$ITEMS" -lt 1 || "$RECORDS" != "$ITEMS" || "$ERRORS" != 0 || ! -f "$SUMMARY" \
      || ( -n "$SUMMARY_ITEMS" && "$SUMMARY_ITEMS" != "$ITEMS" ) ]]; then
    echo "FAILED: expected exit code 0, $ITEMS records (one per item sent), no error record and _SUMMARY.json (with items $ITEMS where it counts them); last lines of the log:" >&2
    tail -n 20 "$DIR/app.log" >&2
    exit 1
fi
echo "OK: $RECORDS records, one per item, and _SUMMARY.json$([[ -n "$SUMMARY_ITEMS" ]] && echo " counting $SUMMARY_ITEMS items")"
