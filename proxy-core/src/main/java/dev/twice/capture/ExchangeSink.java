package dev.twice.capture;

/** Where finished exchanges go. {@link #offer} never blocks: a sink that cannot take one says so. */
@FunctionalInterface
public interface ExchangeSink {
    /** @return false when the exchange was dropped (queue full, store off) */
    boolean offer(Exchange exchange);

    /** @return false when the mark was dropped; a sink that stores nothing drops it */
    default boolean offerMark(WriteMark mark) {
        return false;
    }
}
