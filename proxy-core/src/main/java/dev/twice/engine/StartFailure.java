package dev.twice.engine;

/**
 * twice could not start, for a reason a user can act on: the message names the flag whose value
 * could not be used and what went wrong ({@code --listen 127.0.0.1:8080: Address already in use}).
 */
public final class StartFailure extends RuntimeException {

    public StartFailure(String flagAndValue, Throwable cause) {
        super(flagAndValue + ": " + root(cause), cause);
    }

    private static String root(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
