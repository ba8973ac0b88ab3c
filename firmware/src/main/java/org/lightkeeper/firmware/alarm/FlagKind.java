package org.lightkeeper.firmware.alarm;

/** The four flags of a subject: {alarm, warning} x {high, low}. */
public enum FlagKind {
    HIGH_ALARM(true, Severity.ALARM),
    HIGH_WARNING(true, Severity.WARNING),
    LOW_WARNING(false, Severity.WARNING),
    LOW_ALARM(false, Severity.ALARM);

    private final boolean high;
    private final Severity severity;

    FlagKind(boolean high, Severity severity) {
        this.high = high;
        this.severity = severity;
    }

    public boolean high() {
        return high;
    }

    public Severity severity() {
        return severity;
    }

    public enum Severity {
        WARNING, ALARM
    }
}
