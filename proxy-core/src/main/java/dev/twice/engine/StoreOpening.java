package dev.twice.engine;

import dev.twice.config.StoreUrl;
import dev.twice.config.TwiceConfig;
import dev.twice.store.PostgresStore;
import dev.twice.store.SqliteStore;
import dev.twice.store.Store;
import dev.twice.store.StoreOptions;
import dev.twice.store.StoreRefusedException;
import dev.twice.store.StoreUnavailableException;
import java.util.logging.Logger;

/**
 * Opens the store the configuration names: the shared PostgreSQL of {@code --store}, or the SQLite file of
 * {@code --db}.
 */
final class StoreOpening {

    private static final Logger LOG = Logger.getLogger(StoreOpening.class.getName());

    private StoreOpening() {}

    /**
     * A SQLite file that cannot be opened turns recording off (proxying goes on); a PostgreSQL
     * database that does not answer is waited for; one that refuses the credentials or the
     * database name stops the start, naming {@code --store}.
     */
    static Store open(TwiceConfig config) {
        StoreOptions options = StoreOptions.of(config.recordQueue())
                .withWalLimit(config.maxWal().bytes())
                .withDurability(config.durability())
                .withInstance(config.fleet().instance());
        if (config.fleet().store().isPresent()) {
            StoreUrl url = config.fleet().store().get();
            try {
                return PostgresStore.open(url, options);
            } catch (StoreRefusedException e) {
                throw new StartFailure("--store " + url, e, true);
            }
        }
        try {
            return SqliteStore.open(config.db(), options);
        } catch (StoreUnavailableException e) {
            LOG.severe("recording is off: " + e.getMessage() + " (proxying goes on)");
            return Store.off(e.getMessage());
        }
    }
}
