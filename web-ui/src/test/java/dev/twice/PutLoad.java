package dev.twice;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Concurrent clients sending PUTs to a proxy port until each has sent its share or the proxy
 * goes away (a client stops at its first failed request). Counts the 200 answers.
 */
final class PutLoad implements AutoCloseable {

    final AtomicInteger ok = new AtomicInteger();
    private final ExecutorService clients;
    private final List<Future<?>> work = new ArrayList<>();

    private PutLoad(int clientCount) {
        clients = Executors.newFixedThreadPool(clientCount);
    }

    /** {@code body}: the body of each client's {@code i}th request. */
    static PutLoad start(int port, int clientCount, int perClient, IntFunction<String> body) {
        PutLoad load = new PutLoad(clientCount);
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int c = 0; c < clientCount; c++) {
            String path = "/c" + c;
            load.work.add(load.clients.submit(() -> {
                for (int i = 0; i < perClient; i++) {
                    try {
                        var r = http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                        .timeout(Duration.ofSeconds(10))
                                        .PUT(HttpRequest.BodyPublishers.ofString(body.apply(i)))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() == 200) {
                            load.ok.incrementAndGet();
                        }
                    } catch (Exception proxyGone) {
                        return null;
                    }
                }
                return null;
            }));
        }
        return load;
    }

    void awaitOk(int n) throws InterruptedException {
        while (ok.get() < n) {
            Thread.sleep(5);
        }
    }

    /** Waits for every client to finish: its share sent, or the proxy gone. */
    void awaitEnd() throws Exception {
        for (Future<?> f : work) {
            f.get(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        clients.shutdownNow();
    }
}
