package dev.twice.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests: Debian's {@code initdb} makes a cluster in a temporary
 * directory (as the {@code postgres} user when the tests run as root, which PostgreSQL refuses to
 * run as), {@code pg_ctl} starts it on a free loopback port with password authentication, and
 * closing stops it and deletes the directory. Durability is off: a test's data needs no fsync.
 * A missing PostgreSQL is a failure naming what installs it, never a skip.
 */
public final class Postgres implements AutoCloseable {

    public static final String USER = "twice";
    public static final String PASSWORD = "twice-test-secret";
    private static final String SUPERUSER_PASSWORD = "postgres-test-secret";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static Postgres shared;

    private final Path dir;
    private final Path bin;
    private final int port;
    private final boolean asPostgres;

    private Postgres(Path dir, Path bin, int port, boolean asPostgres) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /** One server for the whole test JVM, started on first use, stopped when the JVM exits. */
    public static synchronized Postgres shared() throws IOException {
        if (shared == null) {
            shared = start();
            Postgres s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "postgres-stop"));
        }
        return shared;
    }

    /** A server of its own, for a test that stops and starts it. */
    public static Postgres start() throws IOException {
        Path bin = binDir();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("twice-pg-");
        Files.writeString(dir.resolve("pw"), SUPERUSER_PASSWORD + "\n");
        if (root) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), dir);
        }
        Postgres pg = new Postgres(dir, bin, ExternalServer.freePort(), root);
        pg.runAs(List.of(
                bin.resolve("initdb").toString(),
                "-D",
                dir.resolve("data").toString(),
                "-U",
                "postgres",
                "--auth=scram-sha-256",
                "--pwfile=" + dir.resolve("pw"),
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync"));
        pg.startServer();
        try (Connection c = pg.superuser("postgres");
                Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
        } catch (SQLException e) {
            pg.close();
            throw new IOException("cannot create the test role: " + e.getMessage(), e);
        }
        return pg;
    }

    private static Path binDir() {
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                var newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(
                                v -> Integer.parseInt(v.getFileName().toString().replaceAll("\\D", "0"))));
                if (newest.isPresent()) {
                    return newest.get().resolve("bin");
                }
            } catch (IOException ignored) {
                // fall back to the PATH below
            }
        }
        return ExternalServer.program("initdb", "apt-get install postgresql").getParent();
    }

    /** Starts the server (again, after {@link #stop}); waits until it accepts connections. */
    public void startServer() throws IOException {
        runAs(List.of(
                bin.resolve("pg_ctl").toString(),
                "-D",
                dir.resolve("data").toString(),
                "-l",
                dir.resolve("server.log").toString(),
                "-w",
                "-t",
                "60",
                "-o",
                "-c listen_addresses=127.0.0.1 -p " + port + " -k " + dir
                        + " -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200",
                "start"));
    }

    /** Stops the server (fast: open sessions are ended, as in a restart or failover). */
    public void stop() throws IOException {
        runAs(List.of(
                bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop"));
    }

    /** A fresh, empty database owned by the test role; returns its {@code --store} URL. */
    public String newDatabase() throws SQLException {
        String name = "t" + DATABASES.incrementAndGet();
        try (Connection c = superuser("postgres");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " OWNER " + USER);
        }
        return url(name, PASSWORD);
    }

    /** The {@code --store} URL of {@code database} with {@code password}. */
    public String url(String database, String password) {
        return "postgresql://" + USER + ":" + password + "@127.0.0.1:" + port + "/" + database;
    }

    /** The database name of a URL {@link #newDatabase} gave. */
    public static String databaseOf(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** A superuser connection to {@code database}, for what a test sets up or breaks on purpose. */
    public Connection superuser(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", SUPERUSER_PASSWORD);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, p);
    }

    public int port() {
        return port;
    }

    private void runAs(List<String> command) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full, dir);
    }

    private static void run(List<String> command, Path dir) throws IOException {
        Path log = Files.createTempFile("twice-pg-cmd", ".log");
        try {
            Process p = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in 90 s: " + Files.readString(log));
            }
            if (p.exitValue() != 0) {
                throw new IOException(
                        String.join(" ", command) + " exited with " + p.exitValue() + ": " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (IOException ignored) {
            // already stopped, or never started: the directory goes either way
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is no test failure
        }
    }
}
