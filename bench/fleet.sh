#!/usr/bin/env bash
# twice on a shared PostgreSQL (docs/fleet.md), measured beside SQLite in the same run:
#   1. one instance, 1 KiB PUTs, saturated: req/s on SQLite and on PostgreSQL, rows vs requests
#   2. three instances at once against one database: aggregate req/s, rows = requests
#   3. a retry's delay to its finding: POST on instance 1, the same POST on instance 2, then the
#      time until instance 3's dashboard lists the finding (p50, p99 of N retries)
#   4. the database's size per million exchanges
# PostgreSQL runs with its default durability (fsync, synchronous commit), in a temp cluster on
# 127.0.0.1:18432. Everything listens on 127.0.0.1 and stops by itself.
# Usage: bench/fleet.sh [seconds] [retries]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20}
RETRIES=${2:-50}
CONNECTIONS=32
TWICE_JAVA_OPTS=${TWICE_JAVA_OPTS:--XX:+UseG1GC -Xmx256m}
PGPORT=18432
. bench/common.sh
need_load_tools
need_jar
fresh_out "$PWD/bench/out-fleet"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  stop_nginx_upstream
  [ -d "$OUT/pg/data" ] && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$OUT/pg/data" -m immediate stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
wait_port() { for _ in $(seq 1 200); do (echo >/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; exit 1; }

start_nginx_upstream
mkdir -p "$OUT/pg"; echo postgres > "$OUT/pg/pw"; chown -R postgres:postgres "$OUT/pg"
runuser -u postgres -- "$PGBIN/initdb" -D "$OUT/pg/data" -U postgres --auth=scram-sha-256 \
  --pwfile="$OUT/pg/pw" -E UTF8 --no-locale >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$OUT/pg/data" -l "$OUT/pg/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $OUT/pg" start >/dev/null
export PGPASSWORD=postgres
psql() { "$PGBIN/psql" -h 127.0.0.1 -p $PGPORT -U postgres -At "$@"; }
psql -d postgres -c "CREATE ROLE twice LOGIN PASSWORD 'bench'" >/dev/null
new_db() { psql -d postgres -c "CREATE DATABASE $1 OWNER twice" >/dev/null; echo "postgresql://twice:bench@127.0.0.1:$PGPORT/$1"; }
wait_port 18081

start_twice() { # $1 index, then flags
  local i=$1; shift
  java $TWICE_JAVA_OPTS -jar "$JAR" --upstream http://127.0.0.1:18081 --listen 127.0.0.1:$((18083 + i)) \
    --dashboard 127.0.0.1:$((18093 + i)) --instance "bench-$i" "$@" >"$OUT/twice-$i.log" 2>&1 &
  PIDS+=($!)
  wait_port $((18083 + i)); wait_port $((18093 + i))
}
stop_all_twice() {
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do for _ in $(seq 1 300); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done; done
  PIDS=()
}
recorded() { curl -s http://127.0.0.1:$((18093 + $1))/healthz | python3 -c "import json,sys; r=json.load(sys.stdin)['recording']; print(r['recorded'], r['dropped'])"; }
load() { # $1 port, $2 seconds, $3 connections -> "requests duration_us"
  BODY_SIZE=1024 wrk -t2 -c"$3" -d"$2"s -s bench/put.lua "http://127.0.0.1:$1/" | grep '^RESULT' | sed 's/^RESULT //'
}
cpu_ticks() { local t=0; for p in "$@"; do t=$((t + $(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo $t; }
pg_pids() { pgrep -f "postgres" -u postgres | tr '\n' ' '; }
HZ=$(getconf CLK_TCK)
rps_of() { eval "$1"; python3 -c "print(round($requests / ($duration_us / 1e6)))"; }

echo "== 1. one instance, 1 KiB PUTs, ${DURATION}s after a 10 s warm-up (same run, same upstream)"
declare -A RPS
for engine in sqlite postgresql; do
  if [ $engine = sqlite ]; then start_twice 0 --db "$OUT/bench.db"; else start_twice 0 --store "$(new_db single)"; fi
  load 18083 10 $CONNECTIONS >/dev/null; sleep 2
  read -r r0 d0 < <(recorded 0)
  PGP=$(pg_pids); t0=$(cpu_ticks "${PIDS[0]}"); p0=$(cpu_ticks $PGP)
  line=$(load 18083 "$DURATION" $CONNECTIONS); eval "$line"
  t1=$(cpu_ticks "${PIDS[0]}"); PGP=$(pg_pids); p1=$(cpu_ticks $PGP)
  sleep 3
  read -r r1 d1 < <(recorded 0)
  RPS[$engine]=$(rps_of "$line")
  cpu() { python3 -c "print(round(($2 - $1) * 1e6 / $HZ / max($requests, 1), 1))"; }
  echo "$engine: ${RPS[$engine]} req/s, p99 $((p99_us / 1000)) ms, sent $requests, recorded $((r1 - r0)), dropped $((d1 - d0));" \
    "CPU per request: twice $(cpu "$t0" "$t1") us, PostgreSQL $(cpu "$p0" "$p1") us"
  stop_all_twice
done
python3 -c "print('postgresql / sqlite: %.2f' % (${RPS[postgresql]} / ${RPS[sqlite]}))"

echo "== 2. three instances at once against one database, ${DURATION}s each after a 10 s warm-up"
STORE=$(new_db fleet)
for i in 0 1 2; do start_twice $i --store "$STORE"; done
LOADS=(); for i in 0 1 2; do load $((18083 + i)) 10 16 >/dev/null & LOADS+=($!); done; wait "${LOADS[@]}"
settled() { # the row count once it holds still for 2 s: every queue has drained
  local last=-1 now; now=$(psql -d fleet -c "SELECT count(*) FROM exchange")
  while [ "$now" != "$last" ]; do last=$now; sleep 2; now=$(psql -d fleet -c "SELECT count(*) FROM exchange"); done
  echo "$now"
}
before=$(settled)
LOADS=(); for i in 0 1 2; do load $((18083 + i)) "$DURATION" 16 >"$OUT/load-$i.txt" & LOADS+=($!); done
wait "${LOADS[@]}"  # not a bare wait: the twice processes are children too
after=$(settled)
dropped=0; for i in 0 1 2; do read -r _ d < <(recorded $i); dropped=$((dropped + d)); done
sent=0; total_rps=0
for i in 0 1 2; do
  eval "$(cat "$OUT/load-$i.txt")"; sent=$((sent + requests))
  total_rps=$(python3 -c "print($total_rps + $requests / ($duration_us / 1e6))")
done
echo "aggregate: $(python3 -c "print(round($total_rps))") req/s; sent $sent, rows $((after - before)), dropped $dropped"

echo "== 3. a retry on another instance: delay to the finding on a third instance's dashboard ($RETRIES retries)"
python3 - "$RETRIES" <<'PY'
import json, sys, time, urllib.request
n = int(sys.argv[1]); delays = []
def post(port, path, body):
    r = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method="POST",
                               headers={"Content-Type": "application/json"})
    urllib.request.urlopen(r).read()
for i in range(n):
    path = f"/retry/{time.time_ns()}"
    body = json.dumps({"order": i}).encode()
    post(18083, path, body)
    post(18084, path, body)          # the client's retry, answered by another replica
    t0 = time.monotonic()
    while True:
        found = json.load(urllib.request.urlopen(f"http://127.0.0.1:18095/api/findings?url={path}"))["items"]
        if found:
            delays.append(time.monotonic() - t0); break
        if time.monotonic() - t0 > 10:
            print("no finding within 10 s for", path); break
        time.sleep(0.005)
delays.sort()
pct = lambda p: delays[min(len(delays) - 1, int(p * len(delays)))] * 1000
print(f"retry -> finding on another dashboard: p50 {pct(0.5):.0f} ms, p99 {pct(0.99):.0f} ms, max {delays[-1]*1000:.0f} ms ({len(delays)} of {n})")
PY
stop_all_twice

echo "== 4. size per million exchanges (1 KiB request bodies, 3-byte responses, as recorded above)"
rows=$(psql -d fleet -c "SELECT count(*) FROM exchange")
bytes=$(psql -d fleet -c "SELECT pg_database_size('fleet')")
empty=$(psql -d postgres -c "SELECT pg_database_size('template1')")
echo "postgresql: $rows rows, $((bytes / 1048576)) MiB -> $(python3 -c "print(round(($bytes - $empty) / $rows * 1e6 / 2**30, 2))") GiB per million exchanges"
sqlite_rows=$(python3 -c "import sqlite3; print(sqlite3.connect('$OUT/bench.db').execute('select count(*) from exchange').fetchone()[0])")
sqlite_bytes=$(stat -c %s "$OUT/bench.db")
echo "sqlite: $sqlite_rows rows, $((sqlite_bytes / 1048576)) MiB -> $(python3 -c "print(round($sqlite_bytes / $sqlite_rows * 1e6 / 2**30, 2))") GiB per million exchanges"
