package dev.twice.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** A real tmpfs of a given size, mounted for one test; a test that cannot mount says so and is skipped. */
public final class TinyFilesystem implements AutoCloseable {

    public final Path root;

    private TinyFilesystem(Path root) {
        this.root = root;
    }

    public static TinyFilesystem mount(Path dir, String size) throws Exception {
        Path root = Files.createDirectories(dir.resolve("fs"));
        int rc = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", root.toString());
        Assumptions.assumeTrue(rc == 0, "cannot mount a tmpfs here (needs root): storage-fault case skipped");
        return new TinyFilesystem(root);
    }

    public void remountReadOnly() throws Exception {
        if (run("mount", "-o", "remount,ro", root.toString()) != 0) {
            throw new IllegalStateException("remount read-only failed");
        }
    }

    @Override
    public void close() throws Exception {
        run("umount", "-l", root.toString());
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
