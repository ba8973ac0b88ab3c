package org.lightkeeper.firmware.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lightkeeper.firmware.ring.RingLockState;
import org.lightkeeper.firmware.scenario.Scenario;
import org.lightkeeper.firmware.scenario.ScenarioReport;
import org.lightkeeper.firmware.scenario.ScenarioRunner;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;

/**
 * Issue 5's control-quality measures in one run, each beside its reference where one can run in the
 * same process, against the target, on the simulator's ground truth (docs/benchmarks.md,
 * "Control quality"). Every figure comes from a run here; nothing is carried over from elsewhere.
 */
public final class ControlBench {
    private static final long MS = 1_000_000L;

    /** One line of the table. {@code met} is null where the measure has no pass/fail target. */
    public record Row(String measure, String board, String figure, String reference, String target, Boolean met) {
    }

    private final Path scenarios;
    private final int arbitrationTrials;
    private final long arbitrationSeed;
    private final java.util.function.Consumer<String> progress;
    private final List<Row> powerRows = new ArrayList<>();

    /** Scenario files come from {@code scenarios}; the arbitration Monte Carlo draws {@code arbitrationTrials} engines per size. */
    public ControlBench(Path scenarios, int arbitrationTrials, long arbitrationSeed, java.util.function.Consumer<String> progress) {
        this.scenarios = scenarios;
        this.arbitrationTrials = arbitrationTrials;
        this.arbitrationSeed = arbitrationSeed;
        this.progress = progress;
    }

    /** The groups of measures {@link #run(java.util.Set)} can be limited to. */
    public static final List<String> GROUPS = List.of("start", "ramp", "laser", "arbitration");

    public List<Row> run() {
        return run(java.util.Set.copyOf(GROUPS));
    }

    /**
     * The measures of {@code groups} only ({@link #GROUPS}): "start" the cold-start and precision rows
     * (the two quiet scenarios), "ramp" the die ramps, "laser" the ageing run, "arbitration" the Monte Carlo.
     */
    public List<Row> run(java.util.Set<String> groups) {
        List<Row> rows = new ArrayList<>();
        if (groups.contains("start")) {
            ScenarioReport devkitQuiet = scenario("devkit-quiet.yaml");
            ScenarioReport refQuiet = scenario("ref-51t2-quiet.yaml");
            rows.add(coldStart(devkitQuiet, 10));
            rows.add(coldStart(refQuiet, 100));
            rows.add(startWithCalibration("devkit", 10));
            rows.add(startWithCalibration("ref-51t2", 100));
            rows.add(precision(devkitQuiet));
            rows.add(precision(refQuiet));
        }
        if (groups.contains("ramp")) {
            rows.add(ramp(scenario("devkit-die-ramp-10k-per-s.yaml"), "line_hop: off (default)"));
            rows.add(ramp(scenario("devkit-die-ramp-10k-per-s.yaml", BoardEdits.withEngineSetting("devkit", "line_hop", "on")),
                    "line_hop: on"));
            for (double[] c : CORNERS) {
                BoardSpec corner = BoardEdits.withHeaterPhysics("devkit", c[0], (int) c[1]);
                rows.add(ramp(scenario("devkit-die-ramp-10k-per-s.yaml", corner), String.format(Locale.ROOT,
                        "line_hop: on, crosstalk %.2f, heater tau %.0f us", c[0], c[1])));
            }
            rows.add(dieFeedForward());
            rows.add(dieRampLineHop());
        }
        if (groups.contains("laser")) {
            rows.add(laser());
        }
        if (groups.contains("arbitration")) {
            for (int n : List.of(8, 16)) {
                rows.add(arbitration(n));
            }
            rows.addAll(powerRows);
        }
        return rows;
    }

    /**
     * Issue 5's tracking corners beside the shipped devkit (crosstalk 0.10, tau 20 us): neighbour
     * crosstalk 10-20 %, heater time constants 4-100 us, each {neighbour coupling, tau in us}.
     */
    private static final double[][] CORNERS = {{0.10, 4}, {0.10, 100}, {0.20, 4}, {0.20, 100}};

    private ScenarioReport scenario(String file) {
        return scenario(file, null);
    }

