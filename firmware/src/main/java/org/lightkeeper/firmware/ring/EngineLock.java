package org.lightkeeper.firmware.ring;

import java.util.Arrays;
import java.util.List;
import org.lightkeeper.firmware.els.ElsSlotController;
import org.lightkeeper.hal.board.BoardSpec.EngineOptics;
import org.lightkeeper.hal.board.BoardSpec.EngineSpec;
import org.lightkeeper.hal.board.BoardSpec.RingKind;
import org.lightkeeper.hal.board.BoardSpec.RingSpec;

/**
 * Lock acquisition and tracking for every ring of one optical engine (DESIGN.md section 3), stepped
 * once per fast-loop tick: read every monitor, advance each ring, write the heaters that changed.
 *
 * <ol>
 *   <li>SWEEP: for each waveguide and each laser lane, the ELS lights that lane alone and every ring
 *       of the waveguide ramps its heater over its whole range in lockstep. With one line lit, a peak
 *       names its line without ambiguity, so each ring gets the heater power at which it meets each
 *       line (or none).</li>
 *   <li>ARBITRATE: {@link LineArbiter} gives each ring its own line, comb order kept, least power.</li>
 *   <li>ACQUIRE: all lanes lit, heaters pre-positioned with nominal crosstalk feed-forward, then ring
 *       after ring along each waveguide a fine sweep around the estimate finds the exact peak.</li>
 *   <li>LOCKED: a {@link RingTracker} holds the ring; a ring whose monitor collapses is LOST and
 *       fine-swept again around its last power.</li>
 * </ol>
 * Everything is preallocated: the steady-state tick allocates nothing.
 */
public final class EngineLock {
    enum Phase { WAIT_LIGHT, SWEEP, RUN }

    /** Heater step of the calibration sweep (~60 pm at 0.25 nm/mW: 4 samples per 0.25 nm linewidth; the fine sweep refines). */
    static final double SWEEP_STEP_MW = 0.25;
    /** Smallest monitor current taken as a line (TIA and ADC floor is ~0.01 uA). */
    static final double FLOOR_MA = 0.002;
    /** Fine-sweep window, as a fraction of the line spacing on either side of the estimate. */
    static final double FINE_WINDOW_SPACINGS = 0.45;
    /**
     * A fine-sweep trace whose maximum is under this multiple of its minimum shows no thermal
     * response: a working heater sweeps the ring across most of a line spacing there, which changes
     * the monitor more than tenfold; neighbours' dither and crosstalk alone move it by tens of percent.
     */
    static final double FLAT_RATIO = 2.0;
    /** A measured heater efficiency is believed within this factor of the board's nominal value. */
    static final double EFFICIENCY_TRUST = 2.0;
    /** A parked ring that has a line tries to acquire it again after this long. */
    static final long RETRY_NS = 2_000_000_000L;
    /** A lane whose ELS power monitor reads below this is dark (lasers run at tens of mW). */
    static final double LANE_DARK_MW = 1.0;
    /** Room kept below the heater limit for dither and the fine sweep. */
    static final double TOP_MARGIN_MW = 0.5;
    /** Wait this long for the ELS to light a lane before starting over. */
    static final long GATE_TIMEOUT_NS = 1_000_000_000L;
    /** Silicon's thermo-optic shift of a ring resonance, pm per kelvin of die (DESIGN.md section 2, docs/physics.md). */
    static final double RESONANCE_PM_PER_K = 57;
    /** Die temperature read period: at 10 K/s, 20 mK (1.1 pm of resonance) between feed-forward steps. */
    static final long DIE_READ_NS = 2_000_000L;

    private final EngineSpec spec;
    private final HeaterBank heaters;
    private final MonitorBank monitors;
    private final int rings;
    private final int[][] rows;                 // ring indices per waveguide, light order
    private final ElsSlotController[] rowSlot;  // the ELS ultimately feeding each waveguide
    private final int[] sourceRow;              // the waveguide a loopback waveguide is fed from, -1 if none
    private final RingKind[] kind;
    private final int[] rowOf;
    private final int[] neighbours;             // 0, 1 or 2 along its waveguide
    private final double coupling;              // the board file's nominal value, until measured
    private final CouplingProbe probe;
    private final DieThermometer die;           // null: the engine has no die sensor
    private boolean dieFeedForward = true;
    private double dieC = Double.NaN;           // the die temperature last fed forward
    private long dieReadAt;
    private final double lockFraction;
    private final double nominalNmPerMw;
    private final double headroomMw;

    private final double[] pd;
    private final RingLockState[] state;
    private final RingTracker[] trackers;
    private final int[] lane;                   // assigned ELS lane, -1 none
    private final double[][] sweepPeakMw;       // [ring][lane]
    private final double[][] sweepPeakMa;
    private final double[] nmPerMwLockstep;
    private final String[] why;
    private final long[] losses;
    private final long[] failedAt;
    private final double[] before;
    private final double[] lockFractions;
    private final boolean[] darkLane;
    /** Operating point at the ring's last acquisition, mW (0: never locked). */
    private final double[] acquiredMw;
    /** Per waveguide: the ring under a diagnostic sweep (-1 none) and where its points go. */
    private final int[] diagnosticRing;
    private final SweepSink[] diagnosticSink;
    /** Per waveguide: the ELS module the current calibration was made with (null: none yet). */
    private final org.lightkeeper.firmware.els.ElsIdentity[] calibratedFor;

    private Phase phase = Phase.WAIT_LIGHT;
    private final double[][] trace;             // [ring][step]
    private final int sweepSteps;
    private int sweepStage;
    private final int[] stageOf;                // 0: fed by an ELS; a loopback waveguide: its source's + 1
    private final int maxStage;
    private int sweepLane;
    private int sweepStep;
    private boolean gating;
    private long gateSince;

