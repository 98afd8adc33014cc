package dev.twice.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.config.TwiceConfig;
import dev.twice.testing.Gzip;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;

/** Compressed bodies are looked into: a secret inside is masked and kept decoded; what cannot be read is not kept. */
class StoredRedactionTest {

    private final StoredRedaction redaction = new StoredRedaction(
            new SecretMask(TwiceConfig.DEFAULT_REDACT_QUERY),
            new SecretMask(TwiceConfig.DEFAULT_REDACT_FIELDS),
            1 << 20);

    @Test
    void aGzipResponseWithATokenIsStoredDecodedAndMasked() throws Exception {
        byte[] gz = Gzip.of("{\"access_token\":\"ROTTOKQ1\",\"expires_in\":3600}");
        CapturedBody stored = respond(gz, "application/json", "gzip").responseBody();
        assertEquals(CapturedBody.Form.DECODED, stored.form());
        assertEquals(
                "{\"access_token\":\"********\",\"expires_in\":3600}",
                new String(stored.stored(), StandardCharsets.UTF_8));
        assertEquals(gz.length, stored.size());
        assertFalse(stored.truncated());
    }

    @Test
    void deflateAndStackedIdentityCodingsAreLookedIntoToo() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(out)) {
            d.write("token=ROTTOKQ1".getBytes(StandardCharsets.UTF_8));
        }
        CapturedBody deflated = respond(out.toByteArray(), "application/x-www-form-urlencoded", "deflate")
                .responseBody();
        assertEquals("token=********", new String(deflated.stored(), StandardCharsets.UTF_8));
        CapturedBody identity = respond(
                        "{\"password\":\"ROTTOKQ1\"}".getBytes(StandardCharsets.UTF_8),
                        "application/json",
                        "identity, identity")
                .responseBody();
        assertEquals(CapturedBody.Form.AS_SENT, identity.form());
        assertEquals("{\"password\":\"********\"}", new String(identity.stored(), StandardCharsets.UTF_8));
    }

    @Test
    void aCompressedBodyWithoutSecretsIsKeptAsSent() throws Exception {
        byte[] gz = Gzip.of("{\"name\":\"ann\"}");
        CapturedBody stored = respond(gz, "application/json", "gzip").responseBody();
        assertEquals(CapturedBody.Form.AS_SENT, stored.form());
        assertArrayEquals(gz, stored.stored());
    }

    @Test
    void aBodyInAnEncodingTwiceCannotReadIsNotKept() {
        byte[] zstd = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 1, 2, 3};
        CapturedBody stored = respond(zstd, "application/json", "zstd").responseBody();
        assertEquals(0, stored.stored().length);
        assertTrue(stored.truncated());
    }

    @Test
    void aGzipBodyCutAtMaxBodyIsMaskedAsFarAsItGoesAndSaysItWasCut() throws Exception {
        byte[] gz = Gzip.of("{\"password\":\"ROTTOKQ1\",\"pad\":\"" + "x".repeat(5000) + "\"}");
        byte[] cut = Arrays.copyOf(gz, gz.length - 10);
        Exchange e = exchange(new CapturedBody(gz.length, cut, new byte[32], false), "application/json", "gzip");
        CapturedBody stored = redaction.apply(e).responseBody();
        assertEquals(CapturedBody.Form.DECODED_FROM_CUT, stored.form());
        assertTrue(stored.truncated());
        assertFalse(new String(stored.stored(), StandardCharsets.UTF_8).contains("ROTTOKQ1"));
    }

    @Test
    void bodiesWithNothingToMaskAreTheSameObject() {
        Exchange e = exchange(body("{\"name\":\"ann\"}".getBytes(StandardCharsets.UTF_8)), "application/json", null);
        assertSame(e, redaction.apply(e));
    }

    private Exchange respond(byte[] bytes, String type, String encoding) {
        return redaction.apply(exchange(body(bytes), type, encoding));
    }

    private static CapturedBody body(byte[] bytes) {
        return new CapturedBody(bytes.length, bytes, new byte[32], false);
    }

    private static Exchange exchange(CapturedBody response, String type, String encoding) {
        List<Header> headers = encoding == null
                ? List.of(new Header("Content-Type", type))
                : List.of(new Header("Content-Type", type), new Header("Content-Encoding", encoding));
        return new Exchange(
                1,
                Instant.EPOCH,
                "POST",
                "/token",
                200,
                1000,
                null,
                List.of(),
                CapturedBody.empty(),
                headers,
                response);
    }

    /** A small gzip that inflates far past --max-body is decoded only that far, and said to be cut. */
    @Test
    void decodingStopsAtMaxBody() throws Exception {
        byte[] bomb = Gzip.of("{\"password\":\"ROTTOKQ1\",\"pad\":\"" + "0".repeat(4 << 20) + "\"}");
        CapturedBody stored = respond(bomb, "application/json", "gzip").responseBody();
        assertEquals(CapturedBody.Form.DECODED_FROM_CUT, stored.form());
        assertEquals(1 << 20, stored.stored().length);
        assertFalse(new String(stored.stored(), StandardCharsets.UTF_8).contains("ROTTOKQ1"));
    }

    @Test
    void theQueryOfAWriteKeptAsAMarkIsMaskedToo() {
        WriteMark m = redaction.apply(new WriteMark(1, Instant.EPOCH, "DELETE", "/x?token=S3CRET1&a=1", 204));
        assertEquals("/x?token=*******&a=1", m.url());
    }
}
