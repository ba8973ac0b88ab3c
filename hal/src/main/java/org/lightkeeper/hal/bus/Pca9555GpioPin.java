package org.lightkeeper.hal.bus;

import org.lightkeeper.hal.chip.Pca9555;
import org.lightkeeper.hal.time.Clock;

/**
 * One pin of a PCA9555 expander as a {@link GpioPin}. The part's INT output is not wired to us, so
 * edges are found by sampling: every {@link #read()} and {@link #poll()} reads the input port and
 * compares the pin with the previous sample; a difference is one edge, stamped with the clock at the
 * end of the read. Consequences: a pulse shorter than the polling period is missed, and an edge's time
 * is when it was seen, not when it happened (at most one poll period late).
 *
 * <p>{@link #poll()} costs one 2-byte I2C read while a listener is registered, none otherwise. Changing
 * direction or an output level is a read-modify-write of the shared configuration / output register
 * pair, done under the bus lock so pins of one expander opened from several threads do not undo each
 * other. Bus errors come through unchanged (the expander's bus, address and register).
 */
public final class Pca9555GpioPin implements GpioPin {
    private final Pca9555 expander;
    private final int pin;
    private final int mask;
    private final GpioDirection direction;
    private final Clock clock;
    private final String name;
    private final GpioEdgeQueue edges = new GpioEdgeQueue();
    private boolean last;

    /** Named {@code <bus>/0x<address>.<pin>}, for example {@code i2c-1/0x20.3}. */
    public Pca9555GpioPin(Pca9555 expander, int pin, GpioDirection direction, Clock clock) {
        this(expander, pin, direction, clock, expander == null ? null
                : String.format("%s/0x%02X.%d", expander.bus().name(), expander.address(), pin));
    }

    /**
     * Configures the pin: an output gets its latch bit set to the initial level before the pin is
     * switched to output, so it never drives the other level. Touches the bus.
     */
    public Pca9555GpioPin(Pca9555 expander, int pin, GpioDirection direction, Clock clock, String name) {
        if (expander == null || direction == null || clock == null) {
            throw new IllegalArgumentException("expander, direction and clock must not be null");
        }
        if (pin < 0 || pin >= Pca9555.PINS) {
            throw new IllegalArgumentException("PCA9555 pin must be 0-15, got " + pin);
        }
        this.expander = expander;
        this.pin = pin;
        this.mask = 1 << pin;
        this.direction = direction;
        this.clock = clock;
        this.name = name;
        expander.bus().lock().run(() -> {
            if (direction.isOutput()) {
                int out = expander.readOutputs();
                expander.writeOutputs(direction.initialLevel() ? out | mask : out & ~mask);
                expander.configure(expander.readConfiguration() & ~mask);
            } else {
                expander.configure(expander.readConfiguration() | mask);
            }
        });
        last = (expander.readInputs() & mask) != 0;
    }

    public Pca9555 expander() {
        return expander;
    }

    public int pin() {
        return pin;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public GpioDirection direction() {
        return direction;
    }

    /** The pin's bit of the input port (after the part's polarity inversion, if someone set it). */
    @Override
    public synchronized boolean read() {
        boolean now = (expander.readInputs() & mask) != 0;
        long t = clock.nanos();
        if (now != last) {
            last = now;
            if (!direction.isOutput()) {
                edges.offer(now, t);
            }
        }
        return now;
    }

    @Override
    public void write(boolean high) {
        if (!direction.isOutput()) {
            throw new IllegalStateException(name + " is an input");
        }
        expander.bus().lock().run(() -> {
            int out = expander.readOutputs();
            int next = high ? out | mask : out & ~mask;
            if (next != out) {
                expander.writeOutputs(next);
            }
        });
    }

    @Override
    public void addEdgeListener(GpioEdge kind, GpioEdgeListener listener) {
        if (direction.isOutput()) {
            throw new IllegalStateException(name + " is an output: edges are reported on inputs only");
        }
        edges.add(kind, listener);
    }

    @Override
    public boolean removeEdgeListener(GpioEdgeListener listener) {
        return edges.remove(listener);
    }

    @Override
    public int poll() {
        if (edges.hasListeners()) {
            read();
        }
        return edges.drain(this);
    }

    @Override
    public int pendingEdges() {
        return edges.pending();
    }

    @Override
    public long droppedEdges() {
        return edges.dropped();
    }

    /** Leaves the pin as configured (an output keeps driving); drops queued edges. */
    @Override
    public void close() {
        edges.clear();
    }
}
