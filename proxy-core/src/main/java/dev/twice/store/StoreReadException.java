package dev.twice.store;

/** A read query failed; the API turns it into a 500 without echoing the input. */
public final class StoreReadException extends RuntimeException {
    public StoreReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
