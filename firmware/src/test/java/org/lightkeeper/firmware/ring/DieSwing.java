package org.lightkeeper.firmware.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;

/**
 * Issue 5's tracking swing on a board's engine 0: every ring locked by {@link #FROM_NS}, then the die
 * at 10 K/s down 20 K, up 40 K and back down 20 K, over by {@link #TO_NS} (the scenario
 * devkit-die-ramp-10k-per-s.yaml's timeline, here sampled by the test itself).
 */
record DieSwing(VirtualClock clock, SimBoard sim, Firmware fw, EngineLock lock) {
    static final long MS = 1_000_000L;
    static final long FROM_NS = 2_000 * MS;
    static final long TO_NS = 12_000 * MS;

    static DieSwing lockedThenSwung(BoardSpec spec) {
        DieSwing s = locked(spec);
        s.sim.die().addRamp(FROM_NS, 2_000 * MS, -20);
        s.sim.die().addRamp(4_000 * MS, 4_000 * MS, 40);
        s.sim.die().addRamp(8_000 * MS, 2_000 * MS, -20);
        return s;
    }

    /** Every ring of engine 0 locked at {@link #FROM_NS}, the die still: a test scripts its own die from there. */
    static DieSwing locked(BoardSpec spec) {
        VirtualClock clock = new VirtualClock();
        SimBoard sim = SimBoard.build(spec, clock);
        Firmware fw = new Firmware(spec, sim, clock);
        EngineLock lock = fw.engines().get(0);
        fw.runUntil(FROM_NS, clock::advanceTo);
        for (int i = 0; i < lock.ringCount(); i++) {
            assertEquals(RingLockState.LOCKED, lock.state(i), "ring " + i + " locked before the ramp: " + lock.why(i));
        }
        return new DieSwing(clock, sim, fw, lock);
    }

    void runUntil(long t) {
        fw.runUntil(t, clock::advanceTo);
    }
}
