package dev.twice.analysis;

import static dev.twice.analysis.Sequence.created;
import static dev.twice.analysis.Sequence.failed;
import static dev.twice.analysis.Sequence.keyed;
import static dev.twice.analysis.Sequence.mark;
import static dev.twice.analysis.Sequence.put;
import static dev.twice.analysis.Sequence.step;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twice.analysis.Sequence.Step;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sequences a correct server produces that must not become findings (docs/analysis.md,
 * "Traps"), and beside each the broken twin that must: every rule runs over each sequence as the
 * analyzer runs them, against an in-memory history.
 */
class TrapSequenceTest {

    static Stream<Arguments> sequences() {
        String a = "{\"name\":\"a\"}";
        String b = "{\"name\":\"b\"}";
        return Stream.of(
                // Traps: correct servers.
                Arguments.of(
                        "PUT, DELETE, PUT (201 each time: the resource was gone)",
                        List.of(put("/x", a, 201, ""), step("DELETE", "/x", "", 204, ""), put("/x", a, 201, "")),
                        List.of()),
                Arguments.of(
                        "PUT, unrecorded DELETE, PUT",
                        List.of(put("/x", a, 201, ""), mark("DELETE", "/x", 204), put("/x", a, 201, "")),
                        List.of()),
                Arguments.of(
                        "PUT, PATCH, PUT with a different answer",
                        List.of(
                                put("/x", a, 200, "{\"v\":1}"),
                                step("PATCH", "/x", "{\"v\":5}", 200, "{}"),
                                put("/x", a, 200, "{\"v\":2}")),
                        List.of()),
                Arguments.of(
                        "PUT, unrecorded PATCH, PUT",
                        List.of(
                                put("/x", a, 200, "{\"v\":1}"),
                                mark("PATCH", "/x", 200),
                                put("/x", a, 200, "{\"v\":2}")),
                        List.of()),
                Arguments.of(
                        "PUT, WebDAV MOVE onto the URL, PUT",
                        List.of(put("/x", a, 201, ""), mark("MOVE", "/x", 201), put("/x", a, 201, "")),
                        List.of()),
                Arguments.of(
                        "201 then 204 on overwrite",
                        List.of(put("/x", a, 201, ""), put("/x", a, 204, ""), put("/x", a, 204, "")),
                        List.of()),
                Arguments.of(
                        "201 then 200 then 204",
                        List.of(put("/x", a, 201, ""), put("/x", a, 200, ""), put("/x", a, 204, "")),
                        List.of()),
                Arguments.of(
                        "A, B, A: the third is not a repeat of the first",
                        List.of(
                                put("/x", a, 200, "{\"n\":\"a\"}"),
                                put("/x", b, 200, "{\"n\":\"b\"}"),
                                put("/x", a, 201, "{\"n\":\"a2\"}")),
                        List.of()),
                Arguments.of(
                        "a repeat differing only in an ignored field",
                        List.of(
                                put("/x", a, 200, "{\"n\":1,\"updatedAt\":\"t1\"}"),
                                put("/x", a, 200, "{\"n\":1,\"updatedAt\":\"t2\"}")),
                        List.of()),
                Arguments.of(
                        "a failed attempt between two identical PUTs",
                        List.of(put("/x", a, 200, "{}"), failed("PUT", "/x", a), put("/x", a, 200, "{}")),
                        List.of()),
                Arguments.of(
                        "a timed-out attempt, then its retry",
                        List.of(failed("PUT", "/x", a), put("/x", a, 201, "")),
                        List.of()),
                Arguments.of(
                        "a failed DELETE between two PUTs answered 201 (it may have reached the server)",
                        List.of(put("/x", a, 201, ""), failed("DELETE", "/x", ""), put("/x", a, 201, "")),
                        List.of()),
                Arguments.of(
                        "304 to a conditional GET, twice",
                        List.of(step("GET", "/x", "", 304, ""), step("GET", "/x", "", 304, "")),
                        List.of()),
                Arguments.of(
                        "PUT, GET, PUT, GET with the same representation",
                        List.of(
                                put("/x", a, 200, ""),
                                step("GET", "/x", "", 200, "{\"n\":1}"),
                                put("/x", a, 200, ""),
                                step("GET", "/x", "", 200, "{\"n\":1}")),
                        List.of()),
                Arguments.of(
                        "PUT, GET, DELETE, PUT, GET: the DELETE breaks the repeat",
                        List.of(
                                put("/x", a, 201, ""),
                                step("GET", "/x", "", 200, "{\"v\":1}"),
                                step("DELETE", "/x", "", 204, ""),
                                put("/x", a, 201, ""),
                                step("GET", "/x", "", 200, "{\"v\":2}")),
                        List.of()),
                Arguments.of(
                        "a retry after a refused key reuse",
                        List.of(
                                keyed("POST", "/o", a, "k1", 201, "{\"id\":1}"),
                                keyed("POST", "/o", b, "k1", 422, "{}"),
                                keyed("POST", "/o", a, "k1", 201, "{\"id\":1}")),
                        List.of()),
                Arguments.of(
                        "a key replayed with the first response",
                        List.of(
                                keyed("POST", "/o", a, "k2", 201, "{\"id\":1}"),
                                keyed("POST", "/o", a, "k2", 201, "{\"id\":1}")),
                        List.of()),
                Arguments.of(
                        "a keyed POST whose first attempt failed",
                        List.of(
                                new Step("POST", "/o", a, 502, "twice: refused", "k3", null, true, true, "text/plain"),
                                keyed("POST", "/o", b, "k3", 201, "{\"id\":9}")),
                        List.of()),
                Arguments.of(
                        "two different POSTs",
                        List.of(step("POST", "/o", a, 201, "{\"id\":1}"), step("POST", "/o", b, 201, "{\"id\":2}")),
                        List.of()),
                Arguments.of(
                        "unrecorded PUTs are never compared",
                        List.of(mark("PUT", "/x", 201), mark("PUT", "/x", 201)),
                        List.of()),
                // Their broken twins: still found.
                Arguments.of(
                        "PUT, PUT both 201",
                        List.of(put("/x", a, 201, ""), put("/x", a, 201, "")),
                        List.of("put-duplicate-create")),
                Arguments.of(
                        "PUT, unrecorded GET-like OPTIONS, PUT both 201",
                        List.of(put("/x", a, 201, ""), step("OPTIONS", "/x", "", 204, ""), put("/x", a, 201, "")),
                        List.of("put-duplicate-create")),
                Arguments.of(
                        "PUT, a write to another URL, PUT both 201",
                        List.of(put("/x", a, 201, ""), mark("DELETE", "/y", 204), put("/x", a, 201, "")),
                        List.of("put-duplicate-create")),
                Arguments.of(
                        "a repeat whose response changed",
                        List.of(put("/x", a, 200, "{\"v\":1}"), put("/x", a, 200, "{\"v\":2}")),
                        List.of("put-divergent-response")),
                Arguments.of(
                        "two identical POSTs both created",
                        List.of(created("POST", "/o", a, 201, "/o/1"), created("POST", "/o", a, 201, "/o/2")),
                        List.of("post-duplicate")),
                Arguments.of(
                        "a key ignored",
                        List.of(
                                keyed("POST", "/o", a, "k4", 201, "{\"id\":1}"),
                                keyed("POST", "/o", a, "k4", 201, "{\"id\":2}")),
                        List.of("idempotency-key-mismatch")),
                Arguments.of(
                        "PUT, GET, PUT, GET with a counter",
                        List.of(
                                put("/x", a, 200, ""),
                                step("GET", "/x", "", 200, "{\"n\":1}"),
                                put("/x", a, 200, ""),
                                step("GET", "/x", "", 200, "{\"n\":2}")),
                        List.of("put-divergent-state")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void onlyBrokenSequencesAreFindings(String name, List<Step> steps, List<String> expected) {
        ResponseDiff diff = new ResponseDiff(List.of("updatedAt"));
        List<Rule> rules = Rule.all(diff);
        assertEquals(
                expected,
                Sequence.play(rules, steps).stream().map(Verdict::rule).toList());
    }
}
