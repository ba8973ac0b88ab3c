package org.lightkeeper.firmware.ring;

import java.util.Arrays;

/**
 * Lock acquisition (DESIGN.md section 3, ACQUIRE): per waveguide a queue of rings to acquire. A fine
 * sweep of each ring's heater around its estimate (a window of {@link #WINDOW_SPACINGS} line spacings
 * either way) finds the exact peak, and the ring's {@link RingTracker} takes over on the peak or the
 * slope. A ring whose sweep finds no line is parked where it was, with the reason, and retried now
 * and then.
 *
 * <p>The rings of a waveguide sweep together, except rings whose lines are next to each other in
 * wavelength: each window holds only the ring's own line (the arbiter gave every ring a different
 * one), so a ring crossing its line shadows no line another ring is sweeping across, and the lines
 * next to it, whose tails reach into the window, are left still. What one ring's heater does to its neighbours through the thermal coupling
 * (a tenth of its window) is taken out by their trackers once they lock. A ring whose sweep found no
 * line while others swept beside it is swept again alone before it is parked, so the diagnosis of
 * why (an open heater, a dark lane) reads its own response only. A diagnostic sweep, over the whole
 * heater range and so across every line, runs alone too. Allocation-free per step.
 *
 * <p>A ring that keeps missing its line (DESIGN.md section 3, "SWEEP after repeated loss": parked,
 * or lost again soon after locking, {@link #SEARCH_AFTER_MISSES} times running) was sent to the wrong
 * place: the arbiter's estimate was off by more than the window, or its window held a neighbour's line
 * and it locked there until that line's own ring took it. It then sweeps alone over its whole heater
 * range and {@link LineSearch} tells its line from the others by the comb's pattern; the fine
 * acquisition starts again where that puts it.
 */
final class Acquisition {
    /** Fine-sweep window, as a fraction of the line spacing on either side of the estimate. */
    static final double WINDOW_SPACINGS = 0.45;
    /** A parked ring that has a line tries to acquire it again after this long. */
    static final long RETRY_NS = 2_000_000_000L;
    /** Misses in a row (parked, or lost within {@link #HOLD_NS} of locking) before a ring searches its whole range. */
    static final int SEARCH_AFTER_MISSES = 2;
    /**
     * Fine sweeps in a row whose window the heater's end cut short and that found no line before they count
     * as missing it: one says the die took the line out of range, but a ring that keeps retrying a cut
     * window (6 s at the 2 s retry) may be looking in the wrong place for a line in range (review of stop
     * 13: a ring relocked at a wrong estimate retried at 19.5 mW for good, its line back at 16.5 mW). The
     * search then finds it by the comb's pattern, or says the line is out of range.
     */
    static final int CUT_RUNS_TO_MISS = 3;
    /**
     * A loss this soon after locking counts as a miss: the ring was not on a line it can hold (in the
     * seed-3 soak, a neighbour's line, lost 0.1 s later when that line's own ring locked and dropped it).
     * Held longer, a loss is the die or a fault, and starts the count afresh.
     */
    static final long HOLD_NS = 1_000_000_000L;
    /**
     * A ring searches at most this often: each search crosses every line on its waveguide, a brief
     * dip for the rings downstream; a line the die has pushed out of range is not found by searching
     * every retry, and the parked ring's retries near its last lock find it when the die comes back.
     */
    static final long SEARCH_INTERVAL_NS = 60_000_000_000L;
    /**
     * A fine sweep's peak under this share of the ring's own line (as tall as at its last lock, for the
     * lane's power now) is a residue, not a line: a filter upstream holding that line leaves about 13 %
     * of it (docs/soak.md, seed 3); a modulator upstream held at its lock fraction f (0.5-0.6) passes
     * at least 1 - f of its own ring's line, so a line seen through one stays above 40 %.
     */
    static final double RESIDUE_SHARE = 0.3;

