package dev.twice.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The JSON viewer on a large body and an empty one, in a real Chromium (defect 13). */
class JsonViewerTest {

    @TempDir
    Path dir;

    @Test
    void aLargeBodyCostsFewNodesUntilOpenedAndHasRawCopyAndAHeightCap() throws Exception {
        StringBuilder big = new StringBuilder("[");
        for (int i = 0; i < 2000; i++) {
            big.append(i == 0 ? "" : ",")
                    .append("{\"id\":")
                    .append(i)
                    .append(",\"name\":\"item ")
                    .append(i)
                    .append("\",\"tags\":[\"a\",\"b\"]}");
        }
        String large = big.append("]").toString();
        try (TestUpstream upstream = new TestUpstream((ex, body) -> {
                    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                    ex.getResponseSender().send(ex.getRequestPath().equals("/empty") ? "{}" : large);
                });
                Twice twice = Twice.start(TwiceConfig.builder()
                        .upstream(Upstream.parse(upstream.url()))
                        .listen(HostPort.parse("127.0.0.1:0"))
                        .dashboard(HostPort.parse("127.0.0.1:0"))
                        .db(dir.resolve("t.db"))
                        .build())) {
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (String path : new String[] {"/big", "/empty"}) {
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                        + twice.proxyAddress().getPort() + path))
                                .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                                .header("Content-Type", "application/json")
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            WebDriver browser = Browser.start(Files.createDirectories(dir.resolve("profile")));
            try {
                browser.get("http://127.0.0.1:" + twice.dashboardAddress().getPort() + "/#/exchange/1");
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
                wait.until(
                        d -> d.findElements(By.cssSelector("#detail .json-box")).size() == 2);
                WebElement response = browser.findElements(By.cssSelector("#detail .json-box"))
                        .get(1);
                long nodes = (Long) ((JavascriptExecutor) browser)
                        .executeScript("return arguments[0].querySelectorAll('*').length", response);
                assertTrue(nodes < 400, "a 2,000-item body costs " + nodes + " nodes until opened");
                long height = (Long) ((JavascriptExecutor) browser)
                        .executeScript(
                                "return Math.round(arguments[0].querySelector('.json').getBoundingClientRect().height)",
                                response);
                assertTrue(height <= 30 * 14 + 2, "a bounded box: " + height + " px");
                response.findElement(By.cssSelector("button.json-toggle")).click();
                WebElement raw = response.findElement(By.cssSelector("pre.json-raw"));
                assertTrue(raw.isDisplayed());
                assertTrue(raw.getAttribute("textContent").contains("\"id\": 1999"));
                WebElement copy = response.findElement(By.cssSelector("button.json-copy"));
                copy.click();
                wait.until(d -> !copy.getText().equals("copy"));
                assertNotEquals("copy", copy.getText());

                // Find: whatever the case, however deep and however far down a long list.
                WebElement find = response.findElement(By.cssSelector("input.json-find"));
                find.sendKeys("ITEM 1500\"");
                wait.until(d -> response.findElement(By.cssSelector(".json-found"))
                        .getText()
                        .equals("1 found"));
                WebElement hit = response.findElement(By.cssSelector(".json .hit"));
                assertEquals("name: \"item 1500\"", hit.getText());
                String inView = "const h = arguments[0].getBoundingClientRect(),"
                        + " b = arguments[1].getBoundingClientRect(); return h.top >= b.top && h.bottom <= b.bottom";
                WebElement scroller = response.findElement(By.cssSelector(".json"));
                assertEquals(false, ((JavascriptExecutor) browser).executeScript(inView, hit, scroller));
                find.sendKeys(Keys.ENTER);
                wait.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(inView, hit, scroller));
                find.sendKeys(Keys.chord(Keys.CONTROL, "a"), "tags");
                wait.until(d -> response.findElement(By.cssSelector(".json-found"))
                        .getText()
                        .equals("200+ found"));
                browser.get("http://127.0.0.1:" + twice.dashboardAddress().getPort() + "/#/exchange/2");
                wait.until(
                        d -> d.findElements(By.cssSelector("#detail .json-box")).size() == 2);
                assertEquals(
                        "{}",
                        browser.findElements(By.cssSelector("#detail .json-box .json"))
                                .get(1)
                                .getText());
            } finally {
                browser.quit();
            }
        }
    }
}
