package dev.twice.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twice.testing.Conversation;
import dev.twice.testing.Conversation.Outcome;
import dev.twice.testing.Conversation.Writes;
import dev.twice.testing.TestUpstream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/reliability.md sections A and B, byte for byte: each payload is written on a raw socket, whole
 * and then one byte per write (item 15), and must get the same status, the same connection fate,
 * the same requests at the upstream and the same rows in the store.
 */
class RequestFramingTest {

    /** What the upstream may have seen of a case. */
    enum Upstream {
        /** Not one byte: the request was refused before any upstream connection was used. */
        NOTHING,
        /** At most the head of a request whose body then failed; never a complete request. */
        NO_COMPLETE_REQUEST,
        ONE_REQUEST,
        TWO_REQUESTS
    }

    /** {@code statuses}: what the client reads, in order; {@code closes}: the proxy ends the connection after them. */
    record Case(
            String item,
            String name,
            String request,
            List<Integer> statuses,
            boolean closes,
            Upstream upstream,
            int recorded) {
        @Override
        public String toString() {
            return item + " " + name;
        }
    }

    private static final String PROBE = "GET /probe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

    @TempDir
    static Path dir;

    private static TestUpstream upstream;
    private static TwiceUnderTest twice;

    @BeforeAll
    static void start() {
        upstream = new TestUpstream(
                (exchange, body) -> exchange.getResponseSender().send("ok"));
        twice = new TwiceUnderTest(upstream.url(), dir.resolve("framing.db"));
    }

