package org.lightkeeper.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lightkeeper.firmware.ring.EngineLock;
import org.lightkeeper.firmware.ring.RingLockState;
import org.lightkeeper.sim.physics.RingTruth;

/**
 * A ring with no line is held between two lines (LineHop#holdIdle, ring/IdleRingTest); across a kill -9
 * the calibration keeps where a line lies from where it is held ({@code idleLine}), so the restarted
 * firmware goes on holding it as the die moves. Without it, the soak's seed 5 had ring 4 stay at the
 * heater power it was adopted at after the 204 s restart and drift to 260 pm of lane 3 by 438 s.
 */
class IdleRingRestartTest {
    private static final long MS = 1_000_000L;

    @Test
    void aRingWithNoLineIsStillHeldClearOfTheLinesAfterAKill(@TempDir Path dir) throws Exception {
        RestartFixture rig = new RestartFixture("devkit", dir);
        Firmware first = rig.start();
        first.slots().get(0).setOperatorLanes(0xFF & ~(1 << 4));
        first.runUntil(3_000 * MS, rig.clock::advanceTo);
        first.awaitPersistence();
        EngineLock before = first.engines().get(0);
        List<Integer> idle = new ArrayList<>();
        for (int i = 0; i < before.ringCount(); i++) {
            if (before.lane(i) < 0) {
                idle.add(i);
            }
        }
        assertTrue(!idle.isEmpty(), "lane 4 dark: a ring is left without a line");

        Firmware second = rig.start();
        second.runUntil(rig.clock.nanos() + 500 * MS, rig.clock::advanceTo);
        EngineLock lock = second.engines().get(0);
        for (int i = 0; i < lock.ringCount(); i++) {
            if (lock.lane(i) >= 0) {
                assertEquals(RingLockState.LOCKED, lock.state(i), "ring " + i + " locked after the restart: " + lock.why(i));
            }
        }
        double fwhm = rig.sim.truth().get(0).fwhmPm();
        long t0 = rig.clock.nanos();
        rig.sim.die().addRamp(t0, 4_000 * MS, 8);
        rig.sim.die().addRamp(t0 + 5_000 * MS, 8_000 * MS, -16);
        rig.sim.die().addRamp(t0 + 14_000 * MS, 4_000 * MS, 8);
        double nearest = Double.POSITIVE_INFINITY;
        String where = "";
        for (long t = t0; t <= t0 + 20_000 * MS; t += MS) {
            second.runUntil(t, rig.clock::advanceTo);
            List<RingTruth> truth = rig.sim.truth();
            for (int i : idle) {
                double d = Math.abs(truth.get(i).detuningPm());
                if (d < nearest) {
                    nearest = d;
                    where = String.format("ring %d %.0f pm from lane %d at %.3f s", i, d, truth.get(i).nearestLane(), t / 1e9);
                }
            }
        }
        System.out.println("after the restart, idle rings " + idle + ": nearest a line " + where);
        assertTrue(nearest >= fwhm, "an idle ring came within a linewidth of a line after the restart: " + where);
        second.awaitPersistence();
    }
}
