package org.lightkeeper.sim.bus;

/** The device side of one simulated SPI frame (chip select low for the whole call). */
public interface SpiTarget {
    void transfer(byte[] tx, byte[] rx, int length);
}
