package dev.twice.store;

import static dev.twice.store.StoreTraffic.awaitRecorded;
import static dev.twice.store.StoreTraffic.exchange;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.capture.CapturedBody;
import dev.twice.capture.Exchange;
import dev.twice.capture.Header;
import dev.twice.capture.Traffic;
import dev.twice.capture.WriteMark;
import dev.twice.config.RetentionPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every store must do, run against each engine by a subclass: the same queries, filters,
 * paging edges, findings, retention and shedding, on a real SQLite file and a real PostgreSQL.
 */
abstract class StoreContract {

    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    /** Opens the engine's store for this test (the same database each time it is called within a test). */
    abstract Store open(StoreOptions options) throws Exception;

    /** Waits until the engine's own size accounting sees what was written (PostgreSQL's statistics lag). */
    void awaitSizeAccounting(Store store) throws Exception {}

    Store open() throws Exception {
        return open(StoreOptions.of(1000).withBodyBudget(64 << 20).withInstance("pod-a"));
    }

    @Test
    void anExchangeReadsBackAsItWasRecorded() throws Exception {
        try (Store store = open()) {
            CapturedBody cut = new CapturedBody(5000, "{\"a\":".getBytes(), new byte[32], false);
            Exchange sent = new Exchange(
                    1,
                    NOW,
                    "PUT",
                    "/orders/1?x=%20y&x=2",
                    201,
                    2_345_000,
                    null,
                    List.of(new Header("X-B", "2"), new Header("X-A", "1"), new Header("X-B", "3")),
                    cut,
                    List.of(new Header("Location", "/orders/1")),
                    StoreTraffic.text("{\"id\":1}"));
            Exchange failed = new Exchange(
                    2,
                    NOW,
                    "POST",
                    "/down",
                    null,
                    10_000,
                    "connect_refused",
                    List.of(),
                    CapturedBody.empty(),
                    null,
                    null);
            store.sink().offer(sent);
            store.sink().offer(failed);
            awaitRecorded(store, 2);
            Exchange got = store.queries().find(1).orElseThrow().exchange();
            assertEquals("pod-a", store.queries().find(1).orElseThrow().instance());
            assertEquals(sent.startedAt(), got.startedAt());
            assertEquals(sent.url(), got.url());
            assertEquals(sent.requestHeaders(), got.requestHeaders());
            assertEquals(sent.responseHeaders(), got.responseHeaders());
            assertEquals(5000, got.requestBody().size());
            assertArrayEquals(cut.stored(), got.requestBody().stored());
            assertArrayEquals(sent.responseBody().sha256(), got.responseBody().sha256());
            assertEquals(2_345_000, got.durationNanos());
            Exchange none = store.queries().find(2).orElseThrow().exchange();
            assertNull(none.status());
            assertFalse(none.hasResponse());
            assertEquals("connect_refused", none.error());
            List<ExchangeSummary> items =
                    store.queries().list(ExchangeFilter.all(10)).items();
            assertEquals(
                    List.of(2L, 1L), items.stream().map(ExchangeSummary::id).toList());
            assertTrue(items.get(1).truncated(), "the request body was cut");
            assertFalse(items.get(0).truncated());
            assertEquals("pod-a", items.get(0).instance());
            assertTrue(store.queries().find(3).isEmpty());
        }
    }

