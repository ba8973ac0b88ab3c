package org.lightkeeper.hal.bus;

/** The addressed device did not acknowledge its address or a data byte (I2C NAK). */
public class NakException extends BusException {
    public NakException(String bus, int address, int register, String message) {
        super(bus, address, register, message);
    }
}
