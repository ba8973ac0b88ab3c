package org.lightkeeper.firmware.ring;

import java.util.Optional;
import java.util.function.IntFunction;
import org.lightkeeper.firmware.els.ElsSlotController;
import org.lightkeeper.firmware.persist.Calibration;
import org.lightkeeper.hal.board.BoardSpec.EngineOptics;
import org.lightkeeper.hal.board.BoardSpec.EngineSpec;
import org.lightkeeper.hal.board.BoardSpec.RingKind;

/**
 * Lock acquisition and tracking for every ring of one optical engine (DESIGN.md section 3), stepped
 * once per fast-loop tick: read every monitor, advance each ring, write the heaters that changed.
 *
 * <ol>
 *   <li>SWEEP: {@link CalibrationSweep} finds, from sweeps under coded sets of lanes (lane by lane
 *       where the code is ambiguous), the heater power at which each ring meets each line.</li>
 *   <li>ARBITRATE: {@link LineArbiter} gives each ring its own line, comb order kept.</li>
 *   <li>ACQUIRE: all lanes lit, heaters pre-positioned with nominal crosstalk feed-forward, then
 *       {@link Acquisition} fine-sweeps ring after ring along each waveguide to the exact peak.</li>
 *   <li>LOCKED: a {@link RingTracker} holds the ring, {@link FeedForward} moves it with its
 *       neighbours' steps and the die; a ring whose monitor collapses or whose heater rails is LOST
 *       and acquired again around its last power.</li>
 * </ol>
 * The same module back (a reinsertion, a restart with a stored {@link EngineCalibration}) skips the
 * sweep; a warm restart with the light never interrupted resumes tracking where the heaters are.
 * Everything is preallocated: the steady-state tick allocates nothing.
 */
public final class EngineLock {
    enum Phase { WAIT_LIGHT, SWEEP, RUN }

    /** Smallest monitor current taken as a line (TIA and ADC floor is ~0.01 uA). */
    static final double FLOOR_MA = 0.002;
    /**
     * A fine-sweep trace whose maximum is under this multiple of its minimum shows no thermal
     * response: a working heater sweeps the ring across most of a line spacing there, which changes
     * the monitor more than tenfold; neighbours' dither and crosstalk alone move it by tens of percent.
     */
    static final double FLAT_RATIO = 2.0;
    /** A measured heater efficiency is believed within this factor of the board's nominal value. */
    static final double EFFICIENCY_TRUST = 2.0;
    /** A lane whose ELS power monitor reads below this is dark (lasers run at tens of mW). */
    static final double LANE_DARK_MW = 1.0;
    /** Room kept below the heater limit for dither and the fine sweep. */
    static final double TOP_MARGIN_MW = 0.5;
    /** Fraction of the expected monitor level within which a ring at restart is taken as still locked. */
    static final double ADOPT_LOW = 0.5;
    static final double ADOPT_HIGH = 2.0;

    private final EngineRings r;
    private final MonitorBank monitors;
    private final CalibrationSweep sweep;
    private final Acquisition acquisition;
    private final FeedForward feedForward;
    private final EngineCalibration calibration;
    private final LineHop hop;
    private final OwnLineCheck lineCheck;
    /** Line hops done: each changes the line assignment to keep. */
    private long hopEvents;
    private final double coupling;              // the board file's nominal value, until measured
    private final double headroomMw;
    private Phase phase = Phase.WAIT_LIGHT;
    /** The heaters were taken as the hardware held them (warm restart): resume tracking where they are. */
    private boolean heatersAdopted;

    public EngineLock(EngineSpec spec, HeaterBank heaters, MonitorBank monitors, ElsSlotController[] slotOfWaveguide) {
        this(spec, heaters, monitors, slotOfWaveguide, null);
    }

    /** With {@code die} (null: none), every locked ring's operating point follows the die temperature at once. */
    public EngineLock(EngineSpec spec, HeaterBank heaters, MonitorBank monitors, ElsSlotController[] slotOfWaveguide,
                      DieThermometer die) {
        this.r = new EngineRings(spec, heaters, slotOfWaveguide);
        this.monitors = monitors;
        EngineOptics o = spec.optics();
        this.coupling = o.neighbourCoupling();
        this.headroomMw = o.heaterHeadroomMw();
        this.sweep = new CalibrationSweep(r);
        sweep.codedGating(spec.codedGating());
        this.hop = new LineHop(r.rows, r.rings);
        this.lineCheck = new OwnLineCheck(r.rows, r.rings);
        this.acquisition = new Acquisition(r, hop);
        this.feedForward = new FeedForward(r, die);
        announceDie();
        this.calibration = new EngineCalibration(r, hop);
    }

    /**
     * Warm restart: the heaters hold the previous process's codes ({@link HeaterBank#adopt}). When the
     * light comes from the very modules of the calibration, each ring whose monitor agrees with its
     * calibrated resonance resumes tracking at its present heater power, without a sweep or a step;
     * the others are acquired around where they are. Before the first tick only.
     */
    public void heatersAdopted() {
        heatersAdopted = true;
    }

