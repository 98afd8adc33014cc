package dev.twice.store;

import dev.twice.capture.Header;
import java.util.ArrayList;
import java.util.List;

/**
 * Header lists as one TEXT column: {@code name: value} lines. A parsed header can hold neither CR
 * nor LF, so a newline is a safe separator; order and duplicates survive.
 */
final class HeaderCodec {

    private HeaderCodec() {}

    static String encode(List<Header> headers) {
        StringBuilder sb = new StringBuilder(headers.size() * 32);
        for (Header h : headers) {
            sb.append(h.name())
                    .append(": ")
                    .append(h.value().replace('\n', ' ').replace('\r', ' '))
                    .append('\n');
        }
        return sb.toString();
    }

    static List<Header> decode(String text) {
        List<Header> out = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            int colon = text.indexOf(": ", start);
            if (colon > start && colon < end) {
                out.add(new Header(text.substring(start, colon), text.substring(colon + 2, end)));
            }
            start = end + 1;
        }
        return out;
    }
}
