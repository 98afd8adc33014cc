package dev.twice.capture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Masking of secret fields in stored bodies and URLs (RELIABILITY.md H71, H72). */
class SecretMaskTest {

    private final SecretMask mask = new SecretMask(List.of("password", "token", "api_key"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
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
    @CsvSource(delimiter = '|', value = {
            "user=ann&password=hunter2           | user=ann&password=*******",
            "PASSWORD=x&token=&api%5Fkey=k1      | PASSWORD=*&token=&api%5Fkey=**",
            "user=token                          | user=token",
    })
    void formFieldsAreMasked(String body, String stored) {
        assertEquals(stored, masked(body, "application/x-www-form-urlencoded"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "/login?user=ann&token=abc&x=1       | /login?user=ann&token=***&x=1",
            "/token/abc?api_key=k&api_key=k2     | /token/abc?api_key=*&api_key=**",
            "/plain                              | /plain",
    })
    void secretQueryValuesAreMaskedButNeverThePath(String url, String stored) {
        assertEquals(stored, mask.maskQuery(url));
    }

    @Test
    void otherContentTypesAndBodiesWithoutSecretsAreLeftAsTheyAre() {
        byte[] text = "password=hunter2".getBytes(StandardCharsets.UTF_8);
        assertSame(text, mask.maskBody(text, "text/plain"));
        byte[] json = "{\"user\":\"ann\"}".getBytes(StandardCharsets.UTF_8);
        assertSame(json, mask.maskBody(json, "application/json"));
        assertSame(json, mask.maskBody(json, null));
    }

    @Test
    void anEmptyListMasksNothing() {
        byte[] json = "{\"password\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        assertSame(json, new SecretMask(List.of()).maskBody(json, "application/json"));
    }

    private String masked(String body, String contentType) {
        return new String(mask.maskBody(body.getBytes(StandardCharsets.UTF_8), contentType), StandardCharsets.UTF_8);
    }
}
