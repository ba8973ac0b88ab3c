package org.lightkeeper.hal.bus;

/**
 * The edge side every {@link GpioPin} backend shares: edges a backend observes (on whatever thread it
 * observes them) go into a {@link GpioEdgeQueue}, and listeners run only from {@link #poll()}, on the
 * caller's thread, so the control loop stays single-threaded and deterministic.
 */
public abstract class QueuedGpioPin implements GpioPin {
    /** Edges observed and not yet delivered; backends {@code offer} into it. */
    protected final GpioEdgeQueue edges = new GpioEdgeQueue();

    /** Only inputs report edges. */
    protected abstract boolean isInput();

    @Override
    public final void addEdgeListener(GpioEdge kind, GpioEdgeListener l) {
        if (!isInput()) {
            throw new IllegalStateException(name() + " is an output: edges are reported on inputs only");
        }
        edges.add(kind, l);
    }

    @Override
    public final boolean removeEdgeListener(GpioEdgeListener l) {
        return edges.remove(l);
    }

    @Override
    public final int poll() {
        return edges.drain(this);
    }

    @Override
    public final int pendingEdges() {
        return edges.pending();
    }

    @Override
    public final long droppedEdges() {
        return edges.dropped();
    }
}
