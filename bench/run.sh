#!/usr/bin/env bash
# twice benchmark: PUT load through (a) nothing, (b) nginx with its access log, (c) twice
# recording every PUT; then a 1 GiB streamed PUT and a 1 GiB streamed response through twice.
# Prints req/s, p50/p99, CPU per request, peak RSS, ratios, and rows recorded vs requests sent.
# Everything listens on 127.0.0.1 and stops by itself. Usage: bench/run.sh [seconds] [rounds]
# TWICE_ONLY=1 measures twice alone (no direct, nginx or 1 GiB runs), to compare its flags quickly.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
ROUNDS=${2:-3}
CONNECTIONS=32
# As the README starts it (the launcher sizes the JVM); set TWICE_JAVA_OPTS to compare other flags.
TWICE_JAVA_OPTS=${TWICE_JAVA_OPTS:-}
. bench/common.sh
need_load_tools
need_jar
fresh_out "$PWD/bench/out"
mkdir -p "$OUT/static/big"
for c in upstream proxy; do sed "s#__OUT__#$OUT#g" "bench/$c.conf" > "$OUT/$c.conf"; done

PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for c in upstream proxy; do [ -f "$OUT/$c.pid" ] && kill "$(cat "$OUT/$c.pid")" 2>/dev/null || true; done
}
trap cleanup EXIT

