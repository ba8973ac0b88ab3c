package org.lightkeeper.hal.bus;

/**
 * A failed bus transaction. Unchecked: the caller decides whether to retry (drivers never retry).
 * Carries the bus, the 7-bit device address (or SPI chip select) and the register, where known.
 */
public class BusException extends RuntimeException {
    /** Marker for "no register involved" (a plain read, or an SPI frame). */
    public static final int NO_REGISTER = -1;

    private final String bus;
    private final int address;
    private final int register;

    public BusException(String bus, int address, int register, String message) {
        super(describe(bus, address, register, message));
        this.bus = bus;
        this.address = address;
        this.register = register;
    }

    private static String describe(String bus, int address, int register, String message) {
        StringBuilder b = new StringBuilder(message).append(" (bus ").append(bus)
                .append(String.format(", address 0x%02X", address));
        if (register != NO_REGISTER) {
            b.append(String.format(", register 0x%02X", register));
        }
        return b.append(')').toString();
    }

    public String bus() {
        return bus;
    }

    public int address() {
        return address;
    }

    public int register() {
        return register;
    }
}
