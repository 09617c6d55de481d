#!/usr/bin/env bash
# Issue 4 benchmark harness: api-ingest (the packaged jar, batch mode) against two Python asyncio baselines
# (bench/baseline_aiohttp.py, bench/baseline_httpx.py) on the same URL files, all on 127.0.0.1.
#
#   bench/run.sh                      # latency concurrency throughput (the default; memory is slow, ask for it)
#   bench/run.sh latency              # 5,000 URLs, 100 ms API latency, concurrency 50    (limit 10 s)
#   bench/run.sh concurrency          # 20,000 URLs, 200 ms latency, concurrency 1,000    (limit 4 s; app on virtual threads)
#   bench/run.sh throughput           # 50,000 and 20,000 URLs against nginx (static JSON), concurrency 64, vs wrk
#   bench/run.sh throughput-20k       # only the 20,000-URL run of the above (the issue's 2x target)
#   bench/run.sh throughput-1m        # issue 13: 1,000,000 URLs (N1M) against nginx, concurrency 64: api-ingest at its
#                                     # default heap (bin/api-ingest, no -Xmx), the candidate, curl --parallel and,
#                                     # only if TOOLS names it, aiohttp; wall, URLs/s, CPU and peak RSS of each, and
#                                     # the targets: URLs/s >= 0.8 x curl's, RSS flat and <= 300 MB. Not in the
#                                     # default or in "all"; about 4 minutes a round
#   bench/run.sh throughput-20k-jsonl # the same 20,000 URLs as a .jsonl file ({"url": "..."} per line) against the
#                                     # .txt file, api-ingest only, both in every round: per-URL cost jsonl/txt
#                                     # (target <= 1.15). Not in the default or in "all"; needs a build that reads .jsonl
#   bench/run.sh throughput-20k-csv   # likewise as a .csv file (a url header, a URL per row): per-URL cost csv/txt,
#                                     # for information (the issue sets no target for .csv)
#   bench/run.sh memory               # bench/memory.sh: 1,000,000 lines at -Xmx256m, peak RSS
#   bench/run.sh all                  # latency concurrency throughput memory
#   bench/run.sh pages                # 500 lines x 20 pages (Link rel="next"), 20 ms per page, concurrency 50 (limit
#                                     # 4 s): api-ingest --ingest.paginate.type=link-header against
#                                     # bench/baseline_aiohttp_pages.py; not in the default or in "all"
#   bench/run.sh items                # bench/items.sh: one line whose response is a 1 GiB {"data":[...]} document,
#                                     # one record per item, at -Xmx256m, peak RSS; not in the default or in "all"
#   bench/run.sh pacing               # issue 12, measured at the server: one file of 500 URLs to L (a token bucket:
#                                     # 429 + Retry-After: 1 when empty), 1,000 to F (unlimited, 50 ms) and 10 to D
#                                     # (503 to everything), interleaved; api-ingest with its DEFAULT settings (no
#                                     # rate, no origin limits, ingest.adaptive on) against bench/baseline_aiohttp_pacing.py
#                                     # (the published rate, fixed, on L); bench/PaceServer.java serves the three
#                                     # origins, bench/pacing_check.py checks each run. Three variants: bucket 25/s
#                                     # burst 5, 10/s burst 20, and 25/s burst 5 announcing its quota (RateLimit-Policy,
#                                     # RateLimit); PACING_VARIANTS="RATE:BURST:ANNOUNCE(0|1) ..." picks others.
#                                     # Not in the default or in "all"; about 12 minutes at RUNS=3
#   bench/run.sh smoke [WORKLOAD...]  # every workload at N/20, RUNS=1, wrk 1 s: a harness check, ~1.5 min on a quiet
#                                     # machine; with no workload named, the default ones and throughput-1m
#
# Environment:
#   RUNS=3        rounds; each round runs the tools in turn, api-ingest, aiohttp, httpx, curl (alternating, so drift
#                 hits them all)
#   TOOLS="api-ingest aiohttp"   which tools to run (default api-ingest aiohttp httpx curl; httpx is slow, leaving it
#                 out saves time); "jvm-floor" adds bench/JvmFloor.java: HttpClient 5 and a record per URL with no
#                 Camel, no retries, no failure records, on the launcher's JVM options: what a JVM client costs here
#                 at the least; "curl" is curl --parallel (see below), in the workloads against nginx only; "jar"
#                 is api-ingest run as `java -jar target/api-ingest.jar` (the jar relaunches itself in a tuned child
#                 JVM), and the table adds java -jar / bin/api-ingest (issue 13: within 10 %)
#   METRICS=on    api-ingest (and jar, candidate) with the metrics server on a free port, as the README's command
#                 runs it; METRICS=off passes --ingest.metrics.port=0, as figures before issue 13 were taken
#   CANDIDATE=/path/to/api-ingest.jar   also runs that jar, as tool "candidate", right after api-ingest in every
#                 round: the way to measure a change against the current build on this noisy a machine. Give it a
#                 folder of its own (the launcher keeps its start-up archive beside the jar). throughput-20k-jsonl
#                 and -csv ignore TOOLS (api-ingest only) but take CANDIDATE: its .txt and .jsonl runs follow api-ingest's.
#   JAVA=java     java for api-ingest (run through bin/api-ingest, as a user would)
#   JAVA_VT=...   java for api-ingest in the concurrency workload; default Temurin 25 if present, else $JAVA
#   SERVER_JAVA=  java for bench/BenchServer.java; default Temurin 25 if present (virtual threads), else $JAVA
#   WRK_SECS=10   length of the wrk reference run     KEEP=1  keep the working folder (outputs, logs)
#   N1M=1000000   URLs of throughput-1m (smoke: N1M/20), e.g. N1M=50000 RUNS=1 for a short look
#
# Figures per run: wall = process launch -> exit; start = launch -> first request seen by the server (JVM or
# interpreter start, file pick-up included); active = first request -> last response (server clock; against
# nginx, which keeps no timestamps, both come from sampling its stub_status counter every 50 ms); end (against
# bench/BenchServer.java only) = last response -> exit;
# efficiency = physical limit (N x latency / concurrency) / wall, and / active ("excl. start"); CPU = user+sys of
# the client process (/usr/bin/time) per 1,000 URLs. Tables show medians over the runs; speed-up = baseline median
# wall / api-ingest median wall. Every run is checked: records in part files + errors.jsonl == N and server-side
# request count >= N, else a WARN line.
# throughput-20k-jsonl: each round runs api-ingest on urls.txt and on urls.jsonl (the same URLs; .txt first in odd
# rounds, .jsonl first in even ones); tools show as api-ingest:txt and api-ingest:jsonl (candidate:... likewise).
# Per-URL cost jsonl/txt = the ratio of the medians (the same N) of wall (start included), of active (first
# request -> last response) and of CPU; the target line wants wall and CPU both <= 1.15. A .jsonl run must also
# write no error records: a build without the format takes each line for a URL and fails it without a request,
# which would otherwise look like a fast run; the target line then says NOT MEASURED.
# pages: every line is http://127.0.0.1:PORT/pages/L?page=1, whose chain BenchServer answers with 20 pages, a
# Link rel="next" header on pages 1-19 (and a "next" URL in the body). Only api-ingest (and the candidate) and
# aiohttp run it; aiohttp is bench/baseline_aiohttp_pages.py (a semaphore of 50 chains, pages one after the other
# by resp.links). Rates are pages/s, CPU per 1,000 pages, the limit 500 x 20 x 20 ms / 50 = 4 s. Every run must
# write exactly 10,000 page records, all distinct (line, page), none of them errors, and the server must count
# exactly 10,000 requests, else a WARN line.
# throughput-20k-csv: the same with urls.csv (the header "url", then the URLs) in place of urls.jsonl, tools
# api-ingest:csv ...; the ratio line is csv/txt and there is no target line.
# throughput-1m: the figures above, and each run's resident memory: its process tree (every descendant of
# /usr/bin/time, so that a child JVM of the launcher counts) sampled every 0.5 s, RSS summed over the tree. Peak
# RSS = the larger of the largest sample and /usr/bin/time's max RSS (that of the largest single process, which
# catches a peak between samples); the run's line adds RSS at 1/4, 1/2 and 3/4 of the samples and its growth, the
# largest sample of the run's second half / that of its first half. The table: medians, the largest peak and growth
# over the runs, x curl. Two target lines per jar: URLs/s >= 0.8 x curl's (median walls of the same N, start
# included; first request -> last response in brackets), and peak RSS <= 300 MB with growth <= 1.10 in every run;
# NOT MEASURED where a run of the jar (or of curl, for the first) failed its checks. Outputs are kept until the end
# like the others': about 200 MB per api-ingest run and 110 MB per curl run at 1,000,000 URLs.
# curl (issue 13's reference, the throughput workloads: nginx only; skipped elsewhere): the command line is
#   stdbuf -e 65536 curl -q --parallel --parallel-max CONCURRENCY --retry 3 -s -S --no-progress-meter --noproxy '*' \
#     -K WORKLOAD.urls.curl -w '%{stderr}%{url_effective} %{http_code}\n' > bodies 2> transfers.txt
# with the URLs in a config file (url = "..." a line), written once per workload beside the URL file, outside the
# timed run. Every body lands in one file in the run's folder (stdout: no file per URL to create), and a line per
# transfer, URL and status, in another (stderr). stdio leaves stderr unbuffered, which made that line six write
# calls; stdbuf buffers it as stdout is, so the line costs what it would on stdout. --no-progress-meter: curl
# 7.88.1's -s does not silence the parallel progress meter (curl issue 10573); -S still shows errors; -q skips any
# ~/.curlrc; --noproxy keeps a proxy from the environment out. A curl run is checked for N lines "URL 200" and
# nothing else in transfers.txt, N x the body's size in bytes in bodies and >= N requests at nginx, else a WARN
# line; its records are the 200 lines, its errors the other lines. x curl = curl's median wall / the tool's (the
# same N): the tool's URLs/s as a fraction of curl's.
#
# The latency API is bench/BenchServer.java (JDK HTTP server, one virtual thread per request on Java 21+,
# nodelay, backlog 4096, keep-alive). The throughput API is nginx, worker_processes auto (2 here: ~40k req/s with
# wrk -t2 -c64 against ~35k with 1 worker, as both share the 2 cores with the client), access_log off,
# keepalive_requests 100000, started as the current user with a prefix dir in the working folder.
# Needs nginx-light, wrk, curl, python3-aiohttp, python3-httpx and /usr/bin/time; installs the missing ones with
# apt-get.
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
PROJECT=$(dirname "$BENCH")
JAR=$PROJECT/target/api-ingest.jar
PY=/usr/bin/python3 # Debian's python: the apt-installed aiohttp/httpx live there, not in a pyenv python on PATH
T25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
# api-ingest runs on the machine's java (17 here) except in the concurrency workload, which wants virtual threads
# (Java 21+): there JAVA_VT, Temurin 25 when present. On this machine Java 25 started and warmed up about 1 s slower
# than 17 on a 20,000-URL run, with platform or virtual threads alike, so the others stay on 17.
JAVA=${JAVA:-java}
if [[ -z "${JAVA_VT:-}" ]]; then
    if [[ -x "$T25" ]]; then JAVA_VT=$T25; else JAVA_VT=$JAVA; fi
