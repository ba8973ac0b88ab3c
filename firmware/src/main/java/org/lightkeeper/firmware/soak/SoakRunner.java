package org.lightkeeper.firmware.soak;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.lightkeeper.firmware.persist.Calibration;
import org.lightkeeper.firmware.persist.Configuration;
import org.lightkeeper.firmware.persist.Documents;
import org.lightkeeper.firmware.persist.LoadResult;
import org.lightkeeper.firmware.persist.StateStore;
import org.lightkeeper.firmware.soak.SoakEvent.Kind;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;

/**
 * Runs a {@link SoakPlan} against the full firmware on the simulated board, on virtual time: applies
 * its faults when due, kills and restarts the firmware (a new process on the same board, clock and
 * state directory; the old one is abandoned, not shut down), samples ground truth every
 * {@link SoakOptions#sampleNs}, and judges the checks of docs/soak.md at the end.
 */
public final class SoakRunner {
    /** Answers are judged on the published snapshot, which the firmware refreshes at this period. */
    static final long ANSWER_PERIOD_NS = org.lightkeeper.firmware.Firmware.TELEMETRY_PERIOD_NS;
    /** A lane whose module output is within this of the operator's setpoint holds it (APC accuracy). */
    static final double SETPOINT_TOLERANCE_MW = 0.5;

    private final BoardSpec spec;
    private final SoakPlan plan;
    private final Path stateDir;
    private final VirtualClock clock = new VirtualClock();
    private final SimBoard sim;
    private final SoakInjector truth;
    private final LightWatch lights;
    private final RingWatch rings;
    private final FaultAnswers answers;
    private final List<Restarting> restarts = new ArrayList<>();
    private FirmwareProcess process;
    private CompletableFuture<Long> settingsTaken;
    private String settingsRefused;

    /** A restart being watched: lanes lit at the kill, and which of them changed in the following gap. */
    private static final class Restarting {
        final long atNs;
        final String calibrationLoad;
        final boolean[][] litAtKill;
        final boolean[][] toggled;
        long relockNs = -1;

        Restarting(long atNs, String calibrationLoad, boolean[][] litAtKill) {
            this.atNs = atNs;
            this.calibrationLoad = calibrationLoad;
            this.litAtKill = litAtKill;
            this.toggled = new boolean[litAtKill.length][8];
        }
    }

    private SoakRunner(BoardSpec spec, SoakPlan plan, Path stateDir) {
        this.spec = spec;
        this.plan = plan;
        this.stateDir = stateDir;
        this.sim = SimBoard.build(spec, clock, plan.options().seed());
        this.truth = new SoakInjector(sim);
        this.lights = new LightWatch(spec, truth, plan.settings(), spec.control().elsPeriodNs(), plan.options().sampleNs());
        this.rings = new RingWatch(spec, truth, plan.settings(), sim.truth().get(0).fwhmPm());
        this.answers = new FaultAnswers(rings);
    }

    public static SoakReport run(BoardSpec spec, SoakPlan plan, Path stateDir) throws IOException {
        return new SoakRunner(spec, plan, stateDir).run();
    }

    private SoakReport run() throws IOException {
        long wallStart = System.nanoTime();
        start();
        long sample = plan.options().sampleNs();
        long end = plan.options().durationNs();
        List<SoakEvent> events = plan.events();
        int next = 0;
        long firstOther = events.stream().filter(e -> e.kind() != Kind.NAK_RATE).mapToLong(SoakEvent::atNs).min()
                .orElse(end);
        for (long t = sample; t <= end; t += sample) {
            while (next < events.size() && events.get(next).atNs() < t) {
                SoakEvent e = events.get(next++);
                process.runUntil(e.atNs(), clock);
                if (e.kind() == Kind.RESTART) {
                    restart();
                } else {
                    truth.apply(e);
                }
                answers.injected(e, next < events.size() ? events.get(next).atNs() : end, firstOther, end);
            }
            if (settingsTaken == null && t >= plan.setupNs() / 2) {
                settingsTaken = plan.settings().apply(process.fw, process.alarms());
            }
            process.runUntil(t, clock);
            noteSettings();
            lights.sample(t, process);
            rings.sample(t, process, sim.truth(), sample);
            watchRestarts(t);
            if (t % ANSWER_PERIOD_NS == 0) {
                answers.check(t, process);
            }
        }
        answers.finish(end);
        return report(System.nanoTime() - wallStart);
    }

