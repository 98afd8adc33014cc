#!/usr/bin/env bash
# Does analysis keep up with recording, with bounded memory? Sends 1 KiB PUTs (unique URLs and
# bodies, 32 connections) through twice until it has recorded TARGET exchanges (default 1,000,000),
# printing every 10 s: recorded, analysed, analysis backlog and skips, RSS. Loopback only.
# Usage: bench/analysis.sh [target]
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${1:-1000000}
. bench/common.sh
need_load_tools
need_jar
fresh_out "$PWD/bench/out-analysis"
start_nginx_upstream
java -XX:+UseG1GC -Xmx256m -jar "$JAR" --upstream http://127.0.0.1:18081 --listen 127.0.0.1:18083 \
  --dashboard 127.0.0.1:18093 --db "$OUT/twice.db" >"$OUT/twice.log" 2>&1 &
TWICE=$!
cleanup() { kill "$WRK" 2>/dev/null || true; kill -TERM "$TWICE" 2>/dev/null || true; wait "$TWICE" 2>/dev/null || true;
            stop_nginx_upstream; }
trap cleanup EXIT
for _ in $(seq 1 100); do curl -s -o /dev/null http://127.0.0.1:18093/healthz && break; sleep 0.1; done
BODY_SIZE=1024 wrk -t2 -c32 -d3600s -s bench/put.lua http://127.0.0.1:18083/ >/dev/null &
WRK=$!
printf '%8s %10s %10s %8s %8s %8s %9s\n' seconds recorded analysed backlog skipped rss_mib findings
start=$(date +%s)
while true; do
  sleep 10
  read -r rec ana back skip < <(curl -s --max-time 5 http://127.0.0.1:18093/healthz | python3 -c \
    "import json,sys; h=json.load(sys.stdin); r=h['recording']; a=h['analysis']; print(r['recorded'], a['analysed'], a['backlog'], a['skipped'])")
  rss=$(( $(awk '/VmRSS/{print $2}' /proc/$TWICE/status) / 1024 ))
  findings=$(curl -s --max-time 5 http://127.0.0.1:18093/api/findings | python3 -c "import json,sys; print(len(json.load(sys.stdin)['items']))")
  printf '%8d %10d %10d %8d %8d %8d %9d\n' $(( $(date +%s) - start )) "$rec" "$ana" "$back" "$skip" "$rss" "$findings"
  [ "$rec" -ge "$TARGET" ] && break
done
