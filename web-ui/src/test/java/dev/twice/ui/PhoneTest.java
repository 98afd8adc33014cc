package dev.twice.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/** On a 390 × 844 phone in a real Chromium: a compact header, and the detail full screen with Back. */
class PhoneTest extends PageTest {

    @BeforeEach
    void phone() {
        browser.manage().window().setSize(new Dimension(390, 844));
    }

    private double number(String script, Object... args) {
        return ((Number) ((JavascriptExecutor) browser).executeScript(script, args)).doubleValue();
    }

    @Test
    void theHeaderLeavesTheScreenToTheTraffic() throws Exception {
        page.put("/p/1");
        page.put("/p/1"); // a finding, so every overview item has a value
        page.open();
        page.waitFor(d -> !d.findElements(By.cssSelector("#findings li")).isEmpty());
        double header = number("return document.querySelector('header').getBoundingClientRect().height");
        assertTrue(header <= 100, "the header is " + header + " px tall on a 844 px screen");
    }

    @Test
    void anOpenedExchangeCoversTheScreenAndBackReturnsToTheRow() throws Exception {
        for (int i = 0; i < 30; i++) {
            page.put("/rows/" + i);
        }
        page.awaitRecorded(30);
        page.open();
        page.waitFor(d -> page.rows().size() == 30);
        WebElement row = browser.findElement(By.cssSelector("#traffic tr[data-id='5']"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", row);
        double rowTop = number("return arguments[0].getBoundingClientRect().top", row);
        row.click();
        page.waitFor(d -> d.findElement(By.cssSelector("#detail h3")).getText().startsWith("#5 "));
        WebElement detail = browser.findElement(By.id("detail"));
        assertEquals(0, number("return arguments[0].getBoundingClientRect().top", detail), 1);
        assertEquals(
                number("return window.innerHeight"),
                number("return arguments[0].getBoundingClientRect().height", detail),
                1,
                () -> "full screen: "
                        + ((JavascriptExecutor) browser)
                                .executeScript(
                                        "const s = getComputedStyle(arguments[0]); const r = arguments[0].getBoundingClientRect();"
                                                + " return [s.position, s.top, s.bottom, s.height, s.maxHeight, r.top, r.bottom,"
                                                + " document.documentElement.clientHeight, visualViewport.height].join(' ')",
                                        detail));
        WebElement back = detail.findElement(By.cssSelector("button.back"));
        assertTrue(back.isDisplayed());
        back.click();
        page.waitFor(d -> d.findElements(By.cssSelector("#detail h3")).isEmpty());
        assertFalse(browser.getCurrentUrl().contains("#/exchange/"), browser.getCurrentUrl());
        assertEquals("5", browser.switchTo().activeElement().getAttribute("data-id"), "focus is back on the row");
        assertEquals(
                rowTop, number("return arguments[0].getBoundingClientRect().top", row), 2, "the list did not move");
    }
}
