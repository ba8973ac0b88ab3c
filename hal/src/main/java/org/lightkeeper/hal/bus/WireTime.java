package org.lightkeeper.hal.bus;

/**
 * Time a transaction occupies the wire. The same arithmetic charges the real bus (for the loop's bus
 * budget) and advances virtual time on the simulated bus.
 *
 * <p>I2C (NXP UM10204 section 3.1): START, then 9 clocks per byte (8 data + ACK) including the address
 * byte, a repeated START and a second address byte for a combined transfer, then STOP. START/STOP are
 * charged one clock each. SPI: 8 clocks per byte plus a chip-select setup/hold allowance.
 */
public final class WireTime {
    /** Chip-select assert plus release, charged once per SPI frame (typical t_CSS + t_CSH, ~100 ns). */
    public static final long SPI_FRAME_OVERHEAD_NS = 100;

    private WireTime() {
    }

    public static long i2cNanos(int clockHz, int writeBytes, int readBytes) {
        long clocks = 2; // START + STOP
        if (writeBytes > 0) {
            clocks += 9L * (1 + writeBytes);
        }
        if (readBytes > 0) {
            clocks += 9L * (1 + readBytes) + (writeBytes > 0 ? 1 : 0);
        }
        return clocks * 1_000_000_000L / clockHz;
    }

    /** A bus clear (UM10204 section 3.1.16): nine SCL pulses, then a STOP charged one clock. */
    public static long i2cBusClearNanos(int clockHz) {
        return 10L * 1_000_000_000L / clockHz;
    }

    public static long spiNanos(int clockHz, int bytes) {
        return 8L * bytes * 1_000_000_000L / clockHz + SPI_FRAME_OVERHEAD_NS;
    }
}
