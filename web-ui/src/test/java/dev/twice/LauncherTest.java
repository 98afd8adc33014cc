package dev.twice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code java -jar twice.jar} with no heap size runs twice in a child JVM sized for a sidecar, as
 * real processes: the child's flags, signals passed on, the exit status passed back, and a child
 * that outlives a killed launcher stopping by itself.
 */
class LauncherTest {

    @TempDir
    Path dir;

    private Process launch(List<String> jvmFlags, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Launcher.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private Process launchTwice(List<String> jvmFlags) throws Exception {
        Process p = launch(
                jvmFlags,
                "--upstream",
                "http://127.0.0.1:9",
                "--listen",
                "127.0.0.1:0",
                "--dashboard",
                "127.0.0.1:0",
                "--db",
                dir.resolve("t.db").toString());
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("twice db")) {
            // the start lines: twice is up once the last one is printed
        }
        assertTrue(line != null, "twice printed its start lines");
        return p;
    }

    private static List<ProcessHandle> javaChildren(Process p) {
        return p.children()
                .filter(c -> c.info().command().orElse("").endsWith("java"))
                .toList();
    }

    @Test
    void withoutAHeapSizeTwiceRunsInAChildSizedForASidecarAndStopsWithItsLauncher() throws Exception {
        Process p = launchTwice(List.of());
        try {
            List<ProcessHandle> children = javaChildren(p);
            assertEquals(1, children.size(), "one child JVM");
            // ProcessHandle.Info drops arguments past its buffer (the test class path is long)
            List<String> childArgs = List.of(Files.readString(
                            Path.of("/proc", Long.toString(children.get(0).pid()), "cmdline"))
                    .split("\0"));
            assertTrue(childArgs.contains("-XX:+UseSerialGC"), childArgs.toString());
            assertTrue(childArgs.stream().anyMatch(a -> a.startsWith("-Xmx")), childArgs.toString());
            p.destroy(); // SIGTERM to the launcher alone
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the launcher exits");
            assertEquals(0, p.exitValue(), "twice drained and exited 0; the launcher says so");
            assertFalse(children.get(0).isAlive(), "the child is gone too");
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Test
    void aChildWhoseLauncherIsKilledStopsByItself() throws Exception {
        Process p = launchTwice(List.of());
        ProcessHandle child = javaChildren(p).get(0);
        try {
            p.destroyForcibly(); // SIGKILL: the launcher cannot pass anything on
            assertTrue(child.onExit().get(20, TimeUnit.SECONDS) != null);
            assertFalse(child.isAlive());
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void aChosenHeapSizeRunsTwiceInTheSameJvm() throws Exception {
        Process p = launchTwice(List.of("-Xms96m", "-Xmx96m")); // -Xmx equal to -Xms reads as "ergonomic"
        try {
            assertEquals(List.of(), javaChildren(p), "no child JVM");
        } finally {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
            p.destroyForcibly();
        }
    }

    @ParameterizedTest
    @CsvSource({
        "'-Xmx96m', true",
        "'-XX:MaxHeapSize=100m', true",
        "'-XX:MaxRAMPercentage=50', true",
        "'-XX:MaxRAM=1g', true",
        "'-Xms64m', false",
        "'-XX:+UseG1GC', false",
        "'-Dx=-Xmx1g', false",
    })
    void aHeapSizeIsChosenByAnyOfItsFlags(String argument, boolean chosen) {
        assertEquals(chosen, Launcher.heapChosen(List.of("-Dfile.encoding=UTF-8", argument)));
    }

    @Test
    void theChildsExitStatusIsTheLaunchers() throws Exception {
        Process p = launch(List.of(), "--upstream", "http://127.0.0.1:9", "--max-body", "lots");
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("--max-body"), out);
    }
}
