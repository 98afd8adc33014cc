package dev.twice.analysis;

import java.util.List;
import java.util.Optional;

/** What the rules may ask about the exchanges recorded before the one being analysed. */
interface History {

    /** Recorded exchanges of {@code url} before {@code beforeId}, newest first (a bounded window). */
    List<Observation> recent(String url, long beforeId);

    /** Recorded exchanges carrying Idempotency-Key {@code key} before {@code beforeId}, oldest first. */
    List<Observation> withKey(String key, long beforeId);

    /**
     * The exchange {@code current} repeats: an identical one with no other write to the same URL in
     * between, recorded or not (docs/analysis.md, "Repeats"). An identical attempt that failed
     * (twice answered 502 or 504 itself, or the client left) is passed over: it is the same request,
     * so it cannot change what a repeat means, and its answer is twice's, not the server's. Any
     * other write in between, failed or not, breaks the repeat: it may have reached the server.
     */
    default Optional<Observation> repeatOf(Observation current) {
        for (Observation o : recent(current.url(), current.id())) {
            if (!o.isWrite() || (o.failed() && o.identicalTo(current))) {
                continue;
            }
            return o.identicalTo(current) ? Optional.of(o) : Optional.empty();
        }
        return Optional.empty();
    }
}
