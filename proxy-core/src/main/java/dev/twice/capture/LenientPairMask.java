package dev.twice.capture;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fallback for a body that looked like JSON but stopped parsing: every {@code name: value}
 * or {@code name=value} pair whose (unescaped) name is secret gets its value masked, quoted or not.
 * Cruder than the parser, and only used past the point where the parser gave up. Pure.
 */
final class LenientPairMask {

    private static final Pattern PAIR = Pattern.compile(
            // Not after a name character: a scan that restarted inside a long run would be quadratic.
            "(?<![A-Za-z0-9_$.\\-\\\\])([\"']?)((?=[A-Za-z0-9_$.\\-\\\\])[A-Za-z0-9_$.\\-]*+(?:\\\\u[0-9a-fA-F]{4}[A-Za-z0-9_$.\\-]*+)*+)"
                    + "\\1\\s*[:=]\\s*"
                    // Unrolled and possessive: no recursion per character, so a long string cannot overflow the stack.
                    + "(\"[^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+\"?|'[^'\\\\]*+(?:\\\\.[^'\\\\]*+)*+'?|[^\\s,;&}\\]]++)");
    private static final Pattern ESCAPE = Pattern.compile("\\\\u([0-9a-fA-F]{4})");

    private LenientPairMask() {}

    static boolean mask(byte[] body, int from, int to, SecretNames names) {
        if (from >= to) {
            return false;
        }
        // ISO-8859-1 maps bytes to chars one to one, so offsets in the string are offsets in the body.
        String text = new String(body, from, to - from, StandardCharsets.ISO_8859_1);
        Matcher m = PAIR.matcher(text);
        boolean masked = false;
        while (m.find()) {
            String name =
                    ESCAPE.matcher(m.group(2)).replaceAll(r -> String.valueOf((char) Integer.parseInt(r.group(1), 16)));
            if (!names.matches(name)) {
                continue;
            }
            int start = from + m.start(3);
            int end = from + m.end(3);
            char first = text.charAt(m.start(3));
            boolean quoted = first == '"' || first == '\'';
            for (int i = quoted ? start + 1 : start; i < end; i++) {
                if (quoted && i == end - 1 && body[i] == first) {
                    break;
                }
                body[i] = '*';
                masked = true;
            }
        }
        return masked;
    }
}
