package dev.twice.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * json-server (npm, installed into {@code .tools/} by the test command): a real REST server whose
 * POST creates a new resource with a new id every time and which knows nothing of
 * Idempotency-Key, over a JSON file in a temporary directory.
 */
public final class JsonServer {

    public static final String VERSION = "0.17.4";

    private JsonServer() {}

    public static ExternalServer start(Path dir, String dbJson) throws IOException {
        Path bin = find();
        Files.writeString(dir.resolve("db.json"), dbJson);
        int port = ExternalServer.freePort();
        return ExternalServer.start(
                List.of(bin.toString(), "--host", "127.0.0.1", "--port", String.valueOf(port), "--quiet", "db.json"),
                dir,
                port);
    }

    /** {@code .tools/node_modules/.bin/json-server} in this module's directory or a parent of it. */
    private static Path find() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path bin = p.resolve(".tools/node_modules/.bin/json-server");
            if (Files.isExecutable(bin)) {
                return bin;
            }
        }
        throw new IllegalStateException("json-server is not installed; the test command (./test.sh) installs it: "
                + "npm install --prefix .tools json-server@" + VERSION);
    }
}
