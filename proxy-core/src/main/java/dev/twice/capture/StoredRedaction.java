package dev.twice.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Masks secret query parameters and body fields of an exchange on its way to the disk. Runs on
 * the store's writer thread, not the proxy's I/O thread: parsing a body is too slow for the
 * request path. The body hashes stay those of the bodies as sent, so analysis still tells
 * different bodies apart. A compressed body is decoded to be looked at; if it held a secret, its
 * masked content is stored decoded ({@link CapturedBody.Form}); a body in an encoding twice cannot
 * decode is stored without its bytes, never as it is (docs/security.md, "What is masked").
 */
public final class StoredRedaction implements UnaryOperator<Exchange> {

    /** Masks nothing: for a store with no redaction configured. */
    public static final StoredRedaction NONE =
            new StoredRedaction(new SecretMask(List.of()), new SecretMask(List.of()), ContentDecoder.MAX_DECODED);

    private final SecretMask query;
    private final SecretMask fields;
    private final int maxDecoded;

    /** {@code maxDecoded}: at most this much of a compressed body's content is decoded and kept (--max-body). */
    public StoredRedaction(SecretMask query, SecretMask fields, long maxDecoded) {
        this.query = query;
        this.fields = fields;
        this.maxDecoded = (int) Math.min(maxDecoded, ContentDecoder.MAX_DECODED);
    }

    /** A write kept as a mark has only its URL to mask. */
    public WriteMark apply(WriteMark m) {
        String url = query.maskQuery(m.url());
        return url.equals(m.url()) ? m : new WriteMark(m.id(), m.startedAt(), m.method(), url, m.status());
    }

    @Override
    public Exchange apply(Exchange e) {
        String url = query.maskQuery(e.url());
        CapturedBody request = mask(e.requestBody(), e.requestHeaders());
        CapturedBody response = e.responseBody() == null ? null : mask(e.responseBody(), e.responseHeaders());
        if (url.equals(e.url()) && request == e.requestBody() && response == e.responseBody()) {
            return e;
        }
        return new Exchange(
                e.id(),
                e.startedAt(),
                e.method(),
                url,
                e.status(),
                e.durationNanos(),
                e.error(),
                e.requestHeaders(),
                request,
                e.responseHeaders(),
                response,
                e.origin());
    }

    private CapturedBody mask(CapturedBody body, List<Header> headers) {
        if (fields.isEmpty() || body.stored().length == 0) {
            return body;
        }
        String type = Header.first(headers, "Content-Type").orElse(null);
        List<String> codings = codings(headers);
        if (codings.isEmpty()) {
            byte[] masked = fields.maskBody(body.stored(), type);
            return masked == body.stored() ? body : new CapturedBody(body.size(), masked, body.sha256(), body.shed());
        }
        var decoded = ContentDecoder.decode(body.stored(), String.join(",", codings), maxDecoded);
        if (decoded.isEmpty()) {
            return body.withoutBytes(); // cannot be read, so cannot be known free of secrets
        }
        byte[] content = decoded.get();
        byte[] masked = fields.maskBody(content, type);
        if (masked == content) {
            return body; // nothing secret inside: keep the bytes as they were sent
        }
        boolean cut = body.truncated() || content.length >= maxDecoded;
        return new CapturedBody(
                body.size(),
                masked,
                body.sha256(),
                body.shed(),
                cut ? CapturedBody.Form.DECODED_FROM_CUT : CapturedBody.Form.DECODED);
    }

    /** The content codings applied, without {@code identity} (which may be listed, even twice). */
    static List<String> codings(List<Header> headers) {
        List<String> out = new ArrayList<>();
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase("Content-Encoding")) {
                for (String c : h.value().split(",")) {
                    String coding = c.trim().toLowerCase(Locale.ROOT);
                    if (!coding.isEmpty() && !coding.equals("identity")) {
                        out.add(coding);
                    }
                }
            }
        }
        return out;
    }
}
