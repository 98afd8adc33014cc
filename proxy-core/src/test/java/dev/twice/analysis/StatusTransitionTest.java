package dev.twice.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusTransitionTest {

    @ParameterizedTest(name = "{0} then {1}: allowed={2}")
    @CsvSource({
        "201,200,true",
        "201,204,true",
        "200,204,true",
        "204,200,true",
        "200,201,false",
        "204,201,false",
        "200,500,false",
        "201,201,false",
        "200,404,false"
    })
    void upsertTransitionsAreNotDifferencesForRepeatedPuts(int before, int after, boolean allowed) {
        assertEquals(allowed, PutDivergentResponseRule.allowed(before, after));
    }
}
