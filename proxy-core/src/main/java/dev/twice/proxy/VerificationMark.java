package dev.twice.proxy;

import dev.twice.capture.Origin;
import io.undertow.util.HeaderMap;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.HexFormat;

/**
 * How the proxy knows a request twice sent itself to verify a finding (docs/verification.md): it
 * carries {@link #HEADER} with this process's random secret. The header is removed from every
 * request, so it is never forwarded or stored, and a client that sends it, with any value, is a
 * client.
 */
public record VerificationMark(String secret) {

    public static final String HEADER = "X-Twice-Verification";

    public static VerificationMark random() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return new VerificationMark(HexFormat.of().formatHex(b));
    }

    /** Takes the header off {@code headers} and says whose request it is. */
    Origin take(HeaderMap headers) {
        Collection<String> v = headers.remove(HEADER);
        if (v == null || v.size() != 1) {
            return Origin.CLIENT;
        }
        return MessageDigest.isEqual(
                        v.iterator().next().getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8))
                ? Origin.VERIFICATION
                : Origin.CLIENT;
    }

    @Override
    public String toString() {
        return "VerificationMark[secret hidden]";
    }
}
