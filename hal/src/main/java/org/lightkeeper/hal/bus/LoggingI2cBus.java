package org.lightkeeper.hal.bus;

/**
 * Records every transaction into a {@link TransactionLog} and charges its {@link WireTime} to a
 * {@link BusTimeMeter}. Failed transactions are recorded and charged too (the wire was busy; the
 * charge is the nominal time, an upper bound for an early NAK), and their exception rethrown as is.
 * Allocates nothing beyond the wrapped call.
 */
public final class LoggingI2cBus extends ForwardingI2cBus {
    private final TransactionLog log;
    private final BusTimeMeter meter;

    public LoggingI2cBus(I2cBus bus, TransactionLog log, BusTimeMeter meter) {
        super(bus);
        this.log = log;
        this.meter = meter;
    }

    public LoggingI2cBus(I2cBus bus, TransactionLog log) {
        this(bus, log, new BusTimeMeter());
    }

    public TransactionLog log() {
        return log;
    }

    public BusTimeMeter meter() {
        return meter;
    }

    @Override
    public void write(int address, byte[] data, int offset, int length) {
        long t = log.clock().nanos();
        long wire = WireTime.i2cNanos(bus.clockHz(), length, 0);
        try {
            bus.write(address, data, offset, length);
        } catch (RuntimeException e) {
            done(t, address, TransactionLog.Kind.WRITE, data, offset, length, null, 0, 0, wire, e);
            throw e;
        }
        done(t, address, TransactionLog.Kind.WRITE, data, offset, length, null, 0, 0, wire, null);
    }

    @Override
    public void read(int address, byte[] buffer, int offset, int length) {
        long t = log.clock().nanos();
        long wire = WireTime.i2cNanos(bus.clockHz(), 0, length);
        try {
            bus.read(address, buffer, offset, length);
        } catch (RuntimeException e) {
            done(t, address, TransactionLog.Kind.READ, null, 0, 0, buffer, offset, length, wire, e);
            throw e;
        }
        done(t, address, TransactionLog.Kind.READ, null, 0, 0, buffer, offset, length, wire, null);
    }

    @Override
    public void writeRead(int address, byte[] out, int outOffset, int outLength, byte[] in, int inOffset, int inLength) {
        long t = log.clock().nanos();
        long wire = WireTime.i2cNanos(bus.clockHz(), outLength, inLength);
        try {
            bus.writeRead(address, out, outOffset, outLength, in, inOffset, inLength);
        } catch (RuntimeException e) {
            done(t, address, TransactionLog.Kind.WRITE_READ, out, outOffset, outLength, in, inOffset, inLength, wire, e);
            throw e;
        }
        done(t, address, TransactionLog.Kind.WRITE_READ, out, outOffset, outLength, in, inOffset, inLength, wire, null);
    }

    private void done(long t, int address, TransactionLog.Kind kind, byte[] out, int outOffset, int outLength,
                      byte[] in, int inOffset, int inLength, long wire, RuntimeException error) {
        meter.charge(wire);
        log.record(t, bus.name(), address, kind, out, outOffset, outLength, in, inOffset, inLength, wire, error);
    }
}
