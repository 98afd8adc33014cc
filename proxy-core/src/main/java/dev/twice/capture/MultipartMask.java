package dev.twice.capture;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code multipart/form-data} (RFC 7578): a part whose {@code name} is secret has its content
 * masked; any other part is masked as a body of its own (JSON or form inside a part). In place,
 * keeping the length. Pure.
 */
final class MultipartMask {

    private static final Pattern BOUNDARY =
            Pattern.compile("boundary=(\"([^\"]+)\"|([^;\\s]+))", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("(?i)content-disposition:[^\\r\\n]*?\\bname=\"([^\"]*)\"");
    private static final Pattern TYPE = Pattern.compile("(?i)content-type:\\s*([^\\r\\n]*)");

    private static final int MAX_HEAD = 4096;

    private MultipartMask() {}

    static boolean mask(
            byte[] b, int from, int to, String lowerType, String contentType, SecretMask mask, SecretNames names) {
        Matcher bm = BOUNDARY.matcher(contentType);
        if (!bm.find()) {
            return LenientPairMask.mask(b, from, to, names); // no boundary: at least the pairs
        }
        byte[] delimiter =
                ("--" + (bm.group(2) != null ? bm.group(2) : bm.group(3))).getBytes(StandardCharsets.ISO_8859_1);
        boolean masked = false;
        int at = indexOf(b, delimiter, from, to);
        while (at >= 0) {
            int headStart = at + delimiter.length;
            int next = indexOf(b, delimiter, headStart, to);
            int partEnd = next < 0 ? to : next;
            int headEnd = indexOf(b, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headStart, partEnd);
            if (headEnd < 0) {
                break;
            }
            int contentStart = headEnd + 4;
            int contentEnd = next < 0 ? to : Math.max(contentStart, next - 2); // the CRLF before the delimiter
            // A part's head is a few short lines; a capped length keeps the searches below linear.
            String head =
                    new String(b, headStart, Math.min(headEnd - headStart, MAX_HEAD), StandardCharsets.ISO_8859_1);
            Matcher name = NAME.matcher(head);
            if (name.find() && names.matches(name.group(1))) {
                for (int i = contentStart; i < contentEnd; i++) {
                    b[i] = '*';
                }
                masked |= contentEnd > contentStart;
            } else {
                Matcher type = TYPE.matcher(head);
                masked |= mask.maskInPlace(
                        b,
                        contentStart,
                        contentEnd,
                        type.find() ? type.group(1).trim() : null); // as sent: a boundary is case-sensitive
            }
            at = next;
        }
        return masked;
    }

    private static int indexOf(byte[] b, byte[] needle, int from, int to) {
        outer:
        for (int i = from; i + needle.length <= to; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (b[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
