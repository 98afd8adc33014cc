package dev.twice.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** The keyboard, deep links, and one-line rows, in a real Chromium. */
class DashboardKeysTest extends PageTest {

    @BeforeEach
    void aFindingAndALongUrl() throws Exception {
        page.put("/k/1");
        page.put("/k/1");
        page.put("/other/" + "x".repeat(300));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (page.twice()
                        .engine()
                        .findings()
                        .list(java.util.Optional.empty(), java.util.Optional.empty())
                        .isEmpty()
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** The page, with its three exchanges and one finding listed. */
    private void open(String fragment) {
        page.open(fragment);
        page.waitFor(d -> page.rows().size() == 3);
        page.waitFor(d -> d.findElements(By.cssSelector("#findings li")).size() == 1);
    }

    private String detailTitle() {
        try {
            var h = browser.findElements(By.cssSelector("#detail h3, #detail h2"));
            return h.isEmpty() ? "" : h.get(0).getText();
        } catch (org.openqa.selenium.StaleElementReferenceException replaced) {
            return ""; // the detail was being rebuilt: the next poll reads it
        }
    }

    @Test
    void movingWithTheKeyboardOpensWhatItLandsOnAndRunsFromFindingsIntoTraffic() {
        open("");
        WebElement finding = browser.findElement(By.cssSelector("#findings li"));
        finding.click();
        browser.switchTo().activeElement().sendKeys("j");
        page.waitFor(d -> detailTitle().startsWith("#3 "));
        assertEquals("3", browser.switchTo().activeElement().getAttribute("data-id"));
        browser.switchTo().activeElement().sendKeys(Keys.ARROW_DOWN);
        page.waitFor(d -> detailTitle().startsWith("#2 "));
        browser.switchTo().activeElement().sendKeys(Keys.END);
        page.waitFor(d -> detailTitle().startsWith("#1 "));
        browser.switchTo().activeElement().sendKeys(Keys.HOME);
        page.waitFor(d -> detailTitle().contains("put-divergent-response"));
        browser.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        page.waitFor(d -> d.findElement(By.id("detail")).getText().startsWith("Select a finding or an exchange"));
        assertEquals("1", browser.switchTo().activeElement().getAttribute("data-finding"), "focus back where it was");
    }

    @Test
    void whatIsOpenIsInTheAddressAndBackGoesBack() {
        open("#/exchange/2");
        page.waitFor(d -> detailTitle().startsWith("#2 "));
        browser.findElement(By.cssSelector("#traffic tr[data-id='3']")).click();
        page.waitFor(d -> detailTitle().startsWith("#3 "));
        assertTrue(browser.getCurrentUrl().endsWith("#/exchange/3"), browser.getCurrentUrl());
        browser.navigate().back();
        page.waitFor(d -> detailTitle().startsWith("#2 "));
        open("#/finding/1");
        page.waitFor(d -> detailTitle().contains("put-divergent-response"));
    }

    @Test
    void aLongUrlTakesOneLineAndTimesAreLocalWithUtcOnHover() {
        open("");
        // One healthy instance: nothing says degraded, no instance list (the overview's items are
        // flex boxes, which once showed through their hidden attribute).
        assertTrue(!browser.findElement(By.id("service-health")).isDisplayed());
        assertTrue(!browser.findElement(By.id("instances-item")).isDisplayed());
        WebElement flagged = browser.findElement(By.cssSelector("#traffic tr[data-id='2']"));
        assertTrue(flagged.getSize().getHeight() < 40, "a finding's mark keeps its row on one line");
        WebElement row = browser.findElement(By.cssSelector("#traffic tr[data-id='3']"));
        assertTrue(row.getSize().getHeight() < 40, "one line: " + row.getSize().getHeight() + " px");
        assertTrue(
                row.findElement(By.cssSelector("td.url")).getAttribute("title").endsWith("x".repeat(300)));
        assertTrue(row.findElement(By.cssSelector("td.status"))
                .getAttribute("class")
                .contains("s2xx"));
        row.click();
        page.waitFor(d -> detailTitle().startsWith("#3 "));
        String utc = browser.findElement(By.cssSelector("#detail time")).getAttribute("title");
        assertTrue(utc.endsWith("Z (UTC)"), utc);
        assertTrue(
                !browser.findElement(By.cssSelector("#detail time")).getText().endsWith("Z"));
        // On a phone the rows, the finding's mark among them, fit the screen: no sideways scrolling.
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        long width = (Long) ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth");
        assertTrue(width <= 390, "the page is " + width + " px wide on a 390 px screen");
    }
}
