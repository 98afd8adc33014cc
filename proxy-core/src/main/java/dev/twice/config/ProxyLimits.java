package dev.twice.config;

import java.time.Duration;

/**
 * The limits and timeouts that protect the proxy listener from hostile or broken clients
 * (docs/reliability.md B24, D33, D36-D39). Each is a flag; the defaults follow nginx and Envoy.
 *
 * @param maxHeaderSize    request line plus headers; past it: 431
 * @param maxHeaders       header lines per request; past it: 431
 * @param maxTarget        request-target length; past it: 414
 * @param headerTimeout    a request head must arrive whole within this (a total deadline, not an idle timer)
 * @param bodyTimeout      longest silence while a request body streams in, and while a slow client
 *                         reads a response; past it the exchange is cut and recorded as {@code client_timeout}
 * @param idleTimeout      how long an idle keep-alive connection is kept
 * @param maxClientConnections open client connections; past it new ones wait in the accept backlog
 */
public record ProxyLimits(
        ByteSize maxHeaderSize,
        int maxHeaders,
        ByteSize maxTarget,
        Duration headerTimeout,
        Duration bodyTimeout,
        Duration idleTimeout,
        int maxClientConnections) {

    public static final ProxyLimits DEFAULT = new ProxyLimits(
            ByteSize.parse("64KiB"),
            100,
            ByteSize.parse("8KiB"),
            Duration.ofSeconds(60),
            Duration.ofSeconds(60),
            Duration.ofSeconds(75),
            10_000);

    public ProxyLimits {
        if (maxHeaders < 1 || maxClientConnections < 1) {
            throw new IllegalArgumentException("limits must be at least 1");
        }
        if (maxTarget.bytes() > maxHeaderSize.bytes()) {
            throw new IllegalArgumentException(
                    "--max-target (" + maxTarget + ") cannot exceed --max-header-size (" + maxHeaderSize + ")");
        }
    }

    public ProxyLimits withMaxHeaderSize(ByteSize v) {
        return new ProxyLimits(v, maxHeaders, maxTarget, headerTimeout, bodyTimeout, idleTimeout, maxClientConnections);
    }

    public ProxyLimits withMaxHeaders(int v) {
        return new ProxyLimits(
                maxHeaderSize, v, maxTarget, headerTimeout, bodyTimeout, idleTimeout, maxClientConnections);
    }

    public ProxyLimits withMaxTarget(ByteSize v) {
        return new ProxyLimits(
                maxHeaderSize, maxHeaders, v, headerTimeout, bodyTimeout, idleTimeout, maxClientConnections);
    }

    public ProxyLimits withHeaderTimeout(Duration v) {
        return new ProxyLimits(maxHeaderSize, maxHeaders, maxTarget, v, bodyTimeout, idleTimeout, maxClientConnections);
    }

    public ProxyLimits withBodyTimeout(Duration v) {
        return new ProxyLimits(
                maxHeaderSize, maxHeaders, maxTarget, headerTimeout, v, idleTimeout, maxClientConnections);
    }

    public ProxyLimits withIdleTimeout(Duration v) {
        return new ProxyLimits(
                maxHeaderSize, maxHeaders, maxTarget, headerTimeout, bodyTimeout, v, maxClientConnections);
    }

    public ProxyLimits withMaxClientConnections(int v) {
        return new ProxyLimits(maxHeaderSize, maxHeaders, maxTarget, headerTimeout, bodyTimeout, idleTimeout, v);
    }
}
