package dev.twice.proxy;

import dev.twice.capture.BodyCapture;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The client's request body on its way upstream: feeds the capture (if any) as it streams and
 * remembers whether a read failed, so that an aborted upload is told apart from an upstream failure.
 */
final class ClientBodyStream extends FilterInputStream {

    private final BodyCapture capture;
    private boolean failed;
    private boolean finished;

    ClientBodyStream(InputStream in, BodyCapture capture) {
        super(in);
        this.capture = capture;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            failed = true;
            throw e;
        }
        if (n > 0 && capture != null) {
            capture.update(b, off, n);
        } else if (n < 0) {
            finished = true;
        }
        return n;
    }

    /**
     * Reads what the upstream did not take, so the recorded request is whole even when the
     * upstream failed before the body was sent.
     */
    void drain() {
        byte[] scratch = new byte[16 * 1024];
        try {
            while (!failed && !finished) {
                read(scratch, 0, scratch.length);
            }
        } catch (IOException e) {
            // The client went away too; what was read is what gets recorded.
        }
    }

    /** True when reading from the client failed: it went away or timed out mid-upload. */
    boolean failed() {
        return failed;
    }

    /** True when the whole body was read. */
    boolean finished() {
        return finished;
    }
}
