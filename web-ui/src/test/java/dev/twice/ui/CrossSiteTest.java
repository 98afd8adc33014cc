package dev.twice.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twice.Twice;
import dev.twice.config.HostPort;
import dev.twice.config.TwiceConfig;
import dev.twice.config.Upstream;
import dev.twice.testing.TestUpstream;
import io.undertow.util.Headers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A page on another origin, in a real Chromium, tries to make twice send traffic: a form posted
 * as text/plain (the classic JSON forgery), a no-cors fetch, and a JSON fetch that needs a CORS
 * preflight. None may start a verification (docs/security.md, "Requests that act").
 */
class CrossSiteTest {

    @TempDir
    Path dir;

    private final AtomicInteger upstreamRequests = new AtomicInteger();
    private TestUpstream upstream;
    private TestUpstream evil;
    private Twice twice;
    private WebDriver browser;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (twice != null) {
            twice.close();
        }
        for (TestUpstream u : new TestUpstream[] {upstream, evil}) {
            if (u != null) {
                u.close();
            }
        }
    }

    @Test
    void aPageOnAnotherOriginCannotStartAVerification() throws Exception {
        upstream = new TestUpstream((ex, body) -> {
            upstreamRequests.incrementAndGet();
            ex.getResponseSender().send("{}");
        });
        twice = Twice.start(TwiceConfig.builder()
                .upstream(Upstream.parse(upstream.url()))
                .listen(HostPort.parse("127.0.0.1:0"))
                .dashboard(HostPort.parse("127.0.0.1:0"))
                .db(dir.resolve("t.db"))
                .allowVerify(true)
                .build());
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        http.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + twice.proxyAddress().getPort() + "/good/1"))
                        .PUT(HttpRequest.BodyPublishers.ofString("1"))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        String dashboard = "http://127.0.0.1:" + twice.dashboardAddress().getPort();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (twice.engine().queries().count() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        int before = upstreamRequests.get();
        String target = dashboard + "/api/verifications";
        String page = """
                <!doctype html><html><body>
                <form id="f" method="POST" action="%1$s" enctype="text/plain" target="sink">
                  <input name='{"exchangeId":1,"x":"' value='"}'>
                </form>
                <iframe name="sink"></iframe>
                <p id="done">…</p>
                <script>
                  const body = JSON.stringify({exchangeId: 1});
                  Promise.allSettled([
                    fetch('%1$s', {method: 'POST', mode: 'no-cors', headers: {'Content-Type': 'text/plain'}, body}),
                    fetch('%1$s', {method: 'POST', headers: {'Content-Type': 'application/json'}, body}),
                    fetch('%1$s', {method: 'POST', mode: 'no-cors', credentials: 'include', body}),
                  ]).then(() => { document.getElementById('f').submit();
                                  setTimeout(() => document.getElementById('done').textContent = 'done', 1000); });
                </script>
                </body></html>
                """.formatted(target);
        evil = new TestUpstream((ex, body) -> {
            ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
            ex.getResponseSender().send(page);
        });
        browser = Browser.start(Files.createDirectories(dir.resolve("profile")));
        browser.get(evil.url() + "/");
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(d -> d.findElement(By.id("done")).getText().equals("done"));
        Thread.sleep(500);
        assertEquals(before, upstreamRequests.get(), "no request reached the upstream");
        HttpResponse<String> none = http.send(
                HttpRequest.newBuilder(URI.create(dashboard + "/api/verifications/1"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, none.statusCode(), "no verification was started: " + none.body());
        // The same request from the dashboard's own origin does start one.
        HttpResponse<String> own = http.send(
                HttpRequest.newBuilder(URI.create(target))
                        .header("Content-Type", "application/json")
                        .header("Origin", dashboard)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"exchangeId\":1}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, own.statusCode(), own.body());
    }
}
