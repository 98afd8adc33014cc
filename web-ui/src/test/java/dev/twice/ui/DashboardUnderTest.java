package dev.twice.ui;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the page's browser tests share: a real upstream, a real twice in front of it (started again
 * by {@link #restart} when a test needs another upstream), a real Chromium on its dashboard, and
 * the client calls and waits the tests make. Closing stops all three.
 */
final class DashboardUnderTest implements AutoCloseable {

    final TestUpstream upstream;
    final WebDriver browser;
    private final Path dir;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final UnaryOperator<TwiceConfig.Builder> settings;
    private Twice twice;

    DashboardUnderTest(Path dir, TestUpstream.Handler handler) throws Exception {
        this(dir, handler, b -> b);
    }

    /** {@code settings}: what a test sets beyond the ports and db (e.g. {@code allowVerify}). */
    DashboardUnderTest(Path dir, TestUpstream.Handler handler, UnaryOperator<TwiceConfig.Builder> settings)
            throws Exception {
        this.dir = dir;
        this.settings = settings;
        this.upstream = new TestUpstream(handler);
        restart(upstream.url());
        this.browser = Browser.start(Files.createDirectories(dir.resolve("profile")));
    }

    /** Answers every request with JSON whose version grows: repeats of one PUT make a finding. */
    static TestUpstream.Handler growingVersion() {
        AtomicInteger version = new AtomicInteger();
        return (ex, body) -> {
            ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            ex.getResponseSender().send("{\"version\":" + version.incrementAndGet() + "}");
        };
    }

    /** Stops twice, if it runs, and starts it again in front of {@code upstreamUrl}, on the same db. */
    void restart(String upstreamUrl) {
        if (twice != null) {
            twice.close();
        }
        twice = Twice.start(settings.apply(TwiceConfig.builder()
                        .upstream(Upstream.parse(upstreamUrl))
                        .listen(HostPort.parse("127.0.0.1:0"))
                        .dashboard(HostPort.parse("127.0.0.1:0"))
                        .db(dir.resolve("t.db")))
                .build());
    }

    Twice twice() {
        return twice;
    }

    /** Sends a request through the proxy. */
    void send(String method, String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + twice.proxyAddress().getPort() + path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        http.send(b.build(), HttpResponse.BodyHandlers.discarding());
    }

    /** The same PUT body every time, so that two PUTs of one URL are a repeat. */
    void put(String path) throws Exception {
        send("PUT", path, "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    }

    /** Waits (briefly) until {@code n} exchanges are recorded; recording is asynchronous. */
    void awaitRecorded(long n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (twice.engine().stats().recorded() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    String dashboardUrl() {
        return "http://127.0.0.1:" + twice.dashboardAddress().getPort() + "/";
    }

    /** Opens the page (with {@code fragment}, a deep link) and waits until its event stream is open and its lists read. */
    void open(String fragment) {
        browser.get(dashboardUrl() + fragment);
        waitFor(d -> !d.findElements(By.cssSelector("body[data-stream='open']")).isEmpty());
    }

    void open() {
        open("");
    }

    List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#traffic tbody tr[data-id]"));
    }

    void waitFor(Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(condition::apply);
    }

    @Override
    public void close() {
        browser.quit();
        twice.close();
        upstream.close();
    }
}
