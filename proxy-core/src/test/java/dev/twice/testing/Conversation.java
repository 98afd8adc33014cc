package dev.twice.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One raw-socket conversation with a server: exact request bytes in (whole, or one byte per
 * write), then everything the server answers until it closes the connection or goes quiet.
 */
public final class Conversation {

    /** How the client hands its bytes to the socket. */
    public enum Writes {
        WHOLE,
        ONE_BYTE_AT_A_TIME
    }

    /** What came back: each response's status in order, the raw text, and whether the server closed. */
    public record Outcome(List<Integer> statuses, boolean closedByServer, String raw) {}

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3}) ");

    private Conversation() {}

    /** {@code quietMillis}: how long a silent, still-open connection is waited on before giving up. */
    public static Outcome exchange(int port, byte[] request, Writes writes, int quietMillis) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(quietMillis);
            OutputStream out = socket.getOutputStream();
            try {
                if (writes == Writes.WHOLE) {
                    out.write(request);
                    out.flush();
                } else {
                    for (byte b : request) {
                        out.write(b);
                        out.flush();
                    }
                }
            } catch (SocketException e) {
                // The server may close as soon as it has seen enough to reject; read what it said.
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            boolean closed = readAll(socket.getInputStream(), answer);
            String raw = answer.toString(StandardCharsets.ISO_8859_1);
            List<Integer> statuses = new ArrayList<>();
            Matcher m = STATUS_LINE.matcher(raw);
            while (m.find()) {
                statuses.add(Integer.parseInt(m.group(1)));
            }
            return new Outcome(List.copyOf(statuses), closed, raw);
        }
    }

    private static boolean readAll(InputStream in, ByteArrayOutputStream into) throws IOException {
        byte[] buf = new byte[8192];
        while (true) {
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                return false;
            } catch (SocketException e) {
                return true; // reset by the server: closed, not just quiet
            }
            if (n < 0) {
                return true;
            }
            into.write(buf, 0, n);
        }
    }
}