fi
if [[ -z "${SERVER_JAVA:-}" ]]; then
    if [[ -x "$T25" ]]; then SERVER_JAVA=$T25; else SERVER_JAVA=$JAVA; fi
fi
RUNS=${RUNS:-3}
WRK_SECS=${WRK_SECS:-10}
ITEMS_BYTES=$((1 << 30)) # the items workload's document: 1 GiB (smoke: a twentieth)
N1M=${N1M:-1000000}      # the throughput-1m workload's URLs (smoke: a twentieth)
SCALE=1
TOOLS_GIVEN=${TOOLS:+1} # throughput-1m runs aiohttp only when asked to by name
read -r -a TOOLS <<< "${TOOLS:-api-ingest aiohttp httpx curl}"
for tool in "${TOOLS[@]}"; do
    case "$tool" in api-ingest | jar | aiohttp | httpx | jvm-floor | curl) ;; *) echo "TOOLS: unknown tool '$tool' (api-ingest, jar, aiohttp, httpx, jvm-floor, curl)" >&2; exit 2 ;; esac
done
# the curl tool (see the header): -q first, so that no ~/.curlrc is read; --parallel-max, -K and -w come per run
CURL=(stdbuf -e 65536 curl -q --parallel --retry 3 -s -S --no-progress-meter --noproxy '*')
CANDIDATE=${CANDIDATE:-}
METRICS=${METRICS:-on}
[[ "$METRICS" == on || "$METRICS" == off ]] || { echo "METRICS: on or off, not '$METRICS'" >&2; exit 2; }
if [[ -n "$CANDIDATE" ]]; then
    [[ -f "$CANDIDATE" ]] || { echo "CANDIDATE: no such jar: $CANDIDATE" >&2; exit 2; }
    CANDIDATE=$(cd "$(dirname "$CANDIDATE")" && pwd)/$(basename "$CANDIDATE")
    WITH=()
    for tool in "${TOOLS[@]}"; do
        WITH+=("$tool")
        [[ "$tool" == api-ingest ]] && WITH+=(candidate)
    done
    [[ " ${WITH[*]} " == *" candidate "* ]] || WITH=(candidate "${WITH[@]}")
    TOOLS=("${WITH[@]}")
fi

# ---- arguments ------------------------------------------------------------------------------------------------
MODES=()
for arg in "$@"; do
    case "$arg" in
        smoke) SCALE=20; RUNS=1; WRK_SECS=1 ;;
        all) MODES+=(latency concurrency throughput memory) ;;
        latency | concurrency | throughput | throughput-20k | throughput-1m | throughput-20k-jsonl | throughput-20k-csv | memory | pages | items | pacing) MODES+=("$arg") ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown workload '$arg'; usage: $0 [smoke] [latency|concurrency|throughput|throughput-20k|throughput-1m|throughput-20k-jsonl|throughput-20k-csv|memory|pages|items|pacing|all ...]" >&2; exit 2 ;;
    esac
