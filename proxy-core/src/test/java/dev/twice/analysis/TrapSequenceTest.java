package dev.twice.analysis;

import dev.twice.capture.WriteMark;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The sequences a correct server produces that must not become findings (docs/analysis.md,
 * "Traps"), and beside each the broken twin that must: every rule runs over each sequence as the
 * analyzer runs them, against an in-memory history.
 */
class TrapSequenceTest {

    /** One step of a sequence: {@code PUT /x a -> 201}, {@code mark DELETE /x -> 204}, ... */
    record Step(String method, String url, String body, int status, String responseBody, String key, String location,
                boolean recorded, boolean failed) {
    }

    static Step put(String url, String body, int status, String response) {
        return new Step("PUT", url, body, status, response, null, null, true, false);
    }

    static Step step(String method, String url, String body, int status, String response) {
        return new Step(method, url, body, status, response, null, null, true, false);
    }

    static Step keyed(String method, String url, String body, String key, int status, String response) {
        return new Step(method, url, body, status, response, key, null, true, false);
    }

    static Step created(String method, String url, String body, int status, String location) {
        return new Step(method, url, body, status, "", null, location, true, false);
    }

    /** A write --record did not keep: only method, URL and status reach the analysis. */
    static Step mark(String method, String url, int status) {
        return new Step(method, url, "", status, "", null, null, false, false);
    }

    /** An attempt twice answered itself (504): the server may or may not have seen it. */
    static Step failed(String method, String url, String body) {
        return new Step(method, url, body, 504, "twice: upstream timed out\n", null, null, true, true);
    }