    @Test
    void listFiltersCombineAndPagesNeverOverlapOrSkip() throws Exception {
        try (Store store = open()) {
            for (int i = 1; i <= 37; i++) {
                store.sink()
                        .offer(exchange(
                                i,
                                NOW.plusSeconds(i),
                                i % 3 == 0 ? "POST" : "PUT",
                                "/a_%/" + i,
                                i % 2 == 0 ? 200 : 404,
                                "{}"));
            }
            awaitRecorded(store, 37);
            ExchangeQueries q = store.queries();
            assertEquals(
                    12,
                    all(q, filter(Optional.of("POST"), Optional.empty(), Optional.empty(), 5))
                            .size());
            assertEquals(
                    List.of(37L, 27L, 17L, 7L),
                    all(q, filter(Optional.empty(), Optional.of("7"), Optional.empty(), 3)));
            assertEquals(
                    37,
                    all(q, filter(Optional.empty(), Optional.of("_%"), Optional.empty(), 7))
                            .size());
            assertEquals(
                    0,
                    all(q, filter(Optional.empty(), Optional.of("%x"), Optional.empty(), 7))
                            .size());
            assertEquals(
                    18,
                    all(q, filter(Optional.empty(), Optional.empty(), Optional.of(200), 4))
                            .size());
            List<Long> everything = all(q, ExchangeFilter.all(10));
            assertEquals(37, everything.size());
            assertEquals(37, new HashSet<>(everything).size(), "no overlap");
            assertEquals(37L, everything.get(0));
            ExchangePage last = q.list(new ExchangeFilter(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(2L),
                    10));
            assertEquals(
                    List.of(1L), last.items().stream().map(ExchangeSummary::id).toList());
            assertNull(last.next());
            ExchangeFilter exact = ExchangeFilter.all(37);
            assertNull(q.list(exact).next(), "a page that holds the rest says there is no next");
            assertEquals(37, all(q, byInstance("pod-a")).size());
            assertEquals(0, all(q, byInstance("pod-b")).size());
            assertEquals(37, q.count());
        }
    }

    @Test
    void theAnalysisFindsItsHistoryByUrlKeyAndIdOrder() throws Exception {
        try (Store store = open()) {
            String longUrl = "/long/" + "x".repeat(9000);
            store.sink().offer(exchange(1, NOW, "PUT", longUrl, 200, "{}"));
            store.sink().offerMark(new WriteMark(2, NOW, "DELETE", longUrl, 204));
            Exchange keyed = new Exchange(
                    3,
                    NOW,
                    "POST",
                    "/pay",
                    201,
                    1000,
                    null,
                    List.of(new Header("Idempotency-Key", "\"k-1\"")),
                    StoreTraffic.text("{}"),
                    List.of(),
                    StoreTraffic.text("{}"));
            store.sink().offer(keyed);
            store.sink().offer(exchange(4, NOW, "PUT", longUrl, 200, "{}"));
            awaitRecorded(store, 3);
            StoreTraffic.await(
                    "the mark is stored",
                    () -> !store.queries().recentMarksByUrl(longUrl, 99, 5).isEmpty());
            ExchangeQueries q = store.queries();
            assertEquals(
                    List.of(4L, 1L),
                    q.recentByUrl(longUrl, 99, 5).stream().map(Exchange::id).toList());
            assertEquals(
                    List.of(1L),
                    q.recentByUrl(longUrl, 4, 5).stream().map(Exchange::id).toList());
            assertEquals(
                    List.of(2L),
                    q.recentMarksByUrl(longUrl, 99, 5).stream()
                            .map(WriteMark::id)
                            .toList());
            assertEquals(
                    List.of(3L),
                    q.byIdempotencyKey("k-1", 99, 5).stream().map(Exchange::id).toList());
            assertTrue(q.byIdempotencyKey("k-1", 3, 5).isEmpty());
            Set<String> seen = new HashSet<>();
            q.forEachStoredUrlAndKey(seen::add, "key:");
            assertEquals(Set.of(longUrl, "/pay", "key:k-1"), seen);
            List<Traffic> feed = q.trafficAfter(0, 2);
            assertEquals(List.of(1L, 2L), feed.stream().map(Traffic::id).toList(), "marks and exchanges in id order");
            assertEquals(
                    List.of(3L, 4L),
                    q.trafficAfter(2, 10).stream().map(Traffic::id).toList());
            assertEquals(
                    List.of(3L, 4L),
                    q.summariesAfter(1, 10).stream().map(ExchangeSummary::id).toList());
            List<InstanceSummary> instances = q.instances();
            assertEquals(1, instances.size());
            assertEquals("pod-a", instances.get(0).name());
            assertEquals(3, instances.get(0).exchanges());
        }
    }

