package dev.twice.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;

/**
 * Filters, links between findings and traffic, and the health line, in a real Chromium: each case
 * a defect the page had (filters only on Enter and case-sensitive, a stale list under a filter
 * error, a finding filter that never got live rows, findings and rows not linked, an unreachable
 * dashboard throwing every 5 s, an unreachable upstream shown as degraded recording).
 */
class DashboardUseTest extends PageTest {

    private List<WebElement> rows() {
        return page.rows();
    }

    @Test
    void theUrlFilterAppliesAsYouTypeWhateverTheCase() throws Exception {
        page.put("/orders/1");
        page.put("/users/1");
        page.open();
        page.waitFor(d -> rows().size() == 2);
        browser.findElement(By.name("url")).sendKeys("/ORDERS");
        page.waitFor(d -> rows().size() == 1); // no Enter, no blur
        assertTrue(rows().get(0).getText().contains("/orders/1"));
    }

    @Test
    void filtersLiveInTheAddressSoAFilteredViewIsALink() throws Exception {
        page.put("/orders/1");
        page.put("/users/1");
        page.send("POST", "/orders", "{}".getBytes());
        page.open("?method=PUT&url=ORDERS");
        page.waitFor(d -> rows().size() == 1);
        assertTrue(rows().get(0).getText().contains("/orders/1"));
        assertEquals(
                "PUT",
                new Select(browser.findElement(By.name("method")))
                        .getFirstSelectedOption()
                        .getText());
        assertEquals("ORDERS", browser.findElement(By.name("url")).getAttribute("value"));
        new Select(browser.findElement(By.name("method"))).selectByVisibleText("POST");
        page.waitFor(d -> d.getCurrentUrl().contains("method=POST"));
        page.waitFor(d -> rows().size() == 1 && rows().get(0).getText().contains("POST"));
        rows().get(0).click();
        page.waitFor(d -> d.getCurrentUrl().endsWith("?method=POST&url=ORDERS#/exchange/3"));
    }

    @Test
    void aBadStatusShowsItsErrorAndNoStaleList() throws Exception {
        page.put("/a");
        page.open();
        page.waitFor(d -> rows().size() == 1);
        browser.findElement(By.name("status")).sendKeys("abc");
        page.waitFor(d -> d.findElement(By.id("filter-error")).isDisplayed());
        assertEquals(0, rows().size(), "no rows that the filter does not describe");
    }

    @Test
    void underAFindingFilterNewExchangesOfThatRuleArriveLive() throws Exception {
        page.put("/f/1");
        page.put("/f/1");
        page.open();
        new Select(browser.findElement(By.name("finding"))).selectByVisibleText("put-divergent-response");
        page.waitFor(d -> rows().size() == 2);
        page.put("/f/1"); // extends the finding
        page.waitFor(d -> rows().size() == 3);
    }

    @Test
    void findingsAndTrafficAreLinkedBothWays() throws Exception {
        page.put("/l/1");
        page.put("/l/1");
        page.put("/other");
        page.open();
        page.waitFor(
                d -> !d.findElements(By.cssSelector("#traffic a.finding-link")).isEmpty());
        browser.findElement(By.cssSelector("#traffic a.finding-link")).click();
        page.waitFor(d -> !d.findElements(By.cssSelector("article.finding")).isEmpty());
        assertEquals(
                2,
                browser.findElements(By.cssSelector("#traffic tr.in-finding")).size(),
                "its rows stand out");
        browser.findElement(By.cssSelector("#traffic tr[data-id='1']")).click();
        page.waitFor(
                d -> !d.findElements(By.cssSelector(".exchange-findings a")).isEmpty());
        browser.findElement(By.cssSelector(".exchange-findings a")).click();
        page.waitFor(d -> !d.findElements(By.cssSelector("article.finding")).isEmpty());
    }

    @Test
    void aFindingShowsThePairItsDifferencesCompare() throws Exception {
        for (int i = 0; i < 3; i++) { // one key, three different answers: #1 then #2, then #1 then #3
            page.send("POST", "/pay", "{\"n\":1}".getBytes(), "Idempotency-Key", "k-1");
        }
        page.open();
        page.waitFor(d -> d.findElements(By.cssSelector("#findings li")).size() == 1);
        page.waitFor(
                d -> d.findElement(By.cssSelector("#findings li")).getText().contains("3 exchanges"));
        browser.findElement(By.cssSelector("#findings li")).click();
        page.waitFor(d -> d.findElements(By.cssSelector("article.finding .sides .exchange"))
                        .size()
                == 2);
        List<WebElement> columns = browser.findElements(By.cssSelector("article.finding .sides .exchange"));
        assertEquals("1", columns.get(0).getAttribute("data-exchange"));
        assertEquals("3", columns.get(1).getAttribute("data-exchange"), "the first answer and the latest retry");
    }

    @Test
    void anUnreachableUpstreamIsNotCalledDegradedRecording() throws Exception {
        page.restart("http://127.0.0.1:" + dev.twice.testing.ExternalServer.freePort());
        page.send("PUT", "/x", "1".getBytes());
        page.open();
        page.waitFor(d -> d.findElement(By.id("service-health")).isDisplayed());
        assertTrue(browser.findElement(By.id("service-problem")).getText().startsWith("upstream unreachable"));
        assertTrue(browser.findElement(By.id("recording-health")).getText().startsWith("ok"));
    }

    @Test
    void aDashboardThatGoesAwayIsSaidOnceInPlaceAndThrowsNothing() throws Exception {
        page.open();
        browser.manage().logs().get(LogType.BROWSER); // drain
        page.twice().close();
        page.waitFor(d -> d.findElement(By.id("recording-health")).getText().contains("unreachable"));
        Thread.sleep(6000); // another round of polling
        for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
            assertFalse(e.getMessage().contains("Uncaught"), e.getMessage());
        }
        page.restart(page.upstream.url()); // so that stop() has one to close
    }
}
