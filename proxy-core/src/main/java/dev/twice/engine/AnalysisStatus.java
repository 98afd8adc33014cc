package dev.twice.engine;

import java.util.Optional;

/**
 * How the analysis is doing on this instance: {@code role} says whether it analyses, the counts
 * are of this instance's analyzer since it started, and {@code problem} why it is paused (a
 * shared store that does not answer), if it is.
 */
public record AnalysisStatus(Role role, long analysed, long skipped, int backlog, Optional<String> problem) {

    public AnalysisStatus(Role role, long analysed, long skipped, int backlog) {
        this(role, analysed, skipped, backlog, Optional.empty());
    }

    public enum Role {
        /** Analyses what this process records into its own store. */
        LOCAL,
        /** The fleet's analyzer: analyses every instance's traffic from the shared store. */
        FLEET_ANALYZER,
        /** Another instance analyses the shared store; this one follows its findings. */
        FOLLOWER,
        /** Recording is off: nothing to analyse. */
        OFF;

        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