    // Fine sweep, one at a time per waveguide.
    private final int[][] queue;                // per row: rings waiting to acquire, in order
    private final int[] queueLen;
    private final int[] fineRing;               // per row: ring being fine-swept, -1 none
    private final double[] fineStart;
    private final double[] fineStep;
    private final int[] fineSteps;
    private final int[] fineIndex;
    private final double[][] fineTrace;
    private final double[] estimateMw;
    private long lockedCount;
    /** Per ring: the resonance from the stored calibration (null: none), for resuming at restart. */
    private final org.lightkeeper.firmware.persist.Calibration.Resonance[] calibratedResonance;
    /** The heaters were taken as the hardware held them (warm restart): resume tracking where they are. */
    private boolean heatersAdopted;

    public EngineLock(EngineSpec spec, HeaterBank heaters, MonitorBank monitors, ElsSlotController[] slotOfWaveguide) {
        this(spec, heaters, monitors, slotOfWaveguide, null);
    }

    /** With {@code die} (null: none), every locked ring's operating point follows the die temperature at once. */
    public EngineLock(EngineSpec spec, HeaterBank heaters, MonitorBank monitors, ElsSlotController[] slotOfWaveguide,
                      DieThermometer die) {
        this.spec = spec;
        this.die = die;
        this.heaters = heaters;
        this.monitors = monitors;
        List<RingSpec> rs = spec.rings();
        this.rings = rs.size();
        EngineOptics o = spec.optics();
        this.coupling = o.neighbourCoupling();
        this.lockFraction = o.modulatorLockFraction();
        this.nominalNmPerMw = o.heaterEfficiencyNmPerMw();
        this.headroomMw = o.heaterHeadroomMw();
        int wgs = spec.waveguides().size();
        this.rows = new int[wgs][];
        this.rowSlot = slotOfWaveguide.clone();
        this.sourceRow = new int[wgs];
        for (int w = 0; w < wgs; w++) {
            String from = spec.waveguides().get(w).loopbackFrom();
            sourceRow[w] = -1;
            for (int v = 0; from != null && v < wgs; v++) {
                if (spec.waveguides().get(v).name().equals(from)) {
                    sourceRow[w] = v;
                }
            }
        }
        this.kind = new RingKind[rings];
        this.rowOf = new int[rings];
        this.neighbours = new int[rings];
        for (int w = 0; w < wgs; w++) {
            String name = spec.waveguides().get(w).name();
            int n = 0;
            for (RingSpec r : rs) {
                if (r.waveguide().equals(name)) {
                    n++;
                }
            }
            rows[w] = new int[n];
            for (int i = 0; i < rings; i++) {
                RingSpec r = rs.get(i);
                if (r.waveguide().equals(name)) {
                    rows[w][r.position()] = i;
                    rowOf[i] = w;
                    kind[i] = r.kind();
                    neighbours[i] = n == 1 ? 0 : (r.position() == 0 || r.position() == n - 1 ? 1 : 2);
                }
            }
        }
        this.stageOf = new int[wgs];
        int deepest = 0;
        for (int w = 0; w < wgs; w++) {
            int depth = 0;
            for (int v = sourceRow[w]; v >= 0; v = sourceRow[v]) {
                depth++;
            }
            stageOf[w] = depth;
            deepest = Math.max(deepest, depth);
        }
        this.maxStage = deepest;
        this.pd = new double[rings];
        this.state = new RingLockState[rings];
        Arrays.fill(state, RingLockState.IDLE);
        this.trackers = new RingTracker[rings];
        for (int i = 0; i < rings; i++) {
            trackers[i] = new RingTracker();
        }
        this.lane = new int[rings];
        Arrays.fill(lane, -1);
        this.sweepPeakMw = new double[rings][ElsLanes.LANES];
        this.sweepPeakMa = new double[rings][ElsLanes.LANES];
        this.nmPerMwLockstep = new double[rings];
        this.losses = new long[rings];
        this.failedAt = new long[rings];
        this.before = new double[rings];
        this.lockFractions = new double[rings];
        this.darkLane = new boolean[rings];
        this.acquiredMw = new double[rings];
        this.diagnosticRing = new int[wgs];
        Arrays.fill(diagnosticRing, -1);
        this.diagnosticSink = new SweepSink[wgs];
        this.calibratedFor = new org.lightkeeper.firmware.els.ElsIdentity[wgs];
        Arrays.fill(lockFractions, o.modulatorLockFraction());
        this.why = new String[rings];
        Arrays.fill(why, "waiting for light");
        this.sweepSteps = (int) Math.floor(heaters.ringMaxMw() / SWEEP_STEP_MW) + 1;
        this.trace = new double[rings][sweepSteps];
        this.queue = new int[wgs][];
        this.queueLen = new int[wgs];
        this.fineRing = new int[wgs];
        Arrays.fill(fineRing, -1);
        this.fineStart = new double[wgs];
        this.fineStep = new double[wgs];
        this.fineSteps = new int[wgs];
        this.fineIndex = new int[wgs];
        this.fineTrace = new double[wgs][sweepSteps];
        for (int w = 0; w < wgs; w++) {
            queue[w] = new int[rows[w].length];
        }
        this.estimateMw = new double[rings];
        this.calibratedResonance = new org.lightkeeper.firmware.persist.Calibration.Resonance[rings];
        this.probe = new CouplingProbe(rows, rings, coupling);
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

    /** Fraction of the expected monitor level within which a ring at restart is taken as still locked. */
    static final double ADOPT_LOW = 0.5;
    static final double ADOPT_HIGH = 2.0;

    /** One fast-loop tick. */
    public void tick(long now) {
        monitors.read(pd);
        switch (phase) {
            case WAIT_LIGHT -> waitLight(now);
            case SWEEP -> sweep(now);
            case RUN -> run(now);
            default -> throw new IllegalStateException();
        }
        heaters.flush();
    }

    private boolean lightReady() {
        for (ElsSlotController s : rowSlot) {
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
        if (sameModulesAsCalibrated()) {
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
        for (int i = 0; i < rings; i++) {
            state[i] = RingLockState.SWEEP;
            why[i] = "calibration sweep";
            Arrays.fill(sweepPeakMw[i], Double.NaN);
            Arrays.fill(sweepPeakMa[i], 0);
            heaters.set(i, 0);
        }
        sweepStage = 0;
        sweepLane = 0;
        beginGate(now);
    }

    /**
     * The calibration to persist: every ring's line (or none), operating point and heater efficiency;
     * empty until the line assignment is done (a half-done sweep is not worth keeping).
     * Control thread only.
     */
    public java.util.Optional<org.lightkeeper.firmware.persist.Calibration.Engine> calibration() {
        if (phase != Phase.RUN) {
            return java.util.Optional.empty();
        }
        java.util.List<org.lightkeeper.firmware.persist.Calibration.Ring> out = new java.util.ArrayList<>();
        for (int w = 0; w < rows.length; w++) {
            double fsrNm = ElsLanes.LANES * ElsLanes.meanSpacingNm(rowSlot[w].identity().laneFrequencyGhz(),
                    ElsLanes.byWavelength(rowSlot[w].identity().laneFrequencyGhz()));
            for (int i : rows[w]) {
                if (lane[i] < 0) {
                    // No line for it in any assignment: kept as such, so a restart need not sweep to find that out.
                    double eff = nmPerMwSelf(i) > 0 ? nmPerMwSelf(i) : nominalNmPerMw;
                    out.add(new org.lightkeeper.firmware.persist.Calibration.Ring(ringId(i), heaters.appliedMw(i), null,
                            fsrNm, eff));
                    continue;
                }
                // A ring not locked now (parked on a dead lane, reacquiring) keeps its line and its last
                // operating point: one lost lane must not stop the rest of the calibration being kept.
                boolean locked = state[i] == RingLockState.LOCKED;
                double at = locked ? trackers[i].basePowerMw() : acquiredMw[i] > 0 ? acquiredMw[i] : estimateMw[i];
                var resonance = locked ? new org.lightkeeper.firmware.persist.Calibration.Resonance(trackers[i].peakMa(),
                        trackers[i].halfWidthMw()) : calibratedResonance[i];
                // FSR is not measured (a ring rarely meets one line in two orders): the comb span stands in.
                out.add(new org.lightkeeper.firmware.persist.Calibration.Ring(ringId(i),
                        Math.max(0, Math.min(at, heaters.ringMaxMw())),
                        new org.lightkeeper.firmware.persist.LaneKey(rowSlot[w].slot(), lane[i]), fsrNm,
                        nmPerMwSelf(i) > 0 ? nmPerMwSelf(i) : nominalNmPerMw, resonance));
            }
        }
        return java.util.Optional.of(new org.lightkeeper.firmware.persist.Calibration.Engine(spec.engine(), out,
                measuredCoupling()));
    }

    /**
     * The measured entries of the neighbour-coupling matrix as the calibration document keeps them:
     * the fraction of the aggressor's own resonance shift the victim feels (heater mW ratios times the
     * victim's over the aggressor's efficiency), so the document does not depend on which heater moved.
     */
    private java.util.List<org.lightkeeper.firmware.persist.Calibration.Coupling> measuredCoupling() {
        java.util.List<org.lightkeeper.firmware.persist.Calibration.Coupling> out = new java.util.ArrayList<>();
        for (int[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                int v = row[j];
                if (j > 0 && probe.measuredLeft(v)) {
                    out.add(new org.lightkeeper.firmware.persist.Calibration.Coupling(ringId(v), ringId(row[j - 1]),
                            probe.fromLeft(v) * nmPerMwSelf(v) / nmPerMwSelf(row[j - 1])));
                }
                if (j + 1 < row.length && probe.measuredRight(v)) {
                    out.add(new org.lightkeeper.firmware.persist.Calibration.Coupling(ringId(v), ringId(row[j + 1]),
                            probe.fromRight(v) * nmPerMwSelf(v) / nmPerMwSelf(row[j + 1])));
                }
            }
        }
        return out;
    }

    /** Ring {@code v}'s operating-point move per mW of neighbour {@code a}'s heater (left or right), for tests and telemetry. */
    public double couplingMwPerMw(int v, boolean fromLeft) {
        return fromLeft ? probe.fromLeft(v) : probe.fromRight(v);
    }

    /** Whether that entry was measured (here or in the stored calibration) rather than the board file's nominal value. */
    public boolean couplingMeasured(int v, boolean fromLeft) {
        return fromLeft ? probe.measuredLeft(v) : probe.measuredRight(v);
    }

    /**
     * Seeds this engine with a stored calibration made with the module {@code vendor}/{@code serial}
     * feeding each waveguide: if that very module is found when the light comes, the rings reacquire
     * from it without a sweep; any other module is calibrated afresh. Before the first tick only.
     */
    public void seedCalibration(org.lightkeeper.firmware.persist.Calibration.Engine cal,
                                java.util.function.IntFunction<org.lightkeeper.firmware.persist.Calibration.Els> elsOfSlot) {
        for (int w = 0; w < rows.length; w++) {
            org.lightkeeper.firmware.persist.Calibration.Els els = elsOfSlot.apply(rowSlot[w].slot());
            boolean complete = els != null;
            for (int i : rows[w]) {
                var r = cal.ring(ringId(i));
                if (r.isPresent() && r.get().assignedLane() == null) {
                    lane[i] = -1; // calibrated as having no line
                    estimateMw[i] = r.get().heaterPowerAtLockMw();
                    continue;
                }
                if (r.isEmpty() || r.get().assignedLane().slot() != rowSlot[w].slot()) {
                    complete = false;
                    continue;
                }
                lane[i] = r.get().assignedLane().lane();
                estimateMw[i] = r.get().heaterPowerAtLockMw();
                calibratedResonance[i] = r.get().resonance();
            }
            calibratedFor[w] = complete ? new org.lightkeeper.firmware.els.ElsIdentity(0x22, 0, els.vendor(), "",
                    els.serial(), ElsLanes.LANES, java.util.List.of()) : null;
        }
        seedCoupling(cal);
    }

    /**
     * The stored neighbour-coupling matrix (fractions of the aggressor's resonance shift) back in heater
     * mW per mW with the stored efficiencies; then each ring's lockstep efficiency from its own and
     * the coupling, as the calibration sweep would have measured it.
     */
    private void seedCoupling(org.lightkeeper.firmware.persist.Calibration.Engine cal) {
        double[] eta = new double[rings];
        for (int i = 0; i < rings; i++) {
            eta[i] = cal.ring(ringId(i)).map(org.lightkeeper.firmware.persist.Calibration.Ring::nmPerMw).orElse(Double.NaN);
        }
        for (var c : cal.coupling()) {
            int v = indexOfRing(c.victim());
            int a = indexOfRing(c.aggressor());
            if (v < 0 || a < 0 || rowOf[v] != rowOf[a] || !(eta[v] > 0 && eta[a] > 0)) {
                continue;
            }
            int pv = spec.rings().get(v).position();
            int pa = spec.rings().get(a).position();
            if (Math.abs(pv - pa) == 1) {
                probe.set(v, pa < pv, c.fraction() * eta[a] / eta[v]);
            }
        }
        for (int i = 0; i < rings; i++) {
            if (eta[i] > 0) {
                nmPerMwLockstep[i] = eta[i] * (1 + probe.fromLeft(i) + probe.fromRight(i));
            }
        }
    }

    private int indexOfRing(int id) {
        for (int i = 0; i < rings; i++) {
            if (ringId(i) == id) {
                return i;
            }
        }
        return -1;
    }

    /** Every waveguide's ELS was taken running at restart (its lanes never went dark). */
    private boolean modulesAdoptedRunning() {
        for (ElsSlotController s : rowSlot) {
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
        for (int w = 0; w < rows.length; w++) {
            queueLen[w] = 0;
            for (int i : rows[w]) {
                if (lane[i] < 0) {
                    state[i] = RingLockState.FAILED;
                    why[i] = "no line in the calibration";
                    continue;
                }
                double p = heaters.appliedMw(i);
                var res = calibratedResonance[i];
                boolean slope = kind[i] == RingKind.MODULATOR && lockFractions[i] < 1.0;
                double expected = res == null ? Double.NaN : slope ? lockFractions[i] * res.peakMa() : res.peakMa();
                double ratio = pd[i] / expected;
                if (res != null && ratio >= ADOPT_LOW && ratio <= ADOPT_HIGH) {
                    double cmd = slope
                            ? trackers[i].resumeSlope(p, pd[i], res.halfWidthMw(), lockFractions[i], nmPerMwSelf(i))
                            : trackers[i].resumePeak(p, pd[i], res.halfWidthMw(), nmPerMwSelf(i));
                    heaters.set(i, cmd);
                    acquiredMw[i] = trackers[i].basePowerMw();
                    state[i] = RingLockState.LOCKED;
                    why[i] = "locked on lane " + lane[i] + " (adopted at restart)";
                    lockedCount++;
                } else {
                    estimateMw[i] = p;
                    state[i] = RingLockState.ACQUIRE;
                    why[i] = res == null ? "restart: calibration has no resonance shape; reacquiring lane " + lane[i]
                            : String.format("restart: monitor reads %.2f of its lock level; reacquiring lane %d",
                                    ratio, lane[i]);
                    queue[w][queueLen[w]++] = i;
                }
            }
            rowSlot[w].requestLanes(0xFF);
        }
        phase = Phase.RUN;
    }

    /** Every waveguide's ELS is the very module (vendor and serial) the current calibration was made with. */
    private boolean sameModulesAsCalibrated() {
        for (int w = 0; w < rows.length; w++) {
            if (calibratedFor[w] == null || !calibratedFor[w].sameModule(rowSlot[w].identity())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The same module came back (reinserted, or its light restored): keep the line assignment and go
     * straight to a fine acquisition around each ring's last operating point, no sweep.
     */
    private void resumeFromCalibration() {
        for (int w = 0; w < rows.length; w++) {
            queueLen[w] = 0;
            for (int i : rows[w]) {
                if (lane[i] < 0) {
                    state[i] = RingLockState.FAILED;
                    continue;
                }
                if (heatersAdopted) {
                    estimateMw[i] = heaters.appliedMw(i); // nearer than the calibration if the die has moved since
                }
                heaters.set(i, estimateMw[i]);
                state[i] = RingLockState.ACQUIRE;
                why[i] = "same ELS module back: reacquiring lane " + lane[i] + " from calibration";
                queue[w][queueLen[w]++] = i;
            }
            rowSlot[w].requestLanes(0xFF);
        }
        phase = Phase.RUN;
    }

    /** Lights only the lane being swept on every ELS feeding a waveguide of the current stage. */
    private void beginGate(long now) {
        for (int w = 0; w < rows.length; w++) {
            if (stageOf[w] == sweepStage) {
                rowSlot[w].requestLanes(1 << sweepLane);
            }
        }
        gating = true;
        gateSince = now;
    }

    private boolean gateOpen() {
        int want = 1 << sweepLane;
        for (int w = 0; w < rows.length; w++) {
            if (stageOf[w] == sweepStage && (rowSlot[w].onLanes() != want || rowSlot[w].enabledLanes() != want)) {
                return false;
            }
        }
        return true;
    }

    /** The light went away (ELS removed, failed, or interlocked): hold heaters, start over when it returns. */
    private void loseLight() {
        if (phase == Phase.RUN) {
            // Remember what each ring was locked to: the same module back means no new sweep is needed.
            for (int i = 0; i < rings; i++) {
                if (state[i] == RingLockState.LOCKED) {
                    estimateMw[i] = trackers[i].basePowerMw();
                }
            }
        }
        phase = Phase.WAIT_LIGHT;
        for (int i = 0; i < rings; i++) {
            state[i] = RingLockState.IDLE;
            why[i] = "waiting for light";
        }
        Arrays.fill(fineRing, -1);
        Arrays.fill(queueLen, 0);
        for (int w = 0; w < rows.length; w++) {
            probe.abort(w);
            if (diagnosticSink[w] != null) {
                diagnosticSink[w].done("interrupted: the light went away");
                diagnosticSink[w] = null;
                diagnosticRing[w] = -1;
            }
        }
    }

    /**
     * One sweep step for every waveguide of the current stage at once: waveguides fed straight from an
     * ELS are stage 0, a loopback waveguide is one stage after its source (its source's rings sit
     * still meanwhile, so they cannot shadow the lines it measures).
     */
    private void sweep(long now) {
        if (!lightReady()) {
            loseLight();
            return;
        }
        if (gating) {
            if (operatorDarkened(sweepLane)) {
                // The operator keeps this lane dark: it cannot be swept, so no ring is given its line.
                for (int w = 0; w < rows.length; w++) {
                    for (int i : stageOf[w] == sweepStage ? rows[w] : new int[0]) {
                        why[i] = "calibration sweep (lane " + sweepLane + " kept dark by the operator, skipped)";
                    }
                }
                nextSweepLane(now);
                return;
            }
            if (gateOpen()) {
                gating = false;
                sweepStep = 0;
            } else if (now - gateSince > GATE_TIMEOUT_NS) {
                for (int w = 0; w < rows.length; w++) {
                    for (int i : stageOf[w] == sweepStage ? rows[w] : new int[0]) {
                        why[i] = "ELS did not light lane " + sweepLane + " for the sweep";
                    }
                }
                loseLight();
            }
            return;
        }
        boolean last = sweepStep + 1 == sweepSteps;
        for (int w = 0; w < rows.length; w++) {
            if (stageOf[w] != sweepStage) {
                continue;
            }
            for (int i : rows[w]) {
                trace[i][sweepStep] = pd[i];
                if (!last) {
                    heaters.set(i, (sweepStep + 1) * SWEEP_STEP_MW);
                    continue;
                }
                Peak p = Peak.find(trace[i], sweepSteps, 0, SWEEP_STEP_MW, FLOOR_MA, Peak.SWEEP_PROMINENCE);
                if (p != null) {
                    sweepPeakMw[i][sweepLane] = p.powerMw();
                    sweepPeakMa[i][sweepLane] = p.heightMa();
                }
                heaters.set(i, 0);
            }
        }
        sweepStep++;
        if (last) {
            nextSweepLane(now);
        }
    }

    /** Whether the operator forbids lane {@code lane} on an ELS feeding the stage being swept. */
    private boolean operatorDarkened(int lane) {
        for (int w = 0; w < rows.length; w++) {
            if (stageOf[w] == sweepStage && (rowSlot[w].operatorLanes() & (1 << lane)) == 0) {
                return true;
            }
        }
        return false;
    }

    private void nextSweepLane(long now) {
        sweepLane++;
        if (sweepLane == ElsLanes.LANES) {
            parkBetweenLines(sweepStage);
            sweepLane = 0;
            sweepStage++;
        }
        if (sweepStage <= maxStage) {
            beginGate(now);
        } else {
            arbitrate();
        }
    }

    /**
     * After a stage's sweep its rings know where every line is: park each where it is farthest from
     * all of them, so the later stages (fed through these waveguides) sweep lines no cold ring of
     * ours happens to be sitting on and shadowing.
     */
    private void parkBetweenLines(int stage) {
        for (int w = 0; w < rows.length; w++) {
            if (stageOf[w] != stage) {
                continue;
            }
            for (int i : rows[w]) {
                double best = SweepAnalysis.midwayBetweenLines(sweepPeakMw[i]);
                heaters.set(i, best);
            }
        }
    }

    private void arbitrate() {
        for (int w = 0; w < rows.length; w++) {
            int[] row = rows[w];
            int[] order = ElsLanes.byWavelength(rowSlot[w].identity().laneFrequencyGhz());
            double[] lambda = ElsLanes.wavelengthsNm(rowSlot[w].identity().laneFrequencyGhz());
            double[][] m = new double[row.length][order.length];
            for (int j = 0; j < row.length; j++) {
                for (int l = 0; l < order.length; l++) {
                    m[j][l] = sweepPeakMw[row[j]][order[l]];
                }
                nmPerMwLockstep[row[j]] = SweepAnalysis.efficiency(sweepPeakMw[row[j]], order, lambda,
                        nominalNmPerMw * (1 + coupling * neighbours[row[j]]));
            }
            // Headroom both ways: the die may warm (less heater needed) or cool (more) after calibration.
            LineArbiter.Assignment assigned = LineArbiter.assign(m, coupling, headroomMw,
                    heaters.ringMaxMw() - Math.max(TOP_MARGIN_MW, headroomMw), heaters.ringMaxMw() - TOP_MARGIN_MW);
            queueLen[w] = 0;
            for (int j = 0; j < row.length; j++) {
                int i = row[j];
                int line = assigned.line()[j];
                lane[i] = line < 0 ? -1 : order[line];
                if (lane[i] < 0) {
                    state[i] = RingLockState.FAILED;
                    why[i] = "no laser line within this ring's tuning range for any comb-order assignment";
                    heaters.set(i, 0);
                    continue;
                }
                // Pre-position at the estimate, neighbours' crosstalk fed forward.
                estimateMw[i] = assigned.lockMw()[j];
                heaters.set(i, estimateMw[i]);
                state[i] = RingLockState.ACQUIRE;
                why[i] = "acquiring lane " + lane[i];
                queue[w][queueLen[w]++] = i;
            }
            rowSlot[w].requestLanes(0xFF);
            calibratedFor[w] = rowSlot[w].identity();
            probe.request(w);
        }
        phase = Phase.RUN;
    }


    private void run(long now) {
        if (!lightReady()) {
            loseLight();
            return;
        }
        for (int i = 0; i < rings; i++) {
            before[i] = heaters.appliedMw(i);
        }
        followDie(now);
        for (int w = 0; w < rows.length; w++) {
            if ((rowSlot[w].onLanes() & 0xFF) != rowSlot[w].wantedLanes()) {
                continue; // lanes still ramping (an operator-disabled lane is not waited for)
            }
            int src = sourceRow[w];
            for (int i : rows[w]) {
                if (state[i] == RingLockState.FAILED && lane[i] >= 0 && !darkLane[i]
                        && rowSlot[w].powerMw(lane[i]) < LANE_DARK_MW) {
                    // The ELS's lane monitor (read round robin) has caught up: name the real cause.
                    darkLane[i] = true;
                    why[i] = "no light on lane " + lane[i] + ": the ELS reports its laser dark; parked";
                }
                if (state[i] == RingLockState.LOCKED && (probe.holds(i) || (src >= 0 && probe.active(src)))) {
                    // An aggressor of the coupling measurement is held where the probe puts it; a ring fed
                    // through a waveguide under measurement is held where it is (a stepped modulator there
                    // changes the light it locks on, which its tracker would take for a detuning).
                    heaters.set(i, trackers[i].command() + probe.offsetMw(i));
                } else if (state[i] == RingLockState.LOCKED) {
                    double cmd = trackers[i].update(pd[i]);
                    heaters.set(i, cmd);
                    boolean railed = cmd <= 0 || cmd >= heaters.ringMaxMw();
                    if (trackers[i].lost() || railed) {
                        state[i] = RingLockState.LOST;
                        losses[i]++;
                        why[i] = railed ? "tracking ran the heater to its limit"
                                : "monitor fell below " + RingTracker.LOST_FRACTION + " of its lock level";
                        estimateMw[i] = trackers[i].basePowerMw();
                        queue[w][queueLen[w]++] = i;
                    }
                }
            }
            if (measureCoupling(w)) {
                continue; // no acquisition starts on a waveguide whose coupling is being measured
            }
            // A loopback waveguide sees its source's light: while a source ring sweeps across a line it
            // shadows that line here, and a source ring stepped by the coupling measurement changes the
            // light a filter here locks on, so acquisition waits until the source waveguide is quiet.
            if (src < 0 || (fineRing[src] < 0 && queueLen[src] == 0 && !probe.active(src))) {
                fine(w, now);
            }
        }
        feedForward();
    }

    /**
     * The start-up coupling measurement of waveguide {@code w} ({@link CouplingProbe}): begun once no
     * ring of it is acquiring, stepped every tick, given up if a ring needs acquiring meanwhile.
     * Returns whether it is running.
     */
    private boolean measureCoupling(int w) {
        // A source waveguide is measured first, once the waveguides it feeds are locked too (they are held
        // meanwhile); then the waveguides it feeds, with the source tracking.
        int src = sourceRow[w];
        boolean sourceQuiet = src < 0 || (fineRing[src] < 0 && queueLen[src] == 0 && !probe.waiting(src) && !probe.active(src));
        boolean fedQuiet = true;
        for (int v = 0; v < rows.length; v++) {
            fedQuiet &= sourceRow[v] != w || (fineRing[v] < 0 && queueLen[v] == 0 && settled(v));
        }
        if (probe.waiting(w) && probe.quietLongEnough(w,
                fineRing[w] < 0 && queueLen[w] == 0 && settled(w) && sourceQuiet && fedQuiet)) {
            probe.begin(w, trackers, state);
            return true;
        }
        if (!probe.active(w)) {
            return false;
        }
        if (queueLen[w] > 0) {
            probe.abort(w);
            return false;
        }
        probe.tick(w, trackers, state);
        return probe.active(w);
    }

    /** Whether a coupling measurement runs on some waveguide now. */
    boolean measuringCoupling() {
        for (int w = 0; w < rows.length; w++) {
            if (probe.active(w)) {
                return true;
            }
        }
        return false;
    }

        /** Every ring of waveguide {@code w} is locked or parked. */
    private boolean settled(int w) {
        for (int i : rows[w]) {
            if (state[i] != RingLockState.LOCKED && state[i] != RingLockState.FAILED) {
                return false;
            }
        }
        return true;
    }

    /**
     * Crosstalk feed-forward (DESIGN.md section 3): when a ring that is not tracking steps its heater
     * (acquisition, fine sweep, parking), each locked neighbour moves its operating point by
     * -c * step at once instead of waiting for its tracker to notice the shift, c from the measured
     * neighbour-coupling matrix (the board file's nominal value where unmeasured).
     */
    private void feedForward() {
        for (int[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                int i = row[j];
                if (state[i] == RingLockState.LOCKED) {
                    continue;
                }
                double step = heaters.appliedMw(i) - before[i];
                if (step == 0) {
                    continue;
                }
                if (j > 0) {
                    compensate(row[j - 1], -probe.fromRight(row[j - 1]) * step);
                }
                if (j + 1 < row.length) {
                    compensate(row[j + 1], -probe.fromLeft(row[j + 1]) * step);
                }
            }
        }
    }

    private void compensate(int j, double shiftMw) {
        if (state[j] == RingLockState.LOCKED) {
            heaters.set(j, trackers[j].shift(shiftMw) + probe.offsetMw(j));
        }
    }

    /**
     * Die-temperature feed-forward: a die warmer by dT moves every resonance by 57 pm/K x dT, so each
     * locked ring's operating point moves at once by that over its heater's reach (its own efficiency
     * plus what its locked neighbours, moving alike, add through the coupling); the trackers only trim.
     */
    private void followDie(long now) {
        if (die == null || !dieFeedForward || now - dieReadAt < DIE_READ_NS) {
            return;
        }
        dieReadAt = now;
        double t = die.readC();
        double dT = t - dieC;
        dieC = t;
        if (!(Math.abs(dT) > 0)) {
            return; // unchanged, or the first reading (dT NaN): it only sets the reference
        }
        double shiftNm = -RESONANCE_PM_PER_K / 1000 * dT;
        for (int[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                int i = row[j];
                if (state[i] != RingLockState.LOCKED || !(nmPerMwSelf(i) > 0)) {
                    continue;
                }
                double reach = 1;
                if (j > 0 && state[row[j - 1]] == RingLockState.LOCKED) {
                    reach += probe.fromLeft(i);
                }
                if (j + 1 < row.length && state[row[j + 1]] == RingLockState.LOCKED) {
                    reach += probe.fromRight(i);
                }
                compensate(i, shiftNm / (nmPerMwSelf(i) * reach));
            }
        }
    }

    /** Management and tests: whether the die-temperature feed-forward is applied (on by default where a die sensor exists). */
    public void setDieFeedForward(boolean on) {
        dieFeedForward = on;
        dieC = Double.NaN;
    }

    /** Whether this engine reads a die temperature to feed forward. */
    public boolean hasDieSensor() {
        return die != null;
    }

    /** Own heater efficiency: the lockstep sweep's, less what the neighbours (moving alike) added through the coupling. */
    private double nmPerMwSelf(int i) {
        return nmPerMwLockstep[i] / (1 + probe.fromLeft(i) + probe.fromRight(i));
    }

    private void fine(int w, long now) {
        int i = fineRing[w];
        if (i < 0) {
            for (int r : rows[w]) {
                // A parked ring with a line tries again now and then: the die may have come back into range.
                if (state[r] == RingLockState.FAILED && lane[r] >= 0 && now - failedAt[r] > RETRY_NS
                        && queueLen[w] < queue[w].length) {
                    failedAt[r] = now;
                    if (acquiredMw[r] > 0) {
                        // Search where the ring last locked, not where tracking gave up (it may have railed).
                        estimateMw[r] = acquiredMw[r];
                    }
                    state[r] = RingLockState.ACQUIRE;
                    queue[w][queueLen[w]++] = r;
                }
            }
            if (queueLen[w] == 0) {
                return;
            }
            i = queue[w][0];
            System.arraycopy(queue[w], 1, queue[w], 0, --queueLen[w]);
            int[] order = ElsLanes.byWavelength(rowSlot[w].identity().laneFrequencyGhz());
            double spacingNm = ElsLanes.meanSpacingNm(rowSlot[w].identity().laneFrequencyGhz(), order);
            double halfWindow = FINE_WINDOW_SPACINGS * spacingNm / nmPerMwSelf(i);
            fineRing[w] = i;
            fineStep[w] = Math.max(0.02, halfWindow / 20);
            fineStart[w] = Math.max(0, estimateMw[i] - halfWindow);
            fineSteps[w] = Math.min(fineTrace[w].length, (int) Math.ceil(2 * halfWindow / fineStep[w]) + 1);
            if (diagnosticRing[w] == i) {
                // The whole heater range at the calibration sweep's step.
                fineStart[w] = 0;
                fineStep[w] = SWEEP_STEP_MW;
                fineSteps[w] = sweepSteps;
            }
            fineIndex[w] = 0;
            heaters.set(i, fineStart[w]);
            state[i] = diagnosticRing[w] == i ? RingLockState.SWEEP : RingLockState.ACQUIRE;
            return;
        }
        fineTrace[w][fineIndex[w]] = pd[i];
        if (diagnosticRing[w] == i) {
            diagnosticSink[w].point(fineStart[w] + fineIndex[w] * fineStep[w], pd[i]);
        }
        fineIndex[w]++;
        if (fineIndex[w] < fineSteps[w]) {
            heaters.set(i, fineStart[w] + fineIndex[w] * fineStep[w]);
            return;
        }
        fineRing[w] = -1;
        if (diagnosticRing[w] == i) {
            // Done: hand the ring back to a normal acquisition around where it was locked.
            SweepSink sink = diagnosticSink[w];
            diagnosticRing[w] = -1;
            diagnosticSink[w] = null;
            heaters.set(i, estimateMw[i]);
            if (lane[i] >= 0) {
                state[i] = RingLockState.ACQUIRE;
                why[i] = "reacquiring lane " + lane[i] + " after a diagnostic sweep";
                queue[w][queueLen[w]++] = i;
            } else {
                state[i] = RingLockState.FAILED;
            }
            sink.done("swept " + fineSteps[w] + " points; ring " + (lane[i] >= 0 ? "reacquiring lane " + lane[i] : "has no line"));
            return;
        }
        Peak p = Peak.find(fineTrace[w], fineSteps[w], fineStart[w], fineStep[w], FLOOR_MA, Peak.FINE_PROMINENCE);
        if (p == null || Double.isNaN(p.fwhmMw())) {
            // Parked where it was: moving a parked ring's heater far would sweep its resonance across
            // other rings' lines and shadow them downstream; held, it disturbs nobody.
            state[i] = RingLockState.FAILED;
            heaters.set(i, estimateMw[i]);
            double laneMw = rowSlot[w].powerMw(lane[i]);
            failedAt[i] = now;
            double windowEnd = fineStart[w] + (fineSteps[w] - 1) * fineStep[w];
            boolean clipped = windowEnd > heaters.ringMaxMw() || estimateMw[i] - (windowEnd - fineStart[w]) / 2 < 0;
            why[i] = laneMw < LANE_DARK_MW
                    ? String.format("no light on lane %d: the ELS reports %.2f mW; parked", lane[i], laneMw)
                    : clipped
                    // The search ran into the end of the heater range: the die has moved the line out of reach.
                    ? String.format("line out of the heater's range (search clipped at %s); parked",
                            windowEnd > heaters.ringMaxMw() ? String.format("%.1f mW", heaters.ringMaxMw()) : "0 mW")
                    : SweepAnalysis.diagnose(fineTrace[w], fineSteps[w], estimateMw[i]);
            return;
        }
        double cmd = kind[i] == RingKind.FILTER
                ? trackers[i].lockPeak(p.powerMw(), p.heightMa(), p.fwhmMw() / 2, nmPerMwSelf(i))
                : lockFractions[i] >= 1.0
                        ? trackers[i].lockPeak(p.powerMw(), p.heightMa(), p.fwhmMw() / 2, nmPerMwSelf(i))
                        : trackers[i].lockSlope(p.powerMw(), p.heightMa(), p.fwhmMw() / 2, lockFractions[i], nmPerMwSelf(i));
        heaters.set(i, cmd);
        acquiredMw[i] = trackers[i].basePowerMw();
        state[i] = RingLockState.LOCKED;
        darkLane[i] = false;
        why[i] = "locked on lane " + lane[i];
        lockedCount++;
    }


    public int ringCount() {
        return rings;
    }

    public RingLockState state(int i) {
        return state[i];
    }

    public int lane(int i) {
        return lane[i];
    }

    public double heaterMw(int i) {
        return heaters.appliedMw(i);
    }

    public double monitorMa(int i) {
        return pd[i];
    }

    public double detuningPm(int i) {
        return state[i] == RingLockState.LOCKED ? trackers[i].detuningPm() : Double.NaN;
    }

    /**
     * Management: re-acquire ring {@code i} around its current operating point (a fine sweep), as if
     * it had been lost. Control thread only. Returns false when the ring has no line to go back to.
     */
    public boolean requestRelock(int i) {
        if (phase != Phase.RUN || lane[i] < 0 || state[i] == RingLockState.ACQUIRE) {
            return false;
        }
        int w = rowOf[i];
        if (queueLen[w] >= queue[w].length) {
            return false;
        }
        if (state[i] == RingLockState.LOCKED) {
            estimateMw[i] = trackers[i].basePowerMw();
        }
        state[i] = RingLockState.ACQUIRE;
        why[i] = "relock requested";
        queue[w][queueLen[w]++] = i;
        return true;
    }

    /**
     * Management: sweep ring {@code i}'s heater over its whole range (the other rings keep tracking),
     * handing every point to {@code sink}, then reacquire the ring on its line. The ring leaves its
     * line while it sweeps: a bring-up diagnostic, not for a ring carrying traffic. Control thread only.
     */
    public boolean requestDiagnosticSweep(int i, SweepSink sink) {
        if (phase != Phase.RUN || state[i] == RingLockState.ACQUIRE || diagnosticSink[rowOf[i]] != null) {
            return false;
        }
        int w = rowOf[i];
        if (queueLen[w] >= queue[w].length) {
            return false;
        }
        if (state[i] == RingLockState.LOCKED) {
            estimateMw[i] = trackers[i].basePowerMw();
        }
        diagnosticRing[w] = i;
        diagnosticSink[w] = sink;
        state[i] = RingLockState.SWEEP;
        why[i] = "diagnostic sweep requested";
        // Ahead of any queued acquisition on this waveguide.
        System.arraycopy(queue[w], 0, queue[w], 1, queueLen[w]);
        queue[w][0] = i;
        queueLen[w]++;
        return true;
    }

    /**
     * Management: the monitor fraction of peak a modulator ring locks at (0.05-1; 1 = on the peak).
     * Takes effect at the ring's next acquisition. Control thread only.
     */
    public void setLockFraction(int i, double fraction) {
        if (kind[i] != RingKind.MODULATOR) {
            throw new IllegalArgumentException("ring " + ringId(i) + " is a filter: it locks on the peak");
        }
        if (!(fraction >= 0.05 && fraction <= 1.0)) {
            throw new IllegalArgumentException("lock fraction must be 0.05-1.0, got " + fraction);
        }
        lockFractions[i] = fraction;
    }

    public double lockFraction(int i) {
        return kind[i] == RingKind.MODULATOR ? lockFractions[i] : 1.0;
    }

    public RingKind kind(int i) {
        return kind[i];
    }

    /** Times ring {@code i} has lost lock since start (a counter: Stats, not State). */
    public long losses(int i) {
        return losses[i];
    }

    public String why(int i) {
        return why[i];
    }

    public int ringId(int i) {
        return spec.rings().get(i).id();
    }

    public EngineSpec spec() {
        return spec;
    }

    /** Events that change the calibration to be kept: locks, and coupling measurements finished. */
    public long lockEvents() {
        return lockedCount + probe.completed();
    }

    /** Whether a requested coupling measurement has not finished yet (the calibration holds nominal entries). */
    public boolean couplingPending() {
        return probe.pending();
    }
}
