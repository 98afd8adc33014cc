package dev.twice.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BodyCaptureTest {

    private static final CaptureBudget UNLIMITED = new CaptureBudget(Long.MAX_VALUE);

    @Test
    void aBodyWithinTheLimitIsKeptWholeWhateverTheChunking() throws Exception {
        byte[] body = "hello, recorded world".getBytes();
        for (int chunk = 1; chunk <= body.length; chunk++) {
            BodyCapture c = new BodyCapture(1024, -1, UNLIMITED);
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
        BodyCapture c = new BodyCapture(1000, body.length, UNLIMITED);
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
        List<Header> out = r.redact(List.of(
                new Header("authorization", "Bearer t"), new Header("Accept", "*/*"), new Header("X-API-KEY", "k")));
        assertEquals(
                List.of(
                        new Header("authorization", "[redacted]"),
                        new Header("Accept", "*/*"),
                        new Header("X-API-KEY", "[redacted]")),
                out);
    }

    private static CapturedBody capture(byte[] body, int limit) {
        BodyCapture c = new BodyCapture(limit, -1, UNLIMITED);
        c.update(body, 0, body.length);
        return c.finish();
    }

    @Test
    void capturesShareOneBudgetAndOneThatCannotGrowKeepsWhatItHasButHashesAll() throws Exception {
        CaptureBudget budget = new CaptureBudget(100);
        BodyCapture first = new BodyCapture(1000, 80, budget);
        BodyCapture second = new BodyCapture(1000, -1, budget); // 8 KiB first buffer: over what is left
        byte[] body = new byte[80];
        Arrays.fill(body, (byte) 'x');
        first.update(body, 0, body.length);
        second.update(body, 0, body.length);
        CapturedBody kept = first.finish();
        CapturedBody starved = second.finish();
        assertEquals(80, kept.stored().length);
        assertEquals(0, starved.stored().length, "nothing left in the budget for the second");
        assertTrue(starved.truncated());
        assertEquals(80, starved.size());
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(body), starved.sha256(), "hashed whole");
        assertEquals(0, budget.reserved(), "finishing gives the budget back");
    }

    @Test
    void aCaptureThatGrowsPastTheBudgetStopsAtWhatItHas() {
        CaptureBudget budget = new CaptureBudget(10_000);
        BodyCapture c = new BodyCapture(1 << 20, -1, budget);
        byte[] chunk = new byte[4096];
        for (int i = 0; i < 10; i++) {
            c.update(chunk, 0, chunk.length);
        }
        CapturedBody b = c.finish();
        assertEquals(8192, b.stored().length, "kept its first buffer, could not double it");
        assertEquals(40960, b.size());
        assertEquals(0, budget.reserved());
    }

    @Test
    void aDiscardedCaptureGivesItsShareBackAndStoresNothingMore() {
        CaptureBudget budget = new CaptureBudget(1 << 20);
        BodyCapture c = new BodyCapture(1 << 20, 1000, budget);
        c.discard();
        assertEquals(0, budget.reserved());
        c.update(new byte[5000], 0, 5000);
        assertEquals(0, budget.reserved(), "a late update cannot take budget again");
    }
}