    @Test
    void attemptsComeWithHeadersAndHashesButNoBodyBytes() throws Exception {
        try (Store store = open()) {
            List<Header> keyed = List.of(new Header("Idempotency-Key", "\"k-2\""));
            store.sink().offer(exchange(1, NOW, "PUT", "/a", 201, "{\"v\":1}"));
            store.sink().offer(exchange(2, NOW, "GET", "/a", 200, ""));
            store.sink().offer(exchange(3, NOW, "PUT", "/b", 200, "{}"));
            store.sink()
                    .offer(new Exchange(
                            4,
                            NOW,
                            "POST",
                            "/pay",
                            201,
                            1000,
                            null,
                            keyed,
                            StoreTraffic.text("{\"n\":1}"),
                            List.of(new Header("Location", "/pay/7")),
                            StoreTraffic.text("{\"id\":7}")));
            store.sink()
                    .offer(new Exchange(
                            5,
                            NOW,
                            "POST",
                            "/pay/again",
                            201,
                            1000,
                            null,
                            keyed,
                            StoreTraffic.text("{}"),
                            List.of(),
                            null));
            awaitRecorded(store, 5);
            ExchangeQueries q = store.queries();
            assertEquals(
                    List.of(2L, 1L),
                    q.attemptsAtUrl("/a", 99, 10).stream()
                            .map(a -> a.exchange().id())
                            .toList(),
                    "any method, newest first");
            assertEquals(
                    List.of(1L),
                    q.attemptsAtUrl("/a", 2, 10).stream()
                            .map(a -> a.exchange().id())
                            .toList());
            List<StoredExchange> byKey = q.attemptsWithKey("k-2", 10);
            assertEquals(
                    List.of(4L, 5L), byKey.stream().map(a -> a.exchange().id()).toList(), "oldest first, any URL");
            assertEquals("pod-a", byKey.get(0).instance());
            Exchange first = byKey.get(0).exchange();
            assertEquals(
                    "/pay/7", Header.first(first.responseHeaders(), "Location").orElseThrow());
            assertEquals(0, first.responseBody().stored().length, "no response bytes");
            assertEquals(0, first.requestBody().stored().length, "no request bytes");
            assertEquals(8, first.responseBody().size());
            assertEquals(32, first.responseBody().sha256().length);
            assertTrue(q.attemptsWithKey("k-3", 10).isEmpty());
        }
    }

    @Test
    void clearingDeletesEverythingRecordedSoFarAndRecordingGoesOn() throws Exception {
        try (Store store = open()) {
            for (int i = 1; i <= 5; i++) {
                store.sink().offer(exchange(i, NOW, "PUT", "/c", 200, "{}"));
            }
            store.sink().offerMark(new WriteMark(6, NOW, "DELETE", "/c", 204));
            awaitRecorded(store, 5);
            StoreTraffic.await(
                    "the mark is stored",
                    () -> !store.queries().recentMarksByUrl("/c", 99, 5).isEmpty());
            store.findings().upsert(draft("put-divergent-response", "PUT /c x", "warning", List.of(2L, 3L), 1, 2));

            Store.Cleared cleared = store.clear();
            assertEquals(5, cleared.exchanges());
            assertTrue(cleared.upToId() >= 6, cleared.toString());
            assertEquals(0, store.queries().count());
            assertTrue(store.queries().recentMarksByUrl("/c", Long.MAX_VALUE, 5).isEmpty());
            assertTrue(store.findings().list(Optional.empty(), Optional.empty()).isEmpty());
            assertEquals(0, store.clear().exchanges(), "nothing more to clear");

            store.sink().offer(exchange(cleared.upToId() + 1, NOW, "PUT", "/c", 200, "{}"));
            awaitRecorded(store, 6);
            assertEquals(1, store.queries().count(), "recording goes on");
        }
    }

