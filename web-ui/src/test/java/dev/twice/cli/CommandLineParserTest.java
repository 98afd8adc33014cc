package dev.twice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.config.ByteSize;
import dev.twice.config.Durability;
import dev.twice.config.ProxyLimits;
import dev.twice.config.TwiceConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandLineParserTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private CommandLineParser.Parsed parse(Map<String, String> env, String... args) {
        return CommandLineParser.parse(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void withOnlyAnUpstreamEveryOtherFlagHasItsSpecDefault() {
        TwiceConfig c =
                parse(Map.of(), "--upstream", "http://127.0.0.1:3000").config().orElseThrow();
        assertEquals("127.0.0.1:8080", c.listen().toString());
        assertEquals("127.0.0.1:9090", c.dashboard().toString());
        assertEquals(Path.of("twice.db"), c.db());
        assertEquals("PUT,POST,PATCH,DELETE", c.record().toString());
        assertEquals(1 << 20, c.maxBody().bytes());
        // docs/interface.md's list, widened by patterns for what real APIs send (docs/security.md).
        assertTrue(
                c.redactHeaders()
                        .containsAll(Set.of(
                                "authorization",
                                "proxy-authorization",
                                "cookie",
                                "set-cookie",
                                "x-api-key",
                                "*token*")),
                c.redactHeaders().toString());
        assertEquals(TwiceConfig.DEFAULT_IGNORE_FIELDS, c.ignoreFields());
        assertTrue(c.token().isEmpty());
        assertEquals(Duration.ofSeconds(5), c.connectTimeout());
        assertEquals(Duration.ofSeconds(60), c.upstreamTimeout());
        assertEquals("7d,1GiB", c.retention().toString());
        assertEquals(ProxyLimits.DEFAULT, c.limits());
        assertEquals(256 << 20, c.maxWal().bytes());
        assertEquals(Durability.NORMAL, c.durability());
        assertEquals(TwiceConfig.DEFAULT_REDACT_QUERY, c.redactQuery());
        assertEquals(TwiceConfig.DEFAULT_REDACT_FIELDS, c.redactFields());
    }

    @Test
    void fullSynchronousCanBeAskedFor() {
        assertEquals(
                Durability.FULL,
                parse(Map.of("TWICE_UPSTREAM", "http://h:1"), "--synchronous", "FULL")
                        .config()
                        .orElseThrow()
                        .durability());
    }

    @Test
    void redactionListsCanBeReplacedOrEmptied() {
        TwiceConfig c = parse(
                        Map.of("TWICE_UPSTREAM", "http://h:1", "TWICE_REDACT_QUERY", "sig, key"), "--redact-fields", "")
                .config()
                .orElseThrow();
        assertEquals(List.of("sig", "key"), c.redactQuery());
        assertEquals(List.of(), c.redactFields());
    }

    @Test
    void limitFlagsAndTheirEnvironmentVariablesReachTheConfig() {
        TwiceConfig c = parse(
                        Map.of("TWICE_UPSTREAM", "http://h:1", "TWICE_BODY_TIMEOUT", "5s"),
                        "--max-header-size",
                        "16KiB",
                        "--max-headers",
                        "50",
                        "--max-target",
                        "4KiB",
                        "--header-timeout",
                        "10s",
                        "--idle-timeout",
                        "30s",
                        "--max-client-connections",
                        "200")
                .config()
                .orElseThrow();
        assertEquals(
                new ProxyLimits(
                        ByteSize.parse("16KiB"),
                        50,
                        ByteSize.parse("4KiB"),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(30),
                        200),
                c.limits());
    }

    @Test
    void environmentVariablesFillFlagsThatAreNotGiven() {
        TwiceConfig c = parse(Map.of(
                        "TWICE_UPSTREAM",
                        "https://api.example:8443/v1",
                        "TWICE_LISTEN",
                        "0.0.0.0:8000",
                        "TWICE_MAX_BODY",
                        "64KiB",
                        "TWICE_RECORD",
                        "ALL",
                        "TWICE_TOKEN",
                        "s3cret-0123456789"))
                .config()
                .orElseThrow();
        assertEquals("https://api.example:8443/v1", c.upstream().orElseThrow().toString());
        assertEquals("0.0.0.0:8000", c.listen().toString());
        assertEquals(64 * 1024, c.maxBody().bytes());
        assertTrue(c.record().matches("GET"));
        assertEquals("s3cret-0123456789", c.token().orElseThrow());
    }

    @Test
    void aFlagWinsOverItsEnvironmentVariable() {
        TwiceConfig c = parse(
                        Map.of("TWICE_MAX_BODY", "64KiB", "TWICE_UPSTREAM", "http://env:1"),
                        "--max-body",
                        "2MiB",
                        "--upstream",
                        "http://flag:2")
                .config()
                .orElseThrow();
        assertEquals(2 << 20, c.maxBody().bytes());
        assertEquals("flag", c.upstream().orElseThrow().host());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--max-body|12QB|--max-body",
                "--max-body|-1|--max-body",
                "--listen|8080|--listen",
                "--listen|127.0.0.1:99999|--listen",
                "--dashboard|nohost:|--dashboard",
                "--upstream|ftp://x|--upstream",
                "--upstream|http://h/p?q=1|--upstream",
                "--record|PUT;POST|--record",
                "--connect-timeout|5 parsecs|--connect-timeout",
                "--upstream-timeout|0s|--upstream-timeout",
                "--retention|7d,1GiB,2GiB|--retention",
                "--retention|forever|--retention",
                "--max-headers|0|--max-headers",
                "--max-client-connections|many|--max-client-connections",
                "--header-timeout|soon|--header-timeout",
                "--max-target|1MiB|--max-target",
                "--synchronous|sometimes|--synchronous",
                "--max-body|1GiB|--max-body",
                "--store|mysql://u:pw@h/db|--store",
                "--store|postgresql://u:pw@/db|--store",
                "--store|postgresql://u:pw@h:5432|--store",
                "--store|postgresql://u:pw@h:99999999/db|--store",
                "--instance|has space|--instance",
            })
    void aBadValueIsOneLineNamingTheFlagAndExitStatus2(String flag, String value, String named) {
        CommandLineParser.Parsed p = parse(Map.of("TWICE_UPSTREAM", "http://127.0.0.1:3000"), flag, value);
        assertEquals(2, p.exitCode());
        assertTrue(p.config().isEmpty());
        String message = err.toString();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains(named), message);
    }

    @Test
    void aStoreUrlsPasswordNeverAppearsInAnErrorAndTheFleetFlagsReachTheConfig() {
        parse(Map.of(), "--upstream", "http://h:1", "--store", "mysql://twice:hunter2-secret@db/x");
        assertTrue(!err.toString().contains("hunter2-secret"), err.toString());
        TwiceConfig c = parse(
                        Map.of("TWICE_INSTANCE", "pod-7"),
                        "--store",
                        "postgresql://twice:p%40ss@db.internal/fleet?sslmode=require",
                        "--dashboard-only",
                        "--allow-verify")
                .config()
                .orElseThrow();
        assertEquals("pod-7", c.fleet().instance());
        assertTrue(c.fleet().dashboardOnly());
        assertTrue(c.allowVerify());
        var url = c.fleet().store().orElseThrow();
        assertEquals("jdbc:postgresql://db.internal:5432/fleet?sslmode=require", url.jdbcUrl());
        assertEquals("p@ss", url.password().orElseThrow());
        assertEquals("postgresql://twice:***@db.internal:5432/fleet", url.toString());
        CommandLineParser.Parsed alone = parse(Map.of(), "--dashboard-only");
        assertEquals(2, alone.exitCode(), "dashboard-only needs a shared store");
    }

    @Test
    void aBadEnvironmentValueNamesTheFlagItFeeds() {
        CommandLineParser.Parsed p = parse(Map.of("TWICE_UPSTREAM", "http://h:1", "TWICE_MAX_BODY", "lots"));
        assertEquals(2, p.exitCode());
        assertTrue(err.toString().contains("--max-body"), err.toString());
    }

    @Test
    void aMissingUpstreamIsAUsageError() {
        CommandLineParser.Parsed p = parse(Map.of());
        assertEquals(2, p.exitCode());
        assertTrue(err.toString().contains("--upstream"));
    }

    @Test
    void demoNeedsNoUpstreamAndRecordsGetsUnlessToldOtherwise() {
        TwiceConfig c = parse(Map.of(), "--demo").config().orElseThrow();
        assertTrue(c.demo());
        assertTrue(c.upstream().isEmpty());
        assertEquals("PUT,POST,PATCH,DELETE,GET", c.record().toString());
        assertEquals(
                "PUT",
                parse(Map.of("TWICE_DEMO", "true"), "--record", "PUT")
                        .config()
                        .orElseThrow()
                        .record()
                        .toString());
    }

    @Test
    void helpListsEveryFlagAndExitsZero() {
        CommandLineParser.Parsed p = parse(Map.of(), "--help");
        assertEquals(0, p.exitCode());
        for (String flag : new String[] {
            "--upstream",
            "--listen",
            "--dashboard",
            "--db",
            "--record",
            "--max-body",
            "--redact-headers",
            "--ignore-fields",
            "--token",
            "--demo",
            "--retention",
            "--connect-timeout",
            "--upstream-timeout",
            "--max-header-size",
            "--max-headers",
            "--max-target",
            "--header-timeout",
            "--body-timeout",
            "--idle-timeout",
            "--max-client-connections",
            "--max-wal",
            "--redact-query",
            "--redact-fields",
            "--synchronous",
            "--token-file"
        }) {
            assertTrue(out.toString().contains(flag), flag);
        }
    }

    @Test
    void aShortTokenIsRefusedNamingTheFlag() {
        CommandLineParser.Parsed p = parse(Map.of("TWICE_TOKEN", "change-me"), "--upstream", "http://127.0.0.1:3000");
        assertEquals(2, p.exitCode());
        assertTrue(err.toString().startsWith("twice: --token: at least 16 characters"), err.toString());
    }

    @Test
    void theTokenCanComeFromAFileAndTheCommandLineOneIsWarnedAbout(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "  from-a-mounted-secret-42\n");
        TwiceConfig c = parse(Map.of(), "--upstream", "http://127.0.0.1:3000", "--token-file", file.toString())
                .config()
                .orElseThrow();
        assertEquals("from-a-mounted-secret-42", c.token().orElseThrow());
        assertEquals("", err.toString());
        parse(Map.of(), "--upstream", "http://127.0.0.1:3000", "--token", "a-token-on-the-command-line");
        assertTrue(err.toString().contains("visible to other users (ps)"), err.toString());
        assertEquals(
                2,
                parse(
                                Map.of(),
                                "--upstream",
                                "http://127.0.0.1:3000",
                                "--token-file",
                                dir.resolve("none").toString())
                        .exitCode());
    }

    @Test
    void theDemoRecordsIntoAFreshDbUnlessOneIsGiven() {
        TwiceConfig demo = parse(Map.of(), "--demo").config().orElseThrow();
        assertTrue(
                demo.db().toString().startsWith(System.getProperty("java.io.tmpdir")),
                demo.db().toString());
        assertTrue(!parse(Map.of(), "--demo").config().orElseThrow().db().equals(demo.db()), "a new one each run");
        assertEquals(
                java.nio.file.Path.of("mine.db"),
                parse(Map.of(), "--demo", "--db", "mine.db")
                        .config()
                        .orElseThrow()
                        .db());
    }

    @Test
    void aLowerCaseMethodInRecordIsWarnedAbout() {
        parse(Map.of(), "--upstream", "http://127.0.0.1:3000", "--record", "post,PUT");
        assertTrue(err.toString().contains("--record post is not POST"), err.toString());
    }
}
