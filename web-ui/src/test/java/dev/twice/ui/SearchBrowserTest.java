package dev.twice.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** Searching the store from the page: as you type, whatever the case, in bodies too; it is a link. */
class SearchBrowserTest extends PageTest {

    @Test
    void typingSearchesBodiesWhateverTheCaseAndEmptyingItListsEverythingAgain() throws Exception {
        page.send("PUT", "/a/1", "{\"sku\":\"Blue-Widget\"}".getBytes(StandardCharsets.UTF_8));
        page.send("PUT", "/b/2", "{\"sku\":\"red\"}".getBytes(StandardCharsets.UTF_8));
        page.awaitRecorded(2);
        page.open();
        page.waitFor(d -> page.rows().size() == 2);

        WebElement search = browser.findElement(By.name("q"));
        search.sendKeys("BLUE-widget");
        page.waitFor(d -> page.rows().size() == 1);
        assertTrue(page.rows().get(0).getText().contains("/a/1"));
        WebElement note = browser.findElement(By.id("search-note"));
        assertTrue(note.isDisplayed());
        assertTrue(note.getText().startsWith("1 found"), note.getText());
        assertTrue(browser.getCurrentUrl().contains("q=BLUE-widget"), browser.getCurrentUrl());

        page.put("/c/3"); // live rows wait while a search is shown
        page.awaitRecorded(3);
        Thread.sleep(600);
        assertEquals(1, page.rows().size());

        search.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        page.waitFor(d -> page.rows().size() == 3);
        assertTrue(!browser.findElement(By.id("search-note")).isDisplayed());
    }
}
