package dev.twice.engine;

import dev.twice.proxy.TrafficObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Whether the upstream can be reached, as the traffic shows it (docs/reliability.md E55): the last
 * connection-level failure (refused, DNS, connect timeout, TLS) until the upstream next answers.
 * twice keeps serving either way (502 meanwhile); {@code /healthz} reports it as degraded.
 */
final class UpstreamHealth implements TrafficObserver {

    private static final Logger LOG = Logger.getLogger(UpstreamHealth.class.getName());

    private static final Set<String> UNREACHABLE = Set.of("connect_refused", "dns", "connect_timeout", "tls");

    /** What went wrong and since when; null while the upstream answers. */
    record Problem(String error, Instant since) {}

    private volatile Problem problem;

    Optional<Problem> problem() {
        return Optional.ofNullable(problem);
    }

    /** Logged once when it happens and once when it ends, never per request (a sidecar's log is read by people). */
    @Override
    public void upstreamAnswered(long nanosToHead) {
        Problem p = problem;
        if (p != null) {
            problem = null;
            LOG.info("upstream answering again after "
                    + Duration.between(p.since(), Instant.now()).toSeconds() + " s unreachable (" + p.error() + ")");
        }
    }

    @Override
    public void upstreamFailed(String error) {
        if (UNREACHABLE.contains(error) && (problem == null || !problem.error().equals(error))) {
            problem = new Problem(error, Instant.now());
            LOG.warning("upstream unreachable (" + error + "): answering 502 until it is back; proxying goes on");
        }
    }
}
