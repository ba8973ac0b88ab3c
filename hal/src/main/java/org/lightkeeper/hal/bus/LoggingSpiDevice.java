package org.lightkeeper.hal.bus;

/**
 * {@link LoggingI2cBus} for one SPI chip select: each frame goes into the bus's {@link TransactionLog}
 * (the chip select standing in for the address, so several devices can share one log) and its
 * {@link WireTime} into a {@link BusTimeMeter}. Errors are recorded and rethrown as is.
 */
public final class LoggingSpiDevice implements SpiDevice {
    private final SpiDevice device;
    private final int chipSelect;
    private final TransactionLog log;
    private final BusTimeMeter meter;

    public LoggingSpiDevice(SpiDevice device, int chipSelect, TransactionLog log, BusTimeMeter meter) {
        this.device = device;
        this.chipSelect = chipSelect;
        this.log = log;
        this.meter = meter;
    }

    public LoggingSpiDevice(SpiDevice device, int chipSelect, TransactionLog log) {
        this(device, chipSelect, log, new BusTimeMeter());
    }

    public TransactionLog log() {
        return log;
    }

    public BusTimeMeter meter() {
        return meter;
    }

    @Override
    public String name() {
        return device.name();
    }

    @Override
    public int clockHz() {
        return device.clockHz();
    }

    @Override
    public void transfer(byte[] tx, byte[] rx, int length) {
        long t = log.clock().nanos();
        long wire = WireTime.spiNanos(device.clockHz(), length);
        try {
            device.transfer(tx, rx, length);
        } catch (RuntimeException e) {
            meter.charge(wire);
            log.record(t, device.name(), chipSelect, TransactionLog.Kind.SPI, tx, 0, length, rx, 0, length, wire, e);
            throw e;
        }
        meter.charge(wire);
        log.record(t, device.name(), chipSelect, TransactionLog.Kind.SPI, tx, 0, length, rx, 0, length, wire, null);
    }
}
