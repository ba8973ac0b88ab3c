package org.lightkeeper.sim.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.extension.Plugin;
import com.pi4j.extension.PluginService;
import org.lightkeeper.sim.SimBoard;

/**
 * The simulated board as a Pi4J plugin: an I2C and an SPI provider whose devices forward bytes to a
 * {@link SimBoard}'s buses. hal's {@code Pi4jBusProvider} over {@link #newContext()} talks to the
 * emulators through Pi4J's own API, exactly the path it takes to {@code /dev/i2c-1} on a Raspberry Pi.
 *
 * <p>Not registered for ServiceLoader discovery: a plugin found that way has no board to talk to,
 * and a global board would be a singleton. Build the context with {@link #newContext()} instead.
 */
public final class SimPi4jPlugin implements Plugin {
    private final SimPi4jI2CProvider i2c;
    private final SimPi4jSpiProvider spi;

    public SimPi4jPlugin(SimBoard board) {
        this.i2c = new SimPi4jI2CProvider(board);
        this.spi = new SimPi4jSpiProvider(board);
    }

    @Override
    public void initialize(PluginService service) {
        service.register(i2c, spi);
    }

    @Override
    public boolean isMock() {
        return true;
    }

    /** A Pi4J context holding only this plugin's providers (no platform or plugin auto-detection). */
    public Context newContext() {
        return Pi4J.newContextBuilder().noAutoDetect().add(i2c, spi).build();
    }

    /** Shorthand: a context for {@code board}. The caller shuts it down. */
    public static Context contextFor(SimBoard board) {
        return new SimPi4jPlugin(board).newContext();
    }
}
