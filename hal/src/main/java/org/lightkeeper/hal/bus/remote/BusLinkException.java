package org.lightkeeper.hal.bus.remote;

import org.lightkeeper.hal.bus.BusException;

/**
 * The link to the bus server failed: refused, closed, silent past the socket timeout, or answering
 * outside the protocol. Whether the transaction reached the bus is unknown. Not retried by the
 * default retry policy (like a bus timeout); the next transaction reconnects.
 */
public class BusLinkException extends BusException {
    public BusLinkException(String bus, int address, int register, String message) {
        super(bus, address, register, message);
    }
}
