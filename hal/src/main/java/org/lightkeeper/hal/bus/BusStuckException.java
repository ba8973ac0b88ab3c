package org.lightkeeper.hal.bus;

/**
 * SDA or SCL is held low, so no START can be issued. Retrying is pointless; the caller should try
 * {@link I2cRecovery#recoverStuckBus()} (via {@link I2cBus#recovery()}) and, failing that, alarm:
 * a target stuck mid-byte or a shorted line needs a power cycle or a hand.
 */
public class BusStuckException extends BusException {
    /** Which line is held low. */
    public enum Line { SDA, SCL }

    private final Line line;

    public BusStuckException(String bus, int address, int register, Line line) {
        super(bus, address, register, line + " held low");
        this.line = line;
    }

    public Line line() {
        return line;
    }
}
