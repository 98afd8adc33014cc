package dev.twice.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Filters, links between findings and traffic, and the health line, in a real Chromium: each case
 * a defect the page had (filters only on Enter and case-sensitive, a stale list under a filter
 * error, a finding filter that never got live rows, findings and rows not linked, an unreachable
 * dashboard throwing every 5 s, an unreachable upstream shown as degraded recording).
 */
class DashboardUseTest {

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
        startTwice(upstream.url());
        browser = Browser.start(Files.createDirectories(dir.resolve("profile")));
    }

    private void startTwice(String upstreamUrl) {
        twice = Twice.start(TwiceConfig.builder()
                .upstream(Upstream.parse(upstreamUrl))
                .listen(HostPort.parse("127.0.0.1:0"))
                .dashboard(HostPort.parse("127.0.0.1:0"))
                .db(dir.resolve("t.db"))
                .build());
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

    private List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#traffic tbody tr"));
    }

    @Test
    void theUrlFilterAppliesAsYouTypeWhateverTheCase() throws Exception {
        put("/orders/1");
        put("/users/1");
        open();
        waitFor(d -> rows().size() == 2);
        browser.findElement(By.name("url")).sendKeys("/ORDERS");
        waitFor(d -> rows().size() == 1); // no Enter, no blur
        assertTrue(rows().get(0).getText().contains("/orders/1"));
    }

    @Test
    void aBadStatusShowsItsErrorAndNoStaleList() throws Exception {
        put("/a");
        open();
        waitFor(d -> rows().size() == 1);
        browser.findElement(By.name("status")).sendKeys("abc");
        waitFor(d -> d.findElement(By.id("filter-error")).isDisplayed());
        assertEquals(0, rows().size(), "no rows that the filter does not describe");
    }

    @Test
    void underAFindingFilterNewExchangesOfThatRuleArriveLive() throws Exception {
        put("/f/1");
        put("/f/1");
        open();
        new Select(browser.findElement(By.name("finding"))).selectByVisibleText("put-divergent-response");
        waitFor(d -> rows().size() == 2);
        put("/f/1"); // extends the finding
        waitFor(d -> rows().size() == 3);
    }

    @Test
    void findingsAndTrafficAreLinkedBothWays() throws Exception {
        put("/l/1");
        put("/l/1");
        put("/other");
        open();
        waitFor(d -> !d.findElements(By.cssSelector("#traffic a.finding-link")).isEmpty());
        browser.findElement(By.cssSelector("#traffic a.finding-link")).click();
        waitFor(d -> !d.findElements(By.cssSelector("article.finding")).isEmpty());
        assertEquals(
                2,
                browser.findElements(By.cssSelector("#traffic tr.in-finding")).size(),
                "its rows stand out");
        browser.findElement(By.cssSelector("#traffic tr[data-id='1']")).click();
        waitFor(d -> !d.findElements(By.cssSelector(".exchange-findings a")).isEmpty());
        browser.findElement(By.cssSelector(".exchange-findings a")).click();
        waitFor(d -> !d.findElements(By.cssSelector("article.finding")).isEmpty());
    }

    @Test
    void aFindingShowsThePairItsDifferencesCompare() throws Exception {
        for (int i = 0; i < 3; i++) { // one key, three different answers: #1 then #2, then #1 then #3
            http.send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://127.0.0.1:" + twice.proxyAddress().getPort() + "/pay"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}"))
                            .header("Idempotency-Key", "k-1")
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        open();
        waitFor(d -> d.findElements(By.cssSelector("#findings li")).size() == 1);
        waitFor(d -> d.findElement(By.cssSelector("#findings li")).getText().contains("3 exchanges"));
        browser.findElement(By.cssSelector("#findings li")).click();
        waitFor(d -> d.findElements(By.cssSelector("article.finding .sides .exchange"))
                        .size()
                == 2);
        List<WebElement> columns = browser.findElements(By.cssSelector("article.finding .sides .exchange"));
        assertEquals("1", columns.get(0).getAttribute("data-exchange"));
        assertEquals("3", columns.get(1).getAttribute("data-exchange"), "the first answer and the latest retry");
    }

    @Test
    void anUnreachableUpstreamIsNotCalledDegradedRecording() throws Exception {
        twice.close();
        String gone = "http://127.0.0.1:" + dev.twice.testing.ExternalServer.freePort();
        startTwice(gone);
        http.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + twice.proxyAddress().getPort() + "/x"))
                        .PUT(HttpRequest.BodyPublishers.ofString("1"))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        open();
        waitFor(d -> d.findElement(By.id("service-health")).isDisplayed());
        assertTrue(browser.findElement(By.id("service-problem")).getText().startsWith("upstream unreachable"));
        assertTrue(browser.findElement(By.id("recording-health")).getText().startsWith("ok"));
    }

    @Test
    void aDashboardThatGoesAwayIsSaidOnceInPlaceAndThrowsNothing() throws Exception {
        open();
        browser.manage().logs().get(LogType.BROWSER); // drain
        twice.close();
        waitFor(d -> d.findElement(By.id("recording-health")).getText().contains("unreachable"));
        Thread.sleep(6000); // another round of polling
        for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
            assertFalse(e.getMessage().contains("Uncaught"), e.getMessage());
        }
        startTwice(upstream.url()); // so that stop() has one to close
    }

    private void waitFor(Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(condition::apply);
    }
}
