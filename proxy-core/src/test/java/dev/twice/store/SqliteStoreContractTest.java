package dev.twice.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on a real SQLite file. */
class SqliteStoreContractTest extends StoreContract {

    @TempDir
    Path dir;

    @Override
    Store open(StoreOptions options) throws Exception {
        return SqliteStore.open(dir.resolve("t.db"), options);
    }
}
