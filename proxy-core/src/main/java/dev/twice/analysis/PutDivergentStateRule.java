package dev.twice.analysis;

import java.util.List;
import java.util.Optional;

/**
 * {@code put-divergent-state} (needs GET recorded): the GET after a PUT and the GET after its
 * repeat return different representations — the repeat changed the resource's state.
 */
record PutDivergentStateRule(ResponseDiff diff) implements Rule {

    static final String ID = "put-divergent-state";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Optional<Verdict> evaluate(Observation current, History history) {
        if (!current.method().equals("GET") || current.status() == null) {
            return Optional.empty();
        }
        // A GET twice answered itself (502, 504) shows nothing of the resource: left out.
        List<Observation> before = history.recent(current.url(), current.id()).stream()
                .filter(o -> o.isWrite() || !o.failed())
                .toList();
        // Newest first: [other GETs?] repeatPut, [GETs after firstPut], firstPut, ...
        int i = 0;
        while (i < before.size() && before.get(i).method().equals("GET")) {
            i++;
        }
        if (i > 0 || i >= before.size() || !before.get(i).method().equals("PUT")) {
            return Optional.empty(); // not the first GET after a PUT
        }
        Observation repeat = before.get(i);
        int j = i + 1;
        Observation getAfterFirst = null;
        while (j < before.size() && before.get(j).method().equals("GET")) {
            getAfterFirst = before.get(j); // keep the oldest: the first GET after the first PUT
            j++;
        }
        if (getAfterFirst == null || j >= before.size() || !before.get(j).identicalTo(repeat)) {
            return Optional.empty();
        }
        Observation first = before.get(j);
        Comparison c = diff.between(getAfterFirst, current);
        List<Difference> differences = c.differences();
        if (differences.isEmpty()) {
            return Optional.empty();
        }
        String message = "GET " + current.url() + " returned a different representation after PUT #" + repeat.id()
                + " than after the identical PUT #" + first.id() + " (" + PutDivergentResponseRule.summary(differences)
                + "): repeating the PUT changed the resource.";
        // Text that changed and nothing else is weak evidence: a warning (docs/analysis.md, "Confidence").
        return Optional.of(Verdict.of(
                ID,
                c.onlyText() ? Severity.WARNING : Severity.VIOLATION,
                Verdict.requestSubject(repeat),
                "PUT",
                current.url(),
                List.of(first, getAfterFirst, repeat, current),
                message,
                c,
                "RFC 9110 §9.2.2 (idempotent methods), §9.3.4 (PUT)"));
    }
}
