package org.lightkeeper.firmware.alarm;

/** One change of a flag, as the alarm table tells its listeners: what happened and the flag after it. */
public record FlagEvent(Kind kind, AlarmFlag flag) {
    public enum Kind {
        /** The condition came up: active, unacknowledged. */
        SET,
        /** The condition went. */
        CLEAR,
        /** An operator acknowledged it: gone from the list when inactive, kept while active. */
        ACKNOWLEDGE
    }
}
