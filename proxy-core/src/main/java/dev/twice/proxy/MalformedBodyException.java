package dev.twice.proxy;

import java.io.IOException;

/**
 * The client's request body broke its own framing (RFC 9112 §7.1): a bad chunk size, a runaway
 * chunk, a bare LF. Distinct from a plain I/O failure, which means the client went away: this one
 * is answered with 400.
 */
final class MalformedBodyException extends IOException {

    MalformedBodyException(String reason) {
        super(reason);
    }
}
