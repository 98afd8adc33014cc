package dev.twice.capture;

import java.util.Locale;

/**
 * Who sent a request: a client of the upstream, or twice itself verifying a finding
 * (docs/verification.md). The passive rules judge client traffic only.
 */
public enum Origin {
    CLIENT,
    VERIFICATION;

    /** As the API writes it: {@code client}, {@code verification}. */
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
