package dev.twice.ui;

import dev.twice.testing.TestUpstream;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebDriver;

/**
 * What the page's browser tests share: a fresh {@link DashboardUnderTest} per test (upstream,
 * twice, Chromium) in a temp dir, closed after it. A subclass's own {@code @BeforeEach} runs after
 * this one's, with the page up.
 */
abstract class PageTest {

    @TempDir
    Path dir;

    DashboardUnderTest page;
    WebDriver browser;

    /** The upstream behind twice; by default JSON whose version grows with every request. */
    TestUpstream.Handler upstream() {
        return DashboardUnderTest.growingVersion();
    }

    @BeforeEach
    final void startPage() throws Exception {
        page = new DashboardUnderTest(dir, upstream());
        browser = page.browser;
    }

    @AfterEach
    final void stopPage() {
        page.close();
    }
}
