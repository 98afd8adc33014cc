package dev.twice.store;

/** The db could not be opened or made ready: missing directory, read-only, corrupt, or too new. */
public final class StoreUnavailableException extends Exception {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
