package org.lightkeeper.hal.bus.remote;

import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.GpioDirection;
import org.lightkeeper.hal.bus.GpioEdge;
import org.lightkeeper.hal.bus.GpioEdgeListener;
import org.lightkeeper.hal.bus.GpioEdgeQueue;
import org.lightkeeper.hal.bus.GpioPin;
import org.lightkeeper.hal.time.Clock;

/**
 * A GPIO line of the bus server. Edges are found on the server by its own backend and fetched by
 * {@link #poll()} (one round trip, only while a listener is registered), then delivered here like any
 * pin's. An edge's time is moved onto this side's clock by its age on the server's clock, so a
 * listener sees when it happened, give or take one link latency. After a reconnect the line is opened
 * again driving its last written level, and its watch restored.
 */
final class RemoteGpioPin extends RemoteHandle implements GpioPin {
    private final String chip;
    private final int line;
    private final GpioDirection direction;
    private final Clock clock;
    private final GpioEdgeQueue edges = new GpioEdgeQueue();
    private String name;
    private boolean level;
    private boolean watching;
    private long remoteDropped;
    private boolean closed;

    RemoteGpioPin(RemoteLink link, String chip, int line, GpioDirection direction, Clock clock) {
        super(link, BusProtocol.OP_OPEN_GPIO);
        if (line < 0 || line > 0xFFFF) {
            throw new IllegalArgumentException("GPIO line must be 0-65535, got " + line);
        }
        this.chip = chip;
        this.line = line;
        this.direction = direction;
        this.clock = clock;
        this.name = chip + "." + line;
        this.level = direction.initialLevel();
    }

    @Override
    void writeOpen(Frame request) {
        GpioDirection now = direction.isOutput() ? (level ? GpioDirection.OUTPUT_HIGH : GpioDirection.OUTPUT_LOW)
                : GpioDirection.INPUT;
        request.putShort(line).putByte(now.ordinal()).putString(chip);
    }

    @Override
    void readOpened(Frame reply) {
        name = reply.getString();
    }

    @Override
    void afterOpen(int handle) {
        if (watching) {
            link.request(BusProtocol.OP_GPIO_WATCH).putShort(handle).putByte(GpioEdge.BOTH.ordinal());
            link.exchange(name, line, BusException.NO_REGISTER, 0);
        }
    }

    /** Opens the line on the server now, so a missing or busy line is refused where it is asked for. */
    RemoteGpioPin opened() {
        openNow(chip, line);
        return this;
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
        link.lock();
        try {
            request(BusProtocol.OP_GPIO_READ, name, line, BusException.NO_REGISTER);
            return link.exchange(name, line, BusException.NO_REGISTER, 1).getByte() == 1;
        } finally {
            link.unlock();
        }
    }

    @Override
    public void write(boolean high) {
        if (!direction.isOutput()) {
            throw new IllegalStateException(name + " is an input: it cannot be driven");
        }
        link.lock();
        try {
            request(BusProtocol.OP_GPIO_WRITE, name, line, BusException.NO_REGISTER).putByte(high ? 1 : 0);
            link.exchange(name, line, BusException.NO_REGISTER, 0);
            level = high;
        } finally {
            link.unlock();
        }
    }

    @Override
    public void addEdgeListener(GpioEdge kind, GpioEdgeListener listener) {
        if (direction.isOutput()) {
            throw new IllegalStateException(name + " is an output: edges are reported on inputs only");
        }
        link.lock();
        try {
            if (!watching) {
                // The server watches both edges; the local queue keeps only those some listener wants.
                request(BusProtocol.OP_GPIO_WATCH, name, line, BusException.NO_REGISTER).putByte(GpioEdge.BOTH.ordinal());
                link.exchange(name, line, BusException.NO_REGISTER, 0);
                watching = true;
            }
            edges.add(kind, listener);
        } finally {
            link.unlock();
        }
    }

    @Override
    public boolean removeEdgeListener(GpioEdgeListener listener) {
        boolean removed = edges.remove(listener);
        if (removed && !edges.hasListeners()) {
            link.lock();
            try {
                watching = false;
                request(BusProtocol.OP_GPIO_UNWATCH, name, line, BusException.NO_REGISTER);
                link.exchange(name, line, BusException.NO_REGISTER, 0);
            } catch (BusException e) {
                // Not watching locally any more; a server that missed the unwatch only queues unwanted edges.
            } finally {
                link.unlock();
            }
        }
        return removed;
    }

    @Override
    public int poll() {
        if (edges.hasListeners()) {
            fetch();
        }
        return edges.drain(this);
    }

    private void fetch() {
        link.lock();
        try {
            request(BusProtocol.OP_GPIO_POLL, name, line, BusException.NO_REGISTER);
            Frame r = link.exchange(name, line, BusException.NO_REGISTER, -1);
            long localNow = clock.nanos();
            try {
                long serverNow = r.getLong();
                remoteDropped = r.getLong();
                int n = r.getShort();
                for (int i = 0; i < n; i++) {
                    boolean high = r.getByte() == 1;
                    long at = r.getLong();
                    edges.offer(high, localNow - (serverNow - at));
                }
                r.end();
            } catch (MalformedFrameException e) {
                throw link.broken(e, name, line, BusException.NO_REGISTER);
            }
        } finally {
            link.unlock();
        }
    }

    @Override
    public int pendingEdges() {
        return edges.pending();
    }

    @Override
    public long droppedEdges() {
        return edges.dropped() + remoteDropped;
    }

    /** Gives the line back on the server if the link is up; never throws. */
    @Override
    public void close() {
        link.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (!openOn(link.currentGeneration())) {
                return; // not open on a live connection: nothing on the server to give back
            }
            request(BusProtocol.OP_CLOSE, name, line, BusException.NO_REGISTER);
            link.exchange(name, line, BusException.NO_REGISTER, 0);
        } catch (RuntimeException e) {
            // A dead link already gave the line back: the server closes a lost client's lines.
        } finally {
            link.unlock();
        }
    }
}
