package dev.twice.api;

/** A query parameter the API cannot use; answered with 400 naming the parameter. */
final class BadParameterException extends RuntimeException {
    BadParameterException(String parameter, String problem) {
        super("bad parameter '" + parameter + "': " + problem);
    }
}
