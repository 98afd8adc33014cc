package dev.twice.analysis;

import static dev.twice.analysis.Sequence.keyed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twice.analysis.Sequence.Step;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code idempotency-key-mismatch} alone. */
class IdempotencyKeyMismatchRuleTest {

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(
                        "a second resource for the same key",
                        List.of(
                                keyed("POST", "/o", "a", "k", 201, "{\"id\":1}"),
                                keyed("POST", "/o", "a", "k", 201, "{\"id\":2}")),
                        "violation [1, 2] $.id 1→2;"),
                Arguments.of(
                        "the first response replayed",
                        List.of(
                                keyed("POST", "/o", "a", "k", 201, "{\"id\":1}"),
                                keyed("POST", "/o", "a", "k", 201, "{\"id\":1}")),
                        ""),
                Arguments.of(
                        "compared with the first, not the last",
                        List.of(
                                keyed("POST", "/o", "a", "k", 201, "{\"id\":1}"),
                                keyed("POST", "/o", "a", "k", 201, "{\"id\":1}"),
                                keyed("POST", "/o", "a", "k", 201, "{\"id\":3}")),
                        "violation [1, 3] $.id 1→3;"),
                Arguments.of(
                        "another body is the reuse rule's",
                        List.of(
                                keyed("POST", "/o", "a", "k", 201, "{\"id\":1}"),
                                keyed("POST", "/o", "b", "k", 201, "{\"id\":2}")),
                        ""),
                Arguments.of(
                        "only the page text differs: a warning",
                        List.of(
                                keyed("POST", "/o", "a", "k", 200, "<p>n=1</p>").as("text/html"),
                                keyed("POST", "/o", "a", "k", 200, "<p>n=2</p>").as("text/html")),
                        "warning [1, 2] body text <p>n=1</p>→<p>n=2</p>;"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void concludes(String name, List<Step> steps, String expected) {
        Rule rule = new IdempotencyKeyMismatchRule(new ResponseDiff(List.of()));
        assertEquals(expected, Sequence.conclusions(rule, steps));
    }
}
