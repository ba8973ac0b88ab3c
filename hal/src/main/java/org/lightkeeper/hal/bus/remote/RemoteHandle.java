package org.lightkeeper.hal.bus.remote;

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

    /** Whether the handle is open on the current connection (without connecting). */
    final boolean openOn(int currentGeneration) {
        return currentGeneration > 0 && generation == currentGeneration;
    }
}
