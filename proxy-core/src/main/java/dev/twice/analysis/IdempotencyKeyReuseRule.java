package dev.twice.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code idempotency-key-reuse}: a key already used for another URL or body was accepted (2xx).
 * The draft says such a request gets 422; 400 and 422 are the server doing its job.
 */
record IdempotencyKeyReuseRule() implements Rule {

    static final String ID = "idempotency-key-reuse";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Optional<Verdict> evaluate(Observation current, History history) {
        if (current.idempotencyKey().isEmpty() || !current.is2xx()) {
            return Optional.empty();
        }
        String key = current.idempotencyKey().get();
        // The first request with a key owns it; only a request that differs from that one reuses it
        // (a retry of the original after a refused reuse is a retry, not a reuse).
        return history.withKey(key, current.id()).stream()
                .filter(o -> !o.failed()) // twice's own 502 or 504: the server may never have seen it
                .findFirst()
                .filter(first -> !first.url().equals(current.url())
                        || !first.requestSha256().equals(current.requestSha256()))
                .map(first -> {
                    List<Difference> differences = new ArrayList<>();
                    if (!first.url().equals(current.url())) {
                        differences.add(new Difference("request URL", first.url(), current.url()));
                    }
                    if (!first.requestSha256().equals(current.requestSha256())) {
                        differences.add(new Difference(
                                "request body sha256",
                                first.requestSha256().substring(0, 12),
                                current.requestSha256().substring(0, 12)));
                    }
                    String message =
                            "Idempotency-Key \"" + key + "\" was reused for a different request and the server "
                                    + "accepted it (" + current.status() + "); it should refuse with 422.";
                    return Verdict.of(
                            ID,
                            Severity.VIOLATION,
                            key,
                            current.method(),
                            current.url(),
                            List.of(first, current),
                            message,
                            Comparison.of(differences),
                            "Idempotency-Key draft §2.2 (uniqueness), §2.7 (error handling)");
                });
    }
}
