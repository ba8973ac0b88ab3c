package org.lightkeeper.firmware.scenario;

/**
 * One timed event of a scenario: a fault or disturbance applied to the simulated board at
 * {@code atNs} of virtual time. Fields not used by a kind are zero.
 */
public record ScenarioEvent(long atNs, Kind kind, int slot, int lane, int ring, double value, long durationNs,
                            String bus, int line) {
    /** What happens; the YAML name is the lower-case enum name. */
    public enum Kind {
        ELS_PULL, ELS_INSERT, LASER_DEATH, LASER_AGEING, HEATER_OPEN, HEATER_REPAIR, MONITOR_DEAD, MONITOR_REPAIR,
        DIE_RAMP, AMBIENT_RAMP, ASIC_POWER_STEP,
        /** I2C bus faults: {@code bus}; NAK rate in {@code value}, or a device {@code address} in {@code ring}. */
        BUS_NAK_RATE, BUS_STUCK, BUS_RELEASE, DEVICE_VANISH, DEVICE_RETURN
    }
}
