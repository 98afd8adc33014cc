package dev.twice.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.testing.FaultyUpstream;
import dev.twice.testing.FaultyUpstream.Reply;
import dev.twice.testing.FaultyUpstream.Then;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Property-based fuzzing of the request path (docs/reliability.md A15 and the hardening issue): valid
 * requests, sometimes pipelined, sometimes mutated by one byte, written in random pieces. Whatever
 * arrives, twice answers or closes, never hangs, never forwards a message the upstream cannot
 * frame strictly, and its heap does not grow with the number of tries. Inputs come from a seeded
 * generator, so the build is repeatable and a failure names the try that reproduces it; a longer
 * run: {@code mvn -B verify -pl proxy-core -am -Dtest=RequestFuzzTest -Dfuzz.tries=20000
 * -Dsurefire.failIfNoSpecifiedTests=false} (and {@code -Dfuzz.seed=} for other inputs).
 */
class RequestFuzzTest {

    private static final long SEED = Long.getLong("fuzz.seed", 20261125L);
    private static final int TRIES = Integer.getInteger("fuzz.tries", 400);
    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");

    private static Path dir;
    private static FaultyUpstream upstream;
    private static TwiceUnderTest twice;
    private static long heapBefore;

    /** One generated conversation: the requests' bytes, the mutation applied, and where the writes split. */
    record Input(List<byte[]> requests, Mutation mutation, List<Integer> cuts) {
        byte[] bytes() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            requests.forEach(all::writeBytes);
            return mutation.apply(all.toByteArray());
        }

