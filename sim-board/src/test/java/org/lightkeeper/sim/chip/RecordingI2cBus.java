package org.lightkeeper.sim.chip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lightkeeper.hal.bus.I2cBus;

/** Test wrapper: passes every transaction to a real bus and records what the driver put on the wire. */
final class RecordingI2cBus implements I2cBus {
    enum Kind { WRITE, READ, WRITE_READ }

    /** One transaction: the bytes written (pointer first) and how many bytes were read. */
    record Transaction(Kind kind, int address, byte[] written, int readLength) {
        int firstByte() {
            return written[0] & 0xFF;
        }

        @Override
        public String toString() {
            return kind + " 0x" + Integer.toHexString(address) + " " + Arrays.toString(written) + " r" + readLength;
        }
    }

    private final I2cBus delegate;
    private final List<Transaction> log = new ArrayList<>();

    RecordingI2cBus(I2cBus delegate) {
        this.delegate = delegate;
    }

    List<Transaction> transactions() {
        return List.copyOf(log);
    }

    void clear() {
        log.clear();
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public int clockHz() {
        return delegate.clockHz();
    }

    @Override
    public void write(int address, byte[] data, int offset, int length) {
        log.add(new Transaction(Kind.WRITE, address, Arrays.copyOfRange(data, offset, offset + length), 0));
        delegate.write(address, data, offset, length);
    }

    @Override
    public void read(int address, byte[] buffer, int offset, int length) {
        log.add(new Transaction(Kind.READ, address, new byte[0], length));
        delegate.read(address, buffer, offset, length);
    }

    @Override
    public void writeRead(int address, byte[] out, int outOffset, int outLength, byte[] in, int inOffset, int inLength) {
        log.add(new Transaction(Kind.WRITE_READ, address, Arrays.copyOfRange(out, outOffset, outOffset + outLength),
                inLength));
        delegate.writeRead(address, out, outOffset, outLength, in, inOffset, inLength);
    }
}
