package org.lightkeeper.hal.bus.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.IO;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputConfig;
import com.pi4j.io.gpio.digital.DigitalInputProvider;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalOutputConfig;
import com.pi4j.io.gpio.digital.DigitalOutputProvider;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.GpioDirection;
import org.lightkeeper.hal.bus.GpioPin;
import org.lightkeeper.hal.bus.QueuedGpioPin;
import org.lightkeeper.hal.time.Clock;

/**
 * Our {@link GpioPin} over a Pi4J {@link DigitalInput} or {@link DigitalOutput} (the gpiod plugin on a
 * Raspberry Pi). The line is the Pi4J address (the BCM GPIO number). Pi4J 2.x picks its GPIO chip
 * itself (gpiod: the header's pinctrl chip), so the chip name is only part of the pin's name and of
 * its errors.
 *
 * <p>Pi4J calls state-change listeners on its event thread (synchronously from the simulator's
 * plugin); each change is stamped with our {@link Clock} when it arrives and queued, and listeners
 * run in {@link #poll()}. Pi4J's events carry no time of their own. Failures become
 * {@link BusException}s with the chip as bus and the line as address.
 */
public final class Pi4jGpioPin extends QueuedGpioPin {
    private final Context context;
    private final String chip;
    private final int line;
    private final String name;
    private final String id;
    private final GpioDirection direction;
    private final Clock clock;
    private final DigitalInput input;
    private final DigitalOutput output;
    private final DigitalStateChangeListener listener;
    private boolean closed;

    Pi4jGpioPin(Context context, String chip, int line, GpioDirection direction, Clock clock) {
        if (line < 0) {
            throw new IllegalArgumentException("GPIO line must not be negative, got " + line);
        }
        if (direction == null || clock == null) {
            throw new IllegalArgumentException("direction and clock must not be null");
        }
        this.context = context;
        this.chip = chip;
        this.line = line;
        this.name = chip + "." + line;
        this.id = "lightkeeper-gpio-" + chip.replaceAll("[^A-Za-z0-9_-]", "_") + "-" + line;
        this.direction = direction;
        this.clock = clock;
        try {
            if (direction.isOutput()) {
                DigitalState initial = DigitalState.getState(direction.initialLevel());
                DigitalOutputConfig config = DigitalOutput.newConfigBuilder(context)
                        .id(id).name(name).address(line).initial(initial).build();
                output = context.providers().get(DigitalOutputProvider.class).create(config);
                output.state(initial);
                input = null;
                listener = null;
            } else {
                DigitalInputConfig config = DigitalInput.newConfigBuilder(context)
                        .id(id).name(name).address(line).build();
                input = context.providers().get(DigitalInputProvider.class).create(config);
                output = null;
                listener = this::onChange;
                input.addListener(listener);
            }
        } catch (RuntimeException e) {
            throw Pi4jErrors.translate(chip, line, BusException.NO_REGISTER, "GPIO open", e);
        }
    }

    private void onChange(DigitalStateChangeEvent<?> event) {
        DigitalState s = event.state();
        if (s == DigitalState.HIGH || s == DigitalState.LOW) {
            edges.offer(s.isHigh(), clock.nanos());
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public GpioDirection direction() {
        return direction;
    }

    @Override
    public boolean read() {
        DigitalState s;
        try {
            s = output != null ? output.state() : input.state();
        } catch (RuntimeException e) {
            throw Pi4jErrors.translate(chip, line, BusException.NO_REGISTER, "GPIO read", e);
        }
        if (s != DigitalState.HIGH && s != DigitalState.LOW) {
            throw new BusException(chip, line, BusException.NO_REGISTER, "GPIO read failed: state " + s);
        }
        return s.isHigh();
    }

    @Override
    public void write(boolean high) {
        if (output == null) {
            throw new IllegalStateException(name + " is an input");
        }
        try {
            output.state(DigitalState.getState(high));
        } catch (RuntimeException e) {
            throw Pi4jErrors.translate(chip, line, BusException.NO_REGISTER, "GPIO write", e);
        }
    }






    @Override
    protected boolean isInput() {
        return input != null;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        IO<?, ?, ?> io = output != null ? output : input;
        try {
            if (input != null) {
                input.removeListener(listener);
            }
            if (context.registry().exists(id)) {
                context.shutdown(id);
            } else {
                io.shutdown(context);
            }
        } catch (RuntimeException ignored) {
            // closing on shutdown: nothing left to tell the caller
        }
        edges.clear();
    }
}
