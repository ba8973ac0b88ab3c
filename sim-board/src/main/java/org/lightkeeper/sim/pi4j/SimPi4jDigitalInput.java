package org.lightkeeper.sim.pi4j;

import com.pi4j.context.Context;
import com.pi4j.exception.Pi4JException;
import com.pi4j.exception.ShutdownException;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputBase;
import com.pi4j.io.gpio.digital.DigitalInputConfig;
import com.pi4j.io.gpio.digital.DigitalInputProvider;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.sim.bus.SimGpioLine;

/**
 * A Pi4J digital input on a simulated GPIO line: {@link #state()} reads the line, each edge is
 * dispatched as a {@link DigitalStateChangeEvent} synchronously on the thread that made it (gpiod
 * would do so on its event thread). A failed line reads as linuxfs/gpiod report it: a
 * {@link Pi4JException} with an EIO cause.
 */
final class SimPi4jDigitalInput extends DigitalInputBase {
    private final SimGpioLine line;
    private final SimGpioLine.Listener listener = (l, rising, nanos) ->
            dispatch(new DigitalStateChangeEvent<>(this, DigitalState.getState(rising)));

    SimPi4jDigitalInput(DigitalInputProvider provider, DigitalInputConfig config, SimGpioLine line) {
        super(provider, config);
        this.line = line;
        line.configureInput();
        line.addListener(listener);
    }

    @Override
    public DigitalState state() {
        try {
            return DigitalState.getState(line.read());
        } catch (BusException e) {
            throw SimPi4jDigitalOutput.toPi4j("read", line, e);
        }
    }

    @Override
    public DigitalInput shutdown(Context context) throws ShutdownException {
        line.removeListener(listener);
        return super.shutdown(context);
    }
}
