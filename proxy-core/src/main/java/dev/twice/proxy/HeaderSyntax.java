package dev.twice.proxy;

/** The character classes of RFC 9110 §5.6.2 that the strict request checks need. */
final class HeaderSyntax {

    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[Character.toUpperCase(c)] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private HeaderSyntax() {}

    static boolean isTokenChar(int b) {
        return b >= 0 && b < 128 && TCHAR[b];
    }

    /** field-vchar, SP, HTAB or obs-text: anything but controls (RFC 9110 §5.5). */
    static boolean isFieldByte(int b) {
        return b == '\t' || (b >= 0x20 && b != 0x7f);
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
