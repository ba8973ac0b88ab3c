package org.lightkeeper.sim.pi4j;

import java.util.concurrent.Callable;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CBusBase;
import com.pi4j.io.i2c.I2CConfig;
import org.lightkeeper.hal.bus.I2cBus;

/** One simulated Linux I2C bus as Pi4J sees it: Pi4J's fair bus lock around the simulator's bus. */
final class SimPi4jI2CBus extends I2CBusBase {
    private final I2cBus sim;

    SimPi4jI2CBus(I2CConfig config, I2cBus sim) {
        super(config);
        this.sim = sim;
    }

    I2cBus sim() {
        return sim;
    }

    int number() {
        return bus;
    }

    @Override
    public <R> R execute(I2C i2c, Callable<R> action) {
        return _execute(i2c, action);
    }
}
