package dev.twice.analysis;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks what changes on every response of a dynamic page without meaning anything: nonces and CSRF
 * tokens, UUIDs, dates and times, long hex and base64 runs, numbers with fractions ("generated in
 * 0.0123 s"). Applied only to unstructured text (HTML, plain text): JSON keeps its value-by-value
 * comparison, where a different {@code id} is exactly how a duplicate shows (docs/analysis.md,
 * "Noise"). Pure.
 */
final class VolatileTokens {

    /** The masked text, and in plain words what kinds of token were masked in it. */
    record Masked(String text, Set<String> kinds) {}

    private record Kind(String name, Pattern pattern, int group) {}

    private static final String SECRETISH = "(?:[\\w-]*(?:nonce|csrf|xsrf|token)[\\w-]*)";

    /** In order: attribute values first, so a nonce made of hex is named as a nonce. */
    private static final List<Kind> KINDS = List.of(
            // <input name="csrf_token" value="…">, <meta name="csrf-token" content="…">
            new Kind(
                    "nonce or CSRF token",
                    Pattern.compile("(?i)(\\bname\\s*=\\s*[\"']" + SECRETISH
                            + "[\"'][^>]*?\\b(?:value|content)\\s*=\\s*[\"'])([^\"']*)"),
                    2),
            // nonce="…", data-nonce='…', _wpnonce=…, csrfToken: "…"
            new Kind(
                    "nonce or CSRF token",
                    Pattern.compile("(?i)(\\b" + SECRETISH + "[\"']?\\s*[=:]\\s*[\"']?)([^\"'\\s<>&;,]{6,})"),
                    2),
            new Kind(
                    "UUID",
                    Pattern.compile(
                            "()\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b"),
                    0),
            new Kind(
                    "date and time",
                    Pattern.compile("()\\b\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?"
                            + "(?:Z|[+-]\\d{2}:?\\d{2})?)?\\b"),
                    0),
            new Kind(
                    "date and time",
                    Pattern.compile("()\\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{1,2} "
                            + "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} "
                            + "\\d{2}:\\d{2}:\\d{2}(?: GMT| [+-]\\d{4})?"),
                    0),
            new Kind("date and time", Pattern.compile("()\\b\\d{1,2}:\\d{2}:\\d{2}(?:[.,]\\d+)?\\b"), 0),
            new Kind("Unix timestamp", Pattern.compile("()\\b1[5-9]\\d{8}(?:\\d{3})?\\b"), 0),
            new Kind("long hex token", Pattern.compile("()\\b[0-9a-fA-F]{16,}\\b"), 0),
            new Kind(
                    "base64 token",
                    Pattern.compile("()(?<![A-Za-z0-9+/_-])(?=[A-Za-z0-9+/_-]*\\d)"
                            + "(?=[A-Za-z0-9+/_-]*[a-z])(?=[A-Za-z0-9+/_-]*[A-Z])"
                            + "[A-Za-z0-9+/_-]{20,}={0,2}"),
                    0),
            new Kind("number with a fraction", Pattern.compile("()\\b\\d+\\.\\d+\\b"), 0));

    private VolatileTokens() {}

    static Masked mask(String text) {
        Set<String> kinds = new LinkedHashSet<>();
        String out = text;
        for (Kind k : KINDS) {
            Matcher m = k.pattern().matcher(out);
            StringBuilder b = null;
            while (m.find()) {
                if (b == null) {
                    b = new StringBuilder(out.length());
                }
                kinds.add(k.name());
                String token = "\u2039" + k.name() + "\u203a";
                if (k.group() == 2) {
                    m.appendReplacement(b, Matcher.quoteReplacement(m.group(1) + token));
                } else {
                    m.appendReplacement(b, Matcher.quoteReplacement(token));
                }
            }
            if (b != null) {
                m.appendTail(b);
                out = b.toString();
            }
        }
        return new Masked(out, kinds);
    }
}
