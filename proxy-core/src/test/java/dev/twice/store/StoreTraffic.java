package dev.twice.store;

import dev.twice.capture.BodyCapture;
import dev.twice.capture.CaptureBudget;
import dev.twice.capture.CapturedBody;
import dev.twice.capture.Exchange;
import dev.twice.capture.Header;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;

/** Exchanges as the store tests offer them, and waiting for the writer, which is asynchronous by design. */
final class StoreTraffic {

    static final CaptureBudget UNLIMITED = new CaptureBudget(Long.MAX_VALUE);

    private StoreTraffic() {}

    static CapturedBody body(byte[] bytes) {
        BodyCapture c = new BodyCapture(1 << 20, bytes.length, UNLIMITED);
        c.update(bytes, 0, bytes.length);
        return c.finish();
    }

    static CapturedBody text(String s) {
        return body(s.getBytes(StandardCharsets.UTF_8));
    }

    static CapturedBody random(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return body(bytes);
    }

    static Exchange exchange(long id, Instant at, String method, String url, Integer status, String requestBody) {
        return new Exchange(
                id,
                at,
                method,
                url,
                status,
                1_500_000,
                null,
                List.of(new Header("Content-Type", "application/json")),
                text(requestBody),
                List.of(new Header("Content-Type", "application/json")),
                text("{\"ok\":" + id + "}"));
    }

    static Exchange sized(long id, Instant at, int bodySize) {
        CapturedBody body = random(id, bodySize);
        return new Exchange(id, at, "PUT", "/x/" + id, 200, 1000, null, List.of(), body, List.of(), body);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                StringBuilder threads = new StringBuilder();
                Thread.getAllStackTraces().forEach((t, stack) -> {
                    if (t.getName().startsWith("twice-")) {
                        threads.append("\n").append(t.getName());
                        for (StackTraceElement e : stack) {
                            threads.append("\n  at ").append(e);
                        }
                    }
                });
                throw new AssertionError("never happened: " + what + "; twice's threads:" + threads);
            }
            Thread.sleep(10);
        }
    }

    static void awaitRecorded(Store store, long n) throws InterruptedException {
        try {
            await(n + " recorded", () -> store.stats().recorded() >= n);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nstats: " + store.stats(), e);
        }
    }
}
