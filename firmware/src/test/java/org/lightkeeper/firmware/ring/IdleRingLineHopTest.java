package org.lightkeeper.firmware.ring;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;
import org.lightkeeper.sim.physics.RingTruth;

/**
 * A ring with no line, with line hop on (the operator kept lane 4 dark at start, so a ring of each
 * waveguide got none, and lit it again later: the lines stay as assigned, and a hop is no longer refused
 * for a dark lane). Every hop steps the idle ring's neighbours by a line spacing's worth (about 4.8 mW on
 * the devkit) and their heat moves its resonance by the coupling times that: where its lines lie in its
 * own heater's frame (LineHop#idleLineMw) must take that in, and it is moved clear in the hop's own tick.
 * Without: the hops were rebased away, each left its lines ~0.2 spacing from where it believed them, and
 * ring 1 came within 199 pm of lane 3 (under a linewidth) 0.66 s after the swing's first hop.
 */
class IdleRingLineHopTest {
    private static final long MS = 1_000_000L;

    @Test
    void aRingWithNoLineStaysClearOfEveryLineThroughHops() {
        BoardSpec spec = BoardVariants.devkitWithLineHop();
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
            }
        }
        assertTrue(!idle.isEmpty(), "lane 4 dark: a ring is left without a line");
        double fwhm = sim.truth().get(0).fwhmPm();
        // The operator lights lane 4 again: the rings keep their lines (no new sweep), the idle ones stay idle.
        fw.slots().get(0).setOperatorLanes(0xFF);
        fw.runUntil(3_000 * MS, clock::advanceTo);
        sim.die().addRamp(3_000 * MS, 2_000 * MS, -20);
        sim.die().addRamp(5_000 * MS, 4_000 * MS, 40);
        sim.die().addRamp(9_000 * MS, 2_000 * MS, -20);
        IdleClearance clear = IdleClearance.watch(fw, clock, sim, idle, 3_000 * MS, 13_000 * MS);
        double nearest = clear.nearestPm();
        String where = clear.where();
        long hops = 0;
        for (int i = 0; i < lock.ringCount(); i++) {
            hops += lock.hops(i);
        }
        System.out.println("idle rings " + idle + ": nearest a line " + where + "; hops " + hops);
        assertTrue(hops > 0, "the swing hopped lines");
        assertTrue(nearest >= fwhm, "an idle ring came within a linewidth (" + fwhm + " pm) of a line: " + where);
    }
}
