package dev.twice.proxy;

import dev.twice.capture.BodyCapture;
import dev.twice.capture.CapturedBody;
import dev.twice.capture.Exchange;
import dev.twice.capture.Header;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.xnio.IoUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One request on its way through: forwards it, relays the answer, and records what happened. */
final class ProxiedExchange {

    private static final int BUFFER = 16 * 1024;
    private static final String VIA = "1.1 twice";

    private final ForwardingHandler handler;
    private final HttpServerExchange exchange;
    private final Instant startedAt = Instant.now();
    private final long startNanos = System.nanoTime();
    private final String method;
    private final String url;
    private final boolean recording;
    private BodyCapture requestCapture;
    private BodyCapture responseCapture;
    private List<Header> responseHeaders;
    private Integer status;
    private String error;

    ProxiedExchange(ForwardingHandler handler, HttpServerExchange exchange) {
        this.handler = handler;
        this.exchange = exchange;
        this.method = exchange.getRequestMethod().toString();
        String query = exchange.getQueryString();
        this.url = RequestTarget.pathAndQuery(exchange.getRequestURI(), query);
        this.recording = handler.recorder().records(method);
    }

    void run() {
        HeaderMap in = exchange.getRequestHeaders();
        BasicClassicHttpRequest request = new BasicClassicHttpRequest(method, handler.target(),
                handler.basePath() + (url.equals("*") ? "" : url));
        HopByHopHeaders hop = HopByHopHeaders.of(valuesOf(in, Headers.CONNECTION));
        for (HeaderValues values : in) {
            String name = values.getHeaderName().toString();
            if (hop.drops(name) || isRecomputed(values.getHeaderName())) {
                continue;
            }
            for (String v : values) {
                request.addHeader(name, v);
            }
        }
        addForwardingHeaders(request, in);
        long length = exchange.getRequestContentLength();
        boolean hasBody = length >= 0 || in.contains(Headers.TRANSFER_ENCODING);
        if (recording) {
            requestCapture = new BodyCapture(handler.maxBody(), length);
        }
        ClientBodyStream body = null;
        if (hasBody) {
            body = new ClientBodyStream(exchange.getInputStream(), requestCapture);
            request.setEntity(new InputStreamEntity(body, length, null));
        }
        HttpClientContext context = HttpClientContext.create();
        context.setRequestConfig(handler.requestConfig(hasBody && in.contains(Headers.EXPECT)));
        ClassicHttpResponse response;
        try {
            response = handler.client().executeOpen(handler.target(), request, context);
        } catch (IOException e) {
            if (body != null && body.failed()) {
                error = "client_aborted";
                IoUtils.safeClose(exchange.getConnection());
            } else {
                if (body != null) {
                    body.drain();
                }
                failWith(UpstreamFailure.classify(e));
            }
            finish();
            return;
        }
        try {
            relay(response);
        } finally {
            IoUtils.safeClose(response);
            finish();
        }
    }

    private void relay(ClassicHttpResponse response) {
        status = response.getCode();
        exchange.setStatusCode(status);
        if (response.getReasonPhrase() != null) {
            exchange.setReasonPhrase(response.getReasonPhrase());
        }
        List<String> connection = new ArrayList<>();
        for (org.apache.hc.core5.http.Header h : response.getHeaders("Connection")) {
            connection.add(h.getValue());
        }
        HopByHopHeaders hop = HopByHopHeaders.of(connection);
        HeaderMap out = exchange.getResponseHeaders();
        org.apache.hc.core5.http.Header[] all = response.getHeaders();
        if (recording) {
            responseHeaders = new ArrayList<>(all.length);
        }
        for (org.apache.hc.core5.http.Header h : all) {
            if (recording) {
                responseHeaders.add(new Header(h.getName(), h.getValue()));
            }
            if (!hop.drops(h.getName())) {
                out.add(HttpString.tryFromString(h.getName()), h.getValue());
            }
        }
        HttpEntity entity = response.getEntity();
        if (recording) {
            responseCapture = new BodyCapture(handler.maxBody(), entity == null ? 0 : entity.getContentLength());
        }
        if (entity == null) {
            exchange.endExchange();
            return;
        }
        copyBody(entity);
    }

