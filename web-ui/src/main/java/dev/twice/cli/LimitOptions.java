package dev.twice.cli;

import dev.twice.config.ByteSize;
import dev.twice.config.ProxyLimits;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The proxy listener's limits and timeouts (docs/reliability.md B24, D33, D36-D39), mixed into {@link
 * LaunchOptions}.
 */
final class LimitOptions {

    static final Map<String, String> DEFAULTS = Map.of(
            "--max-header-size", "64KiB",
            "--max-headers", "100",
            "--max-target", "8KiB",
            "--header-timeout", "60s",
            "--body-timeout", "60s",
            "--idle-timeout", "75s",
            "--max-client-connections", "10000");

    @Option(
            names = "--max-header-size",
            paramLabel = "SIZE",
            converter = Converters.SizeConverter.class,
            description = "Largest request line plus headers; past it: 431. Default ${DEFAULT-VALUE}. Env "
                    + "TWICE_MAX_HEADER_SIZE.")
    ByteSize maxHeaderSize;

    @Option(
            names = "--max-headers",
            paramLabel = "N",
            converter = CountConverter.class,
            description =
                    "Most header lines in a request; past it: 431. Default ${DEFAULT-VALUE}. Env TWICE_MAX_HEADERS.")
    int maxHeaders;

    @Option(
            names = "--max-target",
            paramLabel = "SIZE",
            converter = Converters.SizeConverter.class,
            description = "Longest request target (path and query); past it: 414. Default ${DEFAULT-VALUE}. Env "
                    + "TWICE_MAX_TARGET.")
    ByteSize maxTarget;

    @Option(
            names = "--header-timeout",
            paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description =
                    "Deadline for a whole request head to arrive (slow clients are closed). Default ${DEFAULT-VALUE}. "
                            + "Env TWICE_HEADER_TIMEOUT.")
    Duration headerTimeout;

    @Option(
            names = "--body-timeout",
            paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description = "Longest silence of a client while it sends a body or should read one; past it the exchange "
                    + "is cut (408 if nothing was answered yet). Default ${DEFAULT-VALUE}. Env TWICE_BODY_TIMEOUT.")
    Duration bodyTimeout;

    @Option(
            names = "--idle-timeout",
            paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description = "How long an idle keep-alive client connection stays open. Default ${DEFAULT-VALUE}. "
                    + "Env TWICE_IDLE_TIMEOUT.")
    Duration idleTimeout;

    @Option(
            names = "--max-client-connections",
            paramLabel = "N",
            converter = CountConverter.class,
            description = "Open client connections; past it new ones wait until one closes. Default ${DEFAULT-VALUE}. "
                    + "Env TWICE_MAX_CLIENT_CONNECTIONS.")
    int maxClientConnections;

    ProxyLimits toLimits() {
        return new ProxyLimits(
                maxHeaderSize, maxHeaders, maxTarget, headerTimeout, bodyTimeout, idleTimeout, maxClientConnections);
    }

    static final class CountConverter extends Converters.Converter<Integer> {
        CountConverter() {
            super(text -> {
                try {
                    int n = Integer.parseInt(text.trim());
                    if (n < 1) {
                        throw new IllegalArgumentException("'" + text + "' must be at least 1");
                    }
                    return n;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + text + "' is not a whole number");
                }
            });
        }
    }
}
