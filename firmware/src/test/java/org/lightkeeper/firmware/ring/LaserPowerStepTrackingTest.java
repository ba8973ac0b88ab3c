package org.lightkeeper.firmware.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.firmware.state.BoardSnapshot;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;

/**
 * A lane's laser power falls by a quarter at once (its power setpoint lowered): the modulator on that lane must hold its operating point, not walk along its slope toward
 * the peak, and the receive filter on the same lane downstream must stay locked on its line. Judged on
 * the simulator's ground truth every millisecond for a second after the step.
 */
class LaserPowerStepTrackingTest {
    private static final int MODULATOR = 3;

    @Test
    void aLanesPowerStepMovesNeitherItsModulatorNorItsReceiveRing() {
        BoardSpec spec = BoardFile.load("devkit");
        VirtualClock clock = new VirtualClock();
        SimBoard sim = SimBoard.build(spec, clock);
        Firmware fw = new Firmware(spec, sim, clock);
        fw.runUntil(2_000_000_000L, clock::advanceTo);
        assertEquals(16, fw.snapshot().ringsLocked());

        int lane = sim.truth().get(MODULATOR).nearestLane();
        int filter = -1;
        for (int i = 8; i < 16; i++) {
            if (sim.truth().get(i).nearestLane() == lane) {
                filter = i;
            }
        }
        assertTrue(filter >= 0, "a receive ring on lane " + lane);
        double fwhmPm = sim.truth().get(0).fwhmPm();
        double f = spec.engines().get(0).optics().modulatorLockFraction();
        double targetPm = fwhmPm / 2 * Math.sqrt(1 / f - 1);
        double tolerancePm = fwhmPm / 10;
        long filterLosses = fw.snapshot().rings().get(filter).losses();

        double before = sim.elsLaneOutputMw(0, lane);
        fw.slots().get(0).setPowerSetpointMw(lane, 0.75 * before);
        double after = sim.elsLaneOutputMw(0, lane);
        assertTrue(after < 0.8 * before && after > 0.7 * before, "power step " + before + " -> " + after + " mW");

        for (long t = clock.nanos() + 1_000_000L; t <= 3_000_000_000L; t += 1_000_000L) {
            fw.runUntil(t, clock::advanceTo);
            double modErr = sim.truth().get(MODULATOR).detuningPm() - targetPm;
            assertTrue(Math.abs(modErr) <= tolerancePm, "modulator " + modErr + " pm off its target at " + t + " ns");
            BoardSnapshot.Ring rx = fw.publishNow().rings().get(filter);
            assertEquals(RingLockState.LOCKED, rx.state(), "receive ring " + filter + ": " + rx.reason());
            double rxErr = sim.truth().get(filter).detuningPm();
            assertTrue(Math.abs(rxErr) <= tolerancePm, "receive ring " + rxErr + " pm off its line at " + t + " ns");
        }
        assertEquals(filterLosses, fw.snapshot().rings().get(filter).losses(), "receive ring losses");
    }
}