    /**
     * One fast-loop tick: on the ring loop, or, while {@link #sweepsOnItsOwnPace()}, one step of the
     * calibration sweep on the firmware's sweep loop.
     */
    public void tick(long now) {
        if (sweepsOnItsOwnPace()) {
            // Only the swept stage's monitors, and none while a gate or a heater jump is waited out: each
            // step's bus time is what the pace was chosen on.
            if (sweep.recording(now)) {
                monitors.read(r.pd, sweep.stageRings());
            }
        } else {
            r.tracking.read(monitors, r.pd, phase == Phase.RUN && !measuringCoupling(), r.state);
        }
        switch (phase) {
            case WAIT_LIGHT -> waitLight(now);
            case SWEEP -> sweep(now);
            case RUN -> run(now);
            default -> throw new IllegalStateException();
        }
        r.heaters.flush();
    }

    private boolean lightReady() {
        for (ElsSlotController s : r.rowSlot) {
            if (s == null || !s.moduleReady() || s.identity() == null) {
                return false;
            }
        }
        return true;
    }

    private void waitLight(long now) {
        if (!lightReady()) {
            return;
        }
        if (calibration.sameModules()) {
            if (heatersAdopted && modulesAdoptedRunning()) {
                resumeAdopted();
            } else {
                resumeFromCalibration();
            }
            heatersAdopted = false;
            return;
        }
        heatersAdopted = false;
        phase = Phase.SWEEP;
        sweep.begin(now);
    }

    private void sweep(long now) {
        if (!lightReady()) {
            loseLight();
            return;
        }
        switch (sweep.step(now)) {
            case DONE -> arbitrate();
            case GATE_TIMED_OUT -> loseLight();
            default -> { }
        }
    }

