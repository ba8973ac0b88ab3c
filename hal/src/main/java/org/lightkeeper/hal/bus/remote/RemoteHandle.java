package org.lightkeeper.hal.bus.remote;

import org.lightkeeper.hal.bus.BusException;

/**
 * Something the client opened on the server (an I2C bus, an SPI device, a GPIO line), known there by
 * a handle that lives as long as the connection. After a reconnect the handle is opened again before
 * its next use, so a restarted server, or a replaced link, is invisible to the caller but for the
 * transactions that failed while it was down.
 */
abstract class RemoteHandle {
    protected final RemoteLink link;
    private final int openOp;
    private int id;
    private int generation = -1;

    RemoteHandle(RemoteLink link, int openOp) {
        this.link = link;
        this.openOp = openOp;
    }

    /** Writes the open request's payload. */
    abstract void writeOpen(Frame request);

    /** Reads the open reply after the handle; throws {@link MalformedFrameException} on a bad one. */
    abstract void readOpened(Frame reply);

    /** Runs after every (re)open, still under the link lock (a pin restores its watch). */
    void afterOpen(int handle) {
    }

    /** The handle on the current connection, (re)opening first if needed. Call holding the link lock. */
    final int id(String bus, int address, int register) {
        int g = link.generation(bus, address, register);
        if (g != generation) {
            writeOpen(link.request(openOp));
            Frame r = link.exchange(bus, address, register, -1);
            try {
                id = r.getShort();
                readOpened(r);
                r.end();
            } catch (MalformedFrameException e) {
                throw link.broken(e, bus, address, register);
            }
            generation = g;
            afterOpen(id);
        }
        return id;
    }

    /**
     * Opens the handle on the server now, so what the server refuses is refused where it is asked for;
     * {@code bus} and {@code address} name it in the error.
     */
    final void openNow(String bus, int address) {
        link.lock();
        try {
            id(bus, address, BusException.NO_REGISTER);
        } finally {
            link.unlock();
        }
    }

    /**
     * Begins request {@code op} on this handle: (re)opens it first if needed (the open is a request of
     * its own, so it must come before this one is started), then writes the handle. Call holding the
     * link lock, and finish with {@link RemoteLink#exchange} on the same bus, address and register.
     */
    final Frame request(int op, String bus, int address, int register) {
        int h = id(bus, address, register);
        return link.request(op).putShort(h);
    }

    /** Whether the handle is open on the current connection (without connecting). */
    final boolean openOn(int currentGeneration) {
        return currentGeneration > 0 && generation == currentGeneration;
    }
}
