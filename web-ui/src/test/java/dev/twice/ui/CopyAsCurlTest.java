package dev.twice.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.testing.Gzip;
import dev.twice.testing.TestUpstream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * "copy as curl" in a real Chromium: it says it copied, redacted headers become variables to fill
 * in, masked bodies say so, a gzip body is sent decoded without its Content-Encoding, and a binary
 * body goes byte for byte through printf.
 */
class CopyAsCurlTest extends PageTest {

    @Override
    TestUpstream.Handler upstream() {
        return (ex, body) -> ex.getResponseSender().send("ok");
    }

    private void send(String path, byte[] body, String... headers) throws Exception {
        page.send("PUT", path, body, headers);
    }

    /** Opens exchange {@code id} and returns its curl command as the page shows it. */
    private String curlOf(int id) {
        browser.findElement(By.cssSelector("#traffic tr[data-id='" + id + "']")).click();
        page.waitFor(d -> d.findElement(By.cssSelector("#detail h3")).getText().startsWith("#" + id + " "));
        return browser.findElement(By.cssSelector("#detail pre.curl")).getAttribute("textContent");
    }

    @Test
    void theCommandSaysWhatItLeftOutAndSendsWhatItCanByteForByte() throws Exception {
        send("/secret", "{}".getBytes(), "Authorization", "Bearer s3cret", "Content-Type", "application/json");
        send("/gz", Gzip.of("{\"a\":1}"), "Content-Encoding", "gzip", "Content-Type", "application/json");
        send("/bin", new byte[] {0, 1, (byte) 0xff, 'A'}, "Content-Type", "application/octet-stream");
        send("/masked", "{\"password\":\"hunter2\",\"n\":1}".getBytes(), "Content-Type", "application/json");
        page.open();
        page.waitFor(d ->
                d.findElements(By.cssSelector("#traffic tbody tr[data-id]")).size() == 4);

        String secret = curlOf(1);
        assertTrue(secret.contains("\"Authorization: $TWICE_HEADER_AUTHORIZATION\""), secret);
        assertTrue(secret.contains("# TWICE_HEADER_AUTHORIZATION: the Authorization header was redacted"), secret);
        assertFalse(secret.contains("s3cret"), secret);

        String gz = curlOf(2);
        assertFalse(gz.toLowerCase().contains("content-encoding"), gz);
        assertTrue(gz.contains("--data-raw '{\"a\":1}'"), gz);
        assertTrue(gz.contains("sent decoded"), gz);

        String bin = curlOf(3);
        assertTrue(bin.contains("printf '\\000\\001\\377\\101' | curl"), bin);
        assertTrue(bin.contains("--data-binary @-"), bin);

        String masked = curlOf(4);
        assertTrue(masked.contains("secret fields were masked"), masked);
        assertFalse(masked.contains("hunter2"), masked);

        WebElement copy = browser.findElement(By.cssSelector("#detail button.copy-curl"));
        copy.click();
        page.waitFor(d -> !copy.getText().equals("copy as curl"));
        assertNotEquals("copy as curl", copy.getText(), "the button says what happened");
    }
}
