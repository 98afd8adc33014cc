package dev.twice.analysis;

import java.util.List;
import java.util.Optional;

/**
 * {@code idempotency-key-mismatch}: a retry with the same key, URL and body got a different
 * response than the first request with that key. A 409 while the first was still in flight is the
 * draft's answer to concurrent retries and is allowed.
 */
record IdempotencyKeyMismatchRule(ResponseDiff diff) implements Rule {

    static final String ID = "idempotency-key-mismatch";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Optional<Verdict> evaluate(Observation current, History history) {
        if (current.idempotencyKey().isEmpty() || current.status() == null) {
            return Optional.empty();
        }
        String key = current.idempotencyKey().get();
        return history.withKey(key, current.id()).stream()
                .filter(o -> o.identicalTo(current) && o.status() != null && !o.failed())
                .findFirst()
                .flatMap(first -> {
                    if (inFlightConflict(first, current) || inFlightConflict(current, first)) {
                        return Optional.empty();
                    }
                    Comparison c = diff.between(first, current);
                    List<Difference> differences = c.differences();
                    if (differences.isEmpty()) {
                        return Optional.empty();
                    }
                    String message =
                            "A retry with Idempotency-Key \"" + key + "\" and the same request got a different "
                                    + "response (" + PutDivergentResponseRule.summary(differences)
                                    + "): the server must answer a retried key with the first response.";
                    // Text that changed and nothing else is weak evidence: a warning (docs/analysis.md, "Confidence").
                    return Optional.of(Verdict.of(
                            ID,
                            c.onlyText() ? Severity.WARNING : Severity.VIOLATION,
                            key,
                            current.method(),
                            current.url(),
                            List.of(first, current),
                            message,
                            c,
                            "Idempotency-Key draft §2.6 (enforcement), §2.7 (error handling)"));
                });
    }

    /** {@code conflicted} got 409 while {@code other} had started and not yet finished. */
    private static boolean inFlightConflict(Observation other, Observation conflicted) {
        return Integer.valueOf(409).equals(conflicted.status())
                && !conflicted.startedAt().isBefore(other.startedAt())
                && conflicted.startedAt().isBefore(other.endedAt());
    }
}
