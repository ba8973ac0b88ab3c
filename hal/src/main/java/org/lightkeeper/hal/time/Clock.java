package org.lightkeeper.hal.time;

/**
 * The only source of time for control code. On the rig it is the monotonic system clock; on the
 * simulated board it is virtual time, so tests and benchmarks run faster than real time and the
 * same seed gives the same run.
 */
public interface Clock {
    /** Monotonic time in nanoseconds since an arbitrary origin fixed for the life of the clock. */
    long nanos();
}
