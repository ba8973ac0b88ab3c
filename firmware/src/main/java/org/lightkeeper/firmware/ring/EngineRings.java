package org.lightkeeper.firmware.ring;

import java.util.Arrays;
import java.util.List;
import org.lightkeeper.firmware.els.ElsSlotController;
import org.lightkeeper.firmware.persist.Calibration;
import org.lightkeeper.hal.board.BoardSpec.EngineSpec;
import org.lightkeeper.hal.board.BoardSpec.RingKind;
import org.lightkeeper.hal.board.BoardSpec.RingSpec;

/**
 * One engine's rings as the lock phases share them: where each ring sits (waveguide, position,
 * neighbours, the ELS feeding it, loopback stages) and what each ring is doing (state, line, tracker,
 * operating-point estimates, the reason shown to the operator). {@link EngineLock} steps the phases;
 * {@link CalibrationSweep}, {@link Acquisition}, {@link FeedForward} and {@link EngineCalibration}
 * each work on this one table, so no state is copied between them. Arrays are package-private and
 * preallocated; nothing here allocates after construction.
 */
final class EngineRings {
    final EngineSpec spec;
    final HeaterBank heaters;
    final int rings;
    final int[][] rows;                 // ring indices per waveguide, light order
    final ElsSlotController[] rowSlot;  // the ELS ultimately feeding each waveguide
    final int[] sourceRow;              // the waveguide a loopback waveguide is fed from, -1 if none
    final int[] stageOf;                // 0: fed by an ELS; a loopback waveguide: its source's + 1
    final int maxStage;
    final RingKind[] kind;
    final int[] rowOf;
    final int[] neighbours;             // 0, 1 or 2 along its waveguide
    final double nominalNmPerMw;

    final double[] pd;                  // this tick's monitor readings, mA
    final RingLockState[] state;
    final Tracker[] trackers;
    /** Which rings each tick reads and updates: all (dither) or a group in turn (gradient); EngineLock#useTracking. */
    TrackingSchedule tracking;
    final int[] lane;                   // assigned ELS lane, -1 none
    final String[] why;
    final long[] losses;
    final long[] failedAt;
    final double[] lockFractions;
    final boolean[] darkLane;
    /** Where the next acquisition of each ring searches, mW. */
    final double[] estimateMw;
    /** Operating point at the ring's last acquisition, mW (0: never locked). */
    final double[] acquiredMw;
    /** Lock fraction each ring's tracker holds now (1: on the peak); a line hop keeps it. */
    final double[] heldFraction;
    /** Times each ring has hopped to another line with its waveguide as the die moved. */
    final long[] hops;
    /** Heater efficiency with every heater of the waveguide moving alike (the calibration sweep's view). */
    final double[] nmPerMwLockstep;
    /** Per ring: the resonance from the stored calibration (null: none), for resuming at restart. */
    final Calibration.Resonance[] calibratedResonance;
    /**
     * Per ring: the height of its own line at its last lock (the fine sweep's peak, or the stored
     * resonance), mA, 0 unknown; and its lane's power setpoint then, mW, 0 unknown. A later fine sweep's peak
     * far below it is not the ring's line but what a ring upstream leaves of another.
     */
    final double[] lineMa;
    final double[] lineLaneMw;
    final CouplingProbe probe;

    EngineRings(EngineSpec spec, HeaterBank heaters, ElsSlotController[] slotOfWaveguide) {
        this.spec = spec;
        this.heaters = heaters;
        List<RingSpec> rs = spec.rings();
        this.rings = rs.size();
        this.nominalNmPerMw = spec.optics().heaterEfficiencyNmPerMw();
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
        this.trackers = new Tracker[rings];
        for (int i = 0; i < rings; i++) {
            trackers[i] = new RingTracker();
        }
        this.tracking = new TrackingSchedule(TrackingPlan.dither(rings), rings);
        this.lane = new int[rings];
        Arrays.fill(lane, -1);
        this.why = new String[rings];
        Arrays.fill(why, "waiting for light");
        this.losses = new long[rings];
        this.failedAt = new long[rings];
        this.lockFractions = new double[rings];
        Arrays.fill(lockFractions, spec.optics().modulatorLockFraction());
        this.darkLane = new boolean[rings];
        this.estimateMw = new double[rings];
        this.acquiredMw = new double[rings];
        this.nmPerMwLockstep = new double[rings];
        this.heldFraction = new double[rings];
        this.hops = new long[rings];
        this.calibratedResonance = new Calibration.Resonance[rings];
        this.lineMa = new double[rings];
        this.lineLaneMw = new double[rings];
        this.probe = new CouplingProbe(rows, rings, spec.optics().neighbourCoupling());
    }

    int ringId(int i) {
        return spec.rings().get(i).id();
    }

    /** The index of the ring with board id {@code id}, -1 if this engine has none. */
    int indexOfRing(int id) {
        for (int i = 0; i < rings; i++) {
            if (ringId(i) == id) {
                return i;
            }
        }
        return -1;
    }

    /** Own heater efficiency: the lockstep sweep's, less what the neighbours (moving alike) added through the coupling. */
    double nmPerMwSelf(int i) {
        return nmPerMwLockstep[i] / (1 + probe.fromLeft(i) + probe.fromRight(i));
    }

    /** Ring {@code i} locks on the slope (a modulator below full fraction) rather than on the peak. */
    boolean locksOnSlope(int i) {
        return kind[i] == RingKind.MODULATOR && lockFractions[i] < 1.0;
    }

    /** Every ring of waveguide {@code w} is locked or parked. */
    boolean settled(int w) {
        for (int i : rows[w]) {
            if (state[i] != RingLockState.LOCKED && state[i] != RingLockState.FAILED) {
                return false;
            }
        }
        return true;
    }
}
