package dev.twice.config;

import java.util.Locale;

/**
 * How hard each commit is pushed to disk (SQLite's {@code synchronous}). {@code NORMAL}: a crash
 * of twice loses nothing committed, a power loss may lose the last commits, never consistency.
 * {@code FULL}: a power loss loses nothing committed either, at the cost of an fsync per commit.
 */
public enum Durability {
    NORMAL,
    FULL;

    public static Durability parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not normal or full");
        }
    }
}
