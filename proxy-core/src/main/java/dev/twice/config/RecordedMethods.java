package dev.twice.config;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which request methods are recorded. Methods are case-sensitive (RFC 9110 §9.1), so {@code post}
 * is not {@code POST}: a lower-case request is forwarded but not recorded as a POST.
 */
public record RecordedMethods(Set<String> methods, boolean all) {

    public RecordedMethods(List<String> methods, boolean all) {
        this(new LinkedHashSet<>(methods), all);
    }

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public static final RecordedMethods DEFAULT = new RecordedMethods(List.of("PUT", "POST", "PATCH", "DELETE"), false);

    public RecordedMethods {
        methods = Collections.unmodifiableSet(new LinkedHashSet<>(methods));
    }

    /** {@code ALL}, or a comma list of method names ({@code PUT,POST,GET}). */
    public static RecordedMethods parse(String text) {
        if (text.trim().equalsIgnoreCase("ALL")) {
            return new RecordedMethods(Set.of(), true);
        }
        Set<String> methods = new LinkedHashSet<>();
        for (String part : text.split(",")) {
            String m = part.trim();
            if (!TOKEN.matcher(m).matches()) {
                throw new IllegalArgumentException("'" + text + "' is not a comma list of methods or ALL");
            }
            methods.add(m);
        }
        return new RecordedMethods(methods, false);
    }

    public boolean matches(String method) {
        return all || methods.contains(method);
    }

    @Override
    public String toString() {
        return all ? "ALL" : String.join(",", methods);
    }
}
