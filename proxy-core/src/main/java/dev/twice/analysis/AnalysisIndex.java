package dev.twice.analysis;

import dev.twice.capture.Exchange;
import dev.twice.store.ExchangeQueries;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;

/**
 * The recent history the rules look at, in memory and bounded: per URL the last
 * {@link #PER_URL} exchanges, per Idempotency-Key the first {@link #PER_KEY}, least recently used
 * entries evicted past {@link #MAX_ENTRIES} entries or {@link #MAX_BYTES} of kept response bytes.
 * A URL or key not in memory (evicted, or recorded before a restart) is loaded from SQLite once.
 * Used by the analyzer thread only.
 */
final class AnalysisIndex implements History {

    static final int PER_URL = 16;
    static final int PER_KEY = 8;
    static final int MAX_ENTRIES = 50_000;
    static final long MAX_BYTES = 64L << 20;

    private final ExchangeQueries source;
    /**
     * Whether SQLite may hold history the index lacks: the db had exchanges when twice started,
     * or entries have been evicted since. Until then a miss means "never seen", with no query.
     */
    private boolean storeMayKnowMore;
    private final Map<String, LinkedList<Observation>> byUrl = new LinkedHashMap<>(1024, 0.75f, true);
    private final Map<String, LinkedList<Observation>> byKey = new LinkedHashMap<>(1024, 0.75f, true);
    private long heldBytes;

    AnalysisIndex(ExchangeQueries source, long lastIdAtStart) {
        this.source = source;
        this.storeMayKnowMore = lastIdAtStart > 0;
    }

    @Override
    public List<Observation> recent(String url, long beforeId) {
        LinkedList<Observation> list = byUrl.computeIfAbsent(url,
                u -> storeMayKnowMore ? load(source.recentByUrl(u, beforeId, PER_URL)) : new LinkedList<>());
        return list.stream().filter(o -> o.id() < beforeId).toList();
    }

    @Override
    public List<Observation> withKey(String key, long beforeId) {
        LinkedList<Observation> list = byKey.computeIfAbsent(key,
                k -> storeMayKnowMore ? load(source.byIdempotencyKey(k, beforeId, PER_KEY)) : new LinkedList<>());
        return list.stream().filter(o -> o.id() < beforeId).toList();
    }

    /** Adds an analysed exchange: newest first per URL, oldest first per key. */
    void add(Observation o) {
        LinkedList<Observation> urls = byUrl.computeIfAbsent(o.url(), u -> new LinkedList<>());
        urls.addFirst(o);
        heldBytes += o.heldBytes();
        while (urls.size() > PER_URL) {
            heldBytes -= urls.removeLast().heldBytes();
        }
        o.idempotencyKey().ifPresent(k -> {
            LinkedList<Observation> keyed = byKey.computeIfAbsent(k, x -> new LinkedList<>());
            if (keyed.size() < PER_KEY) {
                keyed.addLast(o);
                heldBytes += o.heldBytes();
            }
        });
        evict();
    }

    int entries() {
        return byUrl.size() + byKey.size();
    }

    long heldBytes() {
        return heldBytes;
    }

    private LinkedList<Observation> load(List<Exchange> exchanges) {
        LinkedList<Observation> out = new LinkedList<>();
        for (Exchange e : exchanges) {
            Observation o = Observation.of(e);
            out.add(o);
            heldBytes += o.heldBytes();
        }
        return out;
    }

    private void evict() {
        evict(byUrl);
        evict(byKey);
    }

    private void evict(Map<String, LinkedList<Observation>> map) {
        Iterator<Map.Entry<String, LinkedList<Observation>>> it = map.entrySet().iterator();
        while ((map.size() > MAX_ENTRIES / 2 || heldBytes > MAX_BYTES) && it.hasNext()) {
            for (Observation o : it.next().getValue()) {
                heldBytes -= o.heldBytes();
            }
            it.remove();
            storeMayKnowMore = true;
        }
    }
}
