package dev.twice;

import sun.misc.Signal;

/**
 * Runs a clean stop on SIGTERM and SIGINT. A JVM shutdown hook alone would end with status 143;
 * handling the signal lets twice drain, close the db and exit 0, as orchestrators expect.
 */
final class SignalExit {

    private SignalExit() {}

    static void onTerminate(Runnable stop) {
        Thread worker = new Thread(stop, "twice-shutdown");
        Signal.handle(new Signal("TERM"), s -> startOnce(worker));
        Signal.handle(new Signal("INT"), s -> startOnce(worker));
    }

    private static synchronized void startOnce(Thread worker) {
        if (worker.getState() == Thread.State.NEW) {
            worker.start();
        }
    }
}
