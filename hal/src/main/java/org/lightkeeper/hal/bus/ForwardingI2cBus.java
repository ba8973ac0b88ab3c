package org.lightkeeper.hal.bus;

import java.util.Optional;

/**
 * Base of the I2C decorators (logging, retrying): the bus's identity, lock and recovery are the
 * wrapped bus's own; a decorator overrides only the transfers it changes.
 */
public abstract class ForwardingI2cBus implements I2cBus {
    /** The wrapped bus. */
    protected final I2cBus bus;

    protected ForwardingI2cBus(I2cBus bus) {
        this.bus = bus;
    }

    @Override
    public String name() {
        return bus.name();
    }

    @Override
    public int clockHz() {
        return bus.clockHz();
    }

    @Override
    public BusLock lock() {
        return bus.lock();
    }

    @Override
    public Optional<I2cRecovery> recovery() {
        return bus.recovery();
    }
}
