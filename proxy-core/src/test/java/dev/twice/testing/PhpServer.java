package dev.twice.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * PHP's own built-in web server (Debian's {@code php-cli}) running {@code php/router.php}: a
 * dynamic page that embeds a fresh nonce and the time on every request, gzip-compressed when asked,
 * as the PHP sites twice was first pointed at answer every PUT.
 */
public final class PhpServer {

    private PhpServer() {}

    public static ExternalServer start(Path dir) throws IOException {
        Path php = ExternalServer.program("php", "apt-get install php-cli");
        Path router = dir.resolve("router.php");
        try (InputStream in = PhpServer.class.getResourceAsStream("/php/router.php")) {
            Files.copy(in, router, StandardCopyOption.REPLACE_EXISTING);
        }
        int port = ExternalServer.freePort();
        return ExternalServer.start(
                List.of(php.toString(), "-S", "127.0.0.1:" + port, "-t", dir.toString(), router.toString()), dir, port);
    }
}
