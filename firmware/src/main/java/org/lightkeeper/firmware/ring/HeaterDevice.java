package org.lightkeeper.firmware.ring;

/**
 * One chip driving heaters: codes proportional to drive voltage (P = V^2 / R), staged per channel and
 * written together by {@link #flush}. Implementations hold preallocated buffers: no allocation.
 */
interface HeaterDevice {
    /** Brings the outputs to a known state (span, hardware limits) at zero drive. */
    void init(double maxVolts);

    int codeFor(double volts);

    double voltsFor(int code);

    /** Stages {@code code} on {@code channel}; nothing reaches the wire before {@link #flush}. */
    void stage(int channel, int code);

    int staged(int channel);

    /** Writes the staged changes so all outputs move together. */
    void flush();
}