    private void start() throws IOException {
        process = FirmwareProcess.start(spec, sim, clock, stateDir, f -> answers.flagChanged(clock.nanos(), f));
        rings.processStarted(clock.nanos());
    }

    /**
     * kill -9: the running process is dropped where it stands (no stop, no flush; a state write its
     * writer thread has in hand finishes or not on its own), and a new one starts as Main would.
     */
    private void restart() throws IOException {
        boolean[][] lit = litNow();
        LoadResult<Calibration> cal = StateStore.open(stateDir).load(Documents.CALIBRATION);
        if (settingsTaken != null && !settingsTaken.isDone()) {
            settingsRefused = "the process was killed before it took the settings";
        }
        start();
        restarts.add(new Restarting(clock.nanos(), cal.summary(), lit));
    }

    private boolean[][] litNow() {
        List<BoardSpec.ElsSlotSpec> slots = spec.elsSlots();
        boolean[][] lit = new boolean[slots.size()][8];
        for (int k = 0; k < slots.size(); k++) {
            for (int lane = 0; lane < 8; lane++) {
                lit[k][lane] = truth.lit(slots.get(k).slot(), lane);
            }
        }
        return lit;
    }

    /** Lanes that changed state within one gap of a restart, from the simulator's truth. */
    private void watchRestarts(long t) {
        if (restarts.isEmpty()) {
            return;
        }
        Restarting r = restarts.get(restarts.size() - 1);
        if (t - r.atNs > plan.gapNs()) {
            return;
        }
        boolean[][] lit = litNow();
        for (int k = 0; k < lit.length; k++) {
            for (int lane = 0; lane < 8; lane++) {
                r.toggled[k][lane] |= lit[k][lane] != r.litAtKill[k][lane];
            }
        }
        if (r.relockNs < 0 && rings.allExpectedLocked(process)) {
            r.relockNs = t - r.atNs;
        }
    }

    private void noteSettings() {
        if (settingsTaken != null && settingsTaken.isDone() && !lightsTold) {
            lightsTold = true;
            try {
                long at = settingsTaken.join();
                lights.operatorSettingsTaken(at);
                rings.operatorSettingsTaken();
            } catch (RuntimeException e) {
                settingsRefused = "the firmware refused the settings: " + e.getMessage();
            }
        }
    }

    private boolean lightsTold;

    // ------------------------------------------------------------------ verdicts

    private SoakReport report(long wallNs) throws IOException {
        StateStore store = StateStore.open(stateDir);
        List<SoakReport.Check> checks = new ArrayList<>();
        checks.add(configuration(store));
        checks.add(calibration(store));
        checks.add(interlock());
        checks.add(ringsLocked());
        checks.add(faultsAnswered());
        List<SoakReport.Restart> rs = new ArrayList<>();
        int toggled = 0;
        for (Restarting r : restarts) {
            int n = 0;
            for (boolean[] row : r.toggled) {
                for (boolean b : row) {
                    n += b ? 1 : 0;
                }
            }
            toggled += n;
            boolean swept = rings.sweepStarts().stream().anyMatch(s -> s > r.atNs && s - r.atNs <= plan.gapNs());
            rs.add(new SoakReport.Restart(r.atNs, r.calibrationLoad, r.relockNs, n, swept));
        }
        SoakReport.Figures f = new SoakReport.Figures(rings.unlocks().size(), rings.unlockedNs() / 1e9, rings.worstPm(),
                rings.worstRing(), rings.worstAtNs(), rings.fwhmPm(), toggled, lights.litForbiddenNs() / 1e6,
                answers.retries(), answers.flags().size(), rings.sweepStarts().size(), byRing());
        return new SoakReport(spec.name(), plan, wallNs, List.copyOf(checks), List.copyOf(answers.answers()),
                List.copyOf(rs), f, lights.episodes());
    }

    private String byRing() {
        StringBuilder b = new StringBuilder();
        for (long[] r : rings.unlockedPerRing()) {
            b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%d: %.1f", r[0], r[1] / 1e9));
        }
        return b.toString();
    }

