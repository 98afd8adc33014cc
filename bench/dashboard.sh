#!/usr/bin/env bash
# Is the dashboard responsive on a large store? Builds a db of N exchanges (default 1,000,000,
# 1 KiB bodies, every 1,000th in a finding), starts twice on it, then times what the page does:
# first render (health, findings, first page of the list) and opening a finding (its two
# exchanges and its attempts), plus filtered lists, a deep page, searches (a match near the top,
# a text that is nowhere: one page's budget of 10,000 rows), attempts and a comparison; then keeps the page open in Chromium while
# LIVE_RATE exchanges a second (default 50) arrive for LIVE_SECONDS (default 300), and prints the
# main-thread time per live update and the page's DOM size (LiveTiming).
# Loopback only. Usage: bench/dashboard.sh [exchanges]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
OUT=$PWD/bench/out-dashboard
JAR=$PWD/web-ui/target/twice.jar
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 curl >/dev/null; }
rm -rf "$OUT"; mkdir -p "$OUT"
BROWSER=
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  # The browser measurements run from web-ui's test classes: install the modules so Maven can list
  # web-ui's test classpath on its own. Before twice starts: rebuilding the jar under a running
  # twice would change the file it reads its classes and page from.
  mvn -q -DskipTests install >/dev/null
  (cd web-ui && mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/cp.txt" >/dev/null)
  BROWSER=yes
fi
[ -f "$JAR" ] || mvn -q -DskipTests package
DB=$OUT/twice.db

# As the README starts it: the launcher sizes the JVM as for a sidecar (docs/footprint.md).
start_twice() {
  java -jar "$JAR" --upstream http://127.0.0.1:9 --listen 127.0.0.1:18084 \
    --dashboard 127.0.0.1:18094 --db "$DB" --retention off --instance bench >"$OUT/twice.log" 2>&1 &
  TWICE=$!
  for _ in $(seq 1 200); do curl -s -o /dev/null http://127.0.0.1:18094/healthz && return; sleep 0.1; done
  echo "twice did not start" >&2; exit 1
}
stop_twice() { kill -TERM "$TWICE"; wait "$TWICE" 2>/dev/null || true; }
trap 'kill -TERM "${TWICE:-0}" 2>/dev/null || true' EXIT

start_twice; stop_twice   # creates the schema
echo "filling $DB with $N exchanges..."
t0=$(date +%s.%N)
# Recent times (the newest now, one per millisecond before it): older ones would be the default
# retention's to delete at start.
NOW_US=$(( $(date +%s) * 1000000 ))
sqlite3 "$DB" <<SQL
PRAGMA journal_mode=WAL;
PRAGMA synchronous=OFF;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N)
INSERT INTO exchange (id, instance, started_at, method, url, status, duration_us, error, request_size, request_sha256,
  has_response, response_size, response_sha256, request_headers, response_headers, request_body, response_body)
SELECT i, 'bench', $NOW_US - ($N - i) * 1000, CASE WHEN i % 3 = 0 THEN 'POST' ELSE 'PUT' END, '/items/' || (i % 50000),
  CASE WHEN i % 97 = 0 THEN 502 ELSE 200 END, 1500, NULL, 1024, randomblob(32), 1, 16, randomblob(32),
  'Content-Type: application/json' || char(10) || 'Host: 127.0.0.1:18084' || char(10),
  'Content-Type: application/json' || char(10), randomblob(1024), '{"ok":true,"n":' || i || '}'
FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N / 1000)
INSERT INTO finding (rule, subject, severity, method, url, message, evidence, first_seen, last_seen)
SELECT 'put-divergent-response', 'subject ' || i, 'warning', 'PUT', '/items/' || i, 'bench finding ' || i,
  '{"standard":"RFC 9110 §9.3.4","differences":[{"where":"$.n","before":"1","after":"2"}],"retryHints":[]}',
  $NOW_US, $NOW_US FROM n;
INSERT INTO finding_exchange (finding_id, exchange_id) SELECT id, id * 1000 FROM finding;
INSERT INTO finding_exchange (finding_id, exchange_id) SELECT id, id * 1000 - 1 FROM finding;
SQL
echo "filled in $(python3 -c "print(round($(date +%s.%N) - $t0, 1))") s, $(du -h "$DB" | cut -f1)"
start_twice

ms() { curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:18094$1" | python3 -c "import sys; print(round(float(sys.stdin.read()) * 1000, 1))"; }
median() { python3 -c "import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }
timed() { local a b c; a=$(ms "$1"); b=$(ms "$1"); c=$(ms "$1"); median "$a" "$b" "$c"; }

printf '%-52s %10s\n' request "ms (median of 3)"
for path in /healthz /api/findings /api/exchanges "/api/exchanges/$N" "/api/exchanges/$((N - 1))" \
    "/api/exchanges?status=5xx" "/api/exchanges?method=POST" "/api/exchanges?finding=put-divergent-response" \
    "/api/exchanges?url=/items/4242" "/api/exchanges?before=$((N / 2))" \
    "/api/exchanges?q=%22n%22:$((N - 7))%7D" "/api/exchanges?q=no-such-text" "/api/exchanges?q=ok&method=POST" \
    "/api/attempts?finding=1" "/api/attempts?url=/items/4242" "/api/diff?a=$N&b=$((N - 1))" /assets/app.js; do
  printf '%-52s %10s\n' "$path" "$(timed "$path")"
done
first=$(python3 -c "print(round($(timed /healthz) + $(timed /api/findings) + $(timed /api/exchanges), 1))")
open=$(python3 -c "print(round(2 * $(timed /api/exchanges/$N) + $(timed '/api/attempts?finding=1'), 1))")
echo "first render, API side (health + findings + first page, sequential): $first ms"
echo "open a finding, API side (its two exchanges and its attempts, sequential): $open ms"
if [ -n "$BROWSER" ]; then
  java -cp "web-ui/target/test-classes:web-ui/target/classes:proxy-core/target/classes:$(cat "$OUT/cp.txt")" \
    dev.twice.ui.RenderTiming http://127.0.0.1:18094/ 2>"$OUT/render.log" | grep '^browser:' \
    || { echo "browser timing failed:"; tail -5 "$OUT/render.log"; }
  java -cp "web-ui/target/test-classes:web-ui/target/classes:proxy-core/target/classes:$(cat "$OUT/cp.txt")" \
    dev.twice.ui.LiveTiming http://127.0.0.1:18094/ http://127.0.0.1:18084 "${LIVE_RATE:-50}" "${LIVE_SECONDS:-300}" \
    2>"$OUT/live.log" | grep '^browser live:' || { echo "live timing failed:"; tail -5 "$OUT/live.log"; }
fi
stop_twice
