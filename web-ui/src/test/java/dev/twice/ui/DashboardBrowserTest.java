package dev.twice.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.Twice;
import dev.twice.config.HostPort;
import dev.twice.config.TwiceConfig;
import dev.twice.config.Upstream;
import dev.twice.testing.Gzip;
import dev.twice.testing.TestUpstream;
import io.undertow.util.HttpString;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard in a real headless Chromium against a real twice and a real upstream. */
class DashboardBrowserTest {

    @TempDir
    Path dir;

    private TestUpstream upstream;
    private Twice twice;
    private WebDriver browser;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private void start(TestUpstream.Handler handler) throws Exception {
        upstream = new TestUpstream(handler);
        twice = Twice.start(TwiceConfig.builder()
                .upstream(Upstream.parse(upstream.url()))
                .listen(HostPort.parse("127.0.0.1:0"))
                .dashboard(HostPort.parse("127.0.0.1:0"))
                .db(dir.resolve("t.db"))
                .build());
        browser = Browser.start(Files.createDirectories(dir.resolve("profile")));
        browser.get("http://127.0.0.1:" + twice.dashboardAddress().getPort() + "/");
        waitFor(d -> !d.findElements(By.cssSelector("body[data-stream='open']")).isEmpty());
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.manage().logs().get(LogType.BROWSER).forEach(e -> System.out.println("browser: " + e));
            browser.quit();
        }
        if (twice != null) {
            twice.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private void send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + twice.proxyAddress().getPort() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        http.send(b.build(), HttpResponse.BodyHandlers.discarding());
    }

    private <T> T waitFor(Function<WebDriver, T> condition) {
        return new WebDriverWait(browser, Duration.ofSeconds(10)).until(condition::apply);
    }

    private WebElement row(int id) {
        return waitFor(d -> d.findElement(By.cssSelector("#traffic tr[data-id='" + id + "']")));
    }

    @Test
    void aPutThroughTheProxyAppearsInTheListWithoutReload() throws Exception {
        start((ex, body) -> ex.getResponseSender().send("ok"));
        Object marker = ((JavascriptExecutor) browser).executeScript("window.notReloaded = true; return 1;");
        send("PUT", "/live/1", "x");
        assertTrue(row(1).getText().contains("/live/1"));
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.notReloaded === true;"));
        assertEquals(1L, marker);
    }

