package dev.twice.analysis;

import java.util.List;
import java.util.Optional;

/**
 * {@code put-divergent-response}: repeats of a PUT got different responses. A first 201 followed
 * by 200 or 204, and 200 ↔ 204, are how upserts answer and are not differences; two 201s are
 * {@link PutDuplicateCreateRule}'s case.
 */
record PutDivergentResponseRule(ResponseDiff diff) implements Rule {

    static final String ID = "put-divergent-response";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Optional<Verdict> evaluate(Observation current, History history) {
        if (!current.method().equals("PUT")) {
            return Optional.empty();
        }
        return history.repeatOf(current).flatMap(repeated -> {
            if (Integer.valueOf(201).equals(repeated.status())
                    && Integer.valueOf(201).equals(current.status())) {
                return Optional.empty();
            }
            // Ids are commit order, which two instances of a fleet can invert (docs/fleet.md, "Ids"):
            // which answer came first, for the allowed 201 → 200, is the order they were given in.
            Observation first = Observation.firstAnswered(repeated, current);
            Observation second = first == repeated ? current : repeated;
            Comparison c = diff.between(first, second)
                    .without(d -> d.where().equals("status") && allowed(first.status(), second.status()));
            List<Difference> differences = c.differences();
            if (differences.isEmpty()) {
                return Optional.empty();
            }
            String message = "PUT " + current.url() + " sent again with the same body got a different response ("
                    + summary(differences) + "): repeating a PUT should leave the same result.";
            return Optional.of(Verdict.of(
                    ID,
                    Severity.WARNING,
                    Verdict.requestSubject(current),
                    "PUT",
                    current.url(),
                    List.of(repeated, current),
                    message,
                    c,
                    Verdict.PUT_STANDARD));
        });
    }

    static boolean allowed(Integer before, Integer after) {
        if (before == null || after == null) {
            return false;
        }
        return (before == 201 && (after == 200 || after == 204))
                || (before == 200 && after == 204)
                || (before == 204 && after == 200);
    }

    static String summary(List<Difference> differences) {
        Difference first = differences.get(0);
        String s = first.where() + " " + first.before() + " → " + first.after();
        return differences.size() == 1 ? s : s + " and " + (differences.size() - 1) + " more";
    }
}
