package org.lightkeeper.firmware.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.sim.SimBoard;

/**
 * A ring {@link OwnLineCheck} finds on another ring's line while its own is out of the heater's range is
 * parked, and retried 30 s on from the end nearest its own line ({@code EngineLock#offItsLine}). The
 * devkit's loopback filter 11 (3.0 mW) is acquired a spacing up, on filter 12's line, as the die warms
 * 19 K (its own line to -0.6 mW) and stays so for 37 s. Ground truth: retried from where it was last on
 * its own line instead (3.0 mW), it found filter 12's line again 33.5 s on and held it 1.03 s, and filter
 * 12 lost its line a second time; retried at 0 mW it finds nothing and waits for its line.
 */
class OffLineParkRetryTest {
    private static final long MS = 1_000_000L;

    @Test
    void aRingParkedOffAnotherRingsLineIsNotRetriedOntoItAgain() {
        DieSwing locked = DieSwing.locked(BoardFile.load("devkit"));
        EngineLock lock = locked.lock();
        SimBoard sim = locked.sim();
        long t0 = DieSwing.FROM_NS;
        int ring = 11;
        int own = lock.lane(ring);
        double at = lock.heaterMw(ring);
        assertTrue(at < 3.5, "the case: its line low in the range (" + at + " mW)");
        double spacingMw = 1.13 / lock.nmPerMwSelfForTest(ring);
        locked.fw().execute(() -> {
            lock.acquireAt(ring, at + spacingMw);
            return null;
        });
        sim.die().addRamp(t0, 1_000 * MS, 19);
        sim.die().addRamp(t0 + 37_000 * MS, 2_000 * MS, -19);
        int victim = -1;
        long parkedAt = -1;
        long victimLosses = 0;
        long wrongAfterParkMs = 0;
        boolean retried = false;
        for (long t = t0; t <= t0 + 57_000 * MS; t += 10 * MS) {
            locked.runUntil(t);
            int near = sim.truth().get(ring).nearestLane();
            boolean wrong = lock.state(ring) == RingLockState.LOCKED && near != own;
            if (wrong && victim < 0) {
                for (int i = 0; i < lock.ringCount(); i++) {
                    victim = lock.lane(i) == near && i != ring && i >= 8 ? i : victim;
                }
            }
            if (parkedAt < 0 && lock.why(ring).contains("out of the heater's range: parked")) {
                parkedAt = t;
                victimLosses = lock.losses(victim);
            }
            retried |= lock.why(ring).equals(LineHop.HELD_TOO_LONG);
            wrongAfterParkMs += parkedAt >= 0 && wrong ? 10 : 0;
        }
        assertTrue(victim >= 0, "it locked on another filter's line first");
        assertTrue(parkedAt >= 0, "the check parked it, its own line out of range: " + lock.why(ring));
        assertTrue(retried, "its park ran out (30 s) with the die still warm: it was retried");
        assertEquals(0, wrongAfterParkMs, "not locked on another line after the park (1030 ms retried from 3.0 mW)");
        assertEquals(victimLosses, lock.losses(victim), "filter " + victim + " not lost again after the park");
        for (int i = 0; i < lock.ringCount(); i++) {
            assertEquals(RingLockState.LOCKED, lock.state(i), "ring " + i + " locked at the end: " + lock.why(i));
            assertEquals(lock.lane(i), sim.truth().get(i).nearestLane(), "ring " + i + " on its own line at the end");
        }
    }
}
