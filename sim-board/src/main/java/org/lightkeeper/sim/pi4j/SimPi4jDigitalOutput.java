package org.lightkeeper.sim.pi4j;

import com.pi4j.exception.Pi4JException;
import com.pi4j.io.exception.IOException;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalOutputBase;
import com.pi4j.io.gpio.digital.DigitalOutputConfig;
import com.pi4j.io.gpio.digital.DigitalOutputProvider;
import com.pi4j.io.gpio.digital.DigitalState;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.sim.bus.SimGpioLine;

/**
 * A Pi4J digital output on a simulated GPIO line, opened driving its configured initial state.
 * {@link #state()} reads the line back (not Pi4J's cached value), so readback tests see the wire.
 */
final class SimPi4jDigitalOutput extends DigitalOutputBase {
    private final SimGpioLine line;

    SimPi4jDigitalOutput(DigitalOutputProvider provider, DigitalOutputConfig config, SimGpioLine line) {
        super(provider, config);
        this.line = line;
        DigitalState initial = config.initialState();
        try {
            line.configureOutput(initial != null && initial.isHigh());
        } catch (BusException e) {
            throw toPi4j("open", line, e);
        }
    }

    @Override
    public DigitalOutput state(DigitalState state) throws IOException {
        try {
            line.write(state.isHigh());
        } catch (BusException e) {
            throw toPi4j("write", line, e);
        }
        return super.state(state);
    }

    @Override
    public DigitalState state() {
        try {
            return DigitalState.getState(line.read());
        } catch (BusException e) {
            throw toPi4j("read", line, e);
        }
    }

    /** What gpiod would throw: Pi4J's generic exception around an errno-carrying EIO. */
    static Pi4JException toPi4j(String what, SimGpioLine line, BusException e) {
        return new Pi4JException("GPIO " + what + " failed on line " + line.offset() + " of " + line.chip(),
                new LinuxErrors.ErrnoException(5, "Input/output error"));
    }
}
