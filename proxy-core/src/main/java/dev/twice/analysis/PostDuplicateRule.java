package dev.twice.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twice.capture.ContentDecoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code post-duplicate}: the same POST, without an Idempotency-Key, twice within 60 s and both
 * answered 2xx — likely two resources where the client wanted one. A violation when the server
 * says so itself (both 201 with different Location, or different JSON {@code id}).
 */
record PostDuplicateRule() implements Rule {

    static final String ID = "post-duplicate";
    static final Duration WINDOW = Duration.ofSeconds(60);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Optional<Verdict> evaluate(Observation current, History history) {
        if (!current.method().equals("POST") || current.idempotencyKey().isPresent() || !current.is2xx()) {
            return Optional.empty();
        }
        return history.recent(current.url(), current.id()).stream()
                .filter(o -> o.identicalTo(current) && o.idempotencyKey().isEmpty() && o.is2xx())
                .filter(o -> !o.startedAt().isBefore(current.startedAt().minus(WINDOW)))
                .findFirst()
                .map(previous -> verdict(previous, current));
    }

    private static Verdict verdict(Observation previous, Observation current) {
        List<Difference> differences = new ArrayList<>();
        boolean both201 = previous.status() == 201 && current.status() == 201;
        if (both201
                && previous.location().isPresent()
                && current.location().isPresent()
                && !previous.location().equals(current.location())) {
            differences.add(new Difference(
                    "Location", previous.location().get(), current.location().get()));
        }
        Optional<String> idBefore = jsonId(previous);
        Optional<String> idAfter = jsonId(current);
        if (idBefore.isPresent() && idAfter.isPresent() && !idBefore.equals(idAfter)) {
            differences.add(new Difference("$.id", idBefore.get(), idAfter.get()));
        }
        boolean proven = !differences.isEmpty()
                && (both201 || differences.stream().anyMatch(d -> d.where().equals("$.id")));
        String message = "The same POST " + current.url() + " was sent twice, "
                + apart(Duration.between(previous.startedAt(), current.startedAt()))
                + " apart, without an Idempotency-Key and both were accepted ("
                + previous.status() + ", " + current.status() + ")"
                + (proven ? ": the server created two resources." : ": a retry may have created a duplicate.");
        return Verdict.of(
                ID,
                proven ? Severity.VIOLATION : Severity.WARNING,
                Verdict.requestSubject(current),
                "POST",
                current.url(),
                List.of(previous, current),
                message,
                Comparison.of(differences),
                "RFC 9110 §9.3.3 (POST is not idempotent); Idempotency-Key draft §2");
    }

    /** {@code 120 ms}, {@code 1.4 s}, {@code 42 s}: how a person says how far apart two requests were. */
    static String apart(Duration d) {
        long millis = Math.max(0, d.toMillis());
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 10_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        return millis / 1000 + " s";
    }

    private static Optional<String> jsonId(Observation o) {
        if (o.response() == null || !o.response().whole()) {
            return Optional.empty();
        }
        byte[] bytes = ContentDecoder.decode(o.response().bytes(), o.response().contentEncoding())
                .orElse(o.response().bytes());
        return ResponseDiff.json(bytes, o.response().contentType())
                .map(n -> n.get("id"))
                .filter(n -> n != null && !n.isContainerNode())
                .map(JsonNode::asText);
    }
}
