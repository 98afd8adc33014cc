package dev.twice;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;

/**
 * The jar's entry point. A plain {@code java -jar twice.jar} gets the JVM's defaults: a heap
 * ceiling of a quarter of the machine's memory, into which the collector grows under load — not
 * what a sidecar may take. When nobody chose a heap size (no {@code -Xmx}, {@code MaxRAM*}, from
 * the command line or {@code JAVA_TOOL_OPTIONS}), this process starts twice again in a child JVM
 * sized by {@link JvmSizing}, passes its signals on, and exits with its status; the child stops by
 * itself if this process is killed. With a heap size chosen, twice runs in this JVM as it is.
 */
public final class Launcher {

    /** Set on the child: the launcher's pid, which the child watches. */
    static final String PARENT_PROPERTY = "twice.parent";

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        String parent = System.getProperty(PARENT_PROPERTY);
        if (parent != null) {
            stopWhenGone(Long.parseLong(parent));
        } else if (!heapChosen(ManagementFactory.getRuntimeMXBean().getInputArguments())) {
            System.exit(runChild(args));
            return;
        }
        Twice.main(args);
    }

    /**
     * From the JVM's arguments, which include {@code JAVA_TOOL_OPTIONS} and {@code JDK_JAVA_OPTIONS}.
     * (The flag's origin is no guide: an {@code -Xmx} equal to {@code -Xms} is reported as ergonomic.)
     */
    static boolean heapChosen(List<String> jvmArguments) {
        return jvmArguments.stream()
                .anyMatch(a -> a.startsWith("-Xmx")
                        || a.startsWith("-XX:MaxHeapSize=")
                        || a.startsWith("-XX:MaxRAM")); // MaxRAM, MaxRAMPercentage, MaxRAMFraction
    }

    private static int runChild(String[] args) throws Exception {
        List<String> given = ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        boolean gcChosen = given.stream().anyMatch(a -> a.startsWith("-XX:+Use") && a.endsWith("GC"));
        for (String flag : JvmSizing.of(Path.of("/sys/fs/cgroup")).flags()) {
            if (!(gcChosen && flag.endsWith("GC"))) {
                command.add(flag);
            }
        }
        command.addAll(given); // the user's own -D, agents, GC: they win over ours
        command.add("-D" + PARENT_PROPERTY + "=" + ProcessHandle.current().pid());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Launcher.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        // glibc's per-thread malloc arenas would otherwise reserve memory per core the heap never sees
        builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "1");
        Process child = builder.start();
        // Ctrl-C reaches the child through the terminal's process group as well; a SIGTERM sent to
        // this process alone (systemd, kill) must reach it too. Either way this process waits.
        Signal.handle(new Signal("TERM"), s -> child.destroy());
        Signal.handle(new Signal("INT"), s -> child.destroy());
        return child.waitFor();
    }

    /** A child whose launcher was killed outright stops cleanly instead of running on, orphaned. */
    private static void stopWhenGone(long parentPid) {
        ProcessHandle.of(parentPid)
                .ifPresentOrElse(
                        p -> p.onExit().thenRun(() -> Signal.raise(new Signal("TERM"))),
                        () -> Signal.raise(new Signal("TERM")));
    }
}
