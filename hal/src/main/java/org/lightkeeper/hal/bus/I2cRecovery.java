package org.lightkeeper.hal.bus;

/**
 * Optional capability of an I2C backend that can drive SCL by hand: clear a target that holds SDA
 * low mid-byte by clocking nine SCL pulses and then a STOP (NXP UM10204 section 3.1.16, "Bus
 * clear"). Not every controller can (a kernel i2c-dev without recovery GPIOs cannot), hence optional;
 * find it through {@link I2cBus#recovery()} so decorators do not hide it.
 */
public interface I2cRecovery {
    /** Attempts a bus clear; true when the bus is free afterwards. Never throws for a still-stuck bus. */
    boolean recoverStuckBus();
}
