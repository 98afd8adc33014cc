package dev.twice.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real server the project did not write (nginx, json-server), run as a child process on a free
 * loopback port and stopped when closed. Its output goes to {@code log} in its own directory, so a
 * failed start says why. A missing program is a failure naming what installs it, never a skip.
 */
public final class ExternalServer implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private ExternalServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts {@code command} in {@code dir} and waits until {@code port} accepts connections. */
    public static ExternalServer start(List<String> command, Path dir, int port) throws IOException {
        Path log = dir.resolve("server.log");
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        ExternalServer server = new ExternalServer(p, port, log);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException(command.get(0) + " exited with " + p.exitValue() + ": " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return server;
            } catch (IOException notYet) {
                sleep();
            }
        }
        server.close();
        throw new IOException(command.get(0) + " did not listen on " + port + " within 20 s: " + Files.readString(log));
    }

    /** A loopback port nothing listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** {@code name} on the PATH, or a failure saying what the test command installs. */
    public static Path program(String name, String installedBy) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            for (String candidate : List.of(dir, "/usr/sbin", "/sbin")) {
                Path p = Path.of(candidate, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        throw new IllegalStateException(
                name + " is not installed; the test command (./test.sh) installs it: " + installedBy);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
