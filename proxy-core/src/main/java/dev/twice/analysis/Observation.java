package dev.twice.analysis;

import dev.twice.capture.CapturedBody;
import dev.twice.capture.Exchange;
import dev.twice.capture.Header;
import dev.twice.capture.IdempotencyKey;
import dev.twice.capture.WriteMark;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * What the rules need to know of one exchange. {@code recorded} is false for a write that
 * {@code --record} does not keep (a {@link WriteMark}: method, URL, status and time only), which
 * breaks repeats but is never compared; {@code failed} marks an exchange twice answered itself
 * (502, 504) or the client left. Response bytes are kept only up to
 * {@link #MAX_KEPT_BODY}; past that, bodies compare by their whole-body SHA-256 alone.
 */
record Observation(
        long id,
        Instant startedAt,
        Instant endedAt,
        String method,
        String url,
        String requestSha256,
        Integer status,
        Optional<String> location,
        Optional<String> idempotencyKey,
        Body response,
        List<String> retryHints,
        boolean recorded,
        boolean failed) {

    static final int MAX_KEPT_BODY = 256 * 1024;

    /** A response body: {@code bytes} as transferred (maybe cut), {@code whole} when they are all of it. */
    record Body(long size, String sha256, byte[] bytes, boolean whole, String contentType, String contentEncoding) {
        long heldBytes() {
            return bytes.length;
        }
    }

    static Observation of(Exchange e) {
        Body body = null;
        Optional<String> location = Optional.empty();
        List<String> hints = new ArrayList<>();
        header(e.requestHeaders(), "x-envoy-attempt-count")
                .ifPresent(n -> hints.add("request #" + e.id() + " carries x-envoy-attempt-count: " + n
                        + (n.equals("1") ? " (Envoy's first attempt)" : " (Envoy retried it: attempt " + n + ")")));
        header(e.requestHeaders(), "Idempotent-Replayed")
                .ifPresent(v -> hints.add("request #" + e.id() + " carries Idempotent-Replayed: " + v));
        if (e.hasResponse()) {
            CapturedBody r = e.responseBody();
            boolean whole = !r.truncated() && r.stored().length <= MAX_KEPT_BODY;
            body = new Body(
                    r.size(),
                    HexFormat.of().formatHex(r.sha256()),
                    whole ? r.stored() : new byte[0],
                    whole,
                    header(e.responseHeaders(), "Content-Type").orElse(null),
                    r.form().decoded()
                            ? null
                            : header(e.responseHeaders(), "Content-Encoding").orElse(null));
            location = header(e.responseHeaders(), "Location");
            header(e.responseHeaders(), "Idempotent-Replayed")
                    .ifPresent(v -> hints.add("response #" + e.id() + " says Idempotent-Replayed: " + v
                            + (v.equalsIgnoreCase("true") ? " (the server replayed a stored response)" : "")));
        }
        Instant ended = e.startedAt().plusNanos(e.durationNanos());
        return new Observation(
                e.id(),
                e.startedAt(),
                ended,
                e.method(),
                e.url(),
                HexFormat.of().formatHex(e.requestBody().sha256()),
                e.status(),
                location,
                IdempotencyKey.of(e.requestHeaders()),
                body,
                List.copyOf(hints),
                true,
                e.error() != null);
    }

    /**
     * Of two observations, the one answered first: by id, unless the other's answer ended earlier
     * (a fleet's instances commit in their own time, so ids can invert the order of answers).
     */
    static Observation firstAnswered(Observation a, Observation b) {
        Observation byId = a.id() <= b.id() ? a : b;
        Observation other = byId == a ? b : a;
        return other.endedAt().isBefore(byId.endedAt()) ? other : byId;
    }

    static Observation of(WriteMark m) {
        return new Observation(
                m.id(),
                m.startedAt(),
                m.startedAt(),
                m.method(),
                m.url(),
                "",
                m.status(),
                Optional.empty(),
                Optional.empty(),
                null,
                List.of(),
                false,
                false);
    }

    /** Any method but GET, HEAD, OPTIONS and TRACE (docs/analysis.md, "Repeats"), recorded or not. */
    boolean isWrite() {
        return WriteMark.isWrite(method);
    }

    /**
     * Same method, URL and request body (compared by the hash of the whole body); a write known
     * only by its mark has no body to compare and is identical to nothing.
     */
    boolean identicalTo(Observation other) {
        return recorded
                && other.recorded
                && method.equals(other.method)
                && url.equals(other.url)
                && requestSha256.equals(other.requestSha256);
    }

    boolean is2xx() {
        return status != null && status >= 200 && status < 300;
    }

    /**
     * What keeping this observation costs the heap, estimated: its response bytes, its URL and key,
     * and the objects around them (two hex digests, two instants, the record, the index's list node
     * and map entry). Counting only the response bytes let a 10 MiB budget hold ~30 MiB: 49,500
     * observations of small responses measured ~800 bytes each (jmap -histo:live, bench/README.md).
     */
    long heldBytes() {
        return OVERHEAD
                + 2L * url.length()
                + 2L * idempotencyKey.map(String::length).orElse(0)
                + (response == null ? 0 : response.heldBytes());
    }

    static final int OVERHEAD = 640;

    private static Optional<String> header(List<Header> headers, String name) {
        return Header.first(headers, name).map(String::trim);
    }
}
