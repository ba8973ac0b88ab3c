package org.lightkeeper.hal.bus;

/** Nothing answers at this address at all (address NAK on every try, or a missing chip select target). */
public class DeviceNotPresentException extends NakException {
    public DeviceNotPresentException(String bus, int address) {
        super(bus, address, NO_REGISTER, "no device answers");
    }
}
