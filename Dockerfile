# twice as a container: proxy on 8080, dashboard on 9090 (a token is generated and printed, as the
# dashboard binds a non-loopback address), the db in the /data volume.
#   mvn -q -DskipTests package && docker build -t twice .
#   docker run -p 8080:8080 -p 9090:9090 -v twice-data:/data -e TWICE_UPSTREAM=http://app:3000 twice
# The jar is built on the host; BASE_IMAGE can be any image with a Java 17 runtime and bash.
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}

COPY web-ui/target/twice.jar /opt/twice/twice.jar
COPY container/entrypoint.sh /opt/twice/entrypoint.sh
RUN mkdir -p /data && chown 10001:10001 /data

ENV TWICE_LISTEN=0.0.0.0:8080 \
    TWICE_DASHBOARD=0.0.0.0:9090 \
    TWICE_DB=/data/twice.db
VOLUME /data
EXPOSE 8080 9090
USER 10001:10001

# /healthz over bash's /dev/tcp: no curl needed in the image; follows TWICE_DASHBOARD's port.
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${TWICE_DASHBOARD##*:} && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && grep -q '\"status\"' <&3"]

# Heap as a share of the container's memory; G1 keeps pauses short. java is PID 1, so SIGTERM
# reaches twice, which drains and exits 0.
# The JVM is sized from the container's memory limit (a 256 MiB budget without one); set
# JAVA_OPTS to size it yourself. Arguments after the image name are twice's flags.
ENTRYPOINT ["/opt/twice/entrypoint.sh"]