    /**
     * A search pages like any filter, newest first with no gap or overlap, and a page that spends its
     * budget of rows ends early with a cursor to go on from.
     */
    @Test
    void aSearchFindsTextInBodiesAndPagesThroughAnyNumberOfRows() throws Exception {
        try (Store store = open()) {
            int total = ExchangeSearch.MAX_ROWS + 500;
            for (int i = 1; i <= total; i++) {
                String body = i % 500 == 0 ? "{\"needle\":\"Found-" + i + "\"}" : "{}";
                store.sink().offer(exchange(i, NOW, "PUT", "/s/" + i, 200, body));
                if (i % 500 == 0) {
                    awaitRecorded(store, i); // within the recording queue's bound
                }
            }
            awaitRecorded(store, total);
            ExchangeQueries q = store.queries();
            ExchangeFilter search = search(Optional.empty(), "FOUND-", 3);
            ExchangePage first = q.list(search);
            assertEquals(
                    List.of(10500L, 10000L, 9500L),
                    first.items().stream().map(ExchangeSummary::id).toList());
            assertEquals(9500L, first.next());
            List<Long> ids = all(q, search);
            assertEquals(21, ids.size(), ids.toString());
            assertEquals(21, new HashSet<>(ids).size(), "no overlap");

            // A rare text: the first page examines its budget of rows and says where to go on.
            ExchangeFilter rare = search(Optional.empty(), "found-500\"", 3);
            ExchangePage partial = q.list(rare);
            assertTrue(partial.items().isEmpty());
            assertEquals(total - ExchangeSearch.MAX_ROWS + 1, partial.next());
            assertEquals(List.of(500L), all(q, rare));

            // With other filters: narrowed in SQL first.
            ExchangeFilter narrowed = search(Optional.of("/s/500"), "needle", 10);
            assertEquals(List.of(5000L, 500L), all(q, narrowed));
        }
    }

    @Test
    void aFindingIsUpsertedOncePerRuleAndSubject() throws Exception {
        try (Store store = open()) {
            for (int i = 1; i <= 4; i++) {
                store.sink().offer(exchange(i, NOW, "PUT", "/f", 200, "{}"));
            }
            awaitRecorded(store, 4);
            FindingStore f = store.findings();
            String subject = "PUT /f " + "s".repeat(5000);
            Finding first = f.upsert(draft("put-divergent-response", subject, "warning", List.of(1L, 2L), 10, 20));
            Finding again = f.upsert(draft("put-divergent-response", subject, "violation", List.of(2L, 3L), 5, 15));
            Finding third = f.upsert(draft("put-divergent-response", subject, "warning", List.of(4L), 30, 40));
            assertEquals(first.id(), again.id());
            assertEquals(first.id(), third.id());
            assertEquals(List.of(1L, 2L, 3L, 4L), third.exchangeIds());
            assertEquals("violation", third.severity(), "a violation stays one");
            assertEquals(NOW.plusSeconds(5), third.firstSeen());
            assertEquals(NOW.plusSeconds(40), third.lastSeen());
            assertTrue(again.version() > first.version() && third.version() > again.version());
            Finding other = f.upsert(draft("post-duplicate", "POST /f", "warning", List.of(1L), 1, 2));
            assertEquals(2, f.list(Optional.empty(), Optional.empty()).size());
            assertEquals(
                    1, f.list(Optional.of("post-duplicate"), Optional.empty()).size());
            assertEquals(2, f.list(Optional.empty(), Optional.of("/f")).size());
            assertEquals(0, f.list(Optional.empty(), Optional.of("%")).size());
            assertEquals(java.util.Map.of("post-duplicate", 1L, "put-divergent-response", 1L), f.countsByRule());
            assertEquals(
                    List.of("post-duplicate", "put-divergent-response"),
                    f.rulesByExchange(List.of(1L)).get(1L));
            assertEquals(
                    List.of(other.id()),
                    f.changedAfter(third.version()).stream().map(Finding::id).toList());
            assertEquals(2, f.changedAfter(0).size());
            assertEquals(other, f.find(other.id()).orElseThrow());
            assertEquals(
                    List.of(1L),
                    all(
                            store.queries(),
                            new ExchangeFilter(
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.of("post-duplicate"),
                                    Optional.empty(),
                                    Optional.empty(),
                                    10)));
        }
    }

