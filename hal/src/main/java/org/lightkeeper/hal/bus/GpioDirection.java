package org.lightkeeper.hal.bus;

/**
 * How a GPIO line is opened. An output names its first level, so the line is requested already
 * driving it: no glitch between "output" and "first write" (an active-low reset opened as
 * {@link #OUTPUT_LOW} would otherwise pulse the part into reset).
 */
public enum GpioDirection {
    /** High impedance; the level comes from outside. Only inputs report edges. */
    INPUT,
    /** Output, driving low from the moment it is opened. */
    OUTPUT_LOW,
    /** Output, driving high from the moment it is opened. */
    OUTPUT_HIGH;

    public boolean isOutput() {
        return this != INPUT;
    }

    /** The level an output drives when opened; {@code false} for {@link #INPUT} (meaningless there). */
    public boolean initialLevel() {
        return this == OUTPUT_HIGH;
    }
}
