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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The keyboard, deep links, and one-line rows, in a real Chromium. */
class DashboardKeysTest {

    @TempDir
    Path dir;

    private final AtomicInteger version = new AtomicInteger();
    private TestUpstream upstream;
    private Twice twice;
    private WebDriver browser;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws Exception {
        upstream = new TestUpstream((ex, body) -> {
            ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            ex.getResponseSender().send("{\"version\":" + version.incrementAndGet() + "}");
        });
        twice = Twice.start(TwiceConfig.builder()
                .upstream(Upstream.parse(upstream.url()))
                .listen(HostPort.parse("127.0.0.1:0"))
                .dashboard(HostPort.parse("127.0.0.1:0"))
                .db(dir.resolve("t.db"))
                .build());
        browser = Browser.start(Files.createDirectories(dir.resolve("profile")));
        put("/k/1");
        put("/k/1");
        put("/other/" + "x".repeat(300));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (twice.engine()
                        .findings()
                        .list(java.util.Optional.empty(), java.util.Optional.empty())
                        .isEmpty()
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @AfterEach
    void stop() {
        browser.quit();
        twice.close();
        upstream.close();
    }

    private void put(String path) throws Exception {
        http.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + twice.proxyAddress().getPort() + path))
                        .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private String page() {
        return "http://127.0.0.1:" + twice.dashboardAddress().getPort() + "/";
    }

    private void open(String url) {
        browser.get(url);
        waitFor(d -> !d.findElements(By.cssSelector("body[data-stream='open']")).isEmpty());
        waitFor(d -> d.findElements(By.cssSelector("#traffic tbody tr")).size() == 3);
        waitFor(d -> d.findElements(By.cssSelector("#findings li")).size() == 1);
    }

    private String detailTitle() {
        try {
            var h = browser.findElements(By.cssSelector("#detail h3, #detail h2"));
            return h.isEmpty() ? "" : h.get(0).getText();
        } catch (org.openqa.selenium.StaleElementReferenceException replaced) {
            return ""; // the detail was being rebuilt: the next poll reads it
        }
    }

    @Test
    void movingWithTheKeyboardOpensWhatItLandsOnAndRunsFromFindingsIntoTraffic() {
        open(page());
        WebElement finding = browser.findElement(By.cssSelector("#findings li"));
        finding.click();
        browser.switchTo().activeElement().sendKeys("j");
        waitFor(d -> detailTitle().startsWith("#3 "));
        assertEquals("3", browser.switchTo().activeElement().getAttribute("data-id"));
        browser.switchTo().activeElement().sendKeys(Keys.ARROW_DOWN);
        waitFor(d -> detailTitle().startsWith("#2 "));
        browser.switchTo().activeElement().sendKeys(Keys.END);
        waitFor(d -> detailTitle().startsWith("#1 "));
        browser.switchTo().activeElement().sendKeys(Keys.HOME);
        waitFor(d -> detailTitle().contains("put-divergent-response"));
        browser.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        waitFor(d -> d.findElement(By.id("detail")).getText().isEmpty());
        assertEquals("1", browser.switchTo().activeElement().getAttribute("data-finding"), "focus back where it was");
    }

    @Test
    void whatIsOpenIsInTheAddressAndBackGoesBack() {
        open(page() + "#/exchange/2");
        waitFor(d -> detailTitle().startsWith("#2 "));
        browser.findElement(By.cssSelector("#traffic tr[data-id='3']")).click();
        waitFor(d -> detailTitle().startsWith("#3 "));
        assertTrue(browser.getCurrentUrl().endsWith("#/exchange/3"), browser.getCurrentUrl());
        browser.navigate().back();
        waitFor(d -> detailTitle().startsWith("#2 "));
        open(page() + "#/finding/1");
        waitFor(d -> detailTitle().contains("put-divergent-response"));
    }

    @Test
    void aLongUrlTakesOneLineAndTimesAreLocalWithUtcOnHover() {
        open(page());
        // One healthy instance: nothing says degraded, no instance list (the overview's items are
        // flex boxes, which once showed through their hidden attribute).
        assertTrue(!browser.findElement(By.id("service-health")).isDisplayed());
        assertTrue(!browser.findElement(By.id("instances-item")).isDisplayed());
        WebElement flagged = browser.findElement(By.cssSelector("#traffic tr[data-id='2']"));
        assertTrue(flagged.getSize().getHeight() < 40, "a finding's mark keeps its row on one line");
        WebElement row = browser.findElement(By.cssSelector("#traffic tr[data-id='3']"));
        assertTrue(row.getSize().getHeight() < 40, "one line: " + row.getSize().getHeight() + " px");
        assertTrue(
                row.findElement(By.cssSelector("td.url")).getAttribute("title").endsWith("x".repeat(300)));
        assertTrue(row.findElement(By.cssSelector("td.status"))
                .getAttribute("class")
                .contains("s2xx"));
        row.click();
        waitFor(d -> detailTitle().startsWith("#3 "));
        String utc = browser.findElement(By.cssSelector("#detail time")).getAttribute("title");
        assertTrue(utc.endsWith("Z (UTC)"), utc);
        assertTrue(
                !browser.findElement(By.cssSelector("#detail time")).getText().endsWith("Z"));
    }

    private void waitFor(Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(condition::apply);
    }
}
