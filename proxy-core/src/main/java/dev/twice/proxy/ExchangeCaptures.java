package dev.twice.proxy;

import dev.twice.capture.BodyCapture;
import dev.twice.capture.CaptureBudget;
import dev.twice.capture.CapturedBody;
import dev.twice.capture.Exchange;
import dev.twice.capture.ExchangeRecorder;
import dev.twice.capture.Header;
import dev.twice.capture.Origin;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What one exchange keeps of its bodies while they stream, and the record made of them when it
 * ends. The response's capture is created on the reactor thread and closed on the I/O thread, so
 * it is handed over through an atomic reference that the end of the exchange seals.
 */
final class ExchangeCaptures {

    private static final Object CLOSED = new Object();

    private final boolean recording;
    private final long maxBody;
    private final CaptureBudget budget;
    /** The response's capture, or {@link #CLOSED} once the exchange is finished. */
    private final AtomicReference<Object> response = new AtomicReference<>();

    private BodyCapture request;

    ExchangeCaptures(boolean recording, long maxBody, CaptureBudget budget) {
        this.recording = recording;
        this.maxBody = maxBody;
        this.budget = budget;
    }

    boolean recording() {
        return recording;
    }

    /** I/O thread: the request body's capture, or null when this exchange is not recorded. */
    BodyCapture startRequest(long contentLength) {
        if (recording) {
            request = new BodyCapture(maxBody, contentLength, budget);
        }
        return request;
    }

    /**
     * Reactor thread. The exchange may already be finished (client gone, timed out) when the
     * response head arrives: then the capture is refused here, so its budget is never held by a
     * capture nobody will finish.
     */
    BodyCapture startResponse(long contentLength) {
        if (!recording) {
            return null;
        }
        BodyCapture capture = new BodyCapture(maxBody, contentLength, budget);
        if (!response.compareAndSet(null, capture)) {
            capture.discard();
            return null;
        }
        return capture;
    }

    /** How an exchange ended: what its record says besides headers and bodies. */
    record Ending(
            Instant startedAt,
            String method,
            String url,
            Integer status,
            long durationNanos,
            String error,
            Origin origin) {}

    /**
     * I/O thread, once: seals the captures and hands the exchange to {@code recorder} — its record
     * if its method is recorded, and in any case the writes it made, for the analysis. A request
     * {@code refused} for a malformed body never completed upstream: it wrote nothing and is not
     * recorded.
     */
    void finish(
            ExchangeRecorder recorder,
            boolean refused,
            Ending end,
            HeaderMap requestHeaders,
            List<Header> responseHeaders) {
        BodyCapture captured = response.getAndSet(CLOSED) instanceof BodyCapture b ? b : null;
        if (!refused) {
            recorder.noteWrites(
                    recording,
                    end.startedAt(),
                    end.method(),
                    end.url(),
                    end.status(),
                    () -> RequestTarget.destination(requestHeaders.getFirst("Destination")));
        }
        if (!recording) {
            return;
        }
        if ((refused || responseHeaders == null) && captured != null) {
            captured.discard();
        }
        if (refused) {
            request.discard();
            return;
        }
        CapturedBody responseBody =
                responseHeaders == null ? null : captured != null ? captured.finish() : CapturedBody.empty();
        recorder.record(new Exchange(
                0,
                end.startedAt(),
                end.method(),
                end.url(),
                end.status(),
                end.durationNanos(),
                end.error(),
                headers(requestHeaders),
                request.finish(),
                responseHeaders,
                responseBody,
                end.origin()));
    }

    private static List<Header> headers(HeaderMap map) {
        List<Header> out = new ArrayList<>();
        for (HeaderValues values : map) {
            for (String v : values) {
                out.add(new Header(values.getHeaderName().toString(), v));
            }
        }
        return out;
    }
}
