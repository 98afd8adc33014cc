package dev.twice.analysis;

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

/** {@code put-divergent-state} alone: the GETs after a PUT and after its repeat. */
class PutDivergentStateRuleTest {

    private static Step get(String body) {
        return step("GET", "/x", "", 200, body);
    }

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(
                        "a counter",
                        List.of(put("/x", "a", 200, ""), get("{\"n\":1}"), put("/x", "a", 200, ""), get("{\"n\":2}")),
                        "violation [1, 2, 3, 4] $.n 1→2;"),
                Arguments.of(
                        "the same state",
                        List.of(put("/x", "a", 200, ""), get("{\"n\":1}"), put("/x", "a", 200, ""), get("{\"n\":1}")),
                        ""),
                Arguments.of(
                        "compared with the first GET after the first PUT",
                        List.of(
                                put("/x", "a", 200, ""),
                                get("{\"n\":1}"),
                                get("{\"n\":1}"),
                                put("/x", "a", 200, ""),
                                get("{\"n\":2}")),
                        "violation [1, 2, 4, 5] $.n 1→2;"),
                Arguments.of(
                        "only the first GET after the repeat",
                        List.of(
                                put("/x", "a", 200, ""),
                                get("{\"n\":1}"),
                                put("/x", "a", 200, ""),
                                get("{\"n\":1}"),
                                get("{\"n\":9}")),
                        ""),
                Arguments.of(
                        "another PUT body",
                        List.of(put("/x", "a", 200, ""), get("{\"n\":1}"), put("/x", "b", 200, ""), get("{\"n\":2}")),
                        ""),
                Arguments.of(
                        "a DELETE between",
                        List.of(
                                put("/x", "a", 200, ""),
                                get("{\"n\":1}"),
                                mark("DELETE", "/x", 204),
                                put("/x", "a", 200, ""),
                                get("{\"n\":2}")),
                        ""),
                Arguments.of(
                        "no GET after the first PUT",
                        List.of(put("/x", "a", 200, ""), put("/x", "a", 200, ""), get("{\"n\":2}")),
                        ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void concludes(String name, List<Step> steps, String expected) {
        Rule rule = new PutDivergentStateRule(new ResponseDiff(List.of()));
        assertEquals(expected, Sequence.conclusions(rule, steps));
    }
}
