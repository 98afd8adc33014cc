package dev.twice.store;

import dev.twice.capture.CapturedBody;
import dev.twice.capture.ContentDecoder;
import dev.twice.capture.Exchange;
import dev.twice.capture.Header;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Whether an exchange contains a text, whatever the case: in its URL, a header line ({@code
 * Name: value}) or a body, decoded from its Content-Encoding and read as UTF-8 (a binary body's
 * text runs match too). What the store holds is what is searched: masked and redacted values are
 * searched as masked, so a search can never tell a secret's value.
 */
final class TextMatch {

    /** A compressed body is searched up to this many decoded bytes. */
    static final int MAX_DECODED = 4 << 20;

    private final String needle;

    TextMatch(String text) {
        this.needle = text.toLowerCase(Locale.ROOT);
    }

    boolean matches(Exchange e) {
        return has(e.url())
                || inHeaders(e.requestHeaders())
                || inBody(e.requestBody(), e.requestHeaders())
                || (e.hasResponse()
                        && (inHeaders(e.responseHeaders()) || inBody(e.responseBody(), e.responseHeaders())));
    }

    private boolean has(String text) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(needle);
    }

    private boolean inHeaders(List<Header> headers) {
        for (Header h : headers) {
            if (has(h.name() + ": " + h.value())) {
                return true;
            }
        }
        return false;
    }

    private boolean inBody(CapturedBody body, List<Header> headers) {
        byte[] bytes = body.stored();
        if (bytes.length == 0) {
            return false;
        }
        String encoding = Header.first(headers, "Content-Encoding").orElse(null);
        if (encoding != null && !body.form().decoded()) {
            bytes = ContentDecoder.decode(bytes, encoding, MAX_DECODED).orElse(bytes);
        }
        return has(new String(bytes, StandardCharsets.UTF_8));
    }
}
