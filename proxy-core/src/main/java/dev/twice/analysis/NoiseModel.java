package dev.twice.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Noise learned from the traffic itself: when two identical GETs of a URL with no write between
 * them return 2xx representations that differ, whatever differs there changes by itself — a JSON
 * path ({@code $.etag}), or a line of text ("Served by node 3") — and is noise for that URL and its
 * siblings of the same shape ({@code /users/1}, {@code /users/2} → {@code /users/{id}}).
 * Comparisons of PUT responses and of GETs after a PUT leave it out and say so
 * (docs/analysis.md, "Noise"). Learned on the analyzer thread; read by the API; bounded.
 */
public final class NoiseModel {

    static final int MAX_SHAPES = 10_000;
    static final int MAX_PER_SHAPE = 32;
    private static final Pattern ID_SEGMENT = Pattern.compile(
            "\\d+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{16,}");
    private static final Pattern INDEX = Pattern.compile("\\[\\d+]");

    /** What is known to be noise for one URL shape, and the pair of GETs that first showed it. */
    public record Learned(String shape, Set<String> jsonPaths, Set<String> textLines, long firstId, long secondId) {
        static final Learned NOTHING = new Learned("", Set.of(), Set.of(), 0, 0);

        public Learned {
            jsonPaths = Set.copyOf(jsonPaths);
            textLines = Set.copyOf(textLines);
        }
    }

    private final Map<String, Entry> byShape = new LinkedHashMap<>(256, 0.75f, true);

    private static final class Entry {
        final Set<String> paths = new LinkedHashSet<>();
        final Set<String> lines = new LinkedHashSet<>();
        long firstId;
        long secondId;
    }

    /**
     * {@code /users/42/orders?x=1} → {@code /users/{id}/orders}: ids in the path are one shape, the query is
     * left out.
     */
    static String shape(String url) {
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        String[] parts = path.split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            if (ID_SEGMENT.matcher(parts[i]).matches()) {
                parts[i] = "{id}";
            }
        }
        return String.join("/", parts);
    }

    /** A JSON path with its array indices generalised: {@code $.items[3].etag} → {@code $.items[*].etag}. */
    static String general(String jsonPath) {
        return INDEX.matcher(jsonPath).replaceAll("[*]");
    }

    /**
     * Called for each GET before the rules see it: if the GET before it on the same URL, with no
     * write between, was identical and answered the same 2xx status, what differs is learned.
     */
    void learnFrom(Observation current, History history, ResponseDiff raw) {
        if (!current.method().equals("GET") || current.failed() || !current.is2xx()) {
            return;
        }
        for (Observation o : history.recent(current.url(), current.id())) {
            if (o.isWrite()) {
                return;
            }
            if (o.identicalTo(current) && !o.failed()) {
                if (Objects.equals(o.status(), current.status())) {
                    ResponseDiff.Volatile v = raw.volatileParts(o, current);
                    if (!v.jsonPaths().isEmpty() || !v.linePrefixes().isEmpty()) {
                        learn(current.url(), o, current, v);
                    }
                }
                return;
            }
        }
    }

    private synchronized void learn(String url, Observation first, Observation second, ResponseDiff.Volatile v) {
        Entry e = byShape.computeIfAbsent(shape(url), s -> new Entry());
        if (e.firstId == 0) {
            e.firstId = first.id();
            e.secondId = second.id();
        }
        for (String p : v.jsonPaths()) {
            if (e.paths.size() < MAX_PER_SHAPE) {
                e.paths.add(general(p));
            }
        }
        for (String l : v.linePrefixes()) {
            if (e.lines.size() < MAX_PER_SHAPE) {
                e.lines.add(l);
            }
        }
        if (byShape.size() > MAX_SHAPES) {
            byShape.remove(byShape.keySet().iterator().next());
        }
    }

    /** What is noise for {@code url}'s shape; empty when nothing was learned. */
    synchronized Learned forUrl(String url) {
        String shape = shape(url);
        Entry e = byShape.get(shape);
        return e == null
                ? new Learned(shape, Set.of(), Set.of(), 0, 0)
                : new Learned(shape, e.paths, e.lines, e.firstId, e.secondId);
    }

    /** Everything learned, for the API: most recently used first. */
    public synchronized List<Learned> snapshot() {
        List<Learned> out = new ArrayList<>();
        byShape.forEach((shape, e) -> out.add(new Learned(shape, e.paths, e.lines, e.firstId, e.secondId)));
        Collections.reverse(out);
        return out;
    }
}
