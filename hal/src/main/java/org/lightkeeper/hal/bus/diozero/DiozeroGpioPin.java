package org.lightkeeper.hal.bus.diozero;

import com.diozero.api.DigitalInputDevice;
import com.diozero.api.DigitalInputEvent;
import com.diozero.api.DigitalOutputDevice;
import com.diozero.api.GpioEventTrigger;
import com.diozero.api.GpioPullUpDown;
import com.diozero.api.PinInfo;
import com.diozero.api.function.DeviceEventConsumer;
import com.diozero.internal.spi.GpioDeviceFactoryInterface;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.GpioDirection;
import org.lightkeeper.hal.bus.GpioPin;
import org.lightkeeper.hal.bus.QueuedGpioPin;
import org.lightkeeper.hal.time.Clock;

/**
 * Our {@link GpioPin} over a diozero {@link DigitalInputDevice} (trigger BOTH, no pull, active high)
 * or {@link DigitalOutputDevice} (active high, opened at the direction's initial level). The line is
 * found by chip and line offset in the factory's board pin table, as the GPIO character device names
 * it ({@code gpiochip0} or {@code 0}).
 *
 * <p>diozero calls listeners on its event thread (synchronously from the simulator's factory); each
 * event is stamped with our {@link Clock} on arrival (diozero's own timestamp is on another time
 * base) and queued, and listeners run in {@link #poll()}. Failures become {@link BusException}s by
 * errno with the chip as bus and the line as address.
 */
public final class DiozeroGpioPin extends QueuedGpioPin {
    private final String chip;
    private final int line;
    private final String name;
    private final GpioDirection direction;
    private final Clock clock;
    private final DigitalInputDevice input;
    private final DigitalOutputDevice output;
    private final DeviceEventConsumer<DigitalInputEvent> listener;
    private boolean closed;

    DiozeroGpioPin(GpioDeviceFactoryInterface factory, String chip, int line, GpioDirection direction, Clock clock) {
        if (line < 0) {
            throw new IllegalArgumentException("GPIO line must not be negative, got " + line);
        }
        if (direction == null || clock == null) {
            throw new IllegalArgumentException("direction and clock must not be null");
        }
        this.chip = chip;
        this.line = line;
        this.name = chip + "." + line;
        this.direction = direction;
        this.clock = clock;
        int chipNumber = chipNumber(chip);
        try {
            PinInfo pin = factory.getBoardPinInfo().getByChipAndLineOffsetOrThrow(chipNumber, line);
            if (direction.isOutput()) {
                output = new DigitalOutputDevice(factory, pin, true, direction.initialLevel());
                input = null;
                listener = null;
            } else {
                input = new DigitalInputDevice(factory, pin, GpioPullUpDown.NONE, GpioEventTrigger.BOTH, true);
                output = null;
                listener = e -> edges.offer(e.getValue(), this.clock.nanos());
                input.addListener(listener);
            }
        } catch (RuntimeException e) {
            throw DiozeroErrors.translate(chip, line, BusException.NO_REGISTER, "GPIO open", e);
        }
    }

    /** {@code gpiochip0}, {@code /dev/gpiochip0} or {@code 0} to 0. */
    static int chipNumber(String chip) {
        String s = chip == null ? "" : chip.trim();
        for (String p : new String[] {"/dev/gpiochip", "gpiochip"}) {
            if (s.startsWith(p)) {
                s = s.substring(p.length());
                break;
            }
        }
        try {
            int n = Integer.parseInt(s);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw new IllegalArgumentException("cannot tell the GPIO chip number from '" + chip
                + "' (expected for example 'gpiochip0')");
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
        try {
            return output != null ? output.isOn() : input.getValue();
        } catch (RuntimeException e) {
            throw DiozeroErrors.translate(chip, line, BusException.NO_REGISTER, "GPIO read", e);
        }
    }

    @Override
    public void write(boolean high) {
        if (output == null) {
            throw new IllegalStateException(name + " is an input");
        }
        try {
            output.setValue(high);
        } catch (RuntimeException e) {
            throw DiozeroErrors.translate(chip, line, BusException.NO_REGISTER, "GPIO write", e);
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
        try {
            if (input != null) {
                input.removeListener(listener);
                input.close();
            } else {
                output.close();
            }
        } catch (RuntimeException ignored) {
            // closing on shutdown
        }
        edges.clear();
    }
}
