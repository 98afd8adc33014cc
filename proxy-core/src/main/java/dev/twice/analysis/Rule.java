package dev.twice.analysis;

import java.util.Optional;

/** One rule of docs/interface.md's "Analysis" table. Pure: it reads the history, never writes anything. */
interface Rule {

    String id();

    /** The finding that {@code current} completes, given what was recorded before it. */
    Optional<Verdict> evaluate(Observation current, History history);
}
