package dev.twice.analysis;

import static dev.twice.analysis.Sequence.created;
import static dev.twice.analysis.Sequence.keyed;
import static dev.twice.analysis.Sequence.step;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twice.analysis.Sequence.Step;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code post-duplicate} alone: a violation when the server says it made two, else a warning. */
class PostDuplicateRuleTest {

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(
                        "two 201 with two Locations",
                        List.of(created("POST", "/o", "a", 201, "/o/1"), created("POST", "/o", "a", 201, "/o/2")),
                        "violation [1, 2] Location /o/1→/o/2;"),
                Arguments.of(
                        "two different ids",
                        List.of(step("POST", "/o", "a", 200, "{\"id\":1}"), step("POST", "/o", "a", 200, "{\"id\":2}")),
                        "violation [1, 2] $.id 1→2;"),
                Arguments.of(
                        "both accepted, nothing says two",
                        List.of(step("POST", "/o", "a", 202, ""), step("POST", "/o", "a", 202, "")),
                        "warning [1, 2]"),
                Arguments.of(
                        "the second refused",
                        List.of(step("POST", "/o", "a", 201, ""), step("POST", "/o", "a", 409, "")),
                        ""),
                Arguments.of(
                        "different bodies",
                        List.of(step("POST", "/o", "a", 201, ""), step("POST", "/o", "b", 201, "")),
                        ""),
                Arguments.of(
                        "with a key: the key rules' case",
                        List.of(
                                keyed("POST", "/o", "a", "k", 201, "{\"id\":1}"),
                                keyed("POST", "/o", "a", "k", 201, "{\"id\":2}")),
                        ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void concludes(String name, List<Step> steps, String expected) {
        assertEquals(expected, Sequence.conclusions(new PostDuplicateRule(), steps));
    }

    @ParameterizedTest(name = "{0} ms -> {1}")
    @CsvSource({"0, 0 ms", "120, 120 ms", "1440, 1.4 s", "42000, 42 s", "-5, 0 ms"})
    void howFarApartIsSaidAsAPersonWould(long millis, String said) {
        assertEquals(said, PostDuplicateRule.apart(Duration.ofMillis(millis)));
    }
}
