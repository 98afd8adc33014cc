package dev.twice.store;

/** The database refused this twice for good (a wrong password, no such database): a bad flag, not a fault. */
public final class StoreRefusedException extends Exception {
    public StoreRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
