package org.lightkeeper.hal.bus;

/**
 * One SPI peripheral (a bus plus its chip select). {@link #transfer} is one full-duplex frame: chip
 * select asserted, {@code length} bytes shifted out of {@code tx} while as many are shifted into
 * {@code rx}, chip select released. Buffers are the caller's, so a fast loop allocates nothing.
 */
public interface SpiDevice {
    /** Name for logs and errors, for example {@code spi0.1}. */
    String name();

    /** SCLK frequency in hertz, used to charge each frame its wire time. */
    int clockHz();

    void transfer(byte[] tx, byte[] rx, int length);
}
