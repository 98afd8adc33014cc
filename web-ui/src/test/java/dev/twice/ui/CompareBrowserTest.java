package dev.twice.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** Any two exchanges compared on the page: mark one, open another, compare; the view is a link. */
class CompareBrowserTest extends PageTest {

    @Test
    void twoExchangesPickedFromTheListOpenSideBySideWithWhatDiffersMarked() throws Exception {
        page.send("PUT", "/a/1", "{\"n\":1}".getBytes(StandardCharsets.UTF_8), "X-Trace", "first");
        page.send("PUT", "/a/1", "{\"n\":2}".getBytes(StandardCharsets.UTF_8), "X-Trace", "second");
        page.awaitRecorded(2);
        page.open();
        page.waitFor(d -> page.rows().size() == 2);

        page.rows().get(1).click(); // the older one
        page.waitFor(
                d -> !d.findElements(By.cssSelector("#detail .compare-mark")).isEmpty());
        String older = page.rows().get(1).getAttribute("data-id");
        String newer = page.rows().get(0).getAttribute("data-id");
        browser.findElement(By.cssSelector("#detail .compare-mark")).click();
        page.rows().get(0).click();
        page.waitFor(
                d -> !d.findElements(By.cssSelector("#detail .compare-with")).isEmpty());
        WebElement compare = browser.findElement(By.cssSelector("#detail .compare-with"));
        assertEquals("Compare with #" + older, compare.getText());
        compare.click();

        page.waitFor(d -> d.findElements(By.cssSelector("article.comparison .sides .exchange"))
                        .size()
                == 2);
        assertTrue(browser.getCurrentUrl().endsWith("#/diff/" + older + "/" + newer), browser.getCurrentUrl());
        String tables =
                browser.findElement(By.cssSelector("article.comparison")).getText();
        assertTrue(tables.contains("X-Trace first second"), tables);
        assertTrue(tables.contains("$.version 1 2"), tables);
        for (WebElement column : browser.findElements(By.cssSelector("article.comparison .sides .exchange"))) {
            assertEquals(
                    2,
                    column.findElements(By.cssSelector(".differs")).size(),
                    "the X-Trace header and $.version marked in place");
        }

        page.open("#/diff/" + newer + "/" + older); // a link opens it too
        page.waitFor(d -> d.findElements(By.cssSelector("article.comparison .sides .exchange"))
                        .size()
                == 2);
        assertTrue(browser.findElement(By.cssSelector("article.comparison h2"))
                .getText()
                .startsWith("#" + newer));
    }
}
