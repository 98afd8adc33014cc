package dev.twice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which content types the API shows as text. */
class BodyJsonTest {

    @ParameterizedTest(name = "{0} textual={1}")
    @CsvSource({
        "text/html; charset=utf-8,true",
        "application/json,true",
        "application/problem+json,true",
        "application/xml,true",
        "image/svg+xml,true",
        "application/x-www-form-urlencoded,true",
        "application/javascript,true",
        "application/octet-stream,false",
        "image/png,false",
        "multipart/form-data; boundary=x,false",
        "TEXT/PLAIN,true"
    })
    void textualTypesAreThoseOfTheSpec(String type, boolean textual) {
        assertEquals(textual, BodyJson.isTextual(type));
    }
}
