package dev.twice.config;

import java.time.Duration;
import java.util.Optional;

/**
 * How much history the db keeps: exchanges older than {@code maxAge} and, oldest first, those past
 * {@code maxBytes} are deleted. Written {@code AGE,SIZE} ({@code 7d,1GiB}), either part alone
 * ({@code 24h}, {@code 500MiB}), or {@code off}.
 */
public record RetentionPolicy(Optional<Duration> maxAge, Optional<Long> maxBytes) {

    public static final RetentionPolicy DEFAULT =
            new RetentionPolicy(Optional.of(Duration.ofDays(7)), Optional.of(1L << 30));
    public static final RetentionPolicy OFF = new RetentionPolicy(Optional.empty(), Optional.empty());

    public static RetentionPolicy parse(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("off")) {
            return OFF;
        }
        Optional<Duration> age = Optional.empty();
        Optional<Long> size = Optional.empty();
        for (String part : t.split(",")) {
            String p = part.trim();
            if (p.matches("(?i)\\d+\\s*(ms|s|m|h|d)")) {
                if (age.isPresent()) {
                    throw new IllegalArgumentException("'" + text + "' gives two ages");
                }
                age = Optional.of(DurationValue.parse(p));
            } else {
                if (size.isPresent()) {
                    throw new IllegalArgumentException("'" + text + "' gives two sizes");
                }
                try {
                    size = Optional.of(ByteSize.parse(p).bytes());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "'" + text + "' is not AGE,SIZE (e.g. 7d,1GiB), one of them, or off");
                }
            }
        }
        return new RetentionPolicy(age, size);
    }

    @Override
    public String toString() {
        if (maxAge.isEmpty() && maxBytes.isEmpty()) {
            return "off";
        }
        String a = maxAge.map(
                        d -> d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays())) ? d.toDays() + "d" : d.toString())
                .orElse("");
        String b = maxBytes.map(n -> new ByteSize(n).toString()).orElse("");
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "," + b;
    }
}
