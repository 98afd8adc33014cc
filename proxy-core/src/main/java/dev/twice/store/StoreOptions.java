package dev.twice.store;

import dev.twice.config.Durability;

/**
 * How a store is sized.
 *
 * @param queueCapacity exchanges that may wait for the writer; past it they are dropped and counted
 * @param bodyBudget    body bytes that may wait for the writer; past it bodies are shed (rows kept)
 * @param walLimit      largest the -wal file may grow while a reader pins old pages; past it
 *                      recording pauses (counted as {@code WAL_LIMIT}) until a checkpoint succeeds
 * @param durability    SQLite's {@code synchronous} for the connections that write
 * @param instance      the name each stored exchange carries (docs/fleet.md)
 */
public record StoreOptions(int queueCapacity, long bodyBudget, long walLimit, Durability durability, String instance) {

    /** An eighth of the heap, at most 64 MiB: a sidecar's small heap must hold everything else too. */
    public static final long DEFAULT_BODY_BUDGET =
            Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8);

    public static final long DEFAULT_WAL_LIMIT = 256L << 20;

    public StoreOptions {
        if (queueCapacity < 1 || bodyBudget < 0 || walLimit < 1 || durability == null || instance == null) {
            throw new IllegalArgumentException("store options must be positive");
        }
    }

    public static StoreOptions of(int queueCapacity) {
        return new StoreOptions(queueCapacity, DEFAULT_BODY_BUDGET, DEFAULT_WAL_LIMIT, Durability.NORMAL, "");
    }

    public StoreOptions withBodyBudget(long bytes) {
        return new StoreOptions(queueCapacity, bytes, walLimit, durability, instance);
    }

    public StoreOptions withWalLimit(long bytes) {
        return new StoreOptions(queueCapacity, bodyBudget, bytes, durability, instance);
    }

    public StoreOptions withDurability(Durability d) {
        return new StoreOptions(queueCapacity, bodyBudget, walLimit, d, instance);
    }

    public StoreOptions withInstance(String name) {
        return new StoreOptions(queueCapacity, bodyBudget, walLimit, durability, name);
    }
}
