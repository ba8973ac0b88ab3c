package org.lightkeeper.hal.time;

/** Wall-clock time for real hardware: {@link System#nanoTime()} relative to construction. */
public final class SystemClock implements Clock {
    private final long origin = System.nanoTime();

    @Override
    public long nanos() {
        return System.nanoTime() - origin;
    }
}
