package dev.twice.analysis;

import static dev.twice.analysis.Sequence.keyed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twice.analysis.Sequence.Step;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code idempotency-key-reuse} alone: the draft says a reused key with another request gets 422. */
class IdempotencyKeyReuseRuleTest {

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(
                        "another URL accepted",
                        List.of(keyed("POST", "/a", "x", "k", 201, ""), keyed("POST", "/b", "x", "k", 201, "")),
                        "violation [1, 2] request URL /a→/b;"),
                Arguments.of(
                        "another body accepted",
                        List.of(keyed("POST", "/a", "x", "k", 201, ""), keyed("POST", "/a", "y", "k", 200, "")),
                        "violation [1, 2] request body sha256 "
                                + Sequence.sha("x".getBytes()).substring(0, 12) + "→"
                                + Sequence.sha("y".getBytes()).substring(0, 12) + ";"),
                Arguments.of(
                        "refused with 422",
                        List.of(keyed("POST", "/a", "x", "k", 201, ""), keyed("POST", "/a", "y", "k", 422, "")),
                        ""),
                Arguments.of(
                        "refused with 400",
                        List.of(keyed("POST", "/a", "x", "k", 201, ""), keyed("POST", "/a", "y", "k", 400, "")),
                        ""),
                Arguments.of(
                        "the original retried after a refusal",
                        List.of(
                                keyed("POST", "/a", "x", "k", 201, ""),
                                keyed("POST", "/a", "y", "k", 422, ""),
                                keyed("POST", "/a", "x", "k", 201, "")),
                        ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void concludes(String name, List<Step> steps, String expected) {
        assertEquals(expected, Sequence.conclusions(new IdempotencyKeyReuseRule(), steps));
    }
}
