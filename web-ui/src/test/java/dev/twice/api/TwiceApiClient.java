package dev.twice.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twice.Twice;
import dev.twice.config.FleetSettings;
import dev.twice.config.HostPort;
import dev.twice.config.TwiceConfig;
import dev.twice.config.Upstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Talks to a running twice the way a user does: HTTP to the proxy port, JSON from the dashboard port. */
final class TwiceApiClient {

    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Twice twice;

    /** A real twice on ephemeral loopback ports in front of {@code upstreamUrl}, recording into {@code db}. */
    static Twice start(String upstreamUrl, Path db, UnaryOperator<TwiceConfig.Builder> tweak) {
        return Twice.start(tweak.apply(TwiceConfig.builder()
                        .upstream(Upstream.parse(upstreamUrl))
                        .listen(HostPort.parse("127.0.0.1:0"))
                        .dashboard(HostPort.parse("127.0.0.1:0"))
                        .fleet(new FleetSettings(Optional.empty(), "test-instance", false))
                        .db(db))
                .build());
    }

    TwiceApiClient(Twice twice) {
        this.twice = twice;
    }

    HttpResponse<String> proxy(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + twice.proxyAddress().getPort() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> dashboard(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + twice.dashboardAddress().getPort() + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A POST to the dashboard port, with the headers given (the guard's Content-Type, Origin, ...). */
    HttpResponse<String> dashboardPost(String path, String body, String... headers) throws Exception {
        return dashboardSend("POST", path, body, headers);
    }

    /** Any method with a body to the dashboard port, with the headers given. */
    HttpResponse<String> dashboardSend(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + twice.dashboardAddress().getPort() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String path) throws Exception {
        HttpResponse<String> r = dashboard(path);
        if (r.statusCode() != 200) {
            throw new AssertionError(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return new ObjectMapper().readTree(r.body());
    }

    /** Recording is asynchronous: wait until the list holds {@code n} exchanges. */
    JsonNode awaitExchanges(int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode page = json("/api/exchanges?limit=500");
        while (page.get("items").size() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
            page = json("/api/exchanges?limit=500");
        }
        if (page.get("items").size() < n) {
            throw new AssertionError("expected " + n + " exchanges, got " + page);
        }
        return page;
    }
}
