# Sourced by the f*.sh reproductions. Starts servers, runs the jar once in a fresh folder, cleans up.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
JAR=$ROOT/target/api-ingest.jar
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -o -q -DskipTests package) || { echo "cannot build $JAR"; exit 1; }
mkdir -p "${TMPDIR:-/tmp}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bbx-repro.XXXXXX") && [ -d "$WORK" ] || { echo "cannot make a working folder"; exit 2; }
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done; }
trap cleanup EXIT
mkdir -p "$WORK/inbox"
# start_server NAME [IDLE]: sets NAME_PORT and NAME_LOG
start_server() {
  local name=$1; shift
  python3 "$HERE/bbx_server.py" "$WORK/$name.port" "$WORK/$name.log" "$@" & PIDS+=($!)
  for _ in $(seq 1 50); do [ -f "$WORK/$name.port" ] && break; sleep 0.1; done
  eval "${name}_PORT=$(cat "$WORK/$name.port")"; eval "${name}_LOG=$WORK/$name.log"; touch "$WORK/$name.log"
}
run_once() { (cd "$WORK" && java -jar "$JAR" --ingest.once=true --ingest.metrics.port=0 --ingest.progress-interval-s=0 "$@" >stdout.txt 2>stderr.txt); echo "api-ingest exit code $?"; }
verdict() { if [ "$1" = defect ]; then echo "RESULT: DEFECT REPRODUCED - $2"; exit 1; else echo "RESULT: ok - $2"; exit 0; fi; }
# start_scenario NAME SCENARIO_FILE: like start_server, with pg_server.py and a scenario (handle(h, path, query, n))
start_scenario() {
  local name=$1 scen=$2
  python3 "$HERE/pg_server.py" "$WORK/$name.port" "$WORK/$name.log" "$scen" & PIDS+=($!)
  for _ in $(seq 1 50); do [ -f "$WORK/$name.port" ] && break; sleep 0.1; done
  eval "${name}_PORT=$(cat "$WORK/$name.port")"; eval "${name}_LOG=$WORK/$name.log"; touch "$WORK/$name.log"
}
# records DIR: every record of the part files, one a line
records() { cat "$1"/part-*.jsonl 2>/dev/null; }
