#!/usr/bin/env bash
# Where api-ingest's CPU goes per URL: N URLs (default 20,000) against nginx on 127.0.0.1 at concurrency 64,
# through bin/api-ingest with async-profiler attached (tools.profiler:async-profiler from Maven Central,
# event=itimer, which needs no perf_event permission). Prints the share of CPU samples per part of the path,
# the table in bench/RESULTS.md, and keeps the collapsed stacks for a flame graph tool.
#
#   bench/profile.sh            # 20,000 URLs
#   bench/profile.sh 100000     # a longer run: less start-up and warm-up in the shares
#   FORMAT=jsonl bench/profile.sh   # the same URLs as {"url": "..."} lines in urls.jsonl (csv: a url column)
#
# Environment: JAVA (default java), CONCURRENCY (default 64), OUT (default target/profile.collapsed),
# FORMAT (txt, jsonl or csv; default txt), THREADS=1 (one stack per thread: the collapsed stacks start with the
# thread's name, e.g. to see what the intake's split thread spends its time on).
set -euo pipefail

N=${1:-20000}
[[ "$N" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [N]" >&2; exit 2; }
CONCURRENCY=${CONCURRENCY:-64}
FORMAT=${FORMAT:-txt}
case "$FORMAT" in txt | jsonl | csv) ;; *) echo "FORMAT: txt, jsonl or csv, not '$FORMAT'" >&2; exit 2 ;; esac
BENCH=$(cd "$(dirname "$0")" && pwd)
PROJECT=$(dirname "$BENCH")
OUT=${OUT:-$PROJECT/target/profile.collapsed}
AP_VERSION=4.1
AP_JAR=$HOME/.m2/repository/tools/profiler/async-profiler/$AP_VERSION/async-profiler-$AP_VERSION.jar

command -v nginx > /dev/null || apt-get install -y nginx-light
[[ -f "$PROJECT/target/api-ingest.jar" ]] || (cd "$PROJECT" && mvn -B -q -DskipTests package)
[[ -f "$AP_JAR" ]] || mvn -B -q dependency:get -Dartifact=tools.profiler:async-profiler:$AP_VERSION

WORK=$(mktemp -d "${TMPDIR:-/tmp}/api-ingest-profile.XXXXXX")
NGINX_PID=""
cleanup() {
    [[ -n "$NGINX_PID" ]] && kill "$NGINX_PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
(cd "$WORK" && unzip -q "$AP_JAR" linux-x64/libasyncProfiler.so)

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$WORK/nginx/logs" "$WORK/nginx/www" "$WORK/run/inbox"
echo '{"id":1,"ok":true,"name":"item one","tags":["a","b"],"price":12.5}' > "$WORK/nginx/www/item.json"
user_line=""
[[ $EUID -eq 0 ]] && user_line="user $(id -un);"
cat > "$WORK/nginx/nginx.conf" <<CONF
$user_line
worker_processes auto;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 100000;
    server {
        listen 127.0.0.1:$PORT;
        location /items/ { default_type application/json; root $WORK/nginx/www; try_files /item.json =404; }
    }
}
CONF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" &
NGINX_PID=$!
sleep 0.5

case "$FORMAT" in
    txt) seq 1 "$N" | awk -v p="$PORT" '{ print "http://127.0.0.1:" p "/items/" $1 }' ;;
    jsonl) seq 1 "$N" | awk -v p="$PORT" '{ printf "{\"url\": \"http://127.0.0.1:%s/items/%d\"}\n", p, $1 }' ;;
    csv) echo url; seq 1 "$N" | awk -v p="$PORT" '{ print "http://127.0.0.1:" p "/items/" $1 }' ;;
esac > "$WORK/urls.$FORMAT"
prepare() {
    rm -rf "$WORK/run/outbox" "$WORK/run/inbox"
    mkdir -p "$WORK/run/inbox"
    cp "$WORK/urls.$FORMAT" "$WORK/run/inbox/urls.$FORMAT"
    touch -d '-5 seconds' "$WORK/run/inbox/urls.$FORMAT"
}
args=(--ingest.once=true --ingest.metrics.port=0 --ingest.concurrency="$CONCURRENCY")
# a first run writes the launcher's class-data-sharing archive, as a user's first run would
prepare
(cd "$WORK/run" && "$PROJECT/bin/api-ingest" "${args[@]}" > /dev/null 2>&1)
prepare
mkdir -p "$(dirname "$OUT")"
(cd "$WORK/run" && JAVA_OPTS="-agentpath:$WORK/linux-x64/libasyncProfiler.so=start,event=itimer,interval=1ms,${THREADS:+threads,}collapsed,file=$OUT" \
    "$PROJECT/bin/api-ingest" "${args[@]}" 2>&1 | grep -E '^(file|urls)')

# every sample counted once, in the first part of the path (top to bottom of this list) its stack passes through
python3 - "$OUT" <<'PY'
import sys, collections
parts = [
    ("JIT compilation", ["CompileBroker"]),
    ("start-up (Camel Main, the YAML routes)", ["MainSupport.run", "BaseMainSupport"]),
    ("socket system calls (write, read, poll)", ["SocketDispatcher.write0", "SocketDispatcher.read0", "Net.poll"]),
    ("Apache HttpClient 5: exec chain, pool, request and response", ["CloseableHttpClient.execute"]),
    ("camel-http around the client", ["HttpProducer.process"]),
    ("our steps: body, JSON, record writing", ["io/apiingest"]),
    ("Camel routing: split, pipelines, error handler, copies", ["org/apache/camel"]),
]
shares = collections.Counter()
total = 0
for line in open(sys.argv[1]):
    stack, n = line.rsplit(" ", 1)
    n = int(n)
    total += n
    for name, keys in parts:
        if any(k in stack for k in keys):
            shares[name] += n
            break
    else:
        shares["interpreter, class loading, GC and the rest"] += n
print(f"\n{total} CPU samples (1 ms each)")
for name, _ in parts + [("interpreter, class loading, GC and the rest", [])]:
    print(f"  {100 * shares[name] / max(total, 1):5.1f} %  {name}")
PY
echo "collapsed stacks: $OUT"
