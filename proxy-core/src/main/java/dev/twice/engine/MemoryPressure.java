package dev.twice.engine;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Sheds work before the heap runs out (docs/reliability.md D40): judged by what the heap holds right
 * after each garbage collection, not by its momentary use, which is mostly garbage. Past 90 %
 * recording keeps rows, headers and hashes but no body bytes; past 97 % the proxy also answers new
 * requests 503 with Connection: close, instead of being killed for running out.
 */
final class MemoryPressure implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MemoryPressure.class.getName());

    enum Level {
        NORMAL,
        SHED_RECORDING,
        SHED_LOAD
    }

    private volatile Level level = Level.NORMAL;
    /** Heap bytes in use after the last collection reported; -1 before the first. */
    private volatile long lastUsedAfterGc = -1;

    private final Consumer<Level> onChange;
    private final List<Runnable> unregister = new ArrayList<>();

    private MemoryPressure(Consumer<Level> onChange) {
        this.onChange = onChange;
    }

    /** The pure rule: heap in use after a collection, against the most the heap may grow to. */
    static Level levelFor(long usedAfterGc, long max) {
        if (max <= 0) {
            return Level.NORMAL;
        }
        double f = (double) usedAfterGc / max;
        return f >= 0.97 ? Level.SHED_LOAD : f >= 0.90 ? Level.SHED_RECORDING : Level.NORMAL;
    }

    /** Hears only what {@link #report} is told: for tests, which cannot steer the JVM's collections. */
    static MemoryPressure unwatched(Consumer<Level> onChange) {
        return new MemoryPressure(onChange);
    }

    /** Listens to every collector of this JVM; {@code onChange} hears each change of level. */
    static MemoryPressure watchHeap(Consumer<Level> onChange) {
        MemoryPressure p = new MemoryPressure(onChange);
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getName)
                .collect(Collectors.toSet());
        long max = Runtime.getRuntime().maxMemory();
        NotificationListener listener = (Notification n, Object handback) -> {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                return;
            }
            var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            long used = 0;
            for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                if (heapPools.contains(e.getKey())) {
                    MemoryUsage u = e.getValue();
                    used += u.getUsed();
                }
            }
            // A young collection leaves the old generation's garbage in place, so what it reports
            // overstates what is live: only a collection of the whole heap may raise the level.
            p.report(used, max, info.getGcAction().contains("major"));
        };
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                p.unregister.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (ListenerNotFoundException ignored) {
                        // already gone
                    }
                });
            }
        }
        return p;
    }

    /** After a collection of the whole heap: {@code usedAfterGc} of {@code max} heap bytes. */
    void report(long usedAfterGc, long max) {
        report(usedAfterGc, max, true);
    }

    /**
     * After a collection: {@code usedAfterGc} of {@code max} heap bytes. A young collection
     * ({@code wholeHeap} false) can only lower the level, never raise it.
     */
    void report(long usedAfterGc, long max, boolean wholeHeap) {
        lastUsedAfterGc = usedAfterGc;
        Level next = levelFor(usedAfterGc, max);
        Level before = level;
        if (next == before || (!wholeHeap && next.compareTo(before) > 0)) {
            return;
        }
        level = next;
        LOG.warning(
                switch (next) {
                    case NORMAL -> "heap back to normal: recording bodies and taking all requests again";
                    case SHED_RECORDING -> "heap over 90 % after GC: recording without body bytes";
                    case SHED_LOAD -> "heap over 97 % after GC: answering new requests 503 until it recovers";
                });
        onChange.accept(next);
    }

    long lastUsedAfterGc() {
        return lastUsedAfterGc;
    }

    boolean shedsLoad() {
        return level == Level.SHED_LOAD;
    }

    @Override
    public void close() {
        unregister.forEach(Runnable::run);
    }
}
