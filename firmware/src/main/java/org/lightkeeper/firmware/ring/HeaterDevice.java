package org.lightkeeper.firmware.ring;

/**
 * One chip driving heaters: codes proportional to drive voltage (P = V^2 / R), staged per channel and
 * written together by {@link #flush}. Implementations hold preallocated buffers: no allocation.
 */
interface HeaterDevice {
    /** Brings the outputs to a known state (span, hardware limits) at zero drive. */
    void init(double maxVolts);

    /**
     * Takes the outputs as they are (warm restart): learns the codes the chip holds, from the chip where
     * it can be read back, else from {@code recorded} (the journal of the last process, by channel; null
     * when there is none), without moving any output. Returns null when adopted, else why not; then
     * nothing was written.
     */
    String adopt(double maxVolts, int[] recorded);

    /** True when {@link #adopt} reads the codes from the chip itself (no journal needed). */
    boolean readsBack();

    int codeFor(double volts);

    double voltsFor(int code);

    /** Stages {@code code} on {@code channel}; nothing reaches the wire before {@link #flush}. */
    void stage(int channel, int code);

    int staged(int channel);

    /** Writes the staged changes so all outputs move together. */
    void flush();

    /** Wire time {@link #flush} takes when the channels in {@code channelMask} have changed, ns: the bus budget. */
    long writeWireNs(long channelMask);
}
