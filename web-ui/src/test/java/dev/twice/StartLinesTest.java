package dev.twice;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.config.HostPort;
import dev.twice.config.TwiceConfig;
import dev.twice.config.Upstream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
}
