package org.lightkeeper.sim.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.extension.Plugin;
import com.pi4j.extension.PluginService;
import com.pi4j.provider.Provider;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.bus.SimGpioChip;

/**
 * The simulated board as a Pi4J plugin: an I2C and an SPI provider whose devices forward bytes to a
 * {@link SimBoard}'s buses. hal's {@code Pi4jBusProvider} over {@link #newContext()} talks to the
 * emulators through Pi4J's own API, exactly the path it takes to {@code /dev/i2c-1} on a Raspberry Pi.
 *
 * <p>Given a {@link SimGpioChip}, the plugin also offers Pi4J digital inputs and outputs on its lines
 * (the Pi4J address is the line offset), as the gpiod plugin does on a Raspberry Pi.
 *
 * <p>Not registered for ServiceLoader discovery: a plugin found that way has no board to talk to,
 * and a global board would be a singleton. Build the context with {@link #newContext()} instead.
 */
public final class SimPi4jPlugin implements Plugin {
    private final SimPi4jI2CProvider i2c;
    private final SimPi4jSpiProvider spi;
    private final Provider[] providers;

    public SimPi4jPlugin(SimBoard board) {
        this(board, null);
    }

    /** With digital I/O on {@code gpio}'s lines ({@code null}: I2C and SPI only). */
    public SimPi4jPlugin(SimBoard board, SimGpioChip gpio) {
        this.i2c = new SimPi4jI2CProvider(board);
        this.spi = new SimPi4jSpiProvider(board);
        this.providers = gpio == null ? new Provider[] {i2c, spi}
                : new Provider[] {i2c, spi, new SimPi4jGpioProviders.Input(gpio), new SimPi4jGpioProviders.Output(gpio)};
    }

    @Override
    public void initialize(PluginService service) {
        service.register(providers);
    }

    @Override
    public boolean isMock() {
        return true;
    }

    /** A Pi4J context holding only this plugin's providers (no platform or plugin auto-detection). */
    public Context newContext() {
        return Pi4J.newContextBuilder().noAutoDetect().add(providers).build();
    }

    /** Shorthand: a context for {@code board}. The caller shuts it down. */
    public static Context contextFor(SimBoard board) {
        return new SimPi4jPlugin(board).newContext();
    }

    /** Shorthand: a context for {@code board} with digital I/O on {@code gpio}. The caller shuts it down. */
    public static Context contextFor(SimBoard board, SimGpioChip gpio) {
        return new SimPi4jPlugin(board, gpio).newContext();
    }
}
