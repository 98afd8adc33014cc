package dev.twice.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.testing.Gzip;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseDiffTest {

    private final ResponseDiff diff = new ResponseDiff(List.of("updatedAt", "requestId"));

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"a\":1}|{\"a\":1}|''",
                "{\"a\":1}|{\"a\":2}|$.a 1→2",
                "{\"a\":1,\"updatedAt\":\"x\"}|{\"a\":1,\"updatedAt\":\"y\"}|''",
                "{\"o\":{\"requestId\":1,\"v\":[1,2]}}|{\"o\":{\"requestId\":2,\"v\":[1,3]}}|$.o.v[1] 2→3",
                "{\"a\":1}|{\"a\":1,\"b\":true}|$.b null→true",
                "[1,2]|[1]|$[1] 2→null",
                "{\"a\":\"1\"}|{\"a\":1}|$.a \"1\"→1",
                "{\"b\":1,\"a\":2}|{\"a\":2,\"b\":1}|''",
            })
    void jsonBodiesCompareAsValuesIgnoringConfiguredFieldsAtAnyDepth(String a, String b, String expected)
            throws Exception {
        List<Difference> d = diff.between(
                        response(200, a, "application/json", null), response(200, b, "application/json", null))
                .differences();
        assertEquals(
                expected,
                d.stream()
                        .map(x -> x.where() + " " + x.before() + "→" + x.after())
                        .reduce((x, y) -> x + "; " + y)
                        .orElse(""));
    }

    @Test
    void statusIsAlwaysCompared() throws Exception {
        List<Difference> d = diff.between(response(201, "", null, null), response(200, "", null, null))
                .differences();
        assertEquals(List.of(new Difference("status", "201", "200")), d);
    }

    @Test
    void locationIsComparedOnlyWhenBothCarryIt() throws Exception {
        Observation a = withLocation(response(201, "", null, null), "/a");
        Observation b = withLocation(response(201, "", null, null), "/b");
        assertEquals(
                List.of(new Difference("Location", "/a", "/b")),
                diff.between(a, b).differences());
        assertEquals(List.of(), diff.between(a, response(201, "", null, null)).differences());
    }

    @Test
    void bodiesAreComparedOnlyWhenBothResponsesHaveOne() throws Exception {
        assertEquals(
                List.of(),
                diff.between(response(200, "{\"a\":1}", "application/json", null), response(200, "", null, null))
                        .differences());
    }

    @Test
    void gzipBodiesAreComparedAfterDecoding() throws Exception {
        Observation a = response(200, Gzip.of("{\"a\":1,\"updatedAt\":1}"), "application/json", "gzip");
        Observation b = response(200, Gzip.of("{\"updatedAt\":2,\"a\":1}"), "application/json", "gzip");
        assertEquals(List.of(), diff.between(a, b).differences());
    }

    @Test
    void textBodiesCompareLineByLineAndShowTheLineThatChanged() throws Exception {
        List<Difference> d = diff.between(
                        response(200, "<h1>Shop</h1>\nhello world\n", "text/html", null),
                        response(200, "<h1>Shop</h1>\nhello there\n", "text/html", null))
                .differences();
        assertEquals(List.of(new Difference("body text", "hello world", "hello there")), d);
    }

    @Test
    void binaryBodiesCompareByteForByteAndSayWhereTheyDiffer() throws Exception {
        List<Difference> d = diff.between(
                        response(200, "hello world", "application/octet-stream", null),
                        response(200, "hello there", "application/octet-stream", null))
                .differences();
        assertEquals(List.of(new Difference("body", "11 bytes", "11 bytes, differing from byte 6")), d);
    }

    @Test
    void xmlAndFormBodiesKeepTheirByteComparison() throws Exception {
        assertEquals(
                "body",
                diff.between(
                                response(200, "<a>2026-01-01</a>", "application/xml", null),
                                response(200, "<a>2026-01-02</a>", "application/xml", null))
                        .differences()
                        .get(0)
                        .where());
        assertEquals(
                "body",
                diff.between(
                                response(200, "t=0.5", "application/x-www-form-urlencoded", null),
                                response(200, "t=0.7", "application/x-www-form-urlencoded", null))
                        .differences()
                        .get(0)
                        .where());
    }

    @Test
    void aPageWhoseOnlyChangesAreVolatileTokensIsTheSameAndSaysWhatWasMasked() throws Exception {
        Comparison c = diff.between(
                response(
                        200,
                        "<meta name=\"csrf-token\" content=\"abc123xyz\">\n<p>at 2026-12-06T03:19:10Z</p>",
                        "text/html",
                        null),
                response(
                        200,
                        "<meta name=\"csrf-token\" content=\"zzz987qqq\">\n<p>at 2026-12-06T03:19:11Z</p>",
                        "text/html",
                        null));
        assertEquals(List.of(), c.differences());
        assertEquals(
                List.of("in the text, volatile tokens were masked: nonce or CSRF token, date and time"), c.ignored());
    }

    @Test
    void learnedNoiseIsLeftOutForSiblingUrlsAndNamed() throws Exception {
        NoiseModel noise = new NoiseModel();
        ResponseDiff learning = new ResponseDiff(List.of(), noise);
        Observation get1 =
                at("GET", "/users/1", 1, response(200, "{\"name\":\"a\",\"etag\":\"e1\"}", "application/json", null));
        Observation get2 =
                at("GET", "/users/1", 2, response(200, "{\"name\":\"a\",\"etag\":\"e2\"}", "application/json", null));
        Sequence.MemoryHistory history = new Sequence.MemoryHistory();
        history.add(get1);
        noise.learnFrom(get2, history, learning);
        assertEquals(
                List.of("/users/{id}"),
                noise.snapshot().stream().map(NoiseModel.Learned::shape).toList());
        Comparison c = learning.between(
                at("PUT", "/users/2", 3, response(200, "{\"name\":\"b\",\"etag\":\"e3\"}", "application/json", null)),
                at("PUT", "/users/2", 4, response(200, "{\"name\":\"c\",\"etag\":\"e4\"}", "application/json", null)));
        assertEquals(List.of(new Difference("$.name", "\"b\"", "\"c\"")), c.differences());
        assertEquals(1, c.ignored().size());
        assertTrue(
                c.ignored().get(0).startsWith("learned noise for /users/{id}: $.etag (GETs #1 and #2"),
                c.ignored().get(0));
    }

    private static Observation at(String method, String url, long id, Observation o) {
        return new Observation(
                id,
                o.startedAt(),
                o.endedAt(),
                method,
                url,
                o.requestSha256(),
                o.status(),
                o.location(),
                o.idempotencyKey(),
                o.response(),
                o.retryHints(),
                true,
                false);
    }

    private static Observation response(int status, String body, String type, String encoding) throws Exception {
        return response(status, body.getBytes(StandardCharsets.UTF_8), type, encoding);
    }

    private static Observation response(int status, byte[] body, String type, String encoding) throws Exception {
        String sha = Sequence.sha(body);
        return new Observation(
                1,
                Instant.EPOCH,
                Instant.EPOCH,
                "PUT",
                "/x",
                "req",
                status,
                Optional.empty(),
                Optional.empty(),
                new Observation.Body(body.length, sha, body, true, type, encoding),
                List.of(),
                true,
                false);
    }

    private static Observation withLocation(Observation o, String location) {
        return new Observation(
                o.id(),
                o.startedAt(),
                o.endedAt(),
                o.method(),
                o.url(),
                o.requestSha256(),
                o.status(),
                Optional.of(location),
                o.idempotencyKey(),
                o.response(),
                o.retryHints(),
                true,
                false);
    }
}
