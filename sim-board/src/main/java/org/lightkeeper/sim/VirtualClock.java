package org.lightkeeper.sim;

import org.lightkeeper.hal.time.Clock;

/**
 * Virtual time for the simulated board. Time moves only when something moves it: the scheduler
 * jumping to the next due task, or a simulated bus charging a transaction its wire time. Nothing
 * here reads the wall clock, so a run is a pure function of its inputs and seed.
 */
public final class VirtualClock implements Clock {
    private volatile long now;

    @Override
    public long nanos() {
        return now;
    }

    /** Moves time forward by {@code deltaNanos} (negative deltas are refused: time is monotonic). */
    public void advance(long deltaNanos) {
        if (deltaNanos < 0) {
            throw new IllegalArgumentException("virtual time cannot go back: " + deltaNanos + " ns");
        }
        now += deltaNanos;
    }

    /** Moves time forward to {@code t}; a {@code t} in the past leaves the clock where it is. */
    public void advanceTo(long t) {
        if (t > now) {
            now = t;
        }
    }
}
