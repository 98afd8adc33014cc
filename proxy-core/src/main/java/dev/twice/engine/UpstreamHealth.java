package dev.twice.engine;

import dev.twice.proxy.TrafficObserver;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the upstream can be reached, as the traffic shows it (docs/reliability.md E55): the last
 * connection-level failure (refused, DNS, connect timeout, TLS) until the upstream next answers.
 * twice keeps serving either way (502 meanwhile); {@code /healthz} reports it as degraded.
 */
final class UpstreamHealth implements TrafficObserver {

    private static final Set<String> UNREACHABLE = Set.of("connect_refused", "dns", "connect_timeout", "tls");

    /** What went wrong and since when; null while the upstream answers. */
    record Problem(String error, Instant since) {}

    private volatile Problem problem;

    Optional<Problem> problem() {
        return Optional.ofNullable(problem);
    }

    @Override
    public void upstreamAnswered(long nanosToHead) {
        if (problem != null) {
            problem = null;
        }
    }

    @Override
    public void upstreamFailed(String error) {
        if (UNREACHABLE.contains(error) && (problem == null || !problem.error().equals(error))) {
            problem = new Problem(error, Instant.now());
        }
    }
}
