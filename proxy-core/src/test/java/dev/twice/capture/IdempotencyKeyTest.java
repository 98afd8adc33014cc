package dev.twice.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdempotencyKeyTest {

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(
            delimiter = '|',
            value = {
                "abc|abc",
                "\"abc\"|abc",
                "' abc '|abc",
                "\"a\\\"b\"|a\"b",
                "\"\"|''",
                "''|''",
                "8e03978e-40d5-43e8-bc93-6894a57f9324|8e03978e-40d5-43e8-bc93-6894a57f9324"
            })
    void quotedAndBareKeysNameTheSameKey(String header, String key) {
        assertEquals(key.isEmpty() ? Optional.empty() : Optional.of(key), IdempotencyKey.parse(header));
    }
}