    @AfterAll
    static void stop() {
        twice.close();
        upstream.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (Case c : table()) {
            for (Writes w : Writes.values()) {
                all.add(Arguments.of(c, w));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("cases")
    void framingDecision(Case c, Writes writes) throws Exception {
        int seenBefore = forwarded();
        long bytesBefore = upstream.bytesReceived();
        long recordedBefore = twice.proxy.stats().recorded();
        byte[] request = (c.closes ? c.request : c.request + PROBE).getBytes(StandardCharsets.ISO_8859_1);

        Outcome outcome = Conversation.exchange(twice.port(), request, writes, 5_000);

        List<Integer> expected = new ArrayList<>(c.statuses);
        if (!c.closes) {
            expected.add(200); // the probe: the connection was still usable
        }
        assertEquals(expected, outcome.statuses(), "statuses; the proxy answered:\n" + outcome.raw());
        assertEquals(true, outcome.closedByServer(), "the connection ends (after the probe when kept alive)");
        if (c.closes && !c.statuses.isEmpty() && c.statuses.get(c.statuses.size() - 1) >= 400) {
            assertEquals(true, outcome.raw().contains("Connection: close"), "a rejection says Connection: close");
        }
        Thread.sleep(50); // let a request the upstream should never complete have its chance to
        int forwarded = forwarded() - seenBefore - (c.closes ? 0 : 1);
        switch (c.upstream) {
            case NOTHING -> {
                assertEquals(0, forwarded, "requests at the upstream");
                assertEquals(bytesBefore, upstream.bytesReceived(), "bytes at the upstream");
            }
            case NO_COMPLETE_REQUEST ->
                assertEquals(
                        0,
                        forwarded,
                        () -> "complete requests at the upstream: "
                                + upstream.seen.subList(seenBefore, upstream.seen.size()).stream()
                                        .map(s -> s.method() + " " + s.uri() + " " + s.headers() + " body="
                                                + new String(s.body()))
                                        .toList());
            case ONE_REQUEST -> assertEquals(1, forwarded, "requests at the upstream");
            case TWO_REQUESTS -> assertEquals(2, forwarded, "requests at the upstream");
        }
        if (c.recorded > 0) {
            twice.awaitRecorded(recordedBefore + c.recorded);
        }
        assertEquals(recordedBefore + c.recorded, twice.proxy.stats().recorded(), "exchanges recorded");
    }

    private static int forwarded() {
        return upstream.seen.size();
    }

    // ---- the table ----

    private static final List<Integer> OK = List.of(200);

    static List<Case> table() {
        List<Case> t = new ArrayList<>();
        // A. Message framing / request smuggling
        t.add(reject(
                "A1",
                "Content-Length with Transfer-Encoding",
                post("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", "5\r\nhello\r\n0\r\n\r\n"),
                400));
        t.add(reject(
                "A2",
                "two Transfer-Encoding: chunked lines",
                post("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", "5\r\nhello\r\n0\r\n\r\n"),
                400));
        t.add(reject(
                "A2",
                "Transfer-Encoding: chunked, chunked",
                post("Transfer-Encoding: chunked, chunked\r\n", "5\r\nhello\r\n0\r\n\r\n"),
                400));
        t.add(reject(
                "A3",
                "chunked not last: chunked, gzip",
                post("Transfer-Encoding: chunked, gzip\r\n", "5\r\nhello\r\n0\r\n\r\n"),
                400));
        t.add(reject("A3", "no chunked at all: gzip", post("Transfer-Encoding: gzip\r\n", "hello"), 400));
        t.add(reject(
                "A3",
                "empty list element: ,chunked",
                post("Transfer-Encoding: ,chunked\r\n", "5\r\nhello\r\n0\r\n\r\n"),
                400));
        t.add(reject("A3", "unknown coding identity", post("Transfer-Encoding: identity\r\n", "hello"), 501));
        t.add(reject(
                "A3",
                "unknown coding xchunked",
                post("Transfer-Encoding: xchunked\r\n", "5\r\nhello\r\n0\r\n\r\n"),
                501));
        t.add(reject(
                "A3",
                "a coding before chunked: gzip, chunked",
                post("Transfer-Encoding: gzip, chunked\r\n", "5\r\nhello\r\n0\r\n\r\n"),
                501));
        t.add(accept("A3", "chunked in capitals", post("Transfer-Encoding: CHUNKED\r\n", "5\r\nhello\r\n0\r\n\r\n")));
        t.add(reject(
                "A4",
                "Transfer-Encoding on HTTP/1.0",
                "POST /a HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                400));
        t.add(reject(
                "A5", "two Content-Length lines", post("Content-Length: 5\r\nContent-Length: 5\r\n", "hello"), 400));
        t.add(reject("A5", "Content-Length list 5, 6", post("Content-Length: 5, 6\r\n", "hello"), 400));
        t.add(reject("A5", "Content-Length list 5, 5", post("Content-Length: 5, 5\r\n", "hello"), 400));
        for (String cl : List.of("+5", "-1", "0x10", "", "1_0", "5 x", "5x")) {
            t.add(reject("A6", "Content-Length '" + cl + "'", post("Content-Length: " + cl + "\r\n", "hello"), 400));
        }
        t.add(reject(
                "A7",
                "Content-Length past Long.MAX_VALUE",
                post("Content-Length: 99999999999999999999\r\n", "hello"),
                400));
        for (String size : List.of("Z", "0x5", "+5", "-1", " 5", "", "5g", "10000000000000005")) {
            t.add(badBody("A8", "chunk size '" + size + "'", chunked(size + "\r\nhello\r\n0\r\n\r\n")));
        }
        t.add(badBody("A9", "chunk data longer than its size", chunked("5\r\nhelloEXTRA\r\n0\r\n\r\n")));
        t.add(badBody("A9", "chunk data shorter than its size", chunked("5\r\nhel\r\n0\r\n\r\n")));
        t.add(badBody("A10", "bare LF after the chunk size", chunked("5\nhello\r\n0\r\n\r\n")));
        t.add(badBody("A10", "CR inside a chunk extension", chunked("5;a=b\rc\r\nhello\r\n0\r\n\r\n")));
        t.add(badBody("A10", "LF inside a chunk extension", chunked("5;a\n=b\r\nhello\r\n0\r\n\r\n")));
        t.add(accept("A11", "a short chunk extension is dropped", chunked("5;name=value\r\nhello\r\n0\r\n\r\n")));
        t.add(badBody(
                "A11", "chunk extensions over 4 KiB", chunked("5;" + "e".repeat(5000) + "\r\nhello\r\n0\r\n\r\n")));
        t.add(accept(
                "A12",
                "trailers end the body and stay out of the headers",
                chunked("5\r\nhello\r\n0\r\nX-Trailer: a\r\nContent-Length: 99\r\n\r\n")));
        t.add(new Case(
                "A13",
                "POST with Content-Length: 0 then a pipelined GET",
                post("Content-Length: 0\r\n", "") + "GET /b HTTP/1.1\r\nHost: x\r\n\r\n",
                List.of(200, 200),
                false,
                Upstream.TWO_REQUESTS,
                1));
        t.add(new Case(
                "A14",
                "a valid POST then a malformed pipelined request",
                post("Content-Length: 5\r\n", "hello") + "GET /b HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
                List.of(200, 400),
                true,
                Upstream.ONE_REQUEST,
                1));
        t.add(new Case(
                "D41",
                "a refused request with Expect: 100-continue gets its answer, never a 100",
                post("Expect: 100-continue\r\nTransfer-Encoding: identity\r\n", ""),
                List.of(501),
                true,
                Upstream.NOTHING,
                0));
        // B. Request line and header syntax
        t.add(reject("B16", "space before the colon", post("Content-Length : 5\r\n", "hello"), 400));
        t.add(reject("B16", "tab before the colon", post("Transfer-Encoding\t: chunked\r\n", "0\r\n\r\n"), 400));
        t.add(reject("B17", "header line without a colon", get("X-Foo bar\r\n"), 400));
        t.add(reject("B17", "empty header name", get(": value\r\n"), 400));
        t.add(reject("B17", "byte 0x80 in a header name", get("X-\u0080: v\r\n"), 400));
        t.add(reject("B17", "NUL in a header name", get("X-\u0000a: v\r\n"), 400));
        t.add(reject("B17", "space in a header name", get("X Foo: v\r\n"), 400));
        t.add(reject("B17", "separator in a header name", get("X(Foo): v\r\n"), 400));
        t.add(reject("B18", "NUL in a header value", get("X: a\u0000b\r\n"), 400));
        t.add(reject("B18", "bare CR in a header value", get("X: a\rb\r\n"), 400));
        t.add(reject("B18", "bare LF in a header value", get("X: a\nb\r\n"), 400));
        // Undertow replaces obs-fold with SP while parsing, which RFC 9112 §5.2 allows as the
        // alternative to 400; the upstream gets one well-formed line, never the fold.
        t.add(new Case(
                "B19",
                "obs-fold is unfolded to one line, never forwarded folded",
                get("X: a\r\n b\r\n"),
                OK,
                false,
                Upstream.ONE_REQUEST,
                0));
        t.add(reject(
                "B20",
                "tab before the first header line",
                "POST /a HTTP/1.1\r\n\tContent-Length: 1\r\nHost: x\r\n\r\nx",
                400));
        t.add(reject("B20", "space before the first header line", "GET /a HTTP/1.1\r\n Host: x\r\n\r\n", 400));
        t.add(reject("B21", "bare LF line endings", "GET / HTTP/1.1\nHost: x\n\n", 400));
        t.add(reject("B21", "bare LF in the request line", "GET /\nHTTP/1.1\r\nHost: x\r\n\r\n", 400));
        t.add(reject("B22", "HTTP/1.1 without Host", "GET /a HTTP/1.1\r\n\r\n", 400));
        t.add(reject("B22", "two Host headers", "GET /a HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", 400));
        t.add(reject("B22", "Host with a space", "GET /a HTTP/1.1\r\nHost: x y\r\n\r\n", 400));
        t.add(reject("B22", "Host with a control character", "GET /a HTTP/1.1\r\nHost: x\u0001y\r\n\r\n", 400));
        t.add(new Case(
                "B22", "HTTP/1.0 without Host is fine", "GET /a HTTP/1.0\r\n\r\n", OK, true, Upstream.ONE_REQUEST, 0));
        t.add(reject("B23", "version HTTP/1.32", "GET /a HTTP/1.32\r\nHost: x\r\n\r\n", 400));
        t.add(reject("B23", "version HTTP/1.1x", "GET /a HTTP/1.1x\r\nHost: x\r\n\r\n", 400));
        // 400 rather than 505: Undertow's parser refuses any version it does not speak while parsing.
        t.add(reject("B23", "version HTTP/2.0 on an HTTP/1 line", "GET /a HTTP/2.0\r\nHost: x\r\n\r\n", 400));
        t.add(reject("B23", "method G<T", "G<T /a HTTP/1.1\r\nHost: x\r\n\r\n", 400));
        t.add(reject("B24", "space inside the target", "GET /a b/c HTTP/1.1\r\nHost: x\r\n\r\n", 400));
        t.add(reject("B24", "control character in the target", "GET /a\u0001b HTTP/1.1\r\nHost: x\r\n\r\n", 400));
        t.add(reject("B24", "target over 8 KiB", "GET /" + "a".repeat(8200) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414));
        t.add(new Case(
                "B24",
                "target of 8000 octets",
                "GET /" + "a".repeat(7999) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                OK,
                false,
                Upstream.ONE_REQUEST,
                0));
        t.add(new Case(
                "B25",
                "lower-case post is forwarded but not recorded as POST",
                "post /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
                OK,
                false,
                Upstream.ONE_REQUEST,
                0));
        t.add(reject("B26", "CONNECT", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 501));
        t.add(new Case(
                "B26",
                "absolute-form goes to the configured upstream",
                "GET http://evil.example/x HTTP/1.1\r\nHost: evil.example\r\n\r\n",
                OK,
                false,
                Upstream.ONE_REQUEST,
                0));
        t.add(new Case(
                "I82",
                "a dashboard path on the proxy port is forwarded like any other",
                "GET /api/exchanges HTTP/1.1\r\nHost: x\r\n\r\n",
                OK,
                false,
                Upstream.ONE_REQUEST,
                0));
        t.add(new Case(
                "B26",
                "OPTIONS * goes to the configured upstream",
                "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
                OK,
                false,
                Upstream.ONE_REQUEST,
                0));
        t.add(new Case(
                "B27",
                "Upgrade: h2c is stripped, not followed",
                get("Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n"),
                OK,
                false,
                Upstream.ONE_REQUEST,
                0));
        t.add(reject(
                "B27",
                "Upgrade: websocket is refused",
                get("Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        + "Sec-WebSocket-Version: 13\r\n"),
                501));
        return t;
    }

    private static Case reject(String item, String name, String request, int status) {
        return new Case(item, name, request, List.of(status), true, Upstream.NOTHING, 0);
    }

    /** The head was valid but the body's framing is not: 400, close, no complete request upstream. */
    private static Case badBody(String item, String name, String request) {
        return new Case(item, name, request, List.of(400), true, Upstream.NO_COMPLETE_REQUEST, 0);
    }

    private static Case accept(String item, String name, String request) {
        return new Case(item, name, request, OK, false, Upstream.ONE_REQUEST, 1);
    }

    private static String post(String headers, String body) {
        return "POST /a HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n" + body;
    }

    private static String chunked(String body) {
        return post("Transfer-Encoding: chunked\r\n", body);
    }

    private static String get(String headers) {
        return "GET /a HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n";
    }
}
