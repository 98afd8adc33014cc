package dev.twice.proxy;

import java.util.ArrayList;
import java.util.List;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * HttpClient 5 checks each request against the rules RFC 9110 sets for the client that
 * <em>generates</em> it: an OPTIONS with content must have a {@code Content-Type}, a TRACE must
 * carry no {@code Authorization} or {@code Cookie}. A proxy only relays what its client generated,
 * so those checks would turn an ordinary request (Python's {@code requests} sends OPTIONS with
 * {@code Content-Length: 0}) into a 502. {@link #BEFORE} runs ahead of HttpClient's own
 * interceptors and lets the request past them; {@link #AFTER} runs behind them and puts the
 * request back exactly as the client sent it. What a TRACE may not carry at all (content) is
 * refused by {@link RequestVetting} before the request gets here.
 */
final class ClientConformanceBypass {

    private static final String PLACEHOLDER_TYPE = "twice.placeholder-content-type";
    private static final String HELD_HEADERS = "twice.held-trace-headers";

    static final HttpRequestInterceptor BEFORE = ClientConformanceBypass::before;
    static final HttpRequestInterceptor AFTER = ClientConformanceBypass::after;

    private ClientConformanceBypass() {}

    private static void before(HttpRequest request, EntityDetails entity, HttpContext context) {
        if (entity != null
                && request.getMethod().equals("OPTIONS")
                && !request.containsHeader(HttpHeaders.CONTENT_TYPE)) {
            request.addHeader(HttpHeaders.CONTENT_TYPE, "application/octet-stream");
            context.setAttribute(PLACEHOLDER_TYPE, Boolean.TRUE);
        }
        if (request.getMethod().equals("TRACE")) {
            List<Header> held = new ArrayList<>();
            for (Header h : request.getHeaders()) {
                if (h.getName().equalsIgnoreCase(HttpHeaders.AUTHORIZATION)
                        || h.getName().equalsIgnoreCase("Cookie")) {
                    held.add(h);
                }
            }
            if (!held.isEmpty()) {
                request.removeHeaders(HttpHeaders.AUTHORIZATION);
                request.removeHeaders("Cookie");
                context.setAttribute(HELD_HEADERS, held);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void after(HttpRequest request, EntityDetails entity, HttpContext context) {
        if (context.removeAttribute(PLACEHOLDER_TYPE) != null) {
            request.removeHeaders(HttpHeaders.CONTENT_TYPE);
        }
        Object held = context.removeAttribute(HELD_HEADERS);
        if (held != null) {
            for (Header h : (List<Header>) held) {
                request.addHeader(h);
            }
        }
    }
}
