package dev.twice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.store.SqliteStore;
import dev.twice.store.StoreOptions;
import dev.twice.testing.TestUpstream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real twice process stopped with SIGTERM under load: every answered request is in the db, exit status 0. */
class SigtermTest {

    @TempDir
    Path dir;

    @Test
    void sigtermUnderLoadAnswersAndRecordsEveryAcceptedRequestThenExitsZero() throws Exception {
        Path db = dir.resolve("t.db");
        try (var upstream = new TestUpstream((ex, body) -> {
            Thread.sleep(20);
            ex.getResponseSender().send("ok");
        })) {
            TwiceProcess started = TwiceProcess.start(upstream.url(), db, dir.resolve("stderr.txt"));
            Process twice = started.process;
            int port = started.proxyPort;
            PutLoad load = PutLoad.start(port, 16, 50, i -> "b" + i);
            load.awaitOk(100);
            twice.destroy(); // SIGTERM
            assertTrue(twice.waitFor(30, TimeUnit.SECONDS), "twice did not stop");
            load.awaitEnd();
            load.close();
            assertEquals(0, twice.exitValue());
            try (SqliteStore store = SqliteStore.open(db, StoreOptions.of(16).withBodyBudget(1 << 20))) {
                assertEquals(load.ok.get(), store.queries().count());
            }
        }
    }
}
