#!/bin/bash
# Starts twice with a JVM sized for a sidecar: its memory comes from the container's limit (or,
# with no limit, a 256 MiB budget — never a share of the node), split so that the heap and
# everything outside it (direct buffers, metaspace, code cache, thread stacks, SQLite's cache,
# malloc arenas) fit together. JAVA_OPTS, when set, replaces all of it.
set -euo pipefail
if [ -z "${JAVA_OPTS:-}" ]; then
  limit=""
  if [ -r /sys/fs/cgroup/memory.max ]; then
    limit=$(cat /sys/fs/cgroup/memory.max)                       # cgroup v2
  elif [ -r /sys/fs/cgroup/memory/memory.limit_in_bytes ]; then
    limit=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes)     # cgroup v1
  fi
  default=$((256 * 1024 * 1024))
  if ! [[ "$limit" =~ ^[0-9]+$ ]] || [ "$limit" -gt $((64 * 1024 * 1024 * 1024)) ]; then
    limit=$default                                                # "max", or no limit at all
  fi
  mib=$((limit / 1024 / 1024))
  # Heap a third of the limit; outside it, measured under saturated 64 KiB load (bench/README.md):
  # ~12 MiB of malloc, ~16 MiB metaspace, ~12 MiB shared classes, ~10 MiB code, stacks, SQLite's
  # caches. C2's compile arenas add ~25 MiB of malloc: below 256 MiB only C1 compiles, which fits
  # but costs CPU (0.36 instead of 0.22 vCPU per 1k req/s) and latency (+2.4 instead of +1.0 ms p90).
  heap=$((mib * 32 / 100)); [ "$heap" -lt 32 ] && heap=32
  direct=$((mib * 8 / 100)); [ "$direct" -lt 8 ] && direct=8
  if [ "$mib" -ge 256 ]; then jit="-XX:ReservedCodeCacheSize=48m"; else jit="-XX:ReservedCodeCacheSize=16m -XX:TieredStopAtLevel=1"; fi
  JAVA_OPTS="-Xms${heap}m -Xmx${heap}m -XX:MaxDirectMemorySize=${direct}m -XX:MaxMetaspaceSize=48m \
$jit -Xss512k -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"
fi
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-1}
# shellcheck disable=SC2086 # JAVA_OPTS is a list of words
exec java $JAVA_OPTS -jar /opt/twice/twice.jar "$@"
