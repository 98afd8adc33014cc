package dev.twice.analysis;

import java.util.List;
import java.util.Optional;

/** One rule of docs/interface.md's "Analysis" table. Pure: it reads the history, never writes anything. */
interface Rule {

    String id();

    /** The finding that {@code current} completes, given what was recorded before it. */
    Optional<Verdict> evaluate(Observation current, History history);

    /** Every rule, in the order the analyzer runs them, comparing responses with {@code diff}. */
    static List<Rule> all(ResponseDiff diff) {
        return List.of(
                new PutDuplicateCreateRule(),
                new PutDivergentResponseRule(diff),
                new PostDuplicateRule(),
                new IdempotencyKeyMismatchRule(diff),
                new IdempotencyKeyReuseRule(),
                new PutDivergentStateRule(diff));
    }
}
