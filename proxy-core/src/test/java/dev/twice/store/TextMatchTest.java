package dev.twice.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twice.capture.Exchange;
import dev.twice.capture.Header;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where a search finds its text: URL, header lines, bodies decoded, whatever the case. */
class TextMatchTest {

    private static byte[] gzip(String s) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static Exchange sample() throws Exception {
        return new Exchange(
                1,
                Instant.parse("2026-12-01T00:00:00Z"),
                "PUT",
                "/Orders/42?expand=Lines",
                200,
                1000,
                null,
                List.of(new Header("Content-Type", "application/json"), new Header("X-Tenant", "Acme-EU")),
                StoreTraffic.text("{\"sku\":\"Blue-Widget\"}"),
                List.of(new Header("Content-Encoding", "gzip"), new Header("ETag", "\"v7\"")),
                StoreTraffic.body(gzip("{\"status\":\"Shipped\",\"note\":\"Grüße\"}")));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "orders/42, true", // URL, another case
        "EXPAND=lines, true", // the query
        "x-tenant: acme, true", // a request header line
        "etag: \"v7, true", // a response header line
        "blue-widget, true", // the request body
        "shipped, true", // the response body, gunzipped first
        "GRÜSSE, false", // no case folding beyond lower case: ß is not ss
        "grüße, true", // UTF-8
        "cancelled, false",
        "content-encoding: br, false",
    })
    void findsTextWhereverItIsStoredWhateverTheCase(String text, boolean found) throws Exception {
        assertEquals(found, new TextMatch(text).matches(sample()));
    }
}
