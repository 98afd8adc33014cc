package dev.twice.capture;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Masks the values of named secret fields in stored bodies and URLs: JSON fields at any depth,
 * form and query parameters. Best effort by design: compressed, binary and otherwise encoded
 * bodies are left as they are. Masks keep the length (and JSON stays valid), so the stored size,
 * the truncation flag and the SHA-256 of the original body keep their meaning. Pure.
 */
public final class SecretMask {

    private static final JsonFactory JSON = new JsonFactory();

    private final Set<String> names;
    private final byte[][] needles;

    /** {@code names}: field and parameter names, matched without regard to case. */
    public SecretMask(Collection<String> names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(names);
        this.names = set;
        this.needles = set.stream().map(n -> n.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII))
                .toArray(byte[][]::new);
    }

    public boolean isEmpty() {
        return names.isEmpty();
    }

    /** The URL with the values of secret query parameters masked; the path is never touched. */
    public String maskQuery(String url) {
        int q = url.indexOf('?');
        if (q < 0 || names.isEmpty()) {
            return url;
        }
        byte[] bytes = url.getBytes(StandardCharsets.ISO_8859_1);
        return maskForm(bytes, q + 1) ? new String(bytes, StandardCharsets.ISO_8859_1) : url;
    }

    /**
     * {@code body} with its secret fields masked, or {@code body} itself when there is nothing to
     * mask; {@code contentType} picks JSON or form parsing, anything else is left alone.
     */
    public byte[] maskBody(byte[] body, String contentType) {
        if (names.isEmpty() || body.length == 0 || contentType == null) {
            return body;
        }
        String type = contentType.toLowerCase(java.util.Locale.ROOT);
        boolean json = type.startsWith("application/json") || type.contains("+json");
        boolean form = type.startsWith("application/x-www-form-urlencoded");
        if (!(json || form) || !mentionsAName(body)) {
            return body;
        }
        byte[] copy = body.clone();
        if (json) {
            maskJson(copy);
        } else {
            maskForm(copy, 0);
        }
        return copy;
    }

    /** One pass over the bytes before any parsing: most bodies name no secret field at all. */
    private boolean mentionsAName(byte[] body) {
        for (byte[] needle : needles) {
            outer:
            for (int i = 0; i + needle.length <= body.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    int b = body[i + j];
                    if ((b >= 'A' && b <= 'Z' ? b + 32 : b) != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
        }
        return false;
    }

    private void maskJson(byte[] body) {
        long pending = -1; // where the value of a secret field starts, while it is being read
        try (JsonParser p = JSON.createParser(body)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.FIELD_NAME || !names.contains(p.currentName())) {
                    continue;
                }
                pending = p.currentLocation().getByteOffset();
                JsonToken v = p.nextToken();
                int start = (int) p.currentTokenLocation().getByteOffset();
                if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                    p.skipChildren();
                } else if (v == JsonToken.VALUE_STRING) {
                    p.getTextLength(); // reads the string to its closing quote
                }
                int end = (int) p.currentLocation().getByteOffset();
                pending = -1;
                maskValue(body, start, end, v == JsonToken.VALUE_STRING);
            }
        } catch (IOException truncatedOrInvalid) {
            if (pending >= 0) {
                // A body cut at --max-body inside a secret value: mask everything after the field.
                for (int i = (int) pending; i < body.length; i++) {
                    if (body[i] != ':' && body[i] != ' ') {
                        body[i] = '*';
                    }
                }
            }
        }
    }

    private static void maskValue(byte[] body, int start, int end, boolean string) {
        end = Math.min(end, body.length);
        if (start < 0 || end <= start) {
            return;
        }
        if (string) {
            // Up to the closing quote, or to the end of a body cut inside the string.
            int stop = end - 1 > start && body[end - 1] == '"' ? end - 1 : body.length;
            for (int i = start + 1; i < stop; i++) {
                body[i] = '*';
            }
            return;
        }
        // Numbers, booleans, objects, arrays: a JSON literal of the same length.
        byte[] literal = (end - start >= 4 ? "null" : "0").getBytes(StandardCharsets.US_ASCII);
        for (int i = start; i < end; i++) {
            int k = i - start;
            body[i] = k < literal.length ? literal[k] : (byte) ' ';
        }
    }

    /** Masks {@code name=value} pairs from {@code from} on; true when something was masked. */
    private boolean maskForm(byte[] bytes, int from) {
        boolean masked = false;
        int i = from;
        while (i < bytes.length) {
            int amp = indexOf(bytes, (byte) '&', i);
            int end = amp < 0 ? bytes.length : amp;
            int eq = indexOf(bytes, (byte) '=', i);
            if (eq >= 0 && eq < end) {
                String name = decode(new String(bytes, i, eq - i, StandardCharsets.ISO_8859_1));
                if (names.contains(name)) {
                    for (int k = eq + 1; k < end; k++) {
                        bytes[k] = '*';
                    }
                    masked |= end > eq + 1;
                }
            }
            i = end + 1;
        }
        return masked;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return s;
        }
    }
}
