package org.lightkeeper.firmware.laser;

/** What the firmware makes of one laser lane's bias and power (DESIGN.md section 3, laser power and bias). */
public enum LaneHealth {
    /** Not lit, or not watched long enough to judge. */
    UNKNOWN,
    OK,
    /** Bias has risen well towards its end-of-life limit: the laser is ageing; plan a swap. */
    AGEING,
    /** The lane cannot hold its power setpoint (bias at its limit, or a dead laser). */
    POWER_NOT_HELD
}
