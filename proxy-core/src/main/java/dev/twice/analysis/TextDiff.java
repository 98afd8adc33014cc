package dev.twice.analysis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Unstructured text compared as docs/analysis.md ("Comparing responses", "Noise") says: volatile
 * tokens masked, lines learned as noise dropped, then line by line; a difference shows the two
 * lines around where they differ. Pure.
 */
final class TextDiff {

    private static final int MAX_TEXT_DIFFERENCES = 5;
    private static final int SNIPPET = 60;

    private TextDiff() {}

    /** Unstructured text: volatile tokens masked, learned noisy lines dropped, then line by line. */
    static void compare(String a, String b, NoiseModel.Learned learned, List<Difference> out, Set<String> ignored) {
        VolatileTokens.Masked ma = VolatileTokens.mask(a);
        VolatileTokens.Masked mb = VolatileTokens.mask(b);
        Set<String> kinds = new LinkedHashSet<>(ma.kinds());
        kinds.addAll(mb.kinds());
        if (!a.equals(b) && !kinds.isEmpty()) {
            ignored.add("in the text, volatile tokens were masked: " + String.join(", ", kinds));
        }
        List<String> la = keptLines(ma.text(), learned, ignored);
        List<String> lb = keptLines(mb.text(), learned, ignored);
        if (la.equals(lb)) {
            return;
        }
        if (la.size() == lb.size()) {
            for (int i = 0; i < la.size() && out.size() < MAX_TEXT_DIFFERENCES; i++) {
                if (!la.get(i).equals(lb.get(i))) {
                    String[] pair = snippets(la.get(i).strip(), lb.get(i).strip());
                    out.add(new Difference(Comparison.TEXT, pair[0], pair[1]));
                }
            }
            return;
        }
        int i = 0;
        while (i < la.size() && i < lb.size() && la.get(i).equals(lb.get(i))) {
            i++;
        }
        String before = i < la.size() ? la.get(i).strip() : null;
        String after = i < lb.size() ? lb.get(i).strip() : null;
        if (before != null && after != null) {
            String[] pair = snippets(before, after);
            before = pair[0];
            after = pair[1];
        }
        out.add(new Difference(Comparison.TEXT, cut(before), cut(after)));
    }

    private static List<String> keptLines(String masked, NoiseModel.Learned learned, Set<String> ignored) {
        List<String> kept = new ArrayList<>();
        for (String line : masked.split("\n", -1)) {
            String stripped = line.strip();
            boolean noisy = false;
            for (String prefix : learned.textLines()) {
                if (stripped.startsWith(prefix)) {
                    ignored.add("learned noise for " + learned.shape() + ": lines starting \"" + prefix + "\" (GETs #"
                            + learned.firstId() + " and #" + learned.secondId()
                            + " differed there with no write between)");
                    noisy = true;
                    break;
                }
            }
            if (!noisy) {
                kept.add(line);
            }
        }
        return kept;
    }

    /** The two lines around where they first differ, so a long (minified) line still reads. */
    private static String[] snippets(String a, String b) {
        int at = commonPrefix(a, b).length();
        int from = Math.max(0, at - SNIPPET / 2);
        return new String[] {window(a, from), window(b, from)};
    }

    private static String window(String s, int from) {
        int to = Math.min(s.length(), from + SNIPPET);
        return (from > 0 ? "…" : "") + s.substring(Math.min(from, s.length()), to) + (to < s.length() ? "…" : "");
    }

    private static String cut(String s) {
        return s == null || s.length() <= SNIPPET ? s : s.substring(0, SNIPPET) + "…";
    }

    static String commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return a.substring(0, i);
    }
}
