package dev.twice.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything twice is told at start, read once and never changed. {@code upstream} is empty only
 * in demo mode until the demo upstream's address is known.
 */
public record TwiceConfig(
        Optional<Upstream> upstream,
        HostPort listen,
        HostPort dashboard,
        Path db,
        RecordedMethods record,
        ByteSize maxBody,
        Set<String> redactHeaders,
        List<String> ignoreFields,
        Optional<String> token,
        boolean demo,
        Duration connectTimeout,
        Duration upstreamTimeout,
        int maxConnections,
        int recordQueue,
        RetentionPolicy retention,
        ProxyLimits limits,
        ByteSize maxWal,
        List<String> redactQuery,
        List<String> redactFields,
        Durability durability,
        FleetSettings fleet,
        boolean allowVerify) {

    /** The dashboard's session cookie; the proxy never forwards it (browsers send cookies to every port). */
    public static final String DASHBOARD_COOKIE = "twice_token";
    /** A supplied token shorter than this is refused: it would be guessable. */
    public static final int MIN_TOKEN_LENGTH = 16;

    /** Names match without regard to case and to {@code _ - .}; {@code *} is a wildcard (docs/security.md). */
    public static final List<String> DEFAULT_REDACT_HEADERS = List.of(
            "Authorization",
            "Proxy-Authorization",
            "Cookie",
            "Set-Cookie",
            "X-Api-Key",
            "*token*",
            "*secret*",
            "*password*",
            "*api-key*",
            "*session-id*",
            "*credential*");

    public static final List<String> DEFAULT_IGNORE_FIELDS = List.of(
            "updatedAt",
            "updated_at",
            "modifiedAt",
            "modified_at",
            "lastModified",
            "last_modified",
            "timestamp",
            "requestId",
            "request_id",
            "traceId",
            "trace_id");

    public static final long MAX_BODY_LIMIT = 512L << 20;
    public static final List<String> DEFAULT_REDACT_FIELDS = List.of(
            "*password*",
            "*passwd*",
            "pwd",
            "*secret*",
            "*token*",
            "*api-key*",
            "*private-key*",
            "*session-id*",
            "sid",
            "*credential*",
            "cookie",
            "*signature*");
    public static final List<String> DEFAULT_REDACT_QUERY = DEFAULT_REDACT_FIELDS;

    public TwiceConfig {
        if (maxBody.bytes() > MAX_BODY_LIMIT) {
            // SQLite stores each body as one value, and a value over its length limit fails the row.
            throw new IllegalArgumentException("--max-body must be at most 512MiB, not " + maxBody);
        }
        redactQuery = List.copyOf(redactQuery);
        redactFields = List.copyOf(redactFields);
        redactHeaders =
                redactHeaders.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        ignoreFields = List.copyOf(ignoreFields);
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1");
        }
        if (recordQueue < 1) {
            throw new IllegalArgumentException("recordQueue must be at least 1");
        }
    }

    public TwiceConfig withUpstream(Upstream u) {
        return new TwiceConfig(
                Optional.of(u),
                listen,
                dashboard,
                db,
                record,
                maxBody,
                redactHeaders,
                ignoreFields,
                token,
                demo,
                connectTimeout,
                upstreamTimeout,
                maxConnections,
                recordQueue,
                retention,
                limits,
                maxWal,
                redactQuery,
                redactFields,
                durability,
                fleet,
                allowVerify);
    }

    /** Starts from the defaults of docs/interface.md's flag table; the launcher and the tests set what they need. */
    public static Builder builder() {
        return new Builder();
    }

    /** Mutable only while the configuration is being read; {@link #build()} freezes it. */
    public static final class Builder {
        private Upstream upstream;
        private HostPort listen = HostPort.parse("127.0.0.1:8080");
        private HostPort dashboard = HostPort.parse("127.0.0.1:9090");
        private Path db = Path.of("twice.db");
        private RecordedMethods record = RecordedMethods.DEFAULT;
        private ByteSize maxBody = ByteSize.parse("1MiB");
        private Set<String> redactHeaders = Set.copyOf(DEFAULT_REDACT_HEADERS);
        private List<String> ignoreFields = DEFAULT_IGNORE_FIELDS;
        private String token;
        private boolean demo;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration upstreamTimeout = Duration.ofSeconds(60);
        private int maxConnections = 1024;
        private int recordQueue = 16384;
        private RetentionPolicy retention = RetentionPolicy.DEFAULT;
        private ProxyLimits limits = ProxyLimits.DEFAULT;
        private ByteSize maxWal = ByteSize.parse("256MiB");
        private List<String> redactQuery = DEFAULT_REDACT_QUERY;
        private List<String> redactFields = DEFAULT_REDACT_FIELDS;
        private Durability durability = Durability.NORMAL;
        private FleetSettings fleet = FleetSettings.LOCAL;
        private boolean allowVerify;

        private Builder() {}

        public Builder upstream(Upstream v) {
            upstream = v;
            return this;
        }

        public Builder listen(HostPort v) {
            listen = v;
            return this;
        }

        public Builder dashboard(HostPort v) {
            dashboard = v;
            return this;
        }

        public Builder db(Path v) {
            db = v;
            return this;
        }

        public Builder record(RecordedMethods v) {
            record = v;
            return this;
        }

        public Builder maxBody(ByteSize v) {
            maxBody = v;
            return this;
        }

        public Builder redactHeaders(Set<String> v) {
            redactHeaders = v;
            return this;
        }

        public Builder ignoreFields(List<String> v) {
            ignoreFields = v;
            return this;
        }

        public Builder token(String v) {
            token = v;
            return this;
        }

        public Builder demo(boolean v) {
            demo = v;
            return this;
        }

        public Builder connectTimeout(Duration v) {
            connectTimeout = v;
            return this;
        }

        public Builder upstreamTimeout(Duration v) {
            upstreamTimeout = v;
            return this;
        }

        public Builder maxConnections(int v) {
            maxConnections = v;
            return this;
        }

        public Builder recordQueue(int v) {
            recordQueue = v;
            return this;
        }

        public Builder retention(RetentionPolicy v) {
            retention = v;
            return this;
        }

        public Builder limits(ProxyLimits v) {
            limits = v;
            return this;
        }

        public Builder maxWal(ByteSize v) {
            maxWal = v;
            return this;
        }

        public Builder redactQuery(List<String> v) {
            redactQuery = v;
            return this;
        }

        public Builder redactFields(List<String> v) {
            redactFields = v;
            return this;
        }

        public Builder durability(Durability v) {
            durability = v;
            return this;
        }

        public Builder fleet(FleetSettings v) {
            fleet = v;
            return this;
        }

        public Builder allowVerify(boolean v) {
            allowVerify = v;
            return this;
        }

        public TwiceConfig build() {
            return new TwiceConfig(
                    Optional.ofNullable(upstream),
                    listen,
                    dashboard,
                    db,
                    record,
                    maxBody,
                    redactHeaders,
                    ignoreFields,
                    Optional.ofNullable(token),
                    demo,
                    connectTimeout,
                    upstreamTimeout,
                    maxConnections,
                    recordQueue,
                    retention,
                    limits,
                    maxWal,
                    redactQuery,
                    redactFields,
                    durability,
                    fleet,
                    allowVerify);
        }
    }
}
