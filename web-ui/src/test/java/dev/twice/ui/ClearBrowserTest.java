package dev.twice.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Clearing the store from the page: asked first, and the page lists afresh when it is done. */
class ClearBrowserTest extends PageTest {

    private void aFindingOnThePage() throws Exception {
        page.put("/o/1");
        page.put("/o/1");
        page.open();
        page.waitFor(d -> d.findElements(By.cssSelector("#findings li")).size() == 1);
        page.waitFor(d -> page.rows().size() == 2);
    }

    @Test
    void aDeclinedClearKeepsEverythingAndAnAcceptedOneEmptiesThePageAndRecordingGoesOn() throws Exception {
        aFindingOnThePage();
        browser.findElement(By.id("clear")).click();
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent());
        assertTrue(browser.switchTo().alert().getText().contains("cannot be undone"));
        browser.switchTo().alert().dismiss();
        Thread.sleep(300);
        assertEquals(2, page.rows().size(), "declined: nothing cleared");

        browser.findElement(By.id("clear")).click();
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent());
        browser.switchTo().alert().accept();
        page.waitFor(d -> page.rows().isEmpty()
                && d.findElements(By.cssSelector("#findings li")).isEmpty());
        page.waitFor(d -> d.findElement(By.id("clear")).getText().equals("Cleared 2"));

        page.put("/o/2");
        page.waitFor(d -> page.rows().size() == 1);
    }
}
