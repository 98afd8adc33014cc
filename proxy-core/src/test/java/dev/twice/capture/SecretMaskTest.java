package dev.twice.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.config.TwiceConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Masking of secret fields in stored bodies and URLs (docs/reliability.md H71, H72). */
class SecretMaskTest {

    private final SecretMask mask = new SecretMask(List.of("password", "token", "api_key"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"user\":\"ann\",\"password\":\"hunter2\"}                | {\"user\":\"ann\",\"password\":\"*******\"}",
                "{\"Password\" : \"x\"}                                    | {\"Password\" : \"*\"}",
                "{\"a\":{\"b\":[{\"token\":\"t0k\"}]}}                      | {\"a\":{\"b\":[{\"token\":\"***\"}]}}",
                "{\"token\":12345,\"n\":1}                                 | {\"token\":null ,\"n\":1}",
                "{\"token\":7}                                             | {\"token\":0}",
                "{\"token\":{\"k\":\"v\"},\"x\":true}                      | {\"token\":null     ,\"x\":true}",
                "{\"password\":\"a\\\"b\"}                                   | {\"password\":\"****\"}",
                "{\"user\":\"password\"}                                   | {\"user\":\"password\"}",
                "{\"password\":\"hunt                                      | {\"password\":\"****",
                "{\"password\":                                          | {\"password\":",
                "{\"token\":[1,2,                                          | {\"token\":[****",
                "[1,2,3]                                                   | [1,2,3]",
            })
    void jsonFieldsAreMaskedAtAnyDepthKeepingLengthAndValidity(String body, String stored) {
        assertEquals(stored, masked(body, "application/json; charset=utf-8"));
        assertEquals(body.length(), stored.length());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "user=ann&password=hunter2           | user=ann&password=*******",
                "PASSWORD=x&token=&api%5Fkey=k1      | PASSWORD=*&token=&api%5Fkey=**",
                "user=token                          | user=token",
            })
    void formFieldsAreMasked(String body, String stored) {
        assertEquals(stored, masked(body, "application/x-www-form-urlencoded"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/login?user=ann&token=abc&x=1       | /login?user=ann&token=***&x=1",
                "/token/abc?api_key=k&api_key=k2     | /token/abc?api_key=*&api_key=**",
                "/plain                              | /plain",
            })
    void secretQueryValuesAreMaskedButNeverThePath(String url, String stored) {
        assertEquals(stored, mask.maskQuery(url));
    }

    @Test
    void bodiesWithoutSecretsAreLeftAsTheyAre() {
        byte[] text = "hello password".getBytes(StandardCharsets.UTF_8);
        assertSame(text, mask.maskBody(text, "text/plain"));
        byte[] json = "{\"user\":\"ann\"}".getBytes(StandardCharsets.UTF_8);
        assertSame(json, mask.maskBody(json, "application/json"));
        assertSame(json, mask.maskBody(json, null));
    }

    /** The hostile shapes a secret arrives in: each row's secret must not survive. */
    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            quoteCharacter = '~',
            value = {
                // parse problems do not stop masking
                ")]}' {\"password\":\"S3CRET1\"}                              | application/json",
                "{\"n\":NaN,\"password\":\"S3CRET1\"}                          | application/json",
                "{/*c*/\"password\":\"S3CRET1\"}                                | application/json",
                "{\"a\":tru, \"password\":\"S3CRET1\"}                          | application/json",
                "{'password':'S3CRET1'}                                           | application/json",
                // escaped names
                "{\"pass\\u0077ord\":\"S3CRET1\"}                               | application/json",
                "pass%77ord=S3CRET1                                              | application/x-www-form-urlencoded",
                // any content type, or none: sniffed
                "{\"password\":\"S3CRET1\"}                                      | text/plain",
                "{\"password\":\"S3CRET1\"}                                      | -",
                "{\"password\":\"S3CRET1\"}                                      | text/json",
                "{\"password\":\"S3CRET1\"}                                      | application/x-json",
                "password=S3CRET1&user=ann                                       | text/plain",
                "password=S3CRET1                                                | -",
                // names in any spelling, separators
                "{\"accessToken\":\"S3CRET1\"}                                   | application/json",
                "{\"clientSecret\":\"S3CRET1\"}                                  | application/json",
                "{\"pwd\":\"S3CRET1\"}                                           | application/json",
                "{\"Access-Token\":\"S3CRET1\"}                                  | application/json",
                "a=1;secret=S3CRET1                                              | application/x-www-form-urlencoded",
                "[{\"x\":1},{\"refresh_token\":\"S3CRET1\"}]                     | application/json",
            })
    void hostileShapesAreMasked(String body, String type) {
        String stored = new String(wide.maskBody(body.getBytes(StandardCharsets.UTF_8), type), StandardCharsets.UTF_8);
        assertFalse(stored.contains("S3CRET1"), stored);
        assertEquals(body.length(), stored.length());
    }

    @Test
    void multipartFieldsAreMaskedByNameAndJsonPartsByField() {
        String body = "--XyZ\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\nann\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\nS3CRET1\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n"
                + "{\"api_key\":\"S3CRET2\"}\r\n--XyZ--\r\n";
        String stored = new String(
                wide.maskBody(body.getBytes(StandardCharsets.UTF_8), "multipart/form-data; boundary=XyZ"),
                StandardCharsets.UTF_8);
        assertFalse(stored.contains("S3CRET"), stored);
        assertTrue(stored.contains("\r\n\r\nann\r\n"), stored);
        assertEquals(body.length(), stored.length());
    }

    /** The lenient scan runs on what the parser gave up on, which can be long: no stack overflow. */
    @Test
    void longBrokenBodiesAreScannedWithoutOverflowingTheStack() {
        for (String unit : new String[] {"x", "\"", "\\u0041", "a:", "'", "password:\"a"}) {
            String body =
                    "{\"a\":tru, \"b\":\"" + unit.repeat(300_000 / unit.length()) + "\", \"password\":\"S3CRET1\"";
            String stored = new String(
                    wide.maskBody(body.getBytes(StandardCharsets.UTF_8), "application/json"), StandardCharsets.UTF_8);
            assertEquals(body.length(), stored.length());
        }
    }

    /** A long run of name characters once made the fallback scan quadratic (an hour for 1 MiB). */
    @Test
    void aLongRunOfNameCharactersIsScannedInOnePass() {
        byte[] body = ("[" + "a".repeat(1 << 20) + " password: S3CRET1").getBytes(StandardCharsets.UTF_8);
        byte[] stored = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(20), () -> wide.maskBody(body, "application/json"));
        assertFalse(new String(stored, StandardCharsets.UTF_8).contains("S3CRET1"));
    }

    @Test
    void aNestedMultipartAndAValueWithASemicolonAndUtf16JsonKeepNoSecret() {
        String inner = "--In\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\nS3CRET1\r\n--In--";
        String outer = "--Out\r\nContent-Disposition: form-data; name=\"files\"\r\n"
                + "Content-Type: multipart/mixed; boundary=In\r\n\r\n" + inner + "\r\n--Out--\r\n";
        String stored = new String(
                wide.maskBody(outer.getBytes(StandardCharsets.UTF_8), "multipart/form-data; boundary=Out"),
                StandardCharsets.UTF_8);
        assertFalse(stored.contains("S3CRET1"), stored);
        assertEquals("password=********&a=1", masked2("password=S3CR;ET1&a=1", "application/x-www-form-urlencoded"));
        assertEquals("password=*******\r\n", masked2("password=S3CRET1\r\n", "text/plain"));
        byte[] utf16 = "{\"password\":\"S3CRET1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_16BE);
        assertFalse(new String(wide.maskBody(utf16, "application/json"), java.nio.charset.StandardCharsets.UTF_16BE)
                .contains("S3CRET1"));
    }

    private String masked2(String body, String type) {
        return new String(wide.maskBody(body.getBytes(StandardCharsets.UTF_8), type), StandardCharsets.UTF_8);
    }

    private final SecretMask wide = new SecretMask(TwiceConfig.DEFAULT_REDACT_FIELDS);

    @Test
    void anEmptyListMasksNothing() {
        byte[] json = "{\"password\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        assertSame(json, new SecretMask(List.of()).maskBody(json, "application/json"));
    }

    private String masked(String body, String contentType) {
        return new String(mask.maskBody(body.getBytes(StandardCharsets.UTF_8), contentType), StandardCharsets.UTF_8);
    }
}
