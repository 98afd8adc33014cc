package dev.twice.capture;

import dev.twice.config.RecordedMethods;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Decides what is recorded and hands it on: numbers each exchange, redacts its secret headers and
 * offers it to the sink. Called on the request path, so it only does cheap, non-blocking work.
 */
public final class ExchangeRecorder {

    private final RecordedMethods methods;
    private final HeaderRedactor redactor;
    private final ExchangeSink sink;
    private final AtomicLong lastId;

    /** {@code lastId} is the highest id already stored, so numbering continues across restarts. */
    public ExchangeRecorder(RecordedMethods methods, HeaderRedactor redactor, ExchangeSink sink, long lastId) {
        this.methods = methods;
        this.redactor = redactor;
        this.sink = sink;
        this.lastId = new AtomicLong(lastId);
    }

    /** The pure "what to record" rule: methods match case-sensitively (RFC 9110 §9.1). */
    public boolean records(String method) {
        return methods.matches(method);
    }

    /** A verification's requests are always recorded: they are its evidence (docs/verification.md). */
    public boolean records(String method, Origin origin) {
        return origin == Origin.VERIFICATION || methods.matches(method);
    }

    /**
     * The analysis sees every write, recorded or not (docs/analysis.md, "Repeats"): an unrecorded
     * one is offered as a mark, numbered in the same sequence as exchanges so that "between two
     * PUTs" means the same for both; a COPY or MOVE also writes to its {@code destination}, which is
     * only looked up for those (this runs once per request, on the proxy's I/O thread).
     */
    public void noteWrites(
            boolean recorded,
            Instant startedAt,
            String method,
            String url,
            Integer status,
            Supplier<Optional<String>> destination) {
        if (!WriteMark.isWrite(method)) {
            return;
        }
        if (!recorded) {
            sink.offerMark(new WriteMark(lastId.incrementAndGet(), startedAt, method, url, status));
        }
        if (method.equals("COPY") || method.equals("MOVE")) {
            destination
                    .get()
                    .ifPresent(to ->
                            sink.offerMark(new WriteMark(lastId.incrementAndGet(), startedAt, method, to, status)));
        }
    }

    /** @return the id given to the exchange, or -1 when the sink dropped it */
    public long record(Exchange draft) {
        long id = lastId.incrementAndGet();
        Exchange e = new Exchange(
                id,
                draft.startedAt(),
                draft.method(),
                draft.url(),
                draft.status(),
                draft.durationNanos(),
                draft.error(),
                redactor.redact(draft.requestHeaders()),
                draft.requestBody(),
                draft.responseHeaders() == null ? null : redactor.redact(draft.responseHeaders()),
                draft.responseBody(),
                draft.origin());
        return sink.offer(e) ? id : -1;
    }
}
