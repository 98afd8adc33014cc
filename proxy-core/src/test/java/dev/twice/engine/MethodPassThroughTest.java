package dev.twice.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.config.RecordedMethods;
import dev.twice.testing.FaultyUpstream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every method × every way a request can frame its body × the answers upstreams give, over real
 * sockets: the client gets exactly what the upstream sent, and the upstream gets the method and
 * body the client sent. The only refusal is a TRACE with content (RFC 9110 §9.3.8), answered 400
 * by twice without a byte going upstream.
 */
class MethodPassThroughTest {

    @TempDir
    static Path dir;

    private static final AtomicReference<byte[]> ANSWER = new AtomicReference<>();
    private static FaultyUpstream upstream;
    private static TwiceUnderTest twice;

    enum Framing {
        NONE(""),
        EMPTY("Content-Length: 0\r\n"),
        LENGTH("Content-Length: 11\r\n"),
        CHUNKED("Transfer-Encoding: chunked\r\n");

        final String header;

        Framing(String header) {
            this.header = header;
        }

        String body() {
            return switch (this) {
                case NONE, EMPTY -> "";
                case LENGTH -> "hello world";
                case CHUNKED -> "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
            };
        }

        /** What the upstream must receive, framing removed. */
        String content() {
            return this == LENGTH || this == CHUNKED ? "hello world" : "";
        }
    }

    /** An upstream answer: its raw head, the header that must reach the client, and its body. */
    record Answer(String name, int status, String head, String marker, String body) {
        byte[] bytes(String method) {
            String b = method.equals("HEAD") ? "" : body;
            return (head + "\r\n" + b).getBytes(StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final Answer OK_WITH_BODY = new Answer(
            "200 with body",
            200,
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Answer: ok\r\nContent-Length: 5\r\n",
            "x-answer: ok",
            "hello");
    private static final Answer NO_CONTENT = new Answer(
            "204", 204, "HTTP/1.1 204 No Content\r\nAllow: GET, PUT, OPTIONS\r\n", "allow: get, put, options", "");
    private static final Answer NOT_MODIFIED =
            new Answer("304", 304, "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\n", "etag: \"v1\"", "");
    private static final Answer HEAD_LENGTH = new Answer(
            "200 to HEAD with Content-Length",
            200,
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1234\r\n",
            "content-length: 1234",
            "");
    private static final Answer CREATED = new Answer(
            "201 with Location",
            201,
            "HTTP/1.1 201 Created\r\nLocation: /things/7\r\nContent-Type: application/json\r\nContent-Length: 8\r\n",
            "location: /things/7",
            "{\"id\":7}");

    @BeforeAll
    static void start() throws IOException {
        upstream = new FaultyUpstream(n -> new FaultyUpstream.Reply(ANSWER.get(), FaultyUpstream.Then.KEEP_ALIVE, 0));
        twice = new TwiceUnderTest(upstream.url(), dir.resolve("t.db"), b -> b.record(RecordedMethods.parse("ALL")));
    }

    @AfterAll
    static void stop() throws IOException {
        twice.close();
        upstream.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String method : List.of("GET", "HEAD", "OPTIONS", "DELETE", "PUT", "POST", "PATCH", "TRACE")) {
            for (Framing framing : Framing.values()) {
                List<Answer> answers = new ArrayList<>(List.of(NO_CONTENT, CREATED));
                if (method.equals("HEAD")) {
                    answers.add(HEAD_LENGTH);
                } else {
                    answers.add(OK_WITH_BODY);
                }
                if (method.equals("GET") || method.equals("HEAD")) {
                    answers.add(NOT_MODIFIED);
                }
                for (Answer a : answers) {
                    out.add(Arguments.of(method, framing, a));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("cases")
    void theClientGetsWhatTheUpstreamSent(String method, Framing framing, Answer answer) throws Exception {
        ANSWER.set(answer.bytes(method));
        int before = upstream.requests.size();
        String request = method + " /resource?q=1 HTTP/1.1\r\nHost: app\r\nConnection: close\r\n" + framing.header
                + "\r\n" + framing.body();
        Response response = send(request);
        boolean traceWithContent = method.equals("TRACE") && (framing == Framing.LENGTH || framing == Framing.CHUNKED);
        if (traceWithContent) {
            assertEquals(400, response.status, response.head);
            Thread.sleep(50);
            assertEquals(before, upstream.requests.size(), "nothing may go upstream");
            return;
        }
        assertEquals(answer.status(), response.status, response.head);
        assertTrue(response.head.toLowerCase(Locale.ROOT).contains("\r\n" + answer.marker() + "\r\n"), response.head);
        String expectedBody = method.equals("HEAD") ? "" : answer.body();
        assertEquals(expectedBody, new String(response.body, StandardCharsets.ISO_8859_1));
        assertEquals(before + 1, upstream.requests.size());
        String upstreamHead = upstream.requests.get(before);
        assertTrue(upstreamHead.startsWith(method + " /resource?q=1 HTTP/1.1\r\n"), upstreamHead);
        assertArrayEquals(framing.content().getBytes(StandardCharsets.ISO_8859_1), upstream.bodies.get(before));
        if (method.equals("OPTIONS")) {
            assertTrue(
                    !upstreamHead.toLowerCase(Locale.ROOT).contains("content-type"),
                    "no Content-Type invented: " + upstreamHead);
        }
    }

    @ParameterizedTest(name = "TRACE with {0}")
    @MethodSource("traceHeaders")
    void aTraceKeepsItsCredentialHeaders(String header) throws Exception {
        ANSWER.set(NO_CONTENT.bytes("TRACE"));
        int before = upstream.requests.size();
        Response response = send("TRACE / HTTP/1.1\r\nHost: app\r\nConnection: close\r\n" + header + "\r\n\r\n");
        assertEquals(204, response.status, response.head);
        assertTrue(upstream.requests.get(before).contains("\r\n" + header + "\r\n"), upstream.requests.get(before));
    }

    static Stream<String> traceHeaders() {
        return Stream.of("Authorization: Basic dXNlcjpwYXNz", "Cookie: session=abc");
    }

    private record Response(int status, String head, byte[] body) {}

    /** Writes the request and reads until the server closes: HEAD, 204 and 304 must leave nothing after the head. */
    private static Response send(String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), twice.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            byte[] all = readAll(s.getInputStream());
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            String head = text.substring(0, end + 4);
            byte[] rest = Arrays.copyOfRange(all, end + 4, all.length);
            if (head.toLowerCase(Locale.ROOT).contains("\r\ntransfer-encoding: chunked\r\n")) {
                rest = dechunk(rest);
            }
            return new Response(Integer.parseInt(head.substring(9, 12)), head, rest);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    private static byte[] dechunk(byte[] chunked) {
        String s = new String(chunked, StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (true) {
            int eol = s.indexOf("\r\n", i);
            int size = Integer.parseInt(s.substring(i, eol), 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(chunked, eol + 2, size);
            i = eol + 2 + size + 2;
        }
    }
}
