package dev.twice.capture;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.brotli.dec.BrotliInputStream;

/**
 * Undoes {@code Content-Encoding} for display. A stored body may be cut at {@code --max-body}, so a
 * decoder that runs out of input keeps what it produced; output is capped so a small compressed
 * body cannot inflate without bound (zip bomb).
 */
public final class ContentDecoder {

    public static final int MAX_DECODED = 16 << 20;

    private ContentDecoder() {}

    /** Empty when an encoding is unknown or the bytes are not in that encoding at all. */
    public static Optional<byte[]> decode(byte[] bytes, String contentEncoding) {
        return decode(bytes, contentEncoding, MAX_DECODED);
    }

    /** At most {@code limit} bytes of output (and never more than {@link #MAX_DECODED}). */
    public static Optional<byte[]> decode(byte[] bytes, String contentEncoding, int limit) {
        if (contentEncoding == null || contentEncoding.isBlank()) {
            return Optional.of(bytes);
        }
        String[] codings = contentEncoding.split(",");
        byte[] current = bytes;
        for (int i = codings.length - 1; i >= 0; i--) {
            Optional<byte[]> next =
                    decodeOne(current, codings[i].trim().toLowerCase(Locale.ROOT), Math.min(limit, MAX_DECODED));
            if (next.isEmpty()) {
                return Optional.empty();
            }
            current = next.get();
        }
        return Optional.of(current);
    }

    private static Optional<byte[]> decodeOne(byte[] bytes, String coding, int limit) {
        try {
            return switch (coding) {
                case "identity", "" -> Optional.of(bytes);
                case "gzip", "x-gzip" -> drain(new GZIPInputStream(new ByteArrayInputStream(bytes)), limit);
                case "deflate" -> inflate(bytes, limit);
                case "br" -> drain(new BrotliInputStream(new ByteArrayInputStream(bytes)), limit);
                default -> Optional.empty();
            };
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** {@code deflate} is meant to be zlib-wrapped (RFC 9110 §8.4.1.2), but some servers send raw deflate. */
    private static Optional<byte[]> inflate(byte[] bytes, int limit) {
        Optional<byte[]> zlib =
                drain(new InflaterInputStream(new ByteArrayInputStream(bytes), new Inflater(false)), limit);
        return zlib.isPresent()
                ? zlib
                : drain(new InflaterInputStream(new ByteArrayInputStream(bytes), new Inflater(true)), limit);
    }

    private static Optional<byte[]> drain(InputStream in, int limit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while (out.size() < limit && (n = in.read(buf)) > 0) {
                out.write(buf, 0, Math.min(n, limit - out.size()));
            }
        } catch (EOFException e) {
            // a body cut at --max-body ends early: what was decoded so far is still worth showing
        } catch (IOException e) {
            if (out.size() == 0) {
                return Optional.empty();
            }
        }
        return Optional.of(out.toByteArray());
    }
}
