package dev.twice.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The page under live traffic, in a real Chromium: the detail opens in view, the row being read
 * stays put while rows arrive above it, the list stays bounded, and a rebuilt findings list keeps
 * the reader's focus and selection.
 */
class DashboardLiveTest extends PageTest {

    private int rows() {
        return page.rows().size();
    }

    private double top(WebElement e) {
        return ((Number) ((JavascriptExecutor) browser)
                        .executeScript("return arguments[0].getBoundingClientRect().top", e))
                .doubleValue();
    }

    @Test
    void anExchangeOpenedFarDownTheListOpensInView() throws Exception {
        for (int i = 0; i < 50; i++) {
            page.put("/rows/" + i);
        }
        page.awaitRecorded(50);
        page.open();
        page.waitFor(d -> rows() == 50);
        WebElement far = browser.findElements(By.cssSelector("#traffic tbody tr[data-id]"))
                .get(45);
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", far);
        far.click();
        page.waitFor(d -> d.findElement(By.id("detail")).getText().contains("/rows/4"));
        double top = top(browser.findElement(By.id("detail")));
        assertTrue(top >= 0 && top < 200, "the detail's top is in view: " + top);
        // On a phone the open detail covers the list (PhoneTest); Back returns to it, and opening
        // another brings that into view too.
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.findElement(By.cssSelector("#detail button.back")).click();
        WebElement another = browser.findElements(By.cssSelector("#traffic tbody tr[data-id]"))
                .get(40);
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", another);
        another.click();
        page.waitFor(d -> d.findElement(By.cssSelector("#detail h3")).getText().startsWith("#10 "));
        double phoneTop = top(browser.findElement(By.id("detail")));
        assertTrue(phoneTop >= 0 && phoneTop < 844, "in view on a phone: " + phoneTop);
        long pageWidth =
                (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth");
        assertTrue(pageWidth <= 390, "the overview wraps on a phone: page " + pageWidth + " px wide");
    }

    @Test
    void theRowBeingReadStaysPutWhileRowsArriveAboveIt() throws Exception {
        for (int i = 0; i < 60; i++) {
            page.put("/read/" + i);
        }
        page.awaitRecorded(60);
        page.open();
        page.waitFor(d -> rows() == 50);
        WebElement reading = browser.findElements(By.cssSelector("#traffic tbody tr[data-id]"))
                .get(30);
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", reading);
        double before = top(reading);
        for (int i = 0; i < 10; i++) {
            page.put("/more/" + i);
        }
        page.waitFor(d -> rows() == 60);
        double after = top(reading);
        assertTrue(Math.abs(after - before) < 3, "moved from " + before + " to " + after);
        // What arrived above is counted, in view, one click away.
        WebElement above = browser.findElement(By.id("new-above"));
        page.waitFor(d -> above.isDisplayed() && above.getText().equals("10 new ↑"));
        above.click();
        page.waitFor(d -> !above.isDisplayed());
        WebElement first = browser.findElement(By.cssSelector("#traffic tbody tr[data-id]"));
        assertTrue(top(first) >= 0 && top(first) < 900, "the newest row is in view: " + top(first));
    }

    @Test
    void pausedTheListHoldsStillAndCountsWhatArrives() throws Exception {
        page.put("/p/0");
        page.awaitRecorded(1);
        page.open();
        page.waitFor(d -> rows() == 1);
        WebElement pause = browser.findElement(By.id("pause"));
        pause.click();
        for (int i = 1; i <= 3; i++) {
            page.put("/p/" + i);
        }
        page.waitFor(d -> pause.getText().equals("3 new — show"));
        assertEquals(1, rows(), "nothing moved while paused");
        pause.click();
        page.waitFor(d -> rows() == 4);
        assertEquals("Pause", pause.getText());
    }

    /**
     * Only the rows in and near the view are in the page, however many arrive; the rest are a
     * scroll away, rendered as they come into view.
     */
    @Test
    void theLiveListIsWindowed() throws Exception {
        page.open();
        for (int i = 0; i < 530; i++) {
            page.put("/bulk/" + i);
        }
        page.awaitRecorded(530);
        page.waitFor(d -> "/bulk/529"
                .equals(((JavascriptExecutor) d)
                        .executeScript(
                                "return document.querySelector('#traffic tbody tr[data-id] td.url')?.textContent")));
        assertTrue(rows() < 130, rows() + " rows in the page for 530 exchanges");
        // The rows not in the page still take their room (the scrollbar tells the list's length),
        // and the table keeps its full width.
        double[] size = ((List<?>)
                        ((JavascriptExecutor) browser)
                                .executeScript(
                                        "const b = document.querySelector('#traffic tbody'),"
                                                + " r = b.querySelector('tr[data-id]').getBoundingClientRect();"
                                                + " return [b.getBoundingClientRect().height / r.height,"
                                                + " r.width / document.getElementById('traffic').parentElement.getBoundingClientRect().width]"))
                .stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
        assertEquals(530, size[0], 11, "the list is about as tall as 530 rows");
        assertEquals(1, size[1], 0.01, "a row is as wide as the list's column");
        browser.findElement(By.cssSelector("#traffic tbody tr[data-id]")).sendKeys(Keys.END);
        page.waitFor(d -> ((String) ((JavascriptExecutor) d)
                        .executeScript("return document.activeElement.querySelector('td.url')?.textContent || ''"))
                .equals("/bulk/0"));
        List<WebElement> shown = browser.findElements(By.cssSelector("#traffic tbody tr[data-id]"));
        assertTrue(shown.get(shown.size() - 1).getText().contains("/bulk/0"));
        assertTrue(rows() < 130, rows() + " rows in the page at the end of the list");
        long nodes =
                (Long) ((JavascriptExecutor) browser).executeScript("return document.getElementsByTagName('*').length");
        assertTrue(nodes < 2500, nodes + " DOM nodes");
    }

    @Test
    void aNewFindingKeepsTheReadersFocusAndSelection() throws Exception {
        page.put("/f/1");
        page.put("/f/1");
        page.open();
        page.waitFor(d -> d.findElements(By.cssSelector("#findings li")).size() == 1);
        WebElement chosen = browser.findElement(By.cssSelector("#findings li"));
        chosen.click();
        page.waitFor(d -> !d.findElements(By.cssSelector("article.finding")).isEmpty());
        page.put("/f/2");
        page.put("/f/2");
        page.waitFor(d -> d.findElements(By.cssSelector("#findings li")).size() == 2);
        Thread.sleep(300);
        WebElement first = browser.findElement(By.cssSelector("#findings li[data-finding='1']"));
        assertTrue(first.getAttribute("class").contains("selected"), "still selected");
        assertEquals(first, browser.switchTo().activeElement(), "still focused");
    }

    @Test
    void aLongListOfExchangesIsBoundedAndEachIdOpensItsExchange() throws Exception {
        for (int i = 0; i < 20; i++) {
            page.put("/many/1");
        }
        page.awaitRecorded(20);
        page.open();
        page.waitFor(d -> d.findElements(By.cssSelector("#findings li")).size() == 1);
        browser.findElement(By.cssSelector("#findings li")).click();
        page.waitFor(d -> !d.findElements(By.cssSelector(".exchange-ids")).isEmpty());
        WebElement ids = browser.findElement(By.cssSelector(".exchange-ids"));
        assertTrue(ids.getText().contains("… 14 more …"), ids.getText());
        assertEquals(
                6, ids.findElements(By.cssSelector("a[data-exchange-link]")).size());
        ids.findElements(By.cssSelector("a[data-exchange-link]")).get(0).click();
        page.waitFor(d -> d.findElement(By.cssSelector("#detail h3")).getText().startsWith("#1 PUT"));
    }
}
