package org.lightkeeper.sim.bus;

import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.GpioDirection;
import org.lightkeeper.hal.bus.GpioPin;
import org.lightkeeper.hal.bus.GpioProvider;
import org.lightkeeper.sim.VirtualClock;

/**
 * A simulated GPIO chip ({@code gpiochip0}): a fixed number of {@link SimGpioLine}s by offset, all
 * on one virtual clock. As a {@link GpioProvider} it opens its own lines as {@link GpioPin}s (the
 * simulator backend); the Pi4J plugin and the diozero factory route their digital I/O to it.
 */
public final class SimGpioChip implements GpioProvider {
    private final String name;
    private final int number;
    private final SimGpioLine[] lines;

    /** {@code name} like {@code gpiochipN}; N is the chip number diozero addresses it by (0 if none). */
    public SimGpioChip(String name, int lineCount, VirtualClock clock) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("GPIO chip name must not be empty");
        }
        if (lineCount < 1) {
            throw new IllegalArgumentException("a GPIO chip needs at least one line, got " + lineCount);
        }
        this.name = name;
        this.number = trailingNumber(name);
        this.lines = new SimGpioLine[lineCount];
        for (int i = 0; i < lineCount; i++) {
            lines[i] = new SimGpioLine(name, i, clock);
        }
    }

    private static int trailingNumber(String name) {
        int i = name.length();
        while (i > 0 && Character.isDigit(name.charAt(i - 1))) {
            i--;
        }
        return i == name.length() ? 0 : Integer.parseInt(name.substring(i));
    }

    public String name() {
        return name;
    }

    public int number() {
        return number;
    }

    public int lineCount() {
        return lines.length;
    }

    public boolean hasLine(int offset) {
        return offset >= 0 && offset < lines.length;
    }

    /** The line at {@code offset}; {@link IllegalArgumentException} if the chip has none there. */
    public SimGpioLine line(int offset) {
        if (!hasLine(offset)) {
            throw new IllegalArgumentException(name + " has lines 0-" + (lines.length - 1) + ", not " + offset);
        }
        return lines[offset];
    }

    /** A pin on one of this chip's lines; another chip name or a missing line is a {@link BusException}. */
    @Override
    public GpioPin gpio(String chip, int line, GpioDirection direction) {
        if (!name.equals(chip)) {
            throw new BusException(String.valueOf(chip), line, BusException.NO_REGISTER,
                    "GPIO open failed: no such chip (simulated chip is " + name + ")");
        }
        if (!hasLine(line)) {
            throw new BusException(name, line, BusException.NO_REGISTER,
                    "GPIO open failed: no such line (" + name + " has " + lines.length + ")");
        }
        return new SimGpioPin(lines[line], direction);
    }
}
