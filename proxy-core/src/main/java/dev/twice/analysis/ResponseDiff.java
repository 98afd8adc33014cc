package dev.twice.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twice.capture.SecretNames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How two responses differ (docs/analysis.md, "Comparing responses"): the status; {@code Location}
 * when both carry it; the bodies when both have one. JSON compares as JSON values, ignoring the
 * configured field names at any depth and the paths learned as noise for the URL. XML, form data
 * and binary bodies compare byte for byte after content decoding. Other text (HTML, plain text)
 * compares line by line after masking volatile tokens and dropping lines learned as noise
 * ("Noise"). Pure but for reading the {@link NoiseModel}.
 */
final class ResponseDiff {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DIFFERENCES = 20;
    /** A learned text line is its common prefix; shorter than this it could match anything. */
    static final int MIN_LINE_PREFIX = 6;

    private static final int MAX_LINE_PREFIX = 80;

    private final Set<String> ignoredFields;
    private final NoiseModel noise;
    private final SecretNames secrets;
    /** What a finding says instead of the values of a secret-like field (docs/security.md). */
    static final String WITHHELD = "[secret: value withheld]";

    /** What differed between two identical GETs: the raw material of learned noise. */
    record Volatile(Set<String> jsonPaths, Set<String> linePrefixes) {}

    ResponseDiff(Iterable<String> ignoredFields) {
        this(ignoredFields, new NoiseModel(), new SecretNames(List.of()));
    }

    ResponseDiff(Iterable<String> ignoredFields, NoiseModel noise) {
        this(ignoredFields, noise, new SecretNames(List.of()));
    }

    /** {@code secrets}: fields whose values a difference never shows, only that they changed. */
    ResponseDiff(Iterable<String> ignoredFields, NoiseModel noise, SecretNames secrets) {
        Set<String> names = new TreeSet<>();
        ignoredFields.forEach(names::add);
        this.ignoredFields = names;
        this.noise = noise;
        this.secrets = secrets;
    }

    NoiseModel noise() {
        return noise;
    }

    Comparison between(Observation a, Observation b) {
        List<Difference> out = new ArrayList<>();
        Set<String> ignored = new LinkedHashSet<>();
        if (!Objects.equals(a.status(), b.status())) {
            out.add(new Difference("status", String.valueOf(a.status()), String.valueOf(b.status())));
        }
        if (a.location().isPresent()
                && b.location().isPresent()
                && !a.location().equals(b.location())) {
            out.add(new Difference("Location", a.location().get(), b.location().get()));
        }
        Observation.Body x = a.response();
        Observation.Body y = b.response();
        if (x != null && y != null && x.size() > 0 && y.size() > 0) {
            bodies(x, y, noise.forUrl(b.url()), out, ignored);
        }
        return new Comparison(out, new ArrayList<>(ignored));
    }

    /** The JSON paths, or the text lines, in which two responses differ, with no noise left out. */
    Volatile volatileParts(Observation a, Observation b) {
        Set<String> paths = new TreeSet<>();
        Set<String> lines = new LinkedHashSet<>();
        Observation.Body x = a.response();
        Observation.Body y = b.response();
        if (x == null || y == null || !x.whole() || !y.whole() || x.sha256().equals(y.sha256())) {
            return new Volatile(paths, lines);
        }
        DecodedBody dx = DecodedBody.of(x);
        DecodedBody dy = DecodedBody.of(y);
        if (dx.json().isPresent() && dy.json().isPresent()) {
            List<Difference> out = new ArrayList<>();
            compare("$", dx.json().get(), dy.json().get(), NoiseModel.Learned.NOTHING, new LinkedHashSet<>(), out);
            out.forEach(d -> paths.add(d.where()));
        } else if (dx.text().isPresent() && dy.text().isPresent()) {
            String[] la = VolatileTokens.mask(dx.text().get()).text().split("\n", -1);
            String[] lb = VolatileTokens.mask(dy.text().get()).text().split("\n", -1);
            if (la.length == lb.length) {
                for (int i = 0; i < la.length; i++) {
                    String p = TextDiff.commonPrefix(la[i].strip(), lb[i].strip());
                    if (!la[i].equals(lb[i]) && p.length() >= MIN_LINE_PREFIX) {
                        lines.add(p.length() > MAX_LINE_PREFIX ? p.substring(0, MAX_LINE_PREFIX) : p);
                    }
                }
            }
        }
        return new Volatile(paths, lines);
    }

