package org.lightkeeper.sim.bus;

import org.lightkeeper.hal.bus.GpioDirection;
import org.lightkeeper.hal.bus.GpioPin;
import org.lightkeeper.hal.bus.QueuedGpioPin;

/**
 * The simulator backend's {@link GpioPin}: a {@link SimGpioLine} opened in a direction. Edges arrive
 * synchronously from the line with their virtual time and wait in the queue for {@link #poll()}.
 */
final class SimGpioPin extends QueuedGpioPin {
    private final SimGpioLine line;
    private final GpioDirection direction;
    private final SimGpioLine.Listener listener = (l, rising, nanos) -> edges.offer(rising, nanos);

    SimGpioPin(SimGpioLine line, GpioDirection direction) {
        if (direction == null) {
            throw new IllegalArgumentException("direction must not be null");
        }
        this.line = line;
        this.direction = direction;
        if (direction.isOutput()) {
            line.configureOutput(direction.initialLevel());
        } else {
            line.configureInput();
            line.addListener(listener);
        }
    }

    @Override
    public String name() {
        return line.name();
    }

    @Override
    public GpioDirection direction() {
        return direction;
    }

    @Override
    public boolean read() {
        return line.read();
    }

    @Override
    public void write(boolean high) {
        if (!direction.isOutput()) {
            throw new IllegalStateException(name() + " is an input");
        }
        line.write(high);
    }






    @Override
    protected boolean isInput() {
        return !direction.isOutput();
    }

    @Override
    public void close() {
        line.removeListener(listener);
        edges.clear();
    }
}