    /** Runs scenario {@code file} on {@code board} (null: the board the scenario names). */
    private ScenarioReport scenario(String file, BoardSpec board) {
        Path p = scenarios.resolve(file);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("scenario file " + p + " not found (run from the repository root, or give --scenarios)");
        }
        progress.accept("scenario " + file + (board == null ? "" : " on " + board.name()));
        Scenario sc = Scenario.load(p);
        return ScenarioRunner.run(sc, board == null ? BoardFile.load(sc.board()) : board);
    }

    /** Power-on to every ring with a line locked (first lock of the last ring, 1 ms resolution). */
    private static Row coldStart(ScenarioReport r, double targetMs) {
        long last = -1;
        int locked = 0;
        for (ScenarioReport.RingStats s : r.rings()) {
            if (s.finalState == RingLockState.LOCKED) {
                last = Math.max(last, s.firstLockNs);
                locked++;
            }
        }
        double ms = last / 1e6;
        return new Row("cold start: power-on to every ring with a line locked", r.board().name(),
                String.format(Locale.ROOT, "%.0f ms (%d/%d rings)", ms, locked, r.rings().size()), "-",
                String.format(Locale.ROOT, "<= %.0f ms", targetMs), last >= 0 && ms <= targetMs);
    }

    /**
     * Beside the cold start, the starts after a first calibration (no target of their own; the cold
     * start's given for comparison): a firmware restart on the running board, and a power-on of the same board.
     */
    private Row startWithCalibration(String board, double coldTargetMs) {
        progress.accept("starts with a stored calibration (" + board + ")");
        StartWithCalibration.Result r = StartWithCalibration.run(BoardFile.load(board), 3_000 * MS);
        return new Row("start with a stored calibration: every ring with a line locked", board,
                String.format(Locale.ROOT, "firmware restart, lasers lit: %.1f ms; power-on, same modules: %.1f ms (%d rings)",
                        r.firmwareRestartMs(), r.powerOnMs(), r.ringsWithALine()),
                "cold start above (nothing stored)",
                String.format(Locale.ROOT, "- (the cold start's: <= %.0f ms)", coldTargetMs), null);
    }

    /**
     * Steady state: from when every ring with a line is locked and the start-up coupling measurement
     * (which holds each aggressor linewidth/16 off its line on purpose) is done; the whole run's figure,
     * those transients included, beside it.
     */
    private static Row precision(ScenarioReport r) {
        double rms = r.steadyRmsPm();
        return new Row("precision: steady-state RMS detuning (worst)", r.board().name(),
                String.format(Locale.ROOT, "%.2f pm (worst %.1f pm) from %.2f s, steady state", rms, r.steadyWorstOfLockedPm(),
                        r.steadyFromNs() / 1e9),
                String.format(Locale.ROOT, "the whole run from each ring's lock, start-up coupling measurement included: %.2f pm "
                        + "(worst %.1f pm)", r.rmsErrorPm(), r.worstErrorOfLockedPm()),
                "<= 1 pm RMS", rms <= 1.0);
    }

    /**
     * A line hop's own sample (the ring between its old line and the next, for the heater's time
     * constant) is counted in the worst, and the worst without those samples is given beside it.
     */
    private static Row ramp(ScenarioReport r, String setting) {
        double worst = r.worstErrorOfLockedPm();
        long losses = r.totalLosses();
        String hops = r.totalHops() == 0 ? "" : String.format(Locale.ROOT, " (%.1f pm outside the %d line hops' own samples)",
                r.worstOutsideHopsOfLockedPm(), r.totalHops());
        return new Row("tracking: die ramp 10 K/s over 40 K (losses, worst)", "devkit, " + setting,
                String.format(Locale.ROOT, "%d losses (%d with the line out of the heater's range), worst %.1f pm%s", losses,
                        r.lossesOutOfRange(), worst, hops), "-",
                String.format(Locale.ROOT, "0 losses, worst <= linewidth/10 (%.0f pm)", r.fwhmPm() / 10),
                losses == 0 && worst <= r.fwhmPm() / 10);
    }

    private static final String RAMP_MEASURE = "tracking: die ramp 10 K/s over 20 K (mean lag; median, 90th pct, worst ring; "
            + "losses, of which the line was out of the heater's range)";

    private Row dieFeedForward() {
        progress.accept("die ramp with and without the die feed-forward (ref-51t2, two boards)");
        DieRampComparison.Result r = DieRampComparison.run(BoardFile.load("ref-51t2"), 3_500 * MS, 2_000 * MS, 20.0);
        DieRampComparison.Figures w = r.with();
        DieRampComparison.Figures o = r.without();
        return new Row(RAMP_MEASURE, "ref-51t2", rampFigure(w), "without die feed-forward: " + rampFigure(o),
                rampTarget(r.fwhmPm()), w.losses() == 0 && w.worstPm() <= r.fwhmPm() / 10);
    }

    /** The same ramp with {@code line_hop: on} on every engine (docs/control.md, Line hop), die feed-forward on. */
    private Row dieRampLineHop() {
        progress.accept("die ramp with line_hop: on (ref-51t2)");
        BoardSpec spec = BoardEdits.withEngineSetting("ref-51t2", "line_hop", "on");
        DieRampComparison.Result r = DieRampComparison.runWith(spec, 3_500 * MS, 2_000 * MS, 20.0);
        DieRampComparison.Figures w = r.with();
        String hops = String.format(Locale.ROOT, "; outside the hops' own samples: worst %.1f pm, %d rings past linewidth/10; "
                + "%d rings with a line not locked at the end", w.worstOutsideHopsPm(), w.beyondTenthOutsideHops(), w.unlockedAtEnd());
        return new Row(RAMP_MEASURE, "ref-51t2, line_hop: on", rampFigure(w) + hops, "-", rampTarget(r.fwhmPm()),
                w.losses() == 0 && w.worstPm() <= r.fwhmPm() / 10);
    }

    /**
     * Losses split by ground truth: "out of range" ones had their line need a heater power outside
     * [0, limit] during the ramp (no controller holds a ring there on that line); the rest were the
     * controller's. Rings locked on a line not their own are counted apart (their error is measured from
     * the line they sit on).
     */
    private static String rampFigure(DieRampComparison.Figures f) {
        return String.format(Locale.ROOT, "%.2f pm; %.1f / %.1f / %.1f pm; %d losses (%d with the line out of the heater's range, "
                        + "%d the controller's); %d rings past linewidth/10; %d on another ring's line",
                f.meanLagPm(), f.medianPm(), f.p90Pm(), f.worstPm(), f.losses(), f.unavoidable(), f.avoidable(), f.beyondTenth(),
                f.onAnotherLine());
    }

    private static String rampTarget(double fwhmPm) {
        return String.format(Locale.ROOT, "0 losses, every ring <= linewidth/10 (%.0f pm)", fwhmPm / 10);
    }

    private Row laser() {
        progress.accept("laser ageing under the firmware's power loop and open loop (devkit, two boards)");
        LaserAgeingBench.Result r = LaserAgeingBench.run(3_000 * MS, 40, 250 * MS);
        boolean met = r.worstDb() <= LaserAgeingBench.SPEC_DB && !Double.isNaN(r.warnedAtAge())
                && (Double.isNaN(r.leftSpecAtAge()) || r.warnedAtAge() < r.leftSpecAtAge());
        return new Row("laser power through ageing to +20 % current (worst error; ageing warning)", "devkit, ELS in ACC",
                String.format(Locale.ROOT, "%.3f dB; AGEING at age %.2f; left spec: %s", r.worstDb(), r.warnedAtAge(),
                        Double.isNaN(r.leftSpecAtAge()) ? "never" : String.format(Locale.ROOT, "at age %.2f", r.leftSpecAtAge())),
                String.format(Locale.ROOT, "bias held at beginning of life (open loop): %.2f dB; left spec at age %s", r.openLoopWorstDb(),
                        Double.isNaN(r.openLoopLeftSpecAtAge()) ? "never" : String.format(Locale.ROOT, "%.2f", r.openLoopLeftSpecAtAge())),
                "within +-0.2 dB; warning before leaving spec", met);
    }

    private Row arbitration(int rings) {
        progress.accept("arbitration Monte Carlo, " + rings + " rings, " + arbitrationTrials + " trials");
        ArbitrationMonteCarlo.Result r = ArbitrationMonteCarlo.run(ArbitrationModel.Config.forRings(rings), arbitrationTrials,
                arbitrationSeed, List.of(ArbitrationMonteCarlo.FIRMWARE, ArbitrationMonteCarlo.LOCK_TO_NEAREST));
        double fw = perMille(r.tallies.get(0).anyFailureSolvable, r.orderedSolvable);
        double ref = perMille(r.tallies.get(1).anyFailureSolvable, r.orderedSolvable);
        powerRows.add(heaterPower(r, rings));
        return new Row("arbitration: failures per 1,000 engines where a solution exists (" + arbitrationTrials + " drawn)",
                rings + " rings per waveguide",
                String.format(Locale.ROOT, "%.2f", fw), String.format(Locale.ROOT, "lock-to-nearest: %.1f", ref), "<= 1", fw <= 1.0);
    }

    /** The firmware's total heater power over the oracle's least, on the Monte Carlo's engines where its assignment is complete. */
    private static Row heaterPower(ArbitrationMonteCarlo.Result r, int rings) {
        ArbitrationMonteCarlo.PowerRatio a = r.tallies.get(0).ratioToCheapest;
        ArbitrationMonteCarlo.PowerRatio b = r.tallies.get(0).ratioToBandCheapest;
        // Beside it, the same where the assignment keeps every ring inside the headroom band the tracking
        // targets need: over the least an oracle keeping that band would use (the gap to 1.05 is the band's).
        return new Row("heater power over an oracle's least (mean, worst; per 1,000 above 1.05)", rings + " rings per waveguide",
                String.format(Locale.ROOT, "%.3f, %.2f; %.0f per 1,000 (%d engines compared)", a.mean(), a.worst,
                        1000.0 * a.above105 / a.n, a.n),
                String.format(Locale.ROOT, "oracle: 1 by definition; where every ring is kept inside the headroom band, over "
                        + "an oracle keeping the band: %.3f, %.2f; %.0f per 1,000 (%d engines)", b.mean(), b.worst,
                        b.n == 0 ? Double.NaN : 1000.0 * b.above105 / b.n, b.n),
                "<= 1.05", a.worst <= 1.05);
    }

    private static double perMille(long count, long of) {
        return of == 0 ? Double.NaN : 1000.0 * count / of;
    }

    /** The rows as a Markdown table. */
    public static String table(List<Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append("| measure | board | Lightkeeper | reference, same run | target | met |\n|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            b.append("| ").append(r.measure()).append(" | ").append(r.board()).append(" | ").append(r.figure()).append(" | ")
                    .append(r.reference()).append(" | ").append(r.target()).append(" | ")
                    .append(r.met() == null ? "-" : r.met() ? "yes" : "**no**").append(" |\n");
        }
        return b.toString();
    }
}
