package org.lightkeeper.hal.bus;

/**
 * A failed bus transaction. Unchecked: the caller decides whether to retry (drivers never retry;
 * {@link RetryingI2cBus} does, by policy). Carries the bus, the 7-bit device address (or SPI chip
 * select) and the register, where known, and puts all three in the message so a log line alone
 * points at the right wire, chip and register.
 */
public class BusException extends RuntimeException {
    /** Marker for "no register involved" (a plain read, or an SPI frame). */
    public static final int NO_REGISTER = -1;
    /** Marker for "no single device involved" (the bus lock, a stuck bus seen before any address). */
    public static final int NO_ADDRESS = -1;

    private final String bus;
    private final int address;
    private final int register;
    private final String detail;

    public BusException(String bus, int address, int register, String message) {
        super(describe(bus, address, register, message));
        this.bus = bus;
        this.address = address;
        this.register = register;
        this.detail = message;
    }

    private static String describe(String bus, int address, int register, String message) {
        StringBuilder b = new StringBuilder(message).append(" (bus ").append(bus);
        if (address != NO_ADDRESS) {
            b.append(String.format(", address 0x%02X", address));
        }
        if (register != NO_REGISTER) {
            b.append(String.format(", register 0x%02X", register));
        }
        return b.append(')').toString();
    }

    /**
     * The register a write-first transaction addresses: for SMBus-style parts the first byte written
     * is the register pointer. Best effort context for errors and logs; pointerless parts (a mux
     * control byte) get their data byte reported, which is still the byte that was on the wire.
     */
    public static int pointerOf(byte[] out, int offset, int length) {
        return length > 0 ? out[offset] & 0xFF : NO_REGISTER;
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

    /** The message without the bus/address/register suffix, for re-raising on another bus name. */
    public String detail() {
        return detail;
    }
}
