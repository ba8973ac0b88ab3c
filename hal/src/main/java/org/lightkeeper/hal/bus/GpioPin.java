package org.lightkeeper.hal.bus;

/**
 * One GPIO line as a driver or control loop sees it: a SoC line (Pi4J, diozero, the simulator) or a
 * pin of an I/O expander ({@link Pca9555GpioPin}).
 *
 * <p><b>Edges are consumed by polling.</b> Backends find edges wherever they find them (a kernel event
 * thread on the rig, synchronously on the simulator, by comparing successive reads on an expander),
 * stamp each with the pin's clock and queue it. Listeners run only inside {@link #poll()}, on the
 * caller's thread, oldest edge first: a single-threaded control loop sees edges at a point of its
 * own choosing, in order, and on virtual time a run stays deterministic. The queue is bounded; an
 * edge that finds it full pushes out the oldest and is counted in {@link #droppedEdges()}, never
 * lost silently. Only edges some listener asked for are queued.
 *
 * <p>Failures are {@link BusException}s naming the chip as the bus and the line as the address.
 * Using a pin against its direction (writing an input, listening on an output) is an
 * {@link IllegalStateException}: a programming error, not a bus fault.
 */
public interface GpioPin extends AutoCloseable {
    /** Name for logs and errors, for example {@code gpiochip0.17} or {@code i2c-1/0x20.3}. */
    String name();

    GpioDirection direction();

    /** The level on the pin now ({@code true} high); an output reads back what the pin carries. */
    boolean read();

    /** Drives an output; {@link IllegalStateException} on an input. */
    void write(boolean high);

    /**
     * Asks for edges of {@code kind} on an input ({@link IllegalStateException} on an output). The
     * listener runs inside {@link #poll()}. One listener may be added once per pin.
     */
    void addEdgeListener(GpioEdge kind, GpioEdgeListener listener);

    /** @return whether the listener was registered; its edges still queued are no longer delivered. */
    boolean removeEdgeListener(GpioEdgeListener listener);

    /**
     * Finds new edges where the backend must look for them (an expander reads its input port once,
     * and only while a listener is registered), then delivers every queued edge to the listeners
     * that want it, on this thread, oldest first.
     *
     * @return the number of edges taken from the queue
     */
    int poll();

    /** Edges queued and not yet delivered. */
    int pendingEdges();

    /** Edges pushed out of a full queue since the pin was opened. */
    long droppedEdges();

    /** Gives the line back (outputs keep their level where the backend allows); idempotent, never throws. */
    @Override
    void close();
}
