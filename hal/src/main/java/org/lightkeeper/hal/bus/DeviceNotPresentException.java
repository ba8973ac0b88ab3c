package org.lightkeeper.hal.bus;

/** Nothing answers at this address at all (address NAK on every try, or a missing chip select target). */
public class DeviceNotPresentException extends NakException {
    public DeviceNotPresentException(String bus, int address) {
        this(bus, address, NO_REGISTER);
    }

    /** With the register the transaction was going to address, for the message. */
    public DeviceNotPresentException(String bus, int address, int register) {
        super(bus, address, register, "no device answers");
    }
}
