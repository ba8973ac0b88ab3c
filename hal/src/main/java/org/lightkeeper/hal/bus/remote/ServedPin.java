package org.lightkeeper.hal.bus.remote;

import org.lightkeeper.hal.bus.GpioEdge;
import org.lightkeeper.hal.bus.GpioEdgeListener;
import org.lightkeeper.hal.bus.GpioPin;

/**
 * A GPIO line the server opened for its client, with the edges it has seen since the client's last
 * poll. The server polls the pin only when asked, so edges are found and stamped by the backend as
 * usual and carried back in order, with their times on the server's clock.
 */
final class ServedPin implements GpioEdgeListener {
    final GpioPin pin;
    private final long[] times = new long[BusProtocol.MAX_EDGES_PER_POLL];
    private final boolean[] levels = new boolean[BusProtocol.MAX_EDGES_PER_POLL];
    private int count;
    private long dropped;
    private boolean watching;

    ServedPin(GpioPin pin) {
        this.pin = pin;
    }

    /** Listens for {@code kind} on the pin (replacing an earlier watch). */
    void watch(GpioEdge kind) {
        unwatch();
        pin.addEdgeListener(kind, this);
        watching = true;
    }

    void unwatch() {
        if (watching) {
            pin.removeEdgeListener(this);
            watching = false;
        }
    }

    @Override
    public void onEdge(GpioPin p, GpioEdge edge, long nanos) {
        if (count == times.length) {
            dropped++;
            return;
        }
        times[count] = nanos;
        levels[count] = edge == GpioEdge.RISING;
        count++;
    }

    /** Polls the pin and writes the poll reply: server time, edges dropped so far, then each edge. */
    void pollInto(Frame reply, long serverNanos) {
        count = 0;
        pin.poll();
        reply.begin(BusProtocol.OK).putLong(serverNanos).putLong(dropped + pin.droppedEdges()).putShort(count);
        for (int i = 0; i < count; i++) {
            reply.putByte(levels[i] ? 1 : 0).putLong(times[i]);
        }
    }
}
