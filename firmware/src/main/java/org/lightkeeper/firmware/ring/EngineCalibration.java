package org.lightkeeper.firmware.ring;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.lightkeeper.firmware.els.ElsIdentity;
import org.lightkeeper.firmware.persist.Calibration;
import org.lightkeeper.firmware.persist.LaneKey;

/**
 * One engine's calibration as the state directory keeps it (docs/persistence.md): taken from the
 * rings (each ring's line or none, operating point, heater efficiency, resonance shape, the measured
 * neighbour-coupling matrix), and put back into them at start, remembering which ELS module each
 * waveguide's calibration was made with: only that very module lets the rings skip the sweep.
 */
final class EngineCalibration {
    private final EngineRings r;
    private final LineHop hop;
    /** Per waveguide: the ELS module the current calibration was made with (null: none yet). */
    private final ElsIdentity[] madeWith;
    /** Per waveguide: the rings' FSR from the stored calibration, nm (NaN: none). */
    private final double[] storedFsrNm;
    /** Per ring with no line in the stored calibration: where a line lies from its kept heater power (null: not kept). */
    private final Calibration.IdleLine[] idleLine;

    EngineCalibration(EngineRings rings, LineHop hop) {
        this.r = rings;
        this.hop = hop;
        this.madeWith = new ElsIdentity[r.rows.length];
        this.storedFsrNm = new double[r.rows.length];
        this.idleLine = new Calibration.IdleLine[r.rings];
        java.util.Arrays.fill(storedFsrNm, Double.NaN);
    }

    /** Ring {@code i}'s idle line as the stored calibration has it (a ring with no lane); null none. */
    Calibration.IdleLine idleLine(int i) {
        return idleLine[i];
    }

    /** Waveguide {@code w}'s rings' FSR as the stored calibration has it, nm; NaN without one. */
    double storedFsrNm(int w) {
        return storedFsrNm[w];
    }

    /**
     * Waveguide {@code w}'s lines were just assigned with the module feeding it now: a stored ring's idle
     * line belongs to the old calibration (another comb, another die temperature), and a later resume
     * ({@code restoreIdleLines}) must not hold a ring by it; the arbitration sets its own ({@link LineHop#idle}).
     */
    void madeWithCurrentModule(int w, double fsrNm) {
        madeWith[w] = r.rowSlot[w].identity();
        // The rings' FSR from this arbitration's lattice, for a later resume of the same module (which
        // hands the stored one to LineHop#prepare): the stored one was another module's.
        storedFsrNm[w] = fsrNm;
        for (int i : r.rows[w]) {
            idleLine[i] = null;
        }
    }

    /** Every waveguide's ELS is the very module (vendor and serial) the current calibration was made with. */
    boolean sameModules() {
        for (int w = 0; w < r.rows.length; w++) {
            if (madeWith[w] == null || !madeWith[w].sameModule(r.rowSlot[w].identity())) {
                return false;
            }
        }
        return true;
    }

    /** The calibration to keep, from the rings as they are now. */
    Calibration.Engine export() {
        List<Calibration.Ring> out = new ArrayList<>();
        for (int w = 0; w < r.rows.length; w++) {
            var ghz = r.rowSlot[w].identity().laneFrequencyGhz();
            // The comb period the sweep's peak lattice measured in ring frame (the rings' FSR); failing
            // that, the comb span stands in.
            double fsrNm = hop.fsrNm(w) > 0 ? hop.fsrNm(w) : ElsLanes.LANES * ElsLanes.meanSpacingNm(ghz, ElsLanes.byWavelength(ghz));
            for (int i : r.rows[w]) {
                double eff = r.nmPerMwSelf(i) > 0 ? r.nmPerMwSelf(i) : r.nominalNmPerMw;
                if (r.lane[i] < 0) {
                    // No line for it in any assignment: kept as such, so a restart need not sweep to find that
                    // out, with where a line lies from where it is held, so a restart keeps it off the lines.
                    double at = Math.max(0, Math.min(r.heaters.appliedMw(i), r.heaters.ringMaxMw()));
                    double above = hop.idleLineMw[i] - at;
                    Calibration.IdleLine idle = hop.idleLane[i] >= 0 && Math.abs(above) <= 2 * Calibration.MAX_HEATER_MW
                            ? new Calibration.IdleLine(hop.idleLane[i], above) : null;
                    out.add(new Calibration.Ring(r.ringId(i), at, null, fsrNm, eff, null, idle));
                    continue;
                }
                // A ring not locked now (parked on a dead lane, reacquiring) keeps its line and its last
                // operating point: one lost lane must not stop the rest of the calibration being kept.
                boolean locked = r.state[i] == RingLockState.LOCKED;
                double at = locked ? r.trackers[i].basePowerMw() : r.acquiredMw[i] > 0 ? r.acquiredMw[i] : r.estimateMw[i];
                Calibration.Resonance resonance = locked
                        ? new Calibration.Resonance(r.trackers[i].peakMa(), r.trackers[i].halfWidthMw())
                        : r.calibratedResonance[i];
                out.add(new Calibration.Ring(r.ringId(i), Math.max(0, Math.min(at, r.heaters.ringMaxMw())),
                        new LaneKey(r.rowSlot[w].slot(), r.lane[i]), fsrNm, eff, resonance));
            }
        }
        return new Calibration.Engine(r.spec.engine(), out, measuredCoupling());
    }

