package dev.twice.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.twice.capture.CapturedBody;
import dev.twice.capture.ContentDecoder;
import dev.twice.capture.Header;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The JSON form of a body (docs/interface.md "Dashboard API"): textual content decoded from its
 * content-encoding as UTF-8 in {@code text}, anything else as the stored bytes in {@code base64}.
 * {@code masked} (an extension, present only when true): secret fields were masked before the body
 * was stored, so these bytes are not the ones sent.
 */
record BodyJson(
        long size,
        long stored,
        String sha256,
        boolean truncated,
        String contentType,
        String contentEncoding,
        @JsonInclude(JsonInclude.Include.NON_NULL) String text,
        @JsonInclude(JsonInclude.Include.NON_NULL) String base64,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean masked) {

    static BodyJson of(CapturedBody body, List<Header> headers) {
        String type = first(headers, "Content-Type");
        String encoding = first(headers, "Content-Encoding");
        byte[] bytes = body.stored();
        String sha = HexFormat.of().formatHex(body.sha256());
        // A body stored decoded (a secret in its compressed content was masked) needs no decoding.
        Optional<String> text = textOf(bytes, type, body.form().decoded() ? null : encoding);
        return new BodyJson(
                body.size(),
                bytes.length,
                sha,
                body.truncated(),
                type,
                encoding,
                text.orElse(null),
                text.isPresent() ? null : Base64.getEncoder().encodeToString(bytes),
                !body.truncated() && (body.form().decoded() || !Arrays.equals(sha256(bytes), body.sha256())));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every Java platform has SHA-256
        }
    }

    private static Optional<String> textOf(byte[] stored, String type, String encoding) {
        Optional<byte[]> decoded = ContentDecoder.decode(stored, encoding);
        if (decoded.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = decoded.get();
        if (type == null || type.isBlank()) {
            return strictUtf8(bytes);
        }
        return isTextual(type) ? Optional.of(new String(bytes, StandardCharsets.UTF_8)) : Optional.empty();
    }

    static boolean isTextual(String contentType) {
        String t = contentType.toLowerCase(Locale.ROOT);
        int semi = t.indexOf(';');
        String media = (semi < 0 ? t : t.substring(0, semi)).trim();
        return media.startsWith("text/")
                || media.equals("application/json")
                || media.endsWith("+json")
                || media.equals("application/xml")
                || media.endsWith("+xml")
                || media.equals("application/x-www-form-urlencoded")
                || media.equals("application/javascript");
    }

    private static Optional<String> strictUtf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static String first(List<Header> headers, String name) {
        return Header.first(headers, name).orElse(null);
    }
}
