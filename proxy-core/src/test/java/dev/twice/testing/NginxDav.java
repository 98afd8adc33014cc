package dev.twice.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's nginx with its WebDAV module ({@code dav_methods PUT DELETE MKCOL COPY MOVE}) serving a
 * temporary directory: a correct PUT/DELETE server nobody on the project wrote. PUT answers 201
 * when it creates, 204 when it overwrites; DELETE 204.
 */
public final class NginxDav {

    private NginxDav() {}

    public static ExternalServer start(Path dir) throws IOException {
        Path nginx = ExternalServer.program("nginx", "apt-get install nginx");
        Path root = Files.createDirectories(dir.resolve("root"));
        Path temp = Files.createDirectories(dir.resolve("temp"));
        int port = ExternalServer.freePort();
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        String conf = (asRoot ? "user root;\n" : "") + """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events { worker_connections 64; }
                http {
                  access_log off;
                  client_body_temp_path %2$s/body;
                  proxy_temp_path %2$s/proxy;
                  fastcgi_temp_path %2$s/fastcgi;
                  uwsgi_temp_path %2$s/uwsgi;
                  scgi_temp_path %2$s/scgi;
                  server {
                    listen 127.0.0.1:%3$d;
                    root %4$s;
                    client_max_body_size 64m;
                    dav_methods PUT DELETE MKCOL COPY MOVE;
                    create_full_put_path on;
                    dav_access user:rw group:r all:r;
                  }
                }
                """.formatted(dir, temp, port, root);
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, conf);
        return ExternalServer.start(List.of(nginx.toString(), "-p", dir.toString(), "-c", file.toString()), dir, port);
    }
}
