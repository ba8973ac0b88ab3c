package org.lightkeeper.firmware.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;
import org.lightkeeper.sim.physics.RingTruth;

/**
 * A ring acquired around a place a whole line spacing off (a stale estimate) locks on the line there:
 * on the loopback waveguide's first filter, that line is a downstream filter's, in full. Its tracker
 * cannot tell; the rest of its waveguide can ({@link OwnLineCheck}): it is sent back to its own line,
 * and the filter it starved gets its light back. Ground truth on the simulated devkit.
 */
class OwnLineCheckTest {
    private static final long MS = 1_000_000L;

    @Test
    void aRingLockedOnAnotherRingsLineIsSentBackToItsOwn() {
        BoardSpec spec = BoardFile.load("devkit");
        VirtualClock clock = new VirtualClock();
        SimBoard sim = SimBoard.build(spec, clock);
        Firmware fw = new Firmware(spec, sim, clock);
        EngineLock lock = fw.engines().get(0);
        fw.runUntil(3_000 * MS, clock::advanceTo);
        int n = lock.ringCount();
        int[] lanes = new int[n];
        for (int i = 0; i < n; i++) {
            assertEquals(RingLockState.LOCKED, lock.state(i), "ring " + i + " locked: " + lock.why(i));
            lanes[i] = lock.lane(i);
        }
        int ring = 8; // the loopback waveguide's first: every other line there is a downstream ring's
        double spacingMw = 1.13 / lock.nmPerMwSelfForTest(ring);
        double at = lock.heaterMw(ring);
        double to = at + spacingMw <= 19 ? at + spacingMw : at - spacingMw;
        fw.execute(() -> {
            lock.acquireAt(ring, to);
            return null;
        });
        boolean wrongLine = false;
        boolean sentBack = false;
        for (long t = 3_000 * MS; t <= 9_000 * MS; t += 10 * MS) {
            fw.runUntil(t, clock::advanceTo);
            wrongLine |= lock.state(ring) == RingLockState.LOCKED && sim.truth().get(ring).nearestLane() != lanes[ring];
            sentBack |= lock.why(ring).contains("off its own line");
        }
        assertTrue(wrongLine, "ring " + ring + " locked on another line first (the case): " + lock.why(ring));
        assertTrue(sentBack, "the check found it: " + lock.why(ring));
        List<RingTruth> truth = sim.truth();
        for (int i = 0; i < n; i++) {
            assertEquals(RingLockState.LOCKED, lock.state(i), "ring " + i + " locked at the end: " + lock.why(i));
            assertEquals(lanes[i], truth.get(i).nearestLane(), "ring " + i + " on its own line at the end: " + lock.why(i));
        }
    }
}
