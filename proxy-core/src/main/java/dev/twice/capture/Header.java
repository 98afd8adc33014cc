package dev.twice.capture;

/** One header line as it was on the wire; lists of these keep order and duplicates (RFC 9110 §5.3). */
public record Header(String name, String value) {
}
