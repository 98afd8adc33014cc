package dev.twice.proxy;

import dev.twice.capture.CaptureBudget;
import dev.twice.config.HostPort;
import dev.twice.config.ProxyLimits;
import dev.twice.config.Upstream;
import java.time.Duration;

/**
 * What the proxy needs, and nothing else: where it listens, where it forwards, its limits and
 * timeouts, how much of each body is kept and the memory all in-flight captures may hold
 * together. Built once by the engine from the configuration.
 */
public record ProxySettings(
        HostPort listen,
        Upstream upstream,
        ProxyLimits limits,
        long maxBody,
        Duration connectTimeout,
        Duration upstreamTimeout,
        int maxConnections,
        CaptureBudget captureBudget,
        VerificationMark verificationMark) {}
