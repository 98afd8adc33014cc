package dev.twice.ui;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A measurement, not a test (bench/dashboard.sh runs it): the dashboard at {@code args[0]} kept
 * open while {@code args[2]} exchanges a second arrive through the proxy at {@code args[1]}, for
 * {@code args[3]} seconds. Every 10 s it reads Chromium's own main-thread time (the DevTools
 * protocol's Performance.getMetrics TaskDuration: script, style, layout, paint, GC) and divides it
 * by the exchanges the page received, and counts the page's DOM nodes.
 */
public final class LiveTiming {

    private LiveTiming() {}

    public static void main(String[] args) throws Exception {
        String page = args[0];
        String proxy = args[1];
        int perSecond = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        ChromeDriver browser = (ChromeDriver) Browser.start(Files.createTempDirectory("twice-live"));
        ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "live-load");
            t.setDaemon(true);
            return t;
        });
        try {
            browser.get(page);
            new WebDriverWait(browser, Duration.ofSeconds(60))
                    .until(d -> !d.findElements(By.cssSelector("body[data-stream='open']"))
                            .isEmpty());
            browser.executeCdpCommand("Performance.enable", Map.of());
            Thread.sleep(6_000); // the page's health poll (every 5 s) has set the exchange count once
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            AtomicLong sent = new AtomicLong();
            sender.scheduleAtFixedRate(
                    () -> {
                        long n = sent.incrementAndGet();
                        http.sendAsync(
                                HttpRequest.newBuilder(URI.create(proxy + "/live/" + n))
                                        .PUT(HttpRequest.BodyPublishers.ofString("{\"n\":" + n + "}"))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding());
                    },
                    0,
                    1_000_000 / perSecond,
                    TimeUnit.MICROSECONDS);
            List<Double> perUpdate = new ArrayList<>();
            long maxNodes = 0;
            double task = taskSeconds(browser);
            String[] parts = {"ScriptDuration", "LayoutDuration", "RecalcStyleDuration"};
            double[] partsAtStart = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                partsAtStart[i] = metric(browser, parts[i]);
            }
            double taskAtStart = task;
            long seen = exchangesShown(browser);
            long firstSeen = seen;
            for (int window = 0; window < seconds / 10; window++) {
                Thread.sleep(10_000);
                double taskNow = taskSeconds(browser);
                long seenNow = exchangesShown(browser);
                if (seenNow > seen) {
                    perUpdate.add((taskNow - task) * 1000 / (seenNow - seen));
                }
                task = taskNow;
                seen = seenNow;
                maxNodes = Math.max(maxNodes, (Long) ((JavascriptExecutor) browser)
                        .executeScript("return document.getElementsByTagName('*').length"));
            }
            sender.shutdownNow();
            StringBuilder split = new StringBuilder();
            for (int i = 0; i < parts.length; i++) {
                split.append(String.format(
                        " %s %.0f %%",
                        parts[i].replace("Duration", ""),
                        100 * (metric(browser, parts[i]) - partsAtStart[i]) / (task - taskAtStart)));
            }
            long rows = (Long) ((JavascriptExecutor) browser)
                    .executeScript("return document.querySelectorAll('#traffic tbody tr[data-id]').length");
            Collections.sort(perUpdate);
            System.out.printf(
                    "browser live: %d exchanges arrived in %d s (%d sent); main-thread time per live update:"
                            + " median %.2f ms, worst 10 s window %.2f ms (of it:%s); DOM nodes at most %d, %d rows%n",
                    seen - firstSeen,
                    seconds,
                    sent.get(),
                    perUpdate.isEmpty() ? Double.NaN : perUpdate.get(perUpdate.size() / 2),
                    perUpdate.isEmpty() ? Double.NaN : perUpdate.get(perUpdate.size() - 1),
                    split,
                    maxNodes,
                    rows);
        } finally {
            sender.shutdownNow();
            browser.quit();
        }
    }

    private static double taskSeconds(ChromeDriver browser) {
        return metric(browser, "TaskDuration");
    }

    @SuppressWarnings("unchecked")
    static double metric(ChromeDriver browser, String name) {
        Map<String, Object> result = browser.executeCdpCommand("Performance.getMetrics", Map.of());
        for (Map<String, Object> m : (List<Map<String, Object>>) result.get("metrics")) {
            if (name.equals(m.get("name"))) {
                return ((Number) m.get("value")).doubleValue();
            }
        }
        throw new IllegalStateException("no " + name + " in " + result);
    }

    /** The page's own count of exchanges (the overview), which each live event increments. */
    private static long exchangesShown(ChromeDriver browser) {
        return Long.parseLong(
                browser.findElement(By.id("count-exchanges")).getText().replace(",", ""));
    }
}