    /** Every waveguide's ELS was taken running at restart (its lanes never went dark). */
    private boolean modulesAdoptedRunning() {
        for (ElsSlotController s : r.rowSlot) {
            if (!s.adoptedRunning()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Warm restart with the light never interrupted: each ring whose monitor reads what its calibrated
     * resonance gives at the lock point is tracking again from this tick, at the heater power it holds;
     * a ring that disagrees (moved off its line while no firmware ran, or calibration without its
     * resonance) is acquired by a fine sweep around where it is.
     */
    private void resumeAdopted() {
        for (int w = 0; w < r.rows.length; w++) {
            acquisition.clearQueue(w);
            for (int i : r.rows[w]) {
                if (r.lane[i] < 0) {
                    r.state[i] = RingLockState.FAILED;
                    r.why[i] = "no line in the calibration";
                    continue;
                }
                double p = r.heaters.appliedMw(i);
                var res = r.calibratedResonance[i];
                boolean slope = r.locksOnSlope(i);
                double expected = res == null ? Double.NaN : slope ? r.lockFractions[i] * res.peakMa() : res.peakMa();
                double ratio = r.pd[i] / expected;
                if (res != null && ratio >= ADOPT_LOW && ratio <= ADOPT_HIGH) {
                    double cmd = slope
                            ? r.trackers[i].resumeSlope(p, r.pd[i], res.halfWidthMw(), r.lockFractions[i], r.nmPerMwSelf(i))
                            : r.trackers[i].resumePeak(p, r.pd[i], res.halfWidthMw(), r.nmPerMwSelf(i));
                    r.heaters.set(i, cmd);
                    r.heldFraction[i] = slope ? r.lockFractions[i] : 1.0;
                    r.acquiredMw[i] = r.trackers[i].basePowerMw();
                    r.state[i] = RingLockState.LOCKED;
                    r.why[i] = "locked on lane " + r.lane[i] + " (adopted at restart)";
                    acquisition.countResumed();
                } else {
                    r.estimateMw[i] = p;
                    r.why[i] = res == null ? "restart: calibration has no resonance shape; reacquiring lane " + r.lane[i]
                            : String.format("restart: monitor reads %.2f of its lock level; reacquiring lane %d",
                                    ratio, r.lane[i]);
                    acquisition.enqueue(i);
                }
            }
            r.rowSlot[w].requestLanes(0xFF);
            hop.prepare(w, r.rowSlot[w].identity().laneFrequencyGhz(), calibration.storedFsrNm(w));
            restoreIdleLines(w);
            referenceLines(w);
        }
        phase = Phase.RUN;
    }

    /**
     * Resumed rings of waveguide {@code w}: where each one's line is now (its lock point if it was adopted
     * locked, else the estimate it is acquired at) is the reference {@link OwnLineCheck} judges it by.
     */
    private void referenceLines(int w) {
        double[] at = new double[r.rings];
        for (int i : r.rows[w]) {
            at[i] = r.state[i] == RingLockState.LOCKED ? r.acquiredMw[i] : r.estimateMw[i];
        }
        var ghz = r.rowSlot[w].identity().laneFrequencyGhz();
        lineCheck.reference(w, at, r.lane, ElsLanes.meanSpacingNm(ghz, ElsLanes.byWavelength(ghz)));
    }

    /**
     * Ring {@code i} is locked on another line than its own (by the rest of its waveguide,
     * {@link OwnLineCheck}): it is acquired again where its own line is, or, if that is out of the
     * heater's range now, parked as a ring the die took out of range.
     */
    private void offItsLine(int i, long now) {
        double own = lineCheck.ownMw();
        double max = r.heaters.ringMaxMw();
        double at = Math.max(0, Math.min(own, max));
        r.losses[i]++;
        // Also what hop.parked keeps as its retry point (lockedMw) if its line is out of range: the end
        // nearest its own line, not where it was last on it. Retried there, 30 s on with the die still
        // away, it found nothing (search clipped at the end) and waited; retried where it was last on its
        // own line, it found the other ring's line again and held it 1 s until found off again
        // (OffLineParkRetryTest: the filter downstream lost its line once more).
        r.acquiredMw[i] = at;
        r.estimateMw[i] = at;
        r.heaters.set(i, at); // off the other ring's line at once
        if (own < 0 || own > max) {
            r.state[i] = RingLockState.FAILED;
            r.failedAt[i] = now;
            hop.parked(i, own < 0 ? -1 : 1, r);
            hop.parkedNeedMw[i] = own;
            r.why[i] = String.format("was locked %+.1f line spacings off its own line (by the rest of its waveguide);"
                    + " its line is at %.1f mW now, out of the heater's range: parked", lineCheck.offSpacings(), own);
            return;
        }
        r.why[i] = String.format("was locked %+.1f line spacings off its own line (by the rest of its waveguide):"
                + " reacquiring lane %d at %.2f mW", lineCheck.offSpacings(), r.lane[i], own);
        acquisition.enqueue(i);
    }

    /**
     * Rings of waveguide {@code w} with no line, resumed from a stored calibration: where their lines are
     * ({@link LineHop#idle}), unless this process has held them since (the light came back). A heater
     * adopted from the previous process is where that held it; otherwise it is put back where it was kept.
     */
    private void restoreIdleLines(int w) {
        for (int i : r.rows[w]) {
            Calibration.IdleLine idle = calibration.idleLine(i);
            if (r.lane[i] >= 0 || hop.idleLane[i] >= 0 || idle == null) {
                continue;
            }
            if (!heatersAdopted) {
                r.heaters.set(i, r.estimateMw[i]);
            }
            hop.idle(i, idle.lane(), r.heaters.appliedMw(i) + idle.aboveMw());
        }
    }

    /**
     * Queues waveguide {@code w}'s rings with a line for acquisition; those within reach of a heater end
     * sweep only after their neighbours (Acquisition#afterNeighbours). A ring locked before its neighbours
     * sweep has their windows fed forward to it through the coupling, up to coupling x half a window per
     * neighbour (0.4 mW on ref-51t2), on top of the estimate's own error, which the arbiter's 0.5 mW margin
     * covers. Locked that close to an end, it is run into the end by a sweep beside it and lost (ref-51t2's
     * quiet start: modulator 260 locked at 19.6 of 20 mW, railed 13 ms later as both neighbours swept up
     * from 2 mW below their estimates). Swept after them, it finds its line with their crosstalk where it
     * stays.
     */
    private void enqueueAfterNeighboursNearAnEnd(int w) {
        double max = r.heaters.ringMaxMw();
        int[] row = r.rows[w];
        for (int p = 0; p < row.length; p++) {
            int i = row[p];
            if (r.lane[i] < 0) {
                continue;
            }
            double reach = TOP_MARGIN_MW;
            for (int q = p - 1; q <= p + 1; q += 2) {
                if (q >= 0 && q < row.length && r.lane[row[q]] >= 0) {
                    reach += coupling * acquisition.halfWindowMw(w, row[q]);
                }
            }
            acquisition.enqueue(i);
            if (Math.min(r.estimateMw[i], max - r.estimateMw[i]) < reach) {
                acquisition.afterNeighbours(i);
            }
        }
    }

    /**
     * The same module came back (reinserted, or its light restored): keep the line assignment and go
     * straight to a fine acquisition around each ring's last operating point, no sweep.
     */
    private void resumeFromCalibration() {
        for (int w = 0; w < r.rows.length; w++) {
            acquisition.clearQueue(w);
            for (int i : r.rows[w]) {
                if (r.lane[i] < 0) {
                    r.state[i] = RingLockState.FAILED;
                    continue;
                }
                if (heatersAdopted) {
                    r.estimateMw[i] = r.heaters.appliedMw(i); // nearer than the calibration if the die has moved since
                }
                r.heaters.set(i, r.estimateMw[i]);
                r.why[i] = "same ELS module back: reacquiring lane " + r.lane[i] + " from calibration";
                acquisition.enqueue(i);
            }
            r.rowSlot[w].requestLanes(0xFF);
            hop.prepare(w, r.rowSlot[w].identity().laneFrequencyGhz(), calibration.storedFsrNm(w));
            restoreIdleLines(w);
            referenceLines(w);
        }
        phase = Phase.RUN;
    }

    /** The light went away (ELS removed, failed, or interlocked): hold heaters, start over when it returns. */
    private void loseLight() {
        if (phase == Phase.RUN) {
            // Remember what each ring was locked to: the same module back means no new sweep is needed.
            for (int i = 0; i < r.rings; i++) {
                if (r.state[i] == RingLockState.LOCKED) {
                    r.estimateMw[i] = r.trackers[i].basePowerMw();
                }
            }
        }
        phase = Phase.WAIT_LIGHT;
        for (int i = 0; i < r.rings; i++) {
            r.state[i] = RingLockState.IDLE;
            r.why[i] = "waiting for light";
        }
        acquisition.abortAll();
        for (int w = 0; w < r.rows.length; w++) {
            r.probe.abort(w);
        }
    }

    private void arbitrate() {
        for (int w = 0; w < r.rows.length; w++) {
            int[] row = r.rows[w];
            var ghz = r.rowSlot[w].identity().laneFrequencyGhz();
            int[] order = ElsLanes.byWavelength(ghz);
            double[] lambda = ElsLanes.wavelengthsNm(ghz);
            double[][] m = new double[row.length][order.length];
            for (int j = 0; j < row.length; j++) {
                for (int l = 0; l < order.length; l++) {
                    m[j][l] = sweep.peakMw(row[j], order[l]);
                }
                r.nmPerMwLockstep[row[j]] = SweepAnalysis.efficiency(sweep.peaksMw(row[j]), order, lambda,
                        r.nominalNmPerMw * (1 + coupling * r.neighbours[row[j]]));
            }
            // Headroom both ways: the die may warm (less heater needed) or cool (more) after calibration.
            LineArbiter.Assignment assigned = LineArbiter.assign(m, coupling, headroomMw,
                    r.heaters.ringMaxMw() - Math.max(TOP_MARGIN_MW, headroomMw), r.heaters.ringMaxMw() - TOP_MARGIN_MW);
            acquisition.clearQueue(w);
            for (int j = 0; j < row.length; j++) {
                int i = row[j];
                int line = assigned.line()[j];
                r.lane[i] = line < 0 ? -1 : order[line];
                if (r.lane[i] < 0) {
                    r.state[i] = RingLockState.FAILED;
                    r.why[i] = "no laser line within this ring's tuning range for any comb-order assignment";
                    r.heaters.set(i, 0);
                    continue;
                }
                r.lineMa[i] = 0; // a new module: its lines' heights are not yet known
                // Pre-position at the estimate, neighbours' crosstalk fed forward.
                r.estimateMw[i] = assigned.lockMw()[j];
                r.heaters.set(i, r.estimateMw[i]);
                r.why[i] = "acquiring lane " + r.lane[i];
            }
            enqueueAfterNeighboursNearAnEnd(w);
            r.rowSlot[w].requestLanes(0xFF);
            // The rings' FSR, as the comb period of their peak lattice: what a hop across the comb's end needs.
            PeakLattice lattice = PeakLattice.fit(m, r.heaters.ringMaxMw());
            double spacingNm = ElsLanes.meanSpacingNm(ghz, order);
            calibration.madeWithCurrentModule(w, lattice.periodLines * spacingNm);
            hop.prepare(w, ghz, lattice.periodLines * spacingNm);
            lineCheck.reference(w, r.estimateMw, r.lane, spacingNm);
            for (int j = 0; j < row.length; j++) {
                hop.ringFsr(row[j], lattice.ownPeriodLines[j] * spacingNm);
                hop.idle(row[j], -1, 0);
                if (r.lane[row[j]] < 0) {
                    idleLine(row, j, lattice, order);
                }
            }
            r.probe.request(w);
        }
        phase = Phase.RUN;
    }

    /**
     * Ring {@code row[j]} got no line: where a line of its comb lies in its own heater's frame, from its
     * peak lattice (the line nearest mid-range, its lockstep sweep power taken to own-heater power with
     * its neighbours at their estimates), for {@link LineHop#holdIdle} to keep it clear of every line.
     * A ring whose sweep met no line has no lattice and stays where it is.
     */
    private void idleLine(int[] row, int j, PeakLattice lattice, int[] order) {
        double k = lattice.mwPerLine[j];
        if (!(k > 0) || Double.isNaN(lattice.coldLines[j]) || !(lattice.periodLines > 0)) {
            return;
        }
        double max = r.heaters.ringMaxMw();
        double best = Double.NaN;
        int bestLine = -1;
        for (int l = 0; l < order.length; l++) {
            double first = Math.floor((lattice.coldLines[j] - l) / lattice.periodLines) - 1;
            for (double q = first; q <= first + 3; q++) {
                double p = (l + q * lattice.periodLines - lattice.coldLines[j]) * k;
                if (Double.isNaN(best) || Math.abs(p - max / 2) < Math.abs(best - max / 2)) {
                    best = p;
                    bestLine = l;
                }
            }
        }
        int n = 0;
        double nb = 0;
        for (int d = -1; d <= 1; d += 2) {
            if (j + d >= 0 && j + d < row.length) {
                n++;
                nb += r.lane[row[j + d]] >= 0 ? r.estimateMw[row[j + d]] : 0;
            }
        }
        hop.idle(row[j], order[bestLine], best * (1 + coupling * n) - coupling * nb);
    }

    private void run(long now) {
        if (!lightReady()) {
            loseLight();
            return;
        }
        feedForward.mark();
        feedForward.followDie(now);
        for (int w = 0; w < r.rows.length; w++) {
            if ((r.rowSlot[w].onLanes() & 0xFF) != r.rowSlot[w].wantedLanes()) {
                continue; // lanes still ramping (an operator-disabled lane is not waited for)
            }
            int src = r.sourceRow[w];
            // With or without line hop: the die's drift along the waveguide (where a parked ring's line is,
            // what a hop's landing taught), and the rings it parked held between two lines.
            hop.observe(w, r);
            hop.holdOffLine(w, r, now);
            hop.holdIdle(w, r);
            if (r.spec.lineHop() && hopNearEnd(w, src)) {
                continue; // every ring of the waveguide moved to its next line this tick
            }
            for (int i : r.rows[w]) {
                track(w, i, src, now);
            }
            if (lineCheck.judge(w, r, acquisition, now)) {
                offItsLine(lineCheck.offRing(), now);
            }
            if (measureCoupling(w)) {
                continue; // no acquisition starts on a waveguide whose coupling is being measured
            }
            // A loopback waveguide sees its source's light: while a source ring sweeps across a line it
            // shadows that line here, and a source ring stepped by the coupling measurement changes the
            // light a filter here locks on, so acquisition waits until the source waveguide is quiet.
            if (src < 0 || (acquisition.quiet(src) && !r.probe.active(src))) {
                acquisition.step(w, now);
            }
        }
        feedForward.crosstalk();
    }

    /** One tick of ring {@code i} on waveguide {@code w} (fed through waveguide {@code src}, -1 none) while running. */
    private void track(int w, int i, int src, long now) {
        if (r.state[i] == RingLockState.FAILED && r.lane[i] >= 0 && !r.darkLane[i]
                && r.rowSlot[w].powerMw(r.lane[i]) < LANE_DARK_MW) {
            // The ELS's lane monitor (read round robin) has caught up: name the real cause.
            r.darkLane[i] = true;
            r.why[i] = "no light on lane " + r.lane[i] + ": the ELS reports its laser dark; parked";
        }
        if (r.state[i] != RingLockState.LOCKED || !r.tracking.due(i)) {
            return; // not locked, or (gradient) not this ring's turn: no reading was taken
        }
        if (r.probe.holds(i) || (src >= 0 && r.probe.active(src))) {
            // An aggressor of the coupling measurement is held where the probe puts it; a ring fed
            // through a waveguide under measurement is held where it is (a stepped modulator there
            // changes the light it locks on, which its tracker would take for a detuning).
            r.heaters.set(i, r.trackers[i].command() + r.probe.offsetMw(i));
            return;
        }
        if (!acquisition.quiet(w) || r.probe.waiting(w) || r.probe.active(w)
                || (src >= 0 && (!acquisition.quiet(src) || r.probe.active(src)))) {
            // Something on its waveguide or its light path moves (a fine sweep, a ring waiting for one,
            // the coupling measurement and the settling before it): a filter tracks in the coarse gear.
            r.trackers[i].stir();
        }
        double cmd = r.trackers[i].update(r.pd[i], feedForward.heldMw(i));
        r.heaters.set(i, cmd);
        // The operating point at an end, not the dither's half-pair past it: a filter whose peak is a
        // dither step (h/32, ~16 uW on ref-51t2) inside 0 mW is still held (ref-51t2's ramp lost one there).
        double base = r.trackers[i].basePowerMw();
        boolean railed = base <= 0 || base >= r.heaters.ringMaxMw();
        if (railed && !r.trackers[i].lost() && hop.landedPast(w, base <= 0 ? -1 : 1)) {
            return; // a hop landed it a little past the end the die is moving it away from: held there
        }
        if (r.trackers[i].lost() || railed) {
            r.losses[i]++;
            r.why[i] = railed ? "tracking ran the heater to its limit"
                    : "monitor fell below " + RingTracker.LOST_FRACTION + " of its lock level";
            r.estimateMw[i] = r.trackers[i].basePowerMw();
            int end = base <= 0 ? -1 : 1;
            if (railed && hop.dieDriven(w, i, end, r)) {
                // The die took its line out of the heater's range: a fine sweep would not find it there
                // (its window, cut at the end, holds no line) but would move the light its neighbours and
                // the filters downstream lock on. Parked at the end; retried as any parked ring, from
                // where the die feed-forward says its line is by then (FeedForward#followDie).
                r.state[i] = RingLockState.FAILED;
                r.failedAt[i] = now;
                hop.parked(i, end, r); // held between two lines from the next tick; the waveguide's next hop takes it along
                r.why[i] = end < 0 ? "the die warmed the line out of the heater's range (below 0 mW); parked"
                        : "the die cooled the line out of the heater's range (above the heater limit); parked";
                return;
            }
            acquisition.lost(i, now, railed);
        }
    }

    /**
     * Line hop (docs/control.md): when the die has brought a locked ring of waveguide {@code w} within
     * {@link LineHop#TRIGGER_MW} of 0 mW (warmed) or of the limit (cooled), every ring of it moves in
     * this tick to its next line in comb order, if all land inside the range; each tracker is locked
     * afresh at the predicted point and catches the peak from there. Only when every ring of it has
     * drifted the same way since it locked (the die, not one failing heater), and on a quiet waveguide:
     * every ring with a line locked and tracking, none acquiring, no coupling measurement here, upstream
     * or on a waveguide it feeds. Returns whether it hopped.
     */
    private boolean hopNearEnd(int w, int src) {
        double max = r.heaters.ringMaxMw();
        int dir = 0;
        int moved = 0;
        for (int i : r.rows[w]) {
            if (r.lane[i] < 0) {
                continue;
            }
            if (hop.parkedEnd[i] != 0) {
                // Parked by the die at an end (its line out of range there): it goes along, to a line in range.
                dir |= hop.parkedEnd[i] < 0 ? 1 : 2;
                continue;
            }
            if (r.state[i] != RingLockState.LOCKED) {
                return false;
            }
            double at = r.trackers[i].basePowerMw();
            dir |= at < LineHop.TRIGGER_MW ? 1 : at > max - LineHop.TRIGGER_MW ? 2 : 0;
            // Which way every ring has moved since it locked: the die moves them all alike, a failing
            // heater (driven to its end by a tracker it does not answer) only its own.
            moved |= at < r.acquiredMw[i] - LineHop.COMMON_DRIFT_MW ? 1 : at > r.acquiredMw[i] + LineHop.COMMON_DRIFT_MW ? 2 : 4;
        }
        if ((dir != 1 && dir != 2) || (moved | dir) != dir || !acquisition.quiet(w) || r.probe.active(w)
                || (src >= 0 && r.probe.active(src)) || feedsAMeasuredWaveguide(w)
                || !hop.plan(w, dir == 1 ? 1 : -1, r, max)) {
            return false;
        }
        for (int i : r.rows[w]) {
            if (r.lane[i] >= 0 && (r.rowSlot[w].powerMw(hop.toLane[i]) < LANE_DARK_MW || r.rowSlot[w].powerMw(r.lane[i]) < LANE_DARK_MW)) {
                return false; // a dark line cannot be locked on, and its level says nothing of the other's
            }
        }
        hop.hopped(w, dir == 1 ? 1 : -1, r.lane);
        for (int i : r.rows[w]) {
            if (r.lane[i] >= 0) {
                // The line it moves to, at the same die temperature: its step less what its parked end held back.
                lineCheck.shifted(i, hop.moveMw[i] - (hop.parkedEnd[i] != 0 ? hop.parkedNeedMw[i] - r.heaters.appliedMw(i) : 0));
            }
        }
        for (int i : r.rows[w]) {
            if (r.lane[i] < 0) {
                continue;
            }
            Tracker t = r.trackers[i];
            double h = t.halfWidthMw();
            double base = hop.lockMw[i];
            // The new line's light, as the ELS reports the two lanes, sets the level the tracker expects.
            double level = t.peakMa() * r.rowSlot[w].powerMw(hop.toLane[i]) / r.rowSlot[w].powerMw(r.lane[i]);
            double f = r.heldFraction[i];
            double cmd = f >= 1 ? t.lockPeak(base, level, h, r.nmPerMwSelf(i))
                    : t.lockSlope(base - h * Math.sqrt(1 / f - 1), level, h, f, r.nmPerMwSelf(i));
            r.heaters.set(i, cmd);
            r.why[i] = "locked on lane " + hop.toLane[i] + " (hopped from lane " + r.lane[i]
                    + (dir == 1 ? ": the die warmed)" : ": the die cooled)")
                    + (hop.parkedEnd[i] != 0 ? ", back from parked" : "");
            r.lane[i] = hop.toLane[i];
            r.acquiredMw[i] = base;
            r.hops[i]++;
            r.state[i] = RingLockState.LOCKED;
            hop.parkedEnd[i] = 0;
        }
        hop.hoppedBesideIdle(w, r);
        hop.rebase(w, r);
        hop.holdIdle(w, r); // in the hop's own write: its neighbours' steps moved its lines this tick
        hopEvents++;
        return true;
    }

    private boolean feedsAMeasuredWaveguide(int w) {
        for (int v = 0; v < r.rows.length; v++) {
            if (r.sourceRow[v] == w && r.probe.active(v)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The start-up coupling measurement of waveguide {@code w} ({@link CouplingProbe}): begun once no
     * ring of it is acquiring, stepped every tick, given up if a ring needs acquiring meanwhile.
     * Returns whether it is running.
     */
    private boolean measureCoupling(int w) {
        // A source waveguide is measured first, once the waveguides it feeds are locked too (they are held
        // meanwhile); then the waveguides it feeds, with the source tracking.
        CouplingProbe probe = r.probe;
        int src = r.sourceRow[w];
        boolean sourceQuiet = src < 0 || (acquisition.quiet(src) && !probe.waiting(src) && !probe.active(src));
        boolean fedQuiet = true;
        for (int v = 0; v < r.rows.length; v++) {
            fedQuiet &= r.sourceRow[v] != w || (acquisition.quiet(v) && r.settled(v));
        }
        if (probe.waiting(w) && probe.quietLongEnough(w, acquisition.quiet(w) && r.settled(w) && sourceQuiet && fedQuiet)) {
            probe.begin(w, r.trackers, r.state);
            return true;
        }
        if (!probe.active(w)) {
            return false;
        }
        if (acquisition.waiting(w)) {
            probe.abort(w);
            return false;
        }
        probe.tick(w, r.trackers, r.state);
        return probe.active(w);
    }

    /** Whether a coupling measurement runs on some waveguide now. */
    boolean measuringCoupling() {
        for (int w = 0; w < r.rows.length; w++) {
            if (r.probe.active(w)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The calibration to persist: every ring's line (or none), operating point and heater efficiency;
     * empty until the line assignment is done (a half-done sweep is not worth keeping).
     * Control thread only.
     */
    public Optional<Calibration.Engine> calibration() {
        return phase == Phase.RUN ? Optional.of(calibration.export()) : Optional.empty();
    }

    /**
     * Seeds this engine with a stored calibration made with the module {@code vendor}/{@code serial}
     * feeding each waveguide: if that very module is found when the light comes, the rings reacquire
     * from it without a sweep; any other module is calibrated afresh. Before the first tick only.
     */
    public void seedCalibration(Calibration.Engine cal, IntFunction<Calibration.Els> elsOfSlot) {
        calibration.seed(cal, elsOfSlot);
    }

    /** Ring {@code v}'s operating-point move per mW of neighbour {@code a}'s heater (left or right), for tests and telemetry. */
    public double couplingMwPerMw(int v, boolean fromLeft) {
        return fromLeft ? r.probe.fromLeft(v) : r.probe.fromRight(v);
    }

    /** Whether that entry was measured (here or in the stored calibration) rather than the board file's nominal value. */
    public boolean couplingMeasured(int v, boolean fromLeft) {
        return fromLeft ? r.probe.measuredLeft(v) : r.probe.measuredRight(v);
    }

    /** Management and tests: whether the die-temperature feed-forward is applied (on by default where a die sensor exists). */
    public void setDieFeedForward(boolean on) {
        feedForward.setDieOn(on);
        announceDie();
    }

    /** Whether this engine reads a die temperature to feed forward. */
    public boolean hasDieSensor() {
        return feedForward.hasDieSensor();
    }

    /** Whether the engine is in a calibration sweep (its rings swept under one set of lanes after another), not tracking. */
    public boolean calibrating() {
        return phase == Phase.SWEEP;
    }

    /**
     * The calibration sweep's pace for a ring loop of {@code ringPeriodNs} shared by {@code enginesOnLoop}
     * engines ({@link SweepPace#choose}: from the board file's heater time constant and the wire time of the
     * costliest stage's step), and uses it. Before the first tick only.
     */
    public SweepPace paceSweep(long ringPeriodNs, int enginesOnLoop) {
        long wire = 0;
        for (int s = 0; s <= r.maxStage; s++) {
            boolean[] in = sweep.stageRings(s);
            wire = Math.max(wire, monitors.readWireNs(in) + r.heaters.writeWireNs(in));
        }
        SweepPace p = SweepPace.choose(r.spec, wire, r.heaters.ringMaxMw(), CalibrationSweep.STEP_MW, ringPeriodNs,
                enginesOnLoop);
        sweep.pace(p);
        return p;
    }

    /** The calibration sweep's pace ({@link #paceSweep}; one step a ring-loop tick unless chosen otherwise). */
    public SweepPace sweepPace() {
        return sweep.pace();
    }

    /**
     * Whether the engine is in its calibration sweep on a pace of its own, faster than the ring loop: the
     * firmware's sweep loop ticks it then, the ring loop does not.
     */
    public boolean sweepsOnItsOwnPace() {
        return phase == Phase.SWEEP && !sweep.pace().onRingLoop();
    }

    /** Tests: ring {@code i}'s own heater efficiency, nm/mW, as the calibration measured it. */
    double nmPerMwSelfForTest(int i) {
        return r.nmPerMwSelf(i);
    }

    /** Tests: ring {@code i} acquired afresh around {@code mw} (as a stale estimate sends it), on the control thread. */
    void acquireAt(int i, double mw) {
        r.estimateMw[i] = mw;
        r.acquiredMw[i] = mw;
        r.heaters.set(i, mw);
        acquisition.enqueue(i);
    }

    /** Tests: calibrate lane by lane (the coded sweep's fallback) instead of coded. Before the first tick. */
    void codedGating(boolean on) {
        sweep.codedGating(on);
    }

    /** Heater power (lockstep) at which the last calibration sweep saw ring {@code i} meet lane {@code lane}, NaN none. */
    double sweptPeakMw(int i, int lane) {
        return sweep.peakMw(i, lane);
    }

    /** Lane gates the last calibration sweep waited for, and whether its code was ambiguous (tests). */
    int sweepGates() {
        return sweep.gates();
    }

    boolean sweepFellBack() {
        return sweep.fellBack();
    }

    /** Whole-range searches run by rings that kept missing their line, since start. */
    public long searches() {
        return acquisition.searches();
    }

    public int ringCount() {
        return r.rings;
    }

    /**
     * Tracks the locked rings as {@code plan} says ({@link TrackingPlan#choose}, from the bus budget and
     * the board file). Before the first tick only.
     */
    public void useTracking(TrackingPlan plan) {
        r.tracking = new TrackingSchedule(plan, r.rings);
        for (int i = 0; i < r.rings; i++) {
            r.trackers[i] = plan.mode() == TrackingPlan.Mode.GRADIENT ? new GradientTracker() : new RingTracker();
        }
        announceDie();
    }

    /** Tells every tracker whether the die's changes reach it (a die sensor, its feed-forward on). */
    private void announceDie() {
        boolean announced = feedForward.announcesDie();
        for (Tracker t : r.trackers) {
            t.dieAnnounced(announced);
        }
    }

    /** How this engine tracks its locked rings, and why. */
    public TrackingPlan trackingPlan() {
        return r.tracking.plan();
    }

    public RingLockState state(int i) {
        return r.state[i];
    }

    public int lane(int i) {
        return r.lane[i];
    }

    public double heaterMw(int i) {
        return r.heaters.appliedMw(i);
    }

    public double monitorMa(int i) {
        return r.pd[i];
    }

    public double detuningPm(int i) {
        return r.state[i] == RingLockState.LOCKED ? r.trackers[i].detuningPm() : Double.NaN;
    }

    /**
     * Management: re-acquire ring {@code i} around its current operating point (a fine sweep), as if
     * it had been lost. Control thread only. Returns false when the ring has no line to go back to.
     */
    public boolean requestRelock(int i) {
        return phase == Phase.RUN && acquisition.requestRelock(i);
    }

    /**
     * Management: sweep ring {@code i}'s heater over its whole range (the other rings keep tracking),
     * handing every point to {@code sink}, then reacquire the ring on its line. The ring leaves its
     * line while it sweeps: a bring-up diagnostic, not for a ring carrying traffic. Control thread only.
     */
    public boolean requestDiagnosticSweep(int i, SweepSink sink) {
        return phase == Phase.RUN && acquisition.requestDiagnosticSweep(i, sink);
    }

    /**
     * Management: the monitor fraction of peak a modulator ring locks at (0.05-1; 1 = on the peak).
     * Takes effect at the ring's next acquisition. Control thread only.
     */
    public void setLockFraction(int i, double fraction) {
        if (r.kind[i] != RingKind.MODULATOR) {
            throw new IllegalArgumentException("ring " + ringId(i) + " is a filter: it locks on the peak");
        }
        if (!(fraction >= 0.05 && fraction <= 1.0)) {
            throw new IllegalArgumentException("lock fraction must be 0.05-1.0, got " + fraction);
        }
        r.lockFractions[i] = fraction;
    }

    public double lockFraction(int i) {
        return r.kind[i] == RingKind.MODULATOR ? r.lockFractions[i] : 1.0;
    }

    public RingKind kind(int i) {
        return r.kind[i];
    }

    /** Times ring {@code i} has hopped to another line with its waveguide as the die moved (a counter). */
    public long hops(int i) {
        return r.hops[i];
    }

    /** Times ring {@code i} has lost lock since start (a counter: Stats, not State). */
    public long losses(int i) {
        return r.losses[i];
    }

    public String why(int i) {
        return r.why[i];
    }

    public int ringId(int i) {
        return r.ringId(i);
    }

    public EngineSpec spec() {
        return r.spec;
    }

    /** Events that change the calibration to be kept: locks, and coupling measurements finished. */
    public long lockEvents() {
        return acquisition.locked() + r.probe.completed() + hopEvents;
    }

    /** Whether a requested coupling measurement has not finished yet (the calibration holds nominal entries). */
    public boolean couplingPending() {
        return r.probe.pending();
    }
}
