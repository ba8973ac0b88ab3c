package org.lightkeeper.sim.bus;

import org.lightkeeper.hal.bus.ArbitrationLostException;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.BusLock;
import org.lightkeeper.hal.bus.BusStuckException;
import org.lightkeeper.hal.bus.BusTimeoutException;
import org.lightkeeper.hal.bus.DeviceNotPresentException;
import org.lightkeeper.hal.bus.I2cBus;
import org.lightkeeper.hal.bus.I2cRecovery;
import org.lightkeeper.hal.bus.NakException;
import org.lightkeeper.hal.bus.WireTime;
import org.lightkeeper.sim.VirtualClock;

/**
 * A simulated I2C controller: routes each transaction to the emulator at that address (through any
 * connected mux channels), charges virtual time the transaction's wire time, and NAKs addresses
 * nobody answers, as a real bus would. {@link #faults()} injects NAKs, lost arbitration, timeouts, a
 * stuck line and vanishing devices; a stuck line can be cleared with {@link #recoverStuckBus()} when
 * the fault was set recoverable. Every transaction holds the bus's {@link BusLock}.
 */
public final class SimI2cBus implements I2cBus, I2cRecovery {
    private final String name;
    private final int clockHz;
    private final VirtualClock clock;
    private final I2cSegment root = new I2cSegment();
    private final BusLock lock;
    private volatile BusFaults faults = new BusFaults(0);

    public SimI2cBus(String name, int clockHz, VirtualClock clock) {
        this.name = name;
        this.clockHz = clockHz;
        this.clock = clock;
        this.lock = new BusLock(name);
    }

    public I2cSegment root() {
        return root;
    }

    /** The faults this bus applies (none until set); mutate them to inject. */
    public BusFaults faults() {
        return faults;
    }

    /** Replaces the fault set, for a run with its own seed. */
    public void setFaults(BusFaults faults) {
        this.faults = faults;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int clockHz() {
        return clockHz;
    }

    @Override
    public BusLock lock() {
        return lock;
    }

    /** Nine SCL pulses and a STOP, charged to virtual time; frees the bus if the fault allows. */
    @Override
    public boolean recoverStuckBus() {
        lock.acquire(BusException.NO_ADDRESS, BusException.NO_REGISTER);
        try {
            clock.advance(WireTime.i2cBusClearNanos(clockHz));
            return faults.clearBus();
        } finally {
            lock.release();
        }
    }

    /** Applies faults, charges the wire time and finds the target; throws what the controller would see. */
    private I2cTarget begin(int address, int register, int w, int r) {
        BusFaults f = faults;
        BusStuckException.Line stuck = f.stuckLine();
        if (stuck != null) {
            f.countInjected(); // no START possible: no wire time
            throw new BusStuckException(name, address, register, stuck);
        }
        if (f.timeout()) {
            f.countInjected();
            clock.advance(f.timeoutNanos());
            throw new BusTimeoutException(name, address, register, "SCL stretched past the timeout");
        }
        clock.advance(WireTime.i2cNanos(clockHz, w, r));
        if (f.drawArbitrationLoss()) {
            throw new ArbitrationLostException(name, address, register, "arbitration lost");
        }
        I2cTarget t = root.resolve(address);
        if (t == null) {
            throw new DeviceNotPresentException(name, address, register);
        }
        if (f.vanished(address)) {
            f.countInjected();
            throw new DeviceNotPresentException(name, address, register);
        }
        if (f.drawNak()) {
            throw new NakException(name, address, register, "NAK (injected)");
        }
        return t;
    }

    @Override
    public void write(int address, byte[] data, int offset, int length) {
        int register = BusException.pointerOf(data, offset, length);
        lock.acquire(address, register);
        try {
            I2cTarget t = begin(address, register, length, 0);
            t.write(data, offset, length);
        } catch (I2cTarget.Nak nak) {
            throw new NakException(name, address, nak.register, nak.getMessage());
        } finally {
            lock.release();
        }
    }

    @Override
    public void read(int address, byte[] buffer, int offset, int length) {
        lock.acquire(address, BusException.NO_REGISTER);
        try {
            I2cTarget t = begin(address, BusException.NO_REGISTER, 0, length);
            t.read(buffer, offset, length);
        } catch (I2cTarget.Nak nak) {
            throw new NakException(name, address, nak.register, nak.getMessage());
        } finally {
            lock.release();
        }
    }

    @Override
    public void writeRead(int address, byte[] out, int outOffset, int outLength,
                          byte[] in, int inOffset, int inLength) {
        int register = BusException.pointerOf(out, outOffset, outLength);
        lock.acquire(address, register);
        try {
            I2cTarget t = begin(address, register, outLength, inLength);
            t.write(out, outOffset, outLength);
            t.read(in, inOffset, inLength);
        } catch (I2cTarget.Nak nak) {
            throw new NakException(name, address, nak.register, nak.getMessage());
        } finally {
            lock.release();
        }
    }
}
