package org.lightkeeper.firmware.soak;

import java.util.Locale;

/**
 * One timed event of a soak: a fault or disturbance for the simulated board, or a firmware kill -9
 * and restart. Fields a kind does not use are zero or null.
 */
public record SoakEvent(long atNs, Kind kind, int slot, int lane, double value, long durationNs, String bus) {
    public enum Kind {
        /** Every transaction on {@code bus} NAKed with probability {@code value}. */
        NAK_RATE,
        /** SDA held low on {@code bus}, not freed by a bus clear, for {@code durationNs}. */
        BUS_STUCK,
        BUS_RELEASE,
        ELS_PULL,
        /** The module pulled last from {@code slot} goes back in. */
        ELS_INSERT_SAME,
        /** A different module (same grid, another serial number) goes into {@code slot}. */
        ELS_INSERT_OTHER,
        /** Lane {@code lane}'s laser aged to {@code value} (0 new .. 1 end of life, +20 % current). */
        LASER_AGEING,
        LASER_DEATH,
        /** Die moves {@code value} K linearly over {@code durationNs}. */
        DIE_RAMP,
        /** Ambient (and the die on the same heat sink) moves {@code value} K over {@code durationNs}. */
        AMBIENT_RAMP,
        /** The die settles {@code value} K warmer with time constant {@code durationNs}. */
        ASIC_POWER_STEP,
        /** The running firmware is abandoned mid-run and a new one starts on the same board and state. */
        RESTART
    }

    static SoakEvent of(long atNs, Kind kind) {
        return new SoakEvent(atNs, kind, 0, 0, 0, 0, null);
    }

    /** One line for the report. */
    public String describe() {
        String k = kind.name().toLowerCase(Locale.ROOT);
        return switch (kind) {
            case NAK_RATE -> String.format(Locale.ROOT, "%s %s %.1f %%", k, bus, value * 100);
            case BUS_STUCK -> String.format(Locale.ROOT, "%s %s for %.1f s", k, bus, durationNs / 1e9);
            case BUS_RELEASE -> k + " " + bus;
            case ELS_PULL, ELS_INSERT_SAME, ELS_INSERT_OTHER -> k + " slot " + slot;
            case LASER_AGEING -> String.format(Locale.ROOT, "%s slot %d lane %d to %.2f", k, slot, lane, value);
            case LASER_DEATH -> k + " slot " + slot + " lane " + lane;
            case DIE_RAMP, AMBIENT_RAMP -> String.format(Locale.ROOT, "%s %+.1f K over %.1f s", k, value, durationNs / 1e9);
            case ASIC_POWER_STEP -> String.format(Locale.ROOT, "%s %+.1f K, tau %.1f s", k, value, durationNs / 1e9);
            case RESTART -> "firmware kill -9 and restart";
        };
    }
}
