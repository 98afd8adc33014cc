package dev.twice.proxy;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The name an instance gives itself in {@code Via} (RFC 9110 §7.6.3 allows a pseudonym): unique
 * per process, so a request that comes back through the same twice is a loop, while two twice
 * instances chained on purpose are not.
 */
final class ViaPseudonym {

    private ViaPseudonym() {}

    static String create() {
        byte[] id = new byte[4];
        new SecureRandom().nextBytes(id);
        return "twice-" + HexFormat.of().formatHex(id);
    }
}