# CPU ticks (user+system) of a process and all its children threads; for nginx, master + workers.
cpu_ticks() { local t=0; for p in "$@"; do t=$((t + $(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo $t; }
# name<TAB>ticks of every thread of a process (the JVM names its threads: XNIO-1 I/O-1, twice-store-writer, ...).
thread_ticks() { for t in /proc/"$1"/task/*; do printf '%s\t%s\n' "$(cat "$t/comm" 2>/dev/null)" "$(awk '{print $14+$15}' "$t/stat" 2>/dev/null || echo 0)"; done; }
peak_rss_kib() { local t=0; for p in "$@"; do t=$((t + $(awk '/VmHWM/{print $2}' "/proc/$p/status" 2>/dev/null || echo 0))); done; echo $t; }
nginx_pids() { local master; master=$(cat "$OUT/$1.pid"); echo "$master $(pgrep -P "$master" | tr '\n' ' ')"; }
wait_port() { for _ in $(seq 1 100); do (echo >/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; exit 1; }

nginx -c "$OUT/upstream.conf"; nginx -c "$OUT/proxy.conf"
wait_port 18081; wait_port 18082

start_twice() { # $1 = record methods
  rm -f "$OUT"/twice.db*
  java $TWICE_JAVA_OPTS -jar "$JAR" --upstream http://127.0.0.1:18081 --listen 127.0.0.1:18083 \
    --dashboard 127.0.0.1:18093 --db "$OUT/twice.db" --record "$1" >"$OUT/twice.log" 2>&1 &
  TWICE_PID=$!; PIDS+=("$TWICE_PID")
  wait_port 18083; wait_port 18093
  # Warm the JIT before measuring, as a proxy left running would be; the warm-up's rows are
  # subtracted from the recorded count.
  BODY_SIZE=${WARM_SIZE:-1024} wrk -t2 -c$CONNECTIONS -d${WARMUP:-15}s -s bench/put.lua http://127.0.0.1:18083/ >/dev/null
  sleep 1
  read -r WARM_REC WARM_DROP WARM_SHED < <(health | python3 -c "import json,sys; r=json.load(sys.stdin)['recording']; print(r['recorded'], r['dropped'], r['bodiesShed'])")
}
stop_twice() { # SIGTERM, then SIGKILL if twice has not drained and exited within 30 s
  kill -TERM "$TWICE_PID" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$TWICE_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$TWICE_PID" 2>/dev/null || true; wait "$TWICE_PID" 2>/dev/null || true
}
health() { curl -s --max-time 10 http://127.0.0.1:18093/healthz; }

HZ=$(getconf CLK_TCK)
RESULTS=$OUT/results.tsv
echo -e "size\ttarget\tround\trps\tp50_us\tp99_us\tcpu_us_per_req\tpeak_rss_mib\terrors\tsent\trecorded\tdropped\tshed" > "$RESULTS"

run_one() { # $1 size, $2 target name, $3 port, $4 round, pids...
  local size=$1 name=$2 port=$3 round=$4; shift 4
  local before after line
  [ "$name" = twice ] && thread_ticks "$(twice_jvm "$1")" >"$OUT/threads-before.tsv"
  before=$(cpu_ticks "$@")
  line=$(BODY_SIZE=$size wrk -t2 -c$CONNECTIONS -d${DURATION}s -s bench/put.lua "http://127.0.0.1:$port/" | grep '^RESULT')
  after=$(cpu_ticks "$@")
  [ "$name" = twice ] && thread_ticks "$(twice_jvm "$1")" >"$OUT/threads-after.tsv"
  eval "$(echo "$line" | sed 's/^RESULT //')"
  if [ "$name" = twice ]; then
    echo "twice, $size-byte PUTs, round $round: CPU per request by thread" >>"$OUT/threads.txt"
    python3 bench/threads.py "$OUT/threads-before.tsv" "$OUT/threads-after.tsv" "$requests" >>"$OUT/threads.txt"
  fi
  local rps cpu rss
  rps=$(python3 -c "print(round($requests / ($duration_us / 1e6)))")
  cpu=$(python3 -c "print(round(($after - $before) * 1e6 / $HZ / max($requests, 1), 1))")
  rss=$(( $(peak_rss_kib "$@") / 1024 ))
  local rec=- drop=- shed=-
  if [ "$name" = twice ]; then
    sleep 1
    read -r rec drop shed < <(health | python3 -c "import json,sys; r=json.load(sys.stdin)['recording']; print(r['recorded'] - $WARM_REC, r['dropped'] - $WARM_DROP, r['bodiesShed'] - $WARM_SHED)")
  fi
  echo -e "$size\t$name\t$round\t$rps\t$p50_us\t$p99_us\t$cpu\t$rss\t$((errors + non2xx))\t$requests\t$rec\t$drop\t$shed" | tee -a "$RESULTS"
}

for size in 1024 65536; do
  for round in $(seq 1 "$ROUNDS"); do
    if [ -z "${TWICE_ONLY:-}" ]; then
      run_one $size direct 18081 "$round" $(nginx_pids upstream)
      run_one $size nginx 18082 "$round" $(nginx_pids proxy)
    fi
    WARM_SIZE=$size start_twice PUT,POST
    run_one $size twice 18083 "$round" $(twice_pids "$TWICE_PID")
    stop_twice
  done
done

python3 bench/summarize.py "$RESULTS"
echo
cat "$OUT/threads.txt"

[ -n "${TWICE_ONLY:-}" ] && exit 0
echo
echo "== 1 GiB streamed through twice (record ALL, --max-body 1MiB) =="
head -c $((1 << 30)) /dev/urandom > "$OUT/static/big/1g.bin"
start_twice ALL
up=$(curl -s -o /dev/null -w '%{http_code} %{time_total}s' -T "$OUT/static/big/1g.bin" http://127.0.0.1:18083/upload)
down=$(curl -s -w '%{http_code} %{time_total}s' -o >(sha256sum | cut -c1-16 > "$OUT/down.sha") http://127.0.0.1:18083/big/1g.bin)
sleep 1
echo "PUT 1 GiB:       status/time $up"
echo "GET 1 GiB:       status/time $down, sha256 match: $([ "$(cat "$OUT/down.sha")" = "$(sha256sum "$OUT/static/big/1g.bin" | cut -c1-16)" ] && echo yes || echo NO)"
echo "twice peak RSS:  $(( $(peak_rss_kib $(twice_pids "$TWICE_PID")) / 1024 )) MiB"
echo "recording:       $(health)"
stop_twice
rm -f "$OUT/static/big/1g.bin"
