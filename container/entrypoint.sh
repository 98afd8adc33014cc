#!/bin/bash
# Starts twice with a JVM sized for a sidecar: its memory comes from the container's limit (or,
# with no limit, a 256 MiB budget — never a share of the node), split so that the heap and
# everything outside it fit together. The split lives in one place, dev.twice.JvmSizing (docs/footprint.md),
# which a plain `java -jar twice.jar` uses too; here it is printed once (~50 ms) so that java
# runs as PID 1 with no launcher process beside it. JAVA_OPTS, when set, replaces all of it.
set -euo pipefail
JAR=/opt/twice/twice.jar
if [ -z "${JAVA_OPTS:-}" ]; then
  JAVA_OPTS=$(java -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx16m -cp "$JAR" dev.twice.JvmSizing)
fi
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-1}
# With a heap size in JAVA_OPTS the jar's launcher runs twice in this JVM; JAVA_OPTS without one
# gets a child JVM sized by the launcher.
# shellcheck disable=SC2086 # JAVA_OPTS is a list of words
exec java $JAVA_OPTS -jar "$JAR" "$@"
