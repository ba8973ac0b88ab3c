package org.lightkeeper.hal.bus.remote;

import java.util.Optional;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.BusLock;
import org.lightkeeper.hal.bus.I2cBus;
import org.lightkeeper.hal.bus.I2cRecovery;

/**
 * An I2C bus of the bus server. Each method is one round trip and one transaction on the server's
 * bus; this side holds its own {@link BusLock} around it, so mux selects and page selects made under
 * the lock stay atomic among this firmware's threads (the server serves one client). Recovery is
 * offered when the server's bus has it.
 */
final class RemoteI2cBus extends RemoteHandle implements I2cBus {
    private final String requested;
    private final int requestedHz;
    private final BusLock lock;
    private String name;
    private int clockHz;
    private boolean recoverable;

    RemoteI2cBus(RemoteLink link, String bus, int clockHz) {
        super(link, BusProtocol.OP_OPEN_I2C);
        this.requested = bus;
        this.requestedHz = clockHz;
        this.name = bus;
        this.clockHz = clockHz;
        this.lock = new BusLock(bus);
    }

    @Override
    void writeOpen(Frame request) {
        request.putInt(requestedHz).putString(requested);
    }

    @Override
    void readOpened(Frame reply) {
        clockHz = reply.getInt();
        recoverable = (reply.getByte() & BusProtocol.FLAG_RECOVERY) != 0;
        name = reply.getString();
    }

    /** Opens the bus on the server now, so an unknown bus is refused where it is asked for. */
    RemoteI2cBus opened() {
        openNow(requested, BusException.NO_ADDRESS);
        return this;
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

    @Override
    public Optional<I2cRecovery> recovery() {
        return recoverable ? Optional.of(this::recover) : Optional.empty();
    }

    private boolean recover() {
        lock.acquire(BusException.NO_ADDRESS, BusException.NO_REGISTER);
        link.lock();
        try {
            request(BusProtocol.OP_I2C_RECOVER, name, BusException.NO_ADDRESS, BusException.NO_REGISTER);
            return link.exchange(name, BusException.NO_ADDRESS, BusException.NO_REGISTER, 1).getByte() == 1;
        } finally {
            link.unlock();
            lock.release();
        }
    }

    private static void check(int address, int length) {
        if (address < 0 || address > 0x7F) {
            throw new IllegalArgumentException(String.format("I2C address 0x%02X is not 7-bit", address));
        }
        if (length < 0 || length > BusProtocol.MAX_TRANSFER) {
            throw new IllegalArgumentException("transfer of " + length + " bytes, remote limit " + BusProtocol.MAX_TRANSFER);
        }
    }

    @Override
    public void write(int address, byte[] data, int offset, int length) {
        check(address, length);
        int register = BusException.pointerOf(data, offset, length);
        lock.acquire(address, register);
        link.lock();
        try {
            request(BusProtocol.OP_I2C_WRITE, name, address, register).putByte(address).putBytes(data, offset, length);
            link.exchange(name, address, register, 0);
        } finally {
            link.unlock();
            lock.release();
        }
    }

    @Override
    public void read(int address, byte[] buffer, int offset, int length) {
        check(address, length);
        lock.acquire(address, BusException.NO_REGISTER);
        link.lock();
        try {
            request(BusProtocol.OP_I2C_READ, name, address, BusException.NO_REGISTER).putByte(address).putShort(length);
            link.exchange(name, address, BusException.NO_REGISTER, length).getBytes(buffer, offset, length);
        } finally {
            link.unlock();
            lock.release();
        }
    }

    @Override
    public void writeRead(int address, byte[] out, int outOffset, int outLength, byte[] in, int inOffset, int inLength) {
        check(address, outLength);
        check(address, inLength);
        int register = BusException.pointerOf(out, outOffset, outLength);
        lock.acquire(address, register);
        link.lock();
        try {
            request(BusProtocol.OP_I2C_WRITE_READ, name, address, register).putByte(address).putShort(inLength)
                    .putBytes(out, outOffset, outLength);
            link.exchange(name, address, register, inLength).getBytes(in, inOffset, inLength);
        } finally {
            link.unlock();
            lock.release();
        }
    }
}