    static Stream<Arguments> sequences() {
        String a = "{\"name\":\"a\"}";
        String b = "{\"name\":\"b\"}";
        return Stream.of(
                // Traps: correct servers.
                Arguments.of("PUT, DELETE, PUT (201 each time: the resource was gone)",
                        List.of(put("/x", a, 201, ""), step("DELETE", "/x", "", 204, ""), put("/x", a, 201, "")), List.of()),
                Arguments.of("PUT, unrecorded DELETE, PUT",
                        List.of(put("/x", a, 201, ""), mark("DELETE", "/x", 204), put("/x", a, 201, "")), List.of()),
                Arguments.of("PUT, PATCH, PUT with a different answer",
                        List.of(put("/x", a, 200, "{\"v\":1}"), step("PATCH", "/x", "{\"v\":5}", 200, "{}"),
                                put("/x", a, 200, "{\"v\":2}")), List.of()),
                Arguments.of("PUT, unrecorded PATCH, PUT",
                        List.of(put("/x", a, 200, "{\"v\":1}"), mark("PATCH", "/x", 200), put("/x", a, 200, "{\"v\":2}")),
                        List.of()),
                Arguments.of("PUT, WebDAV MOVE onto the URL, PUT",
                        List.of(put("/x", a, 201, ""), mark("MOVE", "/x", 201), put("/x", a, 201, "")), List.of()),
                Arguments.of("201 then 204 on overwrite",
                        List.of(put("/x", a, 201, ""), put("/x", a, 204, ""), put("/x", a, 204, "")), List.of()),
                Arguments.of("201 then 200 then 204",
                        List.of(put("/x", a, 201, ""), put("/x", a, 200, ""), put("/x", a, 204, "")), List.of()),
                Arguments.of("A, B, A: the third is not a repeat of the first",
                        List.of(put("/x", a, 200, "{\"n\":\"a\"}"), put("/x", b, 200, "{\"n\":\"b\"}"),
                                put("/x", a, 201, "{\"n\":\"a2\"}")), List.of()),
                Arguments.of("a repeat differing only in an ignored field",
                        List.of(put("/x", a, 200, "{\"n\":1,\"updatedAt\":\"t1\"}"),
                                put("/x", a, 200, "{\"n\":1,\"updatedAt\":\"t2\"}")), List.of()),
                Arguments.of("a failed attempt between two identical PUTs",
                        List.of(put("/x", a, 200, "{}"), failed("PUT", "/x", a), put("/x", a, 200, "{}")), List.of()),
                Arguments.of("a timed-out attempt, then its retry",
                        List.of(failed("PUT", "/x", a), put("/x", a, 201, "")), List.of()),
                Arguments.of("a failed DELETE between two PUTs answered 201 (it may have reached the server)",
                        List.of(put("/x", a, 201, ""), failed("DELETE", "/x", ""), put("/x", a, 201, "")), List.of()),
                Arguments.of("304 to a conditional GET, twice",
                        List.of(step("GET", "/x", "", 304, ""), step("GET", "/x", "", 304, "")), List.of()),
                Arguments.of("PUT, GET, PUT, GET with the same representation",
                        List.of(put("/x", a, 200, ""), step("GET", "/x", "", 200, "{\"n\":1}"), put("/x", a, 200, ""),
                                step("GET", "/x", "", 200, "{\"n\":1}")), List.of()),
                Arguments.of("PUT, GET, DELETE, PUT, GET: the DELETE breaks the repeat",
                        List.of(put("/x", a, 201, ""), step("GET", "/x", "", 200, "{\"v\":1}"),
                                step("DELETE", "/x", "", 204, ""), put("/x", a, 201, ""),
                                step("GET", "/x", "", 200, "{\"v\":2}")), List.of()),
                Arguments.of("a retry after a refused key reuse",
                        List.of(keyed("POST", "/o", a, "k1", 201, "{\"id\":1}"), keyed("POST", "/o", b, "k1", 422, "{}"),
                                keyed("POST", "/o", a, "k1", 201, "{\"id\":1}")), List.of()),
                Arguments.of("a key replayed with the first response",
                        List.of(keyed("POST", "/o", a, "k2", 201, "{\"id\":1}"), keyed("POST", "/o", a, "k2", 201, "{\"id\":1}")),
                        List.of()),
                Arguments.of("a keyed POST whose first attempt failed",
                        List.of(new Step("POST", "/o", a, 502, "twice: refused", "k3", null, true, true),
                                keyed("POST", "/o", b, "k3", 201, "{\"id\":9}")), List.of()),
                Arguments.of("two different POSTs",
                        List.of(step("POST", "/o", a, 201, "{\"id\":1}"), step("POST", "/o", b, 201, "{\"id\":2}")), List.of()),
                Arguments.of("unrecorded PUTs are never compared",
                        List.of(mark("PUT", "/x", 201), mark("PUT", "/x", 201)), List.of()),
                // Their broken twins: still found.
                Arguments.of("PUT, PUT both 201",
                        List.of(put("/x", a, 201, ""), put("/x", a, 201, "")), List.of("put-duplicate-create")),
                Arguments.of("PUT, unrecorded GET-like OPTIONS, PUT both 201",
                        List.of(put("/x", a, 201, ""), step("OPTIONS", "/x", "", 204, ""), put("/x", a, 201, "")),
                        List.of("put-duplicate-create")),
                Arguments.of("PUT, a write to another URL, PUT both 201",
                        List.of(put("/x", a, 201, ""), mark("DELETE", "/y", 204), put("/x", a, 201, "")),
                        List.of("put-duplicate-create")),
                Arguments.of("a repeat whose response changed",
                        List.of(put("/x", a, 200, "{\"v\":1}"), put("/x", a, 200, "{\"v\":2}")),
                        List.of("put-divergent-response")),
                Arguments.of("two identical POSTs both created",
                        List.of(created("POST", "/o", a, 201, "/o/1"), created("POST", "/o", a, 201, "/o/2")),
                        List.of("post-duplicate")),
                Arguments.of("a key ignored",
                        List.of(keyed("POST", "/o", a, "k4", 201, "{\"id\":1}"), keyed("POST", "/o", a, "k4", 201, "{\"id\":2}")),
                        List.of("idempotency-key-mismatch")),
                Arguments.of("PUT, GET, PUT, GET with a counter",
                        List.of(put("/x", a, 200, ""), step("GET", "/x", "", 200, "{\"n\":1}"), put("/x", a, 200, ""),
                                step("GET", "/x", "", 200, "{\"n\":2}")), List.of("put-divergent-state")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void onlyBrokenSequencesAreFindings(String name, List<Step> steps, List<String> expected) throws Exception {
        ResponseDiff diff = new ResponseDiff(List.of("updatedAt"));
        List<Rule> rules = List.of(new PutDuplicateCreateRule(), new PutDivergentResponseRule(diff), new PostDuplicateRule(),
                new IdempotencyKeyMismatchRule(diff), new IdempotencyKeyReuseRule(), new PutDivergentStateRule(diff));
        MemoryHistory history = new MemoryHistory();
        List<String> found = new ArrayList<>();
        long id = 0;
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (Step s : steps) {
            id++;
            t = t.plusSeconds(1);
            Observation o = observation(id, t, s);
            if (s.recorded() && !s.failed()) {
                for (Rule r : rules) {
                    r.evaluate(o, history).ifPresent(v -> found.add(v.rule()));
                }
            }
            history.add(o);
        }
        assertEquals(expected, found);
    }

    private static Observation observation(long id, Instant t, Step s) throws Exception {
        if (!s.recorded()) {
            return Observation.of(new WriteMark(id, t, s.method(), s.url(), s.status()));
        }
        byte[] body = s.responseBody().getBytes(StandardCharsets.UTF_8);
        Observation.Body response = new Observation.Body(body.length, sha(body), body, true, "application/json", null);
        return new Observation(id, t, t.plusMillis(5), s.method(), s.url(), sha(s.body().getBytes(StandardCharsets.UTF_8)),
                s.status(), Optional.ofNullable(s.location()), Optional.ofNullable(s.key()), response, List.of(),
                true, s.failed());
    }

    private static String sha(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Everything seen so far, newest first per URL, oldest first per key: what AnalysisIndex answers. */
    static final class MemoryHistory implements History {
        private final LinkedList<Observation> all = new LinkedList<>();

        void add(Observation o) {
            all.addFirst(o);
        }

        @Override
        public List<Observation> recent(String url, long beforeId) {
            return all.stream().filter(o -> o.url().equals(url) && o.id() < beforeId).toList();
        }

        @Override
        public List<Observation> withKey(String key, long beforeId) {
            List<Observation> out = new ArrayList<>(all.stream()
                    .filter(o -> o.idempotencyKey().equals(Optional.of(key)) && o.id() < beforeId).toList());
            java.util.Collections.reverse(out);
            return out;
        }
    }
}
