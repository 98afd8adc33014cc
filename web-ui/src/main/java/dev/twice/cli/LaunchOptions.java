package dev.twice.cli;

import dev.twice.config.ByteSize;
import dev.twice.config.Durability;
import dev.twice.config.HostPort;
import dev.twice.config.RecordedMethods;
import dev.twice.config.RetentionPolicy;
import dev.twice.config.TwiceConfig;
import dev.twice.config.Upstream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The command line of docs/interface.md. Each flag falls back to its {@code TWICE_*} environment variable,
 * then to its default, so a flag always wins over the environment.
 */
@Command(
        name = "twice",
        mixinStandardHelpOptions = true,
        version = "twice 0.1.0",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = "A recording reverse proxy: forwards every request to one upstream, records writes (PUT, "
                + "POST, PATCH, DELETE) "
                + "exchanges in SQLite, and shows where the traffic is not idempotent.")
public final class LaunchOptions {

    @Option(
            names = "--upstream",
            paramLabel = "URL",
            converter = Converters.UpstreamConverter.class,
            description =
                    "Where every request is forwarded (http:// or https://, optional base path). Env TWICE_UPSTREAM.")
    Upstream upstream;

    @Option(
            names = "--listen",
            paramLabel = "HOST:PORT",
            converter = Converters.HostPortConverter.class,
            description = "The proxy port. Default ${DEFAULT-VALUE}. Env TWICE_LISTEN.")
    HostPort listen;

    @Option(
            names = "--dashboard",
            paramLabel = "HOST:PORT",
            converter = Converters.HostPortConverter.class,
            description = "Dashboard, JSON API, health and metrics. Default ${DEFAULT-VALUE}. Env TWICE_DASHBOARD.")
    HostPort dashboard;

    @Option(
            names = "--db",
            paramLabel = "PATH",
            description = "The SQLite file (created if missing). Default ${DEFAULT-VALUE}. Env TWICE_DB.")
    Path db;

    @Option(
            names = "--record",
            paramLabel = "METHODS",
            converter = Converters.MethodsConverter.class,
            description = "Comma list of methods to record, or ALL. Default ${DEFAULT-VALUE}. Env TWICE_RECORD.")
    RecordedMethods record;

    @Option(
            names = "--max-body",
            paramLabel = "SIZE",
            converter = Converters.SizeConverter.class,
            description = "Bytes of each body kept in the store (B, KiB, MiB, GiB). Default ${DEFAULT-VALUE}. Env "
                    + "TWICE_MAX_BODY.")
    ByteSize maxBody;

    @Option(
            names = "--redact-headers",
            paramLabel = "LIST",
            description = "Headers whose values are stored as [redacted]. Default ${DEFAULT-VALUE}. Env "
                    + "TWICE_REDACT_HEADERS.")
    String redactHeaders;

    @Option(
            names = "--redact-query",
            paramLabel = "LIST",
            description =
                    "Query parameters whose values are masked in stored URLs (any case). Default ${DEFAULT-VALUE}. "
                            + "Env TWICE_REDACT_QUERY.")
    String redactQuery;

    @Option(
            names = "--redact-fields",
            paramLabel = "LIST",
            description = "JSON (any depth), form and multipart fields whose values are masked in stored bodies, "
                    + "compressed ones decoded first; any case and spelling, * is a wildcard. "
                    + "Default ${DEFAULT-VALUE}. Env TWICE_REDACT_FIELDS.")
    String redactFields;

