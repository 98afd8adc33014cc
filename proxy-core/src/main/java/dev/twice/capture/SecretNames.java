package dev.twice.capture;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which names (of headers, JSON fields, form and query parameters, multipart parts) are secret.
 * Names match without regard to case and to {@code _}, {@code -}, {@code .} and spaces, so
 * {@code access_token} = {@code accessToken} = {@code Access-Token}; an entry with {@code *} is a
 * wildcard ({@code *token*} matches {@code X-Auth-Token} and {@code csrfToken}). Pure.
 */
public final class SecretNames {

    private final Set<String> exact = new HashSet<>();
    private final List<String[]> wildcards = new ArrayList<>();

    public SecretNames(Collection<String> entries) {
        for (String entry : entries) {
            String n = normalize(entry);
            if (n.isEmpty() || n.equals("*")) {
                continue;
            }
            if (n.contains("*")) {
                wildcards.add(n.split("\\*", -1));
            } else {
                exact.add(n);
            }
        }
    }

    public boolean isEmpty() {
        return exact.isEmpty() && wildcards.isEmpty();
    }

    public boolean matches(String name) {
        if (name == null || isEmpty()) {
            return false;
        }
        String n = normalize(name);
        if (exact.contains(n)) {
            return true;
        }
        for (String[] parts : wildcards) {
            if (glob(n, parts)) {
                return true;
            }
        }
        return false;
    }

    /** Lower case, without the separators names are written with. */
    static String normalize(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '_' && c != '-' && c != '.' && c != ' ') {
                b.append(Character.toLowerCase(c));
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    /** {@code parts}: the pattern split at each {@code *}; the first part anchors the start, the last the end. */
    private static boolean glob(String s, String[] parts) {
        if (!s.startsWith(parts[0])) {
            return false;
        }
        int at = parts[0].length();
        for (int i = 1; i < parts.length - 1; i++) {
            int found = s.indexOf(parts[i], at);
            if (found < 0) {
                return false;
            }
            at = found + parts[i].length();
        }
        String last = parts[parts.length - 1];
        return s.length() - at >= last.length() && s.endsWith(last);
    }
}
