package dev.twice.analysis;

import static dev.twice.analysis.Sequence.failed;
import static dev.twice.analysis.Sequence.put;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twice.analysis.Sequence.Step;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code put-divergent-response} alone. */
class PutDivergentResponseRuleTest {

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(
                        "a JSON value changed",
                        List.of(put("/x", "a", 200, "{\"v\":1}"), put("/x", "a", 200, "{\"v\":2}")),
                        "warning [1, 2] $.v 1→2;"),
                Arguments.of(
                        "200 then 500",
                        List.of(put("/x", "a", 200, ""), put("/x", "a", 500, "")),
                        "warning [1, 2] status 200→500;"),
                Arguments.of("201 then 200", List.of(put("/x", "a", 201, ""), put("/x", "a", 200, "")), ""),
                Arguments.of(
                        "201 then 200, committed the other way round by two instances",
                        List.of(put("/x", "a", 200, ""), put("/x", "a", 201, "").answeredEarlierBy(1500)),
                        ""),
                Arguments.of(
                        "200 then 500, committed the other way round: still the 500 came second",
                        List.of(put("/x", "a", 500, ""), put("/x", "a", 200, "").answeredEarlierBy(1500)),
                        "warning [1, 2] status 200→500;"),
                Arguments.of(
                        "200 and 204",
                        List.of(put("/x", "a", 200, ""), put("/x", "a", 204, ""), put("/x", "a", 200, "")),
                        ""),
                Arguments.of(
                        "201 twice is the other rule's", List.of(put("/x", "a", 201, ""), put("/x", "a", 201, "")), ""),
                Arguments.of(
                        "only an ignored field",
                        List.of(put("/x", "a", 200, "{\"updatedAt\":1}"), put("/x", "a", 200, "{\"updatedAt\":2}")),
                        ""),
                Arguments.of(
                        "a failed attempt between",
                        List.of(
                                put("/x", "a", 200, "{\"v\":1}"),
                                failed("PUT", "/x", "a"),
                                put("/x", "a", 200, "{\"v\":1}")),
                        ""),
                Arguments.of(
                        "html whose nonce changed",
                        List.of(
                                put("/p", "a", 200, "<p nonce=\"abc123def\">hi</p>")
                                        .as("text/html"),
                                put("/p", "a", 200, "<p nonce=\"zzz987yyy\">hi</p>")
                                        .as("text/html")),
                        ""),
                Arguments.of(
                        "html whose text changed",
                        List.of(
                                put("/p", "a", 200, "<p>Visits: 1</p>").as("text/html"),
                                put("/p", "a", 200, "<p>Visits: 2</p>").as("text/html")),
                        "warning [1, 2] body text <p>Visits: 1</p>→<p>Visits: 2</p>;"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void concludes(String name, List<Step> steps, String expected) {
        Rule rule = new PutDivergentResponseRule(new ResponseDiff(List.of("updatedAt")));
        assertEquals(expected, Sequence.conclusions(rule, steps));
    }
}
