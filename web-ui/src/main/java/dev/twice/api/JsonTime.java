package dev.twice.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Every time the API and the event stream show, in one form: ISO-8601 UTC with exactly six
 * fractional digits (microseconds, what the store keeps), so the same instant reads the same
 * whether it came from the db or straight from the proxy.
 */
final class JsonTime {

    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private JsonTime() {}

    static String of(Instant t) {
        return MICROS.format(t);
    }
}
