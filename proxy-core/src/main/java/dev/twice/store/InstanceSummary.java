package dev.twice.store;

import java.time.Instant;

/** One instance that recorded into the store: when its first and last stored exchange started, and how many. */
public record InstanceSummary(String name, Instant firstSeen, Instant lastSeen, long exchanges) {}
