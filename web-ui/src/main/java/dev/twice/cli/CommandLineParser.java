package dev.twice.cli;

import dev.twice.config.RecordedMethods;
import dev.twice.config.TwiceConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * Reads flags and environment into a {@link TwiceConfig}, or says in one line what is wrong.
 * Exit codes: 0 after {@code --help}/{@code --version}, 2 for any bad or missing value.
 */
public final class CommandLineParser {

    public static final int USAGE = 2;

    /** The outcome: a configuration to run, or an exit code to leave with (messages already printed). */
    /** {@code jsonLog}: {@code --log-format json}, which the launcher applies to its log. */
    public record Parsed(Optional<TwiceConfig> config, int exitCode, boolean jsonLog) {
        Parsed(Optional<TwiceConfig> config, int exitCode) {
            this(config, exitCode, false);
        }
    }

    private CommandLineParser() {}

    public static Parsed parse(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        LaunchOptions options = new LaunchOptions();
        CommandLine cl = new CommandLine(options);
        cl.setDefaultValueProvider(LaunchOptions.defaultsFrom(env));
        cl.setOut(out);
        cl.setErr(err);
        CommandLine.ParseResult result;
        try {
            result = cl.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return usageError(err, oneLine(e.getMessage()) + " (see twice --help)");
        }
        if (CommandLine.printHelpIfRequested(result)) {
            return new Parsed(Optional.empty(), 0);
        }
        TwiceConfig config;
        try {
            config = options.toConfig();
        } catch (IllegalArgumentException e) {
            // Values that are fine alone but not together, e.g. --max-target above --max-header-size.
            return usageError(err, oneLine(e.getMessage()) + " (see twice --help)");
        }
        for (String m : config.record().methods()) {
            if (!m.equals(m.toUpperCase(java.util.Locale.ROOT))) {
                // Methods are case-sensitive (RFC 9110 §9.1): 'post' records nothing a client sends as POST.
                err.println("twice: warning: --record " + m + " is not " + m.toUpperCase(java.util.Locale.ROOT)
                        + ": methods are case-sensitive, so only requests sent as '" + m + "' are recorded");
                err.flush();
            }
        }
        if (result.hasMatchedOption("--token")) {
            err.println("twice: warning: --token on the command line is visible to other users (ps);"
                    + " prefer TWICE_TOKEN or --token-file");
            err.flush();
        }
        boolean dbGiven = result.hasMatchedOption("--db") || env.containsKey("TWICE_DB");
        if (config.demo() && !dbGiven) {
            // The demo's sample service starts empty every time; so must its history, or a correct
            // endpoint would be judged against the recordings of an earlier run.
            try {
                java.nio.file.Path demoDir = Files.createTempDirectory("twice-demo-");
                options.db = demoDir.resolve("twice.db");
                // Gone when the demo ends: deleted in the reverse order of registration, files first.
                demoDir.toFile().deleteOnExit();
                for (String suffix : new String[] {"", "-wal", "-shm"}) {
                    demoDir.resolve("twice.db" + suffix).toFile().deleteOnExit();
                }
            } catch (IOException e) {
                return usageError(err, "--demo: cannot make a fresh db in the temp directory: " + e.getMessage());
            }
            config = options.toConfig();
        }
        boolean recordGiven = result.hasMatchedOption("--record") || env.containsKey("TWICE_RECORD");
        if (config.demo() && !recordGiven) {
            // The demo shows every rule, and put-divergent-state needs GET recorded.
            config = options.toConfig(RecordedMethods.parse("PUT,POST,PATCH,DELETE,GET"));
        }
        if (config.upstream().isEmpty() && !config.demo() && !config.fleet().dashboardOnly()) {
            return usageError(err, "--upstream is required (or set TWICE_UPSTREAM)");
        }
        if (!options.logFormat.equals("text") && !options.logFormat.equals("json")) {
            return usageError(err, "--log-format: '" + options.logFormat + "' is neither text nor json");
        }
        return new Parsed(Optional.of(config), 0, options.logFormat.equals("json"));
    }

    private static Parsed usageError(PrintWriter err, String message) {
        err.println("twice: " + message);
        err.flush();
        return new Parsed(Optional.empty(), USAGE);
    }

    private static String oneLine(String message) {
        return message == null
                ? "bad command line"
                : message.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
