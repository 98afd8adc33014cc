package dev.twice.proxy;

import io.undertow.conduits.ReadDataStreamSourceConduit;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.TimeUnit;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitReadableByteChannel;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSourceConduit;

/**
 * The request body of a chunked request, decoded by {@link ChunkedDecoder} straight from the
 * connection's bytes in place of Undertow's lenient chunk reader. Bytes read past the body's end
 * belong to the next pipelined request and are handed back to the connection.
 */
final class StrictChunkedSource extends AbstractStreamSourceConduit<StreamSourceConduit> {

    private final HttpServerExchange exchange;
    private final HttpServerConnection connection;
    private final ChunkedDecoder decoder = new ChunkedDecoder();
    private PooledByteBuffer raw;
    private boolean finished;

    private StrictChunkedSource(
            StreamSourceConduit next, HttpServerExchange exchange, HttpServerConnection connection) {
        super(next);
        this.exchange = exchange;
        this.connection = connection;
    }

    /** Replaces the chunk reader Undertow set up for {@code exchange}; must run before its body is read. */
    static void install(HttpServerExchange exchange) {
        if (!(exchange.getConnection() instanceof HttpServerConnection connection)) {
            throw new IllegalStateException("not an HTTP/1 connection: " + exchange.getConnection());
        }
        StreamSourceConduit bytes = new ReadDataStreamSourceConduit(connection.getOriginalSourceConduit(), connection);
        connection.getChannel().getSourceChannel().setConduit(new StrictChunkedSource(bytes, exchange, connection));
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (finished) {
            return -1;
        }
        if (raw == null) {
            raw = connection.getByteBufferPool().allocate();
            raw.getBuffer().flip(); // kept in read mode: empty
        }
        ByteBuffer buf = raw.getBuffer();
        int start = dst.position();
        while (true) {
            if (buf.hasRemaining()) {
                decoder.decode(buf, dst);
                if (decoder.isDone()) {
                    complete();
                    int n = dst.position() - start;
                    return n > 0 ? n : -1;
                }
                if (!dst.hasRemaining()) {
                    return dst.position() - start;
                }
            }
            buf.clear();
            int r;
            try {
                r = next.read(buf);
            } finally {
                buf.flip();
            }
            if (r < 0) {
                throw new EOFException("client closed the connection inside a chunked body");
            }
            if (r == 0) {
                return dst.position() - start;
            }
        }
    }

    /** The body ended: give the rest back to the connection and let Undertow read the next request. */
    private void complete() {
        finished = true;
        if (raw.getBuffer().hasRemaining()) {
            connection.ungetRequestBytes(raw);
        } else {
            raw.close();
        }
        raw = null;
        Connectors.terminateRequest(exchange);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            if (dsts[i].hasRemaining()) {
                return read(dsts[i]);
            }
        }
        return 0;
    }

    @Override
    public long transferTo(long position, long count, FileChannel target) throws IOException {
        return target.transferFrom(new ConduitReadableByteChannel(this), position, count);
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
        return Conduits.transfer(this, count, throughBuffer, target);
    }

    /** Buffered bytes are readable now: no socket readiness would ever announce them. */
    @Override
    public void resumeReads() {
        if (hasBufferedBytes()) {
            next.wakeupReads();
        } else {
            next.resumeReads();
        }
    }

    @Override
    public void awaitReadable() throws IOException {
        if (!hasBufferedBytes()) {
            next.awaitReadable();
        }
    }

    @Override
    public void awaitReadable(long time, TimeUnit timeUnit) throws IOException {
        if (!hasBufferedBytes()) {
            next.awaitReadable(time, timeUnit);
        }
    }

    /**
     * Never shuts the socket's input: the response may still be on its way. A body not read to its
     * end leaves the connection unable to carry another request, so it closes after the response.
     */
    @Override
    public void terminateReads() {
        if (!finished) {
            finished = true;
            exchange.setPersistent(false);
            if (raw != null) {
                raw.close();
                raw = null;
            }
        }
    }

    private boolean hasBufferedBytes() {
        return raw != null && raw.getBuffer().hasRemaining();
    }
}