    @Test
    void theDetailShowsTheDecodedGzipBodyAndTheFormTable() throws Exception {
        byte[] html = Gzip.of("<p>saved</p>");
        start((ex, body) -> {
            ex.getResponseHeaders().put(HttpString.tryFromString("Content-Type"), "text/html");
            ex.getResponseHeaders().put(HttpString.tryFromString("Content-Encoding"), "gzip");
            ex.getResponseSender().send(ByteBuffer.wrap(html));
        });
        send("PUT", "/form", "key1=value1&key2=value2", "Content-Type", "application/x-www-form-urlencoded");
        row(1).click();
        WebElement form = waitFor(d -> d.findElement(By.cssSelector("#detail table.form")));
        assertTrue(form.getText().contains("key1 value1"), form.getText());
        assertTrue(form.getText().contains("key2 value2"), form.getText());
        WebElement response =
                browser.findElements(By.cssSelector("#detail .sides section")).get(1);
        assertTrue(response.getText().contains("<p>saved</p>"), response.getText());
        Files.write(dir.resolve("detail.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void aRepeatedBrokenPutShowsAFindingWhoseDiffNamesTheJsonPath() throws Exception {
        AtomicInteger version = new AtomicInteger();
        start((ex, body) -> {
            ex.getResponseHeaders().put(HttpString.tryFromString("Content-Type"), "application/json");
            ex.getResponseSender().send("{\"item\":{\"version\":" + version.incrementAndGet() + "}}");
        });
        send("PUT", "/things/1", "same");
        send("PUT", "/things/1", "same");
        WebElement finding = waitFor(d -> d.findElement(By.cssSelector("#findings li")));
        assertTrue(finding.getText().contains("put-divergent-response"), finding.getText());
        finding.click();
        WebElement diff = waitFor(d -> d.findElement(By.cssSelector("#detail table.diff")));
        assertTrue(diff.getText().contains("$.item.version"), diff.getText());
        assertTrue(diff.getText().contains("1") && diff.getText().contains("2"), diff.getText());
        assertTrue(browser.findElement(By.id("detail")).getText().contains("RFC 9110"));
        waitFor(d -> d.findElement(By.cssSelector("#traffic tr[data-id='2']"))
                .getText()
                .contains("put-divergent-response"));
        String screenshot = System.getProperty("twice.screenshot");
        if (screenshot != null) {
            Files.write(Path.of(screenshot), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        }
    }

    @Test
    void recordedMarkupStaysInertText() throws Exception {
        String attack = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>";
        start((ex, body) -> {
            ex.getResponseHeaders().put(HttpString.tryFromString("Content-Type"), "text/html");
            ex.getResponseHeaders().put(HttpString.tryFromString("X-Evil"), "<img src=x onerror=\"window.pwned=3\">");
            ex.getResponseSender().send(attack);
        });
        send(
                "POST",
                "/<script>window.pwned=4</script>".replace("<", "%3C").replace(">", "%3E"),
                attack,
                "Content-Type",
                "text/html",
                "X-Evil",
                "<svg onload=\"window.pwned=5\">");
        row(1).click();
        WebElement detail = waitFor(d -> {
            WebElement e = d.findElement(By.id("detail"));
            return e.getText().contains("onerror") ? e : null;
        });
        assertTrue(detail.getText().contains("<img src=x onerror="), detail.getText());
        Thread.sleep(300);
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.pwned === undefined;"));
        assertEquals(
                0,
                browser.findElements(By.cssSelector("#detail img, #detail script, #detail svg, #traffic img"))
                        .size());
    }

    /**
     * A client of the proxy plants {@code Host: attacker.example} and a body {@code @/etc/hosts}:
     * the copied command must go through twice's own proxy port and send the body as written, never
     * read a local file. The command is run for real with sh and curl.
     */
    @Test
    void copyAsCurlCannotBeTurnedAgainstTheOperator() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        start((ex, body) -> {
            bodies.add(new String(body, StandardCharsets.ISO_8859_1));
            ex.getResponseSender().send("ok");
        });
        try (Socket s = new Socket("127.0.0.1", twice.proxyAddress().getPort())) {
            s.getOutputStream()
                    .write(("POST /upload?x=1 HTTP/1.1\r\nHost: attacker.example\r\n"
                                    + "Content-Type: text/plain\r\nContent-Length: 11\r\nConnection: close\r\n\r\n@/etc/hosts")
                            .getBytes(StandardCharsets.ISO_8859_1));
            s.getInputStream().readAllBytes();
        }
        row(1).click();
        WebElement pre = waitFor(d -> d.findElement(By.cssSelector("#detail pre.curl")));
        String curl = pre.getAttribute("textContent");
        assertTrue(
                curl.startsWith("curl --globoff -X 'POST' 'http://127.0.0.1:"
                        + twice.proxyAddress().getPort() + "/upload"),
                curl);
        assertTrue(curl.contains("--data-raw '@/etc/hosts'"), curl);
        assertTrue(!curl.contains("attacker.example") && !curl.contains("--data-binary"), curl);
        Process p = new ProcessBuilder("sh", "-c", curl + " -s -o /dev/null")
                .redirectErrorStream(true)
                .start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "curl finished");
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
        assertEquals(List.of("@/etc/hosts", "@/etc/hosts"), bodies, "the body as written, twice; no file read");
        waitFor(d -> d.findElement(By.cssSelector("#traffic tr[data-id='2']")));
    }
}
