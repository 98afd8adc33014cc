package dev.twice.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The Verify action and the reproduce downloads on a finding, in a real Chromium (docs/verification.md). */
class VerifyBrowserTest {

    @TempDir
    Path dir;

    private TestUpstream upstream;
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
        if (upstream != null) {
            upstream.close();
        }
    }

    /** A PUT whose answer carries a version that grows with every write: a divergent response. */
    private void start(boolean allow) throws Exception {
        AtomicInteger version = new AtomicInteger();
        upstream = new TestUpstream((ex, body) -> {
            ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            ex.getResponseSender()
                    .send(
                            ex.getRequestMethod().toString().equals("PUT")
                                    ? "{\"version\":" + version.incrementAndGet() + "}"
                                    : "{\"version\":" + version.get() + "}");
        });
        twice = Twice.start(TwiceConfig.builder()
                .upstream(Upstream.parse(upstream.url()))
                .listen(HostPort.parse("127.0.0.1:0"))
                .dashboard(HostPort.parse("127.0.0.1:0"))
                .db(dir.resolve("t.db"))
                .allowVerify(allow)
                .build());
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 2; i++) {
            http.send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://127.0.0.1:" + twice.proxyAddress().getPort() + "/doc/1"))
                            .PUT(HttpRequest.BodyPublishers.ofString("{\"v\":1}"))
                            .header("Content-Type", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        browser = Browser.start(Files.createDirectories(dir.resolve("profile")));
        browser.get("http://127.0.0.1:" + twice.dashboardAddress().getPort() + "/");
        waitFor(d -> !d.findElements(By.cssSelector("body[data-stream='open']")).isEmpty());
        waitFor(d -> !d.findElements(By.cssSelector("#findings li")).isEmpty());
        browser.findElement(By.cssSelector("#findings li")).click();
        waitFor(d ->
                !d.findElements(By.cssSelector("article.finding .reproduce")).isEmpty());
    }

    @Test
    void verifyingAFindingShowsItsStepsLiveAndItsVerdict() throws Exception {
        start(true);
        List<WebElement> links = browser.findElements(By.cssSelector("article.finding .reproduce a"));
        assertTrue(links.get(0).getAttribute("href").endsWith("/reproduce.sh"));
        assertTrue(links.get(1).getAttribute("href").endsWith("/reproduce.java"));
        browser.findElement(By.cssSelector("article.finding > .verify-box button.verify"))
                .click();
        waitFor(d -> !d.findElements(By.cssSelector("article.finding > .verify-box [data-state='not-idempotent']"))
                .isEmpty());
        List<WebElement> steps = browser.findElements(By.cssSelector("article.finding > .verify-box .steps li"));
        assertEquals(5, steps.size());
        assertTrue(steps.get(1).getText().startsWith("PUT /doc/1"), steps.get(1).getText());
        assertEquals(
                "$.version",
                browser.findElement(By.cssSelector("article.finding > .verify-box table.diff td code"))
                        .getText());
        // A step's exchange is one click away, and marked as the verification's.
        steps.get(1).findElement(By.tagName("a")).click();
        waitFor(d -> d.findElement(By.id("detail")).getText().contains("sent by a verification"));
    }

    @Test
    void withoutTheFlagTheActionNamesIt() throws Exception {
        start(false);
        String hint = browser.findElement(By.cssSelector("article.finding > .verify-hint"))
                .getText();
        assertTrue(hint.contains("--allow-verify"), hint);
        assertTrue(browser.findElements(By.cssSelector("button.verify")).isEmpty());
    }

    private void waitFor(java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(condition::apply);
    }
}
