package dev.twice.proxy;

/**
 * Told about every proxied exchange, recorded or not, on the I/O thread: must be cheap and must
 * not block. The engine turns these calls into metrics and upstream health; the proxy knows
 * nothing of either. Every event is a no-op unless an observer listens for it.
 */
public interface TrafficObserver {

    /** Tells {@code first}, then {@code second}. */
    static TrafficObserver both(TrafficObserver first, TrafficObserver second) {
        return new TrafficObserver() {
            @Override
            public void upstreamAnswered(long nanosToHead) {
                first.upstreamAnswered(nanosToHead);
                second.upstreamAnswered(nanosToHead);
            }

            @Override
            public void completed(String method, Integer status, long nanos) {
                first.completed(method, status, nanos);
                second.completed(method, status, nanos);
            }

            @Override
            public void rejected(String reason) {
                first.rejected(reason);
                second.rejected(reason);
            }

            @Override
            public void upstreamFailed(String error) {
                first.upstreamFailed(error);
                second.upstreamFailed(error);
            }
        };
    }

    /** The upstream's response head arrived {@code nanosToHead} after the request did. */
    default void upstreamAnswered(long nanosToHead) {}

    /** The exchange ended; {@code status} is what the client got, null when nothing was sent. */
    default void completed(String method, Integer status, long nanos) {}

    /** The upstream failed before a response head arrived; {@code error} is the recorded error name. */
    default void upstreamFailed(String error) {}

    /** twice refused a request itself (never sent upstream); {@code reason} is a short fixed label. */
    default void rejected(String reason) {}
}
