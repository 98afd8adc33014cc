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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page under live traffic, in a real Chromium: the detail opens in view, the row being read
 * stays put while rows arrive above it, the list stays bounded, and a rebuilt findings list keeps
 * the reader's focus and selection.
 */
class DashboardLiveTest {

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
        // Answers every PUT with a version that grows: repeats of one URL make a finding.
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
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"a\":1}"))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private void open() {
        browser.get("http://127.0.0.1:" + twice.dashboardAddress().getPort() + "/");
        waitFor(d -> !d.findElements(By.cssSelector("body[data-stream='open']")).isEmpty());
    }

    private int rows() {
        return browser.findElements(By.cssSelector("#traffic tbody tr")).size();
    }

    private double top(WebElement e) {
        return ((Number) ((JavascriptExecutor) browser)
                        .executeScript("return arguments[0].getBoundingClientRect().top", e))
                .doubleValue();
    }

    private void awaitRecorded(long n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (twice.engine().stats().recorded() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void anExchangeOpenedFarDownTheListOpensInView() throws Exception {
        for (int i = 0; i < 50; i++) {
            put("/rows/" + i);
        }
        awaitRecorded(50);
        open();
        waitFor(d -> rows() == 50);
        WebElement far =
                browser.findElements(By.cssSelector("#traffic tbody tr")).get(45);
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", far);
        far.click();
        waitFor(d -> d.findElement(By.id("detail")).getText().contains("/rows/4"));
        double top = top(browser.findElement(By.id("detail")));
        assertTrue(top >= 0 && top < 200, "the detail's top is in view: " + top);
        // On a phone the detail is below the list; opening brings it into view too.
        browser.manage().window().setSize(new Dimension(390, 844));
        WebElement another =
                browser.findElements(By.cssSelector("#traffic tbody tr")).get(40);
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", another);
        another.click();
        waitFor(d -> d.findElement(By.cssSelector("#detail h3")).getText().startsWith("#10 "));
        double phoneTop = top(browser.findElement(By.id("detail")));
        assertTrue(phoneTop >= 0 && phoneTop < 844, "in view on a phone: " + phoneTop);
        long pageWidth =
                (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth");
        assertTrue(pageWidth <= 390, "the overview wraps on a phone: page " + pageWidth + " px wide");
    }

    @Test
    void theRowBeingReadStaysPutWhileRowsArriveAboveIt() throws Exception {
        for (int i = 0; i < 60; i++) {
            put("/read/" + i);
        }
        awaitRecorded(60);
        open();
        waitFor(d -> rows() == 50);
        WebElement reading =
                browser.findElements(By.cssSelector("#traffic tbody tr")).get(30);
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", reading);
        double before = top(reading);
        for (int i = 0; i < 10; i++) {
            put("/more/" + i);
        }
        waitFor(d -> rows() == 60);
        double after = top(reading);
        assertTrue(Math.abs(after - before) < 3, "moved from " + before + " to " + after);
    }

    @Test
    void pausedTheListHoldsStillAndCountsWhatArrives() throws Exception {
        put("/p/0");
        awaitRecorded(1);
        open();
        waitFor(d -> rows() == 1);
        WebElement pause = browser.findElement(By.id("pause"));
        pause.click();
        for (int i = 1; i <= 3; i++) {
            put("/p/" + i);
        }
        waitFor(d -> pause.getText().equals("3 new — show"));
        assertEquals(1, rows(), "nothing moved while paused");
        pause.click();
        waitFor(d -> rows() == 4);
        assertEquals("Pause", pause.getText());
    }

    @Test
    void theLiveListIsBounded() throws Exception {
        open();
        for (int i = 0; i < 530; i++) {
            put("/bulk/" + i);
        }
        awaitRecorded(530);
        waitFor(d ->
                d.findElement(By.cssSelector("#traffic tbody tr")).getText().contains("/bulk/529"));
        assertEquals(500, rows(), "at most 500 rows in the page");
        assertTrue(browser.findElement(By.id("older")).isDisplayed(), "the rest is a Load older away");
    }

    @Test
    void aNewFindingKeepsTheReadersFocusAndSelection() throws Exception {
        put("/f/1");
        put("/f/1");
        open();
        waitFor(d -> d.findElements(By.cssSelector("#findings li")).size() == 1);
        WebElement chosen = browser.findElement(By.cssSelector("#findings li"));
        chosen.click();
        waitFor(d -> !d.findElements(By.cssSelector("article.finding")).isEmpty());
        put("/f/2");
        put("/f/2");
        waitFor(d -> d.findElements(By.cssSelector("#findings li")).size() == 2);
        Thread.sleep(300);
        WebElement first = browser.findElement(By.cssSelector("#findings li[data-finding='1']"));
        assertTrue(first.getAttribute("class").contains("selected"), "still selected");
        assertEquals(first, browser.switchTo().activeElement(), "still focused");
    }

    @Test
    void aLongListOfExchangesIsBoundedAndEachIdOpensItsExchange() throws Exception {
        for (int i = 0; i < 20; i++) {
            put("/many/1");
        }
        awaitRecorded(20);
        open();
        waitFor(d -> d.findElements(By.cssSelector("#findings li")).size() == 1);
        browser.findElement(By.cssSelector("#findings li")).click();
        waitFor(d -> !d.findElements(By.cssSelector(".exchange-ids")).isEmpty());
        WebElement ids = browser.findElement(By.cssSelector(".exchange-ids"));
        assertTrue(ids.getText().contains("… 14 more …"), ids.getText());
        assertEquals(
                6, ids.findElements(By.cssSelector("a[data-exchange-link]")).size());
        ids.findElements(By.cssSelector("a[data-exchange-link]")).get(0).click();
        waitFor(d -> d.findElement(By.cssSelector("#detail h3")).getText().startsWith("#1 PUT"));
    }

    private void waitFor(Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(condition::apply);
    }
}
