package dev.twice.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replaces secret header values before anything reaches the store; the forwarded traffic is
 * untouched. Names match as {@link SecretNames} says (case, separators, wildcards). Runs on the
 * request path, so each header name's verdict is remembered (a service sends few distinct names).
 */
public final class HeaderRedactor {

    public static final String REDACTED = "[redacted]";
    private static final int REMEMBERED = 4096;

    private final SecretNames names;
    private final ConcurrentHashMap<String, Boolean> verdicts = new ConcurrentHashMap<>();

    public HeaderRedactor(Set<String> names) {
        this.names = new SecretNames(names);
    }

    public boolean isSecret(String name) {
        Boolean known = verdicts.get(name);
        if (known != null) {
            return known;
        }
        boolean secret = names.matches(name);
        if (verdicts.size() < REMEMBERED) {
            verdicts.put(name, secret);
        }
        return secret;
    }

    public List<Header> redact(List<Header> headers) {
        List<Header> out = new ArrayList<>(headers.size());
        for (Header h : headers) {
            out.add(isSecret(h.name()) ? new Header(h.name(), REDACTED) : h);
        }
        return out;
    }
}
