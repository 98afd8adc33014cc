package dev.twice.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations as the command line writes them: {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 7d}. */
public final class DurationValue {

    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,9})\\s*(MS|S|M|H|D)");

    private DurationValue() {}

    public static Duration parse(String text) {
        Matcher m = SYNTAX.matcher(text.trim().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (use e.g. 500ms, 5s, 2m, 1h, 7d)");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "MS" -> Duration.ofMillis(n);
            case "S" -> Duration.ofSeconds(n);
            case "M" -> Duration.ofMinutes(n);
            case "H" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.isZero()) {
            throw new IllegalArgumentException("'" + text + "' must be more than zero");
        }
        return d;
    }
}
