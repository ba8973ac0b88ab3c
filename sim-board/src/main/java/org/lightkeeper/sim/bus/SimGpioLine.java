package org.lightkeeper.sim.bus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.sim.VirtualClock;

/**
 * One simulated SoC GPIO line on virtual time. The level is the output latch while the line is an
 * output, else what the outside world drives ({@link #drive}; low until driven, as with a pull-down).
 * Every level change, whatever caused it (an external drive, an output write, a direction change),
 * is an edge at the virtual time it happened: listeners are told synchronously, on the thread that
 * caused it, and the edge is kept in a short history for tests.
 *
 * <p>{@link #read} and {@link #write} are what a backend does to the line and honour the
 * {@link #fail} fault (a {@link BusException} naming chip and line); {@link #level()} and
 * {@link #drive} are the outside world's view and never fail.
 */
public final class SimGpioLine {
    /** Edges kept by {@link #edges()}. */
    public static final int HISTORY = 256;

    /** Told of each level change, at its virtual time. */
    @FunctionalInterface
    public interface Listener {
        void onEdge(SimGpioLine line, boolean rising, long nanos);
    }

    /** One level change: rising to high, or falling to low, at {@code nanos} of virtual time. */
    public record Edge(long nanos, boolean rising) {
    }

    private final String chip;
    private final int offset;
    private final VirtualClock clock;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ArrayDeque<Edge> history = new ArrayDeque<>();
    private boolean output;
    private boolean latch;
    private boolean external;
    private boolean failed;
    private long edgeCount;

    public SimGpioLine(String chip, int offset, VirtualClock clock) {
        if (chip == null || clock == null) {
            throw new IllegalArgumentException("chip and clock must not be null");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("GPIO line offset must not be negative, got " + offset);
        }
        this.chip = chip;
        this.offset = offset;
        this.clock = clock;
    }

    public String chip() {
        return chip;
    }

    public int offset() {
        return offset;
    }

    public String name() {
        return chip + "." + offset;
    }

    public void addListener(Listener l) {
        if (l == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        listeners.add(l);
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    /** The level on the line now (the outside world's view; never fails). */
    public synchronized boolean level() {
        return output ? latch : external;
    }

    public synchronized boolean isOutput() {
        return output;
    }

    /** What the outside world puts on the line; it shows while the line is an input. */
    public void drive(boolean high) {
        boolean before;
        boolean after;
        synchronized (this) {
            before = level();
            external = high;
            after = level();
        }
        changed(before, after);
    }

    /** Makes the line an input (a backend opening it so). */
    public void configureInput() {
        boolean before;
        boolean after;
        synchronized (this) {
            before = level();
            output = false;
            after = level();
        }
        changed(before, after);
    }

    /** Makes the line an output already driving {@code initial} (a backend opening it so). */
    public void configureOutput(boolean initial) {
        checkFault("configure");
        boolean before;
        boolean after;
        synchronized (this) {
            before = level();
            latch = initial;
            output = true;
            after = level();
        }
        changed(before, after);
    }

    /** A backend's read of the line. */
    public boolean read() {
        checkFault("read");
        return level();
    }

    /** A backend's write of the output latch; refused on an input, as the kernel refuses it. */
    public void write(boolean high) {
        checkFault("write");
        boolean before;
        boolean after;
        synchronized (this) {
            if (!output) {
                throw new BusException(chip, offset, BusException.NO_REGISTER,
                        "GPIO write refused: line is an input");
            }
            before = level();
            latch = high;
            after = level();
        }
        changed(before, after);
    }

    /** While on, backend reads and writes fail with an I/O error (a line held by a broken driver, a dead chip). */
    public synchronized SimGpioLine fail(boolean on) {
        this.failed = on;
        return this;
    }

    /** The last {@link #HISTORY} edges, oldest first. */
    public synchronized List<Edge> edges() {
        return new ArrayList<>(history);
    }

    public synchronized long edgeCount() {
        return edgeCount;
    }

    private synchronized void checkFault(String what) {
        if (failed) {
            throw new BusException(chip, offset, BusException.NO_REGISTER, "GPIO " + what + " failed: I/O error (simulated)");
        }
    }

    private void changed(boolean before, boolean after) {
        if (before == after) {
            return;
        }
        long t = clock.nanos();
        synchronized (this) {
            if (history.size() == HISTORY) {
                history.removeFirst();
            }
            history.addLast(new Edge(t, after));
            edgeCount++;
        }
        // Outside the lock: a listener may read the line or drive another one.
        for (Listener l : listeners) {
            l.onEdge(this, after, t);
        }
    }
}
