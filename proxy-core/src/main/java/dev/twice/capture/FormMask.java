package dev.twice.capture;

import java.nio.charset.StandardCharsets;

/**
 * {@code name=value} pairs of a URL-encoded form or query, separated by {@code &} or {@code ;}
 * (both are used in the wild); names are percent-decoded before they are matched, so
 * {@code pass%77ord} is {@code password}. Masks in place, keeping the length. Pure.
 */
final class FormMask {

    private FormMask() {}

    /** Masks the secret values in {@code bytes[from, to)}; true when something was masked. */
    static boolean mask(byte[] bytes, int from, int to, SecretNames names) {
        boolean masked = false;
        int i = from;
        while (i < to) {
            int end = i;
            while (end < to && bytes[end] != '&' && bytes[end] != ';') {
                end++;
            }
            int eq = i;
            while (eq < end && bytes[eq] != '=') {
                eq++;
            }
            if (eq < end) {
                String name = SecretMask.decodeName(new String(bytes, i, eq - i, StandardCharsets.ISO_8859_1).trim());
                if (names.matches(name)) {
                    // ';' may separate pairs, but a secret's value runs to the next '&': "ab;cd" is all of it.
                    int stop = end;
                    while (stop < to && bytes[stop] == ';') {
                        int next = stop + 1;
                        while (next < to && bytes[next] != '&') {
                            next++;
                        }
                        stop = next;
                    }
                    end = stop;
                    while (stop > eq + 1 && (bytes[stop - 1] == '\n' || bytes[stop - 1] == '\r')) {
                        stop--;
                    }
                    for (int k = eq + 1; k < stop; k++) {
                        bytes[k] = '*';
                    }
                    masked |= stop > eq + 1;
                }
            }
            i = end + 1;
        }
        return masked;
    }
}
