package dev.twice.verify;

import dev.twice.capture.Header;
import dev.twice.verify.ReproductionPlan.Request;
import java.util.Base64;

/**
 * A finding's reproduction as one JUnit 5 test class that uses {@code java.net.http} only: it
 * fails while the behaviour persists and passes once it is fixed. The base URL comes from the
 * system property {@code twice.base} or the variable {@code TWICE_BASE}, else the upstream the
 * finding was recorded against; redacted headers from {@code TWICE_HEADER_*} variables.
 */
public final class JavaReproduction {

    private JavaReproduction() {}

    public static String className(long findingId) {
        return "ReproduceFinding" + findingId + "Test";
    }

    public static String render(ReproductionPlan plan) {
        StringBuilder s = new StringBuilder();
        s.append("import static org.junit.jupiter.api.Assertions.assertFalse;\n\n");
        s.append("import java.net.URI;\nimport java.net.http.HttpClient;\nimport java.net.http.HttpRequest;\n");
        s.append("import java.net.http.HttpResponse;\nimport java.util.Arrays;\nimport java.util.Base64;\n");
        s.append("import java.util.Objects;\nimport java.util.UUID;\nimport org.junit.jupiter.api.Test;\n\n");
        s.append("/**\n * twice: reproduces finding ")
                .append(plan.findingId())
                .append(" (")
                .append(plan.rule())
                .append(").\n * ")
                .append(javadoc(plan.message()))
                .append("\n * Fails while the behaviour persists; ")
                .append("bodies are compared byte for byte.\n */\n");
        s.append("class ").append(className(plan.findingId())).append(" {\n\n");
        s.append("    static final String BASE = System.getProperty(\"twice.base\", System.getenv().getOrDefault(")
                .append("\"TWICE_BASE\", ")
                .append(literal(plan.base()))
                .append("));\n");
        s.append("    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)")
                .append(".build();\n\n");
        s.append("    @Test\n    void theBehaviourIsGone() throws Exception {\n");
        s.append("        String key = \"twice-repro-\" + UUID.randomUUID();\n");
        int n = 0;
        for (Request r : plan.requests()) {
            n++;
            s.append("        HttpRequest.Builder r")
                    .append(n)
                    .append(" = HttpRequest.newBuilder(URI.create(BASE + ")
                    .append(literal(r.path()))
                    .append("))\n                .method(")
                    .append(literal(r.method()))
                    .append(", HttpRequest.BodyPublishers.ofByteArray(Base64.getDecoder().decode(")
                    .append(literal(Base64.getEncoder().encodeToString(r.body())))
                    .append(")));\n");
            for (Header h : r.headers()) {
                s.append("        r")
                        .append(n)
                        .append(".header(")
                        .append(literal(h.name()))
                        .append(", ")
                        .append(literal(h.value()))
                        .append(");\n");
            }
            for (String h : r.redacted()) {
                s.append("        r")
                        .append(n)
                        .append(".header(")
                        .append(literal(h))
                        .append(", redacted(")
                        .append(literal(ReproductionPlan.variable(h)))
                        .append("));\n");
            }
            if (r.freshKey()) {
                s.append("        r").append(n).append(".header(\"Idempotency-Key\", key);\n");
            }
            s.append("        HttpResponse<byte[]> a")
                    .append(n)
                    .append(" = HTTP.send(r")
                    .append(n)
                    .append(".build(), HttpResponse.BodyHandlers.ofByteArray());\n");
            s.append("        System.out.println(\"== ")
                    .append(n)
                    .append(": ")
                    .append(r.method())
                    .append(" \" + ")
                    .append(literal(r.path()))
                    .append(" + \" -> \" + a")
                    .append(n)
                    .append(".statusCode());\n");
        }
        s.append("        assertFalse(")
                .append(check(plan.check()))
                .append(", ")
                .append(literal("the behaviour persists: " + plan.rule()))
                .append(");\n    }\n\n");
        s.append("""
                    static String redacted(String variable) {
                        String v = System.getenv(variable);
                        if (v == null) {
                            throw new IllegalStateException(
                                    variable + " is not set: its header was redacted when recorded");
                        }
                        return v;
                    }

                    static boolean ok(int status) {
                        return status >= 200 && status < 300;
                    }

                    static boolean sameAnswer(HttpResponse<byte[]> a, HttpResponse<byte[]> b) {
                        int x = a.statusCode();
                        int y = b.statusCode();
                        boolean statusAllowed = x == y || (x == 201 && (y == 200 || y == 204)) || (x == 200 && y == 204)
                                || (x == 204 && y == 200);
                        boolean bodies =
                                a.body().length == 0 || b.body().length == 0 || Arrays.equals(a.body(), b.body());
                        return statusAllowed && bodies;
                    }
                }
                """);
        return s.toString();
    }

    private static String check(ReproductionPlan.Check check) {
        return switch (check) {
            case CREATED_TWICE ->
                "(a1.statusCode() == 201 && a2.statusCode() == 201) || (a1.headers()"
                        + ".firstValue(\"Location\").isPresent() && a2.headers().firstValue(\"Location\")"
                        + ".isPresent() && !Objects.equals(a1.headers().firstValue(\"Location\"), "
                        + "a2.headers().firstValue(\"Location\")))";
            case ANSWERS_DIFFER -> "!sameAnswer(a1, a2)";
            case SECOND_CREATED -> "ok(a1.statusCode()) && ok(a2.statusCode()) && !sameAnswer(a1, a2)";
            case SECOND_SUCCEEDS -> "ok(a2.statusCode())";
            case GETS_DIFFER -> "!Arrays.equals(a2.body(), a4.body())";
        };
    }

    /**
     * A Java string literal of {@code s}. Control characters become octal escapes, not unicode ones:
     * the compiler turns a unicode escape into its character before it reads the literal, so a
     * unicode newline would end the line inside the string.
     */
    static String literal(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\%03o", (int) c));
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.append('"').toString();
    }

    private static String javadoc(String text) {
        return text.replace("*/", "* /").replaceAll("[\r\n]", " ");
    }
}
