package dev.twice.engine;

/**
 * twice could not start, for a reason a user can act on: the message names the flag whose value
 * could not be used and what went wrong ({@code --listen 127.0.0.1:8080: Address already in use}).
 */
public final class StartFailure extends RuntimeException {

    private final boolean badValue;

    /** A value that could be used but failed now (a port in use): exit status 1. */
    public StartFailure(String flagAndValue, Throwable cause) {
        this(flagAndValue, cause, false);
    }

    /**
     * {@code badValue}: the value itself is wrong (a password the database refuses): exit status 2, as for a bad
     * flag.
     */
    public StartFailure(String flagAndValue, Throwable cause, boolean badValue) {
        super(flagAndValue + ": " + root(cause), cause);
        this.badValue = badValue;
    }

    /** 2 for a bad value, as for any bad flag; 1 otherwise. */
    public int exitCode() {
        return badValue ? 2 : 1;
    }

    private static String root(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