    private final EngineRings r;
    private final int[][] queue;                // per waveguide: rings waiting to acquire, in order
    private final int[] queueLen;
    private final int[] sweeping;               // per waveguide: rings being fine-swept now
    private final boolean[] fine;               // per ring: being fine-swept
    private final boolean[] crowded;            // per ring: another ring of its waveguide swept during its sweep
    private final boolean[] alone;              // per ring: its next sweep runs with no other on its waveguide
    private final boolean[] afterNeighbours;    // per ring: its sweep waits until its neighbours are no longer acquiring
    private final int[] aloneRing;              // per waveguide: the ring sweeping alone, -1 none
    private final double[] fineStart;
    private final double[] fineStep;
    /** Per ring: its present fine-sweep window was cut at an end of the heater's range. */
    /** Per ring: which heater end cut its fine-sweep window short (-1: 0 mW, +1: the limit, 0: neither, or both). */
    private final int[] cutEnd;
    private final int[] fineSteps;
    private final int[] fineIndex;
    private final double[][] fineTrace;
    /** Per ring: its neighbours along the waveguide (-1 none) and their heater power when its sweep began. */
    private final int[] left;
    private final int[] right;
    private final double[] leftFromMw;
    private final double[] rightFromMw;
    /** Points of a diagnostic sweep over the whole heater range, at the calibration sweep's step. */
    private final int fullSteps;
    /** Per waveguide: the ring under a diagnostic sweep (-1 none) and where its points go. */
    private final int[] diagnosticRing;
    private final SweepSink[] diagnosticSink;
    /** Per ring: misses in a row, whether its next sweep is a search, when it last locked and searched. */
    private final int[] misses;
    /** Per ring: fine sweeps in a row cut short by the heater's end that found no line ({@link #CUT_RUNS_TO_MISS}). */
    private final int[] cutRuns;
    private final boolean[] search;
    private final long[] lockedAt;
    private final long[] searchedAt;
    private final LineHop comb;
    private long locked;
    private long searches;

    /** @param comb where each waveguide's comb and the rings' period (FSR) are kept */
    Acquisition(EngineRings rings, LineHop comb) {
        this.r = rings;
        this.comb = comb;
        int wgs = r.rows.length;
        this.fullSteps = CalibrationSweep.stepsOver(r.heaters.ringMaxMw());
        this.queue = new int[wgs][];
        for (int w = 0; w < wgs; w++) {
            queue[w] = new int[r.rows[w].length];
        }
        this.queueLen = new int[wgs];
        this.sweeping = new int[wgs];
        this.fine = new boolean[r.rings];
        this.crowded = new boolean[r.rings];
        this.alone = new boolean[r.rings];
        this.afterNeighbours = new boolean[r.rings];
        this.aloneRing = new int[wgs];
        Arrays.fill(aloneRing, -1);
        this.fineStart = new double[r.rings];
        this.fineStep = new double[r.rings];
        this.cutEnd = new int[r.rings];
        this.fineSteps = new int[r.rings];
        this.fineIndex = new int[r.rings];
        this.fineTrace = new double[r.rings][fullSteps];
        this.left = new int[r.rings];
        this.right = new int[r.rings];
        for (int[] row : r.rows) {
            for (int j = 0; j < row.length; j++) {
                left[row[j]] = j > 0 ? row[j - 1] : -1;
                right[row[j]] = j + 1 < row.length ? row[j + 1] : -1;
            }
        }
        this.leftFromMw = new double[r.rings];
        this.rightFromMw = new double[r.rings];
        this.diagnosticRing = new int[wgs];
        Arrays.fill(diagnosticRing, -1);
        this.diagnosticSink = new SweepSink[wgs];
        this.misses = new int[r.rings];
        this.cutRuns = new int[r.rings];
        this.search = new boolean[r.rings];
        this.lockedAt = new long[r.rings];
        this.searchedAt = new long[r.rings];
        Arrays.fill(searchedAt, Long.MIN_VALUE / 2);
    }

