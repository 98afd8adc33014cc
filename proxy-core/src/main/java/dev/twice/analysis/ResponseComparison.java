package dev.twice.analysis;

import dev.twice.capture.Exchange;
import dev.twice.capture.SecretNames;
import java.util.List;

/**
 * The analysis's comparison of two responses, for a caller outside it (a verification): status,
 * Location when both carry one, bodies as JSON values with the ignored fields left out at any
 * depth, or as decoded text with volatile tokens masked (docs/analysis.md, "Comparing responses").
 */
public final class ResponseComparison {

    private final ResponseDiff diff;

    public ResponseComparison(List<String> ignoreFields, List<String> secretFields) {
        this.diff = new ResponseDiff(ignoreFields, new NoiseModel(), new SecretNames(secretFields));
    }

    /** Where {@code b}'s response differs from {@code a}'s, with JSON paths for JSON bodies. */
    public List<Difference> between(Exchange a, Exchange b) {
        return diff.between(Observation.of(a), Observation.of(b)).differences();
    }
}
