package org.lightkeeper.sim.pi4j;

import java.util.Arrays;
import java.util.Objects;
import com.pi4j.io.spi.SpiBase;
import com.pi4j.io.spi.SpiConfig;
import com.pi4j.io.spi.SpiProvider;
import org.lightkeeper.hal.bus.SpiDevice;

/** A Pi4J SPI device whose frames go to the simulator's emulator on that chip select. */
final class SimPi4jSpi extends SpiBase {
    private final SpiDevice sim;

    SimPi4jSpi(SpiProvider provider, SpiConfig config, SpiDevice sim) {
        super(provider, config);
        this.sim = sim;
    }

    @Override
    public synchronized int transfer(byte[] write, int writeOffset, byte[] read, int readOffset, int length) {
        Objects.checkFromIndexSize(writeOffset, length, write.length);
        Objects.checkFromIndexSize(readOffset, length, read.length);
        byte[] tx = writeOffset == 0 ? write : Arrays.copyOfRange(write, writeOffset, writeOffset + length);
        byte[] rx = readOffset == 0 ? read : new byte[length];
        sim.transfer(tx, rx, length);
        if (rx != read) {
            System.arraycopy(rx, 0, read, readOffset, length);
        }
        return length;
    }

    @Override
    public int write(byte b) {
        return write(new byte[] {b}, 0, 1);
    }

    @Override
    public int write(byte[] data, int offset, int length) {
        return transfer(data, offset, new byte[length], 0, length);
    }

    @Override
    public int read() {
        byte[] b = new byte[1];
        read(b, 0, 1);
        return b[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        return transfer(new byte[length], 0, buffer, offset, length);
    }
}
