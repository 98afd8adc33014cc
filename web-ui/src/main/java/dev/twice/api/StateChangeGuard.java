package dev.twice.api;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.Locale;
import java.util.Optional;

/**
 * What a request must show before it may make twice do something (docs/security.md, "Requests
 * that act"). A browser lets any page send a cross-site form post or a "simple" fetch, with the
 * user's cookie; neither can carry {@code Content-Type: application/json} without a CORS preflight,
 * which twice never grants, and both carry the page's {@code Origin}. So: the JSON content type is
 * required, and an {@code Origin} (or {@code Sec-Fetch-Site}) that is not the dashboard's own is
 * refused. The token rules apply before this, as for reads.
 */
final class StateChangeGuard {

    private static final HttpString SEC_FETCH_SITE = HttpString.tryFromString("Sec-Fetch-Site");

    private StateChangeGuard() {}

    /** Why the request may not act, or empty when it may. */
    static Optional<String> refusal(HttpServerExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json")) {
            return Optional.of("a request that makes twice act must be Content-Type: application/json");
        }
        String site = exchange.getRequestHeaders().getFirst(SEC_FETCH_SITE);
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return Optional.of("a cross-site request cannot make twice act");
        }
        String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        if (origin != null) {
            String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
            if (host == null
                    || !(origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host))) {
                return Optional.of("a request from another origin cannot make twice act");
            }
        }
        return Optional.empty();
    }
}
