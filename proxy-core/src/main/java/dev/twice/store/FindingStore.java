package dev.twice.store;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Findings: written by the analysis, read by the API. Writes are upserts on (rule, subject), so a
 * repeat extends its finding, and neither a restart nor a second analyzer can ever duplicate one.
 */
public interface FindingStore {

    /** The findings of a store that holds nothing. */
    FindingStore NONE = new FindingStore() {
        @Override
        public Finding upsert(FindingDraft draft) throws SQLException {
            throw new SQLException("recording is off: findings are not stored");
        }

        @Override
        public Optional<Finding> mute(long id, boolean muted) {
            return Optional.empty();
        }

        @Override
        public List<Finding> list(Optional<String> rule, Optional<String> urlContains) {
            return List.of();
        }

        @Override
        public Optional<Finding> find(long id) {
            return Optional.empty();
        }

        @Override
        public Map<String, Long> countsByRule() {
            return Map.of();
        }

        @Override
        public Map<Long, List<String>> rulesByExchange(List<Long> exchangeIds) {
            return Map.of();
        }

        @Override
        public List<Finding> changedAfter(long version) {
            return List.of();
        }

        @Override
        public void close() {}
    };

    /** Creates or extends the finding for (rule, subject); returns it as stored. */
    Finding upsert(FindingDraft draft) throws SQLException;

    /** Findings, violations first, then newest activity first, optionally of one rule and/or URL substring. */
    List<Finding> list(Optional<String> rule, Optional<String> urlContains);

    /**
     * Mutes (acknowledges) or unmutes a finding; its version grows so that every dashboard of a
     * shared store sees the change. Empty when there is no such finding.
     */
    Optional<Finding> mute(long id, boolean muted) throws SQLException;

    Optional<Finding> find(long id);

    /** How many findings each rule has. */
    Map<String, Long> countsByRule();

    /** Rule ids of the findings each of {@code exchangeIds} is part of. */
    Map<Long, List<String>> rulesByExchange(List<Long> exchangeIds);

    /** Findings created or extended after {@code version} (see {@link Finding#version}), oldest change first. */
    List<Finding> changedAfter(long version);

    void close();

    /** What a rule concluded, before it is stored. */
    record FindingDraft(
            String rule,
            String subject,
            String severity,
            String method,
            String url,
            String message,
            String evidenceJson,
            List<Long> exchangeIds,
            Instant firstSeen,
            Instant lastSeen) {}
}
