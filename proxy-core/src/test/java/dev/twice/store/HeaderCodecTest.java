package dev.twice.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twice.capture.Header;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderCodecTest {

    @Test
    void orderDuplicatesColonsAndOddBytesSurviveARoundTrip() {
        List<Header> headers = List.of(
                new Header("Set-Cookie", "a=1; Path=/"),
                new Header("Set-Cookie", "b=2"),
                new Header("X-Url", "http://h:80/x?y=z: w"),
                new Header("X-Empty", ""),
                new Header("X-Latin", "caf\u00e9 \u00ff"));
        assertEquals(headers, HeaderCodec.decode(HeaderCodec.encode(headers)));
    }

    @Test
    void noHeadersIsAnEmptyList() {
        assertEquals(List.of(), HeaderCodec.decode(HeaderCodec.encode(List.of())));
    }
}
