package dev.twice.capture;

import java.time.Instant;

/**
 * What passes from the proxy to the store and the analysis, in one id sequence: a recorded
 * {@link Exchange}, or a {@link WriteMark} for a write that {@code --record} does not keep.
 */
public sealed interface Traffic permits Exchange, WriteMark {

    long id();

    Instant startedAt();

    String method();

    String url();
}
