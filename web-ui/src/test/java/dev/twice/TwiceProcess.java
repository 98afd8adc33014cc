package dev.twice;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** twice as a real child process on ephemeral ports, from the test classpath; its ports read from its start lines. */
final class TwiceProcess implements AutoCloseable {

    final Process process;
    final int proxyPort;
    final int dashboardPort;

    private TwiceProcess(Process process, int proxyPort, int dashboardPort) {
        this.process = process;
        this.proxyPort = proxyPort;
        this.dashboardPort = dashboardPort;
    }

    static TwiceProcess start(String upstreamUrl, Path db, Path stderr) throws Exception {
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Twice.class.getName(),
                        "--upstream",
                        upstreamUrl,
                        "--listen",
                        "127.0.0.1:0",
                        "--dashboard",
                        "127.0.0.1:0",
                        "--db",
                        db.toString())
                .redirectError(stderr.toFile())
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        Pattern port = Pattern.compile("twice (proxy|dashboard)\\s+http://127\\.0\\.0\\.1:(\\d+)");
        int proxy = 0;
        int dashboard = 0;
        String line;
        while ((proxy == 0 || dashboard == 0) && (line = out.readLine()) != null) {
            Matcher m = port.matcher(line);
            if (m.find()) {
                if (m.group(1).equals("proxy")) {
                    proxy = Integer.parseInt(m.group(2));
                } else {
                    dashboard = Integer.parseInt(m.group(2));
                }
            }
        }
        if (proxy == 0 || dashboard == 0) {
            p.destroyForcibly();
            throw new AssertionError("twice printed no start lines");
        }
        return new TwiceProcess(p, proxy, dashboard);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
