#!/usr/bin/env bash
# Builds the Dockerfile on a locally made Java 17 base image (no registry is reachable here),
# runs twice in a container in front of a small upstream, sends PUTs through it, and checks the
# dashboard API, the health check, that the db lives in the volume and survives a restart, that
# SIGTERM ends the container with status 0, and that under --memory 256m and 128m a saturated
# 64 KiB PUT load gets only 2xx answers and no OOM kill. Starts its own private dockerd and stops it.
# Needs root. Usage: container/test.sh   (after mvn package)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f web-ui/target/twice.jar ] || mvn -q -DskipTests package
if ! command -v dockerd >/dev/null || ! command -v debootstrap >/dev/null || ! command -v wrk >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io debootstrap wrk >/dev/null
fi
W=$(mktemp -d /tmp/twice-container.XXXXXX)
UP_PID=
cleanup() {
  [ -n "$UP_PID" ] && kill "$UP_PID" 2>/dev/null || true
  if [ -f "$W/dockerd.pid" ]; then
    local pid; pid=$(cat "$W/dockerd.pid")
    docker rm -f twice-test >/dev/null 2>&1 || true
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
  umount "$W/exec/netns/default" 2>/dev/null || true
  rm -rf "$W" 2>/dev/null || true
}
trap cleanup EXIT
fail() { echo "container test FAILED: $*" >&2; docker logs twice-test 2>&1 | tail -20 >&2 || true; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

dockerd --data-root "$W/data" --exec-root "$W/exec" -H "unix://$W/docker.sock" --pidfile "$W/dockerd.pid" \
  --storage-driver=overlay2 --bridge=none --iptables=false --ip6tables=false >"$W/dockerd.log" 2>&1 &
export DOCKER_HOST="unix://$W/docker.sock"
for _ in $(seq 1 100); do docker info >/dev/null 2>&1 && break; sleep 0.2; done
docker info >/dev/null 2>&1 || { tail "$W/dockerd.log"; fail "dockerd did not start"; }

# A Java 17 base image made locally (cached between runs; a cold build takes about a minute).
CACHE=/var/cache/twice/jre17-rootfs.tar
if [ ! -f "$CACHE" ]; then
  MIRROR=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm "$W/rootfs" "${MIRROR:-http://deb.debian.org/debian}" >"$W/debootstrap.log" 2>&1 \
    || { tail "$W/debootstrap.log"; fail "debootstrap"; }
  mkdir -p "$(dirname "$CACHE")"
  tar --numeric-owner -C "$W/rootfs" -cf "$CACHE.tmp" . && mv "$CACHE.tmp" "$CACHE"
fi
docker import -c 'CMD ["bash"]' "$CACHE" local/jre17 >/dev/null
docker build -q --build-arg BASE_IMAGE=local/jre17 -t twice-test . >/dev/null || fail "docker build"

UP=$(free_port); PROXY=$(free_port); DASH=$(free_port)
python3 - "$UP" <<'PY' &
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'   # keep-alive: the load test must measure twice, not reconnects
    def do_PUT(self):
        body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
        out = b'{"stored":%d}' % len(body)
        self.send_response(200); self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(out))); self.end_headers(); self.wfile.write(out)
    def log_message(self, *a): pass
class S(http.server.ThreadingHTTPServer):
    request_queue_size = 256
    daemon_threads = True
S(('127.0.0.1', int(sys.argv[1])), H).serve_forever()
PY
UP_PID=$!

