package org.lightkeeper.hal.bus;

/**
 * Another controller won arbitration on a multi-controller bus (NXP UM10204 section 3.1.8): our
 * transaction never completed, nothing was written. Usually transient, so retry policies retry it.
 */
public class ArbitrationLostException extends BusException {
    public ArbitrationLostException(String bus, int address, int register, String message) {
        super(bus, address, register, message);
    }
}
