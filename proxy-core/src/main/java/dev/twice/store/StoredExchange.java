package dev.twice.store;

import dev.twice.capture.Exchange;

/** An exchange as the store holds it: the exchange, and the name of the instance that recorded it. */
public record StoredExchange(Exchange exchange, String instance) {}