    @Option(
            names = "--ignore-fields",
            paramLabel = "LIST",
            description = "JSON field names that response comparisons ignore. Default ${DEFAULT-VALUE}. Env "
                    + "TWICE_IGNORE_FIELDS.")
    String ignoreFields;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "Bearer token the dashboard and API require (at least "
                    + TwiceConfig.MIN_TOKEN_LENGTH
                    + " characters). Generated and printed when the dashboard binds a non-loopback "
                    + "address. Visible to other users in ps: prefer env TWICE_TOKEN or --token-file.")
    String token;

    @Option(
            names = "--token-file",
            paramLabel = "PATH",
            description = "Read the token from this file (e.g. a mounted "
                    + "Kubernetes Secret); surrounding white space is ignored. Env TWICE_TOKEN_FILE.")
    Path tokenFile;

    @Option(
            names = "--retention",
            paramLabel = "AGE,SIZE",
            converter = Converters.RetentionConverter.class,
            description = "Delete exchanges older than AGE and, oldest first, past SIZE of db (e.g. 7d,1GiB; "
                    + "one of them; or off). Default ${DEFAULT-VALUE}. Env TWICE_RETENTION.")
    RetentionPolicy retention;

    @Option(
            names = "--max-wal",
            paramLabel = "SIZE",
            converter = Converters.SizeConverter.class,
            description = "Largest the db's -wal file may grow while a reader holds an old snapshot; past it recording "
                    + "pauses (counted as WAL_LIMIT) until the reader lets go. Default "
                    + "${DEFAULT-VALUE}. Env TWICE_MAX_WAL.")
    ByteSize maxWal;

    @Option(
            names = "--synchronous",
            paramLabel = "normal|full",
            converter = Converters.DurabilityConverter.class,
            description =
                    "SQLite synchronous mode: normal (a crash of twice loses nothing committed, a power loss may lose "
                            + "the last commits) or full (an fsync per commit). Default ${DEFAULT-VALUE}. "
                            + "Env TWICE_SYNCHRONOUS.")
    Durability synchronous;

    @Option(
            names = "--demo",
            arity = "0..1",
            fallbackValue = "true",
            paramLabel = "BOOL",
            description = "Start a built-in sample service (correct and deliberately broken endpoints), point the "
                    + "proxy at it and send it sample traffic; records PUT, POST, PATCH, DELETE and GET "
                    + "unless --record is given. "
                    + "Env TWICE_DEMO=true.")
    boolean demo;

    @Option(
            names = "--log-format",
            paramLabel = "text|json",
            description = "The log on stderr: text lines, or one JSON object per line for log pipelines. "
                    + "Default ${DEFAULT-VALUE}. Env TWICE_LOG_FORMAT.")
    String logFormat;

    @Option(
            names = "--connect-timeout",
            paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description =
                    "Upstream connect timeout (ms, s, m, h). Default ${DEFAULT-VALUE}. Env TWICE_CONNECT_TIMEOUT.")
    Duration connectTimeout;

    @Option(
            names = "--upstream-timeout",
            paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description =
                    "Longest wait for upstream bytes (response head or body) before 504. Default ${DEFAULT-VALUE}. "
                            + "Env TWICE_UPSTREAM_TIMEOUT.")
    Duration upstreamTimeout;

    @Mixin
    LimitOptions limits = new LimitOptions();

    @Mixin
    FleetOptions fleet = new FleetOptions();

    /** Defaults of the flags that have one; {@link #defaultsFrom} puts the environment in front of them. */
    static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("--listen", "127.0.0.1:8080"),
            Map.entry("--dashboard", "127.0.0.1:9090"),
            Map.entry("--db", "twice.db"),
            Map.entry("--record", "PUT,POST,PATCH,DELETE"),
            Map.entry("--max-body", "1MiB"),
            Map.entry("--redact-headers", String.join(",", TwiceConfig.DEFAULT_REDACT_HEADERS)),
            Map.entry("--redact-query", String.join(",", TwiceConfig.DEFAULT_REDACT_QUERY)),
            Map.entry("--redact-fields", String.join(",", TwiceConfig.DEFAULT_REDACT_FIELDS)),
            Map.entry("--ignore-fields", String.join(",", TwiceConfig.DEFAULT_IGNORE_FIELDS)),
            Map.entry("--demo", "false"),
            Map.entry("--log-format", "text"),
            Map.entry("--retention", "7d,1GiB"),
            Map.entry("--max-wal", "256MiB"),
            Map.entry("--synchronous", "normal"),
            Map.entry("--connect-timeout", "5s"),
            Map.entry("--upstream-timeout", "60s"));

    /** {@code --max-body} reads {@code TWICE_MAX_BODY}, and so on for every flag. */
    static String envName(String flag) {
        return "TWICE_" + flag.substring(2).replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** A flag on the command line wins; else its environment variable; else its default. */
    static IDefaultValueProvider defaultsFrom(Map<String, String> env) {
        return arg -> {
            if (!(arg instanceof OptionSpec option)) {
                return null;
            }
            String value = env.get(envName(option.longestName()));
            if (value != null && !value.isEmpty()) {
                return value;
            }
            String name = option.longestName();
            return DEFAULTS.containsKey(name)
                    ? DEFAULTS.get(name)
                    : LimitOptions.DEFAULTS.getOrDefault(name, FleetOptions.DEFAULTS.get(name));
        };
    }

    /** The token from {@code --token}, {@code TWICE_TOKEN} or {@code --token-file}; null when none is given. */
    private String token() {
        String t = token;
        if (tokenFile != null) {
            if (t != null && !t.isBlank()) {
                throw new IllegalArgumentException("--token and --token-file both given: use one");
            }
            try {
                t = Files.readString(tokenFile).strip();
            } catch (IOException | UncheckedIOException e) {
                throw new IllegalArgumentException("--token-file: cannot read " + tokenFile + ": " + e.getMessage());
            }
        }
        if (t == null || t.isBlank()) {
            return null;
        }
        if (t.length() < TwiceConfig.MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("--token: at least " + TwiceConfig.MIN_TOKEN_LENGTH
                    + " characters, or it can be guessed (e.g. openssl rand -hex 16)");
        }
        return t;
    }

    /** The one immutable configuration these options describe. */
    public TwiceConfig toConfig() {
        return toConfig(record);
    }

    /** The configuration with {@code methods} recorded instead of the {@code --record} value. */
    TwiceConfig toConfig(RecordedMethods methods) {
        return TwiceConfig.builder()
                .upstream(upstream)
                .listen(listen)
                .dashboard(dashboard)
                .db(db)
                .record(methods)
                .maxBody(maxBody)
                .redactHeaders(new LinkedHashSet<>(list(redactHeaders)))
                .ignoreFields(list(ignoreFields))
                .token(token())
                .demo(demo)
                .retention(retention)
                .connectTimeout(connectTimeout)
                .upstreamTimeout(upstreamTimeout)
                .limits(limits.toLimits())
                .maxWal(maxWal)
                .durability(synchronous)
                .redactQuery(list(redactQuery))
                .redactFields(list(redactFields))
                .fleet(fleet.toSettings())
                .allowVerify(fleet.allowVerify)
                .build();
    }

    private static List<String> list(String commaList) {
        return Arrays.stream(commaList.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
