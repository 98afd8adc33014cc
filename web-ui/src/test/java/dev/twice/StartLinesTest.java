package dev.twice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.config.HostPort;
import dev.twice.config.TwiceConfig;
import dev.twice.config.Upstream;
import dev.twice.engine.StartFailure;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up lines are what `docker logs` and `kubectl logs` keep: a token the operator gave never appears there. */
class StartLinesTest {

    @TempDir
    Path dir;

    private String startLines(TwiceConfig.Builder b) {
        try (Twice twice = Twice.start(b.upstream(Upstream.parse("http://127.0.0.1:1"))
                .listen(HostPort.parse("127.0.0.1:0"))
                .db(dir.resolve("t.db"))
                .build())) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            twice.printStartLines(new PrintStream(out, true, StandardCharsets.UTF_8));
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void aSuppliedTokenIsNotPrinted() {
        String lines = startLines(
                TwiceConfig.builder().dashboard(HostPort.parse("0.0.0.0:0")).token("given-by-a-secret-0001"));
        assertFalse(lines.contains("given-by-a-secret-0001"), lines);
        assertTrue(lines.contains("token as given"), lines);
    }

    @Test
    void aGeneratedTokenIsPrintedOnceSinceNobodyElseKnowsIt() {
        String lines = startLines(TwiceConfig.builder().dashboard(HostPort.parse("0.0.0.0:0")));
        assertTrue(lines.matches("(?s).*\\?token=[0-9a-f]{32}.*"), lines);
    }

    @Test
    void aWildcardAddressIsPrintedAsAUrlOneCanOpen() {
        String lines = startLines(
                TwiceConfig.builder().dashboard(HostPort.parse("0.0.0.0:0")).token("given-by-a-secret-0001"));
        assertTrue(lines.contains("twice dashboard  http://localhost:"), lines);
        assertFalse(lines.contains("0:0:0:0"), lines);
    }

    @Test
    void aPortInUseNamesTheFlagAndThePortAndLeavesNoDbBehind() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = String.valueOf(taken.getLocalPort());
            for (TwiceConfig.Builder b : new TwiceConfig.Builder[] {
                TwiceConfig.builder()
                        .listen(HostPort.parse("127.0.0.1:" + port))
                        .dashboard(HostPort.parse("127.0.0.1:0")),
                TwiceConfig.builder()
                        .listen(HostPort.parse("127.0.0.1:0"))
                        .dashboard(HostPort.parse("127.0.0.1:" + port))
            }) {
                Path db = dir.resolve("fresh.db");
                StartFailure failure = Assertions.assertThrows(
                        StartFailure.class,
                        () -> Twice.start(b.upstream(Upstream.parse("http://127.0.0.1:1"))
                                .db(db)
                                .build()));
                assertTrue(
                        failure.getMessage().matches("--(listen|dashboard) 127\\.0\\.0\\.1:" + port + ": .*in use.*"),
                        failure.getMessage());
                try (var files = Files.list(dir)) {
                    assertEquals(
                            List.of(),
                            files.map(p -> p.getFileName().toString())
                                    .filter(n -> n.startsWith("fresh.db"))
                                    .toList());
                }
            }
        }
    }
}
