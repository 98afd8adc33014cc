package dev.twice;

import dev.twice.store.SqliteStore;
import dev.twice.store.StoreOptions;
import dev.twice.testing.TestUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real twice process stopped with SIGTERM under load: every answered request is in the db, exit status 0. */
class SigtermTest {

    @TempDir
    Path dir;

    @Test
    void sigtermUnderLoadAnswersAndRecordsEveryAcceptedRequestThenExitsZero() throws Exception {
        Path db = dir.resolve("t.db");
        try (var upstream = new TestUpstream((ex, body) -> {
            Thread.sleep(20);
            ex.getResponseSender().send("ok");
        })) {
            TwiceProcess started = TwiceProcess.start(upstream.url(), db, dir.resolve("stderr.txt"));
            Process twice = started.process;
            int port = started.proxyPort;
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            AtomicInteger answered = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(16);
            List<Future<?>> work = new ArrayList<>();
            for (int c = 0; c < 16; c++) {
                work.add(clients.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        try {
                            var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/x"))
                                    .timeout(Duration.ofSeconds(10))
                                    .PUT(HttpRequest.BodyPublishers.ofString("b" + i)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) {
                                answered.incrementAndGet();
                            }
                        } catch (Exception stopped) {
                            return null;
                        }
                    }
                    return null;
                }));
            }
            while (answered.get() < 100) {
                Thread.sleep(5);
            }
            twice.destroy(); // SIGTERM
            assertTrue(twice.waitFor(30, TimeUnit.SECONDS), "twice did not stop");
            for (Future<?> f : work) {
                f.get(30, TimeUnit.SECONDS);
            }
            clients.shutdown();
            assertEquals(0, twice.exitValue());
            try (SqliteStore store = SqliteStore.open(db, StoreOptions.of(16).withBodyBudget(1 << 20))) {
                assertEquals(answered.get(), store.queries().count());
            }
        }
    }
}
