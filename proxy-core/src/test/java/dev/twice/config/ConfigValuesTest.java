package dev.twice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigValuesTest {

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource({
        "0,0",
        "512,512",
        "512B,512",
        "64KiB,65536",
        "64kib,65536",
        "1MiB,1048576",
        "2GiB,2147483648",
        "' 3 MiB ',3145728"
    })
    void sizesAcceptBytesAndBinaryUnits(String text, long bytes) {
        assertEquals(bytes, ByteSize.parse(text).bytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "1.5MiB", "1MB", "1 KB", "MiB", "99999999999999999999", "9999999999GiB", "0x10"})
    void sizesRejectEverythingElse(String text) {
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse(text));
    }

    @ParameterizedTest(name = "{0} -> {1} port {2}")
    @CsvSource({
        "127.0.0.1:8080,127.0.0.1,8080",
        "0.0.0.0:0,0.0.0.0,0",
        "localhost:9090,localhost,9090",
        "[::1]:8080,::1,8080"
    })
    void hostPortsParse(String text, String host, int port) {
        HostPort hp = HostPort.parse(text);
        assertEquals(host, hp.host());
        assertEquals(port, hp.port());
    }

    @ParameterizedTest
    @ValueSource(strings = {"8080", ":8080", "host:", "host:http", "::1:8080", "h:70000", "h:-1"})
    void hostPortsRejectTheRest(String text) {
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse(text));
    }

    @ParameterizedTest(name = "{0} loopback={1}")
    @CsvSource({"127.0.0.1:1,true", "localhost:1,true", "[::1]:1,true", "0.0.0.0:1,false"})
    void loopbackIsKnown(String text, boolean loopback) {
        assertEquals(loopback, HostPort.parse(text).isLoopback());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"250ms,250", "5s,5000", "2m,120000", "1h,3600000", "5S,5000"})
    void durationsParse(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), DurationValue.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "0s", "1.5s", "s", "-1s", "5 parsecs"})
    void durationsRejectTheRest(String text) {
        assertThrows(IllegalArgumentException.class, () -> DurationValue.parse(text));
    }

    @ParameterizedTest(name = "retention {0} -> {1}")
    @CsvSource({"'7d,1GiB','7d,1GiB'", "off,off", "24h,1d", "36h,PT36H", "500MiB,500MiB", "'1GiB, 7d','7d,1GiB'"})
    void retentionTakesAnAgeASizeBothOrOff(String text, String shown) {
        assertEquals(shown, RetentionPolicy.parse(text).toString());
    }

    @ParameterizedTest(name = "{0}: {1} recorded={2}")
    @CsvSource({
        "'PUT,POST',PUT,true",
        "'PUT,POST',post,false",
        "'PUT,POST',GET,false",
        "ALL,GET,true",
        "all,PATCH,true",
        "' PUT , GET ',GET,true"
    })
    void recordedMethodsMatchCaseSensitively(String list, String method, boolean recorded) {
        assertEquals(recorded, RecordedMethods.parse(list).matches(method));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "PUT;POST", "PUT,,POST", "P UT"})
    void recordedMethodsRejectNonTokens(String text) {
        assertThrows(IllegalArgumentException.class, () -> RecordedMethods.parse(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "http://127.0.0.1:3000,http,127.0.0.1,3000,''",
        "https://api.example,https,api.example,443,''",
        "http://h/base/,http,h,80,/base",
        "http://h:81/a/b,http,h,81,/a/b"
    })
    void upstreamsParse(String text, String scheme, String host, int port, String base) {
        Upstream u = Upstream.parse(text);
        assertEquals(scheme, u.scheme());
        assertEquals(host, u.host());
        assertEquals(port, u.port());
        assertEquals(base, u.basePath());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"127.0.0.1:3000", "ftp://h", "http://", "http://h/?q=1", "http://u:p@h", "http://h/#f", "::"})
    void upstreamsRejectTheRest(String text) {
        assertThrows(IllegalArgumentException.class, () -> Upstream.parse(text));
    }
}
