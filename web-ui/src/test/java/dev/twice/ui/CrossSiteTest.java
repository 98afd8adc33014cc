package dev.twice.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twice.testing.TestUpstream;
import io.undertow.util.Headers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * A page on another origin, in a real Chromium, tries to make twice send traffic: a form posted
 * as text/plain (the classic JSON forgery), a no-cors fetch, and a JSON fetch that needs a CORS
 * preflight. None may start a verification (docs/security.md, "Requests that act").
 */
class CrossSiteTest {

    @TempDir
    Path dir;

    private final AtomicInteger upstreamRequests = new AtomicInteger();
    private DashboardUnderTest page;
    private TestUpstream evil;

    @AfterEach
    void stop() {
        if (page != null) {
            page.close();
        }
        if (evil != null) {
            evil.close();
        }
    }

    @Test
    void aPageOnAnotherOriginCannotStartAVerification() throws Exception {
        page = new DashboardUnderTest(
                dir,
                (ex, body) -> {
                    upstreamRequests.incrementAndGet();
                    ex.getResponseSender().send("{}");
                },
                b -> b.allowVerify(true));
        page.send("PUT", "/good/1", "1".getBytes());
        page.awaitRecorded(1);
        String dashboard = "http://127.0.0.1:" + page.twice().dashboardAddress().getPort();
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int before = upstreamRequests.get();
        String target = dashboard + "/api/verifications";
        String html = """
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
            ex.getResponseSender().send(html);
        });
        page.browser.get(evil.url() + "/");
        page.waitFor(d -> d.findElement(By.id("done")).getText().equals("done"));
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
