package dev.twice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.twice.cli.CommandLineParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README's container examples are what people paste: they must parse, probe {@code /healthz} on
 * the dashboard port, send clients through the proxy port, and set only variables twice reads.
 */
class ReadmeExamplesTest {

    private static List<JsonNode> yamlDocuments() throws Exception {
        Path readme = Path.of("").toAbsolutePath().getParent().resolve("README.md");
        String text = Files.readString(readme);
        Matcher m = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(text);
        ObjectReader yaml = new ObjectMapper(new YAMLFactory()).reader();
        List<JsonNode> docs = new ArrayList<>();
        while (m.find()) {
            try (var parser = new YAMLFactory().createParser(m.group(1))) {
                yaml.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
            }
        }
        return docs;
    }

    @Test
    void theKubernetesManifestProbesHealthAndRoutesClientsThroughTheProxy() throws Exception {
        List<JsonNode> docs = yamlDocuments();
        JsonNode deployment = docs.stream()
                .filter(d -> d.path("kind").asText().equals("Deployment"))
                .findFirst()
                .orElseThrow();
        JsonNode twice = null;
        for (JsonNode c : deployment.at("/spec/template/spec/containers")) {
            if (c.path("name").asText().equals("twice")) {
                twice = c;
            }
        }
        assertTrue(twice != null, "a twice container");
        for (String probe : new String[] {"readinessProbe", "livenessProbe"}) {
            assertEquals("/healthz", twice.at("/" + probe + "/httpGet/path").asText(), probe);
            assertEquals("dashboard", twice.at("/" + probe + "/httpGet/port").asText(), probe);
        }
        Map<String, Integer> ports = new HashMap<>();
        twice.path("ports")
                .forEach(p -> ports.put(
                        p.path("name").asText(), p.path("containerPort").asInt()));
        assertEquals(Map.of("proxy", 8080, "dashboard", 9090), ports, "the image's ports");
        JsonNode service = docs.stream()
                .filter(d -> d.path("kind").asText().equals("Service"))
                .findFirst()
                .orElseThrow();
        assertEquals("proxy", service.at("/spec/ports/0/targetPort").asText());
        assertEquals(
                deployment.at("/spec/template/metadata/labels/app").asText(),
                service.at("/spec/selector/app").asText());
    }

    @Test
    void everyVariableTheExamplesSetIsOneTwiceReads() throws Exception {
        List<String> names = new ArrayList<>();
        for (JsonNode doc : yamlDocuments()) {
            collect(doc, names);
        }
        assertTrue(names.contains("TWICE_UPSTREAM") && names.contains("TWICE_TOKEN"), names.toString());
        for (String name : names) {
            String flag = "--"
                    + name.substring("TWICE_".length()).toLowerCase(Locale.ROOT).replace('_', '-');
            StringWriter out = new StringWriter();
            CommandLineParser.parse(
                    new String[] {"--help"}, Map.of(), new PrintWriter(out), new PrintWriter(new StringWriter()));
            assertTrue(out.toString().contains(flag), name + " is not the variable of a flag");
        }
    }

    private static void collect(JsonNode node, List<String> names) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().startsWith("TWICE_")) {
                    names.add(e.getKey());
                }
                if (e.getKey().equals("name") && e.getValue().asText().startsWith("TWICE_")) {
                    names.add(e.getValue().asText());
                }
                collect(e.getValue(), names);
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, names));
        }
    }
}
