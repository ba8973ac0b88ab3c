package org.lightkeeper.sim.bus;

import org.lightkeeper.hal.bus.DeviceNotPresentException;
import org.lightkeeper.hal.bus.I2cBus;
import org.lightkeeper.hal.bus.NakException;
import org.lightkeeper.hal.bus.WireTime;
import org.lightkeeper.sim.VirtualClock;

/**
 * A simulated I2C controller: routes each transaction to the emulator at that address (through any
 * connected mux channels), charges virtual time the transaction's wire time, and NAKs addresses
 * nobody answers, as a real bus would.
 */
public final class SimI2cBus implements I2cBus {
    private final String name;
    private final int clockHz;
    private final VirtualClock clock;
    private final I2cSegment root = new I2cSegment();

    public SimI2cBus(String name, int clockHz, VirtualClock clock) {
        this.name = name;
        this.clockHz = clockHz;
        this.clock = clock;
    }

    public I2cSegment root() {
        return root;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int clockHz() {
        return clockHz;
    }

    private I2cTarget target(int address, int w, int r) {
        clock.advance(WireTime.i2cNanos(clockHz, w, r));
        I2cTarget t = root.resolve(address);
        if (t == null) {
            throw new DeviceNotPresentException(name, address);
        }
        return t;
    }

    @Override
    public synchronized void write(int address, byte[] data, int offset, int length) {
        I2cTarget t = target(address, length, 0);
        try {
            t.write(data, offset, length);
        } catch (I2cTarget.Nak nak) {
            throw new NakException(name, address, nak.register, nak.getMessage());
        }
    }

    @Override
    public synchronized void read(int address, byte[] buffer, int offset, int length) {
        I2cTarget t = target(address, 0, length);
        try {
            t.read(buffer, offset, length);
        } catch (I2cTarget.Nak nak) {
            throw new NakException(name, address, nak.register, nak.getMessage());
        }
    }

    @Override
    public synchronized void writeRead(int address, byte[] out, int outOffset, int outLength,
                                       byte[] in, int inOffset, int inLength) {
        I2cTarget t = target(address, outLength, inLength);
        try {
            t.write(out, outOffset, outLength);
            t.read(in, inOffset, inLength);
        } catch (I2cTarget.Nak nak) {
            throw new NakException(name, address, nak.register, nak.getMessage());
        }
    }

}
