package dev.twice.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A size in bytes as the command line writes it: {@code 512}, {@code 64KiB}, {@code 1MiB}, {@code 2GiB}. */
public record ByteSize(long bytes) {

    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,19})\\s*(B|KIB|MIB|GIB)?");

    public ByteSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("a size cannot be negative");
        }
    }

    /**
     * Accepts a plain byte count or a number with {@code B}, {@code KiB}, {@code MiB}, {@code GiB} (case-
     * insensitive).
     */
    public static ByteSize parse(String text) {
        Matcher m = SYNTAX.matcher(text.trim().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (use e.g. 512B, 64KiB, 1MiB, 2GiB)");
        }
        long number;
        try {
            number = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        int shift = switch (m.group(2) == null ? "B" : m.group(2)) {
            case "KIB" -> 10;
            case "MIB" -> 20;
            case "GIB" -> 30;
            default -> 0;
        };
        if (number > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return new ByteSize(number << shift);
    }

    @Override
    public String toString() {
        if (bytes != 0 && bytes % (1L << 30) == 0) return (bytes >> 30) + "GiB";
        if (bytes != 0 && bytes % (1L << 20) == 0) return (bytes >> 20) + "MiB";
        if (bytes != 0 && bytes % (1L << 10) == 0) return (bytes >> 10) + "KiB";
        return bytes + "B";
    }
}
