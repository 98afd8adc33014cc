package dev.twice.proxy;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.xnio.XnioExecutor;

/**
 * Notices a client that stops moving bytes while its exchange waits on it (docs/reliability.md D37,
 * D38): a request body that stops arriving, or a response it stops taking. One timer, armed only
 * when the exchange actually waits on its client, so exchanges that never do cost nothing here.
 * I/O thread only.
 */
final class ClientStallWatch {

    private final XnioExecutor ioThread;
    private final long timeoutNanos;
    private final BooleanSupplier waitingOnClient;
    private final Runnable onStall;
    private long lastProgress = System.nanoTime();
    private XnioExecutor.Key timer;
    private boolean stopped;

    /**
     * {@code waitingOnClient}: whether the exchange still waits on the client; {@code onStall}: run once when it
     * stalled.
     */
    ClientStallWatch(XnioExecutor ioThread, long timeoutNanos, BooleanSupplier waitingOnClient, Runnable onStall) {
        this.ioThread = ioThread;
        this.timeoutNanos = timeoutNanos;
        this.waitingOnClient = waitingOnClient;
        this.onStall = onStall;
    }

    /** The client sent or took bytes. */
    void progress() {
        lastProgress = System.nanoTime();
    }

    /** The exchange now waits on the client. */
    void awaiting() {
        if (timer == null && !stopped) {
            timer = ioThread.executeAfter(this::check, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** The exchange is over: no more checks. */
    void stop() {
        stopped = true;
        if (timer != null) {
            timer.remove();
            timer = null;
        }
    }

    private void check() {
        timer = null;
        if (stopped || !waitingOnClient.getAsBoolean()) {
            return;
        }
        long idle = System.nanoTime() - lastProgress;
        if (idle < timeoutNanos) {
            timer = ioThread.executeAfter(this::check, timeoutNanos - idle, TimeUnit.NANOSECONDS);
            return;
        }
        onStall.run();
    }
}
