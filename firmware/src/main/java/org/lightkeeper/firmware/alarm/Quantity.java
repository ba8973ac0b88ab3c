package org.lightkeeper.firmware.alarm;

/** A monitored quantity with thresholds, its unit, and what its subjects are. */
public enum Quantity {
    BOARD_TEMPERATURE("C", Scope.BOARD),
    MODULE_TEMPERATURE("C", Scope.SLOT),
    /** Bias monitor of a lit lane. */
    LANE_BIAS("mA", Scope.LANE),
    /** Optical power monitor of a lit lane. */
    LANE_POWER("mW", Scope.LANE),
    /**
     * How long a lane the firmware disabled (or never enabled) has been reported still lit by its module
     * (lane state RAMPING or ON): it may still carry light. Checked only while the lane is going dark.
     */
    LANE_OFF_OVERDUE("ms", Scope.LANE),
    /** |detuning| of a locked ring from its target. */
    RING_DETUNING("pm", Scope.RING),
    HEATER_POWER("mW", Scope.RING),
    /** Loop overruns per second, over 1 s windows. */
    LOOP_OVERRUNS("/s", Scope.LOOP),
    /** ELS module bus errors per second, over 1 s windows. */
    BUS_ERRORS("/s", Scope.SLOT),
    /** NAKs and timeouts with an ELS module recovered by a retry, per second over 1 s windows: a noisy bus. */
    BUS_RETRIES("/s", Scope.SLOT),
    /**
     * State files (configuration, calibration) rejected at start: what runs is an older generation or
     * nothing (docs/persistence.md). Stands until the next start; acknowledge it once looked into.
     */
    STATE_FILE_REJECTS("files", Scope.BOARD);

    /** Which fields of a {@link Subject} a quantity uses. */
    public enum Scope {
        /** None: one subject, the board. */
        BOARD,
        /** An ELS slot. */
        SLOT,
        /** An ELS slot and a lane of its module. */
        LANE,
        /** A ring id. */
        RING,
        /** A loop name. */
        LOOP
    }

    private final String unit;
    private final Scope scope;

    Quantity(String unit, Scope scope) {
        this.unit = unit;
        this.scope = scope;
    }

    public String unit() {
        return unit;
    }

    public Scope scope() {
        return scope;
    }
}
