package dev.twice.analysis;

import static dev.twice.analysis.Sequence.created;
import static dev.twice.analysis.Sequence.mark;
import static dev.twice.analysis.Sequence.put;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twice.analysis.Sequence.Step;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code put-duplicate-create} alone: what it concludes, as a line per sequence ("" for nothing). */
class PutDuplicateCreateRuleTest {

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(
                        "201 twice",
                        List.of(put("/x", "a", 201, ""), put("/x", "a", 201, "")),
                        "violation [1, 2] status 201→201;"),
                Arguments.of(
                        "a new Location",
                        List.of(created("PUT", "/x", "a", 200, "/x/1"), created("PUT", "/x", "a", 200, "/x/2")),
                        "violation [1, 2] Location /x/1→/x/2;"),
                Arguments.of("201 then 204", List.of(put("/x", "a", 201, ""), put("/x", "a", 204, "")), ""),
                Arguments.of("another body", List.of(put("/x", "a", 201, ""), put("/x", "b", 201, "")), ""),
                Arguments.of("another URL", List.of(put("/x", "a", 201, ""), put("/y", "a", 201, "")), ""),
                Arguments.of(
                        "a DELETE between",
                        List.of(put("/x", "a", 201, ""), mark("DELETE", "/x", 204), put("/x", "a", 201, "")),
                        ""),
                Arguments.of(
                        "a POST is not a PUT",
                        List.of(Sequence.step("POST", "/x", "a", 201, ""), Sequence.step("POST", "/x", "a", 201, "")),
                        ""),
                Arguments.of(
                        "the same Location",
                        List.of(created("PUT", "/x", "a", 200, "/x/1"), created("PUT", "/x", "a", 200, "/x/1")),
                        ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void concludes(String name, List<Step> steps, String expected) {
        assertEquals(expected, Sequence.conclusions(new PutDuplicateCreateRule(), steps));
    }
}
