package dev.twice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.Twice;
import dev.twice.config.HostPort;
import dev.twice.config.TwiceConfig;
import dev.twice.config.Upstream;
import dev.twice.testing.RawHttp;
import dev.twice.testing.TestUpstream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessGuardTest {

    @TempDir
    Path dir;

    private Twice start(String token, String dashboard) {
        return Twice.start(TwiceConfig.builder()
                .upstream(Upstream.parse("http://127.0.0.1:1"))
                .listen(HostPort.parse("127.0.0.1:0"))
                .dashboard(HostPort.parse(dashboard))
                .db(dir.resolve("t.db"))
                .token(token)
                .build());
    }

    @Test
    void withATokenTheApiRefusesRequestsWithoutIt() throws Exception {
        try (Twice twice = start("s3cret", "127.0.0.1:0")) {
            TwiceApiClient api = new TwiceApiClient(twice);
            assertEquals(401, api.dashboard("/api/exchanges").statusCode());
            assertEquals(
                    401,
                    api.dashboard("/api/exchanges", "Authorization", "Bearer wrong")
                            .statusCode());
            assertEquals(401, api.dashboard("/").statusCode());
        }
    }

    @Test
    void theTokenIsAcceptedAsBearerOrCookie() throws Exception {
        try (Twice twice = start("s3cret", "127.0.0.1:0")) {
            TwiceApiClient api = new TwiceApiClient(twice);
            assertEquals(
                    200,
                    api.dashboard("/api/exchanges", "Authorization", "Bearer s3cret")
                            .statusCode());
            assertEquals(
                    200,
                    api.dashboard("/api/exchanges", "Cookie", "twice_token=" + AccessGuard.sessionValue("s3cret"))
                            .statusCode());
            // The cookie never carries the token itself, so the token in a cookie is no key.
            assertEquals(
                    401,
                    api.dashboard("/api/exchanges", "Cookie", "twice_token=s3cret")
                            .statusCode());
        }
    }

    @Test
    void aTokenInTheUrlBecomesAStrictHttpOnlyCookieAndLeavesTheUrl() throws Exception {
        try (Twice twice = start("s3cret", "127.0.0.1:0")) {
            var r = new TwiceApiClient(twice).dashboard("/?token=s3cret");
            assertEquals(303, r.statusCode());
            assertEquals("/", r.headers().firstValue("location").orElseThrow());
            String cookie = r.headers().firstValue("set-cookie").orElseThrow();
            assertTrue(cookie.startsWith("twice_token=" + AccessGuard.sessionValue("s3cret")), cookie);
            assertTrue(!cookie.contains("s3cret"), cookie);
            assertTrue(cookie.contains("HttpOnly"), cookie);
            assertTrue(cookie.contains("SameSite=Strict"), cookie);
        }
    }

    @Test
    void healthStaysOpenForHealthChecks() throws Exception {
        try (Twice twice = start("s3cret", "127.0.0.1:0")) {
            assertEquals(200, new TwiceApiClient(twice).dashboard("/healthz").statusCode());
        }
    }

    @Test
    void aDashboardOnANonLoopbackAddressGetsA128BitTokenGenerated() {
        try (Twice twice = start(null, "0.0.0.0:0")) {
            String token = twice.token().orElseThrow();
            assertTrue(token.matches("[0-9a-f]{32}"), token);
            assertTrue(twice.dashboardUrl().endsWith("/?token=" + token));
        }
    }

    @Test
    void aForeignHostHeaderIsRefusedAgainstDnsRebinding() throws Exception {
        try (Twice twice = start(null, "127.0.0.1:0")) {
            int port = twice.dashboardAddress().getPort();
            for (String host : new String[] {"attacker.example", "attacker.example:" + port, "127.0.0.2"}) {
                try (var raw = new RawHttp(port)) {
                    raw.write("GET /api/exchanges HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
                    assertTrue(raw.readUntil("\r\n\r\n").startsWith("HTTP/1.1 403"), host);
                }
            }
            for (String host : new String[] {"localhost:" + port, "127.0.0.1:" + port, "LOCALHOST"}) {
                try (var raw = new RawHttp(port)) {
                    raw.write("GET /api/exchanges HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
                    assertTrue(raw.readUntil("\r\n\r\n").startsWith("HTTP/1.1 200"), host);
                }
            }
        }
    }

    @Test
    void aLoopbackDashboardWithoutTokenIsOpen() throws Exception {
        try (Twice twice = start(null, "127.0.0.1:0")) {
            assertTrue(twice.token().isEmpty());
            assertEquals(
                    200, new TwiceApiClient(twice).dashboard("/api/exchanges").statusCode());
        }
    }

    @Test
    void theRedirectAfterTheTokenNeverLeavesTheDashboard() throws Exception {
        try (Twice twice = start("s3cret", "127.0.0.1:0")) {
            assertEquals("/", rawRedirect(twice, "//evil.example/?token=s3cret"));
            assertEquals("/", rawRedirect(twice, "///evil.example/?token=s3cret"));
            assertEquals("/assets/app.js", rawRedirect(twice, "/assets/app.js?token=s3cret"));
            assertEquals("/", AccessGuard.samePage("/\\evil.example/"));
            // The raw target goes back as it came: percent-encoded bytes are never decoded into "//" or a line end.
            assertEquals("/%C4%AF%C4%AFevil.example", rawRedirect(twice, "/%C4%AF%C4%AFevil.example?token=s3cret"));
        }
    }

    @Test
    void theProxyNeverForwardsTheDashboardCookie() throws Exception {
        try (var upstream =
                        new TestUpstream((ex, body) -> ex.getResponseSender().send("ok"));
                Twice twice = TwiceApiClient.start(
                        upstream.url(), dir.resolve("t.db"), b -> b.token("a-long-enough-token-0123"))) {
            TwiceApiClient api = new TwiceApiClient(twice);
            api.proxy(
                    "GET",
                    "/x",
                    null,
                    "Cookie",
                    "a=1; twice_token=" + AccessGuard.sessionValue("a-long-enough-token-0123") + "; b=2");
            api.proxy("GET", "/y", null, "Cookie", "twice_token=abc");
            assertEquals("a=1; b=2", upstream.seen.get(0).headers().getFirst("Cookie"));
            assertEquals(null, upstream.seen.get(1).headers().getFirst("Cookie"));
        }
    }

    /** The Location of a token exchange at a raw request target (a client would not normalise it first). */
    private static String rawRedirect(Twice twice, String target) throws Exception {
        try (Socket s = new Socket("127.0.0.1", twice.dashboardAddress().getPort())) {
            s.getOutputStream()
                    .write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 303"), answer);
            return answer.lines()
                    .filter(l -> l.toLowerCase(Locale.ROOT).startsWith("location:"))
                    .map(l -> l.substring(9).trim())
                    .findFirst()
                    .orElseThrow();
        }
    }
}
