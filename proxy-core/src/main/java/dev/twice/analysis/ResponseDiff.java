package dev.twice.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twice.capture.ContentDecoder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How two responses differ, as SPEC.md's "Analysis" defines it: the status; {@code Location} when
 * both carry it; the bodies when both have one — JSON as JSON values ignoring the configured field
 * names at any depth, anything else byte for byte after content decoding. Pure: no I/O.
 */
final class ResponseDiff {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DIFFERENCES = 20;

    private final Set<String> ignoredFields;

    ResponseDiff(Iterable<String> ignoredFields) {
        Set<String> names = new TreeSet<>();
        ignoredFields.forEach(names::add);
        this.ignoredFields = names;
    }

    List<Difference> between(Observation a, Observation b) {
        List<Difference> out = new ArrayList<>();
        if (!java.util.Objects.equals(a.status(), b.status())) {
            out.add(new Difference("status", String.valueOf(a.status()), String.valueOf(b.status())));
        }
        if (a.location().isPresent() && b.location().isPresent() && !a.location().equals(b.location())) {
            out.add(new Difference("Location", a.location().get(), b.location().get()));
        }
        Observation.Body x = a.response();
        Observation.Body y = b.response();
        if (x != null && y != null && x.size() > 0 && y.size() > 0) {
            bodies(x, y, out);
        }
        return out;
    }

    private void bodies(Observation.Body x, Observation.Body y, List<Difference> out) {
        if (x.sha256().equals(y.sha256())) {
            return;
        }
        if (!x.whole() || !y.whole()) {
            out.add(new Difference("body", x.size() + " bytes, sha256 " + x.sha256().substring(0, 12),
                    y.size() + " bytes, sha256 " + y.sha256().substring(0, 12)));
            return;
        }
        byte[] dx = ContentDecoder.decode(x.bytes(), x.contentEncoding()).orElse(x.bytes());
        byte[] dy = ContentDecoder.decode(y.bytes(), y.contentEncoding()).orElse(y.bytes());
        Optional<JsonNode> jx = json(dx, x.contentType());
        Optional<JsonNode> jy = json(dy, y.contentType());
        if (jx.isPresent() && jy.isPresent()) {
            compare("$", jx.get(), jy.get(), out);
            return;
        }
        if (!java.util.Arrays.equals(dx, dy)) {
            int at = java.util.Arrays.mismatch(dx, dy);
            out.add(new Difference("body", dx.length + " bytes", dy.length + " bytes, differing from byte " + at));
        }
    }

    private void compare(String path, JsonNode a, JsonNode b, List<Difference> out) {
        if (out.size() >= MAX_DIFFERENCES) {
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
                    if (va == null || vb == null) {
                        out.add(new Difference(p, text(va), text(vb)));
                    } else {
                        compare(p, va, vb, out);
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
                    compare(p, va, vb, out);
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

    /** JSON by content type ({@code application/json}, {@code *+json}), or untyped bytes that parse as an object or array. */
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