    /**
     * The measured entries of the neighbour-coupling matrix as the document keeps them: the fraction
     * of the aggressor's own resonance shift the victim feels (heater mW ratios times the victim's
     * over the aggressor's efficiency), so the document does not depend on which heater moved.
     */
    private List<Calibration.Coupling> measuredCoupling() {
        List<Calibration.Coupling> out = new ArrayList<>();
        for (int[] row : r.rows) {
            for (int j = 0; j < row.length; j++) {
                int v = row[j];
                if (j > 0 && r.probe.measuredLeft(v)) {
                    out.add(new Calibration.Coupling(r.ringId(v), r.ringId(row[j - 1]),
                            r.probe.fromLeft(v) * r.nmPerMwSelf(v) / r.nmPerMwSelf(row[j - 1])));
                }
                if (j + 1 < row.length && r.probe.measuredRight(v)) {
                    out.add(new Calibration.Coupling(r.ringId(v), r.ringId(row[j + 1]),
                            r.probe.fromRight(v) * r.nmPerMwSelf(v) / r.nmPerMwSelf(row[j + 1])));
                }
            }
        }
        return out;
    }

    /**
     * Puts a stored calibration into the rings: lines, operating points and resonances, and for each
     * waveguide whose stored rings are all there, the module it was made with.
     */
    void seed(Calibration.Engine cal, IntFunction<Calibration.Els> elsOfSlot) {
        for (int w = 0; w < r.rows.length; w++) {
            Calibration.Els els = elsOfSlot.apply(r.rowSlot[w].slot());
            boolean complete = els != null;
            for (int i : r.rows[w]) {
                var ring = cal.ring(r.ringId(i));
                idleLine[i] = null;
                if (ring.isPresent() && ring.get().assignedLane() == null) {
                    r.lane[i] = -1; // calibrated as having no line
                    r.estimateMw[i] = ring.get().heaterPowerAtLockMw();
                    Calibration.IdleLine idle = ring.get().idleLine();
                    idleLine[i] = idle != null && idle.lane() < ElsLanes.LANES ? idle : null;
                    continue;
                }
                if (ring.isEmpty() || ring.get().assignedLane().slot() != r.rowSlot[w].slot()) {
                    complete = false;
                    continue;
                }
                r.lane[i] = ring.get().assignedLane().lane();
                r.estimateMw[i] = ring.get().heaterPowerAtLockMw();
                r.calibratedResonance[i] = ring.get().resonance();
                r.lineMa[i] = ring.get().resonance() == null ? 0 : ring.get().resonance().peakMa();
                r.lineLaneMw[i] = 0; // the lane's power then is not kept: taken as now
                storedFsrNm[w] = ring.get().fsrNm();
            }
            madeWith[w] = complete ? new ElsIdentity(0x22, 0, els.vendor(), "", els.serial(), ElsLanes.LANES, List.of()) : null;
        }
        seedCoupling(cal);
    }

    /**
     * The stored neighbour-coupling matrix (fractions of the aggressor's resonance shift) back in heater
     * mW per mW with the stored efficiencies; then each ring's lockstep efficiency from its own and
     * the coupling, as the calibration sweep would have measured it.
     */
    private void seedCoupling(Calibration.Engine cal) {
        double[] eta = new double[r.rings];
        for (int i = 0; i < r.rings; i++) {
            eta[i] = cal.ring(r.ringId(i)).map(Calibration.Ring::nmPerMw).orElse(Double.NaN);
        }
        for (var c : cal.coupling()) {
            int v = r.indexOfRing(c.victim());
            int a = r.indexOfRing(c.aggressor());
            if (v < 0 || a < 0 || r.rowOf[v] != r.rowOf[a] || !(eta[v] > 0 && eta[a] > 0)) {
                continue;
            }
            int pv = r.spec.rings().get(v).position();
            int pa = r.spec.rings().get(a).position();
            if (Math.abs(pv - pa) == 1) {
                r.probe.set(v, pa < pv, c.fraction() * eta[a] / eta[v]);
            }
        }
        for (int i = 0; i < r.rings; i++) {
            if (eta[i] > 0) {
                r.nmPerMwLockstep[i] = eta[i] * (1 + r.probe.fromLeft(i) + r.probe.fromRight(i));
            }
        }
    }
}
