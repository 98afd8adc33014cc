package dev.twice.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;

/**
 * Sends sample traffic through the proxy so a newcomer sees exchanges and findings at once: one
 * round against every correct and broken endpoint right away, then a round every few seconds
 * with fresh ids, until twice stops. One owned thread, no queue.
 */
public final class DemoTraffic implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DemoTraffic.class.getName());
    static final Duration PAUSE = Duration.ofSeconds(5);

    private final String proxy;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final Thread thread;
    private volatile boolean stopped;

    private DemoTraffic(String proxy) {
        this.proxy = proxy;
        this.thread = new Thread(this::run, "twice-demo-traffic");
        this.thread.setDaemon(true);
    }

    public static DemoTraffic start(String proxyBaseUrl) {
        DemoTraffic t = new DemoTraffic(proxyBaseUrl);
        t.thread.start();
        return t;
    }

    private void run() {
        while (!stopped) {
            try {
                round();
                Thread.sleep(PAUSE.toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (!stopped) {
                    LOG.fine("demo traffic: " + e.getMessage());
                }
            }
        }
    }

    /**
     * Each pair of calls below is a repeat or a retry; only the /broken/ endpoints misbehave. The
     * same ids every round, so later rounds extend the findings of the first instead of adding more.
     */
    private void round() throws Exception {
        int n = 1;
        for (String prefix : List.of("", "/broken")) {
            String user = prefix + "/users/" + n;
            send("PUT", user, "{\"name\":\"Ada\"}");
            send("PUT", user, "{\"name\":\"Ada\"}");

            String counter = prefix + "/counters/" + n;
            send("PUT", counter, "42");
            send("GET", counter, null);
            send("PUT", counter, "42");
            send("GET", counter, null);

            String key = "demo-" + n + prefix.replace('/', '-');
            for (String attempt : new String[] {"1", "2"}) { // as Envoy retries: the same key, a new attempt count
                send(
                        "POST",
                        prefix + "/orders",
                        "{\"item\":\"book\"}",
                        "Idempotency-Key",
                        key,
                        "x-envoy-attempt-count",
                        attempt);
            }
            send("POST", prefix + "/orders", "{\"item\":\"pen\"}", "Idempotency-Key", key);
            if (!prefix.isEmpty()) {
                send("POST", prefix + "/orders", "{\"item\":\"lamp " + n + "\"}");
                send("POST", prefix + "/orders", "{\"item\":\"lamp " + n + "\"}");
            }
        }
    }

    private void send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(proxy + path))
                .timeout(Duration.ofSeconds(5))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        http.send(b.build(), HttpResponse.BodyHandlers.discarding());
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
