package dev.twice.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twice.config.TwiceConfig;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which names the default lists call secret: case, separators and camelCase do not matter. */
class SecretNamesTest {

    private static final SecretNames FIELDS = new SecretNames(TwiceConfig.DEFAULT_REDACT_FIELDS);
    private static final SecretNames HEADERS = new SecretNames(TwiceConfig.DEFAULT_REDACT_HEADERS);

    @ParameterizedTest(name = "field {0} -> {1}")
    @CsvSource({
        "password, true",
        "Password, true",
        "new_password, true",
        "passwd, true",
        "pwd, true",
        "access_token, true",
        "accessToken, true",
        "Access-Token, true",
        "refresh_token, true",
        "id_token, true",
        "clientSecret, true",
        "client_secret, true",
        "apiKey, true",
        "api_key, true",
        "API-KEY, true",
        "private_key, true",
        "sessionId, true",
        "session_id, true",
        "sid, true",
        "credentials, true",
        "user, false",
        "name, false",
        "id, false",
        "key, false",
        "passenger, false",
        "tokenizer_x, true",
        "idempotencyKey, false",
        "email, false",
    })
    void fields(String name, boolean secret) {
        assertEquals(secret, FIELDS.matches(name));
    }

    @ParameterizedTest(name = "header {0} -> {1}")
    @CsvSource({
        "Authorization, true",
        "authorization, true",
        "Cookie, true",
        "Set-Cookie, true",
        "X-Api-Key, true",
        "X-Auth-Token, true",
        "X-CSRF-Token, true",
        "X-Session-Id, true",
        "X-Client-Secret, true",
        "Content-Type, false",
        "Idempotency-Key, false",
        "Accept, false",
        "x-envoy-attempt-count, false",
    })
    void headers(String name, boolean secret) {
        assertEquals(secret, HEADERS.matches(name));
    }

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource({
        "*token, mytoken, true",
        "*token, tokens, false",
        "tok*en, token, true",
        "tok*en, tokXen, true",
        "a*b*c, abc, true",
        "a*b*c, acb, false",
        "x, X, true"
    })
    void wildcards(String pattern, String name, boolean secret) {
        assertEquals(secret, new SecretNames(List.of(pattern)).matches(name));
    }
}
