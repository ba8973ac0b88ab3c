package org.lightkeeper.firmware.ring;

/** One chip reading monitor photodiodes: {@link #read} takes every used channel, then {@link #ma} reports one. */
interface MonitorDevice {
    void init();

    void read();

    /**
     * Reads the channels set in {@code channelMask} (bit n: channel n) in as few frames as the chip
     * allows; the others keep their last reading. Nothing is sent for an empty mask. Allocation-free.
     */
    void read(long channelMask);

    /** Wire time {@link #read(long)} takes for {@code channelMask}, ns (0 for an empty mask): the bus budget. */
    long readWireNs(long channelMask);

    /** Photocurrent of {@code channel} from the last read, mA. */
    double ma(int channel);
}
