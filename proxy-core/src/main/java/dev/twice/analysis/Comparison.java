package dev.twice.analysis;

import java.util.List;
import java.util.function.Predicate;

/**
 * How two responses differ, and what the comparison set aside to say so: {@code ignored} names, in
 * plain words, the volatile tokens masked in text and the noise learned for the URL that were left
 * out (docs/analysis.md, "Noise"), so a reader can see why something did not count.
 */
record Comparison(List<Difference> differences, List<String> ignored) {

    /** Where a difference in unstructured text is reported; its evidence is weaker than a JSON value's. */
    static final String TEXT = "body text";

    Comparison {
        differences = List.copyOf(differences);
        ignored = List.copyOf(ignored);
    }

    /** Differences found without a body comparison (a status, a Location, an id): nothing set aside. */
    static Comparison of(List<Difference> differences) {
        return new Comparison(differences, List.of());
    }

    boolean isEmpty() {
        return differences.isEmpty();
    }

    /** The only evidence is text that changed: at most a warning (docs/analysis.md, "Confidence"). */
    boolean onlyText() {
        return !differences.isEmpty()
                && differences.stream().allMatch(d -> d.where().equals(TEXT));
    }

    Comparison without(Predicate<Difference> drop) {
        return new Comparison(differences.stream().filter(drop.negate()).toList(), ignored);
    }
}
