package org.lightkeeper.firmware.simserver;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test support: {@code lightkeeper} (org.lightkeeper.firmware.Main) as a separate JVM on this test's
 * class path, for restart tests that must kill a process outright. Output (stdout and stderr merged)
 * is echoed with the process's label and kept, so a test can wait for the line naming a port (port 0
 * works: the line carries the port actually bound).
 */
public final class LightkeeperProcess implements AutoCloseable {
    /** {@code lightkeeper sim-server}'s bus server line. */
    public static final Pattern BUS_SERVER = Pattern.compile("bus server listening on \\S+:(\\d+)");
    /** {@code lightkeeper sim-server}'s simulator gRPC line. */
    public static final Pattern SIMULATOR_GRPC = Pattern.compile("simulator gRPC on \\S+:(\\d+)");
    /** The firmware's management gRPC line. */
    public static final Pattern FIRMWARE_GRPC = Pattern.compile("buses, gRPC on \\S+:(\\d+)|board, gRPC\\S* on \\S+:(\\d+)");

    private final String label;
    private final Process process;
    private final List<String> lines = new ArrayList<>();

    private LightkeeperProcess(String label, Process process) {
        this.label = label;
        this.process = process;
        Thread pump = new Thread(this::pump, label + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts {@code lightkeeper args...} in a JVM of its own, sized small: the machine may have two cores. */
    public static LightkeeperProcess start(String label, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("org.lightkeeper.firmware.Main");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new LightkeeperProcess(label, p);
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                System.out.println("[" + label + "] " + line);
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // The process died; waiters see it through isAlive().
        }
    }

    /**
     * Waits for the first output line matching {@code pattern} and returns the port in its first
     * non-null group, or fails with the output so far when the process exits or the time is up.
     */
    public int awaitPort(Pattern pattern, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    Matcher m = pattern.matcher(lines.get(seen));
                    if (m.find()) {
                        for (int g = 1; g <= m.groupCount(); g++) {
                            if (m.group(g) != null) {
                                int port = Integer.parseInt(m.group(g));
                                System.out.println("[" + label + "] listening on port " + port);
                                return port;
                            }
                        }
                    }
                }
                long left = end - System.nanoTime();
                if (left <= 0 || !process.isAlive()) {
                    throw new AssertionError(label + (process.isAlive() ? " printed no line matching " : " exited before ")
                            + pattern + "; output: " + lines);
                }
                lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
            }
        }
    }

    /** SIGKILL (destroyForcibly): no shutdown hooks, no flush, exactly a crash. Waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError(label + " survived SIGKILL for 10 s");
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Output lines so far. */
    public List<String> output() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
