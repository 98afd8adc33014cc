package dev.twice.analysis;

import java.util.List;

/**
 * What one rule concluded from one exchange: a finding to create or extend. {@code subject}
 * identifies it within its rule (the URL and request payload, or the idempotency key), so repeats
 * extend the same finding instead of making new ones. {@code ignored} says what the comparison set
 * aside as noise (masked tokens, learned noise), so the evidence shows why something did not count.
 */
record Verdict(
        String rule,
        Severity severity,
        String subject,
        String method,
        String url,
        List<Long> exchangeIds,
        String message,
        List<Difference> differences,
        String standard,
        List<String> retryHints,
        List<String> ignored) {

    Verdict {
        ignored = List.copyOf(ignored);
        exchangeIds = List.copyOf(exchangeIds);
        differences = List.copyOf(differences);
        retryHints = List.copyOf(retryHints);
    }

    static List<String> hints(Observation... observations) {
        List<String> out = new java.util.ArrayList<>();
        for (Observation o : observations) {
            out.addAll(o.retryHints());
        }
        return out;
    }
}
