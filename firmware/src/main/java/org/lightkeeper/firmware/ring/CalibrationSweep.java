package org.lightkeeper.firmware.ring;

import java.util.Arrays;

/**
 * The lane-gated calibration sweep of one engine (DESIGN.md section 3, SWEEP): for each laser lane
 * in turn the ELS lights that lane alone and every ring of the waveguide ramps its heater over its
 * whole range in lockstep. With one line lit a peak names its line without ambiguity, so each ring
 * learns the heater power at which it meets each line (or that it meets none). Waveguides fed
 * straight from an ELS are stage 0; a loopback waveguide is swept one stage after its source, with
 * its source's rings parked between lines so they shadow nothing. Allocation-free per step.
 */
final class CalibrationSweep {
    /** Heater step of the calibration sweep (~60 pm at 0.25 nm/mW: 4 samples per 0.25 nm linewidth; the fine sweep refines). */
    static final double STEP_MW = 0.25;
    /** Wait this long for the ELS to light a lane before starting over. */
    static final long GATE_TIMEOUT_NS = 1_000_000_000L;

    /** What a sweep step came to. */
    enum Progress { SWEEPING, DONE, GATE_TIMED_OUT }

    private final EngineRings r;
    /** Per ring and lane: heater power at the recorded peak (NaN: no line met). */
    private final double[][] peakMw;
    private final double[][] trace;             // [ring][step]
    private final double[][] divided;           // [ring][step]: trace with the upstream rings' light divided out
    final int steps;
    private int stage;
    private int lane;
    private int step;
    private boolean gating;
    private long gateSince;

    CalibrationSweep(EngineRings rings) {
        this.r = rings;
        this.peakMw = new double[r.rings][ElsLanes.LANES];
        this.steps = stepsOver(r.heaters.ringMaxMw());
        this.trace = new double[r.rings][steps];
        this.divided = new double[r.rings][steps];
    }

    /** Points of a sweep over a heater's whole range, 0 to {@code maxMw}, at {@link #STEP_MW}. */
    static int stepsOver(double maxMw) {
        return (int) Math.floor(maxMw / STEP_MW) + 1;
    }

    /** Starts over from the first lane of stage 0, every heater at 0. */
    void begin(long now) {
        for (int i = 0; i < r.rings; i++) {
            r.state[i] = RingLockState.SWEEP;
            r.why[i] = "calibration sweep";
            Arrays.fill(peakMw[i], Double.NaN);
            r.heaters.set(i, 0);
        }
        stage = 0;
        lane = 0;
        beginGate(now);
    }

    /** Heater power at which ring {@code i} met lane {@code lane}'s line, NaN for none. */
    double peakMw(int i, int lane) {
        return peakMw[i][lane];
    }

    /** Ring {@code i}'s recorded peak powers, indexed by lane (the array itself: read only). */
    double[] peaksMw(int i) {
        return peakMw[i];
    }

    /** One tick: wait for the gate, or record every swept ring's monitor and step its heater. */
    Progress step(long now) {
        if (gating) {
            if (operatorDarkened(lane)) {
                // The operator keeps this lane dark: it cannot be swept, so no ring is given its line.
                forStage(i -> r.why[i] = "calibration sweep (lane " + lane + " kept dark by the operator, skipped)");
                return nextLane(now);
            }
            if (gateOpen()) {
                gating = false;
                step = 0;
            } else if (now - gateSince > GATE_TIMEOUT_NS) {
                forStage(i -> r.why[i] = "ELS did not light lane " + lane + " for the sweep");
                return Progress.GATE_TIMED_OUT;
            }
            return Progress.SWEEPING;
        }
        boolean last = step + 1 == steps;
        for (int w = 0; w < r.rows.length; w++) {
            if (r.stageOf[w] != stage) {
                continue;
            }
            for (int i : r.rows[w]) {
                trace[i][step] = r.pd[i];
                if (!last) {
                    r.heaters.set(i, (step + 1) * STEP_MW);
                }
            }
            if (!last) {
                continue;
            }
            Peak.unshadow(trace, divided, r.rows[w], steps);
            for (int i : r.rows[w]) {
                Peak p = Peak.findUnshadowed(trace[i], divided[i], steps, 0, STEP_MW, EngineLock.FLOOR_MA, Peak.SWEEP_PROMINENCE);
                if (p != null) {
                    peakMw[i][lane] = p.powerMw();
                }
                r.heaters.set(i, 0);
            }
        }
        step++;
        return last ? nextLane(now) : Progress.SWEEPING;
    }

    private void forStage(java.util.function.IntConsumer each) {
        for (int w = 0; w < r.rows.length; w++) {
            if (r.stageOf[w] == stage) {
                for (int i : r.rows[w]) {
                    each.accept(i);
                }
            }
        }
    }

    /** Lights only the lane being swept on every ELS feeding a waveguide of the current stage. */
    private void beginGate(long now) {
        for (int w = 0; w < r.rows.length; w++) {
            if (r.stageOf[w] == stage) {
                r.rowSlot[w].requestLanes(1 << lane);
            }
        }
        gating = true;
        gateSince = now;
    }

    private boolean gateOpen() {
        int want = 1 << lane;
        for (int w = 0; w < r.rows.length; w++) {
            if (r.stageOf[w] == stage && (r.rowSlot[w].onLanes() != want || r.rowSlot[w].enabledLanes() != want)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the operator forbids lane {@code lane} on an ELS feeding the stage being swept. */
    private boolean operatorDarkened(int lane) {
        for (int w = 0; w < r.rows.length; w++) {
            if (r.stageOf[w] == stage && (r.rowSlot[w].operatorLanes() & (1 << lane)) == 0) {
                return true;
            }
        }
        return false;
    }

    private Progress nextLane(long now) {
        lane++;
        if (lane == ElsLanes.LANES) {
            parkBetweenLines(stage);
            lane = 0;
            stage++;
        }
        if (stage <= r.maxStage) {
            beginGate(now);
            return Progress.SWEEPING;
        }
        return Progress.DONE;
    }

    /**
     * After a stage's sweep its rings know where every line is: park each where it is farthest from
     * all of them, so the later stages (fed through these waveguides) sweep lines no cold ring of
     * ours happens to be sitting on and shadowing.
     */
    private void parkBetweenLines(int stage) {
        for (int w = 0; w < r.rows.length; w++) {
            if (r.stageOf[w] != stage) {
                continue;
            }
            for (int i : r.rows[w]) {
                r.heaters.set(i, SweepAnalysis.midwayBetweenLines(peakMw[i]));
            }
        }
    }
}