done
if [[ ${#MODES[@]} -eq 0 ]]; then
    MODES=(latency concurrency throughput)
    ((SCALE == 1)) || MODES+=(throughput-1m) # a smoke run checks the long workload's harness too, at N/20
fi
[[ "$N1M" =~ ^[1-9][0-9]*$ ]] || { echo "N1M must be a positive integer" >&2; exit 2; }
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "RUNS must be a positive integer" >&2; exit 2; }
wants() { local m; for m in "${MODES[@]}"; do [[ "$m" == "$1" ]] && return 0; done; return 1; }

# ---- prerequisites --------------------------------------------------------------------------------------------
ensure_packages() {
    local missing=()
    command -v nginx >/dev/null 2>&1 || missing+=(nginx-light)
    command -v wrk >/dev/null 2>&1 || missing+=(wrk)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    "$PY" -c 'import aiohttp' 2>/dev/null || missing+=(python3-aiohttp)
    "$PY" -c 'import httpx' 2>/dev/null || missing+=(python3-httpx)
    [[ -x /usr/bin/time ]] || missing+=(time)
    [[ ${#missing[@]} -eq 0 ]] && return 0
    local sudo=""
    [[ $EUID -eq 0 ]] || sudo=sudo
    echo "installing missing packages: ${missing[*]}"
    # a fresh machine may have no package lists yet: update once and retry
    $sudo apt-get install -y "${missing[@]}" || { $sudo apt-get update && $sudo apt-get install -y "${missing[@]}"; }
}
java_major() { "$1" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p'; }

if wants latency || wants concurrency || wants pages || wants pacing || wants throughput || wants throughput-20k || wants throughput-1m || wants throughput-20k-jsonl || wants throughput-20k-csv; then
    ensure_packages
fi
if [[ ! -f "$JAR" ]]; then
    echo "building $JAR ..."
    (cd "$PROJECT" && mvn -B -q -DskipTests package)
fi
# 1,000 client connections + 1,000 server connections + files: more than the usual 1024 descriptors
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# ---- working folder and cleanup -------------------------------------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/api-ingest-run.XXXXXX")
RESULTS=$WORK/results.tsv
: > "$RESULTS"
FLOOR_CLASSES=""
if [[ " ${TOOLS[*]} " == *" jvm-floor "* ]]; then
    JAVAC=$(dirname "$(readlink -f "$(command -v "$JAVA")")")/javac
    [[ -x "$JAVAC" ]] || { echo "jvm-floor needs javac beside $JAVA (a JDK)" >&2; exit 2; }
    "$JAVAC" -d "$WORK/floor-classes" -cp "$JAR" "$BENCH/JvmFloor.java"
    # a jar, not a folder: a class-data-sharing archive only takes jars on its class path
    "$(dirname "$JAVAC")/jar" cf "$WORK/jvm-floor.jar" -C "$WORK/floor-classes" .
    FLOOR_CLASSES=$WORK/jvm-floor.jar
fi
# the launcher's JIT and collector options, as api-ingest gets them
FLOOR_JVM=(-XX:+UseParallelGC -XX:TieredStopAtLevel=1 -XX:Tier3InvocationThreshold=20 -XX:Tier3MinInvocationThreshold=10
           -XX:Tier3CompileThreshold=200 -XX:Tier3BackEdgeThreshold=2000)
SERVER_PID=""
NGINX_PID=""
CLIENT_PID=""
SAMPLER_PID=""
RSS_PID=""

stop_pid() { # PID [group]: "group" stops the whole process group PID leads (the client and /usr/bin/time)
    local pid=$1 target=$1
    [[ "${2:-}" == group ]] && target=-$1
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -- "$target" 2>/dev/null || true
    for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -9 -- "$target" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    stop_pid "$CLIENT_PID" group
    stop_pid "$SAMPLER_PID"
    stop_pid "$RSS_PID"
    stop_pid "$SERVER_PID"
    stop_pid "$NGINX_PID"
    if [[ "${KEEP:-0}" == 1 ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

http_get() { # URL -> body on stdout (curl when present, else Debian's python)
    if command -v curl >/dev/null 2>&1; then
        curl -fsS --max-time 10 "$1"
    else
        "$PY" -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode())' "$1"
    fi
}
free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now_ns() { date +%s%N; }
# the figures are only as good as the machine is quiet: measure 1 s of CPU use by processes other than our API
busy_note() {
    local a b
    a="$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $5 + $6 }' /proc/stat) $(own_ticks)"
    sleep 1
    b="$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $5 + $6 }' /proc/stat) $(own_ticks)"
    awk -v a="$a" -v b="$b" -v c="$(nproc)" 'BEGIN { split(a, x, " "); split(b, y, " ")
        busy = (y[1] - x[1]) - (y[3] - x[3]); all = (y[1] - x[1]) + (y[2] - x[2])
        cores = all > 0 ? c * busy / all : 0
        if (cores > 0.25) printf "  note: %.1f of %d cores busy with other processes before this workload: figures may be skewed\n", cores, c }'
}
own_ticks() { # CPU ticks (user+sys) of our API server, which may still be compiling after its warm-up
    if [[ -n "$SERVER_PID" && -r /proc/$SERVER_PID/stat ]]; then
        awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$SERVER_PID/stat"
    else
        echo 0
    fi
}

# ---- servers --------------------------------------------------------------------------------------------------
SERVER_PORT=""
start_bench_server() { # LATENCY_MS
    stop_pid "$SERVER_PID"
    local threads=virtual
    if [[ "$(java_major "$SERVER_JAVA")" -lt 21 ]]; then
        threads=2500 # no virtual threads: one platform thread per possible in-flight request
        echo "note: $SERVER_JAVA has no virtual threads; BenchServer uses $threads platform threads"
    fi
    local log=$WORK/server-$1ms.log
    : > "$log" # exists before the poll below reads it (the background redirect may come later)
    "$SERVER_JAVA" -Dsun.net.httpserver.nodelay=true -Dsun.net.httpserver.maxIdleConnections=20000 \
        "$BENCH/BenchServer.java" 0 "$1" "$threads" > "$log" 2>&1 &
    SERVER_PID=$!
    SERVER_PORT=""
    for _ in $(seq 1 600); do
        SERVER_PORT=$(sed -n 's/^listening on \([0-9]*\)$/\1/p' "$log")
        [[ -n "$SERVER_PORT" ]] && break
        kill -0 "$SERVER_PID" 2>/dev/null || { echo "BenchServer did not start:" >&2; cat "$log" >&2; exit 1; }
        sleep 0.1
    done
    [[ -n "$SERVER_PORT" ]] || { echo "BenchServer did not report its port within 60 s" >&2; exit 1; }
    # warm the server's JIT so the first measured run does not pay for it, then zero its counters
    wrk -t1 -c200 -d"$((SCALE > 1 ? 1 : 3))"s "http://127.0.0.1:$SERVER_PORT/warm/1" > /dev/null
    sleep 1 # wrk stops without waiting for its last requests: let them finish before the counters are zeroed
    http_get "http://127.0.0.1:$SERVER_PORT/__reset" > /dev/null
}

NGINX_PORT=""
BODY_BYTES=0 # the size of nginx's one body: a curl run must write N times as many bytes
start_nginx() {
    [[ -n "$NGINX_PID" ]] && kill -0 "$NGINX_PID" 2>/dev/null && return 0
    local dir=$WORK/nginx
    mkdir -p "$dir/logs" "$dir/tmp" "$dir/www"
    echo '{"id":1,"ok":true,"name":"item one","tags":["a","b"],"price":12.5}' > "$dir/www/item.json"
    BODY_BYTES=$(stat -c %s "$dir/www/item.json")
    NGINX_PORT=$(free_port)
    # as root, nginx would hand its workers to "nobody", who cannot read a mktemp folder: keep the current user
    local user_line=""
    [[ $EUID -eq 0 ]] && user_line="user $(id -un);"
    cat > "$dir/nginx.conf" <<EOF
$user_line
worker_processes auto;
daemon off;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 100000;
    keepalive_timeout 60s;
    client_body_temp_path $dir/tmp; proxy_temp_path $dir/tmp; fastcgi_temp_path $dir/tmp;
    uwsgi_temp_path $dir/tmp; scgi_temp_path $dir/tmp;
    server {
        listen 127.0.0.1:$NGINX_PORT backlog=4096;
        # every /items/N is the same static JSON file
        location /items/ { default_type application/json; root $dir/www; try_files /item.json =404; }
        location = /__status { stub_status; }
    }
}
EOF
    nginx -p "$dir" -c "$dir/nginx.conf" > "$dir/logs/stdout.log" 2>&1 &
    NGINX_PID=$!
    for _ in $(seq 1 100); do
        http_get "http://127.0.0.1:$NGINX_PORT/items/1" > /dev/null 2>&1 && return 0
        kill -0 "$NGINX_PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "nginx did not start:" >&2
    cat "$dir/logs/error.log" "$dir/logs/stdout.log" >&2 || true
    exit 1
}
nginx_requests() { http_get "http://127.0.0.1:$NGINX_PORT/__status" | awk 'NR == 3 { print $3 }'; }

# nginx keeps no per-request timestamps (access_log off), so a sampler reads its request counter every 50 ms,
# with bash's /dev/tcp, and waits with read -t on a pipe that never speaks instead of sleep: no process per sample,
# so it steals next to no CPU from the client. Prints "EPOCHREALTIME total".
nginx_sampler() {
    local line total
    exec 4<> <(:)
    while :; do
        exec 3<> "/dev/tcp/127.0.0.1/$NGINX_PORT" || return 0
        printf 'GET /__status HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
        total=""
        while IFS= read -r line <&3; do
            [[ "$line" =~ ^\ ([0-9]+)\ ([0-9]+)\ ([0-9]+) ]] && total=${BASH_REMATCH[3]}
        done
        exec 3<&-
        echo "$EPOCHREALTIME $total"
        read -r -t 0.05 -u 4 || true
    done
}
# first request and last response (epoch us) from the samples: each sample adds 1 to the counter itself
sampled_span() { # FILE -> "FIRST_US LAST_US" (0 0 when nothing moved)
    awk '$2 != "" { t = $1 * 1e6; k++; if (k == 1) { base = $2; next }
            v = $2 - base - (k - 1); if (v > 0 && !first) first = t; if (v > last_v) { last_v = v; last = t } }
         END { printf "%.0f %.0f\n", first, last }' "$1"
}

# the resident memory of a client's process tree, for throughput-1m: every 0.5 s "EPOCHREALTIME KB", KB summed over
# every descendant of ROOT (ROOT, /usr/bin/time, left out), so that a child JVM of the launcher counts. Like the nginx
# sampler it starts no process per sample: bash reads /proc, and each process's parent only once (cached by pid,
# dropped when the process is gone).
rss_sampler() { # ROOT_PID
    local root=$1 page_kb f pid line p kb res
    local -A parent=() ours=() alive=()
    page_kb=$(($(getconf PAGESIZE) / 1024))
    exec 4<> <(:)
    while [[ -e /proc/$root ]]; do
        alive=()
        for f in /proc/[0-9]*; do
            pid=${f#/proc/}
            alive[$pid]=1
            [[ -z "${parent[$pid]:-}" ]] || continue
            { read -r line < "$f/stat"; } 2>/dev/null || continue
            line=${line##*) }     # past "pid (comm) ", as comm may hold spaces
            line=${line#* }       # past the state: the parent's pid comes next
            parent[$pid]=${line%% *}
        done
        kb=0
        for pid in "${!parent[@]}"; do
            if [[ -z "${alive[$pid]:-}" ]]; then
                unset "parent[$pid]" "ours[$pid]"
                continue
            fi
            if [[ -z "${ours[$pid]:-}" ]]; then
                p=${parent[$pid]}
                while [[ "$p" != "$root" && -n "${parent[$p]:-}" ]]; do p=${parent[$p]}; done
                if [[ "$p" == "$root" ]]; then ours[$pid]=1; else ours[$pid]=0; fi
            fi
            if [[ "${ours[$pid]}" == 1 ]] && { read -r _ res _ < "/proc/$pid/statm"; } 2>/dev/null; then
                kb=$((kb + res * page_kb))
            fi
        done
        echo "$EPOCHREALTIME $kb"
        read -r -t 0.5 -u 4 || true
    done
}
# "PEAK_KB Q1/Q2/Q3_KB GROWTH" from the samples and /usr/bin/time's %M (the largest single process): the peak is the
# larger of the two, so that a peak between samples counts; RSS at a quarter, half and three quarters of the
# samples as bench/memory.sh has them; growth = the largest sample of the run's second half / that of its first
rss_figures() { # SAMPLES TIME_FILE
    local maxrss
    maxrss=$({ tail -n 1 "$2" 2>/dev/null || true; } | awk '{ print $4 + 0 }')
    awk -v m="$maxrss" '{ v[NR] = $2 } END {
        if (NR == 0) { printf "%d - -\n", m; exit }
        for (i = 1; i <= NR; i++) { if (v[i] > m) m = v[i]; if (i <= NR / 2) { if (v[i] > a) a = v[i] } else if (v[i] > b) b = v[i] }
        printf "%d %d/%d/%d %s\n", m, v[int(NR / 4) + 1], v[int(NR / 2) + 1], v[int(3 * NR / 4) + 1], (a > 0 && NR > 1 ? sprintf("%.3f", b / a) : "-") }' "$1"
}

# page records in an output folder (api-ingest's part-*.jsonl and errors.jsonl, the baseline's pages.jsonl):
# "RECORDS ERRORS DISTINCT", DISTINCT = distinct (line, page) among the records that are no error
page_records() { # OUTDIR
    "$PY" - "$1" <<'PYEOF'
import glob, json, os, sys
records = errors = 0
pages = set()
out = sys.argv[1]
for name in sorted(glob.glob(os.path.join(out, "part-*.jsonl"))) + [os.path.join(out, n) for n in ("errors.jsonl", "pages.jsonl")]:
    if not os.path.exists(name):
        continue
    with open(name, encoding="utf-8") as f:
        for text in f:
            records += 1
            try:
                record = json.loads(text)
            except ValueError:
                errors += 1
                continue
            if "error" in record:
                errors += 1
            else:
                pages.add((record.get("line"), record.get("page")))
print(records, errors, len(pages))
PYEOF
}

# ---- one run --------------------------------------------------------------------------------------------------
# run_one WORKLOAD TOOL ROUND N CONCURRENCY URLFILE SERVER(bench|nginx) THREADS [FORMAT]
# The inbox file takes URLFILE's extension (urls.txt, urls.jsonl). FORMAT (throughput-20k-jsonl) labels the run
# TOOL:FORMAT and makes an error record a failed run. With PAGES > 0 (the pages workload) each of the N lines is a
# chain of PAGES pages: api-ingest gets PAGINATE, the baseline is baseline_TOOL_pages.py, and the run must write
# N x PAGES distinct page records, no error among them, with exactly N x PAGES requests.
PAGES=0
PAGINATE=(--ingest.paginate.type=link-header)
RSS_SAMPLE=0 # 1 (throughput-1m): sample the client's resident memory, see rss_sampler
run_one() {
    local workload=$1 tool=$2 round=$3 n=$4 conc=$5 urls=$6 server=$7 threads=$8 fmt=${9:-}
    local expect=$n paginate=()
    if ((PAGES > 0)); then
        expect=$((n * PAGES))
        paginate=("${PAGINATE[@]}")
    fi
    local label=$tool${fmt:+:$fmt} input=urls.${6##*.}
    local dir=$WORK/$workload/$tool${fmt:+-$fmt}-$round
    local out=$dir/outbox/urls
    mkdir -p "$dir/inbox"
    local java=$JAVA primed=PRIMED_17 jar=$JAR
    if [[ "$threads" == virtual ]]; then
        java=$JAVA_VT primed=PRIMED_VT
    fi
    if [[ "$tool" == candidate ]]; then
        jar=$CANDIDATE primed=${primed}_CANDIDATE
    fi
    if [[ "$tool" == jar ]]; then
        primed=${primed}_JAR
    fi
    if [[ "$tool" == jar ]] && [[ -z "${!primed:-}" ]]; then
        # java -jar's first run writes the jar's own class-data-sharing archive (target/cds/api-ingest-jar-*)
        local prime=$dir/prime
        mkdir -p "$prime/inbox"
        head -n 20 "$urls" > "$prime/inbox/$input"
        touch -d '-5 seconds' "$prime/inbox/$input"
        (cd "$prime" && "$java" -jar "$jar" --ingest.once=true --ingest.inbox="$prime/inbox" \
            --ingest.outbox="$prime/outbox" --ingest.metrics.port=0 "${paginate[@]}") > "$prime.log" 2>&1 || true
        rm -rf "$prime"
        printf -v "$primed" 1
    fi
    if [[ "$tool" == api-ingest || "$tool" == candidate ]] && [[ -z "${!primed:-}" ]]; then
        # bin/api-ingest's first run writes its class-data-sharing archive (target/cds/) at exit: a first,
        # unmeasured run on 20 of the URLs, so every measured run is a user's second and later run
        local prime=$dir/prime
        mkdir -p "$prime/inbox"
        head -n 20 "$urls" > "$prime/inbox/$input"
        touch -d '-5 seconds' "$prime/inbox/$input"
        (cd "$prime" && JAVA="$java" API_INGEST_JAR="$jar" "$PROJECT/bin/api-ingest" --ingest.once=true --ingest.inbox="$prime/inbox" \
            --ingest.outbox="$prime/outbox" --ingest.metrics.port=0 "${paginate[@]}") > "$prime.log" 2>&1 || true
        rm -rf "$prime"
        printf -v "$primed" 1
    fi
    local floor_cds=$WORK/jvm-floor-$(printf '%s' "$java" | cksum | cut -d' ' -f1).jsa
    if [[ "$tool" == jvm-floor && ! -f "$floor_cds" ]]; then
        # like api-ingest's launcher: a class-data-sharing archive from a first, unmeasured run on 20 URLs
        head -n 20 "$urls" > "$dir/prime-urls.txt"
        "$java" -XX:ArchiveClassesAtExit="$floor_cds" -Xlog:cds=off -Xlog:cds+dynamic=off "${FLOOR_JVM[@]}" \
            -cp "$JAR:$FLOOR_CLASSES" JvmFloor "$dir/prime-urls.txt" "$dir/prime-out" "$conc" > "$dir/prime.log" 2>&1 || true
        rm -rf "$dir/prime-urls.txt" "$dir/prime-out"
    fi
    local before=0
    if [[ "$server" == bench ]]; then
        http_get "http://127.0.0.1:$SERVER_PORT/__reset" > /dev/null
    else
        before=$(nginx_requests)
        nginx_sampler > "$dir/samples.txt" 2>/dev/null &
        SAMPLER_PID=$!
        sleep 0.1 # a first sample before the launch
    fi
    local metrics_port=0
    [[ "$METRICS" == on ]] && metrics_port=$(free_port)
    if [[ "$tool" == api-ingest || "$tool" == candidate || "$tool" == jar ]]; then
        # in the inbox before start and dated in the past, so readLockMinAge (1 s) does not hold it back
        cp "$urls" "$dir/inbox/$input"
        touch -d '-5 seconds' "$dir/inbox/$input"
    fi
    local start end rc=0
    start=$(now_ns)
    if [[ "$tool" == api-ingest || "$tool" == candidate ]]; then
        # cwd = the run folder, which has no application.properties or routes/: the jar's own copies are used
        # setsid: a group of its own, so a stop reaches the client too (/usr/bin/time does not pass SIGTERM on)
        # bin/api-ingest: the jar with the JVM options a user gets from the launcher (CDS archive, C1)
        (cd "$dir" && JAVA="$java" API_INGEST_JAR="$jar" exec setsid /usr/bin/time -f '%e %U %S %M' -o "$dir/time.txt" "$PROJECT/bin/api-ingest" \
            --ingest.once=true --ingest.inbox="$dir/inbox" --ingest.outbox="$dir/outbox" \
            --ingest.concurrency="$conc" --ingest.threads="$threads" --ingest.metrics.port="$metrics_port" "${paginate[@]}") \
            > "$dir/client.log" 2>&1 &
    elif [[ "$tool" == jar ]]; then
        # the README's other command: java -jar, which relaunches the app in a tuned child JVM
        (cd "$dir" && exec setsid /usr/bin/time -f '%e %U %S %M' -o "$dir/time.txt" "$java" -jar "$jar" \
            --ingest.once=true --ingest.inbox="$dir/inbox" --ingest.outbox="$dir/outbox" \
            --ingest.concurrency="$conc" --ingest.threads="$threads" --ingest.metrics.port="$metrics_port" "${paginate[@]}") \
            > "$dir/client.log" 2>&1 &
    elif [[ "$tool" == jvm-floor ]]; then
        setsid /usr/bin/time -f '%e %U %S %M' -o "$dir/time.txt" "$java" -XX:SharedArchiveFile="$floor_cds" -Xshare:auto \
            "${FLOOR_JVM[@]}" -cp "$JAR:$FLOOR_CLASSES" JvmFloor "$urls" "$out" "$conc" > "$dir/client.log" 2>&1 &
    elif [[ "$tool" == curl ]]; then
        # the bodies on stdout, the line per transfer on stderr (buffered by stdbuf: see the header)
        setsid /usr/bin/time -f '%e %U %S %M' -o "$dir/time.txt" "${CURL[@]}" --parallel-max "$conc" -K "${urls%.*}.curl" \
            -w '%{stderr}%{url_effective} %{http_code}\n' > "$dir/bodies" 2> "$dir/transfers.txt" &
    elif ((PAGES > 0)); then
        mkdir -p "$out"
        setsid /usr/bin/time -f '%e %U %S %M' -o "$dir/time.txt" "$PY" "$BENCH/baseline_${tool}_pages.py" "$urls" \
            "$out/pages.jsonl" --concurrency "$conc" > "$dir/client.log" 2>&1 &
    else
        setsid /usr/bin/time -f '%e %U %S %M' -o "$dir/time.txt" "$PY" "$BENCH/baseline_$tool.py" "$urls" "$out" \
            --concurrency "$conc" > "$dir/client.log" 2>&1 &
    fi
    CLIENT_PID=$!
    if ((RSS_SAMPLE)); then
        rss_sampler "$CLIENT_PID" > "$dir/rss.txt" 2>/dev/null &
        RSS_PID=$!
    fi
    wait "$CLIENT_PID" || rc=$?
    end=$(now_ns)
    CLIENT_PID=""
    local rss_peak=- rss_q=- rss_growth=-
    if ((RSS_SAMPLE)); then
        stop_pid "$RSS_PID"
        RSS_PID=""
        read -r rss_peak rss_q rss_growth < <(rss_figures "$dir/rss.txt" "$dir/time.txt")
    fi

    local cpu count first_us=0 last_us=0 start_s="-" active_s="-" end_s="-"
    cpu=$({ tail -n 1 "$dir/time.txt" 2>/dev/null || true; } | awk '{ c = $2 + $3 } END { printf "%.3f", c }')
    if [[ "$server" == bench ]]; then
        local stats
        stats=$(http_get "http://127.0.0.1:$SERVER_PORT/__stats")
        count=$(sed -n 's/.*"count":\([0-9]*\).*/\1/p' <<< "$stats")
        first_us=$(sed -n 's/.*"firstUs":\([0-9]*\).*/\1/p' <<< "$stats")
        last_us=$(sed -n 's/.*"lastUs":\([0-9]*\).*/\1/p' <<< "$stats")
        if [[ "$first_us" -gt 0 ]]; then
            start_s=$(awk -v f="$first_us" -v s="$start" 'BEGIN { printf "%.3f", (f * 1000 - s) / 1e9 }')
            active_s=$(awk -v f="$first_us" -v l="$last_us" 'BEGIN { printf "%.3f", (l - f) / 1e6 }')
            # the last response (server clock) to the client's exit: issue 13 wants at most 0.1 s
            end_s=$(awk -v l="$last_us" -v e="$end" 'BEGIN { printf "%.3f", (e - l * 1000) / 1e9 }')
        fi
    else
        stop_pid "$SAMPLER_PID"
        SAMPLER_PID=""
        local samples
        samples=$(wc -l < "$dir/samples.txt")
        count=$(( $(nginx_requests) - before - 1 - samples )) # minus the status requests themselves
        read -r first_us last_us < <(sampled_span "$dir/samples.txt")
        if [[ "$first_us" -gt 0 ]]; then
            start_s=$(awk -v f="$first_us" -v s="$start" 'BEGIN { printf "%.3f", (f * 1000 - s) / 1e9 }')
            active_s=$(awk -v f="$first_us" -v l="$last_us" 'BEGIN { printf "%.3f", (l - f) / 1e6 }')
        fi
    fi
    local wall records errors distinct="" bodies=0 log=$dir/client.log
    wall=$(awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }')
    if ((PAGES > 0)); then
        read -r records errors distinct < <(page_records "$out")
    elif [[ "$tool" == curl ]]; then
        # records: the transfers that ended in a 200; errors: every other line (other codes, curl's error messages)
        log=$dir/transfers.txt
        read -r records errors < <(awk '/^http:\/\/[^ ]+ 200$/ { ok++; next } { other++ } END { print ok + 0, other + 0 }' "$log")
        bodies=$(stat -c %s "$dir/bodies")
    else
        records=$({ cat "$out"/part-*.jsonl "$out/errors.jsonl" 2>/dev/null || true; } | wc -l) # missing files: a WARN below
        errors=$({ cat "$out/errors.jsonl" 2>/dev/null || true; } | wc -l)
    fi
    printf '  %-14s %-10s run %d/%d: wall %7.2f s  start %6s s  active %6s s%s  cpu %7.2f s  records %d  requests %d%s%s\n' \
        "$workload" "$label" "$round" "$RUNS" "$wall" "$start_s" "$active_s" "$([[ "$end_s" == - ]] || echo "  end $end_s s")" "$cpu" "$records" "$count" \
        "$([[ -n "$fmt" || -n "$distinct" ]] && echo "  errors $errors")$([[ -n "$distinct" ]] && echo "  distinct pages $distinct")" \
        "$([[ "$rss_peak" == - ]] || awk -v p="$rss_peak" -v q="$rss_q" -v g="$rss_growth" 'BEGIN { split(q, x, "/")
            printf "  RSS peak %.0f MB (%.0f / %.0f / %.0f MB at 1/4, 1/2, 3/4), 2nd half / 1st %s", p / 1024, x[1] / 1024, x[2] / 1024, x[3] / 1024, g }')"
    local check=ok
    if ((PAGES > 0)); then
        if [[ "$rc" != 0 || "$records" != "$expect" || "$distinct" != "$expect" || "$errors" != 0 || "$count" != "$expect" ]]; then
            check=WARN
            echo "  WARN $workload $label run $round: exit code $rc, $records page records (expected $expect), $distinct distinct (line, page) among them (expected $expect), $errors of them errors (expected 0), $count requests seen by the server (expected $expect); log: $dir/client.log (KEEP=1 keeps it)"
            tail -n 5 "$dir/client.log" | sed 's/^/    | /'
        fi
    elif [[ "$tool" == curl ]]; then
        if [[ "$rc" != 0 || "$records" != "$n" || "$errors" != 0 || "$bodies" != $((n * BODY_BYTES)) || "$count" -lt "$n" ]]; then
            check=WARN
            echo "  WARN $workload curl run $round: exit code $rc, $records transfers with code 200 (expected $n), $errors other lines (expected 0), $bodies bytes of bodies (expected $n x $BODY_BYTES), $count requests seen by the server (expected >= $n); log: $log (KEEP=1 keeps it)"
            { grep -v ' 200$' "$log" || true; } | tail -n 5 | sed 's/^/    | /'
        fi
    elif [[ "$rc" != 0 || "$records" != "$n" || "$count" -lt "$n" || ( -n "$fmt" && "$errors" != 0 ) ]]; then
        check=WARN
        echo "  WARN $workload $label run $round: exit code $rc, $records records (expected $n), $errors of them errors$([[ -n "$fmt" ]] && echo ' (expected 0)'), $count requests seen by the server (expected >= $n); log: $dir/client.log (KEEP=1 keeps it)"
        tail -n 5 "$dir/client.log" | sed 's/^/    | /'
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$workload" "$label" "$round" "$wall" "$start_s" \
        "$active_s" "$cpu" "$records" "$count" "$rc" "$errors" "$check" "$rss_peak" "$rss_q" "$rss_growth" >> "$RESULTS"
}

# ---- one workload: RUNS alternating rounds, then a table --------------------------------------------------------
# workload NAME N CONCURRENCY LATENCY_MS(0 = nginx) THREADS [WRK_RPS]
workload() {
    local name=$1 n=$2 conc=$3 latency=$4 threads=$5 wrk_rps=${6:-}
    local server=bench port limit="" urls=$WORK/$name.urls.txt
    if [[ "$latency" -gt 0 ]]; then
        port=$SERVER_PORT
        limit=$(awk -v n="$n" -v l="$latency" -v c="$conc" 'BEGIN { printf "%.3f", n * l / 1000 / c }')
    else
        server=nginx
        port=$NGINX_PORT
    fi
    seq 1 "$n" | awk -v base="http://127.0.0.1:$port/items/" '{ print base $1 }' > "$urls"
    local round tool tools=()
    for tool in "${TOOLS[@]}"; do
        [[ "$tool" == curl && "$server" != nginx ]] || tools+=("$tool")
    done
    [[ " ${tools[*]} " != *" curl "* ]] || curl_config "$urls"
    echo
    echo "== $name: $n URLs, concurrency $conc, $([[ $server == bench ]] && echo "API latency $latency ms, physical limit $limit s" || echo "nginx static JSON, wrk $wrk_rps req/s"), api-ingest threads=$threads, RUNS=$RUNS"
    [[ ${#tools[@]} -eq ${#TOOLS[@]} ]] || echo "  note: curl runs against nginx only (the throughput workloads): skipped"
    busy_note
    for round in $(seq 1 "$RUNS"); do
        for tool in "${tools[@]}"; do
            run_one "$name" "$tool" "$round" "$n" "$conc" "$urls" "$server" "$threads"
        done
    done
    table "$name" "$n" "$limit" "$wrk_rps"
}

# curl's config file for URLFILE, beside it (NAME.urls.txt -> NAME.urls.curl): url = "..." a line, written once per
# workload so that no run pays for it
curl_config() { # URLFILE
    awk '{ printf "url = \"%s\"\n", $0 }' "$1" > "${1%.*}.curl"
}

# pages_workload LINES: each line a chain of 20 pages at 20 ms, concurrency 50; api-ingest (candidate) and aiohttp
pages_workload() {
    local lines=$1 conc=50 latency=20 tools=() skipped=() tool round
    PAGES=20
    local n=$((lines * PAGES)) limit urls=$WORK/pages.urls.txt
    # a chain's pages go one after the other: fewer lines than slots still take PAGES x latency
    limit=$(awk -v k="$lines" -v p="$PAGES" -v l="$latency" -v c="$conc" 'BEGIN { r = k / c; if (r < 1) r = 1; printf "%.3f", r * p * l / 1000 }')
    for tool in "${TOOLS[@]}"; do
        case "$tool" in api-ingest | candidate | aiohttp) tools+=("$tool") ;; *) skipped+=("$tool") ;; esac
    done
    seq 1 "$lines" | awk -v base="http://127.0.0.1:$SERVER_PORT/pages/" '{ print base $1 "?page=1" }' > "$urls"
    echo
    echo "== pages: $lines lines x $PAGES pages (Link rel=\"next\"), concurrency $conc, API latency $latency ms per page, physical limit $limit s, api-ingest ${PAGINATE[*]} threads=auto, RUNS=$RUNS"
    [[ ${#skipped[@]} -eq 0 ]] || echo "  note: no pages variant of ${skipped[*]}: skipped"
    busy_note
    for round in $(seq 1 "$RUNS"); do
        for tool in "${tools[@]}"; do
            run_one pages "$tool" "$round" "$lines" "$conc" "$urls" bench auto
        done
    done
    PAGES=0
    table pages "$n" "$limit" "" pages
}

# the median of a space-separated list of numbers, for the awk programs of the tables below
AWK_MEDIAN='
        function median(list,   a, k, i, j, t) {
            k = split(list, a, " ")
            if (k == 0) return "";
            for (i = 2; i <= k; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
            return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
        }
'

# medians per tool from results.tsv, and api-ingest's speed-up over each baseline (over curl too when it ran); N and
# the rates count UNIT (URLs unless given: pages for the pages workload)
table() {
    local name=$1 n=$2 limit=$3 wrk_rps=$4 unit=${5:-URLs}
    awk -F '\t' -v w="$name" -v n="$n" -v limit="$limit" -v wrk="$wrk_rps" -v unit="$unit" "$AWK_MEDIAN"'
        $1 == w {
            runs[$2]++; wall[$2] = wall[$2] " " $4; cpu[$2] = cpu[$2] " " $7
            if ($5 != "-") { st[$2] = st[$2] " " $5; act[$2] = act[$2] " " $6 }
        }
        END {
            split("api-ingest jar candidate jvm-floor aiohttp httpx curl", tools, " ")
            for (i = 1; i <= 7; i++) { t = tools[i]; mw[t] = median(wall[t]) }
            hc = runs["curl"] ? sprintf(" %9s", "x curl") : ""
            if (limit != "")
                printf "  %-10s %4s %9s %8s %8s %8s %12s %10s %11s %11s%s\n", "tool", "runs", "wall s", "start s", unit "/s", "eff.", "eff. excl.", "CPU s/1k", "x aiohttp", "x httpx", hc
            else
                printf "  %-10s %4s %9s %8s %8s %8s %12s %10s %11s %11s%s\n", "tool", "runs", "wall s", "start s", unit "/s", "vs wrk", unit "/s excl.", "CPU s/1k", "x aiohttp", "x httpx", hc
            for (i = 1; i <= 7; i++) {
                t = tools[i]
                if (!runs[t]) continue
                s = median(st[t]); a = median(act[t]); c = median(cpu[t]); rate = n / mw[t]
                col6 = limit != "" ? sprintf("%.2f", limit / mw[t]) : (wrk > 0 ? sprintf("%.2f", rate / wrk) : "-")
                # excl. start: limit / active time (latency workloads), n / active time (throughput)
                col7 = a == "" || a <= 0 ? "-" : (limit != "" ? sprintf("%.2f", limit / a) : sprintf("%.0f", n / a))
                ours = t == "api-ingest" || t == "jar" || t == "candidate" || t == "jvm-floor"
                sa = ours && runs["aiohttp"] ? sprintf("%.2fx", mw["aiohttp"] / mw[t]) : "-"
                sh = ours && runs["httpx"] ? sprintf("%.2fx", mw["httpx"] / mw[t]) : "-"
                sc = runs["curl"] ? sprintf(" %9s", ours ? sprintf("%.2fx", mw["curl"] / mw[t]) : "-") : ""
                printf "  %-10s %4d %9.2f %8s %8.0f %8s %12s %10.3f %11s %11s%s\n", t, runs[t], mw[t], (s == "" ? "-" : sprintf("%.2f", s)), rate, col6, col7, c / n * 1000, sa, sh, sc
            }
            if (runs["jar"] && runs["api-ingest"])
                printf "  java -jar / bin/api-ingest: wall %.3f (target <= 1.10)\n", mw["jar"] / mw["api-ingest"]
            if (runs["candidate"] && runs["api-ingest"]) {
                # per round: did the candidate beat the build it alternated with?
                k = split(wall["api-ingest"], base, " "); split(wall["candidate"], cand, " "); faster = 0
                for (j = 1; j <= k; j++) if (cand[j] + 0 < base[j] + 0) faster++
                printf "  candidate / api-ingest: wall %.3f (%.1f %% %s), faster in %d of %d rounds\n", mw["candidate"] / mw["api-ingest"], 100 * (mw["candidate"] / mw["api-ingest"] - 1), (mw["candidate"] < mw["api-ingest"] ? "faster" : "slower"), faster, k
            }
        }' "$RESULTS"
}

# ---- throughput-20k-jsonl / -csv: the same URLs in a .txt and in a .jsonl (.csv) file, both in every round --------
# format_workload FORMAT N WRK_RPS: api-ingest (and the candidate) only; odd rounds run .txt first, even rounds
# .FORMAT first, so that drift within a round does not always fall on the same format
format_workload() {
    local other=$1 n=$2 wrk_rps=$3 base="http://127.0.0.1:$NGINX_PORT/items/" round tool fmt
    local name=throughput-20k-$other
    seq 1 "$n" | awk -v base="$base" '{ print base $1 }' > "$WORK/$name.urls.txt"
    if [[ "$other" == jsonl ]]; then
        # a spec with nothing but its URL: method, headers and the rest at their defaults, as a .txt line has them
        seq 1 "$n" | awk -v base="$base" '{ printf "{\"url\": \"%s%d\"}\n", base, $1 }' > "$WORK/$name.urls.jsonl"
    else
        # a url column and nothing else: no meta, as a .txt line has none
        { echo url; seq 1 "$n" | awk -v base="$base" '{ print base $1 }'; } > "$WORK/$name.urls.csv"
    fi
    local jars=(api-ingest) order
    [[ -n "$CANDIDATE" ]] && jars+=(candidate)
    echo
    echo "== $name: $n URLs as .txt and as .$other, concurrency 64, nginx static JSON, wrk $wrk_rps req/s, ${jars[*]} only, threads=auto, RUNS=$RUNS"
    busy_note
    for round in $(seq 1 "$RUNS"); do
        if ((round % 2)); then order=(txt "$other"); else order=("$other" txt); fi
        for tool in "${jars[@]}"; do
            for fmt in "${order[@]}"; do
                run_one "$name" "$tool" "$round" "$n" 64 "$WORK/$name.urls.$fmt" nginx auto "$fmt"
            done
        done
    done
    format_table "$name" "$other" "$n" "$(( SCALE > 1 ))"
}

# medians per tool:format, then per jar the per-URL cost FORMAT/txt (the same N: the ratio of the medians) for wall
# (start included), active and CPU, for .jsonl against the issue's 1.15; a run with error records is no measurement
format_table() { # NAME FORMAT N SMOKE(0|1)
    awk -F '\t' -v w="$1" -v o="$2" -v n="$3" -v smoke="$4" -v target=1.15 "$AWK_MEDIAN"'
        $1 == w {
            runs[$2]++; wall[$2] = wall[$2] " " $4; cpu[$2] = cpu[$2] " " $7; W[$2, $3] = $4; C[$2, $3] = $7
            if ($6 != "-") act[$2] = act[$2] " " $6; else noact[$2]++
            if ($5 != "-") st[$2] = st[$2] " " $5
            err[$2] += $11; if ($8 != n || $9 < n || $10 != 0 || $11 != 0) bad[$2]++
        }
        END {
            printf "  %-16s %4s %9s %8s %9s %8s %12s %10s %8s\n", "tool:format", "runs", "wall s", "start s", "active s", "URLs/s", "URLs/s excl.", "CPU s/1k", "errors"
            split("api-ingest candidate", jars, " ")
            for (i = 1; i <= 2; i++) for (f = 1; f <= 2; f++) {
                t = jars[i] ":" (f == 1 ? "txt" : o)
                if (!runs[t]) continue
                mw = median(wall[t]); s = median(st[t]); a = median(act[t])
                printf "  %-16s %4d %9.2f %8s %9s %8.0f %12s %10.3f %8d\n", t, runs[t], mw, (s == "" ? "-" : sprintf("%.2f", s)),
                    (a == "" ? "-" : sprintf("%.2f", a)), n / mw, (a == "" || a <= 0 ? "-" : sprintf("%.0f", n / a)), median(cpu[t]) / n * 1000, err[t]
            }
            for (i = 1; i <= 2; i++) {
                j = jars[i]; tt = j ":txt"; tj = j ":" o
                if (!runs[tt] || !runs[tj]) continue
                # per round: was the .jsonl (.csv) run cheaper than the .txt run of the same round?
                fw = 0; fc = 0; k = 0
                for (key in W) { split(key, p, SUBSEP); if (p[1] != tj || !((tt, p[2]) in W)) continue
                    k++; if (W[tj, p[2]] + 0 <= W[tt, p[2]] + 0) fw++; if (C[tj, p[2]] + 0 <= C[tt, p[2]] + 0) fc++ }
                rw = median(wall[tj]) / median(wall[tt]); rc = median(cpu[tj]) / median(cpu[tt])
                ra = act[tj] != "" && act[tt] != "" && median(act[tt]) > 0 ? sprintf("%.3f", median(act[tj]) / median(act[tt])) : "-"
                printf "  %s per-URL cost %s/txt: wall %.3f, active %s, CPU %.3f; .%s no slower in %d of %d rounds (wall), no more CPU in %d\n", j, o, rw, ra, rc, o, fw, k, fc
                if (o != "jsonl") {
                    if (bad[tj] || bad[tt]) printf "  NOT MEASURED: %d .%s and %d .txt runs failed their checks (see the WARN lines)\n", bad[tj], o, bad[tt]
                    continue
                }
                if (bad[tj])
                    verdict = sprintf("NOT MEASURED: %d of %d .jsonl runs failed their checks (%d error records of %d lines; see the WARN lines): a build without the .jsonl format takes each line for a URL", bad[tj], runs[tj], err[tj], runs[tj] * n)
                else if (bad[tt])
                    verdict = sprintf("NOT MEASURED: %d of %d .txt runs failed their checks (see the WARN lines)", bad[tt], runs[tt])
                else
                    verdict = (rw <= target && rc <= target ? "MET" : "NOT MET") (smoke ? " (smoke run: not the real target)" : "")
                printf "  issue target (%s, %d URLs, per-URL cost jsonl/txt <= %.2f in wall and CPU): %s\n", j, n, target, verdict
            }
        }' "$RESULTS"
}

# ---- throughput-1m: issue 13's sustained rate against curl --parallel, and the resident memory, on one long file ---
# throughput_1m N WRK_RPS: N URLs to nginx at concurrency 64; per round api-ingest (its default heap: bin/api-ingest
# with no -Xmx), the candidate, curl, and aiohttp if TOOLS names it; every run's process tree sampled for RSS
throughput_1m() {
    local n=$1 wrk_rps=$2 name=throughput-1m urls=$WORK/throughput-1m.urls.txt tools=(api-ingest) skipped=() tool round
    [[ -z "$CANDIDATE" ]] || tools+=(candidate)
    tools+=(curl)
    for tool in "${TOOLS[@]}"; do
        case "$tool" in
            api-ingest | candidate | curl) ;;
            aiohttp) if [[ -n "$TOOLS_GIVEN" ]]; then tools+=(aiohttp); else skipped+=("aiohttp (unless TOOLS names it)"); fi ;;
            *) skipped+=("$tool") ;;
        esac
    done
    seq 1 "$n" | awk -v base="http://127.0.0.1:$NGINX_PORT/items/" '{ print base $1 }' > "$urls"
    curl_config "$urls"
    echo
    echo "== $name: $n URLs, concurrency 64, nginx static JSON, wrk $wrk_rps req/s, api-ingest at its default heap, threads=auto, RUNS=$RUNS; ${tools[*]}; RSS of each process tree every 0.5 s"
    [[ ${#skipped[@]} -eq 0 ]] || echo "  note: skipped here: ${skipped[*]}"
    busy_note
    RSS_SAMPLE=1
    for round in $(seq 1 "$RUNS"); do
        for tool in "${tools[@]}"; do
            run_one "$name" "$tool" "$round" "$n" 64 "$urls" nginx auto
        done
    done
    RSS_SAMPLE=0
    table_1m "$name" "$n" "$(( SCALE > 1 ))"
}

# medians per tool, the largest RSS peak and growth over its runs, x curl; then per jar the two targets: URLs/s
# >= 0.8 x curl's (median walls, the same N), and RSS <= 300 MB and flat (growth <= 1.10) in every run. A failed
# check (a WARN line) of the jar's or curl's makes the target NOT MEASURED
table_1m() { # NAME N SMOKE(0|1)
    awk -F '\t' -v w="$1" -v n="$2" -v smoke="$3" -v target=0.8 -v rss_mb=300 -v flat=1.10 "$AWK_MEDIAN"'
        $1 == w {
            runs[$2]++; wall[$2] = wall[$2] " " $4; cpu[$2] = cpu[$2] " " $7
            if ($5 != "-") { st[$2] = st[$2] " " $5; act[$2] = act[$2] " " $6 }
            if ($12 != "ok") bad[$2]++
            if ($13 != "-" && $13 + 0 > peak[$2]) peak[$2] = $13 + 0
            if ($15 == "-") nogrowth[$2]++; else if ($15 + 0 > growth[$2]) growth[$2] = $15 + 0
        }
        END {
            printf "  %-10s %4s %9s %8s %8s %12s %10s %13s %13s %9s\n", "tool", "runs", "wall s", "start s", "URLs/s", "URLs/s excl.", "CPU s/1k", "peak RSS MB", "2nd/1st half", "x curl"
            split("api-ingest candidate curl aiohttp", tools, " ")
            mc = median(wall["curl"]); ac = median(act["curl"])
            for (i = 1; i <= 4; i++) {
                t = tools[i]
                if (!runs[t]) continue
                mw = median(wall[t]); s = median(st[t]); a = median(act[t])
                printf "  %-10s %4d %9.2f %8s %8.0f %12s %10.3f %13.0f %13s %9s\n", t, runs[t], mw, (s == "" ? "-" : sprintf("%.2f", s)), n / mw,
                    (a == "" || a <= 0 ? "-" : sprintf("%.0f", n / a)), median(cpu[t]) / n * 1000, peak[t] / 1024,
                    (nogrowth[t] ? "-" : sprintf("%.2f", growth[t])), (t != "curl" && runs["curl"] ? sprintf("%.2fx", mc / mw) : "-")
            }
            note = smoke ? " (smoke run: not the real target)" : ""
            split("api-ingest candidate", jars, " ")
            for (i = 1; i <= 2; i++) {
                j = jars[i]
                if (!runs[j]) continue
                mw = median(wall[j]); a = median(act[j])
                if (!runs["curl"]) v = "NOT MEASURED: no curl run"
                else if (bad[j] || bad["curl"]) v = sprintf("NOT MEASURED: %d %s and %d curl runs failed their checks (see the WARN lines)", bad[j], j, bad["curl"])
                else v = (mc / mw >= target ? "MET" : "NOT MET") note
                printf "  issue target (%s, %d URLs, concurrency 64: URLs/s >= %.1f x curl --parallel'"'"'s): %.2fx (%s from first request to last response): %s\n",
                    j, n, target, (runs["curl"] ? mc / mw : 0), (a > 0 && ac > 0 ? sprintf("%.2fx", ac / a) : "-"), v
                if (bad[j]) v = sprintf("NOT MEASURED: %d %s runs failed their checks (see the WARN lines)", bad[j], j)
                else if (nogrowth[j]) v = "NOT MEASURED: too few RSS samples"
                else v = (peak[j] / 1024 <= rss_mb && growth[j] <= flat ? "MET" : "NOT MET") note
                printf "  issue target (%s, default heap: peak RSS <= %d MB and flat, largest 2nd/1st-half sample <= %.2f, in every run): peak %.0f MB, %.2f: %s\n",
                    j, rss_mb, flat, peak[j] / 1024, growth[j], v
            }
        }' "$RESULTS"
}

wrk_rps() { # PORT SECONDS -> requests/s of wrk -t2 -c64 on the throughput endpoint
    wrk -t2 -c64 -d"$2"s "http://127.0.0.1:$1/items/1" | awk '/^Requests\/sec:/ { printf "%.0f", $2 }'
}

# ---- pacing: three origins in one file, api-ingest's adaptive pace against a fixed rate in aiohttp --------------
# PaceServer serves L, F and D on three ports; each variant reconfigures L's bucket through /__reset. Per round:
# api-ingest (default settings), then aiohttp (--rate L=the bucket's published rate), alternating; each run starts
# on a full bucket and zeroed counters. bench/pacing_check.py checks each run and prints the table.
PACING_VARIANTS=${PACING_VARIANTS:-25:5:0 10:20:0 25:5:1}
pacing_workload() {
    local log=$WORK/pace-server.log ports variant rate burst announce name round tool pacing_results=$WORK/pacing.tsv
    : > "$log"
    : > "$pacing_results"
    stop_pid "$SERVER_PID"
    "$SERVER_JAVA" "$BENCH/PaceServer.java" 25 5 0 50 > "$log" 2>&1 &
    SERVER_PID=$!
    ports=""
    for _ in $(seq 1 600); do
        ports=$(sed -n 's/^listening \([0-9]* [0-9]* [0-9]*\)$/\1/p' "$log")
        [[ -n "$ports" ]] && break
        kill -0 "$SERVER_PID" 2>/dev/null || { echo "PaceServer did not start:" >&2; cat "$log" >&2; exit 1; }
        sleep 0.1
    done
    [[ -n "$ports" ]] || { echo "PaceServer did not report its ports within 60 s" >&2; exit 1; }
    local lport fport dport
    read -r lport fport dport <<< "$ports"
    local urls=$WORK/pacing.urls.txt
    "$PY" "$BENCH/pacing_check.py" urls "$urls" "http://127.0.0.1:$lport" "http://127.0.0.1:$fport" "http://127.0.0.1:$dport"
    local tools=() skipped=()
    for tool in "${TOOLS[@]}"; do
        case "$tool" in api-ingest | aiohttp) tools+=("$tool") ;; *) skipped+=("$tool") ;; esac
    done
    echo
    echo "== pacing: $(wc -l < "$urls") URLs (500 L on :$lport, 1,000 F on :$fport at 50 ms, 10 D on :$dport), interleaved; api-ingest with default settings (ingest.adaptive on, concurrency 50, retry.max 3), aiohttp concurrency 50 and L at the bucket's rate; RUNS=$RUNS; variants (rate:burst:announce) $PACING_VARIANTS"
    [[ ${#skipped[@]} -eq 0 ]] || echo "  note: no pacing variant of ${skipped[*]}: skipped"
    # bin/api-ingest's first run writes its class-data-sharing archive: one unmeasured run on F's URLs
    if [[ " ${tools[*]} " == *" api-ingest "* ]]; then
        local prime=$WORK/pacing/prime
        mkdir -p "$prime/inbox"
        awk '/\/f\// && ++k <= 20' "$urls" > "$prime/inbox/urls.txt"
        touch -d '-5 seconds' "$prime/inbox/urls.txt"
        (cd "$prime" && JAVA="$JAVA" "$PROJECT/bin/api-ingest" --ingest.once=true --ingest.inbox="$prime/inbox" \
            --ingest.outbox="$prime/outbox" --ingest.metrics.port=0) > "$prime.log" 2>&1 || true
        rm -rf "$prime"
    fi
    for variant in $PACING_VARIANTS; do
        IFS=: read -r rate burst announce <<< "$variant"
        name=b$rate/$burst
        [[ "$announce" != 1 ]] || name=$name-ann
        echo
        echo "-- $name: L a token bucket of $rate/s, burst $burst$([[ "$announce" != 1 ]] || echo ', announcing RateLimit-Policy and RateLimit'); the bucket's own time for 500: (500 - $burst) / $rate s"
        busy_note
        for round in $(seq 1 "$RUNS"); do
            for tool in "${tools[@]}"; do
                pace_run_one "$name" "$tool" "$round" "$urls" "$rate" "$burst" "$announce" "$lport" "$pacing_results"
            done
        done
    done
    echo
    echo "== pacing: medians (L done = L's last 2xx - its first request; F done and D last from the run's first request; server clock)"
    "$PY" "$BENCH/pacing_check.py" table "$pacing_results"
    cp "$pacing_results" "$RESULTS.pacing"
}

# pace_run_one VARIANT TOOL ROUND URLFILE RATE BURST ANNOUNCE L_PORT RESULTS
pace_run_one() {
    local name=$1 tool=$2 round=$3 urls=$4 rate=$5 burst=$6 announce=$7 lport=$8 results=$9
    local dir=$WORK/pacing/${name//\//-}/$tool-$round
    local out=$dir/outbox/urls start end rc=0
    mkdir -p "$dir/inbox"
    http_get "http://127.0.0.1:$lport/__reset?rate=$rate&burst=$burst&announce=$announce" > /dev/null
    if [[ "$tool" == api-ingest ]]; then
        cp "$urls" "$dir/inbox/urls.txt"
        touch -d '-5 seconds' "$dir/inbox/urls.txt"
    fi
    local load
    load=$(cut -d' ' -f1 /proc/loadavg)
    start=$(now_ns)
    if [[ "$tool" == api-ingest ]]; then
        # default settings: only where to read and write, once, and no metrics server
        (cd "$dir" && JAVA="$JAVA" exec setsid /usr/bin/time -f '%e %U %S' -o "$dir/time.txt" "$PROJECT/bin/api-ingest" \
            --ingest.once=true --ingest.inbox="$dir/inbox" --ingest.outbox="$dir/outbox" --ingest.metrics.port=0) \
            > "$dir/client.log" 2>&1 &
    else
        mkdir -p "$out"
        setsid /usr/bin/time -f '%e %U %S' -o "$dir/time.txt" "$PY" "$BENCH/baseline_aiohttp_pacing.py" "$urls" "$out" \
            --concurrency 50 --rate "127.0.0.1:$lport=$rate" > "$dir/client.log" 2>&1 &
    fi
    CLIENT_PID=$!
    wait "$CLIENT_PID" || rc=$?
    end=$(now_ns)
    CLIENT_PID=""
    http_get "http://127.0.0.1:$lport/__stats" > "$dir/stats.json"
    [[ "$rc" == 0 ]] || echo "  WARN $name $tool run $round: exit code $rc; log: $dir/client.log (KEEP=1 keeps it)"
    echo "  $name $tool run $round/$RUNS: load average before it $load"
    "$PY" "$BENCH/pacing_check.py" run "$results" "$name" "$tool" "$round" "$urls" "$out" "$dir/stats.json" \
        "$(awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }')" "$start" "$rate" "$burst" 3 \
        "$([[ "$tool" != api-ingest ]] || echo "$dir/client.log")" || echo "  WARN $name $tool run $round: the check failed"
}

# ---- main -----------------------------------------------------------------------------------------------------
echo "api-ingest benchmark harness  $(date -u '+%Y-%m-%d %H:%M UTC')  modes: ${MODES[*]}  RUNS=$RUNS$([[ $SCALE -gt 1 ]] && echo "  SMOKE (N/$SCALE)")"
echo "JAVA (api-ingest):      $JAVA ($("$JAVA" -version 2>&1 | head -n 1))"
echo "JAVA_VT (concurrency):  $JAVA_VT ($("$JAVA_VT" -version 2>&1 | head -n 1))"
echo "SERVER_JAVA (API):      $SERVER_JAVA ($("$SERVER_JAVA" -version 2>&1 | head -n 1))"
if wants latency || wants concurrency || wants pages || wants pacing || wants throughput || wants throughput-20k || wants throughput-1m || wants throughput-20k-jsonl || wants throughput-20k-csv; then
    echo "python (baselines):     $PY $(cd "$BENCH" && "$PY" -c 'import sys, aiohttp, httpx, baseline_common as c; print(sys.version.split()[0], "aiohttp", aiohttp.__version__, "httpx", httpx.__version__, "event loop:", c.EVENT_LOOP)')"
    [[ " ${TOOLS[*]} " != *" curl "* ]] || echo "curl (reference):       $(curl --version | head -n 1 | cut -d' ' -f1-2), run as: $(printf '%q ' "${CURL[@]}")--parallel-max C -K NAME.urls.curl -w '%{stderr}%{url_effective} %{http_code}\n' > bodies 2> transfers.txt"
    echo "machine:                $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
fi
VIRTUAL=virtual
if [[ "$(java_major "$JAVA_VT")" -lt 21 ]]; then
    VIRTUAL=auto
    echo "note: $JAVA_VT is older than 21: the concurrency workload runs api-ingest with threads=auto, not virtual"
fi

if wants latency; then
    start_bench_server 100
    workload latency $((5000 / SCALE)) 50 100 auto
fi
if wants concurrency; then
    start_bench_server 200
    workload concurrency $((20000 / SCALE)) 1000 200 "$VIRTUAL"
fi
if wants pages; then
    start_bench_server 20
    pages_workload $((500 / SCALE))
fi
if wants pacing; then
    pacing_workload
fi
if [[ -n "$SERVER_PID" ]]; then stop_pid "$SERVER_PID"; SERVER_PID=""; fi
if wants throughput || wants throughput-20k || wants throughput-1m || wants throughput-20k-jsonl || wants throughput-20k-csv; then
    start_nginx
    WRK=$(wrk_rps "$NGINX_PORT" "$WRK_SECS")
    echo
    echo "wrk -t2 -c64 -d${WRK_SECS}s http://127.0.0.1:$NGINX_PORT/items/1: $WRK req/s (nginx worker_processes auto)"
    if wants throughput; then workload throughput $((50000 / SCALE)) 64 0 auto "$WRK"; fi
fi
if wants throughput || wants throughput-20k; then
    # the issue's target: >= 2x the aiohttp baseline on a 20,000-URL run, JVM start included
    workload throughput-20k $((20000 / SCALE)) 64 0 auto "$WRK"
    awk -F '\t' -v n=$((20000 / SCALE)) -v smoke="$([[ $SCALE -gt 1 ]] && echo ' (smoke run: not the real target)')" '$1 == "throughput-20k" { w[$2] = w[$2] " " $4 }
        function med(l,  a, k, i, j, t) { k = split(l, a, " "); for (i = 2; i <= k; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
            return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }
        END { if (w["api-ingest"] != "" && w["aiohttp"] != "") { r = med(w["aiohttp"]) / med(w["api-ingest"])
            printf "  issue target (%d URLs, JVM start included): api-ingest %.2fx aiohttp (target >= 2x): %s%s\n", n, r, (r >= 2 ? "MET" : "NOT MET"), smoke } }' "$RESULTS"
fi
if wants throughput-1m; then throughput_1m $((N1M / SCALE)) "$WRK"; fi
if wants throughput-20k-jsonl; then format_workload jsonl $((20000 / SCALE)) "$WRK"; fi
if wants throughput-20k-csv; then format_workload csv $((20000 / SCALE)) "$WRK"; fi
if wants memory; then
    echo
    echo "== memory: bench/memory.sh $((1000000 / SCALE))"
    "$BENCH/memory.sh" $((1000000 / SCALE))
fi
if wants items; then
    echo
    echo "== items: bench/items.sh $((ITEMS_BYTES / SCALE)) bytes${FORMAT:+ (FORMAT=$FORMAT)}"
    "$BENCH/items.sh" $((ITEMS_BYTES / SCALE))
fi
if [[ -s "$RESULTS" ]]; then
    echo
    echo "per-run results (workload tool round wall start active cpu records requests exit errors check rss-peak-kB rss-quarters-kB rss-growth): $RESULTS$([[ "${KEEP:-0}" == 1 ]] || echo ' (removed on exit; KEEP=1 keeps it)')"
fi
