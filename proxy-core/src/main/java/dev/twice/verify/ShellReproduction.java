package dev.twice.verify;

import dev.twice.capture.Header;
import dev.twice.verify.ReproductionPlan.Request;
import java.nio.charset.StandardCharsets;

/**
 * A finding's reproduction as a POSIX shell script with curl: sends the requests to a base URL
 * (its first argument, else the upstream the finding was recorded against), prints each answer,
 * and exits 1 while the behaviour persists, 0 once it is fixed, 2 when it could not run. Bodies
 * are written with printf octal escapes, byte for byte.
 */
public final class ShellReproduction {

    private ShellReproduction() {}

    public static String render(ReproductionPlan plan) {
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/sh\n");
        s.append("# twice: reproduces finding ")
                .append(plan.findingId())
                .append(" (")
                .append(plan.rule())
                .append(")\n");
        s.append(comment(plan.message()));
        s.append("# Usage: sh reproduce.sh [BASE_URL]   (default: the upstream it was recorded against)\n");
        s.append("# Exit status: 1 while the behaviour persists, 0 once it is fixed, 2 when it could not run.\n");
        s.append("# Bodies are compared byte for byte (the analysis also ignores volatile fields).\n");
        for (Request r : plan.requests()) {
            for (String h : r.redacted()) {
                s.append("# ")
                        .append(h)
                        .append(" was redacted when recorded: give it in ")
                        .append(ReproductionPlan.variable(h))
                        .append(".\n");
            }
        }
        s.append("set -u\n");
        s.append("BASE=${1:-").append(quote(plan.base())).append("}\n");
        s.append("command -v curl >/dev/null 2>&1 || { echo 'curl is required' >&2; exit 2; }\n");
        s.append("T=$(mktemp -d) || exit 2\n");
        s.append("trap 'rm -rf \"$T\"' EXIT\n");
        s.append("KEY=twice-repro-$(date +%s)-$$\n");
        int n = 0;
        for (Request r : plan.requests()) {
            n++;
            s.append("printf '")
                    .append(octal(r.body()))
                    .append("' > \"$T/req")
                    .append(n)
                    .append("\" || exit 2\n");
            s.append("code")
                    .append(n)
                    .append("=$(curl -sS -o \"$T/body")
                    .append(n)
                    .append("\" -D \"$T/head")
                    .append(n)
                    .append("\" -w '%{http_code}' -X ")
                    .append(quote(r.method()));
            boolean typed = false;
            for (Header h : r.headers()) {
                typed |= h.name().equalsIgnoreCase("Content-Type");
                s.append(" -H ").append(quote(h.name() + ": " + h.value()));
            }
            for (String h : r.redacted()) {
                String v = ReproductionPlan.variable(h);
                s.append(" -H \"")
                        .append(h)
                        .append(": ${")
                        .append(v)
                        .append(":?set ")
                        .append(v)
                        .append("}\"");
            }
            if (r.freshKey()) {
                s.append(" -H \"Idempotency-Key: $KEY\"");
            }
            if (!typed) {
                s.append(" -H 'Content-Type:'");
            }
            if (r.body().length > 0) {
                s.append(" --data-binary \"@$T/req").append(n).append('"');
            }
            s.append(" \"$BASE\"")
                    .append(quote(r.path()))
                    .append(") || { echo 'request ")
                    .append(n)
                    .append(" failed' >&2; exit 2; }\n");
            s.append("echo \"== ")
                    .append(n)
                    .append(": ")
                    .append(r.method())
                    .append(' ')
                    .append(shellText(r.path()))
                    .append(" -> $code")
                    .append(n)
                    .append("\"; cat \"$T/body")
                    .append(n)
                    .append("\"; echo\n");
        }
        s.append(check(plan.check()));
        return s.toString();
    }

    private static String check(ReproductionPlan.Check check) {
        String differ = "{ [ \"$code1\" != \"$code2\" ] && ! { [ \"$code1\" = 201 ] && { [ \"$code2\" = 200 ] "
                + "|| [ \"$code2\" = 204 ]; }; } && ! { [ \"$code1$code2\" = 200204 ] || [ \"$code1$code2\" "
                + "= 204200 ]; }; } "
                + "|| { [ -s \"$T/body1\" ] && [ -s \"$T/body2\" ] && ! cmp -s \"$T/body1\" \"$T/body2\"; }";
        String persists = switch (check) {
            case CREATED_TWICE ->
                "[ \"$code1\" = 201 ] && [ \"$code2\" = 201 ] || { l1=$(grep -i '^location:' \"$T/head1\"); "
                        + "l2=$(grep -i '^location:' \"$T/head2\"); [ -n \"$l1\" ] && [ -n \"$l2\" ] && [ "
                        + "\"$l1\" != \"$l2\" ]; }";
            case ANSWERS_DIFFER -> differ;
            case SECOND_CREATED -> "case \"$code1$code2\" in 2??2??) true ;; *) false ;; esac && { " + differ + "; }";
            case SECOND_SUCCEEDS -> "case \"$code2\" in 2??) true ;; *) false ;; esac";
            case GETS_DIFFER -> "! cmp -s \"$T/body2\" \"$T/body4\"";
        };
        return "if " + persists
                + "; then\n  echo 'the behaviour persists'\n  exit 1\nfi\necho 'fixed: the behaviour is "
                + "gone'\nexit 0\n";
    }

    /** Single-quoted for the shell. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** For use inside double quotes in an echo: what could expand is left out. */
    private static String shellText(String s) {
        return s.replaceAll("[\"$`\\\\]", "?");
    }

    /** A printf format that writes exactly {@code bytes}: printable ASCII as itself, the rest as octal. */
    static String octal(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\' && c != '%') {
                out.append((char) c);
            } else {
                out.append('\\').append(String.format("%03o", c));
            }
        }
        return out.toString();
    }

    private static String comment(String text) {
        return "# "
                + new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).replaceAll("[\r\n]", " ")
                + "\n";
    }
}
