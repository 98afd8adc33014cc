package dev.twice.capture;

import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BodyCaptureTest {

    @Test
    void aBodyWithinTheLimitIsKeptWholeWhateverTheChunking() throws Exception {
        byte[] body = "hello, recorded world".getBytes();
        for (int chunk = 1; chunk <= body.length; chunk++) {
            BodyCapture c = new BodyCapture(1024, -1);
            for (int off = 0; off < body.length; off += chunk) {
                c.update(body, off, Math.min(chunk, body.length - off));
            }
            CapturedBody b = c.finish();
            assertArrayEquals(body, b.stored());
            assertEquals(body.length, b.size());
            assertFalse(b.truncated());
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(body), b.sha256());
        }
    }

    @Test
    void pastTheLimitTheFirstBytesAreKeptAndTheWholeIsHashed() throws Exception {
        byte[] body = new byte[100_000];
        Arrays.fill(body, (byte) 'x');
        body[99_999] = 'y';
        BodyCapture c = new BodyCapture(1000, body.length);
        c.update(body, 0, 40_000);
        c.update(body, 40_000, 60_000);
        CapturedBody b = c.finish();
        assertEquals(1000, b.stored().length);
        assertEquals(100_000, b.size());
        assertTrue(b.truncated());
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(body), b.sha256());
    }

    @Test
    void bodiesThatDifferOnlyPastTheCutHashDifferently() {
        byte[] a = new byte[5000];
        byte[] b = a.clone();
        b[4999] = 1;
        assertFalse(Arrays.equals(capture(a, 100).sha256(), capture(b, 100).sha256()));
        assertArrayEquals(capture(a, 100).stored(), capture(b, 100).stored());
    }

    @Test
    void aBodyWithoutItsBytesKeepsSizeAndHashAndIsMarkedShed() {
        CapturedBody b = capture(new byte[300], 1000).withoutBytes();
        assertEquals(300, b.size());
        assertEquals(0, b.stored().length);
        assertTrue(b.shed());
        assertTrue(b.truncated());
    }

    @Test
    void redactionReplacesValuesOfListedHeadersInAnyCaseAndKeepsOrder() {
        HeaderRedactor r = new HeaderRedactor(Set.of("Authorization", "X-Api-Key"));
        List<Header> out = r.redact(List.of(new Header("authorization", "Bearer t"), new Header("Accept", "*/*"),
                new Header("X-API-KEY", "k")));
        assertEquals(List.of(new Header("authorization", "[redacted]"), new Header("Accept", "*/*"),
                new Header("X-API-KEY", "[redacted]")), out);
    }

    private static CapturedBody capture(byte[] body, int limit) {
        BodyCapture c = new BodyCapture(limit, -1);
        c.update(body, 0, body.length);
        return c.finish();
    }
}
