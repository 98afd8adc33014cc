package dev.twice.capture;

/**
 * What a body is by its bytes, whatever its {@code Content-Type} says: secrets travel as
 * {@code text/plain} JSON and untyped form data as often as under their proper types. Pure.
 */
final class BodySniffer {

    /** Prefixes servers put before JSON so a script tag cannot run it (XSSI), skipped to reach the JSON. */
    private static final String[] XSSI = {")]}'", ")]}", "while(1);", "for(;;);"};

    private BodySniffer() {}

    /** Where JSON starts (after a BOM, white space and an XSSI prefix), or -1 when it does not look like JSON. */
    static int jsonStart(byte[] b, int from, int to) {
        int i = skipSpace(b, skipBom(b, from, to), to);
        for (String prefix : XSSI) {
            if (startsWith(b, i, to, prefix)) {
                i = skipSpace(b, i + prefix.length(), to);
                if (i < to && b[i] == ',') {
                    i = skipSpace(b, i + 1, to);
                }
                break;
            }
        }
        return i < to && (b[i] == '{' || b[i] == '[') ? i : -1;
    }

    /**
     * {@code name=value&name=value} with nothing but the characters a URL-encoded form may hold:
     * no space, no quote, no angle bracket, nothing past ASCII.
     */
    static boolean looksLikeForm(byte[] b, int from, int to) {
        boolean equals = false;
        if (from >= to || b[from] == '=' || b[from] == '&') {
            return false;
        }
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xff;
            if (c == '=') {
                equals = true;
            } else if (c <= ' ' || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '{' || c == '}' || c == '\\'
                    || c == '`' || c == '^' || c == '|') {
                // one trailing line end (LF or CRLF) is fine
                return equals
                        && (i == to - 1 && c == '\n'
                                || i == to - 2 && c == '\r' && b[to - 1] == '\n'
                                || i == to - 1 && c == '\r');
            }
        }
        return equals;
    }

    private static int skipBom(byte[] b, int i, int to) {
        return to - i >= 3 && (b[i] & 0xff) == 0xEF && (b[i + 1] & 0xff) == 0xBB && (b[i + 2] & 0xff) == 0xBF
                ? i + 3
                : i;
    }

    private static int skipSpace(byte[] b, int i, int to) {
        while (i < to && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
            i++;
        }
        return i;
    }

    private static boolean startsWith(byte[] b, int i, int to, String prefix) {
        if (to - i < prefix.length()) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (b[i + k] != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
