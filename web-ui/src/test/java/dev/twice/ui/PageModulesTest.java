package dev.twice.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The page names every module it imports in a modulepreload link, so the browser fetches them all
 * at once rather than one import level after another (the first render waits for all of them).
 */
class PageModulesTest {

    private static final Path UI = Path.of("src/main/resources/ui");

    @Test
    void everyModuleButTheEntryIsPreloaded() throws Exception {
        TreeSet<String> modules = new TreeSet<>();
        try (Stream<Path> files = Files.list(UI.resolve("assets"))) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".js") && !n.equals("app.js"))
                    .forEach(modules::add);
        }
        TreeSet<String> preloaded = new TreeSet<>();
        Matcher m = Pattern.compile("<link rel=\"modulepreload\" href=\"/assets/([^\"]+)\">")
                .matcher(Files.readString(UI.resolve("index.html")));
        while (m.find()) {
            preloaded.add(m.group(1));
        }
        assertEquals(modules, preloaded);
    }
}
