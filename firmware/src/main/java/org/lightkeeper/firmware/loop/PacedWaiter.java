package org.lightkeeper.firmware.loop;

import java.util.concurrent.locks.LockSupport;
import org.lightkeeper.sim.VirtualClock;

/**
 * Virtual time paced to the wall clock (times {@code speed}), for interactive runs on the simulated
 * board: the firmware and the simulator still see only virtual time, so the physics stays exact,
 * but a person watching sees it unfold in real time.
 */
public final class PacedWaiter implements Waiter {
    private final VirtualClock clock;
    private final double speed;
    private final long wallStart = System.nanoTime();
    private final long virtualStart;

    public PacedWaiter(VirtualClock clock, double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be positive, got " + speed);
        }
        this.clock = clock;
        this.speed = speed;
        this.virtualStart = clock.nanos();
    }

    @Override
    public void waitUntil(long t) {
        long wallTarget = wallStart + (long) ((t - virtualStart) / speed);
        long wait;
        while ((wait = wallTarget - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        clock.advanceTo(t);
    }
}
