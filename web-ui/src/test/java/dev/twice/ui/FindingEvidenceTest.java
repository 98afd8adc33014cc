package dev.twice.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.testing.TestUpstream;
import io.undertow.util.Headers;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * A finding's evidence in a real Chromium: the compared responses mark what differs (the status,
 * and the JSON value at the path the analysis names, even when it sits deeper than the levels a
 * tree opens by itself), the rule's card explains it with the standard as links, and it can be
 * muted (acknowledged).
 */
class FindingEvidenceTest extends PageTest {

    /** The first answer 200, later ones 202, and a JSON value four levels down that counts. */
    @Override
    TestUpstream.Handler upstream() {
        AtomicInteger calls = new AtomicInteger();
        return (ex, body) -> {
            int n = calls.incrementAndGet();
            ex.setStatusCode(n == 1 ? 200 : 202);
            ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            ex.getResponseSender()
                    .send("{\"order\":{\"lines\":{\"first\":{\"qty\":" + n + ",\"sku\":\"a\"}}},\"same\":true}");
        };
    }

    private void openTheFinding() throws Exception {
        page.put("/o/1");
        page.put("/o/1");
        page.open();
        page.waitFor(d -> d.findElements(By.cssSelector("#findings li")).size() == 1);
        browser.findElement(By.cssSelector("#findings li")).click();
        page.waitFor(d -> d.findElements(By.cssSelector("article.finding .sides .exchange"))
                        .size()
                == 2);
    }

    @Test
    void theComparedResponsesMarkTheStatusAndTheDifferingJsonValue() throws Exception {
        openTheFinding();
        List<WebElement> columns = browser.findElements(By.cssSelector("article.finding .sides .exchange"));
        for (WebElement column : columns) {
            List<WebElement> marked = column.findElements(By.cssSelector(".differs"));
            List<String> texts = marked.stream().map(WebElement::getText).toList();
            assertEquals(2, marked.size(), "status and $.order.lines.first.qty: " + texts);
            assertTrue(texts.get(0).startsWith("status 20"), texts.toString());
            assertTrue(marked.get(1).isDisplayed(), "the value four levels down is opened into view");
            assertTrue(texts.get(1).startsWith("qty: "), texts.toString());
        }
        assertTrue(columns.get(0).getText().contains("\"a\""), "values that are equal are shown, unmarked");
        assertFalse(columns.get(0)
                .findElement(By.cssSelector(".body .differs"))
                .getText()
                .contains("sku"));
    }

    /**
     * The attempts behind the finding, oldest first: the same request body (one letter) answered
     * with two different bodies (two letters), both compared; an id opens its exchange, whose own
     * detail shows the attempts at its URL when asked.
     */
    @Test
    void theAttemptsTimelineShowsEveryAttemptWithItsBodiesNamedAndOpensEach() throws Exception {
        openTheFinding();
        List<WebElement> rows = browser.findElements(By.cssSelector("article.finding .attempts-table tbody tr"));
        assertEquals(2, rows.size());
        for (WebElement row : rows) {
            assertTrue(row.getAttribute("class").contains("compared"), row.getAttribute("class"));
            assertTrue(row.getAttribute("class").contains("in-finding"));
        }
        List<String> requestBodies = rows.stream()
                .map(r -> r.findElements(By.cssSelector("td.body-tag b")).get(0).getText())
                .toList();
        List<String> responses = rows.stream()
                .map(r -> r.findElements(By.cssSelector("td.body-tag b")).get(1).getText())
                .toList();
        assertEquals(List.of("A", "A"), requestBodies, "the same request");
        assertEquals(List.of("A", "B"), responses, "answered with two different bodies");
        assertTrue(rows.get(1).findElement(By.cssSelector("td.when")).getText().matches("\\+[0-9.]+ (ms|s)"));
        assertTrue(browser.findElement(By.cssSelector("article.finding .attempts"))
                .getText()
                .contains("2 attempts, oldest first · 2 different responses to the same request body"));

        String first =
                rows.get(0).findElement(By.cssSelector("a[data-exchange-link]")).getText();
        rows.get(0).findElement(By.cssSelector("a[data-exchange-link]")).click();
        page.waitFor(d -> !d.findElements(By.cssSelector("#detail > .exchange")).isEmpty());
        WebElement exchange = browser.findElement(By.cssSelector("#detail > .exchange"));
        assertTrue(exchange.findElement(By.tagName("h3")).getText().startsWith(first + " PUT"));
        exchange.findElement(By.cssSelector(".attempts-box summary")).click();
        page.waitFor(d -> d.findElements(By.cssSelector("#detail .attempts-box .attempts-table tbody tr"))
                        .size()
                == 2);
    }

    @Test
    void aMutedFindingIsListedLastNotCountedAndCanBeUnmuted() throws Exception {
        openTheFinding();
        assertEquals("1", browser.findElement(By.id("count-warnings")).getText());
        browser.findElement(By.cssSelector("article.finding button.mute")).click();
        page.waitFor(d ->
                !d.findElements(By.cssSelector("#findings li.muted-finding")).isEmpty());
        assertEquals("0", browser.findElement(By.id("count-warnings")).getText());
        assertEquals("1 muted", browser.findElement(By.id("count-muted")).getText());
        page.waitFor(d -> d.findElement(By.cssSelector("article.finding button.mute"))
                .getText()
                .equals("Unmute"));
        browser.findElement(By.cssSelector("article.finding button.mute")).click();
        page.waitFor(d ->
                d.findElements(By.cssSelector("#findings li.muted-finding")).isEmpty());
        assertEquals("1", browser.findElement(By.id("count-warnings")).getText());
        assertEquals("", browser.findElement(By.id("count-muted")).getText());
    }

    @Test
    void theRuleIsExplainedWithTheStandardAsLinks() throws Exception {
        openTheFinding();
        WebElement card = browser.findElement(By.cssSelector("article.finding .explain-card"));
        card.findElement(By.tagName("summary")).click();
        String text = card.getText();
        assertTrue(
                text.contains("What happened")
                        && text.contains("Why it matters")
                        && text.contains("How servers fix it"),
                text);
        List<String> links = card.findElements(By.cssSelector("a")).stream()
                .map(a -> a.getAttribute("href"))
                .toList();
        assertTrue(links.contains("https://www.rfc-editor.org/rfc/rfc9110#section-9.3.4"), links.toString());
        assertTrue(
                browser.findElement(By.cssSelector(".severity-note")).getText().contains("violation or warning?"),
                "severity is explained once, under the findings' title");
    }
}
