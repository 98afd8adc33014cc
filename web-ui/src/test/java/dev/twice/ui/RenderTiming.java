package dev.twice.ui;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A measurement, not a test (bench/dashboard.sh runs it): how long a real headless Chromium takes
 * to render the dashboard at {@code args[0]} — findings and the first page of traffic — and to
 * open the first finding's evidence. Median of five loads.
 */
public final class RenderTiming {

    private RenderTiming() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        WebDriver browser = Browser.start(Files.createTempDirectory("twice-render"));
        try {
            long[] render = new long[5];
            long[] open = new long[5];
            for (int i = 0; i < render.length; i++) {
                long t0 = System.nanoTime();
                browser.get(url);
                // Polled every 5 ms: WebDriverWait's default half second would be the resolution.
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                wait.pollingEvery(Duration.ofMillis(5));
                wait.until(d -> !d.findElements(By.cssSelector("#traffic tr[data-id]"))
                                .isEmpty()
                        && !d.findElements(By.cssSelector("#findings li")).isEmpty());
                render[i] = (System.nanoTime() - t0) / 1_000_000;
                // Once its event stream is open the page reads the lists again (what arrived in
                // between): the finding is clicked after that, not on a row about to be replaced.
                wait.until(d -> !d.findElements(By.cssSelector("body[data-stream='open']"))
                        .isEmpty());
                long t1 = System.nanoTime();
                browser.findElement(By.cssSelector("#findings li")).click();
                wait.until(d -> !d.findElements(By.cssSelector("#detail table.diff"))
                                .isEmpty()
                        && d.findElements(By.cssSelector("#detail .exchange")).size() == 2);
                open[i] = (System.nanoTime() - t1) / 1_000_000;
            }
            Arrays.sort(render);
            Arrays.sort(open);
            System.out.println("browser: first render " + render[2] + " ms, open a finding " + open[2]
                    + " ms (median of 5 loads in headless Chromium)");
        } finally {
            browser.quit();
        }
    }
}