run() {
  docker run -d --name twice-test --network host --health-interval=2s \
    -e TWICE_UPSTREAM="http://127.0.0.1:$UP" -e TWICE_LISTEN="127.0.0.1:$PROXY" -e TWICE_DASHBOARD="0.0.0.0:$DASH" \
    -v twice-data:/data twice-test >/dev/null
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$DASH/healthz" && return; sleep 0.1; done
  fail "twice did not answer"
}
run
[ "$(docker exec twice-test id -u)" != 0 ] || fail "runs as root"
TOKEN=$(docker logs twice-test 2>&1 | sed -n 's/.*?token=\([0-9a-f]*\).*/\1/p' | head -1)
[ ${#TOKEN} -eq 32 ] || fail "no 128-bit token printed"
for i in 1 2 3 4 5; do
  [ "$(curl -s -X PUT --data "item $i" "http://127.0.0.1:$PROXY/items/$i")" = '{"stored":6}' ] || fail "PUT $i"
done
sleep 1
api() { curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$DASH$1"; }
count() { api /api/exchanges | python3 -c "import json,sys; print(len(json.load(sys.stdin)['items']))"; }
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$DASH/api/exchanges")" = 401 ] || fail "API open without token"
[ "$(count)" = 5 ] || fail "expected 5 recorded exchanges"
for _ in $(seq 1 30); do [ "$(docker inspect -f '{{.State.Health.Status}}' twice-test)" = healthy ] && break; sleep 1; done
[ "$(docker inspect -f '{{.State.Health.Status}}' twice-test)" = healthy ] || fail "health check"
docker stop -t 20 twice-test >/dev/null
[ "$(docker inspect -f '{{.State.ExitCode}}' twice-test)" = 0 ] || fail "SIGTERM did not exit 0"
docker rm twice-test >/dev/null
VOLUME=$(docker volume inspect -f '{{.Mountpoint}}' twice-data)
[ -s "$VOLUME/twice.db" ] || fail "no db in the volume"
run
TOKEN=$(docker logs twice-test 2>&1 | sed -n 's/.*?token=\([0-9a-f]*\).*/\1/p' | head -1)
[ "$(count)" = 5 ] || fail "the db did not survive a restart"
docker stop -t 20 twice-test >/dev/null; docker rm twice-test >/dev/null

# Under a memory limit, saturated with 64 KiB PUTs: the JVM sized from the limit must fit in it.
# An OOM kill would take the pod's traffic down with it. SECONDS_UNDER_LOAD defaults to 45 here;
# bench/README.md has 5-minute runs.
LOAD_SECONDS=${SECONDS_UNDER_LOAD:-45}
passed=1
for limit in 256m 128m; do
  docker run -d --name twice-test --network host --memory "$limit" --memory-swap "$limit" \
    -e TWICE_UPSTREAM="http://127.0.0.1:$UP" -e TWICE_LISTEN="127.0.0.1:$PROXY" -e TWICE_DASHBOARD="0.0.0.0:$DASH" \
    -e TWICE_TOKEN=container-test-token-0123 twice-test >/dev/null
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$DASH/healthz" && break; sleep 0.1; done
  BODY_SIZE=65536 wrk -t 2 -c 32 -d "${LOAD_SECONDS}s" -s bench/put.lua "http://127.0.0.1:$PROXY/load" >"$W/wrk-$limit.txt" 2>&1 \
    || fail "wrk under $limit"
  [ "$(docker inspect -f '{{.State.OOMKilled}}' twice-test)" = false ] || fail "OOM-killed under --memory $limit"
  [ "$(docker inspect -f '{{.State.Running}}' twice-test)" = true ] || fail "not running after load under --memory $limit"
  ! grep -q "Non-2xx" "$W/wrk-$limit.txt" || fail "answers other than 2xx under --memory $limit: $(cat "$W/wrk-$limit.txt")"
  requests=$(awk '/requests in/{print $1}' "$W/wrk-$limit.txt")
  [ "${requests:-0}" -gt 0 ] || fail "no load went through under --memory $limit"
  stats=$(curl -s -H "Authorization: Bearer container-test-token-0123" "http://127.0.0.1:$DASH/healthz")
  echo "container: --memory $limit, ${LOAD_SECONDS}s of 64 KiB PUTs: $requests answered 2xx, not OOM-killed; $stats" \
    | cut -c1-400
  docker stop -t 20 twice-test >/dev/null; docker rm twice-test >/dev/null
  passed=$((passed + 1))
done
echo "container: $passed passed, 0 failed"
