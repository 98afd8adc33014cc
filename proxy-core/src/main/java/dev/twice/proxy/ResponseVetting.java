package dev.twice.proxy;

import java.util.Optional;
import org.apache.hc.core5.http.Header;

/**
 * What twice refuses to relay from an upstream's response head (RFC 9112 §6.3: a proxy that
 * receives an invalid message MUST answer 502). HttpCore's parser already refuses bad status
 * lines, over-long lines and too many headers; it accepts the rest, so twice checks them here.
 * Pure: headers in, a reason out.
 */
final class ResponseVetting {

    private ResponseVetting() {}

    static Optional<String> problem(Header[] headers) {
        boolean length = false;
        boolean chunked = false;
        for (Header h : headers) {
            String name = h.getName();
            if (!HeaderSyntax.isToken(name)) {
                return Optional.of("malformed header name");
            }
            String value = h.getValue();
            if (value != null) {
                for (int i = 0; i < value.length(); i++) {
                    if (!HeaderSyntax.isFieldByte(value.charAt(i))) {
                        return Optional.of("control character in header " + name);
                    }
                }
            }
            length |= name.equalsIgnoreCase("Content-Length");
            chunked |= name.equalsIgnoreCase("Transfer-Encoding");
        }
        if (length && chunked) {
            return Optional.of("both Content-Length and Transfer-Encoding");
        }
        return Optional.empty();
    }
}
