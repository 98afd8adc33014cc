package dev.twice.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.Twice;
import dev.twice.config.FleetSettings;
import dev.twice.config.HostPort;
import dev.twice.config.StoreUrl;
import dev.twice.config.TwiceConfig;
import dev.twice.config.Upstream;
import dev.twice.sample.SampleService;
import dev.twice.testing.Postgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** One instance's dashboard in a real Chromium shows the whole fleet on a real PostgreSQL (docs/fleet.md). */
class FleetBrowserTest {

    @TempDir
    Path dir;

    private SampleService upstream;
    private Twice a;
    private Twice b;
    private WebDriver browser;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Twice start(String store, String name) {
        return Twice.start(TwiceConfig.builder()
                .upstream(Upstream.parse(upstream.url()))
                .listen(HostPort.parse("127.0.0.1:0"))
                .dashboard(HostPort.parse("127.0.0.1:0"))
                .db(dir.resolve(name + ".db"))
                .fleet(new FleetSettings(Optional.of(StoreUrl.parse(store)), name, false))
                .build());
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        for (Twice t : new Twice[] {a, b}) {
            if (t != null) {
                t.close();
            }
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private void send(Twice via, String method, String path, String body) throws Exception {
        http.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + via.proxyAddress().getPort() + path))
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    @Test
    void theInstancesTheirColumnAndTheirFilterAppearOnceThereIsMoreThanOne() throws Exception {
        upstream = SampleService.start();
        String store = Postgres.shared().newDatabase();
        a = start(store, "pod-a");
        b = start(store, "pod-b");
        send(a, "PUT", "/ok/users/1", "{}");
        send(b, "PUT", "/ok/users/2", "{}");
        waitUntil(() -> b.engine().queries().count() == 2);
        browser = Browser.start(Files.createDirectories(dir.resolve("profile")));
        browser.get("http://127.0.0.1:" + b.dashboardAddress().getPort() + "/");
        waitFor(d -> !d.findElements(By.cssSelector("body[data-stream='open']")).isEmpty());
        waitFor(d -> d.findElement(By.id("instances")).getText().contains("pod-a"));
        assertTrue(browser.findElement(By.id("instances")).getText().contains("pod-b"));
        assertTrue(browser.findElement(By.cssSelector("#traffic th.instance")).isDisplayed());
        // Live: an exchange through pod-a appears on pod-b's page.
        send(a, "PUT", "/ok/users/3", "{}");
        waitFor(d -> rows(d).size() == 3);
        assertEquals(
                "pod-a",
                rows(browser).get(0).findElement(By.cssSelector("td.instance")).getText());
        new Select(browser.findElement(By.name("instance"))).selectByVisibleText("pod-b");
        waitFor(d -> rows(d).size() == 1);
        assertEquals(
                "pod-b",
                rows(browser).get(0).findElement(By.cssSelector("td.instance")).getText());
    }

    private static List<WebElement> rows(WebDriver d) {
        return d.findElements(By.cssSelector("#traffic tbody tr[data-id]"));
    }

    private void waitFor(Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(condition::apply);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
