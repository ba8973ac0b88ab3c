package org.lightkeeper.firmware.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;
import org.lightkeeper.sim.physics.RingTruth;

/**
 * A ring the arbitration leaves without a line (here: the operator disabled lane 4 before start) is held
 * between two lines as the die moves, on ground truth. Left with its heater off, it sat wherever its
 * unheated resonance fell and the die carried it across lines: in the seed-5 soak, transmit ring 4 drifted
 * onto lane 2 in a +4 K ramp, took that lane's light from modulator 5 and from filter 12 on the loopback,
 * and filter 12 was lost and locked on a neighbour's line (docs/soak.md).
 */
class IdleRingTest {
    private static final long MS = 1_000_000L;

    @Test
    void aRingWithNoLineStaysClearOfEveryLineThroughADieSwing() {
        BoardSpec spec = BoardFile.load("devkit");
        VirtualClock clock = new VirtualClock();
        SimBoard sim = SimBoard.build(spec, clock);
        Firmware fw = new Firmware(spec, sim, clock);
        fw.slots().get(0).setOperatorLanes(0xFF & ~(1 << 4));
        EngineLock lock = fw.engines().get(0);
        fw.runUntil(2_000 * MS, clock::advanceTo);
        List<Integer> idle = new ArrayList<>();
        for (int i = 0; i < lock.ringCount(); i++) {
            if (lock.lane(i) < 0) {
                idle.add(i);
            } else {
                assertEquals(RingLockState.LOCKED, lock.state(i), "ring " + i + " locked: " + lock.why(i));
            }
        }
        assertTrue(!idle.isEmpty(), "lane 4 dark: a ring on each waveguide is left without a line");
        double fwhm = sim.truth().get(0).fwhmPm();
        // +8 K, then down 16 K, then back, at 2 K/s: the idle rings' resonances travel 1.3 nm each way
        // unheated, more than the comb's line spacing, so one left alone crosses a line.
        sim.die().addRamp(2_000 * MS, 4_000 * MS, 8);
        sim.die().addRamp(7_000 * MS, 8_000 * MS, -16);
        sim.die().addRamp(16_000 * MS, 4_000 * MS, 8);
        IdleClearance clear = IdleClearance.watch(fw, clock, sim, idle, 2_000 * MS, 22_000 * MS);
        double nearest = clear.nearestPm();
        String where = clear.where();
        long losses = 0;
        StringBuilder why = new StringBuilder();
        for (int i = 0; i < lock.ringCount(); i++) {
            losses += lock.losses(i);
            if (lock.losses(i) > 0) {
                why.append(String.format("%n ring %d: %d losses, %s", i, lock.losses(i), lock.why(i)));
            }
        }
        System.out.println("idle rings " + idle + ": nearest a line " + where + "; losses " + losses + why);
        assertTrue(nearest >= fwhm, "an idle ring came within a linewidth of a line: " + where);
        assertEquals(0, losses, "losses:" + why);
    }
}
