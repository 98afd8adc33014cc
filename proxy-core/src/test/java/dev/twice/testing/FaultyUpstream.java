package dev.twice.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream that misbehaves on purpose, on a raw loopback socket: it reads each request (head,
 * then a Content-Length or chunked body) and answers with the exact bytes its {@link Script} gives,
 * then keeps the connection, closes it, or stalls. For what real servers do when they are broken.
 */
public final class FaultyUpstream implements AutoCloseable {

    /** What to do after a reply's bytes are written. */
    public enum Then {
        KEEP_ALIVE,
        CLOSE,
        STALL
    }

    /** The answer to one request; {@code stallBeforeMillis} delays even the first byte. */
    public record Reply(byte[] bytes, Then then, long stallBeforeMillis) {
        public static Reply of(String raw, Then then) {
            return new Reply(raw.getBytes(StandardCharsets.ISO_8859_1), then, 0);
        }
    }

    /** Chooses the reply to the {@code n}th request (from 1) the upstream has read. */
    public interface Script {
        Reply reply(int n);
    }

    /** Every request head the upstream read, in order. */
    public final List<String> requests = new CopyOnWriteArrayList<>();
    /** The body of each request in {@link #requests}, with any chunked framing removed. */
    public final List<byte[]> bodies = new CopyOnWriteArrayList<>();
    /**
     * Every framing rule a proxied request broke, as the upstream saw it: both Content-Length and
     * Transfer-Encoding, a bare LF, a chunk line that is not plain hex, chunk data of the wrong
     * length. A connection closed in the middle of a body is not one: that is how a proxy refuses
     * to complete a request.
     */
    public final List<String> malformed = new CopyOnWriteArrayList<>();

    public final AtomicInteger connections = new AtomicInteger();
    private final ServerSocket server;
    private final Script script;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public FaultyUpstream(Script script) throws IOException {
        this(0, script);
    }

    /** On a given {@code port}, for an upstream that comes up after the proxy. */
    public FaultyUpstream(int port, Script script) throws IOException {
        this.script = script;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        Thread acceptor = new Thread(this::accept, "faulty-upstream-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                open.add(s);
                Thread t = new Thread(() -> serve(s), "faulty-upstream-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (!closed) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                String problem = framingProblem(head);
                if (problem != null) {
                    malformed.add(problem + " in " + head);
                    return;
                }
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                if (!readBody(in, head, body)) {
                    return;
                }
                bodies.add(body.toByteArray());
                requests.add(head);
                Reply r = script.reply(requests.size());
                if (r.stallBeforeMillis() > 0) {
                    Thread.sleep(r.stallBeforeMillis());
                }
                out.write(r.bytes());
                out.flush();
                if (r.then() == Then.CLOSE) {
                    return;
                }
                if (r.then() == Then.STALL) {
                    while (!closed && in.read() >= 0) {
                        // hold the connection open, saying nothing more
                    }
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the proxy closed or reset the connection: part of the faults under test
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            String s = b.toString(StandardCharsets.ISO_8859_1);
            if (s.endsWith("\r\n\r\n")) {
                return s;
            }
        }
        return null;
    }

    private static String framingProblem(String head) {
        String lower = head.toLowerCase(Locale.ROOT);
        if (head.replace("\r\n", "").contains("\n") || head.replace("\r\n", "").contains("\r")) {
            return "bare CR or LF in the head";
        }
        if (lower.contains("\r\ncontent-length:") && lower.contains("\r\ntransfer-encoding:")) {
            return "both Content-Length and Transfer-Encoding";
        }
        if (lower.contains("\r\ntransfer-encoding:") && !lower.contains("\r\ntransfer-encoding: chunked\r\n")) {
            return "a Transfer-Encoding other than chunked";
        }
        return null;
    }

    /** Reads one body; false when it broke its framing (recorded in {@link #malformed}). */
    private boolean readBody(InputStream in, String head, ByteArrayOutputStream into) throws IOException {
        String lower = head.toLowerCase(Locale.ROOT);
        int cl = lower.indexOf("\r\ncontent-length:");
        if (cl >= 0) {
            int end = lower.indexOf("\r\n", cl + 2);
            long n = Long.parseLong(lower.substring(cl + 17, end).trim());
            byte[] body = in.readNBytes((int) n);
            if (body.length < n) {
                throw new SocketException("closed mid-body");
            }
            into.write(body);
        } else if (lower.contains("\r\ntransfer-encoding: chunked")) {
            while (true) {
                String line = readLine(in);
                if (!line.matches("[0-9a-fA-F]{1,16}")) {
                    malformed.add("chunk size line '" + line + "'");
                    return false;
                }
                int size = Integer.parseInt(line, 16);
                if (size == 0) {
                    String trailer;
                    while (!(trailer = readLine(in)).isEmpty()) {
                        malformed.add("a trailer was forwarded: " + trailer);
                    }
                    return true;
                }
                byte[] data = in.readNBytes(size);
                if (data.length < size) {
                    throw new SocketException("closed mid-body");
                }
                into.write(data);
                if (!readLine(in).isEmpty()) {
                    malformed.add("chunk data longer than its size");
                    return false;
                }
            }
        }
        return true;
    }

    /** A CRLF-terminated line without its CRLF; a bare LF is kept in the line, so it fails the callers' checks. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            byte[] bytes = b.toByteArray();
            int n = bytes.length;
            if (n >= 2 && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
                return new String(bytes, 0, n - 2, StandardCharsets.ISO_8859_1);
            }
        }
        throw new SocketException("closed mid-body");
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
