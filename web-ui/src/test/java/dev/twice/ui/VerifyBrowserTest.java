package dev.twice.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.undertow.util.Headers;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** The Verify action and the reproduce downloads on a finding, in a real Chromium (docs/verification.md). */
class VerifyBrowserTest {

    @TempDir
    Path dir;

    private DashboardUnderTest page;
    private WebDriver browser;

    @AfterEach
    void stop() {
        if (page != null) {
            page.close();
        }
    }

    /** A PUT whose answer carries a version that grows with every write: a divergent response. */
    private void start(boolean allow) throws Exception {
        AtomicInteger version = new AtomicInteger();
        page = new DashboardUnderTest(
                dir,
                (ex, body) -> {
                    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                    ex.getResponseSender()
                            .send(
                                    ex.getRequestMethod().toString().equals("PUT")
                                            ? "{\"version\":" + version.incrementAndGet() + "}"
                                            : "{\"version\":" + version.get() + "}");
                },
                b -> b.allowVerify(allow));
        browser = page.browser;
        for (int i = 0; i < 2; i++) {
            page.send("PUT", "/doc/1", "{\"v\":1}".getBytes(), "Content-Type", "application/json");
        }
        page.open();
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
        page.waitFor(condition);
    }
}
