package org.lightkeeper.firmware.ring;

import java.util.List;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;
import org.lightkeeper.sim.physics.RingTruth;

/**
 * Test fixture: runs the firmware from {@code fromNs} to {@code toNs} in 1 ms steps and finds, on the
 * simulator's ground truth, how near any of the {@code idle} rings (rings with no line) came to a line.
 */
record IdleClearance(double nearestPm, String where) {
    static IdleClearance watch(Firmware fw, VirtualClock clock, SimBoard sim, List<Integer> idle, long fromNs, long toNs) {
        double nearest = Double.POSITIVE_INFINITY;
        String where = "";
        for (long t = fromNs; t <= toNs; t += 1_000_000L) {
            fw.runUntil(t, clock::advanceTo);
            List<RingTruth> truth = sim.truth();
            for (int i : idle) {
                double d = Math.abs(truth.get(i).detuningPm());
                if (d < nearest) {
                    nearest = d;
                    where = String.format("ring %d %.0f pm from lane %d at %.3f s", i, d, truth.get(i).nearestLane(), t / 1e9);
                }
            }
        }
        return new IdleClearance(nearest, where);
    }
}
