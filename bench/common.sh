# Sourced by the bench scripts: the tools they need, the jar, a fresh output folder and the
# nginx upstream (reads the whole body, then answers 200) on 127.0.0.1:18081.
JAR=$PWD/web-ui/target/twice.jar

need_load_tools() {
  command -v wrk >/dev/null && command -v nginx >/dev/null && command -v curl >/dev/null \
    && [ -f /usr/lib/nginx/modules/ngx_http_echo_module.so ] && return
  apt-get update -qq && apt-get install -y -qq wrk nginx-light libnginx-mod-http-echo curl >/dev/null
}

need_jar() {
  [ -f "$JAR" ] || mvn -q -DskipTests package
}

# fresh_out DIR: an empty output folder, kept out of git by .gitignore (bench/out*/).
fresh_out() {
  OUT=$1
  rm -rf "$OUT"; mkdir -p "$OUT"
}

start_nginx_upstream() {
  sed "s#__OUT__#$OUT#g" bench/upstream.conf > "$OUT/upstream.conf"
  nginx -c "$OUT/upstream.conf"
}

stop_nginx_upstream() {
  [ -f "$OUT/upstream.pid" ] && kill "$(cat "$OUT/upstream.pid")" 2>/dev/null || true
}

# twice as the README starts it (`java -jar`, no flags) is a launcher and a child JVM sized for a
# sidecar (dev.twice.Launcher); with a heap size in TWICE_JAVA_OPTS it is one process.
# twice_pids LAUNCHER: the launcher and its child, whose CPU and memory are counted together.
twice_pids() { echo "$1 $(pgrep -P "$1" | tr '\n' ' ')"; }
# twice_jvm LAUNCHER: the process that runs twice (the child, if there is one).
twice_jvm() { local c; c=$(pgrep -P "$1" | head -1); echo "${c:-$1}"; }