    /** Puts ring {@code i} at the back of its waveguide's queue, in state ACQUIRE. */
    void enqueue(int i) {
        int w = r.rowOf[i];
        r.state[i] = RingLockState.ACQUIRE;
        alone[i] |= search[i];
        queue[w][queueLen[w]++] = i;
    }

    /**
     * Ring {@code i}, queued, sweeps only once neither neighbour along its waveguide is still queued or
     * sweeping (a neighbour itself waiting so is not waited for): a ring locked near a heater end before
     * its neighbours sweep is run into the end by their windows fed forward (EngineLock#enqueueAfterNeighbours).
     */
    void afterNeighbours(int i) {
        afterNeighbours[i] = true;
    }

    private boolean neighbourAcquiring(int i) {
        return acquiring(left[i]) || acquiring(right[i]);
    }

    private boolean acquiring(int j) {
        return j >= 0 && !afterNeighbours[j] && (r.state[j] == RingLockState.ACQUIRE || r.state[j] == RingLockState.SWEEP);
    }

    /**
     * Ring {@code i}'s tracker lost its line (or, {@code railed}, ran its heater to an end: the die took
     * the line out of range, no miss): a miss if it had only just locked; acquired again.
     */
    void lost(int i, long now, boolean railed) {
        if (!railed && !laneDark(i)) {
            misses[i] = now - lockedAt[i] < HOLD_NS ? misses[i] + 1 : 1;
            searchIfMissing(i, now);
        }
        enqueue(i);
    }

    /** When ring {@code i}'s last whole-range search ended (a very negative number: never). */
    long searchedAt(int i) {
        return searchedAt[i];
    }

    /** Whole-range searches run since start (each one a ring that kept missing its line). */
    long searches() {
        return searches;
    }

    /** A dark lane is no miss: there is no line to find until its light is back. */
    private boolean laneDark(int i) {
        return r.rowSlot[r.rowOf[i]].powerMw(r.lane[i]) < EngineLock.LANE_DARK_MW;
    }

    private void searchIfMissing(int i, long now) {
        if (misses[i] >= SEARCH_AFTER_MISSES && now - searchedAt[i] >= SEARCH_INTERVAL_NS) {
            search[i] = true;
        }
    }

    /** Empties waveguide {@code w}'s queue (a new assignment or a resume fills it again). */
    void clearQueue(int w) {
        queueLen[w] = 0;
        for (int i : r.rows[w]) {
            afterNeighbours[i] = false;
        }
    }

    /** Whether rings of waveguide {@code w} wait to be acquired. */
    boolean waiting(int w) {
        return queueLen[w] > 0;
    }

    /** Neither sweeping a ring nor waiting to: waveguide {@code w}'s light is left alone. */
    boolean quiet(int w) {
        return sweeping[w] == 0 && queueLen[w] == 0;
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
        Arrays.fill(fine, false);
        Arrays.fill(alone, false);
        Arrays.fill(search, false);
        Arrays.fill(aloneRing, -1);
        Arrays.fill(sweeping, 0);
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
        alone[i] = true;
        r.state[i] = RingLockState.SWEEP;
        r.why[i] = "diagnostic sweep requested";
        System.arraycopy(queue[w], 0, queue[w], 1, queueLen[w]);
        queue[w][0] = i;
        queueLen[w]++;
        return true;
    }

    /** One tick of waveguide {@code w}: one more point of every ring being swept, then start those waiting. */
    void step(int w, long now) {
        for (int i : r.rows[w]) {
            if (fine[i]) {
                point(w, i, now);
            }
        }
        retryParked(w, now);
        // In queue order, every ring that can sweep beside those sweeping now; the others wait their turn.
        for (int q = 0; q < queueLen[w] && aloneRing[w] < 0; ) {
            int i = queue[w][q];
            if (alone[i]) {
                if (q > 0 || sweeping[w] > 0) {
                    return; // it runs alone, and nothing queued behind it overtakes it
                }
            } else if (nextToASweptLine(w, i) || (afterNeighbours[i] && neighbourAcquiring(i))) {
                q++;
                continue;
            }
            System.arraycopy(queue[w], q + 1, queue[w], q, --queueLen[w] - q);
            start(w, i);
        }
    }