    @Test
    void aMutedFindingStaysMutedWhenRepeatsExtendItAndEveryReaderSeesTheChange() throws Exception {
        try (Store store = open()) {
            for (int i = 1; i <= 3; i++) {
                store.sink().offer(exchange(i, NOW, "PUT", "/m", 200, "{}"));
            }
            awaitRecorded(store, 3);
            FindingStore f = store.findings();
            Finding found = f.upsert(draft("put-divergent-response", "PUT /m", "warning", List.of(1L, 2L), 1, 2));
            assertFalse(found.muted());
            Finding muted = f.mute(found.id(), true).orElseThrow();
            assertTrue(muted.muted());
            assertTrue(muted.version() > found.version(), "a shared store's dashboards follow versions");
            assertEquals(
                    List.of(muted.id()),
                    f.changedAfter(found.version()).stream().map(Finding::id).toList());
            Finding extended = f.upsert(draft("put-divergent-response", "PUT /m", "warning", List.of(3L), 3, 4));
            assertTrue(extended.muted(), "a repeat does not unmute it");
            assertEquals(List.of(1L, 2L, 3L), extended.exchangeIds());
            assertFalse(f.mute(found.id(), false).orElseThrow().muted());
            assertTrue(f.mute(found.id() + 1000, true).isEmpty(), "no such finding");
        }
    }

    @Test
    void exchangesPastTheAgeGoAndFindingsKeepOnlyWhatRemains() throws Exception {
        try (Store store = open()) {
            store.sink().offer(StoreTraffic.sized(1, NOW.minus(Duration.ofDays(9)), 10));
            store.sink().offer(StoreTraffic.sized(2, NOW.minus(Duration.ofDays(8)), 10));
            store.sink().offerMark(new WriteMark(3, NOW.minus(Duration.ofDays(8)), "DELETE", "/x", 204));
            store.sink().offer(StoreTraffic.sized(4, NOW.minus(Duration.ofDays(1)), 10));
            store.sink().offerMark(new WriteMark(5, NOW.minus(Duration.ofDays(1)), "DELETE", "/x", 204));
            awaitRecorded(store, 3);
            StoreTraffic.await(
                    "marks stored",
                    () -> store.queries().recentMarksByUrl("/x", 99, 5).size() == 2);
            store.findings().upsert(draft("put-duplicate-create", "old", "violation", List.of(1L, 2L), 0, 0));
            store.findings().upsert(draft("put-divergent-response", "mixed", "warning", List.of(2L, 4L), 0, 0));
            try (Retention retention =
                    store.retention(RetentionPolicy.parse("7d"), Clock.fixed(NOW, ZoneOffset.UTC), Duration.ZERO)) {
                assertEquals(2, retention.run());
            }
            assertEquals(1, store.queries().count());
            List<Finding> left = store.findings().list(Optional.empty(), Optional.empty());
            assertEquals(1, left.size());
            assertEquals("put-divergent-response", left.get(0).rule());
            assertEquals(List.of(4L), left.get(0).exchangeIds());
            assertEquals(
                    List.of(5L),
                    store.queries().recentMarksByUrl("/x", 99, 5).stream()
                            .map(WriteMark::id)
                            .toList());
        }
    }

    @Test
    void pastTheSizeBudgetTheOldestGoFirst() throws Exception {
        try (Store store = open()) {
            for (int i = 1; i <= 200; i++) {
                store.sink().offer(StoreTraffic.sized(i, NOW, 32 * 1024));
            }
            awaitRecorded(store, 200);
            awaitSizeAccounting(store);
            try (Retention retention =
                    store.retention(RetentionPolicy.parse("2MiB"), Clock.fixed(NOW, ZoneOffset.UTC), Duration.ZERO)) {
                assertTrue(retention.run() > 100);
            }
            long left = store.queries().count();
            assertTrue(left > 0 && left < 100, left + " left");
            assertTrue(store.queries().find(200).isPresent(), "the newest stays");
            assertTrue(store.queries().find(1).isEmpty(), "the oldest goes");
        }
    }