        @Override
        public String toString() {
            return mutation + " cuts=" + cuts + "\n"
                    + new String(bytes(), StandardCharsets.ISO_8859_1)
                            .replace("\r", "\\r")
                            .replace("\n", "\\n\n");
        }
    }

    /** At most one byte changed: none, flipped, deleted or inserted, at a position taken modulo the length. */
    record Mutation(String kind, int position, byte value) {
        byte[] apply(byte[] in) {
            if (kind.equals("none") || in.length == 0) {
                return in;
            }
            int p = Math.floorMod(position, in.length);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(in, 0, p);
            switch (kind) {
                case "flip" -> out.write(value);
                case "insert" -> {
                    out.write(value);
                    out.write(in[p]);
                }
                default -> {} // delete
            }
            out.write(in, p + 1, in.length - p - 1);
            return out.toByteArray();
        }

        boolean changes() {
            return !kind.equals("none");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("twice-fuzz");
        upstream = new FaultyUpstream(n -> Reply.of("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", Then.KEEP_ALIVE));
        twice = new TwiceUnderTest(upstream.url(), dir.resolve("fuzz.db"));
        heapBefore = usedHeapAfterGc();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            long growth = usedHeapAfterGc() - heapBefore;
            assertTrue(growth < (64L << 20), "heap grew by " + (growth >> 20) + " MiB over the run");
            assertEquals(200, twice.send("PUT", "/still-alive", "x").statusCode(), "twice still serves");
            assertTrue(upstream.malformed.isEmpty(), "the upstream saw: " + upstream.malformed);
        } finally {
            twice.close();
            upstream.close();
        }
    }

    @Test
    void everyConversationEndsAndForwardsOnlyWellFramedMessages() throws Exception {
        Random random = new Random(SEED);
        for (int i = 1; i <= TRIES; i++) {
            Input input = conversation(random);
            try {
                converseAndCheck(input);
            } catch (AssertionError | IOException e) {
                throw new AssertionError(
                        "try " + i + " of seed " + SEED + " failed: " + e.getMessage() + "\n" + input, e);
            }
        }
    }

    private static void converseAndCheck(Input input) throws IOException {
        int malformedBefore = upstream.malformed.size();
        byte[] bytes = input.bytes();
        String answer = converse(bytes, input.cuts());
        List<Integer> statuses = new ArrayList<>();
        Matcher m = STATUS.matcher(answer);
        while (m.find()) {
            statuses.add(Integer.parseInt(m.group(1)));
        }
        if (!input.mutation().changes()) {
            assertEquals(input.requests().size(), statuses.size(), "one answer per valid request: " + answer);
            statuses.forEach(s -> assertEquals(200, s, answer));
        }
        for (int s : statuses) {
            assertTrue(s == 200 || (s >= 400 && s < 600), "status " + s);
        }
        assertEquals(malformedBefore, upstream.malformed.size(), () -> "forwarded: " + upstream.malformed);
    }

    private static final String[] KINDS = {"none", "none", "flip", "delete", "insert"};
    private static final byte[] VALUES = {0, '\r', '\n', ' ', ':', ';', '0', 'f', 'Z', 0x7f, (byte) 0xff};
    private static final String[] METHODS = {"PUT", "POST", "GET", "DELETE", "PATCH"};

    /** One to three requests, at most one byte changed, written in up to twelve pieces of 1-64 bytes. */
    private static Input conversation(Random r) {
        List<byte[]> requests = new ArrayList<>();
        for (int n = 1 + r.nextInt(3); n > 0; n--) {
            requests.add(request(r));
        }
        Mutation mutation = new Mutation(
                KINDS[r.nextInt(KINDS.length)], r.nextInt(Integer.MAX_VALUE), VALUES[r.nextInt(VALUES.length)]);
        return new Input(requests, mutation, ints(r, 0, 12, 1, 64));
    }

    /** A method, a path of URL characters, up to four X- headers, a body of up to 3,000 bytes, sized or chunked. */
    private static byte[] request(Random r) {
        String path = text(r, r.nextInt(25), "abcdefghijklmnopqrstuvwxyz/-.=?&");
        List<String> headers = new ArrayList<>();
        for (int n = r.nextInt(5); n > 0; n--) {
            String name = text(r, 1 + r.nextInt(12), "ABCDEFGHIJKLMNOPQRSTUVWXYZ-");
            StringBuilder value = new StringBuilder();
            for (int k = r.nextInt(41); k > 0; k--) {
                value.append((char) (' ' + r.nextInt('~' - ' ' + 1)));
            }
            headers.add("X-" + name + ": " + value.toString().strip());
        }
        byte[] body = new byte[r.nextInt(4) == 0 ? 0 : r.nextInt(3001)];
        r.nextBytes(body);
        return frame(METHODS[r.nextInt(METHODS.length)], path, headers, body, r.nextBoolean(), ints(r, 1, 6, 1, 700));
    }

    private static String text(Random r, int length, String alphabet) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    /** Between {@code min} and {@code max} numbers, each from {@code from} to {@code to}. */
    private static List<Integer> ints(Random r, int min, int max, int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int n = min + r.nextInt(max - min + 1); n > 0; n--) {
            out.add(from + r.nextInt(to - from + 1));
        }
        return out;
    }

    private static byte[] frame(
            String method, String path, List<String> headers, byte[] body, boolean chunked, List<Integer> chunkSizes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder(method).append(" /").append(path).append(" HTTP/1.1\r\nHost: fuzz\r\n");
        headers.forEach(h -> head.append(h).append("\r\n"));
        head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n")
                .append("\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!chunked) {
            out.writeBytes(body);
            return out.toByteArray();
        }
        int at = 0;
        for (int i = 0; at < body.length; i++) {
            int n = Math.min(chunkSizes.get(i % chunkSizes.size()), body.length - at);
            out.writeBytes((Integer.toHexString(n) + (i % 3 == 1 ? ";ext=" + i : "") + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, at, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            at += n;
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /**
     * Writes {@code bytes} in pieces, then half-closes: whatever twice decides must come within
     * the read timeout, or the conversation hung.
     */
    private static String converse(byte[] bytes, List<Integer> cuts) throws IOException {
        try (Socket s = new Socket("127.0.0.1", twice.port())) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            int at = 0;
            try {
                for (int i = 0; at < bytes.length; i++) {
                    int n = cuts.isEmpty() ? bytes.length : Math.min(cuts.get(i % cuts.size()), bytes.length - at);
                    out.write(bytes, at, n);
                    out.flush();
                    at += n;
                }
                s.shutdownOutput();
            } catch (SocketException refused) {
                // twice closed early (it rejected what it had seen); what it said is still readable
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    answer.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("twice neither answered nor closed within 5 s; it sent: "
                        + answer.toString(StandardCharsets.ISO_8859_1));
            } catch (SocketException reset) {
                // closed with a reset after a rejection: an end all the same
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
