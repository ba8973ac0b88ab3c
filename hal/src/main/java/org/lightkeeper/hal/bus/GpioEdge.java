package org.lightkeeper.hal.bus;

/**
 * A level change on a GPIO input. A listener is registered for {@link #RISING}, {@link #FALLING} or
 * {@link #BOTH}; the edge it is handed is always {@link #RISING} or {@link #FALLING}.
 */
public enum GpioEdge {
    /** Low to high. */
    RISING,
    /** High to low. */
    FALLING,
    /** Either (a subscription kind, never a delivered edge). */
    BOTH;

    /** The edge that ends at {@code high}. */
    public static GpioEdge to(boolean high) {
        return high ? RISING : FALLING;
    }

    /** Whether a listener registered for this kind wants an edge ending at {@code high}. */
    public boolean accepts(boolean high) {
        return this == BOTH || (this == RISING) == high;
    }
}