    @Test
    void pastTheBodyBudgetBodiesAreShedButEveryRowIsKept() throws Exception {
        int n = 50;
        Store store = open(StoreOptions.of(1000).withBodyBudget(100 * 1024).withInstance("pod-a"));
        for (int i = 1; i <= n; i++) {
            assertTrue(store.sink().offer(StoreTraffic.sized(i, NOW, 10 * 1024)));
        }
        store.close(Duration.ofSeconds(10));
        RecordingStats stats = store.stats();
        assertEquals(n, stats.recorded());
        assertTrue(stats.bodiesShed() > 0, stats.toString());
        try (Store reopened = open()) {
            assertEquals(n, reopened.queries().count());
            long shedRows = 0;
            for (long id = 1; id <= n; id++) {
                Exchange e = reopened.queries().find(id).orElseThrow().exchange();
                assertArrayEquals(
                        StoreTraffic.random(id, 10 * 1024).sha256(),
                        e.requestBody().sha256());
                assertEquals(10 * 1024, e.requestBody().size());
                if (e.requestBody().shed()) {
                    shedRows++;
                    assertEquals(0, e.requestBody().stored().length);
                    assertTrue(e.requestBody().truncated());
                }
            }
            assertEquals(stats.bodiesShed(), shedRows);
        }
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
        int n = 5000;
        Store store = open(StoreOptions.of(4).withBodyBudget(1 << 30).withInstance("pod-a"));
        int accepted = 0;
        for (int i = 1; i <= n; i++) {
            if (store.sink().offer(StoreTraffic.sized(i, NOW, 16))) {
                accepted++;
            }
        }
        store.close(Duration.ofSeconds(10));
        RecordingStats stats = store.stats();
        assertTrue(stats.dropped() > 0, stats.toString());
        assertEquals(n, stats.recorded() + stats.dropped());
        assertEquals(accepted, stats.recorded());
    }

    @Test
    void aNulInATextValueDoesNotLoseTheBatch() throws Exception {
        try (Store store = open()) {
            Exchange odd = new Exchange(
                    1,
                    NOW,
                    "PUT",
                    "/nul",
                    200,
                    1000,
                    "odd\0error",
                    List.of(new Header("X-Odd", "a\0b")),
                    StoreTraffic.text("{}"),
                    List.of(),
                    StoreTraffic.text("{}"));
            store.sink().offer(odd);
            store.sink().offer(exchange(2, NOW, "PUT", "/ok", 200, "{}"));
            awaitRecorded(store, 2);
            assertEquals(2, store.queries().count());
            assertTrue(store.stats().failed().isEmpty(), store.stats().toString());
        }
    }

    static FindingStore.FindingDraft draft(
            String rule, String subject, String severity, List<Long> ids, long first, long last) {
        return new FindingStore.FindingDraft(
                rule, subject, severity, "PUT", "/f", "m", "{}", ids, NOW.plusSeconds(first), NOW.plusSeconds(last));
    }

    static ExchangeFilter filter(Optional<String> method, Optional<String> url, Optional<Integer> status, int limit) {
        return new ExchangeFilter(
                method, url, status, status, Optional.empty(), Optional.empty(), Optional.empty(), limit);
    }

    static ExchangeFilter search(Optional<String> url, String text, int limit) {
        return new ExchangeFilter(
                Optional.empty(),
                url,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                limit,
                Optional.of(text));
    }

    static ExchangeFilter byInstance(String name) {
        return new ExchangeFilter(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(name),
                Optional.empty(),
                10);
    }

    /** Every id the filter matches, following {@code next} page by page. */
    static List<Long> all(ExchangeQueries q, ExchangeFilter first) {
        List<Long> ids = new ArrayList<>();
        ExchangeFilter f = first;
        while (true) {
            ExchangePage page = q.list(f);
            page.items().forEach(s -> ids.add(s.id()));
            if (page.next() == null) {
                return ids;
            }
            f = f.before(page.next());
        }
    }
}
