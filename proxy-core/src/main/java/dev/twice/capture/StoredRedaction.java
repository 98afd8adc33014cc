package dev.twice.capture;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Masks secret query parameters and body fields of an exchange on its way to the disk. Runs on
 * the store's writer thread, not the proxy's I/O thread: parsing a body is too slow for the
 * request path. The body hashes stay those of the bodies as sent, so analysis still tells
 * different bodies apart. Compressed bodies are stored as sent, unmasked (best effort).
 */
public final class StoredRedaction implements UnaryOperator<Exchange> {

    private final SecretMask query;
    private final SecretMask fields;

    public StoredRedaction(SecretMask query, SecretMask fields) {
        this.query = query;
        this.fields = fields;
    }

    @Override
    public Exchange apply(Exchange e) {
        String url = query.maskQuery(e.url());
        CapturedBody request = mask(e.requestBody(), e.requestHeaders());
        CapturedBody response = e.responseBody() == null ? null : mask(e.responseBody(), e.responseHeaders());
        if (url.equals(e.url()) && request == e.requestBody() && response == e.responseBody()) {
            return e;
        }
        return new Exchange(e.id(), e.startedAt(), e.method(), url, e.status(), e.durationNanos(), e.error(),
                e.requestHeaders(), request, e.responseHeaders(), response);
    }

    private CapturedBody mask(CapturedBody body, List<Header> headers) {
        if (fields.isEmpty() || body.stored().length == 0) {
            return body;
        }
        String encoding = Header.first(headers, "Content-Encoding").orElse("identity").trim();
        if (!encoding.isEmpty() && !encoding.equalsIgnoreCase("identity")) {
            return body;
        }
        byte[] masked = fields.maskBody(body.stored(), Header.first(headers, "Content-Type").orElse(null));
        return masked == body.stored() ? body : new CapturedBody(body.size(), masked, body.sha256(), body.shed());
    }
}
