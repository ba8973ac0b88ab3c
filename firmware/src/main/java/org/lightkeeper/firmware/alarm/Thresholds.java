package org.lightkeeper.firmware.alarm;

/**
 * Thresholds of one quantity, {alarm, warning} x {high, low}, in the quantity's unit, with
 * hysteresis. NaN means the threshold is not checked. Built only through {@link #of}, which validates.
 */
public record Thresholds(Quantity quantity, double highAlarm, double highWarning, double lowWarning, double lowAlarm,
                         double hysteresis) {

    /** A threshold set refused; {@link #field()} names the offending field. */
    public static final class InvalidThresholdException extends IllegalArgumentException {
        private final String field;

        InvalidThresholdException(String field, String message) {
            super(field + ": " + message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    public Thresholds {
        check(quantity != null, "quantity", "must be set");
        check(Double.isFinite(hysteresis) && hysteresis >= 0, "hysteresis", "must be >= 0 and finite, got " + hysteresis);
        finiteOrAbsent("high_alarm", highAlarm);
        finiteOrAbsent("high_warning", highWarning);
        finiteOrAbsent("low_warning", lowWarning);
        finiteOrAbsent("low_alarm", lowAlarm);
        ordered("high_warning", highWarning, "high_alarm", highAlarm, "warning must be inside alarm: high_warning <= high_alarm");
        ordered("low_alarm", lowAlarm, "low_warning", lowWarning, "warning must be inside alarm: low_warning >= low_alarm");
        strictly("low_warning", lowWarning, "high_warning", highWarning);
        strictly("low_alarm", lowAlarm, "high_alarm", highAlarm);
        strictly("low_warning", lowWarning, "high_alarm", highAlarm);
        strictly("low_alarm", lowAlarm, "high_warning", highWarning);
    }

    public static Thresholds of(Quantity q, double highAlarm, double highWarning, double lowWarning, double lowAlarm,
                                double hysteresis) {
        return new Thresholds(q, highAlarm, highWarning, lowWarning, lowAlarm, hysteresis);
    }

    /** The threshold of {@code kind}, NaN when not checked. */
    public double of(FlagKind kind) {
        return switch (kind) {
            case HIGH_ALARM -> highAlarm;
            case HIGH_WARNING -> highWarning;
            case LOW_WARNING -> lowWarning;
            case LOW_ALARM -> lowAlarm;
        };
    }

    private static void check(boolean ok, String field, String message) {
        if (!ok) {
            throw new InvalidThresholdException(field, message);
        }
    }

    private static void finiteOrAbsent(String field, double v) {
        check(!Double.isInfinite(v), field, "must be finite (leave it unset to not check it), got " + v);
    }

    /** {@code lower <= upper} when both are set; the lower-named field is reported when it is the one set. */
    private static void ordered(String lowerName, double lower, String upperName, double upper, String message) {
        if (!Double.isNaN(lower) && !Double.isNaN(upper) && lower > upper) {
            throw new InvalidThresholdException(lowerName.startsWith("high") ? lowerName : upperName,
                    message + " (" + lowerName + " " + lower + ", " + upperName + " " + upper + ")");
        }
    }

    private static void strictly(String lowName, double low, String highName, double high) {
        if (!Double.isNaN(low) && !Double.isNaN(high) && !(low < high)) {
            throw new InvalidThresholdException(lowName, "must be below " + highName + " " + high + ", got " + low);
        }
    }
}