    private void copyBody(HttpEntity entity) {
        byte[] buffer = new byte[BUFFER];
        InputStream from;
        try {
            from = entity.getContent();
        } catch (IOException e) {
            abortClient("upstream_truncated");
            return;
        }
        OutputStream to = exchange.getOutputStream();
        while (true) {
            int n;
            try {
                n = from.read(buffer);
            } catch (IOException e) {
                // The head is already on its way: the client must see a broken message, not a short 200.
                abortClient(e instanceof java.net.SocketTimeoutException ? "upstream_timeout" : "upstream_truncated");
                return;
            }
            if (n < 0) {
                break;
            }
            if (responseCapture != null) {
                responseCapture.update(buffer, 0, n);
            }
            try {
                to.write(buffer, 0, n);
            } catch (IOException e) {
                error = "client_aborted";
                return;
            }
        }
        try {
            to.close();
        } catch (IOException e) {
            error = "client_aborted";
        }
    }

    private void abortClient(String reason) {
        error = reason;
        IoUtils.safeClose(exchange.getConnection());
    }

    private void failWith(UpstreamFailure failure) {
        status = failure.status();
        error = failure.error();
        if (exchange.isResponseStarted()) {
            IoUtils.safeClose(exchange.getConnection());
            return;
        }
        byte[] text = ("twice: " + failure.message() + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.setStatusCode(failure.status());
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.setResponseContentLength(text.length);
        try {
            exchange.getOutputStream().write(text);
            exchange.getOutputStream().close();
        } catch (IOException e) {
            error = failure.error() + ",client_aborted";
        }
    }

    private void finish() {
        if (!recording) {
            return;
        }
        List<Header> requestHeaders = new ArrayList<>();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            for (String v : values) {
                requestHeaders.add(new Header(values.getHeaderName().toString(), v));
            }
        }
        CapturedBody responseBody = responseHeaders == null ? null : responseCapture.finish();
        handler.recorder().record(new Exchange(0, startedAt, method, url, status, System.nanoTime() - startNanos,
                error, requestHeaders, requestCapture.finish(), responseHeaders, responseBody));
    }

    private void addForwardingHeaders(BasicClassicHttpRequest request, HeaderMap in) {
        InetSocketAddress peer = exchange.getSourceAddress();
        String peerAddress = peer == null ? "unknown" : peer.getAddress().getHostAddress();
        String priorFor = in.getFirst(Headers.X_FORWARDED_FOR);
        request.setHeader("X-Forwarded-For", priorFor == null ? peerAddress : priorFor + ", " + peerAddress);
        request.setHeader("X-Forwarded-Proto", exchange.getRequestScheme());
        String host = in.getFirst(Headers.HOST);
        if (host != null) {
            request.setHeader("X-Forwarded-Host", host);
        }
        String priorVia = in.getFirst(Headers.VIA);
        request.setHeader("Via", priorVia == null ? VIA : priorVia + ", " + VIA);
    }

    /** Headers the upstream client writes itself: the upstream's Host, the re-framed length, Expect. */
    private static boolean isRecomputed(HttpString name) {
        return name.equals(Headers.HOST) || name.equals(Headers.CONTENT_LENGTH) || name.equals(Headers.EXPECT)
                || name.equals(Headers.X_FORWARDED_FOR) || name.equals(Headers.X_FORWARDED_PROTO)
                || name.equals(Headers.X_FORWARDED_HOST) || name.equals(Headers.VIA);
    }

    private static List<String> valuesOf(HeaderMap map, HttpString name) {
        HeaderValues values = map.get(name);
        return values == null ? List.of() : values;
    }
}