    private SoakReport.Check configuration(StateStore store) throws IOException {
        List<String> d = new ArrayList<>();
        OperatorSettings s = plan.settings();
        if (settingsRefused != null) {
            d.add(settingsRefused);
        } else if (settingsTaken == null || !settingsTaken.isDone()) {
            d.add("the settings were never taken");
        } else {
            for (String lost : s.lostIn(process.fw, process.alarms())) {
                d.add("not in force at the end: " + lost);
            }
            if (truth.lit(s.slot(), s.setpointLane())
                    && Math.abs(truth.outputMw(s.slot(), s.setpointLane()) - s.setpointMw()) > SETPOINT_TOLERANCE_MW) {
                d.add(String.format(Locale.ROOT, "module emits %.2f mW on lane %d (set %.2f mW)",
                        truth.outputMw(s.slot(), s.setpointLane()), s.setpointLane(), s.setpointMw()));
            }
        }
        LoadResult<Configuration> doc = store.load(Documents.CONFIG);
        if (doc.status() != LoadResult.Status.LOADED) {
            d.add("stored configuration: " + doc.summary());
        } else {
            for (String m : s.missingFrom(doc.value())) {
                d.add("stored configuration lacks " + m);
            }
        }
        return new SoakReport.Check("zero lost configuration", d.isEmpty(), d);
    }

    private SoakReport.Check calibration(StateStore store) throws IOException {
        List<String> d = new ArrayList<>();
        LoadResult<Calibration> cal = store.load(Documents.CALIBRATION);
        if (cal.status() != LoadResult.Status.LOADED) {
            d.add("stored calibration: " + cal.summary());
        } else {
            for (BoardSpec.EngineSpec e : spec.engines()) {
                if (cal.value().engine(e.engine()).isEmpty()) {
                    d.add("stored calibration has no engine " + e.engine());
                }
            }
            for (BoardSpec.ElsSlotSpec slot : spec.elsSlots()) {
                String serial = truth.serial(slot.slot());
                var els = cal.value().els(slot.slot());
                if (serial != null && (els.isEmpty() || !els.get().serial().trim().equals(serial.trim()))) {
                    d.add("stored calibration of slot " + slot.slot() + " is for "
                            + els.map(x -> "serial " + x.serial()).orElse("no module") + ", the module there is " + serial);
                }
            }
        }
        for (Restarting r : restarts) {
            if (!r.calibrationLoad.startsWith(Documents.CALIBRATION.name() + ": loaded")) {
                d.add(String.format(Locale.ROOT, "restart at %.3f s found %s", r.atNs / 1e9, r.calibrationLoad));
            }
            if (rings.sweepStarts().stream().anyMatch(s -> s > r.atNs && s - r.atNs <= plan.gapNs())) {
                d.add(String.format(Locale.ROOT, "restart at %.3f s swept the rings again (calibration not used)",
                        r.atNs / 1e9));
            }
        }
        return new SoakReport.Check("zero lost calibration", d.isEmpty(), d);
    }

    private SoakReport.Check interlock() {
        List<String> d = new ArrayList<>();
        List<LightWatch.Episode> eps = lights.episodes();
        if (!eps.isEmpty()) {
            d.add(String.format(Locale.ROOT, "%d episodes, %.1f ms of lane time lit past the %.1f ms deadline; first: %s",
                    eps.size(), lights.litForbiddenNs() / 1e6, lights.deadlineNs() / 1e6, eps.get(0).describe()));
        }
        return new SoakReport.Check("zero lanes lit outside the interlock (ground truth)", d.isEmpty(), d);
    }

    private SoakReport.Check ringsLocked() {
        List<String> d = new ArrayList<>(rings.notLocked(process));
        return new SoakReport.Check(String.format(Locale.ROOT, "every ring locked at the end (%.0f s quiet before it; rings "
                + "on lanes dark by design excused)", plan.settleNs() / 1e9), d.isEmpty(), d);
    }

    private SoakReport.Check faultsAnswered() {
        List<String> d = new ArrayList<>();
        for (FaultAnswers.Answer a : answers.answers()) {
            if (!a.passed()) {
                d.add(String.format(Locale.ROOT, "%.3f s %s: wanted %s; %s", a.event.atNs() / 1e9, a.event.describe(),
                        a.expected, a.verdict()));
            }
        }
        return new SoakReport.Check("each fault answered", d.isEmpty(), d);
    }
}
