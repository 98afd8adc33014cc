package dev.twice.analysis;

import dev.twice.testing.Gzip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ResponseDiffTest {

    private final ResponseDiff diff = new ResponseDiff(List.of("updatedAt", "requestId"));

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "{\"a\":1}|{\"a\":1}|''",
            "{\"a\":1}|{\"a\":2}|$.a 1→2",
            "{\"a\":1,\"updatedAt\":\"x\"}|{\"a\":1,\"updatedAt\":\"y\"}|''",
            "{\"o\":{\"requestId\":1,\"v\":[1,2]}}|{\"o\":{\"requestId\":2,\"v\":[1,3]}}|$.o.v[1] 2→3",
            "{\"a\":1}|{\"a\":1,\"b\":true}|$.b null→true",
            "[1,2]|[1]|$[1] 2→null",
            "{\"a\":\"1\"}|{\"a\":1}|$.a \"1\"→1",
            "{\"b\":1,\"a\":2}|{\"a\":2,\"b\":1}|''",
    })
    void jsonBodiesCompareAsValuesIgnoringConfiguredFieldsAtAnyDepth(String a, String b, String expected) throws Exception {
        List<Difference> d = diff.between(response(200, a, "application/json", null), response(200, b, "application/json", null));
        assertEquals(expected, d.stream().map(x -> x.where() + " " + x.before() + "→" + x.after())
                .reduce((x, y) -> x + "; " + y).orElse(""));
    }

    @Test
    void statusIsAlwaysCompared() throws Exception {
        List<Difference> d = diff.between(response(201, "", null, null), response(200, "", null, null));
        assertEquals(List.of(new Difference("status", "201", "200")), d);
    }

    @Test
    void locationIsComparedOnlyWhenBothCarryIt() throws Exception {
        Observation a = withLocation(response(201, "", null, null), "/a");
        Observation b = withLocation(response(201, "", null, null), "/b");
        assertEquals(List.of(new Difference("Location", "/a", "/b")), diff.between(a, b));
        assertEquals(List.of(), diff.between(a, response(201, "", null, null)));
    }

    @Test
    void bodiesAreComparedOnlyWhenBothResponsesHaveOne() throws Exception {
        assertEquals(List.of(), diff.between(response(200, "{\"a\":1}", "application/json", null),
                response(200, "", null, null)));
    }

    @Test
    void gzipBodiesAreComparedAfterDecoding() throws Exception {
        Observation a = response(200, Gzip.of("{\"a\":1,\"updatedAt\":1}"), "application/json", "gzip");
        Observation b = response(200, Gzip.of("{\"updatedAt\":2,\"a\":1}"), "application/json", "gzip");
        assertEquals(List.of(), diff.between(a, b));
    }

    @Test
    void textBodiesCompareByteForByteAndSayWhereTheyDiffer() throws Exception {
        List<Difference> d = diff.between(response(200, "hello world", "text/plain", null),
                response(200, "hello there", "text/plain", null));
        assertEquals(List.of(new Difference("body", "11 bytes", "11 bytes, differing from byte 6")), d);
    }

    private static Observation response(int status, String body, String type, String encoding) throws Exception {
        return response(status, body.getBytes(StandardCharsets.UTF_8), type, encoding);
    }

    private static Observation response(int status, byte[] body, String type, String encoding) throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        return new Observation(1, Instant.EPOCH, Instant.EPOCH, "PUT", "/x", "req", status, Optional.empty(),
                Optional.empty(), new Observation.Body(body.length, sha, body, true, type, encoding), List.of(), true, false);
    }

    private static Observation withLocation(Observation o, String location) {
        return new Observation(o.id(), o.startedAt(), o.endedAt(), o.method(), o.url(), o.requestSha256(), o.status(),
                Optional.of(location), o.idempotencyKey(), o.response(), o.retryHints(), true, false);
    }
}
