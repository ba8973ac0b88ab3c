package org.lightkeeper.firmware.laser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.firmware.els.ElsSlotController;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;

/** ACC on the simulated devkit: the firmware holds each lane's power on the bias while the laser ages. */
class LaserPowerOnBoardTest {
    private static final long S = 1_000_000_000L;

    @Test
    void accHoldsPowerThroughAgeingAndWarnsBeforeEndOfLife() throws Exception {
        BoardSpec spec = org.lightkeeper.firmware.bench.LaserAgeingBench.devkitWithAcc();
        assertTrue(spec.elsSlots().get(0).firmwarePowerLoop());
        VirtualClock clock = new VirtualClock();
        SimBoard sim = SimBoard.build(spec, clock);
        Firmware fw = new Firmware(spec, sim, clock);
        fw.runUntil(3 * S, clock::advanceTo);
        ElsSlotController els = fw.slots().get(0);
        assertTrue(els.firmwarePowerLoop(), "ACC engaged");
        assertEquals(16, fw.snapshot().ringsLocked());
        double bol = els.beginningOfLifeBiasMa(2);
        assertTrue(bol > 0);

        sim.ageLaser(0, 2, 0.5); // +10 % operating current: the firmware raises the bias, power held
        fw.runUntil(5 * S, clock::advanceTo);
        assertEquals(20, sim.els(0).laneOutputMw(2), 0.5, "lane 2 power held in ACC");
        assertEquals(LaneHealth.OK, els.laneHealth(2));

        sim.ageLaser(0, 2, 0.85); // +17 %: still held, but the ageing warning is up
        fw.runUntil(7 * S, clock::advanceTo);
        assertEquals(20, sim.els(0).laneOutputMw(2), 0.5);
        assertEquals(LaneHealth.AGEING, els.laneHealth(2));
        assertEquals(LaneHealth.OK, els.laneHealth(3), "the other lanes are fine");

        sim.ageLaser(0, 2, 1.0); // at and past end of life (+20 % and the loop's limit): power not held
        sim.killLaser(0, 2);
        fw.runUntil(9 * S, clock::advanceTo);
        assertEquals(LaneHealth.POWER_NOT_HELD, els.laneHealth(2));
        assertTrue(sim.els(0).laneOutputMw(3) > 19, "lane 3 untouched");
    }
}
