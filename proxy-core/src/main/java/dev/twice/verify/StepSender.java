package dev.twice.verify;

import dev.twice.capture.BodyCapture;
import dev.twice.capture.CaptureBudget;
import dev.twice.capture.CapturedBody;
import dev.twice.capture.Exchange;
import dev.twice.capture.Header;
import dev.twice.capture.Origin;
import dev.twice.proxy.VerificationMark;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sends a verification's requests through twice's own proxy port, marked as twice's: they reach
 * the upstream through the same client, headers and limits as any request, and are recorded as
 * {@code origin: verification}. Headers the HTTP client sets itself (framing, connection) are
 * rebuilt by it, not copied.
 */
final class StepSender {

    /** Set by the client or hop-by-hop: never copied from the recorded request. */
    private static final Set<String> REBUILT = Set.of(
            "host",
            "connection",
            "content-length",
            "transfer-encoding",
            "expect",
            "upgrade",
            "keep-alive",
            "te",
            "trailer",
            "proxy-connection",
            "http2-settings",
            "via",
            "x-forwarded-for",
            "x-forwarded-proto",
            "x-forwarded-host");

    private static final CaptureBudget UNBOUNDED = new CaptureBudget(Long.MAX_VALUE);

    private final HttpClient http;
    private final InetSocketAddress proxy;
    private final VerificationMark mark;
    private final Duration timeout;
    private final long maxBody;

    StepSender(InetSocketAddress proxy, VerificationMark mark, Duration timeout, long maxBody) {
        this.proxy = proxy;
        this.mark = mark;
        this.timeout = timeout;
        this.maxBody = maxBody;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    static boolean rebuilt(String name) {
        return REBUILT.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Sends one request; the answer as an exchange (for the analysis's comparison), or an IOException. */
    Exchange send(String method, String url, List<Header> headers, byte[] body) throws IOException {
        String host = proxy.getAddress() == null || proxy.getAddress().isAnyLocalAddress()
                ? "127.0.0.1"
                : proxy.getAddress().getHostAddress();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(
                        "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + proxy.getPort() + url))
                .timeout(timeout)
                .method(
                        method,
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Header h : headers) {
            if (!rebuilt(h.name())) {
                b.header(h.name(), h.value());
            }
        }
        b.header(VerificationMark.HEADER, mark.secret());
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IllegalArgumentException e) {
            throw new IOException("the recorded request cannot be sent again: " + e.getMessage(), e);
        }
        List<Header> responseHeaders = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : r.headers().map().entrySet()) {
            for (String v : e.getValue()) {
                responseHeaders.add(new Header(e.getKey(), v));
            }
        }
        return new Exchange(
                0,
                started,
                method,
                url,
                r.statusCode(),
                System.nanoTime() - t0,
                null,
                headers,
                capture(body),
                responseHeaders,
                capture(r.body()),
                Origin.VERIFICATION);
    }

    private CapturedBody capture(byte[] bytes) {
        BodyCapture c = new BodyCapture(maxBody, bytes.length, UNBOUNDED);
        c.update(bytes, 0, bytes.length);
        return c.finish();
    }
}
