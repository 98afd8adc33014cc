package dev.twice.proxy;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.NoHttpResponseException;

/**
 * What twice answers when the upstream fails before a response head arrived: refused or reset is
 * 502 (RFC 9110 §15.6.3), a timeout is 504 (§15.6.5), no free upstream connection is 503. The
 * {@code error} names are what the store and the API show.
 */
record UpstreamFailure(int status, String error, String message) {

    static UpstreamFailure classify(Exception e) {
        if (e instanceof ConnectionRequestTimeoutException) {
            return new UpstreamFailure(503, "pool_exhausted", "no free upstream connection");
        }
        if (e instanceof ConnectTimeoutException) {
            return new UpstreamFailure(504, "connect_timeout", "upstream connect timed out");
        }
        if (e instanceof SocketTimeoutException) {
            return new UpstreamFailure(504, "upstream_timeout", "upstream did not answer in time");
        }
        if (e instanceof UnknownHostException) {
            return new UpstreamFailure(502, "dns", "upstream host not found");
        }
        if (e instanceof HttpHostConnectException || e instanceof ConnectException) {
            return new UpstreamFailure(502, "connect_refused", "upstream refused the connection");
        }
        if (e instanceof SSLException) {
            return new UpstreamFailure(502, "tls", "upstream TLS handshake failed");
        }
        if (e instanceof NoHttpResponseException) {
            return new UpstreamFailure(502, "upstream_reset", "upstream closed the connection without a response");
        }
        if (e instanceof MessageConstraintException
                || e instanceof HttpException
                || e instanceof ClientProtocolException) {
            return new UpstreamFailure(502, "upstream_protocol", "upstream sent an invalid response");
        }
        return new UpstreamFailure(502, "upstream_reset", "upstream connection failed");
    }
}
