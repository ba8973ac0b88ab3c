package org.lightkeeper.firmware.alarm;

/** A monitored quantity with thresholds, and its unit. */
public enum Quantity {
    BOARD_TEMPERATURE("C"),
    MODULE_TEMPERATURE("C"),
    /** Bias monitor of a lit lane. */
    LANE_BIAS("mA"),
    /** Optical power monitor of a lit lane. */
    LANE_POWER("mW"),
    /** |detuning| of a locked ring from its target. */
    RING_DETUNING("pm"),
    HEATER_POWER("mW"),
    /** Loop overruns per second, over 1 s windows. */
    LOOP_OVERRUNS("/s"),
    /** ELS module bus errors per second, over 1 s windows. */
    BUS_ERRORS("/s");

    private final String unit;

    Quantity(String unit) {
        this.unit = unit;
    }

    public String unit() {
        return unit;
    }
}
