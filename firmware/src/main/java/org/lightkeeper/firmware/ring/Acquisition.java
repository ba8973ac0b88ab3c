package org.lightkeeper.firmware.ring;

import java.util.Arrays;

/**
 * Lock acquisition (DESIGN.md section 3, ACQUIRE): per waveguide a queue of rings to acquire, taken
 * one at a time in light order. A fine sweep of the ring's heater around its estimate (a window of
 * {@link #WINDOW_SPACINGS} line spacings either way) finds the exact peak, and the ring's
 * {@link RingTracker} takes over on the peak or the slope. A ring whose sweep finds no line is parked
 * where it was, with the reason, and retried now and then. One ring at a time per waveguide because
 * a ring crossing a line shadows it for every ring downstream. Also runs the operator's diagnostic
 * sweep of one ring over its whole heater range. Allocation-free per step.
 */
final class Acquisition {
    /** Fine-sweep window, as a fraction of the line spacing on either side of the estimate. */
    static final double WINDOW_SPACINGS = 0.45;
    /** A parked ring that has a line tries to acquire it again after this long. */
    static final long RETRY_NS = 2_000_000_000L;

    private final EngineRings r;
    private final int[][] queue;                // per waveguide: rings waiting to acquire, in order
    private final int[] queueLen;
    private final int[] fineRing;               // per waveguide: ring being fine-swept, -1 none
    private final double[] fineStart;
    private final double[] fineStep;
    private final int[] fineSteps;
    private final int[] fineIndex;
    private final double[][] fineTrace;
    /** Points of a diagnostic sweep over the whole heater range, at the calibration sweep's step. */
    private final int fullSteps;
    /** Per waveguide: the ring under a diagnostic sweep (-1 none) and where its points go. */
    private final int[] diagnosticRing;
    private final SweepSink[] diagnosticSink;
    private long locked;

    Acquisition(EngineRings rings) {
        this.r = rings;
        int wgs = r.rows.length;
        this.fullSteps = (int) Math.floor(r.heaters.ringMaxMw() / CalibrationSweep.STEP_MW) + 1;
        this.queue = new int[wgs][];
        for (int w = 0; w < wgs; w++) {
            queue[w] = new int[r.rows[w].length];
        }
        this.queueLen = new int[wgs];
        this.fineRing = new int[wgs];
        Arrays.fill(fineRing, -1);
        this.fineStart = new double[wgs];
        this.fineStep = new double[wgs];
        this.fineSteps = new int[wgs];
        this.fineIndex = new int[wgs];
        this.fineTrace = new double[wgs][fullSteps];
        this.diagnosticRing = new int[wgs];
        Arrays.fill(diagnosticRing, -1);
        this.diagnosticSink = new SweepSink[wgs];
    }

    /** Puts ring {@code i} at the back of its waveguide's queue, in state ACQUIRE. */
    void enqueue(int i) {
        int w = r.rowOf[i];
        r.state[i] = RingLockState.ACQUIRE;
        queue[w][queueLen[w]++] = i;
    }

    /** Empties waveguide {@code w}'s queue (a new assignment or a resume fills it again). */
    void clearQueue(int w) {
        queueLen[w] = 0;
    }

    /** Whether rings of waveguide {@code w} wait to be acquired. */
    boolean waiting(int w) {
        return queueLen[w] > 0;
    }

    /** Neither sweeping a ring nor waiting to: waveguide {@code w}'s light is left alone. */
    boolean quiet(int w) {
        return fineRing[w] < 0 && queueLen[w] == 0;
    }

    /** Rings locked by an acquisition since start (each a calibration worth keeping). */
    long locked() {
        return locked;
    }

    /** Counts a ring locked without a sweep (resumed at a warm restart). */
    void countResumed() {
        locked++;
    }

    /** The light went away: every sweep stops, a diagnostic one is told why. */
    void abortAll() {
        Arrays.fill(fineRing, -1);
        Arrays.fill(queueLen, 0);
        for (int w = 0; w < r.rows.length; w++) {
            if (diagnosticSink[w] != null) {
                diagnosticSink[w].done("interrupted: the light went away");
                diagnosticSink[w] = null;
                diagnosticRing[w] = -1;
            }
        }
    }

    /** Management: re-acquire ring {@code i} around its current operating point. Returns false when refused. */
    boolean requestRelock(int i) {
        if (r.lane[i] < 0 || r.state[i] == RingLockState.ACQUIRE) {
            return false;
        }
        int w = r.rowOf[i];
        if (queueLen[w] >= queue[w].length) {
            return false;
        }
        if (r.state[i] == RingLockState.LOCKED) {
            r.estimateMw[i] = r.trackers[i].basePowerMw();
        }
        r.why[i] = "relock requested";
        enqueue(i);
        return true;
    }

    /** Management: a diagnostic sweep of ring {@code i} ahead of any queued acquisition. Returns false when refused. */
    boolean requestDiagnosticSweep(int i, SweepSink sink) {
        int w = r.rowOf[i];
        if (r.state[i] == RingLockState.ACQUIRE || diagnosticSink[w] != null || queueLen[w] >= queue[w].length) {
            return false;
        }
        if (r.state[i] == RingLockState.LOCKED) {
            r.estimateMw[i] = r.trackers[i].basePowerMw();
        }
        diagnosticRing[w] = i;
        diagnosticSink[w] = sink;
        r.state[i] = RingLockState.SWEEP;
        r.why[i] = "diagnostic sweep requested";
        System.arraycopy(queue[w], 0, queue[w], 1, queueLen[w]);
        queue[w][0] = i;
        queueLen[w]++;
        return true;
    }