    private void bodies(
            Observation.Body x,
            Observation.Body y,
            NoiseModel.Learned learned,
            List<Difference> out,
            Set<String> ignored) {
        if (x.sha256().equals(y.sha256())) {
            return;
        }
        if (!x.whole() || !y.whole()) {
            out.add(new Difference(
                    "body",
                    x.size() + " bytes, sha256 " + x.sha256().substring(0, 12),
                    y.size() + " bytes, sha256 " + y.sha256().substring(0, 12)));
            return;
        }
        DecodedBody dx = DecodedBody.of(x);
        DecodedBody dy = DecodedBody.of(y);
        if (dx.json().isPresent() && dy.json().isPresent()) {
            compare("$", dx.json().get(), dy.json().get(), learned, ignored, out);
            return;
        }
        if (dx.text().isPresent() && dy.text().isPresent()) {
            TextDiff.compare(dx.text().get(), dy.text().get(), learned, out, ignored);
            return;
        }
        if (!Arrays.equals(dx.bytes(), dy.bytes())) {
            int at = Arrays.mismatch(dx.bytes(), dy.bytes());
            out.add(new Difference(
                    "body", dx.bytes().length + " bytes", dy.bytes().length + " bytes, differing from byte " + at));
        }
    }

    private void compare(
            String path,
            JsonNode a,
            JsonNode b,
            NoiseModel.Learned learned,
            Set<String> ignored,
            List<Difference> out) {
        if (out.size() >= MAX_DIFFERENCES) {
            return;
        }
        if (learned.jsonPaths().contains(NoiseModel.general(path)) && !a.equals(b)) {
            ignored.add("learned noise for " + learned.shape() + ": " + NoiseModel.general(path) + " (GETs #"
                    + learned.firstId() + " and #" + learned.secondId() + " differed there with no write between)");
            return;
        }
        if (a.isObject() && b.isObject()) {
            Set<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (!ignoredFields.contains(name)) {
                    JsonNode va = a.get(name);
                    JsonNode vb = b.get(name);
                    String p = path + "." + name;
                    if (secrets.matches(name)) {
                        if (!Objects.equals(va, vb) && out.size() < MAX_DIFFERENCES) {
                            out.add(new Difference(p, va == null ? null : WITHHELD, vb == null ? null : WITHHELD));
                        }
                    } else if (va == null || vb == null) {
                        out.add(new Difference(p, text(va), text(vb)));
                    } else {
                        compare(p, va, vb, learned, ignored, out);
                    }
                }
            }
            return;
        }
        if (a.isArray() && b.isArray()) {
            Iterator<JsonNode> ia = a.elements();
            Iterator<JsonNode> ib = b.elements();
            int i = 0;
            while (ia.hasNext() || ib.hasNext()) {
                JsonNode va = ia.hasNext() ? ia.next() : null;
                JsonNode vb = ib.hasNext() ? ib.next() : null;
                String p = path + "[" + i++ + "]";
                if (va == null || vb == null) {
                    out.add(new Difference(p, text(va), text(vb)));
                } else {
                    compare(p, va, vb, learned, ignored, out);
                }
            }
            return;
        }
        if (!a.equals(b)) {
            out.add(new Difference(path, text(a), text(b)));
        }
    }

    private static String text(JsonNode n) {
        if (n == null) {
            return null;
        }
        // JSON notation, so a string "1" and a number 1 read differently.
        String s = n.toString();
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    /**
     * JSON by content type ({@code application/json}, {@code *+json}), or untyped bytes that parse as an object
     * or array.
     */
    static Optional<JsonNode> json(byte[] bytes, String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        boolean declared = type.contains("/json") || type.contains("+json");
        if (!declared && !type.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || (!declared && !node.isContainerNode())) {
                return Optional.empty();
            }
            return Optional.of(node);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
