package dev.twice.store;

import dev.twice.capture.Exchange;
import dev.twice.capture.Traffic;
import dev.twice.capture.WriteMark;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The reads of a store: the API's lists and details, the analysis's history, the fleet's feed. */
public interface ExchangeQueries {

    /** The reads of a store that holds nothing. */
    ExchangeQueries NONE = new ExchangeQueries() {
        @Override
        public ExchangePage list(ExchangeFilter filter) {
            return new ExchangePage(List.of(), null);
        }

        @Override
        public Optional<StoredExchange> find(long id) {
            return Optional.empty();
        }

        @Override
        public List<Exchange> recentByUrl(String url, long beforeId, int limit) {
            return List.of();
        }

        @Override
        public List<WriteMark> recentMarksByUrl(String url, long beforeId, int limit) {
            return List.of();
        }

        @Override
        public List<Exchange> byIdempotencyKey(String key, long beforeId, int limit) {
            return List.of();
        }

        @Override
        public List<StoredExchange> attemptsAtUrl(String url, long beforeId, int limit) {
            return List.of();
        }

        @Override
        public List<StoredExchange> attemptsWithKey(String key, int limit) {
            return List.of();
        }

        @Override
        public void forEachStoredUrlAndKey(Consumer<String> sink, String keyPrefix) {}

        @Override
        public List<Traffic> trafficAfter(long afterId, int limit) {
            return List.of();
        }

        @Override
        public List<ExchangeSummary> summariesAfter(long afterId, int limit) {
            return List.of();
        }

        @Override
        public List<InstanceSummary> instances() {
            return List.of();
        }

        @Override
        public long count() {
            return 0;
        }
    };

    /** Newest first, {@code filter.limit()} at most; keyset paging on the id, so pages never overlap or skip. */
    ExchangePage list(ExchangeFilter filter);

    Optional<StoredExchange> find(long id);

    /** The newest {@code limit} exchanges of {@code url} before {@code beforeId}, newest first. */
    List<Exchange> recentByUrl(String url, long beforeId, int limit);

    /** The newest {@code limit} unrecorded writes to {@code url} before {@code beforeId}, newest first. */
    List<WriteMark> recentMarksByUrl(String url, long beforeId, int limit);

    /** The oldest {@code limit} exchanges carrying Idempotency-Key {@code key} before {@code beforeId}. */
    List<Exchange> byIdempotencyKey(String key, long beforeId, int limit);

    /**
     * The newest {@code limit} exchanges of {@code url}, any method, before {@code beforeId}, newest
     * first, with headers and hashes but no body bytes: an attempts timeline (docs/dashboard.md).
     */
    List<StoredExchange> attemptsAtUrl(String url, long beforeId, int limit);

    /** The oldest {@code limit} exchanges carrying Idempotency-Key {@code key}, with no body bytes. */
    List<StoredExchange> attemptsWithKey(String key, int limit);

    /**
     * Streams every distinct URL, and every Idempotency-Key (after {@code keyPrefix}), of the
     * stored exchanges to {@code sink}, without holding them in memory.
     */
    void forEachStoredUrlAndKey(Consumer<String> sink, String keyPrefix);

    /**
     * Exchanges and marks of unrecorded writes after {@code afterId}, oldest first, with no gap:
     * ids are given in commit order, so what this returns is never followed by a lower id later.
     */
    List<Traffic> trafficAfter(long afterId, int limit);

    /** Summaries after {@code afterId}, oldest first (the event stream's tail of a shared store). */
    List<ExchangeSummary> summariesAfter(long afterId, int limit);

    /** Each instance that recorded into the store, by name. */
    List<InstanceSummary> instances();

    long count();
}
