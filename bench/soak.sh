#!/usr/bin/env bash
# Soak: a steady PUT load through twice for MINUTES (default 30) with retention active
# (--retention 5m,256MiB, so it deletes during the run), printing every minute: requests, p99,
# twice's RSS, db and WAL size, rows, drops. Flat columns at start and end are the point.
# Loopback only. Usage: bench/soak.sh [minutes]
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES=${1:-30}
. bench/common.sh
need_load_tools
need_jar
fresh_out "$PWD/bench/out-soak"
start_nginx_upstream
java -XX:+UseG1GC -Xmx256m -jar "$JAR" --upstream http://127.0.0.1:18081 --listen 127.0.0.1:18085 \
  --dashboard 127.0.0.1:18095 --db "$OUT/twice.db" --retention 5m,256MiB >"$OUT/twice.log" 2>&1 &
TWICE=$!
trap 'kill -TERM $TWICE 2>/dev/null; wait $TWICE 2>/dev/null; stop_nginx_upstream' EXIT
for _ in $(seq 1 100); do curl -s -o /dev/null http://127.0.0.1:18095/healthz && break; sleep 0.1; done
# A steady rate: 4 connections, each pausing 2 ms between requests (wrk's delay()).
cat bench/put.lua > "$OUT/steady.lua"
echo 'function delay() return 2 end' >> "$OUT/steady.lua"
printf '%6s %9s %8s %8s %8s %8s %9s %8s\n' minute requests p99_ms rss_mib db_mib wal_mib rows dropped
for m in $(seq 1 "$MINUTES"); do
  line=$(BODY_SIZE=1024 wrk -t1 -c4 -d60s -s "$OUT/steady.lua" http://127.0.0.1:18085/ | grep '^RESULT')
  eval "$(echo "$line" | sed 's/^RESULT //')"
  rss=$(( $(awk '/VmRSS/{print $2}' /proc/$TWICE/status) / 1024 ))
  db=$(( $(stat -c %s "$OUT/twice.db") / 1048576 ))
  wal=$(( $( (stat -c %s "$OUT/twice.db-wal" 2>/dev/null || echo 0) ) / 1048576 ))
  read -r rows dropped < <(curl -s http://127.0.0.1:18095/healthz | python3 -c \
    "import json,sys; r=json.load(sys.stdin)['recording']; print(r['recorded'], r['dropped'])")
  printf '%6d %9d %8.2f %8d %8d %8d %9s %8d\n' "$m" "$requests" "$(python3 -c "print($p99_us/1000)")" "$rss" "$db" "$wal" "$rows" "$dropped"
done
