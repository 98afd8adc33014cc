package dev.twice.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A shared store's address as {@code --store} takes it: {@code postgresql://user:password@host:5432/db}
 * (or {@code postgres://}, or pgjdbc's own {@code jdbc:postgresql://host/db?user=...}), split into
 * the driver's URL and the credentials, which never appear in a log line or a start line.
 */
public record StoreUrl(String jdbcUrl, Optional<String> user, Optional<String> password, String shown) {

    public static StoreUrl parse(String text) {
        String t = text.trim();
        String rest;
        if (t.startsWith("jdbc:postgresql://")) {
            rest = t.substring("jdbc:".length());
        } else if (t.startsWith("postgresql://") || t.startsWith("postgres://")) {
            rest = t;
        } else {
            throw new IllegalArgumentException("'" + shorten(hidePassword(t)) + "' is not a PostgreSQL URL "
                    + "(postgresql://user:password@host:5432/dbname, or jdbc:postgresql://...)");
        }
        URI uri;
        try {
            uri = new URI(rest);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + shorten(hidePassword(t)) + "' is not a URL: " + e.getReason());
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("'" + shorten(hidePassword(t)) + "' names no host");
        }
        if (uri.getPort() > 65535) {
            throw new IllegalArgumentException("'" + shorten(hidePassword(t)) + "' has no valid port");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.length() < 2) {
            throw new IllegalArgumentException("'" + shorten(hidePassword(t)) + "' names no database (…/dbname)");
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = Optional.of(decode(colon < 0 ? info : info.substring(0, colon)));
            if (colon >= 0) {
                password = Optional.of(decode(info.substring(colon + 1)));
            }
        }
        String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[")
                ? "[" + uri.getHost() + "]"
                : uri.getHost();
        String jdbc = "jdbc:postgresql://" + host + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort()) + path
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String shown = "postgresql://"
                + user.map(u -> u + (info.contains(":") ? ":***" : "") + "@").orElse("") + host + ":"
                + (uri.getPort() < 0 ? 5432 : uri.getPort()) + path;
        return new StoreUrl(jdbc, user, password, shown);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The text as given, with a password in it replaced, for error messages. */
    private static String hidePassword(String t) {
        return t.replaceAll("(//[^:/@]*:)[^@/]*@", "$1***@");
    }

    private static String shorten(String t) {
        return t.length() > 120 ? t.substring(0, 120) + "…" : t;
    }

    @Override
    public String toString() {
        return shown;
    }
}
