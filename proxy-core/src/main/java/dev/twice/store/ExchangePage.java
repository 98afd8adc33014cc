package dev.twice.store;

import java.util.List;

/** One page of the newest-first list; {@code next} is the cursor for the following page, or null at the end. */
public record ExchangePage(List<ExchangeSummary> items, Long next) {
    public ExchangePage {
        items = List.copyOf(items);
    }
}
