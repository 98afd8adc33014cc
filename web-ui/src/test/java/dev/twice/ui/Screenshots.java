package dev.twice.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Not a test: takes the README's screenshots of a running dashboard ({@code args[0]}, e.g. one of
 * {@code --demo}) into {@code args[1]}: desktop with a violation open, phone with the list, phone
 * with the finding full screen.
 */
public final class Screenshots {

    private Screenshots() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Path out = Path.of(args[1]);
        WebDriver browser = Browser.start(Files.createTempDirectory("twice-shots"));
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            browser.manage().window().setSize(new Dimension(1400, 900));
            browser.get(url);
            wait.until(d -> d.findElements(By.cssSelector("#findings li")).size() >= 4);
            click(browser, By.xpath("//ul[@id='findings']/li[contains(., 'put-divergent-state')]"));
            wait.until(d -> d.findElements(By.cssSelector("#detail .exchange")).size() == 2);
            Thread.sleep(300);
            shot(browser, out.resolve("dashboard.png"));
            browser.manage().window().setSize(new Dimension(390, 844));
            browser.get(url);
            wait.until(d -> d.findElements(By.cssSelector("#findings li")).size() >= 4);
            Thread.sleep(300);
            shot(browser, out.resolve("dashboard-phone.png"));
            click(browser, By.cssSelector("#findings li"));
            wait.until(d -> d.findElements(By.cssSelector("#detail .exchange")).size() == 2);
            Thread.sleep(300);
            shot(browser, out.resolve("dashboard-phone-finding.png"));
        } finally {
            browser.quit();
        }
    }

    /** The demo's findings list is rebuilt as findings grow: a click may land on a replaced item. */
    private static void click(WebDriver browser, By what) {
        for (int attempt = 1; ; attempt++) {
            try {
                browser.findElement(what).click();
                return;
            } catch (StaleElementReferenceException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static void shot(WebDriver browser, Path file) throws Exception {
        Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        System.out.println("wrote " + file);
    }
}