    /**
     * Whether ring {@code i}'s line is next in wavelength to the line of a ring sweeping on waveguide
     * {@code w} now. Its window reaches within 0.55 spacings of the next lines, where their Lorentzian
     * tails give a few percent of a peak: a neighbour sweeping across such a line makes that tail dip
     * and recover inside this ring's window, an apparent peak. Two or more spacings away the tail is
     * under half a percent, below the fine sweep's prominence test.
     */
    private boolean nextToASweptLine(int w, int i) {
        var ghz = r.rowSlot[w].identity().laneFrequencyGhz();
        for (int k : r.rows[w]) {
            if (fine[k] && adjacent(ghz, r.lane[i], r.lane[k])) {
                return true;
            }
        }
        return false;
    }

    /** Lanes {@code a} and {@code b} are next to each other in wavelength: no lane of the module lies between. */
    private static boolean adjacent(java.util.List<Double> ghz, int a, int b) {
        if (a < 0 || b < 0 || a == b) {
            return a == b && a >= 0;
        }
        double lo = Math.min(ghz.get(a), ghz.get(b));
        double hi = Math.max(ghz.get(a), ghz.get(b));
        for (int l = 0; l < ghz.size(); l++) {
            if (ghz.get(l) > lo && ghz.get(l) < hi) {
                return false;
            }
        }
        return true;
    }

