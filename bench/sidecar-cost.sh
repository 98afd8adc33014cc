#!/usr/bin/env bash
# What a sidecar costs on a normal day: 1 KiB JSON PUTs at a fixed 1,000 req/s (hey -q 100 -c 10)
# for MEASURE seconds after WARMUP seconds, straight to the upstream, through nginx with its access
# log, and through twice as the image runs it (recording, redaction and analysis on). Prints vCPU
# per 1k req/s (utime+stime of the process from /proc), peak RSS (VmHWM), p50/p90/p99 and the p90
# added over going direct. Everything on 127.0.0.1; stops by itself.
# Then twice's CPU split by thread (proxy I/O, upstream reactor, writer, analyzer, JIT, GC, other).
# Usage: bench/sidecar-cost.sh [measure-seconds] [warmup-seconds]; TARGETS="twice" measures only it.
set -euo pipefail
cd "$(dirname "$0")/.."
MEASURE=${1:-30}
WARMUP=${2:-40}
# As the README starts it: the launcher gives the JVM the flags a 256 MiB container gets (JvmSizing);
# set TWICE_JAVA_OPTS to compare other flags.
TWICE_JAVA_OPTS=${TWICE_JAVA_OPTS:-}
. bench/common.sh
need_load_tools
command -v hey >/dev/null || { apt-get update -qq && apt-get install -y -qq hey >/dev/null; }
need_jar
fresh_out "$PWD/bench/out-sidecar"
for c in upstream proxy; do sed "s#__OUT__#$OUT#g" "bench/$c.conf" > "$OUT/$c.conf"; done
TWICE_PID=
cleanup() {
  [ -n "$TWICE_PID" ] && kill "$TWICE_PID" 2>/dev/null || true
  for c in upstream proxy; do [ -f "$OUT/$c.pid" ] && kill "$(cat "$OUT/$c.pid")" 2>/dev/null || true; done
}
trap cleanup EXIT
cpu_ticks() { local t=0; for p in "$@"; do t=$((t + $(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo $t; }
peak_rss_kib() { local t=0; for p in "$@"; do t=$((t + $(awk '/VmHWM/{print $2}' "/proc/$p/status" 2>/dev/null || echo 0))); done; echo $t; }
nginx_pids() { local master; master=$(cat "$OUT/$1.pid"); echo "$master $(pgrep -P "$master" | tr '\n' ' ')"; }
wait_port() { for _ in $(seq 1 100); do (echo >/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.1; done; exit 1; }
thread_ticks() { for t in /proc/"$1"/task/*; do printf '%s\t%s\n' "$(cat "$t/comm")" "$(awk '{print $14+$15}' "$t/stat")"; done 2>/dev/null; }
HZ=$(getconf CLK_TCK)
TARGETS=${TARGETS:-direct nginx twice}
python3 -c "import json; print(json.dumps({'order': 'x' * 990}))" > "$OUT/body.json"

nginx -c "$OUT/upstream.conf"; nginx -c "$OUT/proxy.conf"; wait_port 18081; wait_port 18082
java $TWICE_JAVA_OPTS -jar "$JAR" --upstream http://127.0.0.1:18081 --listen 127.0.0.1:18083 \
  --dashboard 127.0.0.1:18093 --db "$OUT/twice.db" >"$OUT/twice.log" 2>&1 &
TWICE_PID=$!
wait_port 18083

load() { # $1 port, $2 seconds -> hey's report
  hey -z "${2}s" -q 100 -c 10 -m PUT -T application/json -D "$OUT/body.json" "http://127.0.0.1:$1/orders/1"
}
percentile() { awk -v p="$1%" '$1 == p && $2 == "in" {printf "%.2f", $3 * 1000}' "$2"; }

printf "%-8s %10s %14s %10s %8s %8s %8s %10s\n" target "req/s" "vCPU/1k req/s" "peakRSS" p50ms p90ms p99ms "+p90 ms"
direct_p90=
for t in direct:18081:upstream nginx:18082:proxy twice:18083:twice; do
  IFS=: read -r name port kind <<<"$t"
  case " $TARGETS " in *" $name "*) ;; *) continue ;; esac
  if [ "$kind" = twice ]; then pids=$(twice_pids "$TWICE_PID"); else pids=$(nginx_pids "$kind"); fi
  load "$port" "$WARMUP" >/dev/null
  [ "$kind" = twice ] && thread_ticks "$(twice_jvm "$TWICE_PID")" >"$OUT/threads-before.tsv"
  before=$(cpu_ticks $pids)
  load "$port" "$MEASURE" >"$OUT/$name.txt"
  after=$(cpu_ticks $pids)
  [ "$kind" = twice ] && thread_ticks "$(twice_jvm "$TWICE_PID")" >"$OUT/threads-after.tsv"
  rps=$(awk '/Requests\/sec/{print $2}' "$OUT/$name.txt")
  vcpu=$(python3 -c "print(round(($after - $before) / $HZ / $MEASURE / ($rps / 1000), 3))")
  rss=$(( $(peak_rss_kib $pids) / 1024 ))
  p50=$(percentile 50 "$OUT/$name.txt"); p90=$(percentile 90 "$OUT/$name.txt"); p99=$(percentile 99 "$OUT/$name.txt")
  [ "$name" = direct ] && direct_p90=$p90
  added=-; [ -n "$direct_p90" ] && added=$(python3 -c "print(round($p90 - $direct_p90, 2))")
  printf "%-8s %10s %14s %9sM %8s %8s %8s %10s\n" "$name" "$rps" "$vcpu" "$rss" "$p50" "$p90" "$p99" "$added"
done
requests=$(awk '/Requests\/sec/{print int($2 * '"$MEASURE"')}' "$OUT/twice.txt" 2>/dev/null || echo 0)
if [ -f "$OUT/threads-after.tsv" ]; then
  echo "twice, CPU per request by thread:"; python3 bench/threads.py "$OUT/threads-before.tsv" "$OUT/threads-after.tsv" "$requests"
fi
curl -s http://127.0.0.1:18093/healthz | python3 -c "import json,sys; r=json.load(sys.stdin)['recording']; print('twice recorded', r['recorded'], 'dropped', r['dropped'], 'shed', r['bodiesShed'])"
