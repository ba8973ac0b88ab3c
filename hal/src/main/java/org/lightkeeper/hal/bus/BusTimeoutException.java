package org.lightkeeper.hal.bus;

/** The transaction did not complete in time (clock stretching past the limit, or the bus lock not acquired). */
public class BusTimeoutException extends BusException {
    public BusTimeoutException(String bus, int address, int register, String message) {
        super(bus, address, register, message);
    }
}