    /** A parked ring with a line tries again now and then: the die may have come back into range. */
    private void retryParked(int w, long now) {
        for (int k : r.rows[w]) {
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
    }

    /** Half of ring {@code i}'s fine-sweep window on waveguide {@code w}, in heater mW. */
    double halfWindowMw(int w, int i) {
        var ghz = r.rowSlot[w].identity().laneFrequencyGhz();
        return WINDOW_SPACINGS * ElsLanes.meanSpacingNm(ghz, ElsLanes.byWavelength(ghz)) / r.nmPerMwSelf(i);
    }

    private void start(int w, int i) {
        double halfWindow = halfWindowMw(w, i);
        fine[i] = true;
        afterNeighbours[i] = false;
        crowded[i] = false;
        if (alone[i]) {
            alone[i] = false;
            aloneRing[w] = i;
        }
        sweeping[w]++;
        fineStep[i] = Math.max(0.02, halfWindow / 20);
        // Cut at the heater's ends, not shifted inside them: a window shifted up from 0 mW reached 0.9
        // spacing above it, where the line next in comb order (another ring's) lies once the die has
        // moved this ring's own line below 0 mW (ref-51t2's 20 K ramp relocked lost rings on it).
        fineStart[i] = Math.max(0, r.estimateMw[i] - halfWindow);
        double fineEnd = Math.min(r.heaters.ringMaxMw(), r.estimateMw[i] + halfWindow);
        boolean cutLow = r.estimateMw[i] - halfWindow < 0;
        boolean cutHigh = r.estimateMw[i] + halfWindow > r.heaters.ringMaxMw();
        // Cut at both ends, the window spans the whole range: the median rule holds, and a miss is a miss.
        cutEnd[i] = cutLow == cutHigh ? 0 : cutHigh ? 1 : -1;
        // At least three points, so an empty window (the line far out of range) still parks through the fit.
        fineSteps[i] = Math.min(fullSteps, Math.max(3, (int) Math.ceil((fineEnd - fineStart[i]) / fineStep[i]) + 1));
        if (diagnosticRing[w] == i) {
            // The whole heater range at the calibration sweep's step.
            fineStart[i] = 0;
            fineStep[i] = CalibrationSweep.STEP_MW;
            fineSteps[i] = fullSteps;
            cutEnd[i] = 0;
        } else if (search[i]) {
            fineStart[i] = 0;
            fineStep[i] = CalibrationSweep.STEP_MW;
            fineSteps[i] = fullSteps;
            cutEnd[i] = 0;
            r.why[i] = String.format("missed lane %d %d times: searching the whole heater range", r.lane[i], misses[i]);
        }
        fineIndex[i] = 0;
        leftFromMw[i] = left[i] < 0 ? 0 : r.heaters.appliedMw(left[i]);
        rightFromMw[i] = right[i] < 0 ? 0 : r.heaters.appliedMw(right[i]);
        r.heaters.set(i, fineStart[i]);
        r.state[i] = diagnosticRing[w] == i || search[i] ? RingLockState.SWEEP : RingLockState.ACQUIRE;
    }

    /** Records ring {@code i}'s monitor at its present step; at the window's end, locks or parks it. */
    private void point(int w, int i, long now) {
        fineTrace[i][fineIndex[i]] = r.pd[i];
        crowded[i] |= sweeping[w] > 1;
        if (diagnosticRing[w] == i) {
            diagnosticSink[w].point(fineStart[i] + fineIndex[i] * fineStep[i], r.pd[i]);
        }
        fineIndex[i]++;
        if (fineIndex[i] < fineSteps[i]) {
            r.heaters.set(i, fineStart[i] + fineIndex[i] * fineStep[i] - crosstalkMw(i));
            return;
        }
        fine[i] = false;
        sweeping[w]--;
        if (aloneRing[w] == i) {
            aloneRing[w] = -1;
        }
        if (diagnosticRing[w] == i) {
            finishDiagnostic(w, i);
            return;
        }
        if (search[i]) {
            finishSearch(w, i, now);
            return;
        }
        Peak p = Peak.fitCut(fineTrace[i], fineSteps[i], fineStart[i], fineStep[i], EngineLock.FLOOR_MA, Peak.FINE_PROMINENCE,
                cutEnd[i]);
        double share = p == null ? Double.NaN : ownLineShare(w, i, p);
        if (p == null || Double.isNaN(p.fwhmMw()) || share < RESIDUE_SHARE) {
            if (crowded[i]) {
                // Others' sweeps were in this trace: look again with this ring alone before saying why.
                alone[i] = true;
                r.heaters.set(i, r.estimateMw[i]);
                System.arraycopy(queue[w], 0, queue[w], 1, queueLen[w]);
                queue[w][0] = i;
                queueLen[w]++;
                return;
            }
            park(w, i, now);
            if (share < RESIDUE_SHARE) {
                r.why[i] = String.format("only a residue of a line near %.2f mW (%.0f %% as tall as its own): "
                        + "another ring before it holds that line; parked", p.powerMw(), 100 * share);
            }
            return;
        }
        double laneMw = r.rowSlot[w].powerSetpointMw(r.lane[i]);
        if (!crowded[i] || !(share < 1)) {
            r.lineMa[i] = p.heightMa() - p.backgroundMa();
            // The lane's setpoint, not its monitor: read round robin, the monitor lags a lane's ramp (a ring
            // locked 5 ms after its lane came on saw it read 1.6 of 20 mW).
            r.lineLaneMw[i] = laneMw;
        }
        // else: others' sweeps were in this trace, and a ring only takes light, so a peak there lower than
        // the ring's own line (a ring upstream half across that line) says nothing of its height: kept as
        // it was. In StaleCalibrationSearchTest filter 13, sent a spacing down, locks from a crowded trace
        // on what ring 12 has not yet taken of lane 7 (0.36-0.39 of its own line) and loses it as ring 12
        // locks; with that height taken for its own line's (0.07 for 0.19 mA), the residue ring 12 leaves
        // (0.023 mA) read 0.32 of it and passed for a line in the fine sweep after, whenever that sweep's
        // fit found it (it did with the coupling measurement's source held still: helper-coupling-s14).
        double cmd = r.locksOnSlope(i)
                ? r.trackers[i].lockSlope(p.powerMw() - crosstalkMw(i), p.heightMa(), p.backgroundMa(), p.fwhmMw() / 2, r.lockFractions[i],
                        r.nmPerMwSelf(i))
                : r.trackers[i].lockPeak(p.powerMw() - crosstalkMw(i), p.heightMa(), p.fwhmMw() / 2, r.nmPerMwSelf(i));
        r.heaters.set(i, cmd);
        r.heldFraction[i] = r.locksOnSlope(i) ? r.lockFractions[i] : 1.0;
        r.acquiredMw[i] = r.trackers[i].basePowerMw();
        lockedAt[i] = now;
        r.state[i] = RingLockState.LOCKED;
        r.darkLane[i] = false;
        cutRuns[i] = 0;
        r.why[i] = "locked on lane " + r.lane[i];
        locked++;
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
        sink.done("swept " + fineSteps[i] + " points; ring " + (r.lane[i] >= 0 ? "reacquiring lane " + r.lane[i] : "has no line"));
    }

    /**
     * What ring {@code i}'s neighbours have done to its resonance since its sweep began, in mW of its own
     * heater (the coupling matrix, measured or nominal): a neighbour sweeping beside it, or one whose
     * lock jump was fed forward, moves its line under the sweep. The sweep's points are commanded that
     * much lower, so the trace is taken on an even grid of the heater power the ring feels, and the
     * peak found on it is taken back to a command the same way.
     */
    private double crosstalkMw(int i) {
        double mw = 0;
        if (left[i] >= 0) {
            mw += r.probe.fromLeft(i) * (r.heaters.appliedMw(left[i]) - leftFromMw[i]);
        }
        if (right[i] >= 0) {
            mw += r.probe.fromRight(i) * (r.heaters.appliedMw(right[i]) - rightFromMw[i]);
        }
        return mw;
    }

    /**
     * How tall peak {@code p} is against ring {@code i}'s own line at its last lock, scaled by its lane's
     * power setpoint then and now where both are known; NaN when the line's height is not known (never
     * locked since its lines were assigned).
     */
    private double ownLineShare(int w, int i, Peak p) {
        if (!(r.lineMa[i] > 0)) {
            return Double.NaN;
        }
        double laneNow = r.rowSlot[w].powerSetpointMw(r.lane[i]);
        double expected = r.lineMa[i] * (r.lineLaneMw[i] > 0 && laneNow > 0 ? laneNow / r.lineLaneMw[i] : 1);
        return (p.heightMa() - p.backgroundMa()) / expected;
    }

    /**
     * A search is done: acquire again (first in the queue) where the comb puts the ring's line, or park
     * saying why not. The misses start again from none either way.
     */
    private void finishSearch(int w, int i, long now) {
        search[i] = false;
        searchedAt[i] = now;
        misses[i] = 0;
        searches++;
        var ghz = r.rowSlot[w].identity().laneFrequencyGhz();
        double fsrNm = comb.fsrNm(w, i) > 0 ? comb.fsrNm(w, i)
                : ElsLanes.LANES * ElsLanes.meanSpacingNm(ghz, ElsLanes.byWavelength(ghz));
        LineSearch.Result found = !SweepAnalysis.responds(fineTrace[i], fineSteps[i])
                ? new LineSearch.Result(Double.NaN, 0, 0, "the monitor did not respond to the heater over its whole range")
                : LineSearch.locate(fineTrace[i], fineSteps[i], fineStart[i], fineStep[i],
                        EngineLock.FLOOR_MA, ElsLanes.wavelengthsNm(ghz), seenBy(w, i), fsrNm, r.nmPerMwSelf(i), r.lane[i],
                        r.estimateMw[i], r.heaters.ringMaxMw());
        if (!found.found()) {
            r.state[i] = RingLockState.FAILED;
            r.failedAt[i] = now;
            r.heaters.set(i, r.estimateMw[i]);
            r.why[i] = "search: " + found.why() + "; parked";
            return;
        }
        r.estimateMw[i] = found.ownMw();
        r.acquiredMw[i] = found.ownMw(); // a retry looks here, not where it last (wrongly) locked
        r.heaters.set(i, found.ownMw());
        enqueue(i);
        System.arraycopy(queue[w], 0, queue[w], 1, queueLen[w] - 1);
        queue[w][0] = i;
        r.why[i] = "search: " + found.why() + "; acquiring";
    }

    /**
     * What of each lane reaches ring {@code i}: none of a dark lane, a residue of a line a filter before
     * it holds (on its waveguide, or on the one feeding it), part of a line a modulator before it holds
     * far up its slope, all of the rest.
     */
    private LineSearch.Seen[] seenBy(int w, int i) {
        LineSearch.Seen[] seen = new LineSearch.Seen[ElsLanes.LANES];
        for (int l = 0; l < seen.length; l++) {
            seen[l] = r.rowSlot[w].powerMw(l) < EngineLock.LANE_DARK_MW ? LineSearch.Seen.DARK : LineSearch.Seen.FULL;
        }
        int src = r.sourceRow[w];
        if (src >= 0) {
            for (int k : r.rows[src]) {
                holds(k, seen);
            }
        }
        for (int k : r.rows[w]) {
            if (k == i) {
                break;
            }
            holds(k, seen);
        }
        return seen;
    }

    private void holds(int k, LineSearch.Seen[] seen) {
        int l = r.lane[k];
        if (r.state[k] != RingLockState.LOCKED || l < 0 || seen[l] == LineSearch.Seen.DARK || seen[l] == LineSearch.Seen.DROPPED) {
            return;
        }
        // A modulator held at fraction f of its peak drop passes at least 1 - f of its line: a tall peak
        // still when that is above the share that makes one.
        seen[l] = r.heldFraction[k] >= 1 ? LineSearch.Seen.DROPPED
                : 1 - r.heldFraction[k] >= LineSearch.TALL_SHARE ? seen[l] : LineSearch.Seen.PART;
    }

    /**
     * No line in the window: parked where it was. Moving a parked ring's heater far would sweep its
     * resonance across other rings' lines and shadow them downstream; held, it disturbs nobody.
     */
    private void park(int w, int i, long now) {
        // A miss is a line that should have been in the window: not a dark lane, a ring that does not
        // respond (a fault), or a window cut short by the heater's end (the die moved the line out of reach).
        if (!laneDark(i) && SweepAnalysis.responds(fineTrace[i], fineSteps[i])) {
            if (cutEnd[i] == 0) {
                misses[i]++;
            } else if (++cutRuns[i] >= CUT_RUNS_TO_MISS) {
                cutRuns[i] = 0;
                misses[i] = Math.max(misses[i] + 1, SEARCH_AFTER_MISSES);
            }
            searchIfMissing(i, now);
        }
        r.state[i] = RingLockState.FAILED;
        r.heaters.set(i, r.estimateMw[i]);
        double laneMw = r.rowSlot[w].powerMw(r.lane[i]);
        r.failedAt[i] = now;
        r.why[i] = laneMw < EngineLock.LANE_DARK_MW
                ? String.format("no light on lane %d: the ELS reports %.2f mW; parked", r.lane[i], laneMw)
                : cutEnd[i] != 0
                // The search ran into the end of the heater range: the die has moved the line out of reach.
                ? String.format("line out of the heater's range (search clipped at %s); parked",
                        cutEnd[i] > 0 ? String.format("%.1f mW", r.heaters.ringMaxMw()) : "0 mW")
                : SweepAnalysis.diagnose(fineTrace[i], fineSteps[i], r.estimateMw[i]);
    }
}
