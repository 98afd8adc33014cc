package dev.twice.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twice.capture.ContentDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** A whole body after content decoding, seen as JSON, as unstructured text, or as bytes only. */
record DecodedBody(byte[] bytes, Optional<JsonNode> json, Optional<String> text) {
    static DecodedBody of(Observation.Body body) {
        byte[] bytes =
                ContentDecoder.decode(body.bytes(), body.contentEncoding()).orElse(body.bytes());
        Optional<JsonNode> json = ResponseDiff.json(bytes, body.contentType());
        Optional<String> text = json.isPresent() ? Optional.empty() : unstructuredText(bytes, body.contentType());
        return new DecodedBody(bytes, json, text);
    }

    /**
     * Text that carries no structure twice compares by value: {@code text/*} other than XML, or no
     * type with bytes that are valid UTF-8. XML and form data keep their byte comparison.
     */
    static Optional<String> unstructuredText(byte[] bytes, String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        boolean structured = type.contains("xml") || type.contains("x-www-form-urlencoded");
        boolean textual = type.startsWith("text/") || type.isEmpty();
        if (structured || !textual) {
            return Optional.empty();
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        try {
            return Optional.of(utf8.decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return type.isEmpty() ? Optional.empty() : Optional.of(new String(bytes, StandardCharsets.ISO_8859_1));
        }
    }
}
