package dev.twice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The JVM flags that make twice fit a memory budget: the container's limit, or 256 MiB when there
 * is none (never a share of the node). The heap is a third of the budget; the rest is what lives
 * outside it, measured under saturated 64 KiB load (bench/README.md, "Under a memory limit"):
 * direct buffers, ~16 MiB of metaspace, ~12 MiB of shared classes, the code cache, thread stacks,
 * SQLite's caches and malloc. C2's compile arenas add ~25 MiB of malloc, so below 256 MiB only C1
 * compiles: that fits, at the cost of CPU and latency. The serial collector: on a heap this small
 * and one or two cores it costs least (docs/footprint.md). Used by {@link Launcher} for a plain
 * {@code java -jar} and printed by {@link #main} for the image's entrypoint.
 */
record JvmSizing(long budgetBytes) {

    static final long DEFAULT_BUDGET = 256L << 20;
    /** A cgroup "limit" above this is no limit at all (cgroup v1 reports ~2^63). */
    private static final long NO_LIMIT = 64L << 30;

    JvmSizing {
        if (budgetBytes <= 0) {
            throw new IllegalArgumentException("budget " + budgetBytes);
        }
    }

    /** The budget from a cgroup memory limit under {@code cgroupRoot} (v2, then v1), or the default. */
    static JvmSizing of(Path cgroupRoot) {
        OptionalLong limit = readLimit(cgroupRoot.resolve("memory.max"));
        if (limit.isEmpty()) {
            limit = readLimit(cgroupRoot.resolve("memory/memory.limit_in_bytes"));
        }
        return new JvmSizing(limit.isPresent() && limit.getAsLong() <= NO_LIMIT ? limit.getAsLong() : DEFAULT_BUDGET);
    }

    private static OptionalLong readLimit(Path file) {
        try {
            String text = Files.readString(file).trim();
            return text.matches("[0-9]{1,19}") ? OptionalLong.of(Long.parseLong(text)) : OptionalLong.empty();
        } catch (IOException | NumberFormatException | SecurityException e) {
            return OptionalLong.empty(); // "max", unreadable or absent: no limit
        }
    }

    List<String> flags() {
        long mib = budgetBytes >> 20;
        long heap = Math.max(32, mib * 32 / 100);
        long direct = Math.max(8, mib * 8 / 100);
        // The heap starts at a quarter and grows as the load needs: at a sidecar's usual 1,000 req/s
        // that kept 19 MiB less resident than a heap committed whole from the start (docs/footprint.md).
        long initial = Math.max(16, heap / 4);
        List<String> flags = new ArrayList<>(List.of(
                "-Xms" + initial + "m",
                "-Xmx" + heap + "m",
                "-XX:MaxDirectMemorySize=" + direct + "m",
                "-XX:MaxMetaspaceSize=48m"));
        if (mib >= 256) {
            flags.add("-XX:ReservedCodeCacheSize=48m");
        } else {
            flags.add("-XX:ReservedCodeCacheSize=16m");
            flags.add("-XX:TieredStopAtLevel=1");
        }
        flags.addAll(List.of("-Xss512k", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"));
        return flags;
    }

    /** Prints the flags for this machine's cgroup on one line (container/entrypoint.sh). */
    public static void main(String[] args) {
        System.out.println(String.join(" ", of(Path.of("/sys/fs/cgroup")).flags()));
    }
}