    /** One tick of waveguide {@code w}: start the next queued ring, or take one more point of the current one. */
    void step(int w, long now) {
        int i = fineRing[w];
        if (i < 0) {
            start(w, now);
            return;
        }
        fineTrace[w][fineIndex[w]] = r.pd[i];
        if (diagnosticRing[w] == i) {
            diagnosticSink[w].point(fineStart[w] + fineIndex[w] * fineStep[w], r.pd[i]);
        }
        fineIndex[w]++;
        if (fineIndex[w] < fineSteps[w]) {
            r.heaters.set(i, fineStart[w] + fineIndex[w] * fineStep[w]);
            return;
        }
        fineRing[w] = -1;
        if (diagnosticRing[w] == i) {
            finishDiagnostic(w, i);
            return;
        }
        Peak p = Peak.find(fineTrace[w], fineSteps[w], fineStart[w], fineStep[w], EngineLock.FLOOR_MA, Peak.FINE_PROMINENCE);
        if (p == null || Double.isNaN(p.fwhmMw())) {
            park(w, i, now);
            return;
        }
        double cmd = r.locksOnSlope(i)
                ? r.trackers[i].lockSlope(p.powerMw(), p.heightMa(), p.fwhmMw() / 2, r.lockFractions[i], r.nmPerMwSelf(i))
                : r.trackers[i].lockPeak(p.powerMw(), p.heightMa(), p.fwhmMw() / 2, r.nmPerMwSelf(i));
        r.heaters.set(i, cmd);
        r.acquiredMw[i] = r.trackers[i].basePowerMw();
        r.state[i] = RingLockState.LOCKED;
        r.darkLane[i] = false;
        r.why[i] = "locked on lane " + r.lane[i];
        locked++;
    }

    private void start(int w, long now) {
        for (int k : r.rows[w]) {
            // A parked ring with a line tries again now and then: the die may have come back into range.
            if (r.state[k] == RingLockState.FAILED && r.lane[k] >= 0 && now - r.failedAt[k] > RETRY_NS
                    && queueLen[w] < queue[w].length) {
                r.failedAt[k] = now;
                if (r.acquiredMw[k] > 0) {
                    // Search where the ring last locked, not where tracking gave up (it may have railed).
                    r.estimateMw[k] = r.acquiredMw[k];
                }
                enqueue(k);
            }
        }
        if (queueLen[w] == 0) {
            return;
        }
        int i = queue[w][0];
        System.arraycopy(queue[w], 1, queue[w], 0, --queueLen[w]);
        var ghz = r.rowSlot[w].identity().laneFrequencyGhz();
        double spacingNm = ElsLanes.meanSpacingNm(ghz, ElsLanes.byWavelength(ghz));
        double halfWindow = WINDOW_SPACINGS * spacingNm / r.nmPerMwSelf(i);
        fineRing[w] = i;
        fineStep[w] = Math.max(0.02, halfWindow / 20);
        fineStart[w] = Math.max(0, r.estimateMw[i] - halfWindow);
        fineSteps[w] = Math.min(fineTrace[w].length, (int) Math.ceil(2 * halfWindow / fineStep[w]) + 1);
        if (diagnosticRing[w] == i) {
            // The whole heater range at the calibration sweep's step.
            fineStart[w] = 0;
            fineStep[w] = CalibrationSweep.STEP_MW;
            fineSteps[w] = fullSteps;
        }
        fineIndex[w] = 0;
        r.heaters.set(i, fineStart[w]);
        r.state[i] = diagnosticRing[w] == i ? RingLockState.SWEEP : RingLockState.ACQUIRE;
    }

    /** Done: hand the ring back to a normal acquisition around where it was locked. */
    private void finishDiagnostic(int w, int i) {
        SweepSink sink = diagnosticSink[w];
        diagnosticRing[w] = -1;
        diagnosticSink[w] = null;
        r.heaters.set(i, r.estimateMw[i]);
        if (r.lane[i] >= 0) {
            r.why[i] = "reacquiring lane " + r.lane[i] + " after a diagnostic sweep";
            enqueue(i);
        } else {
            r.state[i] = RingLockState.FAILED;
        }
        sink.done("swept " + fineSteps[w] + " points; ring " + (r.lane[i] >= 0 ? "reacquiring lane " + r.lane[i] : "has no line"));
    }

    /**
     * No line in the window: parked where it was. Moving a parked ring's heater far would sweep its
     * resonance across other rings' lines and shadow them downstream; held, it disturbs nobody.
     */
    private void park(int w, int i, long now) {
        r.state[i] = RingLockState.FAILED;
        r.heaters.set(i, r.estimateMw[i]);
        double laneMw = r.rowSlot[w].powerMw(r.lane[i]);
        r.failedAt[i] = now;
        double windowEnd = fineStart[w] + (fineSteps[w] - 1) * fineStep[w];
        boolean clipped = windowEnd > r.heaters.ringMaxMw() || r.estimateMw[i] - (windowEnd - fineStart[w]) / 2 < 0;
        r.why[i] = laneMw < EngineLock.LANE_DARK_MW
                ? String.format("no light on lane %d: the ELS reports %.2f mW; parked", r.lane[i], laneMw)
                : clipped
                // The search ran into the end of the heater range: the die has moved the line out of reach.
                ? String.format("line out of the heater's range (search clipped at %s); parked",
                        windowEnd > r.heaters.ringMaxMw() ? String.format("%.1f mW", r.heaters.ringMaxMw()) : "0 mW")
                : SweepAnalysis.diagnose(fineTrace[w], fineSteps[w], r.estimateMw[i]);
    }
}
