package dev.twice.capture;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Locale;

/**
 * Masks the values of secret fields ({@link SecretNames}) in stored bodies and URLs: JSON fields at
 * any depth, form, query and multipart parameters. A body is read as what it is, not as what its
 * {@code Content-Type} says: JSON and form data are recognised by their content (behind an XSSI
 * prefix, with comments, {@code NaN} or single quotes), and a body that stops parsing is finished by
 * a lenient scan for {@code name: value} pairs instead of being left as it is. Masks keep the length
 * (and JSON stays valid), so the stored size and the SHA-256 of the original keep their meaning.
 * Pure; runs on the store's writer thread (docs/security.md, "What is masked").
 */
public final class SecretMask {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(
                    JsonReadFeature.ALLOW_JAVA_COMMENTS,
                    JsonReadFeature.ALLOW_YAML_COMMENTS,
                    JsonReadFeature.ALLOW_SINGLE_QUOTES,
                    JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
                    JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS,
                    JsonReadFeature.ALLOW_TRAILING_COMMA,
                    JsonReadFeature.ALLOW_MISSING_VALUES,
                    JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS,
                    JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER,
                    JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS,
                    JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS)
            .build();

    private final SecretNames names;

    /** {@code names}: entries as {@link SecretNames} takes them (wildcards allowed). */
    public SecretMask(Collection<String> names) {
        this(new SecretNames(names));
    }

    public SecretMask(SecretNames names) {
        this.names = names;
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
        return FormMask.mask(bytes, q + 1, bytes.length, names) ? new String(bytes, StandardCharsets.ISO_8859_1) : url;
    }

    /**
     * {@code body} with its secret fields masked, or {@code body} itself when there is nothing to
     * mask. JSON and form data are sniffed whatever {@code contentType} says; multipart form data is
     * masked part by part.
     */
    public byte[] maskBody(byte[] body, String contentType) {
        if (names.isEmpty() || body.length == 0) {
            return body;
        }
        // Sniffed before copying: most bodies (binary, HTML, plain text) have no fields to mask,
        // and a copy of each would be garbage made on the writer thread.
        Sniffed kind = sniff(body, 0, body.length, contentType);
        if (kind.shape() == Shape.NONE) {
            return body;
        }
        byte[] copy = body.clone();
        return mask(kind, copy, 0, copy.length, contentType) ? copy : body;
    }

    /** Masks {@code bytes[from, to)}; true when something changed. */
    boolean maskInPlace(byte[] bytes, int from, int to, String contentType) {
        return mask(sniff(bytes, from, to, contentType), bytes, from, to, contentType);
    }

    private enum Shape {
        MULTIPART,
        JSON,
        FORM,
        NONE
    }

    /** What a body is, and for JSON where it starts (past a BOM or an XSSI prefix). */
    private record Sniffed(Shape shape, int start) {}

    private static Sniffed sniff(byte[] bytes, int from, int to, String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/")) { // form-data, and the mixed parts nested in it
            return new Sniffed(Shape.MULTIPART, from);
        }
        int json = BodySniffer.jsonStart(bytes, from, to);
        if (json >= 0 || type.contains("json")) {
            return new Sniffed(Shape.JSON, json >= 0 ? json : from);
        }
        if (type.startsWith("application/x-www-form-urlencoded") || BodySniffer.looksLikeForm(bytes, from, to)) {
            return new Sniffed(Shape.FORM, from);
        }
        return new Sniffed(Shape.NONE, from);
    }

    private boolean mask(Sniffed kind, byte[] bytes, int from, int to, String contentType) {
        return switch (kind.shape()) {
            case MULTIPART ->
                MultipartMask.mask(bytes, from, to, contentType.toLowerCase(Locale.ROOT), contentType, this, names);
            case JSON -> maskJson(bytes, kind.start(), to);
            case FORM -> FormMask.mask(bytes, from, to, names);
            case NONE -> false;
        };
    }

    private boolean maskJson(byte[] body, int from, int to) {
        boolean masked = false;
        long pending = -1; // where the value of a secret field starts, while it is being read
        int resumeAt = from;
        try (JsonParser p = JSON.createParser(body, from, to - from)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                long offset = p.currentLocation().getByteOffset();
                if (offset < 0) {
                    // UTF-16/32 JSON: the parser reads characters and knows no byte offsets, so no
                    // value can be placed; nothing of it may be kept.
                    java.util.Arrays.fill(body, from, to, (byte) '*');
                    return true;
                }
                resumeAt = from + (int) offset;
                if (t != JsonToken.FIELD_NAME || !names.matches(p.currentName())) {
                    continue;
                }
                pending = from + p.currentLocation().getByteOffset();
                JsonToken v = p.nextToken();
                int start = from + (int) p.currentTokenLocation().getByteOffset();
                if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                    p.skipChildren();
                } else if (v == JsonToken.VALUE_STRING) {
                    p.getTextLength(); // reads the string to its closing quote
                }
                int end = from + (int) p.currentLocation().getByteOffset();
                pending = -1;
                masked |= maskValue(body, start, Math.min(end, to), v == JsonToken.VALUE_STRING);
                resumeAt = end;
            }
            return masked;
        } catch (IOException truncatedOrInvalid) {
            if (pending >= 0) {
                // A body cut at --max-body inside a secret value: mask everything after the field.
                for (int i = (int) pending; i < to; i++) {
                    if (body[i] != ':' && body[i] != ' ') {
                        body[i] = '*';
                        masked = true;
                    }
                }
                return masked;
            }
            // Past a syntax error the parser sees nothing more: the lenient scan finishes the body.
            return LenientPairMask.mask(body, Math.max(from, resumeAt), to, names) | masked;
        }
    }

    /** Masks one JSON value in place, keeping its length and JSON's validity. */
    static boolean maskValue(byte[] body, int start, int end, boolean string) {
        if (start < 0 || end <= start) {
            return false;
        }
        if (string) {
            // Up to the closing quote, or to the end of a body cut inside the string.
            byte quote = body[start];
            int stop = end - 1 > start && body[end - 1] == quote ? end - 1 : end;
            boolean changed = false;
            for (int i = start + 1; i < stop; i++) {
                changed |= body[i] != '*';
                body[i] = '*';
            }
            return changed;
        }
        // Numbers, booleans, objects, arrays: a JSON literal of the same length.
        byte[] literal = (end - start >= 4 ? "null" : "0").getBytes(StandardCharsets.US_ASCII);
        for (int i = start; i < end; i++) {
            int k = i - start;
            body[i] = k < literal.length ? literal[k] : (byte) ' ';
        }
        return true;
    }

    static String decodeName(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return s;
        }
    }
}
