package dev.twice.capture;

import java.time.Instant;

/**
 * A write the analysis must know of although {@code --record} does not store it (a DELETE when
 * only PUT is recorded, a WebDAV MOVE): its method, URL, status and time, nothing of its content.
 * A write between two identical PUTs breaks their repeat (docs/analysis.md, "Repeats").
 */
public record WriteMark(long id, Instant startedAt, String method, String url, Integer status) implements Traffic {

    /** The same mark under the id the store gave it. */
    public WriteMark withId(long newId) {
        return new WriteMark(newId, startedAt, method, url, status);
    }

    /** RFC 9110 §9.2.1: every method but the safe ones may change the server's state. */
    public static boolean isWrite(String method) {
        return !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS") || method.equals("TRACE"));
    }
}
