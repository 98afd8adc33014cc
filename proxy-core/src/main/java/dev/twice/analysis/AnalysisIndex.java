package dev.twice.analysis;

import dev.twice.capture.Exchange;
import dev.twice.capture.WriteMark;
import dev.twice.store.ExchangeQueries;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;

/**
 * The recent history the rules look at, in memory and bounded: per URL the last
 * {@link #PER_URL} exchanges, per Idempotency-Key the first {@link #PER_KEY}, least recently used
 * entries evicted past {@link #MAX_ENTRIES} entries or {@link #MAX_BYTES} of kept response bytes.
 * A URL or key not in memory (evicted, or recorded before a restart) is loaded from SQLite once,
 * with the marks of unrecorded writes, so that a restart forgets no write between two PUTs.
 * Used by the analyzer thread only.
 */
final class AnalysisIndex implements History {

    static final int PER_URL = 16;
    static final int PER_KEY = 8;
    static final int MAX_ENTRIES = 50_000;
    /** An eighth of the heap, at most 64 MiB (docs/reliability.md D40). */
    static final long MAX_BYTES = Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8);
    /** Keys share the filter with URLs; URLs start with '/' or '*', so this prefix cannot collide. */
    static final String KEY_PREFIX = "key:";

    private final ExchangeQueries source;
    /** URLs and keys whose history may be in SQLite only; a miss outside it needs no query. */
    private final SeenFilter onlyInStore = new SeenFilter();

    private final Map<String, LinkedList<Observation>> byUrl = new LinkedHashMap<>(1024, 0.75f, true);
    private final Map<String, LinkedList<Observation>> byKey = new LinkedHashMap<>(1024, 0.75f, true);
    private long heldBytes;

    AnalysisIndex(ExchangeQueries source) {
        this.source = source;
    }

    /** Notes a URL or (prefixed) key already in the db at start, before analysing begins. */
    void rememberStored(String urlOrKey) {
        onlyInStore.add(urlOrKey);
    }

    @Override
    public List<Observation> recent(String url, long beforeId) {
        LinkedList<Observation> list = byUrl.computeIfAbsent(
                url, u -> onlyInStore.mightContain(u) ? loadUrl(u, beforeId) : new LinkedList<>());
        return list.stream().filter(o -> o.id() < beforeId).toList();
    }

    @Override
    public List<Observation> withKey(String key, long beforeId) {
        LinkedList<Observation> list = byKey.computeIfAbsent(
                key,
                k -> onlyInStore.mightContain(KEY_PREFIX + k)
                        ? load(source.byIdempotencyKey(k, beforeId, PER_KEY))
                        : new LinkedList<>());
        return list.stream().filter(o -> o.id() < beforeId).toList();
    }

    /** Adds an analysed exchange: newest first per URL, oldest first per key. */
    void add(Observation o) {
        // The URL's stored history first, if it may have one: a mark or a failed exchange is added
        // without a look-up before it, and must not hide what the store knows.
        LinkedList<Observation> urls = byUrl.computeIfAbsent(
                o.url(), u -> onlyInStore.mightContain(u) ? loadUrl(u, o.id()) : new LinkedList<>());
        // Newest first by id: two exchanges that end together may arrive out of order.
        java.util.ListIterator<Observation> at = urls.listIterator();
        while (at.hasNext()) {
            if (at.next().id() < o.id()) {
                at.previous();
                break;
            }
        }
        at.add(o);
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

    /** A URL's stored exchanges and marks of unrecorded writes, merged newest first. */
    private LinkedList<Observation> loadUrl(String url, long beforeId) {
        List<Observation> merged = new ArrayList<>(load(source.recentByUrl(url, beforeId, PER_URL)));
        for (WriteMark m : source.recentMarksByUrl(url, beforeId, PER_URL)) {
            merged.add(Observation.of(m));
        }
        merged.sort(Comparator.comparingLong(Observation::id).reversed());
        LinkedList<Observation> out = new LinkedList<>();
        for (Observation o : merged) {
            if (out.size() == PER_URL) {
                heldBytes -= o.heldBytes();
            } else {
                out.add(o);
            }
        }
        return out;
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

    /** After a clear: nothing held is stored any more (the filter may say "maybe stored": a look-up finds nothing). */
    void forgetAll() {
        byUrl.clear();
        byKey.clear();
        heldBytes = 0;
    }

    private void evict() {
        evict(byUrl, "");
        evict(byKey, KEY_PREFIX);
    }

    private void evict(Map<String, LinkedList<Observation>> map, String prefix) {
        Iterator<Map.Entry<String, LinkedList<Observation>>> it = map.entrySet().iterator();
        while ((map.size() > MAX_ENTRIES / 2 || heldBytes > MAX_BYTES) && it.hasNext()) {
            Map.Entry<String, LinkedList<Observation>> oldest = it.next();
            for (Observation o : oldest.getValue()) {
                heldBytes -= o.heldBytes();
            }
            onlyInStore.add(prefix + oldest.getKey());
            it.remove();
        }
    }
}
