package dev.twice;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * How twice's log looks: one line per notable event, on stderr, as text ({@code time level
 * logger: message}) or, with {@code --log-format json}, as one JSON object per line for log
 * pipelines. The libraries' own chatter is held to warnings.
 */
final class LogSetup {

    /** Held so the level settings are not garbage-collected with their loggers. */
    private static final List<Logger> QUIETED = new ArrayList<>();

    private LogSetup() {}

    static void configure(boolean json) {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s: %5$s%6$s%n");
        for (String noisy : new String[] {"io.undertow", "org.xnio", "org.apache.hc"}) {
            Logger l = Logger.getLogger(noisy);
            l.setLevel(Level.WARNING);
            QUIETED.add(l);
        }
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler console = new ConsoleHandler();
        console.setFormatter(json ? new JsonFormatter() : new SimpleFormatter());
        root.addHandler(console);
    }

    /** {@code {"time":…,"level":…,"logger":…,"message":…,"error":…}} on one line. */
    static final class JsonFormatter extends Formatter {
        @Override
        public String format(LogRecord r) {
            StringBuilder b = new StringBuilder(160).append("{\"time\":");
            quote(b, Instant.ofEpochMilli(r.getMillis()).toString());
            b.append(",\"level\":");
            quote(b, r.getLevel().getName());
            b.append(",\"logger\":");
            quote(b, r.getLoggerName() == null ? "" : r.getLoggerName());
            b.append(",\"message\":");
            quote(b, formatMessage(r));
            if (r.getThrown() != null) {
                StringWriter trace = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(trace));
                b.append(",\"error\":");
                quote(b, trace.toString());
            }
            return b.append("}\n").toString();
        }

        private static void quote(StringBuilder b, String s) {
            b.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            b.append('"');
        }
    }
}
