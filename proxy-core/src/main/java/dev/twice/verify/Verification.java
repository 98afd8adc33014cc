package dev.twice.verify;

import dev.twice.analysis.Difference;
import java.util.List;
import java.util.Locale;

/**
 * One verification as the API shows it, at one moment: its steps so far, and once it ends, its
 * verdict with the differences behind it (docs/verification.md). {@code sentWithout} names the
 * recorded headers that could not be sent again (their values were redacted).
 */
public record Verification(
        long id,
        long exchangeId,
        State state,
        List<Step> steps,
        List<Difference> differences,
        List<String> sentWithout,
        String message) {

    public Verification {
        steps = List.copyOf(steps);
        differences = List.copyOf(differences);
        sentWithout = List.copyOf(sentWithout);
    }

    public enum State {
        RUNNING,
        IDEMPOTENT,
        NOT_IDEMPOTENT,
        INCONCLUSIVE,
        ERROR;

        public String json() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One request the verification sent: {@code exchangeId} is its recorded exchange (null when it
     * could not be recorded), {@code status} what came back (null when nothing did).
     */
    public record Step(Long exchangeId, String method, String url, Integer status) {}
}
