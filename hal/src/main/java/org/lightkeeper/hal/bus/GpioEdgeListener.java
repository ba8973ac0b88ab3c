package org.lightkeeper.hal.bus;

/**
 * Told of one edge on a {@link GpioPin}, always on the thread that called {@link GpioPin#poll()},
 * never on a backend's event thread. {@code nanos} is the edge's time on the pin's
 * {@link org.lightkeeper.hal.time.Clock} (virtual time on the simulator). Primitive arguments, so
 * delivering an edge allocates nothing.
 */
@FunctionalInterface
public interface GpioEdgeListener {
    /** {@code edge} is {@link GpioEdge#RISING} or {@link GpioEdge#FALLING}. */
    void onEdge(GpioPin pin, GpioEdge edge, long nanos);
}
