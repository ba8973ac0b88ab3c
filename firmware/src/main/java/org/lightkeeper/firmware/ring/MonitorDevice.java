package org.lightkeeper.firmware.ring;

/** One chip reading monitor photodiodes: {@link #read} takes every used channel, then {@link #ma} reports one. */
interface MonitorDevice {
    void init();

    void read();

    /** Photocurrent of {@code channel} from the last read, mA. */
    double ma(int channel);
}
