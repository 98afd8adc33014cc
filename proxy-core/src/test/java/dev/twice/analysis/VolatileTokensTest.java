package dev.twice.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What is masked in unstructured text, and what must stay: a table of before → after. */
class VolatileTokensTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "<input type=\"hidden\" name=\"_wpnonce\" value=\"a1b2c3d4e5\">|<input type=\"hidden\" name=\"_wpnonce\" value=\"‹nonce or CSRF token›\">|nonce or CSRF token",
                "<meta name=\"csrf-token\" content=\"Zx9-Qq_7\">|<meta name=\"csrf-token\" content=\"‹nonce or CSRF token›\">|nonce or CSRF token",
                "<script nonce=\"r4nd0mV4lue\">|<script nonce=\"‹nonce or CSRF token›\">|nonce or CSRF token",
                "var csrfToken = 'abcdef123';|var csrfToken = '‹nonce or CSRF token›';|nonce or CSRF token",
                "id 123e4567-e89b-12d3-a456-426614174000 ok|id ‹UUID› ok|UUID",
                "at 2026-12-06T03:19:10.123Z|at ‹date and time›|date and time",
                "at 2026-12-06 03:19:10|at ‹date and time›|date and time",
                "Date: Sun, 06 Dec 2026 03:19:10 GMT.|Date: ‹date and time›.|date and time",
                "<!-- generated in 0.0123 seconds -->|<!-- generated in ‹number with a fraction› seconds -->|number with a fraction",
                "time 1765000000 s|time ‹Unix timestamp› s|Unix timestamp",
                "etag 9f86d081884c7d659a2feaa0c55ad015 end|etag ‹long hex token› end|long hex token",
                "sig dGhpcyBpcyBhIHRlc3QgMTIzNDU2Nzg5MA== end|sig ‹base64 token› end|base64 token",
                // What carries meaning stays.
                "<p>Visits: 1</p>|<p>Visits: 1</p>|",
                "Order total: 10 EUR|Order total: 10 EUR|",
                "/wp-content/themes/twentytwentyfour/style|/wp-content/themes/twentytwentyfour/style|",
                "order 12345 shipped|order 12345 shipped|",
            })
    void masks(String text, String masked, String kinds) {
        VolatileTokens.Masked m = VolatileTokens.mask(text);
        assertEquals(masked, m.text());
        assertEquals(kinds == null ? "" : kinds, String.join(",", m.kinds()));
    }

    /** Regular expressions that recurse per character overflow the stack on a long body; these must not. */
    @Test
    void longBodiesOfEveryShapeAreMaskedWithoutOverflowingTheStack() {
        for (String unit :
                new String[] {"a", "9", "ab", "a1B", "\"x\\\"", "name=\"csrf\" value=\"", "<p nonce=\"", "1.5 "}) {
            String text = unit.repeat(400_000 / unit.length());
            assertEquals(text.length() > 0, VolatileTokens.mask(text).text().length() > 0);
        }
    }
}
