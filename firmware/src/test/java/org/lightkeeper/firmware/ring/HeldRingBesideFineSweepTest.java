package org.lightkeeper.firmware.ring;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.board.BoardSpec.RingKind;
import org.lightkeeper.hal.board.BoardSpec.RingSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.physics.RingTruth;

/**
 * Review finding (session 14): LineHop#holdOffLine moves a die-parked ring's heater while a ring beside
 * it is fine-swept, which was thought to corrupt that sweep through the thermal crosstalk. On the
 * simulated devkit's 30 K excursion held 9.5 s (ParkedBetweenLinesTest's) it does move them, every
 * tick of such a sweep: the parked ring's line estimate ({@link LineHop#observe}) takes the sweeping
 * neighbour's heat out, so the parked ring backs off by the crosstalk to stay mid-gap. The sweep is not
 * corrupted by it: Acquisition#crosstalkMw commands each point lower by what both neighbours' heaters
 * have done since the sweep began (the parked ring's moves included), so a sweep beside a moving
 * parked ring lands its lock point within linewidth/10 of target before its tracker has acted (2 such
 * locks here, worst 9.0 pm; 145 parked-ring moves beside sweeps). Keeping the parked ring still
 * meanwhile (tried: a busy waveguide held it up to 0.5 s) left its resonance to drift with the
 * neighbour's heat and delayed its relock, and over fifteen excursions (-20..-35 K and +30 K, held 2,
 * 5 and 9.5 s) left 187 of 240 rings on their own lines against 211 without (202 when only the moves
 * between lines were held, not the relock): not done.
 *
 * <p>The other half of the finding, the start-up coupling measurement (CouplingProbe counts a parked ring
 * as still): it starts some 10 ms after the last ring locks, so a ring parked during it needs the die
 * moving at once; on 36 start-up ramps (20 and 40 K in 1 s, either way, from 1.0 to 1.4 s) only the 40 K
 * ones parked rings during it, on the waveguide not being measured (no thermal coupling between rows),
 * and the measured matrix came out identical with those rings held still.
 */
class HeldRingBesideFineSweepTest {
    private static final long MS = 1_000_000L;

    @Test
    void aFineSweepBesideAMovingParkedRingLandsNoWorseThanOneWithout() {
        BoardSpec spec = BoardFile.load("devkit");
        DieSwing locked = DieSwing.locked(spec);
        SimBoard sim = locked.sim();
        EngineLock lock = locked.lock();
        sim.die().addRamp(2_000 * MS, 3_000 * MS, -30);
        sim.die().addRamp(14_500 * MS, 3_000 * MS, 30);

        int n = lock.ringCount();
        int[][] beside = neighbours(spec);
        double f = spec.engines().get(0).optics().modulatorLockFraction();
        double[] heater = new double[n];
        RingLockState[] state = new RingLockState[n];
        boolean[] besideMove = new boolean[n];
        for (int i = 0; i < n; i++) {
            heater[i] = lock.heaterMw(i);
            state[i] = lock.state(i);
        }
        long tick = spec.control().ringPeriodNs();
        int movesBesideSweeps = 0;
        double worstBeside = 0;
        double worstOther = 0;
        int locksBeside = 0;
        int locksOther = 0;
        double fwhm = sim.truth().get(0).fwhmPm();
        for (long t = 2_000 * MS + tick; t <= 40_000 * MS; t += tick) {
            locked.runUntil(t);
            for (int i = 0; i < n; i++) {
                boolean sweeping = state[i] == RingLockState.ACQUIRE && lock.state(i) == RingLockState.ACQUIRE
                        && lock.heaterMw(i) != heater[i];
                for (int k : beside[i]) {
                    if (sweeping && k >= 0 && state[k] == RingLockState.FAILED && lock.state(k) == RingLockState.FAILED
                            && Math.abs(lock.heaterMw(k) - heater[k]) > 0.005) {
                        besideMove[i] = true;
                        movesBesideSweeps++;
                    }
                }
            }
            List<RingTruth> truth = sim.truth();
            for (int i = 0; i < n; i++) {
                if (state[i] == RingLockState.ACQUIRE && lock.state(i) == RingLockState.LOCKED) {
                    // The lock point the fine sweep found, before the tracker has done anything with it.
                    RingTruth r = truth.get(i);
                    double target = lock.kind(i) == RingKind.FILTER ? 0 : r.fwhmPm() / 2 * Math.sqrt(1 / f - 1);
                    if (r.nearestLane() == lock.lane(i)) {
                        double off = Math.abs(r.detuningPm() - target);
                        if (besideMove[i]) {
                            worstBeside = Math.max(worstBeside, off);
                            locksBeside++;
                        } else {
                            worstOther = Math.max(worstOther, off);
                            locksOther++;
                        }
                    }
                }
                if (lock.state(i) != RingLockState.ACQUIRE) {
                    besideMove[i] = false;
                }
                heater[i] = lock.heaterMw(i);
                state[i] = lock.state(i);
            }
        }
        String figures = String.format("%d parked-ring moves beside a fine sweep; locks on their line: %d beside one"
                + " (worst %.1f pm from target), %d others (worst %.1f pm); linewidth/10 %.1f pm", movesBesideSweeps,
                locksBeside, worstBeside, locksOther, worstOther, fwhm / 10);
        System.out.println(figures);
        assertTrue(movesBesideSweeps > 0, "the review's case happens here: " + figures);
        assertTrue(locksBeside > 0, figures);
        // Stop 14, after the sweep left out peaks past the engine's heater budget and OwnLineCheck: 455 moves,
        // 5 locks beside one (worst 156.7 pm), 16 others (worst 542.6 pm), all on the die's 10 K/s return:
        // a first lock during the ramp is off whatever its neighbours do, and no worse beside a moving ring.
        assertTrue(worstBeside <= Math.max(fwhm / 10, worstOther), figures);
    }

    /** Each ring's neighbours along its waveguide (-1 none): the rings its heater couples into. */
    private static int[][] neighbours(BoardSpec spec) {
        List<RingSpec> rs = spec.engines().get(0).rings();
        int[][] nb = new int[rs.size()][];
        for (int i = 0; i < rs.size(); i++) {
            nb[i] = new int[] {-1, -1};
            for (int k = 0; k < rs.size(); k++) {
                if (rs.get(k).waveguide().equals(rs.get(i).waveguide())) {
                    if (rs.get(k).position() == rs.get(i).position() - 1) {
                        nb[i][0] = k;
                    } else if (rs.get(k).position() == rs.get(i).position() + 1) {
                        nb[i][1] = k;
                    }
                }
            }
        }
        return nb;
    }
}
