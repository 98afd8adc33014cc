package dev.twice.analysis;

import java.util.List;
import java.util.Optional;

/** {@code put-duplicate-create}: a repeated PUT created the resource again (201 twice, or a new Location). */
record PutDuplicateCreateRule() implements Rule {

    static final String ID = "put-duplicate-create";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Optional<Verdict> evaluate(Observation current, History history) {
        if (!current.method().equals("PUT")) {
            return Optional.empty();
        }
        return history.repeatOf(current).flatMap(previous -> {
            boolean twice201 = Integer.valueOf(201).equals(previous.status())
                    && Integer.valueOf(201).equals(current.status());
            boolean newLocation = previous.location().isPresent()
                    && current.location().isPresent()
                    && !previous.location().equals(current.location());
            if (!twice201 && !newLocation) {
                return Optional.empty();
            }
            List<Difference> differences = newLocation
                    ? List.of(new Difference(
                            "Location",
                            previous.location().get(),
                            current.location().get()))
                    : List.of(new Difference("status", "201", "201"));
            String message = "PUT " + current.url() + " sent again with the same body "
                    + (twice201 ? "was answered 201 Created again" : "got a different Location")
                    + ": the server created the resource twice, but a PUT must be idempotent.";
            return Optional.of(Verdict.of(
                    ID,
                    Severity.VIOLATION,
                    Verdict.requestSubject(current),
                    "PUT",
                    current.url(),
                    List.of(previous, current),
                    message,
                    Comparison.of(differences),
                    Verdict.PUT_STANDARD));
        });
    }
}
