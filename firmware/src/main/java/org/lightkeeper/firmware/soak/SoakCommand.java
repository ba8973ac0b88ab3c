package org.lightkeeper.firmware.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardFileException;
import org.lightkeeper.hal.board.BoardSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lightkeeper soak}: a long run of mixed faults and firmware restarts on virtual time, with a verdict. */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Run the firmware on the simulated board for a long simulated time under a fault mix drawn from "
                + "the seed (NAKs, a stuck bus, ELS swaps, laser ageing and death, die and ambient ramps, ASIC power "
                + "steps, kill -9 and restart every few minutes) and print a report with PASS/FAIL per check "
                + "(docs/soak.md). Exit 0 when every check passes, 1 when any fails, 2 for bad options.")
public final class SoakCommand implements Callable<Integer> {
    @Option(names = "--board", description = "Built-in board name or path to a board file (default: ${DEFAULT-VALUE}).")
    String board = "devkit";

    @Option(names = "--duration", description = "Simulated length: 3600s, 60m, 1h or plain seconds (default: ${DEFAULT-VALUE}).")
    String duration = "1h";

    @Option(names = "--seed", description = "Seed of the physics and the fault mix (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--state-dir", description = "State directory (default: a fresh temporary directory).")
    Path stateDir;

    @Option(names = "--restart-every", description = "Mean simulated time between kill -9 restarts, +-25 %% from the "
            + "seed (default: ${DEFAULT-VALUE}).")
    String restartEvery = "4m";

    @Option(names = "--nak-rate", description = "NAK probability on every I2C bus, all run (default: ${DEFAULT-VALUE}).")
    double nakRate = 0.01;

    @Option(names = "--stuck", description = "Length of each stuck-bus episode (default: ${DEFAULT-VALUE}).")
    String stuck = "3s";

    @Option(names = "--ageing", description = "Ageing the two aged lanes reach at the end, 0-1; 1 is end of life, +20 %% "
            + "operating current (default: ${DEFAULT-VALUE}).")
    double ageing = 1.0;

    @Option(names = "--sample", description = "Ground truth sampling period (default: ${DEFAULT-VALUE}).")
    String sample = "1ms";

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the report to FILE.")
    Path report;

    /** A simulated time: a number with a unit ms, s, m or h; a bare number is seconds. */
    static long parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1_000_000_000L;
        String number = t;
        if (t.endsWith("ms")) {
            unit = 1_000_000L;
            number = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            unit = 60_000_000_000L;
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("h")) {
            unit = 3_600_000_000_000L;
            number = t.substring(0, t.length() - 1);
        }
        double v;
        try {
            v = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time (examples: 3600s, 60m, 1h, 500ms)");
        }
        if (!(v >= 0 && v * unit < Long.MAX_VALUE / 4)) {
            throw new IllegalArgumentException("'" + text + "' is out of range");
        }
        return Math.round(v * unit);
    }

    @Override
    public Integer call() throws IOException {
        SoakOptions o;
        BoardSpec spec;
        try {
            o = new SoakOptions(parseDuration(duration), seed, parseDuration(restartEvery), nakRate, parseDuration(stuck),
                    ageing, parseDuration(sample));
            spec = BoardFile.load(board);
        } catch (IllegalArgumentException | BoardFileException e) {
            System.err.println("soak refused: " + e.getMessage());
            return 2;
        }
        Path dir = stateDir != null ? Files.createDirectories(stateDir) : Files.createTempDirectory("lightkeeper-soak-");
        System.out.println("state directory " + dir);
        SoakReport r = SoakRunner.run(spec, SoakPlan.generate(spec, o), dir);
        String text = r.format();
        System.out.print(text);
        if (report != null) {
            Files.writeString(report, text, StandardCharsets.UTF_8);
        }
        return r.passed() ? 0 : 1;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SoakCommand()).execute(args));
    }
}
