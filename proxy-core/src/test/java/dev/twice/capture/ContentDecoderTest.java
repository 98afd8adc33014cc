package dev.twice.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.testing.Gzip;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentDecoderTest {

    @Test
    void gzipCutShortStillShowsWhatItHolds() {
        byte[] gz = Gzip.of("abcdefghij".repeat(1000));
        byte[] cut = Arrays.copyOf(gz, gz.length - 8);
        String text = new String(ContentDecoder.decode(cut, "gzip").orElseThrow(), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("abcdefghij"));
    }

    @Test
    void aZipBombStopsAtTheCap() {
        byte[] bomb = Gzip.of("0".repeat(40 << 20));
        assertEquals(
                ContentDecoder.MAX_DECODED, ContentDecoder.decode(bomb, "gzip").orElseThrow().length);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"compress", "zstd", "gzip"})
    void unknownOrBrokenEncodingsGiveNothingToShow(String encoding) {
        assertEquals(Optional.empty(), ContentDecoder.decode("not compressed".getBytes(), encoding));
    }

    @Test
    void stackedEncodingsAreUndoneLastFirst() {
        byte[] stacked = Gzip.ofBytes(Gzip.ofBytes("inner".getBytes()));
        assertEquals(
                "inner",
                new String(ContentDecoder.decode(stacked, "gzip, gzip").orElseThrow(), StandardCharsets.UTF_8));
    }
}
