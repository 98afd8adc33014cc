package dev.twice.capture;

/** Where finished exchanges go. {@link #offer} never blocks: a sink that cannot take one says so. */
@FunctionalInterface
public interface ExchangeSink {
    /** @return false when the exchange was dropped (queue full, store off) */
    boolean offer(Exchange exchange);
}
