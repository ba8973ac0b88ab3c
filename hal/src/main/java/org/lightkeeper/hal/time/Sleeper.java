package org.lightkeeper.hal.time;

import java.util.concurrent.locks.LockSupport;

/**
 * How control code waits (a retry backoff, a settle time) without calling {@code Thread.sleep}: on
 * the rig it parks until the injected {@link Clock} reaches the deadline; on the simulator it is the
 * virtual clock's {@code advance}, so a wait costs virtual time only and the run stays deterministic.
 */
@FunctionalInterface
public interface Sleeper {
    /** Waits {@code nanos} on this sleeper's clock. Returns early, with the interrupt flag set, if interrupted. */
    void sleepNanos(long nanos);

    /** A sleeper for a clock that moves by itself (the rig's monotonic clock). */
    static Sleeper parking(Clock clock) {
        return nanos -> {
            long deadline = clock.nanos() + nanos;
            long left;
            while ((left = deadline - clock.nanos()) > 0) {
                LockSupport.parkNanos(left);
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
            }
        };
    }
}
