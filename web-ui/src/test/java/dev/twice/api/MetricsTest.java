package dev.twice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.Twice;
import dev.twice.config.HostPort;
import dev.twice.config.TwiceConfig;
import dev.twice.config.Upstream;
import dev.twice.testing.RawHttp;
import dev.twice.testing.TestUpstream;
import io.undertow.util.HttpString;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest {

    @TempDir
    Path dir;

    @Test
    void metricsCountTrafficRecordingFindingsAndDbSizeInPrometheusFormat() throws Exception {
        AtomicInteger ids = new AtomicInteger();
        try (var upstream = new TestUpstream((ex, body) -> {
                    ex.setStatusCode(201);
                    ex.getResponseHeaders().put(HttpString.tryFromString("Location"), "/u/" + ids.incrementAndGet());
                    ex.endExchange();
                });
                Twice twice = Twice.start(TwiceConfig.builder()
                        .upstream(Upstream.parse(upstream.url()))
                        .listen(HostPort.parse("127.0.0.1:0"))
                        .dashboard(HostPort.parse("127.0.0.1:0"))
                        .db(dir.resolve("t.db"))
                        .build())) {
            TwiceApiClient api = new TwiceApiClient(twice);
            api.proxy("PUT", "/u/1", "x");
            api.proxy("PUT", "/u/1", "x");
            api.proxy("GET", "/u/1", null);
            api.proxy("BREW", "/pot", null);
            long deadline = System.currentTimeMillis() + 5000;
            String text = api.dashboard("/metrics").body();
            while (!text.contains("twice_findings{rule=\"put-duplicate-create\"} 1.0")
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
                text = api.dashboard("/metrics").body();
            }
            var r = api.dashboard("/metrics");
            assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
            assertEquals(2.0, value(text, "twice_requests_total\\{method=\"PUT\",status=\"201\"\\}"), text);
            assertEquals(1.0, value(text, "twice_requests_total\\{method=\"GET\",status=\"201\"\\}"), text);
            assertEquals(1.0, value(text, "twice_requests_total\\{method=\"other\",status=\"201\"\\}"), text);
            assertEquals(2.0, value(text, "twice_recorded_total"), text);
            assertEquals(0.0, value(text, "twice_recordings_dropped_total"), text);
            assertEquals(0.0, value(text, "twice_recording_queue_depth"), text);
            assertEquals(1.0, value(text, "twice_recording_enabled"), text);
            assertEquals(1.0, value(text, "twice_findings\\{rule=\"put-duplicate-create\"\\}"), text);
            assertTrue(value(text, "twice_db_size_bytes") > 0, text);
            assertEquals(4.0, value(text, "twice_upstream_latency_seconds_count"), text);
            assertTrue(text.contains("twice_upstream_latency_seconds_bucket{le="), text);
            long buckets = text.lines()
                    .filter(l -> l.startsWith("twice_upstream_latency_seconds_bucket{"))
                    .count();
            assertTrue(buckets <= 16, buckets + " buckets");
            // Gauges whose object was collected read NaN: make sure the WAL's does not.
            System.gc();
            String again = api.dashboard("/metrics").body();
            assertTrue(value(again, "twice_db_wal_size_bytes") >= 0, again);
            assertTrue(text.contains("jvm_memory_used_bytes"), text);
        }
    }

    @Test
    void requestsTwiceRefusesItselfAreCountedByReason() throws Exception {
        try (var upstream =
                        new TestUpstream((ex, body) -> ex.getResponseSender().send("ok"));
                Twice twice = Twice.start(TwiceConfig.builder()
                        .upstream(Upstream.parse(upstream.url()))
                        .listen(HostPort.parse("127.0.0.1:0"))
                        .dashboard(HostPort.parse("127.0.0.1:0"))
                        .db(dir.resolve("t.db"))
                        .build())) {
            int port = twice.proxyAddress().getPort();
            for (String head : new String[] {
                "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com\r\n\r\n",
                "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n"
            }) {
                try (var raw = new RawHttp(port)) {
                    raw.write(head).readUntil("\r\n\r\n");
                }
            }
            String text = new TwiceApiClient(twice).dashboard("/metrics").body();
            assertEquals(1.0, value(text, "twice_rejected_total\\{reason=\"connect\"\\}"), text);
            assertEquals(1.0, value(text, "twice_rejected_total\\{reason=\"transfer_encoding\"\\}"), text);
            assertTrue(upstream.seen.isEmpty());
        }
    }

    private static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+)$").matcher(text);
        if (!m.find()) {
            throw new AssertionError("no " + series + " in\n" + text);
        }
        return Double.parseDouble(m.group(1));
    }
}
