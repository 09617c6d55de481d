#!/usr/bin/env bash
# Issue 14's benchmark: api-ingest over Kafka on this machine, against bench/BenchServer.java at a fixed latency
# (latency-bound, so workers on one machine can show throughput growing with their number).
#
#   bench/cluster.sh              # N=3000 URLs, 100 ms, concurrency 50 per worker: local, all, intake + 1/2/3 workers
#
# Per variant, RUNS rounds (alternating): wall from the intake's launch to its exit (ingest.once=true), URLs/s,
# and the speed-up over 1 worker. "local" is ingest.mode=local (no Kafka); "all" is ingest.mode=all (intake and one
# worker in one process, over Kafka): all / local is the overhead of the hand-off over Kafka on one machine.
# Workers are started and settled in their consumer group before the intake starts (their start is not timed).
# Every run is checked: N records, and the server counted >= N requests, else a WARN line.
#
# Environment: N=3000, LATENCY_MS=100, CONCURRENCY=50, RUNS=2, WORKERS="1 2 3", KEEP=1 keeps the working folder.
# Needs the packaged jar (mvn -B -q -DskipTests package) and the broker's jars (bin/kafka-local fetches them).
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
PROJECT=$(dirname "$BENCH")
N=${N:-3000}
LATENCY_MS=${LATENCY_MS:-100}
CONCURRENCY=${CONCURRENCY:-50}
RUNS=${RUNS:-2}
read -r -a WORKERS <<< "${WORKERS:-1 2 3}"
T25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
SERVER_JAVA=${SERVER_JAVA:-$([[ -x "$T25" ]] && echo "$T25" || echo java)}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/api-ingest-cluster.XXXXXX")
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    [[ "${KEEP:-0}" == 1 ]] && echo "kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now_ns() { date +%s%N; }

[[ -f "$PROJECT/target/api-ingest.jar" ]] || (cd "$PROJECT" && mvn -B -q -DskipTests package)

# the API
"$SERVER_JAVA" -Dsun.net.httpserver.nodelay=true -Dsun.net.httpserver.maxIdleConnections=20000 \
    "$BENCH/BenchServer.java" 0 "$LATENCY_MS" virtual > "$WORK/server.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 300); do
    API_PORT=$(sed -n 's/^listening on \([0-9]*\)$/\1/p' "$WORK/server.log")
    [[ -n "$API_PORT" ]] && break
    sleep 0.1
done
[[ -n "${API_PORT:-}" ]] || { echo "BenchServer did not start" >&2; cat "$WORK/server.log" >&2; exit 1; }
seq 1 "$N" | awk -v p="$API_PORT" '{ print "http://127.0.0.1:" p "/items/" $1 }' > "$WORK/urls.txt"

# the broker
KAFKA_PORT=$(free_port)
KAFKA_CONTROLLER_PORT=$(free_port)
KAFKA_PORT=$KAFKA_PORT KAFKA_CONTROLLER_PORT=$KAFKA_CONTROLLER_PORT "$PROJECT/bin/kafka-local" "$WORK/kafka" \
    > "$WORK/kafka.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 600); do
    grep -q "Kafka Server started" "$WORK/kafka.log" && break
    sleep 0.1
done
grep -q "Kafka Server started" "$WORK/kafka.log" || { echo "the broker did not start" >&2; cat "$WORK/kafka.log" >&2; exit 1; }
BROKERS=127.0.0.1:$KAFKA_PORT

stats() { curl -s "http://127.0.0.1:$API_PORT/__stats" | sed -n 's/.*"count":\([0-9]*\).*/\1/p'; }

# run VARIANT WORKERS ROUND: prints the wall and appends "VARIANT wall" to results
run() {
    local variant=$1 workers=$2 round=$3 dir=$WORK/$1-$3 topic=r-$1-$3 mode=intake
    mkdir -p "$dir/inbox"
    case "$variant" in local) mode=local ;; all) mode=all ;; esac
    local kafka=(--ingest.kafka.brokers="$BROKERS" --ingest.kafka.requests-topic="$topic.requests"
        --ingest.kafka.results-topic="$topic.results" --ingest.kafka.group-id="$topic")
    local wpids=()
    for w in $(seq 1 "$workers"); do
        mkdir -p "$dir/worker-$w"
        (cd "$dir/worker-$w" && exec "$PROJECT/bin/api-ingest" --ingest.mode=worker "${kafka[@]}" \
            --ingest.concurrency="$CONCURRENCY" --ingest.metrics.port=0) > "$dir/worker-$w.log" 2>&1 &
        wpids+=($!)
        PIDS+=($!)
    done
    for w in $(seq 1 "$workers"); do
        for _ in $(seq 1 600); do grep -q "Adding newly assigned partitions" "$dir/worker-$w.log" && break; sleep 0.1; done
    done
    ((workers > 0)) && sleep 2
    curl -s "http://127.0.0.1:$API_PORT/__reset" > /dev/null
    cp "$WORK/urls.txt" "$dir/inbox/urls.txt"
    touch -d '-5 seconds' "$dir/inbox/urls.txt"
    local start end
    start=$(now_ns)
    (cd "$dir" && exec "$PROJECT/bin/api-ingest" --ingest.mode="$mode" "${kafka[@]}" --ingest.once=true \
        --ingest.concurrency="$CONCURRENCY" --ingest.metrics.port=0) > "$dir/intake.log" 2>&1 || true
    end=$(now_ns)
    for pid in "${wpids[@]}"; do kill "$pid" 2>/dev/null || true; done
    local records count wall
    records=$(cat "$dir"/outbox/urls/part-*.jsonl "$dir"/outbox/urls/errors.jsonl 2>/dev/null | wc -l)
    count=$(stats)
    wall=$(awk -v ns=$((end - start)) 'BEGIN { printf "%.2f", ns / 1e9 }')
    local warn=""
    if [[ "$records" -ne "$N" || "$count" -lt "$N" ]]; then warn="  WARN: $records records, $count requests"; fi
    printf '  %-10s run %d/%d: wall %6s s  %6.0f URLs/s  requests %d%s\n' "$variant" "$round" "$RUNS" "$wall" \
        "$(awk -v n="$N" -v w="$wall" 'BEGIN { print n / w }')" "$count" "$warn"
    echo "$variant $wall" >> "$WORK/results"
}

echo "== cluster: $N URLs, $LATENCY_MS ms, concurrency $CONCURRENCY per process, RUNS=$RUNS (limit of one process: $(awk -v n="$N" -v l="$LATENCY_MS" -v c="$CONCURRENCY" 'BEGIN { printf "%.1f", n * l / 1000 / c }') s)"
for round in $(seq 1 "$RUNS"); do
    run local 0 "$round"
    run all 0 "$round"
    for w in "${WORKERS[@]}"; do run "workers-$w" "$w" "$round"; done
done
awk '{ walls[$1] = walls[$1] " " $2; if (!seen[$1]++) order[++k] = $1 }
    function median(list,   a, n, i, j, t) { n = split(list, a, " ")
        for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    END {
        for (i = 1; i <= k; i++) m[order[i]] = median(walls[order[i]])
        printf "  %-10s %8s %10s\n", "variant", "wall s", "x 1 worker"
        for (i = 1; i <= k; i++) printf "  %-10s %8.2f %10s\n", order[i], m[order[i]], m["workers-1"] ? sprintf("%.2f", m["workers-1"] / m[order[i]]) : "-"
        if (m["local"]) printf "  all / local: %.3f (the hand-off over Kafka in one process)\n", m["all"] / m["local"]
    }' "$WORK/results"
