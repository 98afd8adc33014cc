package dev.twice.analysis;

import java.util.List;

/** What the rules may ask about the exchanges recorded before the one being analysed. */
interface History {

    /** Recorded exchanges of {@code url} before {@code beforeId}, newest first (a bounded window). */
    List<Observation> recent(String url, long beforeId);

    /** Recorded exchanges carrying Idempotency-Key {@code key} before {@code beforeId}, oldest first. */
    List<Observation> withKey(String key, long beforeId);

    /** The latest write (PUT, POST, PATCH, DELETE) to {@code url} before {@code beforeId}, if recorded. */
    default java.util.Optional<Observation> lastWrite(String url, long beforeId) {
        return recent(url, beforeId).stream().filter(Observation::isWrite).findFirst();
    }

    /**
     * The exchange {@code current} repeats: an identical one with no other recorded write to the
     * same URL in between (SPEC.md "Analysis").
     */
    default java.util.Optional<Observation> repeatOf(Observation current) {
        return lastWrite(current.url(), current.id()).filter(current::identicalTo);
    }
}
